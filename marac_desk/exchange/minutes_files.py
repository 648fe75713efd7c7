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


def column_widths(rows: Sequence[Sequence[str]], total: float = PAGE_MM) -> list[float]:
    """Widths in mm: every column wide enough for its longest word (so no word is broken
    mid-way when the page allows), and the rest of the width shared in proportion to how
    much text each column holds, so that free text gets the room."""
    pdf.register_fonts()
    padding = 3.2  # the cell's left and right padding, in mm
    least: list[float] = []
    wanted: list[float] = []
    for c in range(len(rows[0])):
        words = {w for row in rows for w in row[c].split()}
        widest = max((stringWidth(w, pdf.BOLD, 8.5) for w in words), default=0.0) / mm
        least.append(min(widest + padding, 45.0))
        average = sum(len(row[c]) for row in rows) / len(rows)
        wanted.append(max(least[-1], min(average * 1.6 + padding, 120.0)))
    if sum(least) >= total:
        return [w * total / sum(least) for w in least]
    if sum(wanted) <= total:
        return [w * total / sum(wanted) for w in wanted]
    spare = total - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


# -- PDF ------------------------------------------------------------------------------


def _pdf_block(block: Block, styles: dict[str, Any], level_above: int) -> list[Any]:
    if block.kind is BlockKind.HEADING:
        level = min(block.level - 1, level_above + 1)  # outlines step down one at a time
        return [
            pdf.Bookmark(block.text, level),
            pdf.text(block.text, styles[_STYLE_OF_LEVEL[block.level]]),
        ]
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


def _runs(text: str, bold: bool) -> str:
    """A cell's text as Word runs: new lines as breaks, tabs as tabs, all escaped."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
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
    body = []
    for r, row in enumerate(rows):
        heading_row = header and r == 0
        cells = []
        for c, value in enumerate(row):
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="EEF1F5"/>' if heading_row else ""
            bold = heading_row or (not header and c == 0)
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{twips[c]}" w:type="dxa"/>{shade}</w:tcPr>'
                f"<w:p>{_runs(value, bold)}</w:p></w:tc>"
            )
        repeat = "<w:trPr><w:tblHeader/></w:trPr>" if heading_row else ""
        body.append(f"<w:tr>{repeat}{''.join(cells)}</w:tr>")
    table = parse_xml(
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
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
