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


def test_a_break_moves_every_later_time_and_keeps_its_place_in_the_day() -> None:
    from marac_desk.domain.meetings import AgendaBreak, LineKind, break_problems

    details = MeetingDetails(date(2026, 12, 1), time(9, 30), minutes_per_case=15)
    cases = [AgendaCase(i, f"M-{i}", f"V{i}", 0, False, "", i) for i in range(4)]
    plain = plan(details, cases, [])
    broken = plan(details, cases, [], [AgendaBreak(2, 20, "Coffee", 7)])
    kinds = [line.kind for line in broken.lines]
    at = kinds.index(LineKind.BREAK)
    assert [line.case.case_id for line in broken.lines[:at] if line.case] == [0, 1]
    assert broken.lines[at].title == "Coffee" and broken.lines[at].break_id == 7
    after = broken.lines[at + 1]
    assert after.case is not None and after.case.case_id == 2
    assert after.starts == time(10, 35)  # 9:30 + 15 opening + 2 × 15 + 20 break
    assert (broken.total_minutes - plain.total_minutes) == 20
    # Reordered cases: the break still comes after the second case heard.
    moved = [
        AgendaCase(c.case_id, c.reference, c.victim, 0, False, "", 3 - c.case_id) for c in cases
    ]
    again = plan(details, moved, [], [AgendaBreak(2, 20, "Coffee", 7)])
    at = [line.kind for line in again.lines].index(LineKind.BREAK)
    assert [line.case.case_id for line in again.lines[:at] if line.case] == [3, 2]
    # A break after more cases than listed comes after the last one, never lost.
    late = plan(details, cases[:1], [], [AgendaBreak(3, 10)])
    assert [line.kind for line in late.lines][2:4] == [LineKind.CASE, LineKind.BREAK]
    assert break_problems(5, 15, 4, "Break") and break_problems(1, 0, 4, "Break")
    assert break_problems(1, 15, 4, " ") and not break_problems(4, 15, 4, "Lunch")
