"""Minutes and action plans as PDF and DOCX. The writers render the document
`domain.minutes` chose for one recipient, block by block, and add nothing but the
marking, the recipient and the document id on every page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

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
        rows = [
            [pdf.text(k, styles["cellbold"]), pdf.text(v, styles["cell"])] for k, v in block.rows
        ]
        return [pdf.grid(rows, [_LABEL_MM, PAGE_MM - _LABEL_MM], header=False)]
    header, *body = block.rows
    rows = [[pdf.text(h, styles["cellbold"]) for h in header]]
    rows += [[pdf.text(cell, styles["cell"]) for cell in row] for row in body]
    if not body:
        return []
    return [pdf.grid(rows, column_widths(block.rows))]


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


def _docx_table(document: Any, rows: Sequence[Sequence[str]], header: bool) -> None:
    widths = column_widths(rows) if header else [_LABEL_MM, PAGE_MM - _LABEL_MM]
    grid = word.table(document, [list(r) for r in rows], widths, header=header)
    if header:
        for cell in grid.rows[0].cells:
            word.shade(cell)
    else:
        for row in grid.rows:
            for run in row.cells[0].paragraphs[0].runs:
                run.bold = True
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
