"""The conference through the services: the register, the statement before any case,
the record of each case, actions, closing and amendments to a closed record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desk.domain.actions import Action, ActionStatus
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.conference import (
    Attendance,
    Attendee,
    AttendeeRole,
    CaseRecord,
    RiskLevel,
    SharedInfo,
)
from marac_desk.domain.research import RECORD_ONLY, named
from marac_desk.errors import PermissionDeniedError, ValidationError
from marac_desk.storage import (
    accounts,
    actions,
    attendance,
    audit,
    case_summary,
    cases,
    conference,
    meeting_close,
    meetings,
    presentation,
)
from marac_desk.storage.vault import sign_in
from tests.storage.test_meetings import NEXT_TUESDAY, accepted_case, representative


def started(vault, count: int = 2, read: bool = True) -> tuple[int, list[int]]:
    case_ids = [accepted_case(vault, name) for name in ("Adams", "Brown", "Clark")[:count]]
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, case_ids)
    conference.start(vault, meeting)
    if read:
        conference.mark_statement_read(vault, meeting)
    return meeting, [c.case_id for c in meetings.agenda_cases(vault.conn, meeting)]


def actions_logged(vault, action: str) -> list[dict]:
    return [e.detail for e in audit.entries(vault.conn) if e.action == action]


def test_starting_makes_the_register_from_the_directory_and_resuming_keeps_it(vault) -> None:
    meeting, _ = started(vault, read=False)
    register = attendance.register(vault, meeting)
    assert {a.agency_code for a in register} >= {"POLICE", "IDVA", "HOUSING"}
    assert all(a.status is Attendance.EXPECTED and a.expected for a in register)
    police = next(a for a in register if a.agency_code == "POLICE")
    attendance.save(
        vault, meeting, replace(police, name="PC Khan", status=Attendance.PRESENT, agreed=True)
    )
    _, interrupted = conference.start(vault, meeting)  # never left: the app had stopped
    assert interrupted
    again = attendance.register(vault, meeting)
    assert len(again) == len(register)
    assert next(a for a in again if a.agency_code == "POLICE").name == "PC Khan"
    conference.leave(vault, meeting)
    assert conference.start(vault, meeting)[1] is False
    opened = actions_logged(vault, "meeting_opened")
    assert [o["resumed"] for o in opened] == [False, True, True]


def test_attendance_rules_refuse_what_cannot_be_true_and_change_nothing(vault) -> None:
    meeting, _ = started(vault, read=False)
    police = next(a for a in attendance.register(vault, meeting) if a.agency_code == "POLICE")
    with pytest.raises(ValidationError, match="name of the person"):
        attendance.save(vault, meeting, replace(police, name="", status=Attendance.PRESENT))
    with pytest.raises(ValidationError, match="which agency"):
        attendance.save(vault, meeting, Attendee(0, "", "  ", "Visitor"))
    with pytest.raises(ValidationError, match="not in the agency directory"):
        attendance.save(vault, meeting, Attendee(0, "NOPE", "", "Visitor"))
    assert attendance.register(vault, meeting) == attendance.register(vault, meeting)
    assert (
        next(a for a in attendance.register(vault, meeting) if a.agency_code == "POLICE") == police
    )
    # Apologies with information sent; agreement is dropped for anyone not present.
    attendance.save(
        vault,
        meeting,
        replace(police, status=Attendance.APOLOGIES, info_sent=True, agreed=False),
    )
    guest = attendance.save(
        vault,
        meeting,
        Attendee(
            0,
            "",
            "Victim Support (Northtown)",
            "Jo Bell",
            AttendeeRole.OBSERVER,
            Attendance.PRESENT,
        ),
    )
    register = {a.attendee_id: a for a in attendance.register(vault, meeting)}
    assert register[guest].organisation == "Victim Support (Northtown)"
    assert not register[guest].expected
    assert register[guest].flag == "Not agreed to the statement"
    assert register[police.attendee_id].info_sent


def test_no_case_opens_before_the_statement_is_read(vault) -> None:
    meeting, (first, _) = started(vault, read=False)
    with pytest.raises(ValidationError, match="confidentiality statement first"):
        conference.open_case(vault, meeting, first)
    conference.mark_statement_read(vault, meeting)
    found = conference.get(vault, meeting)
    assert found is not None and found.statement_read
    assert "confidential" in found.statement
    assert conference.open_case(vault, meeting, first) == CaseRecord()
    assert conference.get(vault, meeting).current_case_id == first
    assert actions_logged(vault, "case_opened")[-1]["case_id"] == first
    stranger = accepted_case(vault, "Stranger")
    with pytest.raises(ValidationError, match="not on this meeting's agenda"):
        conference.open_case(vault, meeting, stranger)


def test_the_case_record_is_saved_and_bad_input_changes_nothing(vault) -> None:
    meeting, (first, second) = started(vault)
    with pytest.raises(ValidationError, match="Open the case"):
        conference.save_record(vault, meeting, first, CaseRecord(notes="too early"))
    conference.open_case(vault, meeting, first)
    record = CaseRecord(
        notes="IDVA: victim wants to stay in the property.\n- locks changed",
        risk_victim="Strangulation in October",
        risk_level=RiskLevel.HIGH,
        informs_agency="idva",
        informs_person="Priya (IDVA)",
        seconds=300,
    )
    conference.save_record(vault, meeting, first, record)
    assert conference.record(vault.conn, meeting, first) == replace(record, informs_agency="IDVA")
    with pytest.raises(ValidationError, match="not in the agency directory"):
        conference.save_record(vault, meeting, first, replace(record, informs_agency="NOPE"))
    with pytest.raises(ValidationError, match="shorten them"):
        conference.save_record(vault, meeting, first, replace(record, notes="x" * 20_001))
    assert conference.record(vault.conn, meeting, first).notes == record.notes
    assert conference.record(vault.conn, meeting, second) is None


def test_information_shared_keeps_its_agency_and_audience(vault) -> None:
    meeting, (first, _) = started(vault)
    conference.open_case(vault, meeting, first)
    one = conference.save_shared(
        vault, meeting, first, SharedInfo("police", "Two call-outs since referral")
    )
    two = conference.save_shared(
        vault, meeting, first, SharedInfo("HEALTH-ACUTE", "A&E attendance", named("IDVA"))
    )
    with pytest.raises(ValidationError, match="Write what was shared"):
        conference.save_shared(vault, meeting, first, SharedInfo("POLICE", "  "))
    with pytest.raises(ValidationError, match="Name at least one agency"):
        conference.save_shared(vault, meeting, first, SharedInfo("POLICE", "x", named()))
    conference.save_shared(
        vault, meeting, first, SharedInfo("POLICE", "Three call-outs", RECORD_ONLY, one)
    )
    found = conference.shared(vault.conn, meeting, first)
    assert [(s.info_id, s.agency_code, s.body, s.audience) for s in found] == [
        (one, "POLICE", "Three call-outs", RECORD_ONLY),
        (two, "HEALTH-ACUTE", "A&E attendance", named("IDVA")),
    ]
    conference.remove_shared(vault, meeting, first, two)
    assert [s.info_id for s in conference.shared(vault.conn, meeting, first)] == [one]


def test_actions_are_agreed_changed_and_audited(vault) -> None:
    meeting, (first, _) = started(vault)
    conference.open_case(vault, meeting, first)
    with pytest.raises(ValidationError, match="Write the action"):
        actions.save(vault, meeting, first, Action(" "))
    with pytest.raises(ValidationError, match="not in the agency directory"):
        actions.save(vault, meeting, first, Action("Visit", owner_agency="NOPE"))
    assert actions.for_case(vault.conn, meeting, first) == []
    action_id = actions.save(vault, meeting, first, Action("Fit a door alarm", "housing"))
    stored = actions.for_case(vault.conn, meeting, first)[0]
    assert stored.owner_agency == "HOUSING" and stored.gaps() == ["no named owner", "no deadline"]
    actions.save(
        vault,
        meeting,
        first,
        replace(stored, owner_name="Ali Shah", due_on=date(2026, 12, 8)),
    )
    assert actions.for_case(vault.conn, meeting, first)[0].gaps() == []
    assert [d["action_id"] for d in actions_logged(vault, "action_created")] == [action_id]
    assert actions_logged(vault, "action_changed")[-1]["due_on"] == "2026-12-08"


def test_closing_lists_what_is_missing_then_freezes_the_record(vault) -> None:
    meeting, (first, second) = started(vault)
    conference.open_case(vault, meeting, first)
    actions.save(vault, meeting, first, Action("Refer to MAPPA"))
    missing = meeting_close.check(vault, meeting)
    texts = [m.text for m in missing]
    assert any("attendance not marked" in t for t in texts)
    assert "No risk level agreed." in texts
    assert "Not discussed: nothing recorded." in texts
    assert any("no owner agency" in t for t in texts)
    with pytest.raises(ValidationError, match="missing from the record"):
        meeting_close.close(vault, meeting)
    assert not meetings.get(vault, meeting).closed
    meeting_close.close(vault, meeting, accept_missing=True)
    assert meetings.get(vault, meeting).closed
    statuses = {r.case_id: r.status for r in cases.register(vault, [first, second])}
    assert statuses == {first: CaseStatus.HEARD, second: CaseStatus.ACCEPTED}
    assert actions_logged(vault, "meeting_closed")[-1]["missing"] == len(missing)

    # Frozen: a change needs a reason, and is kept as an amendment with what it was.
    with pytest.raises(ValidationError, match="Give a reason"):
        conference.save_record(vault, meeting, first, CaseRecord(risk_level=RiskLevel.HIGH))
    conference.save_record(
        vault, meeting, first, CaseRecord(risk_level=RiskLevel.HIGH), reason="Agreed by email"
    )
    action = actions.for_case(vault.conn, meeting, first)[0]
    with pytest.raises(ValidationError, match="Give a reason"):
        actions.save(vault, meeting, first, replace(action, owner_agency="POLICE"))
    with pytest.raises(ValidationError, match="No longer required"):
        actions.remove(vault, meeting, first, action.action_id)
    actions.save(
        vault, meeting, first, replace(action, owner_agency="POLICE"), reason="Owner missed"
    )
    made = conference.amendments(vault, meeting)
    assert [(a.part, a.reason) for a in made] == [
        ("Case record", "Agreed by email"),
        ("Action", "Owner missed"),
    ]
    assert made[0].before["risk_level"] == "" and made[0].after["risk_level"] == "high"
    assert len(actions_logged(vault, "meeting_amended")) == 2
    with pytest.raises(ValidationError, match="already closed"):
        meeting_close.close(vault, meeting, accept_missing=True)


def test_review_and_the_summary_show_earlier_actions(vault) -> None:
    meeting, (first, _) = started(vault)
    conference.open_case(vault, meeting, first)
    action_id = actions.save(
        vault, meeting, first, Action("Safety plan", "IDVA", "Priya", date(2026, 12, 3))
    )
    meeting_close.close(vault, meeting, accept_missing=True)
    later = meetings.create(vault, replace(NEXT_TUESDAY, meeting_date=date(2027, 1, 5)))
    assert [r.action.action_id for r in actions.for_review(vault, later)] == [action_id]
    assert actions.for_review(vault, meeting) == []  # not earlier than itself
    with pytest.raises(ValidationError, match="Say why"):
        actions.update_status(vault, action_id, ActionStatus.NOT_COMPLETED, "", at_meeting=later)
    actions.update_status(
        vault, action_id, ActionStatus.CIRCUMSTANCES_CHANGED, "Victim moved away", later
    )
    # Still listed in this meeting's review once recorded, so the review keeps its lines.
    reviewed = actions.for_review(vault, later)
    assert reviewed[0].reviewed_at == later
    assert reviewed[0].action.status is ActionStatus.CIRCUMSTANCES_CHANGED
    assert actions.tracker(vault) == []  # no longer outstanding
    history = case_summary.load(vault, later, first, audit_view=False).history
    assert [h.text for h in history if "Safety plan" in h.text] == [
        "Action for IDVA service: Safety plan (Not completed: circumstances changed — Victim "
        "moved away)"
    ]
    own = case_summary.load(vault, meeting, first, audit_view=False).history
    assert not any("Safety plan" in h.text for h in own)  # not earlier than its own meeting


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(owners=st.lists(st.sampled_from(["POLICE", "HOUSING", "IDVA", ""]), max_size=6))
def test_a_representative_sees_and_updates_only_their_own_agencys_actions(
    vault, data_dir, owners: list[str]
) -> None:
    if "rep" not in {u.username for u in accounts.list_users(vault)}:
        started(vault, count=1)
        representative(vault, data_dir, "HOUSING").close(action=None)
    meeting = meetings.listed(vault)[0].meeting_id
    case_id = meetings.agenda_cases(vault.conn, meeting)[0].case_id
    conference.open_case(vault, meeting, case_id)
    for owner in owners:
        actions.save(vault, meeting, case_id, Action(f"Task for {owner or 'nobody'}", owner))
    rep = sign_in(data_dir, "rep", "rep own password")
    try:
        everything = actions.tracker(vault)
        seen = actions.tracker(rep)
        assert {r.action.action_id for r in seen} == {
            r.action.action_id for r in everything if r.action.owner_agency == "HOUSING"
        }
        for row in everything:
            if row.action.owner_agency != "HOUSING":
                with pytest.raises(PermissionDeniedError):
                    actions.update_status(rep, row.action.action_id, ActionStatus.COMPLETED, "")
                with pytest.raises(PermissionDeniedError):
                    actions.updates(rep, row.action.action_id)
        for row in seen:
            actions.update_status(rep, row.action.action_id, ActionStatus.IN_PROGRESS, "Booked")
            assert actions.updates(rep, row.action.action_id)[-1].note == "Booked"
        with pytest.raises(PermissionDeniedError):
            actions.save(rep, meeting, case_id, Action("Sneaky", "HOUSING"))
    finally:
        rep.close(action=None)


def test_the_shared_screen_gets_only_what_every_agency_involved_may_read(vault) -> None:
    meeting, (first, second) = started(vault)
    for case_id in (first, second):
        conference.open_case(vault, meeting, case_id)
    conference.save_record(vault, meeting, first, CaseRecord(notes="Minute-taker only"))
    conference.save_shared(vault, meeting, first, SharedInfo("POLICE", "For all involved"))
    conference.save_shared(vault, meeting, first, SharedInfo("POLICE", "Named", named("IDVA")))
    conference.save_shared(vault, meeting, first, SharedInfo("POLICE", "Record", RECORD_ONLY))
    conference.save_shared(vault, meeting, second, SharedInfo("POLICE", "Another case"))
    shown = presentation.load(vault, meeting, first)
    assert [s.body for s in shown.shared] == ["For all involved"]
    assert shown.not_shown == 2
    assert shown.record.notes == ""
    stranger = accepted_case(vault, "Stranger")
    with pytest.raises(ValidationError, match="not on this meeting's agenda"):
        presentation.load(vault, meeting, stranger)


def test_a_case_record_is_never_saved_over_a_newer_save_it_has_not_seen(vault, data_dir) -> None:
    """Two writers on one vault (a second laptop on a network share, which no folder lock
    can see): the second save, made on the version both read, is refused with both texts."""
    from marac_desk.storage.conference import RecordConflictError
    from tests.conftest import ADMIN, PASSWORD

    meeting, (case_id, *_) = started(vault)
    conference.open_case(vault, meeting, case_id)
    other = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        read_by_both = conference.record(vault.conn, meeting, case_id)
        assert read_by_both is not None
        theirs = CaseRecord(notes="Police: bail conditions end Friday", seconds=40)
        conference.save_record(other, meeting, case_id, theirs, base=read_by_both)
        mine = CaseRecord(notes="Housing: sanctuary scheme fitted", seconds=35)
        with pytest.raises(RecordConflictError) as raised:
            conference.save_record(vault, meeting, case_id, mine, base=read_by_both)
        assert raised.value.theirs.notes == theirs.notes and raised.value.mine == mine
        kept = conference.record(vault.conn, meeting, case_id)
        assert kept is not None and kept.notes == theirs.notes
        # Choosing to keep mine is a save on the version now seen.
        conference.save_record(vault, meeting, case_id, mine, base=raised.value.theirs)
        kept = conference.record(other.conn, meeting, case_id)
        assert kept is not None and kept.notes == mine.notes
        # The clock alone moving on is no conflict: time spent is not what people wrote.
        ticking = CaseRecord(notes=mine.notes, seconds=90)
        conference.save_record(other, meeting, case_id, ticking, base=replace(mine, seconds=1))
    finally:
        other.close(action=None)


def test_the_shared_screen_counts_what_it_leaves_out_under_its_heading(vault) -> None:
    from marac_desk.domain.research import (
        Item,
        ItemKind,
        Known,
        Nature,
        PersonResearch,
        ReturnContent,
        Source,
    )
    from marac_desk.domain.summary_layout import layout
    from marac_desk.storage import case_file, research

    case_id = accepted_case(vault, "Adams")
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [case_id])
    victim = case_file.people(vault.conn, case_id)[0].person_id
    only_idva = named("IDVA")
    content = ReturnContent(
        (
            PersonResearch(
                victim,
                Known.YES,
                (
                    Item(ItemKind.RISK, "Threats to kill", Nature.FACT, only_idva),
                    Item(ItemKind.SHARE, "New address", Nature.FACT, RECORD_ONLY),
                    Item(ItemKind.SHARE, "Bail conditions", Nature.FACT),
                ),
            ),
        )
    )
    research.save_return(
        vault, meeting, case_id, "POLICE", content, source=Source.PHONE, source_note="PC Jones"
    )
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    conference.open_case(vault, meeting, case_id)
    shown = presentation.load(vault, meeting, case_id)
    blocks = {b.heading: b for b in layout(shown.summary).blocks}
    risks = blocks["Risks named by each agency"]
    assert risks.rows == ()
    assert risks.empty == (
        "1 risk is for named agencies or the MARAC record only, so it is not shown here."
    )
    person = next(b for b in blocks.values() if b.heading.startswith("Victim:"))
    assert [r.lines for r in person.rows] == [("Bail conditions",)]
    assert "1 item is for named agencies" in person.note
    # The coordinator's own summary shows everything, and counts nothing as left out.
    full = case_summary.load(vault, meeting, case_id)
    assert full.left_out_risks == 0 and full.risks == (("Police", ("Threats to kill",)),)
