"""The circulated agenda: what agencies need to search their records, and nothing else."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from pypdf import PdfReader

from marac_desk.exchange import agenda_export
from marac_desk.storage import audit, meetings, referrals
from tests.exchange.minutes_checks import pdf_structure
from tests.storage.test_meetings import NEXT_TUESDAY
from tests.storage.test_referrals import TODAY, referral


def test_the_agenda_carries_search_details_and_nothing_from_the_referral(vault, tmp_path) -> None:
    doc = referral(surname="Wiśniewska", forenames="Łucja", victim__aliases="Lucy Wisniewski")
    doc["referral"]["reason"] = "SECRET-REASON strangulation"
    case_id = referrals.complete(vault, doc, today=TODAY).case_id
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [case_id])
    pdf_path, docx_path = agenda_export.export_agenda(vault, meeting, tmp_path)
    pdf_text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages
    )
    document = Document(str(docx_path))
    docx_text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    for text in (" ".join(pdf_text.split()), " ".join(docx_text.split())):
        assert "WIŚNIEWSKA, Łucja" in text and "Lucy Wisniewski" in text
        assert "1 Example Street" in text and "Child: WIŚNIEWSKA, Kit" in text
        assert "Cases with children" in text and "Any other business" in text
        assert "SECRET-REASON" not in text and "Dash" not in text and "PC Testing" not in text
    assert "OFFICIAL-SENSITIVE" in pdf_text and "Page 1 of 1" in pdf_text
    tagged = pdf_structure(pdf_path.read_bytes())
    assert tagged.kids[0].tag == "H1" and "agenda for" in tagged.kids[0].text
    cells = [e.text for e in tagged.walk() if e.tag == "TH"]
    assert cells[-3:] == ["Time", "Item", "Minutes"]
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    raw = zipfile.ZipFile(docx_path).read("word/document.xml").decode()
    assert "SECRET-REASON" not in raw
    assert audit.entries(vault.conn)[-1].action == "agenda_exported"
