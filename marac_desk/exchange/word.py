"""Word documents marac-desk writes: the protective marking in every header and footer,
page x of y, plain tables. Agendas, research packs and minutes all start here."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

GREY = RGBColor(0x55, 0x5F, 0x6B)


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when shown. Each
    part is its own run, as Word writes them: LibreOffice ignores the size of a run that
    holds a whole field, and printed the page numbers larger than the words around them."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = code
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, shown, end):
        paragraph.add_run()._r.append(element)


def marked_document(title: str, marking: str, footer_note: str, landscape: bool = False) -> Any:
    """A new document with the marking at the top and bottom of every page, and a footer
    that says what the document is and which page this is."""
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    header = section.header.paragraphs[0]
    header.text = marking
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in header.runs:
        run.bold = True
        run.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(marking).bold = True
    footer.add_run(f"  ·  {footer_note}  ·  Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
    document.core_properties.title = title
    document.core_properties.author = "marac-desk"
    document.core_properties.comments = marking
    return document


def styled(document: Any, text: str, style_id: str) -> Any:
    """A paragraph in a built-in style, named by its id ("Heading2", "ListBullet"):
    the same as add_heading, without python-docx's slow lookup by name."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def note(document: Any, text: str, size: float = 9) -> Any:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = GREY
    return paragraph


def table(
    document: Any,
    rows: list[list[str]],
    widths_mm: list[float],
    header: bool,
    min_heights_mm: list[float] | None = None,
) -> Any:
    """A grid table; the first row is bold and repeats on each page when `header`. Rows
    people write in get a minimum height, so there is room to type."""
    grid = document.add_table(rows=len(rows), cols=len(widths_mm))
    # By style id: python-docx looks a style name up slowly, and packs hold hundreds.
    grid._tbl.tblPr.style = "TableGrid"
    grid.autofit = False
    # LibreOffice lays out by the grid's column widths, Word by the cells': set both.
    for column, width in zip(grid._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    for r, (row, values) in enumerate(zip(grid.rows, rows, strict=True)):
        if min_heights_mm and min_heights_mm[r]:
            row.height = Mm(min_heights_mm[r])
        cells = row.cells
        for c, value in enumerate(values):
            cells[c].width = Mm(widths_mm[c])
            cells[c].text = value
            if header and r == 0:
                for run in cells[c].paragraphs[0].runs:
                    run.bold = True
        if header and r == 0:
            properties = row._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)
    return grid


def shade(cell: Any, fill: str = "EEF1F5") -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
