"""Tagged PDF: what a screen reader, or a reader's navigation pane, finds in the files
marac-desk writes. Headings are H1 to H4, text is P, tables are Table, TR, TH and TD,
and the page furniture (the marking, the footer, rules and shading, a header row
repeated on the next page) is artifact, read once or not at all."""

from __future__ import annotations

import re

from marac_desk.domain.minutes import FULL_RECORD, BlockKind, minutes_for
from marac_desk.exchange import minutes_files, pdf
from marac_desk.exchange.protect import protect_pdf
from tests.exchange.minutes_checks import Tagged, pdf_structure
from tests.exchange.test_minutes_files_property import _faithful_facts


def _squash(text: str) -> str:
    # A line break on the page drops the space it replaced; the words are all there.
    return re.sub(r"\s+", "", text)


def _long_document() -> bytes:
    styles = pdf.styles()
    rows: list[list[object]] = [["Agency", "What they shared"]]
    rows += [[f"Agency {n}", f"Note {n}"] for n in range(50)]
    long_note = " ".join(f"word{n}" for n in range(2500))
    rows.append(["Police", pdf.text(long_note, styles["cell"])])
    rows.append(["Housing", "حسين، فاطمة"])
    story = [
        pdf.text("Minutes of the meeting", styles["title"]),
        pdf.text(" ".join(["A paragraph long enough to run over a page."] * 200), styles["body"]),
        pdf.text("Information shared", styles["h1"]),
        pdf.grid(rows, [40, 138]),
    ]
    return pdf.build(story, title="Test", marking="OFFICIAL-SENSITIVE", footer="For test")


def test_headings_paragraphs_and_tables_are_tagged_and_the_furniture_is_not() -> None:
    document = pdf_structure(_long_document())
    assert document.tag == "Document"
    assert [e.tag for e in document.kids] == ["H1", "P", "H2", "Table"]
    assert document.kids[0].text == "Minutes of the meeting"
    assert document.kids[2].text == "Information shared"
    # The marking and footer on every page belong to no element.
    assert not any("OFFICIAL-SENSITIVE" in e.text or "Page" in e.text for e in document.walk())


def test_what_runs_over_a_page_stays_one_element() -> None:
    document = pdf_structure(_long_document())
    paragraph, table = document.kids[1], document.kids[3]
    assert len(paragraph.pages) == 2
    assert _squash(paragraph.text) == _squash(
        " ".join(["A paragraph long enough to run over a page."] * 200)
    )
    # One row per row of the table, however many pages it takes: the header row
    # repeated on each new page is not read again.
    rows = table.kids
    assert [r.tag for r in rows] == ["TR"] * 53
    header = rows[0].kids
    assert [(c.tag, c.attributes.get("Scope"), c.text) for c in header] == [
        ("TH", "Column", "Agency"),
        ("TH", "Column", "What they shared"),
    ]
    assert sum(1 for e in table.walk() if e.tag == "TH") == 2
    assert [c.text for c in rows[7].kids] == ["Agency 6", "Note 6"]
    # A note longer than a page is one cell, over several pages, whole.
    note = rows[51].kids[1]
    assert note.tag == "TD" and len(note.pages) > 2
    assert _squash(note.text) == _squash(" ".join(f"word{n}" for n in range(2500)))


def test_right_to_left_text_is_given_as_written() -> None:
    """Arabic is drawn in visual order, letters joined; the cell tells a screen reader
    the text as the user wrote it."""
    table = pdf_structure(_long_document()).kids[3]
    cell = table.kids[52].kids[1]
    assert cell.text == "حسين، فاطمة"


def _headings(element: Tagged) -> list[tuple[str, str]]:
    return [(e.tag, e.text) for e in element.walk() if re.fullmatch(r"H\d", e.tag)]


def test_the_minutes_headings_are_tagged_by_level_with_their_text() -> None:
    facts, _, _ = _faithful_facts()
    for recipient in (FULL_RECORD, "IDVA"):
        document = minutes_for(facts, recipient)
        tagged = pdf_structure(minutes_files.pdf_bytes(document, "MD-X"))
        expected = [(f"H{b.level}", b.text) for b in document.blocks if b.kind is BlockKind.HEADING]
        found = _headings(tagged)
        assert [t for t, _ in found] == [t for t, _ in expected]
        assert [_squash(t) for _, t in found] == [_squash(t) for _, t in expected]
        # Field lists (label, value) read as row headers with their values.
        fields = next(e for e in tagged.walk() if e.tag == "Table")
        first_row = fields.kids[0].kids
        assert [c.tag for c in first_row] == ["TH", "TD"]
        assert first_row[0].attributes["Scope"] == "Row"


def test_a_protected_pdf_keeps_its_structure() -> None:
    facts, _, _ = _faithful_facts()
    content = minutes_files.pdf_bytes(minutes_for(facts, "IDVA"), "MD-X")
    plain = pdf_structure(content)
    locked = pdf_structure(protect_pdf(content, "correct horse"), "correct horse")
    assert [(e.tag, e.text) for e in locked.walk()] == [(e.tag, e.text) for e in plain.walk()]


def test_a_paragraph_breaks_its_lines_once_per_width(monkeypatch) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from marac_desk.exchange import pdf, pdf_tags

    pdf.register_fonts()
    style = ParagraphStyle("cell", fontName=pdf.FONT, fontSize=9.5, leading=12.5)
    text = "She said her partner had held her against a wall and she could not breathe. " * 4
    broken = []
    real = Paragraph.breakLines

    def counted(self, widths):  # type: ignore[no-untyped-def]
        broken.append(widths[0])
        return real(self, widths)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    paragraph = pdf_tags.TaggedParagraph(text, style)
    plain = Paragraph(text, style)
    first = paragraph.wrap(200, 1000)
    assert paragraph.wrap(200, 500) == first == plain.wrap(200, 1000)
    assert len(broken) == 2  # once for the tagged paragraph, once for the plain one
    narrower = paragraph.wrap(120, 1000)
    assert narrower[1] > first[1] and len(broken) == 3
    del paragraph.blPara  # as reportlab's split does when it cannot use the lines
    assert paragraph.wrap(120, 1000) == narrower and len(broken) == 4
