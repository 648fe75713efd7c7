"""Minutes read as pages: no word in a table is broken, in the PDF or in a word
processor's rendering of the DOCX; a part or case that runs onto a new page repeats its
heading there, "… (continued)"; and no page but the last is left half empty."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from marac_desk.domain.minutes import FULL_RECORD, BlockKind, Minutes, minutes_for
from marac_desk.exchange import minutes_files, pdf
from marac_desk.storage import minutes as gathered
from tests.exchange.minutes_checks import libreoffice_pdf

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_EDGE = ".,;:()“”\"'"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def table_words(document: Minutes) -> set[str]:
    return {
        word.strip(_EDGE)
        for block in document.blocks
        if block.kind in (BlockKind.TABLE, BlockKind.FIELDS)
        for row in block.rows
        for cell in row
        for word in cell.split()
        if len(word.strip(_EDGE)) >= 4
    }


def words_broken(document: Minutes, rendered_pdf: bytes) -> list[str]:
    """The table words that do not come back whole from the rendered pages."""
    reader = PdfReader(io.BytesIO(rendered_pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    tokens = {t.strip(_EDGE) for t in text.split()}
    return sorted(w for w in table_words(document) if w not in tokens)


def page_lines(content: bytes) -> list[list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return [
        [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in reader.pages
    ]


def lowest_text_mm(content: bytes) -> list[float]:
    """Per page, the height above the page's foot of the lowest line of content (the
    footer, below 15 mm, is not content)."""
    reader = PdfReader(io.BytesIO(content))
    lowest: list[float] = []
    for page in reader.pages:
        ys: list[float] = []

        def seen(text, _cm, tm, *_rest, ys=ys) -> None:  # type: ignore[no-untyped-def]
            if text.strip() and tm[5] > 15 * mm:
                ys.append(tm[5])

        page.extract_text(visitor_text=seen)
        lowest.append(min(ys) / mm if ys else 0.0)
    return lowest


@pytest.fixture(scope="module")
def documents(held_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Minutes]:
    """The held training meeting's minutes for the record and for one agency, read once
    for the module (the tests only render them)."""
    from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
    from marac_desk.storage.vault import sign_in
    from tests.conftest import planned_id

    target = tmp_path_factory.mktemp("pages") / "vault"
    shutil.copytree(held_template, target)
    vault = sign_in(target, TRAINING_USER, TRAINING_PASSWORD)
    try:
        facts = gathered.gather(vault, planned_id(vault))
    finally:
        vault.close(action=None)
    return [minutes_for(facts, FULL_RECORD), minutes_for(facts, "HOUSING")]


def test_no_word_in_a_pdf_table_is_broken(documents) -> None:
    for document in documents:
        content = minutes_files.pdf_bytes(document, "MD-PAGES-00000-00000")
        assert words_broken(document, content) == []


def test_a_part_or_case_continued_on_a_new_page_repeats_its_heading(documents) -> None:
    for document in documents:
        levels = {
            b.text: b.level
            for b in document.blocks
            if b.kind is BlockKind.HEADING and b.level in (2, 3)
        }
        pages = page_lines(minutes_files.pdf_bytes(document, "MD-PAGES-00000-00000"))
        assert len(pages) > 3
        running: dict[int, str] = {}
        continued_pages = 0
        for number, lines in enumerate(pages, start=1):
            # The marking, footer and continued line are drawn after the page's content,
            # so a reader may give them anywhere in the page's text.
            said = next((line for line in lines if line.endswith(" (continued)")), "")
            content = [
                line
                for line in lines
                if line not in (said, document.marking) and not line.startswith("For ")
            ]
            first = content[0] if content else ""
            fresh = levels.get(first, 99)
            expected = pdf.continued_line(running, fresh) if number > 1 else ""
            assert said == expected, (number, said, expected)
            continued_pages += bool(said)
            for line in content:
                if line in levels:
                    level = levels[line]
                    running = {k: v for k, v in running.items() if k < level}
                    running[level] = line
        assert continued_pages >= 2
        case_headings = [t for t, level in levels.items() if level == 3 and ": " in t]
        assert any(f"{case} (continued)" in lines for case in case_headings for lines in pages), (
            "no case ran onto a second page: the check did not test anything"
        )


def test_no_page_but_the_last_is_left_half_empty(documents) -> None:
    for document in documents:
        lowest = lowest_text_mm(minutes_files.pdf_bytes(document, "MD-PAGES-00000-00000"))
        # The frame ends 18 mm above the foot; a heading needs 40 mm below it or it
        # starts the next page, and a row or line of text fills the rest.
        assert all(height <= 18 + 55 for height in lowest[:-1]), lowest


def test_a_heading_before_a_long_table_does_not_push_it_all_to_the_next_page() -> None:
    """Half a page of text, then a heading and a table of most of a page: the table starts
    under its heading on page 1 and runs on, rather than leaving page 1 half empty."""
    from marac_desk.domain.minutes import Block, heading, paragraph

    actions = [(f"REF-{n:05d}", "Police", f"Action number {n} agreed") for n in range(40)]
    rows = (("Case", "Owner", "Action"), *actions)
    document = Minutes(
        FULL_RECORD,
        "MARAC record",
        "OFFICIAL-SENSITIVE",
        "Minutes",
        (
            heading("Minutes", 1),
            *(paragraph("Words of the record. " * 40) for _ in range(4)),
            heading("Review of outstanding actions", 2),
            Block(BlockKind.TABLE, rows=rows),
        ),
    )
    content = minutes_files.pdf_bytes(document, "MD-PAGES-00000-00000")
    first, *_ = page_lines(content)
    assert "Review of outstanding actions" in first and "REF-00000" in first
    assert lowest_text_mm(content)[0] <= 18 + 55


def test_docx_tables_are_sized_for_their_words_and_padded(documents) -> None:
    """What LibreOffice and Word lay out: cell text at the size its column was measured
    for, each column wide enough for its widest word, and margins inside the cells."""
    pdf.register_fonts()
    for document in documents:
        content = minutes_files.docx_bytes(document, "MD-PAGES-00000-00000")
        xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml"))
        tables = xml.findall(f".//{W}tbl")
        assert tables
        for table in tables:
            margins = table.find(f"{W}tblPr/{W}tblCellMar")
            assert margins is not None
            assert all(int(m.get(f"{W}w")) > 0 for m in margins)
            widths = [int(c.get(f"{W}w")) / 1440 * 25.4 for c in table.iter(f"{W}gridCol")]
            for row in table.iter(f"{W}tr"):
                for column, cell in enumerate(row.iter(f"{W}tc")):
                    for size in cell.iter(f"{W}sz"):
                        assert size.get(f"{W}val") == "17"
                    text = "".join(t.text or "" for t in cell.iter(f"{W}t"))
                    for word in text.split():
                        needed = stringWidth(word, pdf.BOLD, pdf.CELL_PT) / mm
                        assert needed + 2.8 <= widths[column] + 0.05, (word, widths[column])


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed here")
def test_no_word_in_a_docx_table_is_broken_when_libreoffice_lays_it_out(
    documents, tmp_path: Path
) -> None:
    for number, document in enumerate(documents):
        source = tmp_path / f"minutes-{number}.docx"
        source.write_bytes(minutes_files.docx_bytes(document, "MD-PAGES-00000-00000"))
        rendered = libreoffice_pdf(str(OFFICE), source, tmp_path)
        assert words_broken(document, rendered) == []
        assert re.search(
            r"\d{4}-\d{2}-\d{2}", PdfReader(io.BytesIO(rendered)).pages[1].extract_text()
        )
