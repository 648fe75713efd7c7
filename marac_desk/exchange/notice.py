"""A one-page marked notice as PDF and DOCX: the simplest document marac-desk writes.

Used by the smoke test of a built app to prove reportlab and python-docx work
inside the bundle; minutes and agendas build on the same marking rules.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from marac_desk.fileio import atomic_write_bytes


def notice_pdf_bytes(title: str, paragraphs: list[str], marking: str) -> bytes:
    buffer = io.BytesIO()

    def mark(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica-Bold", 9)  # type: ignore[attr-defined]
        width, height = A4
        canvas.drawCentredString(width / 2, height - 12 * mm, marking)  # type: ignore[attr-defined]
        canvas.drawCentredString(width / 2, 10 * mm, marking)  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="marac-desk",
        topMargin=22 * mm,
        bottomMargin=22 * mm,
    )
    styles = getSampleStyleSheet()
    story: list[object] = [Paragraph(_escape(title), styles["Title"]), Spacer(1, 6 * mm)]
    story += [Paragraph(_escape(p), styles["BodyText"]) for p in paragraphs]
    doc.build(story, onFirstPage=mark, onLaterPages=mark)
    return buffer.getvalue()


def notice_docx_bytes(title: str, paragraphs: list[str], marking: str) -> bytes:
    document = Document()
    section = document.sections[0]
    for part in (section.header, section.footer):
        para = part.paragraphs[0]
        para.text = marking
        para.alignment = 1  # centred
        for run in para.runs:
            run.bold = True
            run.font.size = Pt(9)
    document.core_properties.title = title
    document.core_properties.author = "marac-desk"
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_notice(
    folder: Path, stem: str, title: str, paragraphs: list[str], marking: str
) -> list[Path]:
    pdf = folder / f"{stem}.pdf"
    docx = folder / f"{stem}.docx"
    atomic_write_bytes(pdf, notice_pdf_bytes(title, paragraphs, marking))
    atomic_write_bytes(docx, notice_docx_bytes(title, paragraphs, marking))
    return [pdf, docx]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
