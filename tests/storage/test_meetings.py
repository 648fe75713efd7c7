"""Meetings and agendas through the services."""

from __future__ import annotations

from datetime import date, time

import pytest

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.meetings import LineKind, MeetingDetails
from marac_desk.errors import PermissionDeniedError, ValidationError
from marac_desk.storage import audit, cases, meetings, referrals
from marac_desk.storage.vault import sign_in
from tests.storage.test_referrals import TODAY, referral

NEXT_TUESDAY = MeetingDetails(
    date(2026, 12, 1),
    time(9, 30),
    venue="Civic Centre, Room 4",
    chair="DI Shaw",
    minute_taker="Sam Lee",
    research_deadline=date(2026, 11, 27),
)


def accepted_case(vault, surname: str, children: bool = True, **extra) -> int:
    doc = referral(surname=surname, **extra)
    if not children:
        doc["children"] = []
    return referrals.complete(vault, doc, today=TODAY).case_id


def test_listing_follows_the_suggested_order_until_reordered_by_hand(vault) -> None:
    adult = accepted_case(vault, "Adams", children=False)
    child = accepted_case(vault, "Brown")
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [adult, child])
    assert [c.case_id for c in meetings.agenda_cases(vault.conn, meeting)] == [child, adult]
    assert cases.register(vault, [adult])[0].status is CaseStatus.LISTED
    meetings.move(vault, meeting, adult, -1)
    assert [c.case_id for c in meetings.agenda_cases(vault.conn, meeting)] == [adult, child]
    late = accepted_case(vault, "Clark")
    meetings.add_cases(vault, meeting, [late])  # by hand: a new case goes at the end
    assert [c.case_id for c in meetings.agenda_cases(vault.conn, meeting)] == [adult, child, late]
    meetings.use_suggested_order(vault, meeting)
    assert [c.case_id for c in meetings.agenda_cases(vault.conn, meeting)] == [child, late, adult]


def test_only_accepted_cases_are_listed_and_a_refusal_lists_none(vault) -> None:
    good = accepted_case(vault, "Adams")
    draft = referrals.save_draft(vault, referral(surname="Drafty"), today=TODAY).case_id
    meeting = meetings.create(vault, NEXT_TUESDAY)
    with pytest.raises(ValidationError, match="Only accepted cases"):
        meetings.add_cases(vault, meeting, [good, draft])
    assert meetings.agenda_cases(vault.conn, meeting) == []
    assert cases.register(vault, [good])[0].status is CaseStatus.ACCEPTED


def test_taking_a_case_off_needs_a_reason_and_makes_it_accepted_again(vault) -> None:
    case_id = accepted_case(vault, "Adams")
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [case_id])
    with pytest.raises(ValidationError, match="Say why"):
        meetings.remove_case(vault, meeting, case_id, " ")
    meetings.remove_case(vault, meeting, case_id, "Victim moved to another area")
    assert cases.register(vault, [case_id])[0].status is CaseStatus.ACCEPTED
    actions = [e.action for e in audit.for_case(vault.conn, case_id)]
    assert actions[-2:] == ["case_listed", "case_unlisted"]


def test_agenda_times_and_time_boxes(vault) -> None:
    first, second = accepted_case(vault, "Adams"), accepted_case(vault, "Brown")
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [first, second])
    meetings.set_time_box(vault, meeting, second, 30)
    with pytest.raises(ValidationError):
        meetings.set_time_box(vault, meeting, second, 0)
    agenda = meetings.agenda(vault, meeting)
    assert [line.minutes for line in agenda.lines if line.kind is LineKind.CASE] == [15, 30]
    assert agenda.ends == time(10, 35)  # 15 opening, 15 + 30 for cases, 5 AOB


def test_cases_reaching_twelve_months_are_noticed_on_the_next_meeting(vault) -> None:
    old = referrals.complete(vault, referral(surname="Older", day="2025-11-28"), today=TODAY)
    referrals.complete(vault, referral(surname="Newer", day="2026-06-01"), today=TODAY)
    meeting = meetings.create(vault, NEXT_TUESDAY)
    agenda = meetings.agenda(vault, meeting)
    assert [n.reference for n in agenda.notices] == [old.reference]


def test_meeting_details_are_checked_and_the_record_is_audited(vault) -> None:
    with pytest.raises(ValidationError, match="where the meeting is held"):
        meetings.create(vault, MeetingDetails(date(2026, 12, 1), time(9, 30)))
    meeting = meetings.create(vault, NEXT_TUESDAY)
    assert meetings.get(vault, meeting).details == NEXT_TUESDAY
    meetings.delete(vault, meeting)
    assert meetings.listed(vault) == []
    actions = [e.action for e in audit.entries(vault.conn)]
    assert "meeting_created" in actions and "meeting_deleted" in actions


def legacy_representative(vault, data_dir, code: str, username: str = "rep"):
    """A signed-in agency representative of `code`, as MARAC vaults held them before agency
    workspaces (no new one can be made): the services' own checks still refuse them
    anything beyond their agency's research and actions."""
    from marac_desk.storage import signed_accounts

    now = "2026-11-01T09:00:00.000000Z"
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO users (username, full_name, roles, agency_code, created_at, "
            "updated_at) VALUES (?, ?, 'agency_representative', ?, ?, ?)",
            (username, f"{code.title()} Rep", code, now, now),
        )
        # Signed by the administrator, as every account is.
        signed_accounts.sign(conn, vault.slots, signed_accounts.require_key(vault))
    vault.slots.set_password(username, f"{username} own password", vault.key)
    vault.save_slots()
    return sign_in(data_dir, username, f"{username} own password")


representative = legacy_representative


def test_a_representative_cannot_plan_meetings(vault, data_dir) -> None:
    rep = representative(vault, data_dir, "POLICE")
    try:
        with pytest.raises(PermissionDeniedError):
            meetings.create(rep, NEXT_TUESDAY)
    finally:
        rep.close(action=None)


def test_editing_a_referral_keeps_its_people(vault) -> None:
    saved = referrals.complete(vault, referral(), today=TODAY)
    before = vault.conn.execute(
        "SELECT person_id, role FROM case_persons WHERE case_id = ? ORDER BY role", (saved.case_id,)
    ).fetchall()
    doc = referral(victim__address="2 New Road")
    doc["children"].append({"surname": "Kowalska", "forenames": "Zoe"})
    referrals.complete(vault, doc, saved.case_id, today=TODAY)
    after = vault.conn.execute(
        "SELECT person_id, role FROM case_persons WHERE case_id = ? ORDER BY role", (saved.case_id,)
    ).fetchall()
    assert set(before) < set(after) and len(after) == len(before) + 1


def test_a_break_is_put_on_and_taken_off_a_planned_agenda_only(vault) -> None:
    from marac_desk.domain.meetings import LineKind

    listed = [accepted_case(vault, name) for name in ("Adams", "Brown", "Clark")]
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, listed)
    with pytest.raises(ValidationError, match="after case 0 to 3"):
        meetings.add_break(vault, meeting, 4, 15)
    break_id = meetings.add_break(vault, meeting, 2, 15, "Coffee")
    lines = meetings.agenda(vault, meeting).lines
    assert [line.title for line in lines if line.kind is LineKind.BREAK] == ["Coffee"]
    assert audit.entries(vault.conn)[-1].action == "agenda_break_added"
    meetings.remove_break(vault, meeting, break_id)
    assert not any(line.kind is LineKind.BREAK for line in meetings.agenda(vault, meeting).lines)
    with pytest.raises(ValidationError, match="no longer on this agenda"):
        meetings.remove_break(vault, meeting, break_id)
