"""Conference rules: action warnings and quick deadlines, the meeting's clock, and the
check before closing, which must list every gap and nothing else."""

from __future__ import annotations

from datetime import date, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain.actions import Action, ActionStatus, Deadline, quick_deadline, warnings
from marac_desk.domain.conference import (
    Attendance,
    Attendee,
    CaseRecord,
    RiskLevel,
    close_check,
)
from marac_desk.domain.meeting_clock import case_clock, meeting_clock
from marac_desk.domain.meetings import AgendaCase, MeetingDetails, plan

DAY = date(2026, 12, 1)


def test_warnings_name_each_gap_and_an_owner_nobody_present_speaks_for() -> None:
    assert warnings(Action("Visit"), {"POLICE"}) == [
        "No owner agency.",
        "No named owner.",
        "No deadline.",
    ]
    full = Action("Visit", "HOUSING", "Ali", DAY)
    assert warnings(full, {"HOUSING"}) == []
    assert warnings(full, {"POLICE"}, {"HOUSING": "Northtown Homes"}) == [
        "Nobody from Northtown Homes is present: make sure the action reaches them."
    ]


def test_quick_deadlines_count_from_the_meeting() -> None:
    assert quick_deadline(Deadline.TODAY, DAY, None) == DAY
    assert quick_deadline(Deadline.HOURS_48, DAY, None) == date(2026, 12, 3)
    assert quick_deadline(Deadline.DAYS_7, DAY, None) == date(2026, 12, 8)
    assert quick_deadline(Deadline.NEXT_MEETING, DAY, date(2027, 1, 5)) == date(2027, 1, 5)
    assert quick_deadline(Deadline.NEXT_MEETING, DAY, None) == date(2026, 12, 29)


def test_overdue_only_while_outstanding() -> None:
    late = Action("Visit", due_on=date(2026, 11, 1))
    assert late.overdue(DAY)
    assert not Action("Visit", due_on=date(2026, 11, 1), status=ActionStatus.COMPLETED).overdue(DAY)
    assert Action("x", status=ActionStatus.NOT_COMPLETED).status.outstanding


def _agenda(count: int):
    details = MeetingDetails(DAY, time(9, 30), venue="Room 4", minutes_per_case=15)
    cases = [AgendaCase(i, f"M-{i}", f"V{i}", 0, False, "", i) for i in range(count)]
    return plan(details, cases, [])


def test_the_clock_shows_overrun_and_the_expected_end() -> None:
    agenda = _agenda(3)  # 9:30 + 15 opening + 45 cases + 5 AOB = 10:35
    assert case_clock(agenda, 0, 600).text == "10:00 of 15 min"
    assert case_clock(agenda, 0, 1000).text == "16:40 of 15 min, 1:40 over"
    on_time = meeting_clock(agenda, datetime(2026, 12, 1, 9, 45), 0, 0, set())
    assert on_time.text == "On time to end at 10:35"
    late = meeting_clock(agenda, datetime(2026, 12, 1, 10, 10), 1, 0, {0})
    assert late.behind == 10
    assert late.text == "Ends about 10:45, 10 min late (planned 10:35)"
    # Two cases heard by 9:50: the last one and AOB still to come.
    early = meeting_clock(agenda, datetime(2026, 12, 1, 9, 50), None, 0, {0, 1})
    assert early.text == "Ends about 10:10, 25 min early (planned 10:35)"


def test_a_meeting_run_on_another_day_or_hours_late_is_timed_from_its_start() -> None:
    agenda = _agenda(3)  # planned 9:30 to 10:35 on 1 December
    # A training run two days later at 14:00: 65 minutes from then, not "535 min late".
    started = datetime(2026, 12, 3, 14, 0)
    clock = meeting_clock(agenda, datetime(2026, 12, 3, 14, 15), 0, 0, set(), started)
    assert clock.planned_end == datetime(2026, 12, 3, 15, 5)
    assert clock.text == "On time to end at 15:05"
    # On the day, 20 minutes late: still measured against the agenda, so it shows late
    # (the first case opening at 9:50 instead of 9:45).
    late_start = datetime(2026, 12, 1, 9, 30 + 20)
    late = meeting_clock(agenda, datetime(2026, 12, 1, 9, 50), 0, 0, set(), late_start)
    assert late.planned_end == datetime(2026, 12, 1, 10, 35) and late.behind == 5


records = st.one_of(
    st.none(),
    st.builds(
        CaseRecord,
        risk_level=st.sampled_from(list(RiskLevel)),
        informs_agency=st.sampled_from(["", "IDVA"]),
    ),
)


@given(
    read=st.booleans(),
    people=st.lists(
        st.tuples(st.sampled_from(list(Attendance)), st.booleans(), st.text(max_size=3)),
        max_size=5,
    ),
    case_records=st.lists(records, max_size=5),
    owners=st.lists(
        st.tuples(st.sampled_from(["", "POLICE"]), st.sampled_from(["", "Ann"]), st.booleans()),
        max_size=4,
    ),
)
def test_the_close_check_lists_every_gap_and_nothing_else(
    read: bool,
    people: list[tuple[Attendance, bool, str]],
    case_records: list[CaseRecord | None],
    owners: list[tuple[str, str, bool]],
) -> None:
    attendees = [
        Attendee(
            i,
            "POLICE",
            "Police",
            name,
            status=status,
            agreed=agreed and status is Attendance.PRESENT,
        )
        for i, (status, agreed, name) in enumerate(people)
    ]
    cases = [(i, f"M-{i}", r) for i, r in enumerate(case_records)]
    agreed = [
        ("M-0", Action(f"Task {i}", agency, name, DAY if dated else None))
        for i, (agency, name, dated) in enumerate(owners)
    ]
    missing = close_check(read, attendees, cases, agreed)
    expected = (not read) + sum(
        a.status is Attendance.EXPECTED or (a.present and not a.agreed) for a in attendees
    )
    for _, _, record in cases:
        if record is None:
            expected += 1
        else:
            expected += (record.risk_level is RiskLevel.UNSET) + (not record.informs_agency)
    expected += sum(len(a.gaps()) for _, a in agreed)
    assert len(missing) == expected
    complete = all(r is not None and r.has_outcome for _, _, r in cases) and all(
        not a.gaps() for _, a in agreed
    )
    everyone_fine = read and all(
        a.status is not Attendance.EXPECTED and (a.agreed or not a.present) for a in attendees
    )
    assert (missing == []) == (complete and everyone_fine)


def test_a_break_still_to_come_counts_towards_the_end_until_it_is_behind() -> None:
    from marac_desk.domain.meetings import AgendaBreak

    details = MeetingDetails(date(2026, 12, 1), time(9, 30), minutes_per_case=15)
    cases = [AgendaCase(i, f"M-{i}", f"V{i}", 0, False, "", i) for i in range(2)]
    agenda = plan(details, cases, [], [AgendaBreak(1, 20)])  # 9:30 +15 +15 +20 +15 +5
    assert f"{agenda.ends:%H:%M}" == "10:40"
    before = meeting_clock(agenda, datetime(2026, 12, 1, 9, 45), 0, 0, set())
    assert before.text == "On time to end at 10:40"  # the break still to come counts
    # The break skipped: the second case opened straight after the first, at 10:00.
    skipped = meeting_clock(agenda, datetime(2026, 12, 1, 10, 0), 1, 0, {0})
    assert skipped.text == "Ends about 10:20, 20 min early (planned 10:40)"
