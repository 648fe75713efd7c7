"""The dashboard's counts, recounted by hand from the definitions, and the local report's
suppression over the return's table and the charts together, checked by solving the
whole system for itself."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desk.domain import dashboard as db
from marac_desk.domain import data_return as dr
from marac_desk.domain.equality import IDVA_OUTCOMES
from marac_desk.exchange import data_return_export as out
from tests.domain.test_data_return import CATEGORIES, GROUPS, free_cells

Q3 = dr.Quarter(2026, 3)
YEAR = db.Year(Q3)
TODAY = date(2026, 11, 30)
# Fortnightly meetings from August 2025 to October 2026: some before the year, some after.
DAYS = [date(2025, 8, 7) + timedelta(days=14 * n) for n in range(34)]


@st.composite
def case_facts(draw: st.DrawFn, case_id: int) -> dr.CaseFacts:
    meetings = tuple(
        dr.MeetingEntry(day, draw(st.booleans()), draw(st.booleans()))
        for day in draw(st.lists(st.sampled_from(DAYS), max_size=2, unique=True))
    )
    agency = draw(st.sampled_from(("", "gone", *CATEGORIES)))
    return dr.CaseFacts(
        case_id=case_id,
        reference=f"M-{case_id}",
        repeat=draw(st.booleans()),
        meetings=meetings,
        heard_on=draw(st.sampled_from(("", "2025-11-13", "2026-02-05", "2026-08-20"))),
        referral_date=draw(st.dates(date(2025, 7, 1), date(2026, 10, 31))).isoformat(),
        agency_category="" if agency == "gone" else agency,
        agency_is_police=agency == "police",
        children_in_household=draw(st.sampled_from((0, 0, 1, 3))),
        idva_outcome=draw(st.sampled_from(("", *IDVA_OUTCOMES, "something else"))),
    )


registers = st.integers(0, 45).flatmap(lambda n: st.tuples(*(case_facts(i + 1) for i in range(n))))
referral_days = st.lists(st.dates(date(2025, 8, 1), date(2026, 11, 30)), max_size=60)


def facts(
    cases: tuple[dr.CaseFacts, ...],
    referrals: list[date] | tuple[date, ...] = (),
    research: tuple[db.ResearchAsked, ...] = (),
    actions: tuple[db.ActionFacts, ...] = (),
    women: int = 0,
) -> db.Facts:
    return db.Facts(
        year=YEAR,
        cases=cases,
        referral_days=tuple(referrals),
        categories=CATEGORIES,
        category_labels={c: c.title() for c in CATEGORIES},
        research=research,
        actions=actions,
        adult_women=women,
        groups=GROUPS,
        today=TODAY,
    )


def discussed(case: dr.CaseFacts) -> date | None:
    """From the definition: the first meeting that discussed it, else the earlier
    register's hearing date."""
    days = [m.day for m in case.meetings if (m.opened if m.run_in_conference else m.day <= TODAY)]
    if days:
        return min(days)
    return date.fromisoformat(case.heard_on) if case.heard_on else None


def test_the_year_is_the_four_quarters_to_the_chosen_one() -> None:
    assert [q.code for q in YEAR.quarters] == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert YEAR.first_day == date(2025, 10, 1) and YEAR.last_day == date(2026, 9, 30)
    assert YEAR.months[0] == date(2025, 10, 1) and YEAR.months[-1] == date(2026, 9, 1)
    assert len(set(YEAR.months)) == 12
    assert db.Year(dr.Quarter(2026, 4)).months[0] == date(2026, 1, 1)
    assert YEAR.label == "October 2025 to September 2026"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers, referral_days)
def test_every_count_equals_a_recount_by_hand(cases, referrals) -> None:
    counted = db.count(facts(cases, referrals))
    values = counted.values
    for quarter in YEAR.quarters:
        mine = [c for c in cases if (d := discussed(c)) is not None and d in quarter]
        assert values[(quarter.code, "cases")] == len(mine)
        assert values[(quarter.code, "repeats")] == sum(c.repeat for c in mine)
        assert values[(quarter.code, "children")] == sum(c.children_in_household for c in mine)
        assert values[(quarter.code, "with_children")] == sum(
            1 for c in mine if c.children_in_household
        )
    year = [
        c for c in cases if (d := discussed(c)) is not None and YEAR.first_day <= d <= YEAR.last_day
    ]
    assert values[("year", "cases")] == len(year)
    for category in CATEGORIES:
        assert values[("year", f"agency:{category}")] == sum(
            1 for c in year if c.agency_category == category
        )
    assert values[("year", "agency_not_recorded")] == sum(
        1 for c in year if c.agency_category not in CATEGORIES
    )
    for outcome in IDVA_OUTCOMES:
        assert values[("year", f"idva:{outcome}")] == sum(
            1 for c in year if c.idva_outcome == outcome
        )
    assert values[("year", "idva:Not recorded")] == sum(
        1 for c in year if c.idva_outcome not in IDVA_OUTCOMES
    )
    for month in YEAR.months:
        assert values[(db.month_code(month), "referrals")] == sum(
            1 for d in referrals if (d.year, d.month) == (month.year, month.month)
        )
    # The chosen quarter's bars are the return's own figures.
    table = dr.count(cases, Q3, groups=GROUPS, categories=CATEGORIES, today=TODAY)
    for measure in ("cases", "repeats", "children"):
        assert values[(Q3.code, measure)] == table.value(dr.TOTAL, measure)
    # And every sum the suppression relies on is true of the counts.
    for group in counted.groups:
        everything = values | {k: c.value for k, c in table.cells.items()}
        assert sum(everything[p] for p in group.parts) == everything[group.total]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers, referral_days, st.integers(2, 8))
def test_a_local_report_never_reveals_a_small_count_in_the_table_or_the_charts(
    cases, referrals, threshold
) -> None:
    table = dr.count(cases, Q3, groups=GROUPS, categories=CATEGORIES, today=TODAY)
    counted = db.count(facts(cases, referrals))
    hidden = out.hidden_cells(table, counted, threshold)
    values = {k: c.value for k, c in table.cells.items()} | counted.values
    groups = dr.groups_of(table) + counted.groups
    small = {k for k, v in values.items() if 0 < v < threshold}
    printed = set(values) - counted.unpublished
    assert small & printed <= hidden
    assert not hidden & counted.unpublished  # never printed, so never listed as hidden
    # An attacker knows every printed count that is not hidden, and every sum. Every
    # hidden count and every small count no one prints must still be free to move.
    unknown = hidden | counted.unpublished
    free = free_cells(values, groups, unknown)
    assert hidden <= free
    assert small & counted.unpublished <= free
    # The charts draw exactly what is not hidden.
    for chart in db.charts(counted, hidden):
        if chart.key == "referrals":
            for month, value in zip(YEAR.months, chart.series[0].values, strict=True):
                key = (db.month_code(month), "referrals")
                assert (value is None) == (key in hidden)
                assert value is None or value == values[key]
        if chart.key == "repeat_rate":
            for quarter, rate in zip(YEAR.quarters, chart.series[0].values, strict=True):
                either = {(quarter.code, "repeats"), (quarter.code, "cases")} & hidden
                if either:
                    assert rate is None  # a rate and a count give the other away


def test_one_small_quarter_is_not_given_away_by_the_year() -> None:
    # Thirty cases over the year, two of them in the chosen quarter: the quarter's two is
    # hidden, and so is something that would let it be worked out (the year, or another
    # quarter, with the "nine months before" that is never printed).
    day_of = {0: date(2025, 11, 13), 1: date(2026, 2, 5), 2: date(2026, 8, 20)}
    cases = tuple(
        dr.CaseFacts(
            i, f"M-{i}", False, heard_on=day_of[0 if i < 14 else 1 if i < 28 else 2].isoformat()
        )
        for i in range(30)
    )
    table = dr.count(cases, Q3, groups=GROUPS, categories=CATEGORIES, today=TODAY)
    counted = db.count(facts(cases))
    hidden = out.hidden_cells(table, counted, 5)
    assert (dr.TOTAL, "cases") in hidden and (Q3.code, "cases") in hidden
    assert ("year", "cases") in hidden or any(
        (q.code, "cases") in hidden for q in YEAR.quarters[:3]
    )
    shown = {c.key: c for c in db.charts(counted, hidden)}
    assert shown["repeat_rate"].series[0].values[-1] is None


def test_the_rate_per_10000_women_and_its_reference() -> None:
    cases = tuple(dr.CaseFacts(i, f"M-{i}", False, heard_on="2026-08-20") for i in range(50))
    chart = next(c for c in db.charts(db.count(facts(cases, women=100_000))) if c.key == "volume")
    assert chart.series[0].values[-1] == 50 * 4 * 10_000 / 100_000  # 20 a year
    assert chart.reference == 40
    assert "5.0 cases per 10,000" in chart.summary
    unset = next(c for c in db.charts(db.count(facts(cases))) if c.key == "volume")
    assert unset.empty and not unset.series


def test_nil_returns_over_the_last_six_meetings_by_agency() -> None:
    days = [date(2026, 1, 8) + timedelta(days=14 * n) for n in range(8)]
    research = []
    for n, day in enumerate(days):
        research += [
            db.ResearchAsked(day, "Housing", returned=True, nil=True),
            db.ResearchAsked(day, "Housing", returned=False, nil=False),
            db.ResearchAsked(day, "Police", returned=True, nil=False),
            db.ResearchAsked(day, "GP", returned=n % 2 == 0, nil=n % 2 == 0),
        ]
    chart = next(
        c
        for c in db.charts(db.count(facts((), research=tuple(research))))
        if c.key == "nil_returns"
    )
    assert chart.labels == ("Housing", "GP")  # the police returned something every time
    nil, missing = chart.series
    assert nil.values == (6.0, 3.0) and missing.values == (6.0, 3.0)  # the last six only
    assert not chart.about_people
    assert "Over the last 6 meetings, Housing" in chart.summary


def test_actions_not_completed_or_overdue_by_agency() -> None:
    actions = (
        db.ActionFacts("Housing", "not_completed", date(2026, 5, 1)),
        db.ActionFacts("Housing", "open", TODAY - timedelta(days=1)),
        db.ActionFacts("Housing", "open", TODAY),  # due today: not overdue yet
        db.ActionFacts("Police", "in_progress", date(2026, 6, 1)),
        db.ActionFacts("Police", "completed", date(2026, 6, 1)),
        db.ActionFacts("Police", "circumstances_changed", date(2026, 6, 1)),
        db.ActionFacts("GP", "open", None),  # no due date: never overdue
        db.ActionFacts("", "not_completed", None),
    )
    chart = next(c for c in db.charts(db.count(facts((), actions=actions))) if c.key == "actions")
    assert chart.labels == ("Housing", "No owner agency", "Police")
    assert chart.series[0].values == (1.0, 1.0, 0.0)
    assert chart.series[1].values == (1.0, 0.0, 1.0)


def test_agency_charts_keep_to_twelve_bars_and_say_how_many_more() -> None:
    actions = tuple(
        db.ActionFacts(f"Agency {n:02d}", "not_completed", None)
        for n in range(15)
        for _ in range(n + 1)
    )
    chart = next(c for c in db.charts(db.count(facts((), actions=actions))) if c.key == "actions")
    assert len(chart.labels) == db.MOST_AGENCIES
    assert chart.labels[0] == "Agency 14"
    assert "3 more agencies have fewer" in chart.summary


def test_an_empty_year_says_so_on_every_chart() -> None:
    for chart in db.charts(db.count(facts(()))):
        if chart.key != "referrals":
            assert chart.empty, chart.key
