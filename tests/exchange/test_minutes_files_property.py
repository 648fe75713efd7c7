"""The files themselves, not only the chosen document: random meetings with a unique
marker in every field of every item, each recipient's minutes rendered as PDF and DOCX,
read back as a reader shows them (pypdf, python-docx) and searched byte by byte once
decompressed. Each marker must be in exactly the files the rules allow, and in no byte
of any other.

The suite runs MINUTES_FILE_EXAMPLES meetings (20 by default, to keep it quick); CI runs
this file again with 300 (see .ci/run)."""

from __future__ import annotations

import os
import re
import unicodedata

from hypothesis import HealthCheck, given, settings

from marac_desk.domain.minutes import FULL_RECORD, BlockKind, minutes_for
from marac_desk.exchange import minutes_files
from marac_desk.exchange.pdf import visual
from tests.domain.test_minutes import AGENCIES, meetings
from tests.exchange.minutes_checks import docx_raw, docx_text, pdf_raw, pdf_structure, pdf_text

EXAMPLES = int(os.environ.get("MINUTES_FILE_EXAMPLES", "20"))
_MARKER = re.compile(r"Q\d{5}Z")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(meetings())
def test_each_marker_is_in_exactly_the_files_the_rules_allow(drawn) -> None:
    facts, allowed, not_in_record = drawn
    for recipient in (FULL_RECORD, *AGENCIES):
        document = minutes_for(facts, recipient)
        may = {
            m
            for m, who in allowed.items()
            if (m not in not_in_record if recipient == FULL_RECORD else recipient in who)
        }
        pdf = minutes_files.pdf_bytes(document, "MD-TEST0-TEST0-TEST0")
        docx = minutes_files.docx_bytes(document, "MD-TEST0-TEST0-TEST0")
        for shown, raw in ((pdf_text(pdf), pdf_raw(pdf)), (docx_text(docx), docx_raw(docx))):
            squashed = re.sub(r"\s+", "", shown)  # a long marker may wrap in a narrow cell
            assert set(_MARKER.findall(squashed)) == may, recipient
            leaked = set(_MARKER.findall(raw.decode("latin-1"))) - may
            assert not leaked, (recipient, sorted(leaked))
        # Every heading is tagged at its level, with its own text, in order.
        headings = [(e.tag, _squash(e.text)) for e in pdf_structure(pdf).walk() if e.tag[0] == "H"]
        blocks = [b for b in document.blocks if b.kind is BlockKind.HEADING]
        assert headings == [(f"H{b.level}", _squash(b.text)) for b in blocks], recipient


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _faithful_facts():
    from marac_desk.domain.conference import CaseRecord, RiskLevel, SharedInfo
    from marac_desk.domain.minutes import CaseFacts, MeetingFacts

    names = {"POLICE": "Police", "IDVA": "IDVA service"}
    long_note = " ".join(f"Sentence {n} of a long note, kept whole." for n in range(400))
    bullets = "• first point\n- second point\n* third point\n1. fourth point\n\tindented"
    case = CaseFacts(
        1,
        "NT-00001",
        "WIŚNIEWSKA, Łucja Zażółć",
        (("Reason for referral", bullets),),
        "POLICE",
        frozenset({"IDVA"}),
        shared=(
            SharedInfo("IDVA", "Partner's family: حسين، فاطمة and عائشہ ٹھاکر (Urdu)"),
            SharedInfo("POLICE", long_note),
        ),
        record=CaseRecord(risk_victim="Ґанна Шевченко; Nguyễn Thị Ánh", risk_level=RiskLevel.HIGH),
    )
    return (
        MeetingFacts(
            "Northtown MARAC",
            "Tuesday 1 December 2026",
            "Room 4",
            "",
            "",
            "OS",
            "",
            names,
            cases=(case,),
        ),
        long_note,
        bullets,
    )


def test_user_text_is_rendered_whole_in_every_script() -> None:
    facts, long_note, bullets = _faithful_facts()
    document = minutes_for(facts, "IDVA")
    docx = docx_text(minutes_files.docx_bytes(document, "MD-X"))
    pdf = pdf_text(minutes_files.pdf_bytes(document, "MD-X"))
    # The page furniture (the marking, the heading of a part continued from the page
    # before, the marking again and the footer) comes after each page's text.
    pdf = re.sub(
        r"OS\n(?:[^\n]* \(continued\)\n)?OS\nFor IDVA service · Document MD-X\s+·\s+"
        r"Page \d+ of \d+\n?",
        "",
        pdf,
    )
    # A table split over pages repeats its header row on the next page.
    pdf = pdf.replace("Agency\nAbout\nWhat was shared\n", "")
    latin = ["WIŚNIEWSKA, Łucja Zażółć", long_note, "Ґанна Шевченко; Nguyễn Thị Ánh"]
    latin += bullets.split("\n")
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    for text in latin:
        assert text in docx, text[:40]  # Word keeps the text as typed
        assert squash(text) in squash(pdf), text[:40]  # the page wraps it; nothing is lost
    page = unicodedata.normalize("NFKC", pdf)
    for name in ("حسين، فاطمة", "عائشہ ٹھاکر"):
        assert name in docx
        # On the page the letters are drawn joined (presentation forms) and right to left;
        # a reader's text extraction folds them back, and every word comes back whole.
        assert visual(name) != name
        for word in name.split():
            assert word in page, word
