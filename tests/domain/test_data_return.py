"""The quarterly data return's counting and suppression rules, recounted by hand.

The recount below is written from the definitions, case by case, without the module's
helpers; the suppression check solves the table for itself and looks for any hidden
cell that has only one possible value.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desk import paths
from marac_desk.domain import data_return as dr
from marac_desk.domain.equality import ETHNICITIES

GROUPS = dr.parse_ethnicity_groups(
    (paths.resources_dir() / "ethnicity_groups.json").read_text("utf-8")
)
CATEGORIES = ("police", "idva", "acute_health", "housing")
Q3 = dr.Quarter(2026, 3)
TODAY = date(2026, 11, 30)
MEETING_DAYS = [date(2026, 6, 18) + timedelta(days=14 * n) for n in range(9)]  # Jun to Oct


@st.composite
def case_facts(draw: st.DrawFn, case_id: int) -> dr.CaseFacts:
    meetings = tuple(
        dr.MeetingEntry(day, draw(st.booleans()), draw(st.booleans()))
        for day in draw(st.lists(st.sampled_from(MEETING_DAYS), max_size=3, unique=True))
    )
    born = draw(st.none() | st.dates(date(1930, 1, 1), date(2012, 1, 1)))
    referral = draw(st.dates(date(2026, 5, 1), date(2026, 10, 31)))
    agency = draw(st.sampled_from(("", "gone", *CATEGORIES)))
    return dr.CaseFacts(
        case_id=case_id,
        reference=f"M-{case_id}",
        repeat=draw(st.booleans()),
        meetings=meetings,
        heard_on=draw(st.sampled_from(("", "2026-08-03", "2026-05-30", "2026-13-40"))),
        referral_date=referral.isoformat(),
        agency_category="" if agency == "gone" else agency,
        agency_is_police=agency == "police",
        ethnicity_category=draw(st.sampled_from(("", *ETHNICITIES))),
        ethnicity_written=draw(st.sampled_from(("", "white british", "  "))),
        lgbt=draw(st.sampled_from(("", "Yes", "No", "Not known"))),
        disability=draw(st.sampled_from(("", "Yes", "No", "Not known"))),
        gender=draw(st.sampled_from(("", "Female", "Male", "Non-binary"))),
        date_of_birth="" if born is None else born.isoformat(),
        age_band=draw(st.sampled_from(("", "16–17", "18–24", "Not known"))),
        children_in_household=draw(st.integers(0, 4)),
        children_not_recorded=draw(st.integers(0, 2)),
        perpetrator_under_18=draw(st.booleans()),
    )


registers = st.integers(0, 40).flatmap(lambda n: st.tuples(*(case_facts(i + 1) for i in range(n))))


def counted_on(case: dr.CaseFacts) -> date | None:
    """Written from the definition: the earliest meeting that discussed it."""
    best = None
    for meeting in case.meetings:
        discussed = meeting.opened if meeting.run_in_conference else meeting.day <= TODAY
        if discussed and (best is None or meeting.day < best):
            best = meeting.day
    if best is None and case.heard_on:
        try:
            best = date.fromisoformat(case.heard_on)
        except ValueError:
            best = None
    return best


def recount(cases: tuple[dr.CaseFacts, ...]) -> dict[tuple[date | None, str], int]:
    found: dict[tuple[date | None, str], int] = {}

    def add(day: date, key: str, amount: int = 1) -> None:
        for column in (day, None):
            found[(column, key)] = found.get((column, key), 0) + amount

    for case in cases:
        day = counted_on(case)
        if day is None or not date(2026, 7, 1) <= day <= date(2026, 9, 30):
            continue
        add(day, "cases")
        if case.repeat:
            add(day, "repeats")
        add(day, "children", case.children_in_household)
        add(day, "children_not_recorded", case.children_not_recorded)
        if case.agency_category in CATEGORIES:
            add(day, "police" if case.agency_category == "police" else "partner")
            add(day, f"agency:{case.agency_category}")
        else:
            add(day, "agency_not_recorded")
        group = GROUPS.by_category.get(case.ethnicity_category)
        if group == "minoritised":
            add(day, "minoritised")
        if group == "not_known" or (
            not case.ethnicity_category and not case.ethnicity_written.strip()
        ):
            add(day, "ethnicity_not_known")
        if not case.ethnicity_category and case.ethnicity_written.strip():
            add(day, "ethnicity_not_mapped")
        if case.lgbt == "Yes":
            add(day, "lgbt")
        if case.disability == "Yes":
            add(day, "disabled")
        if case.gender == "Male":
            add(day, "male")
        if case.date_of_birth:
            born = date.fromisoformat(case.date_of_birth)
            on = date.fromisoformat(case.referral_date)
            years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
            young = 16 <= years <= 17
        else:
            young = case.age_band == "16–17"
        if young:
            add(day, "aged_16_17")
        if case.perpetrator_under_18:
            add(day, "perpetrator_under_18")
    return {k: v for k, v in found.items() if v}


def count(cases: tuple[dr.CaseFacts, ...]) -> dr.DataReturn:
    return dr.count(cases, Q3, groups=GROUPS, categories=CATEGORIES, today=TODAY)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers)
def test_every_count_equals_a_recount_by_hand(cases: tuple[dr.CaseFacts, ...]) -> None:
    result = count(cases)
    shown = {k: c.value for k, c in result.cells.items() if c.value}
    assert shown == recount(cases)
    for (day, key), cell in result.cells.items():
        # The cases behind a count are the ones that made it.
        if not dr.MEASURE_BY_KEY.get(key, dr.MEASURES[0]).is_sum:
            assert len(cell.cases) == cell.value
        assert all(counted_on(c) in Q3 for c in cases if c.case_id in cell.cases)
        if day is not None:
            assert all(counted_on(c) == day for c in cases if c.case_id in cell.cases)


def test_a_person_referred_twice_counts_twice_and_is_one_repeat() -> None:
    first = dr.CaseFacts(1, "M-1", False, (dr.MeetingEntry(date(2026, 7, 9), True, True),))
    again = dr.CaseFacts(2, "M-2", True, (dr.MeetingEntry(date(2026, 9, 3), True, True),))
    result = count((first, again))
    assert result.value(None, "cases") == 2
    assert result.value(None, "repeats") == 1
    assert result.value(date(2026, 9, 3), "repeats") == 1


def test_a_case_carried_over_counts_at_its_first_discussion_only() -> None:
    carried = dr.CaseFacts(
        1,
        "M-1",
        False,
        (
            dr.MeetingEntry(date(2026, 7, 9), True, False),  # listed, not reached
            dr.MeetingEntry(date(2026, 7, 23), True, True),
            dr.MeetingEntry(date(2026, 8, 6), True, True),  # discussed again
        ),
    )
    result = count((carried,))
    assert result.meeting_dates == (date(2026, 7, 23),)
    assert result.value(None, "cases") == 1
    # First discussed in the quarter before: not this quarter's.
    earlier = dr.CaseFacts(2, "M-2", False, (dr.MeetingEntry(date(2026, 6, 25), False, False),))
    assert count((earlier,)).value(None, "cases") == 0


def test_ages_from_the_date_of_birth_and_the_band() -> None:
    turning = dr.CaseFacts(1, "M", False, date_of_birth="2008-08-02", referral_date="2026-08-01")
    assert dr.victim_age(turning) == 17 and dr.aged_16_17(turning)
    assert not dr.aged_16_17(
        dr.CaseFacts(1, "M", False, date_of_birth="2008-08-01", referral_date="2026-08-01")
    )
    assert dr.aged_16_17(dr.CaseFacts(1, "M", False, age_band="16–17"))
    # A date of birth outranks a band that disagrees with it.
    assert not dr.aged_16_17(
        dr.CaseFacts(
            1, "M", False, age_band="16–17", date_of_birth="1990-01-01", referral_date="2026-08-01"
        )
    )
    perpetrators = [{"date_of_birth": "2009-01-01"}, {"under_18": "No"}]
    assert dr.perpetrator_under_18(perpetrators, "2026-08-01")
    assert not dr.perpetrator_under_18([{"date_of_birth": "2008-08-01"}], "2026-08-01")
    assert dr.perpetrator_under_18([{"under_18": "Yes"}], "2026-08-01")
    # The date of birth decides when both are given.
    assert not dr.perpetrator_under_18(
        [{"date_of_birth": "1980-01-01", "under_18": "Yes"}], "2026-08-01"
    )


def test_children_in_the_household() -> None:
    children = [
        {"lives_in_household": "Yes"},
        {"lives_in_household": "No"},
        {"lives_in_household": "Not known"},
        {},
        {"lives_in_household": "Yes", "unborn": True},
    ]
    assert dr.children_counts(children) == (1, 2)


@pytest.mark.parametrize(
    ("text", "quarter", "first", "last"),
    [
        ("2026Q3", dr.Quarter(2026, 3), date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-q1", dr.Quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (" 2025Q4 ", dr.Quarter(2025, 4), date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_quarters(text: str, quarter: dr.Quarter, first: date, last: date) -> None:
    assert dr.Quarter.parse(text) == quarter
    assert (quarter.first_day, quarter.last_day) == (first, last)
    assert dr.Quarter.containing(last) == quarter


@pytest.mark.parametrize("text", ["2026Q5", "Q3", "July", "1999Q1", ""])
def test_a_quarter_that_is_not_one_is_explained(text: str) -> None:
    with pytest.raises(ValueError, match=r"2026Q3|year"):
        dr.Quarter.parse(text)


def test_the_shipped_groups_map_every_category() -> None:
    assert set(GROUPS.by_category) == set(ETHNICITIES)
    assert GROUPS.group("Not known") == "not_known"
    assert GROUPS.group("White: English, Welsh, Scottish, Northern Irish or British") == "white"
    with pytest.raises(ValueError, match="unmapped"):
        dr.parse_ethnicity_groups('{"groups": {"minoritised": "x", "not_known": "y"}, "map": {}}')


# -- suppression -------------------------------------------------------------------------


def free_cells(values, groups, hidden) -> set:
    """The hidden cells that can take more than one value: those where some solution of the
    sums with nothing shown changed (a null-space vector of the system) is non-zero."""
    unknown = sorted(hidden, key=str)
    rows = []
    for group in groups:
        row = [Fraction(int(c in group.parts) - int(c == group.total)) for c in unknown]
        if any(row):
            rows.append(row)
    # Gauss-Jordan, then one null-space vector per free column.
    pivot_of: dict[int, int] = {}
    r = 0
    for col in range(len(unknown)):
        found = next((i for i in range(r, len(rows)) if rows[i][col]), None)
        if found is None:
            continue
        rows[r], rows[found] = rows[found], rows[r]
        rows[r] = [x / rows[r][col] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col]:
                rows[i] = [a - rows[i][col] * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivot_of[col] = r
        r += 1
    free = set()
    for col in range(len(unknown)):
        if col in pivot_of:
            continue
        free.add(unknown[col])  # itself moves in its own null vector
        for pcol, prow in pivot_of.items():
            if rows[prow][col]:
                free.add(unknown[pcol])
    return free


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers, st.integers(2, 8))
def test_suppression_never_reveals_a_hidden_count(cases, threshold: int) -> None:
    result = count(cases)
    values = {k: c.value for k, c in result.cells.items()}
    groups = dr.groups_of(result)
    for group in groups:  # the sums are true of the table, so an attacker has them
        assert sum(values[p] for p in group.parts) == values[group.total]
    hidden = dr.suppress(values, groups, threshold)
    assert {k for k, v in values.items() if 0 < v < threshold} <= hidden
    assert all(sum(c in hidden for c in g.cells) != 1 for g in groups)
    assert free_cells(values, groups, hidden) == set(hidden)


def test_one_small_count_takes_another_with_it() -> None:
    day = date(2026, 7, 9)
    cases = tuple(
        dr.CaseFacts(
            i,
            f"M-{i}",
            False,
            (dr.MeetingEntry(day, True, True),),
            agency_category="police" if i < 8 else "idva",
            agency_is_police=i < 8,
        )
        for i in range(1, 21)
    )
    result = count(cases)
    values = {k: c.value for k, c in result.cells.items()}
    hidden = dr.suppress(values, dr.groups_of(result), 5)
    # Nothing under 5 in who referred: 7 by the police, 13 by partners; all shown.
    assert (None, "police") not in hidden and (None, "cases") not in hidden
    few = cases[:3]
    result = count(few)
    values = {k: c.value for k, c in result.cells.items()}
    hidden = dr.suppress(values, dr.groups_of(result), 5)
    assert (None, "cases") in hidden and (day, "cases") in hidden
