"""PDFs marac-desk writes: the marking at the top and bottom of every page, a footer with
what the document is and page x of y, and embedded fonts that have the letters of names
from many languages (DejaVu Sans for Latin, Greek and Cyrillic scripts; Noto Sans
Arabic for Arabic and Urdu; both shipped in resources/fonts).

reportlab draws text left to right as given and does not join Arabic letters by itself.
So each line that holds right-to-left text is shaped first (arabic-reshaper picks each
letter's joined form) and put in visual order (python-bidi, the Unicode bidi
algorithm), and the Arabic-script runs are drawn in Noto Sans Arabic."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, TableStyle

from marac_desk import paths
from marac_desk.exchange import pdf_tags

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ARABIC = "NotoSansArabic"
ARABIC_BOLD = "NotoSansArabic-Bold"
INK = colors.HexColor("#1F2933")
GREY = colors.HexColor("#55606B")
RULE = colors.HexColor("#C5CCD3")
SHADE = colors.HexColor("#EEF1F5")


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = paths.resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    pdfmetrics.registerFont(TTFont(ARABIC, str(folder / "NotoSansArabic-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(ARABIC_BOLD, str(folder / "NotoSansArabic-Bold.ttf")))


# Right-to-left scripts (Hebrew, Arabic and its extensions, their presentation forms).
_RTL = pdf_tags.RTL
# Arabic-script letters and marks, drawn in the Arabic font.
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+")
# Keep the vowel marks (harakat): deleting them, the library's default, would change
# what the user wrote.
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True}
)


def visual(line: str) -> str:
    """One line as it is drawn: right-to-left runs shaped and in visual order."""
    if not _RTL.search(line):
        return line
    return str(get_display(_RESHAPER.reshape(line)))


def _markup(value: str, bold: bool) -> str:
    return "<br/>".join(_line_markup(line, bold) for line in value.split("\n"))


def _line_markup(line: str, bold: bool) -> str:
    """One line as paragraph markup: escaped, in visual order, Arabic runs in the Arabic
    font."""
    arabic = ARABIC_BOLD if bold else ARABIC
    drawn = visual(line)
    parts: list[str] = []
    end = 0
    for run in _ARABIC_RUN.finditer(drawn):
        parts.append(escape(drawn[end : run.start()]))
        parts.append(f'<font name="{arabic}">{escape(run.group())}</font>')
        end = run.end()
    parts.append(escape(drawn[end:]))
    return "".join(parts)


def _drawn_width(text: str, bold: bool, size: float) -> float:
    """The width of logical text once shaped, each run in the font it is drawn in."""
    shaped = _RESHAPER.reshape(text) if _RTL.search(text) else text
    width = 0.0
    end = 0
    for run in _ARABIC_RUN.finditer(shaped):
        width += stringWidth(shaped[end : run.start()], BOLD if bold else FONT, size)
        width += stringWidth(run.group(), ARABIC_BOLD if bold else ARABIC, size)
        end = run.end()
    return width + float(stringWidth(shaped[end:], BOLD if bold else FONT, size))


def break_lines(value: str, width: float, bold: bool, size: float) -> list[str]:
    """`value` broken into lines that fit `width` points, in logical order, breaking at
    spaces. Right-to-left text must be broken before it is put in visual order: broken
    after, as reportlab would, its first words would end up on the last line."""
    lines: list[str] = []
    for line in value.split("\n"):
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if current and _drawn_width(trial, bold, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


def _heading(
    name: str,
    body: ParagraphStyle,
    size: float,
    leading: float,
    before_mm: float,
    after_mm: float,
    colour: Any = INK,
) -> ParagraphStyle:
    """A heading style: bold, and kept on the page with what follows it."""
    return ParagraphStyle(
        name,
        parent=body,
        fontName=BOLD,
        fontSize=size,
        leading=leading,
        spaceBefore=before_mm * mm,
        spaceAfter=after_mm * mm,
        textColor=colour,
        keepWithNext=True,
    )


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4 * mm
        ),
        "h1": _heading("h1", body, 13, 16, 5, 2),
        "h2": _heading("h2", body, 10.5, 13, 3, 1.5),
        "h3": _heading("h3", body, 9.5, 12, 2, 1, colour=GREY),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, alignment=TA_LEFT),
        "cellbold": ParagraphStyle(
            "cellbold", parent=body, fontName=BOLD, fontSize=8.5, leading=11
        ),
    }


# The structure tag of each heading style; any other style is a paragraph (P).
_TAG_OF_STYLE = {"title": "H1", "h1": "H2", "h2": "H3", "h3": "H4"}


def text(value: str, style: ParagraphStyle) -> pdf_tags.TaggedParagraph:
    """User text as a paragraph: escaped (never markup), line breaks kept, right-to-left
    scripts shaped and ordered; tagged as a heading or a paragraph by its style."""
    bold = style.fontName == BOLD
    tag = _TAG_OF_STYLE.get(style.name, "P")
    if _RTL.search(value):
        if _starts_right_to_left(value):  # a paragraph in Arabic or Urdu reads from the right
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        paragraph: pdf_tags.TaggedParagraph = _RightToLeft(_markup(value, bold), style)
        paragraph.unbroken = value
    else:
        paragraph = pdf_tags.TaggedParagraph(_markup(value, bold), style)
    paragraph.tag = tag
    paragraph.source = value
    return paragraph


def _starts_right_to_left(value: str) -> bool:
    """Whether the first letter with a direction is right-to-left (the paragraph's base
    direction, as the Unicode bidi algorithm finds it)."""
    for char in value:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


class _RightToLeft(pdf_tags.TaggedParagraph):
    """A paragraph holding right-to-left text. Once it knows its width it breaks its lines
    itself, in logical order, and only then puts each in visual order (break_lines)."""

    # The text to break: set on the paragraph text() makes, not on the parts reportlab
    # splits it into across pages, which are already broken.
    unbroken = ""
    broken_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        style = self.style
        width = availWidth - style.leftIndent - style.rightIndent
        if self.unbroken and self.broken_for != width:
            bold = style.fontName == BOLD
            # A hair narrower than the room, so reportlab never breaks a line again.
            lines = break_lines(self.unbroken, width - 0.5, bold, style.fontSize)
            markup = "<br/>".join(_line_markup(line, bold) for line in lines)
            Paragraph.__init__(self, markup, style)
            self.broken_for = width
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size


class Bookmark(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An entry in the PDF's outline (the bookmarks a reader lists beside the pages) at
    the place it stands: headings are found and jumped to without scrolling."""

    def __init__(self, title: str, level: int) -> None:
        super().__init__()
        self.title = title
        self.level = level
        self.width = self.height = 0

    def draw(self) -> None:
        key = f"h{id(self)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(self.title, key, level=self.level, closed=self.level > 0)


class Running(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Where a section starts, for the line that repeats its heading, "… (continued)", at
    the top of each page it runs onto. Placed just before the heading: drawn at the top
    of a page, it says the page starts with this section rather than continuing one."""

    def __init__(self, title: str, level: int) -> None:
        super().__init__()
        self.title = title
        self.level = level
        self.width = self.height = 0

    def draw(self) -> None:
        canvas = self.canv
        frame = self._doctemplateAttr("frame")
        if frame is not None and frame._atTop:
            canvas.marac_fresh = min(getattr(canvas, "marac_fresh", 99), self.level)
        running = {k: v for k, v in canvas.marac_running.items() if k < self.level}
        running[self.level] = self.title
        canvas.marac_running = running


def continued_line(running: dict[int, str], fresh: int) -> str:
    """The heading a page continues, or "" when it starts with a section of its own."""
    levels = [level for level in sorted(running) if level < fresh]
    return f"{running[levels[-1]]} (continued)" if levels else ""


CELL_PT = 8.5  # the size of text in table cells, as the "cell" style


def plain_fits(value: str, width_mm: float, bold: bool = False) -> bool:
    """Whether a cell's text can be drawn as a plain string: one line of left-to-right
    text that fits the column. A plain string costs far less to lay out than a paragraph,
    and most cells (dates, names, statuses) are like that."""
    if "\n" in value or _RTL.search(value):
        return False
    width: float = stringWidth(value, BOLD if bold else FONT, CELL_PT)
    return bool(width <= (width_mm - 3.2) * mm)


def grid(
    rows: Sequence[Sequence[Any]],
    widths_mm: Sequence[float],
    header: bool = True,
    bold_first_column: bool = False,
) -> pdf_tags.TaggedTable:
    """A table with rules, its header row shaded and repeated on each page; tagged with
    the header row as column headers and a bold first column as row headers."""
    table = pdf_tags.TaggedTable(
        [list(r) for r in rows],
        colWidths=[w * mm for w in widths_mm],
        repeatRows=1 if header else 0,
        # A row taller than a page (a long note) is split across pages, not refused.
        splitInRow=1,
    )
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        # For cells given as plain strings; paragraphs carry their own style.
        ("FONT", (0, 0), (-1, -1), FONT, CELL_PT, 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if bold_first_column:
        commands.append(("FONT", (0, 0), (0, -1), BOLD, CELL_PT, 11))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        commands.append(("FONT", (0, 0), (-1, 0), BOLD, CELL_PT, 11))
    table.setStyle(TableStyle(commands))
    table.header_rows = 1 if header else 0
    table.label_column = bold_first_column
    return table


def build(story: list[Any], *, title: str, marking: str, footer: str, keywords: str = "") -> bytes:
    """The PDF bytes, tagged, with the marking on every page and page x of y in the
    footer."""
    register_fonts()
    from reportlab.pdfgen.canvas import Canvas

    class Numbered(Canvas):  # type: ignore[misc]  # reportlab is untyped
        """Keeps each page until the end, so the footer can say "page x of y"; records
        the structure as the pages are drawn (pdf_tags)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.marac_structure = pdf_tags.Structure()
            self._page_names: list[str] = []
            # The sections in progress (level: heading, from Running), as the page began,
            # and the level of the first section a page starts with, if any.
            self.marac_running: dict[int, str] = {}
            self.marac_at_start: dict[int, str] = {}
            self.marac_fresh = 99

        def _setAnnotations(self, page: Any) -> None:  # noqa: N802  (reportlab's name)
            # reportlab's one hook that sees each page object before it is added. A page
            # with marked content points into the parent tree, and its tab order follows
            # the structure. reportlab writes only the page keys it lists, hence the
            # list on the instance.
            super()._setAnnotations(page)
            index = len(self._page_names)
            self._page_names.append(self._doc.thisPageName())
            if self.marac_structure.marks_on(index):
                page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
                page.StructParents = index
                page.Tabs = PDFName("S")

        def showPage(self) -> None:  # noqa: N802  (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()
            self.marac_at_start = dict(self.marac_running)
            self.marac_fresh = 99

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, height = A4
                pdf_tags.Structure.begin_artifact(self, "Header")
                self.setFont(BOLD, 9)
                self.setFillColor(INK)
                self.drawCentredString(width / 2, height - 11 * mm, marking)
                pdf_tags.Structure.end(self)
                continued = continued_line(state["marac_at_start"], state["marac_fresh"])
                if continued:
                    pdf_tags.Structure.begin_artifact(self, "Header")
                    self.setFont(BOLD, 8.5)
                    self.setFillColor(GREY)
                    self.drawString(16 * mm, height - 17 * mm, visual(continued))
                    pdf_tags.Structure.end(self)
                pdf_tags.Structure.begin_artifact(self, "Footer")
                self.drawCentredString(width / 2, 11 * mm, marking)
                self.setFont(FONT, 7.5)
                self.setFillColor(GREY)
                self.drawCentredString(width / 2, 7 * mm, f"{footer}  ·  Page {number} of {total}")
                pdf_tags.Structure.end(self)
                super().showPage()
            self.marac_structure.write(self._doc, self._page_names)
            super().save()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="marac-desk",
        subject=marking,
        keywords=keywords,
        lang="en-GB",
        displayDocTitle=True,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        # Room under the marking for a continued section's heading (Running).
        topMargin=21 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story, canvasmaker=Numbered)
    return buffer.getvalue()
