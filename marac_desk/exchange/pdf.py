"""PDFs marac-desk writes: the marking at the top and bottom of every page, a footer with
what the document is and page x of y, and an embedded font that has the letters of
names from many languages (DejaVu Sans, shipped in resources/fonts)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from marac_desk import paths

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
INK = colors.HexColor("#1F2933")
GREY = colors.HexColor("#55606B")
RULE = colors.HexColor("#C5CCD3")
SHADE = colors.HexColor("#EEF1F5")


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = paths.resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4 * mm
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=BOLD,
            fontSize=13,
            leading=16,
            spaceBefore=5 * mm,
            spaceAfter=2 * mm,
            keepWithNext=True,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=3 * mm,
            spaceAfter=1.5 * mm,
            keepWithNext=True,
        ),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, alignment=TA_LEFT),
        "cellbold": ParagraphStyle(
            "cellbold", parent=body, fontName=BOLD, fontSize=8.5, leading=11
        ),
    }


def text(value: str, style: ParagraphStyle) -> Paragraph:
    """User text as a paragraph: escaped (never markup), line breaks kept."""
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def grid(rows: Sequence[Sequence[Any]], widths_mm: Sequence[float], header: bool = True) -> Table:
    table = Table(
        [list(r) for r in rows],
        colWidths=[w * mm for w in widths_mm],
        repeatRows=1 if header else 0,
    )
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def build(story: list[Any], *, title: str, marking: str, footer: str) -> bytes:
    """The PDF bytes, with the marking on every page and page x of y in the footer."""
    _register_fonts()
    from reportlab.pdfgen.canvas import Canvas

    class Numbered(Canvas):  # type: ignore[misc]  # reportlab is untyped
        """Keeps each page until the end, so the footer can say "page x of y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802  (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, height = A4
                self.setFont(BOLD, 9)
                self.setFillColor(INK)
                self.drawCentredString(width / 2, height - 11 * mm, marking)
                self.drawCentredString(width / 2, 11 * mm, marking)
                self.setFont(FONT, 7.5)
                self.setFillColor(GREY)
                self.drawCentredString(width / 2, 7 * mm, f"{footer}  ·  Page {number} of {total}")
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="marac-desk",
        subject=marking,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story, canvasmaker=Numbered)
    return buffer.getvalue()
