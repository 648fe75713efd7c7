"""The agenda: suggested order, moves and the planned times."""

from __future__ import annotations

from datetime import date, time

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain.meetings import (
    AgendaCase,
    LineKind,
    MeetingDetails,
    Notice,
    details_problems,
    moved,
    plan,
    suggested_order,
)

DETAILS = MeetingDetails(date(2026, 12, 1), time(9, 30), venue="Room 4", minutes_per_case=15)


def case(case_id: int, children: int, position: int, time_box: int | None = None) -> AgendaCase:
    return AgendaCase(
        case_id, f"M2026-{case_id:04d}", f"VICTIM{case_id}", children, False, "", position, time_box
    )


def test_children_first_then_adults_each_in_listing_order() -> None:
    ordered = suggested_order([case(1, 0, 0), case(2, 2, 1), case(3, 0, 2), case(4, 1, 3)])
    assert [c.case_id for c in ordered] == [2, 4, 1, 3]
    assert [c.position for c in ordered] == [0, 1, 2, 3]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 50)), max_size=30))
def test_suggested_order_never_puts_an_adult_case_before_one_with_children(raw) -> None:
    cases = [case(i, children, pos) for i, (children, pos) in enumerate(raw)]
    ordered = suggested_order(cases)
    assert sorted(c.case_id for c in ordered) == sorted(c.case_id for c in cases)
    flags = [c.has_children for c in ordered]
    assert flags == sorted(flags, reverse=True)


def test_moving_is_clamped_and_keeps_every_case() -> None:
    cases = [case(i, 0, i) for i in range(4)]
    assert [c.case_id for c in moved(cases, 3, -2)] == [0, 3, 1, 2]
    assert [c.case_id for c in moved(cases, 0, -5)] == [0, 1, 2, 3]
    assert [c.case_id for c in moved(cases, 0, 9)] == [1, 2, 3, 0]


def test_plan_gives_each_line_its_start_and_the_end_time() -> None:
    agenda = plan(
        DETAILS,
        [case(1, 1, 0), case(2, 0, 1, time_box=25)],
        [Notice("M2025-0001", "OLD, Case", "2025-11-20")],
    )
    kinds = [line.kind for line in agenda.lines]
    assert kinds == [
        LineKind.CONFIDENTIALITY,
        LineKind.ACTIONS_REVIEW,
        LineKind.CASE,
        LineKind.CASE,
        LineKind.NOTICES,
        LineKind.AOB,
    ]
    starts = [line.starts for line in agenda.lines]
    assert starts == [
        time(9, 30),
        time(9, 35),
        time(9, 45),
        time(10, 0),
        time(10, 25),
        time(10, 30),
    ]
    assert agenda.ends == time(10, 35)
    assert agenda.lines[2].section == "Cases with children"
    assert agenda.lines[3].section == "Adult-only cases"


def test_no_notices_line_when_no_case_reached_twelve_months() -> None:
    agenda = plan(DETAILS, [], [])
    assert LineKind.NOTICES not in [line.kind for line in agenda.lines]


def test_details_need_a_venue_unless_online_and_a_deadline_before_the_meeting() -> None:
    bad = MeetingDetails(
        date(2026, 12, 1), time(9, 30), research_deadline=date(2026, 12, 2), minutes_per_case=0
    )
    fields = {field for field, _ in details_problems(bad)}
    assert fields == {"venue", "research_deadline", "minutes_per_case"}
    online = MeetingDetails(
        date(2026, 12, 1), time(9, 30), online=True, research_deadline=date(2026, 11, 26)
    )
    assert details_problems(online) == []
    assert online.where == "Online"
    assert online.title == "Tuesday 1 December 2026, 09:30"
