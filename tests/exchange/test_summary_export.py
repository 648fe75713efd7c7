"""The printable case summary: the same layout as the screen, item for item, with the
marking on every page; held-back information only as its reasons; the export audited."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from marac_desk.domain.research import Source
from marac_desk.domain.summary_layout import layout
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import summary_export
from marac_desk.storage import audit, case_summary, research
from marac_desk.ui.summary_view import SummaryDialog
from tests.exchange.minutes_checks import pdf_structure
from tests.storage.test_research import findings, planned_meeting


def squashed(text: str) -> str:
    """Text with all white space removed: line wrapping differs between screen and page."""
    return re.sub(r"\s+", "", text)


def test_the_printed_summary_shows_exactly_what_the_screen_shows(qtbot, vault, tmp_path) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    long_note = "Łucja told the IDVA on 3 November that he has a key. " * 12
    for code, text in (("POLICE", "Three call-outs since July"), ("IDVA", long_note)):
        research.save_return(
            vault,
            meeting,
            case_id,
            code,
            findings(vault, case_id, text),
            source=Source.EMAIL,
            source_note=f"{code} duty desk",
        )
    built = case_summary.load(vault, meeting, case_id)
    dialog = SummaryDialog(built)
    qtbot.addWidget(dialog)
    screen = squashed(dialog.browser.toPlainText())
    path = summary_export.export_summary(vault, meeting, case_id, tmp_path / "summary")
    assert path.name == "summary.pdf"
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    page_texts = [p.extract_text() for p in reader.pages]
    printed = squashed("\n".join(page_texts))

    laid = layout(built)
    shown = [laid.title, laid.subtitle]
    for block in laid.blocks:
        shown += [block.heading, block.note, block.empty if not block.rows else ""]
        for row in block.rows:
            shown += [row.label, row.note, *row.lines]
    assert "Three call-outs since July" in shown and long_note.strip() in shown
    for text in filter(None, shown):
        assert squashed(text) in screen, text
        assert squashed(text) in printed, text
    # Held back: the reason is counted and shown, never passed off as shared.
    assert squashed("Counselling notes: not relevant to risk") in printed
    assert "Held back (counted only; never shared)" in " ".join(page_texts)
    for number, text in enumerate(page_texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2  # top and bottom of every page
        assert f"Page {number} of {len(page_texts)}" in text
    # Tagged for a screen reader: the title, then each block's heading in order.
    tagged = pdf_structure(path.read_bytes())
    headings = [squashed(e.text) for e in tagged.walk() if e.tag in ("H1", "H2", "H3")]
    title = f"Combined case summary: {laid.title}"
    assert headings == [squashed(t) for t in (title, *(b.heading for b in laid.blocks))]
    labels = [e for e in tagged.walk() if e.tag == "TH"]
    assert labels and all(e.attributes["Scope"] == "Row" for e in labels)
    last = audit.entries(vault.conn)[-1]
    assert (last.action, last.detail["case_id"]) == ("summary_exported", case_id)


def test_a_summary_that_cannot_be_written_says_why_and_writes_nothing(vault, tmp_path) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    target = tmp_path / "no such folder" / "summary.pdf"
    before = len(audit.entries(vault.conn))
    with pytest.raises(MaracDeskError, match="Saving the case summary"):
        summary_export.export_summary(vault, meeting, case_id, target)
    assert not target.parent.exists()
    assert len(audit.entries(vault.conn)) == before
