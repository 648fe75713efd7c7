"""Minutes and action plans as PDF and DOCX. The writers render the document
`domain.minutes` chose for one recipient, block by block, and add nothing but the
marking, the recipient and the document id on every page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx.oxml import parse_xml
from docx.shared import Mm
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak

from marac_desk.domain.minutes import Block, BlockKind, Minutes
from marac_desk.exchange import pdf, word

PAGE_MM = 178.0  # A4 less the margins, in both formats
_LABEL_MM = 44.0
_STYLE_OF_LEVEL = {1: "title", 2: "h1", 3: "h2", 4: "h3"}


# Control characters cannot be written to a DOCX (XML forbids them) nor drawn: they are
# invisible, so dropping them loses nothing a reader could see. Tabs and new lines stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _cleaned(minutes: Minutes) -> Minutes:
    blocks = tuple(
        replace(
            block,
            text=clean(block.text),
            rows=tuple(tuple(clean(cell) for cell in row) for row in block.rows),
        )
        for block in minutes.blocks
    )
    return replace(minutes, blocks=blocks)


def footer(minutes: Minutes, document_id: str) -> str:
    return f"For {minutes.recipient_name} · Document {document_id}"


# Left and right padding of a table cell together, in mm: the PDF's 4 pt each side, and
# the DOCX's cell margins (_CELL_MARGIN_TWIPS) with room to spare.
CELL_PADDING_MM = 3.2


def _squeezed(least: list[float], total: float) -> list[float]:
    """Columns narrowed to `total`, the widest first and only as far as needed, so that
    only words that cannot fit the page at all are ever broken."""
    widths = list(least)
    while sum(widths) > total + 1e-6:
        widest = max(widths)
        others = [w for w in widths if w < widest]
        floor = max(others) if others else 0.0
        count = sum(1 for w in widths if w == widest)
        cut = min(widest - floor, (sum(widths) - total) / count)
        widths = [w - cut if w == widest else w for w in widths]
    return widths


def column_widths(rows: Sequence[Sequence[str]], total: float = PAGE_MM) -> list[float]:
    """Widths in mm: every column wide enough for its longest word, measured in the bold
    face at the cell size (so no word is broken mid-way whenever the page allows), and
    the rest of the width shared in proportion to how much text each column holds, so
    that free text gets the room."""
    pdf.register_fonts()
    padding = CELL_PADDING_MM
    least: list[float] = []
    wanted: list[float] = []
    for c in range(len(rows[0])):
        words = {w for row in rows for w in row[c].split()}
        widest = max((stringWidth(w, pdf.BOLD, pdf.CELL_PT) for w in words), default=0.0) / mm
        least.append(widest + padding + 0.4)  # a hair for rounding in a word processor
        average = sum(len(row[c]) for row in rows) / len(rows)
        wanted.append(max(least[-1], min(average * 1.6 + padding, 120.0)))
    if sum(least) >= total:
        return _squeezed(least, total)
    if sum(wanted) <= total:
        return [w * total / sum(wanted) for w in wanted]
    spare = total - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


# -- PDF ------------------------------------------------------------------------------


# A heading needs this much room below it on its page, or it starts the next page. A
# heading kept with the whole of what follows it (keepWithNext) took a table of most of
# a page with it, and left the page before half empty.
_ROOM_BELOW_MM = {2: 40.0, 3: 40.0, 4: 25.0}


def _pdf_block(block: Block, styles: dict[str, Any], level_above: int) -> list[Any]:
    if block.kind is BlockKind.HEADING:
        level = min(block.level - 1, level_above + 1)  # outlines step down one at a time
        heading = pdf.text(block.text, styles[_STYLE_OF_LEVEL[block.level]])
        heading.keepWithNext = False
        parts: list[Any] = []
        if block.level in _ROOM_BELOW_MM:
            parts.append(CondPageBreak(_ROOM_BELOW_MM[block.level] * mm))
        if block.level in (2, 3):  # a part of the minutes, or a case: repeated if continued
            parts.append(pdf.Running(block.text, block.level))
        return [*parts, pdf.Bookmark(block.text, level), heading]
    if block.kind is BlockKind.PARAGRAPH:
        return [pdf.text(block.text, styles["body"])]
    if block.kind is BlockKind.FIELDS:
        if not block.rows:
            return []
        widths = [_LABEL_MM, PAGE_MM - _LABEL_MM]
        rows = [[_cell(k, widths[0], True, styles), _cell(v, widths[1], False, styles)]
                for k, v in block.rows]  # fmt: skip
        return [pdf.grid(rows, widths, header=False, bold_first_column=True)]
    header, *body = block.rows
    if not body:
        return []
    widths = column_widths(block.rows)
    rows = [[_cell(h, w, True, styles) for h, w in zip(header, widths, strict=True)]]
    rows += [[_cell(v, w, False, styles) for v, w in zip(row, widths, strict=True)] for row in body]
    return [pdf.grid(rows, widths)]


def _cell(value: str, width_mm: float, bold: bool, styles: dict[str, Any]) -> Any:
    if pdf.plain_fits(value, width_mm, bold):
        return value
    return pdf.text(value, styles["cellbold" if bold else "cell"])


def pdf_bytes(minutes: Minutes, document_id: str) -> bytes:
    minutes = _cleaned(minutes)
    styles = pdf.styles()
    story: list[Any] = []
    level = -1
    for block in minutes.blocks:
        story += _pdf_block(block, styles, level)
        if block.kind is BlockKind.HEADING:
            level = min(block.level - 1, level + 1)
    return pdf.build(
        story,
        title=minutes.title,
        marking=minutes.marking,
        footer=footer(minutes, document_id),
        keywords=f"Document {document_id}",
    )


# -- DOCX -----------------------------------------------------------------------------


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _twips(mm_value: float) -> int:
    return round(mm_value / 25.4 * 1440)


# The cell text size in half-points, as the PDF's (column widths are measured at it).
_CELL_HALF_POINTS = round(pdf.CELL_PT * 2)
# Cell margins: 1.4 mm at each side (together under CELL_PADDING_MM), 0.7 mm above and
# below, so text never touches the rules.
_CELL_MARGIN_TWIPS = {"top": 40, "left": 79, "bottom": 40, "right": 79}


def _runs(text: str, bold: bool) -> str:
    """A cell's text as Word runs: new lines as breaks, tabs as tabs, all escaped, at the
    size the columns were measured for."""
    size = f'<w:sz w:val="{_CELL_HALF_POINTS}"/><w:szCs w:val="{_CELL_HALF_POINTS}"/>'
    props = f"<w:rPr>{'<w:b/>' if bold else ''}{size}</w:rPr>"
    parts = []
    for n, line in enumerate(text.split("\n")):
        if n:
            parts.append("<w:br/>")
        for m, piece in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{xml_escape(piece)}</w:t>')
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def _docx_table(document: Any, rows: Sequence[Sequence[str]], header: bool) -> None:
    """A grid table, written as one piece of XML: python-docx's cell-by-cell calls cost
    more than the rest of the document together. The header row is shaded, bold and
    repeated on each page; a label column (fields) is bold."""
    widths = column_widths(rows) if header else [_LABEL_MM, PAGE_MM - _LABEL_MM]
    twips = [_twips(w) for w in widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    margins = "".join(
        f'<w:{side} w:w="{width}" w:type="dxa"/>' for side, width in _CELL_MARGIN_TWIPS.items()
    )
    body = []
    for r, row in enumerate(rows):
        heading_row = header and r == 0
        cells = []
        for c, value in enumerate(row):
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="EEF1F5"/>' if heading_row else ""
            bold = heading_row or (not header and c == 0)
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{twips[c]}" w:type="dxa"/>{shade}</w:tcPr>'
                f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
                f"{_runs(value, bold)}</w:p></w:tc>"
            )
        repeat = "<w:trPr><w:tblHeader/></w:trPr>" if heading_row else ""
        body.append(f"<w:tr>{repeat}{''.join(cells)}</w:tr>")
    table = parse_xml(
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )
    document.element.body._insert_tbl(table)  # before the section properties, as Word wants
    document.add_paragraph()  # Word runs tables into what follows without a gap


def docx_bytes(minutes: Minutes, document_id: str) -> bytes:
    minutes = _cleaned(minutes)
    document = word.marked_document(minutes.title, minutes.marking, footer(minutes, document_id))
    section = document.sections[0]
    section.left_margin = section.right_margin = Mm((210 - PAGE_MM) / 2)
    document.core_properties.keywords = f"Document {document_id}"
    for block in minutes.blocks:
        if block.kind is BlockKind.HEADING:
            style = "Title" if block.level == 1 else f"Heading{block.level - 1}"
            word.styled(document, block.text, style)
        elif block.kind is BlockKind.PARAGRAPH:
            document.add_paragraph(block.text)
        elif block.rows and (block.kind is BlockKind.FIELDS or len(block.rows) > 1):
            _docx_table(document, block.rows, header=block.kind is BlockKind.TABLE)
    return word.to_bytes(document)
