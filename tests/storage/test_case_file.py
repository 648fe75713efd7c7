"""The case view's data: people, referral and Dash history, links, timeline, documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marac_desk.domain.cases import CaseRole, CaseStatus
from marac_desk.domain.criteria import Decision
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, case_file, cases, referrals, repeats, transfer_documents
from tests.storage.test_referrals import referral

TODAY = date(2026, 11, 24)


def three_referrals_of_one_victim(vault):
    """2025-01 and 2026-03 (same pair), then 2026-11: each confirmed against the one before.
    A fourth case of another person was ruled not the same."""
    first = referrals.complete(vault, referral(day="2025-01-10"), today=TODAY)
    second = referrals.complete(vault, referral(day="2026-03-20"), today=TODAY)
    third_doc = referral(surname="Kowalsak", day="2026-11-20")
    third = referrals.save_draft(vault, third_doc, today=TODAY)
    other = referrals.complete(vault, referral(forenames="Anka", day="2026-06-01"), today=TODAY)
    for later, doc, earlier_id, decision in (
        (second.case_id, referral(day="2026-03-20"), first.case_id, Decision.SAME_VICTIM),
        (third.case_id, third_doc, second.case_id, Decision.SAME_PAIR),
        (third.case_id, third_doc, other.case_id, Decision.NOT_SAME),
    ):
        candidate = next(
            c for c in repeats.find_earlier(vault, doc, later) if c.case_id == earlier_id
        )
        repeats.decide(vault, later, candidate, decision)
    return first, second, third, other


def test_history_follows_confirmed_links_both_ways_and_not_ruled_out_ones(vault) -> None:
    first, second, third, other = three_referrals_of_one_victim(vault)
    seen = case_file.load(vault, first.case_id)
    assert [r.reference for r in seen.referrals] == [
        first.reference,
        second.reference,
        third.reference,
    ]
    assert seen.referrals[0].is_this_case
    assert seen.referrals[0].dash_score == 14 and "Visible high risk" in seen.referrals[0].criteria
    assert seen.referrals[2].state == "draft"
    # From the newest case the history is the same, and the ruled-out case is only a link.
    newest = case_file.load(vault, third.case_id)
    assert {r.case_id for r in newest.referrals} == {first.case_id, second.case_id, third.case_id}
    assert newest.is_repeat
    ruled_out = [link for link in newest.links if link.decision is Decision.NOT_SAME]
    assert [link.reference for link in ruled_out] == [other.reference]
    assert all(link.direction == "Earlier" for link in newest.links)
    assert [link.direction for link in case_file.load(vault, second.case_id).links] == [
        "Earlier",
        "Later",
    ]


def test_people_are_listed_by_role_with_what_the_form_says_of_them(vault) -> None:
    doc = referral(victim__aliases="Ania Kowalski; Anna K")
    doc["children"].append({"surname": "Kowalska", "unborn": True, "date_of_birth": "2027-02-01"})
    saved = referrals.save_draft(vault, doc, today=TODAY)
    seen = case_file.load(vault, saved.case_id)
    assert [p.role for p in seen.people] == [
        CaseRole.VICTIM,
        CaseRole.PERPETRATOR,
        CaseRole.CHILD,
        CaseRole.CHILD,
    ]
    victim = seen.people[0]
    assert victim.name == "KOWALSKA, Anna" and victim.aliases == ("Ania Kowalski", "Anna K")
    assert victim.note == "Ex-partner"
    assert "Unborn" in seen.people[3].note
    assert seen.victim == "KOWALSKA, Anna" and seen.reason.startswith("Strangulation")


def test_timeline_reads_as_what_happened_and_views_are_audited_not_listed(vault) -> None:
    saved = referrals.save_draft(vault, referral(), today=TODAY)
    for _ in range(3):  # the form's autosave, while someone types
        referrals.save_draft(vault, referral(), saved.case_id, today=TODAY)
    referrals.complete(vault, referral(), saved.case_id, today=TODAY)
    with pytest.raises(ValidationError, match="Say why"):
        cases.set_status(vault, saved.case_id, CaseStatus.DECLINED)
    cases.set_status(vault, saved.case_id, CaseStatus.DECLINED, "Below threshold, no judgement")
    seen = case_file.load(vault, saved.case_id)
    lines = [(e.what, e.detail, e.times) for e in seen.timeline]
    assert lines[0] == ("Referral made", "", 1)  # the referral date sorts first
    assert ("Referral saved as a draft", "", 4) in lines
    assert (
        "Case status changed",
        "Accepted → Declined: Below threshold, no judgement",
        1,
    ) in lines
    assert not any(e.what == "Case viewed" for e in seen.timeline)
    viewed = [e for e in audit.entries(vault.conn) if e.action == "case_viewed"]
    assert viewed and viewed[-1].detail["case_id"] == saved.case_id


def test_transferred_out_needs_the_receiving_marac(vault) -> None:
    saved = referrals.complete(vault, referral(), today=TODAY)
    with pytest.raises(ValidationError, match="which MARAC"):
        cases.set_status(vault, saved.case_id, CaseStatus.TRANSFERRED_OUT, "  ")
    assert cases.register(vault, [saved.case_id])[0].status is CaseStatus.ACCEPTED


def test_transfer_documents_are_kept_in_the_vault(vault, tmp_path: Path) -> None:
    plain = referrals.complete(vault, referral(), today=TODAY)
    letter = tmp_path / "Handover from Northtown MARAC.pdf"
    letter.write_bytes(b"%PDF-1.4 handover letter MARKER-7731")
    with pytest.raises(ValidationError, match="not recorded as a transfer in"):
        transfer_documents.add(vault, plain.case_id, letter)

    moved = referrals.complete(
        vault, referral(referral__transfer_from="Northtown MARAC"), today=TODAY
    )
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="empty"):
        transfer_documents.add(vault, moved.case_id, empty)
    with pytest.raises(ValidationError, match="cannot be read"):
        transfer_documents.add(vault, moved.case_id, tmp_path / "gone.pdf")
    assert transfer_documents.listed(vault.conn, moved.case_id) == []

    added = transfer_documents.add(vault, moved.case_id, letter)
    assert added.filename == letter.name and added.size == letter.stat().st_size
    seen = case_file.load(vault, moved.case_id)
    assert [d.filename for d in seen.documents] == [letter.name]
    assert ("Transfer document added", letter.name) in [(e.what, e.detail) for e in seen.timeline]

    copy = tmp_path / "out" / "copy.pdf"
    copy.parent.mkdir()
    transfer_documents.save_copy(vault, added.id, copy)
    assert copy.read_bytes() == letter.read_bytes()
    with pytest.raises(ValidationError, match="Say why"):
        transfer_documents.remove(vault, added.id, "")
    transfer_documents.remove(vault, added.id, "Another family's letter")
    assert transfer_documents.listed(vault.conn, moved.case_id) == []
    actions = [
        e.action for e in audit.for_case(vault.conn, moved.case_id) if e.action != "case_viewed"
    ]
    assert actions[-3:] == [
        "transfer_document_added",
        "transfer_document_saved",
        "transfer_document_removed",
    ]


def test_an_oversized_document_is_refused_and_names_the_limit(vault, tmp_path, monkeypatch):
    moved = referrals.complete(
        vault, referral(referral__transfer_from="Northtown MARAC"), today=TODAY
    )
    monkeypatch.setattr(transfer_documents, "MAX_BYTES", 10)
    scan = tmp_path / "scan.tiff"
    scan.write_bytes(b"x" * 11)
    with pytest.raises(ValidationError, match="at most"):
        transfer_documents.add(vault, moved.case_id, scan)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("report\x00.pdf", "report_.pdf"),
        ("   ", "document"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_document_names_are_made_safe(given: str, kept: str) -> None:
    assert transfer_documents.safe_filename(given) == kept
