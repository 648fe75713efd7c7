"""The referral criteria, repeat window and date checks."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain.criteria import (
    CriteriaInput,
    Criterion,
    Decision,
    RuleSettings,
    Severity,
    assess,
    check_dates,
    confirms_repeat,
    incidents_in_period,
    is_repeat,
    repeat_window_end,
    window_closed_since,
)
from marac_desk.domain.dates import add_months, age_on

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
rules_st = st.builds(
    RuleSettings,
    dash_threshold=st.integers(1, 24),
    escalation_incidents=st.integers(1, 10),
    repeat_months=st.integers(1, 36),
)


@given(
    st.integers(0, 24),
    st.booleans(),
    st.text(max_size=20),
    st.integers(0, 12),
    st.booleans(),
    rules_st,
)
def test_judgement_never_lowers_a_high_score(
    score, chosen, reason, incidents, repeat, rules
) -> None:  # type: ignore[no-untyped-def]
    with_judgement = assess(CriteriaInput(score, chosen, reason, incidents, repeat), rules)
    without = assess(CriteriaInput(score, False, "", incidents, repeat), rules)
    assert set(without.met) <= set(with_judgement.met)
    if score >= rules.dash_threshold:
        assert Criterion.VISIBLE_HIGH_RISK in with_judgement.met


def test_judgement_needs_a_reason_and_never_blocks() -> None:
    result = assess(CriteriaInput(3, judgement_chosen=True, judgement_reason="  "), RuleSettings())
    assert result.met == ()
    assert result.problems == ("Professional judgement needs a written reason.",)
    reasoned = assess(CriteriaInput(3, True, "Strangulation last week"), RuleSettings())
    assert reasoned.met == (Criterion.PROFESSIONAL_JUDGEMENT,)


def test_threshold_boundary_and_other_criteria() -> None:
    rules = RuleSettings(dash_threshold=14)
    assert Criterion.VISIBLE_HIGH_RISK in assess(CriteriaInput(14), rules).met
    assert Criterion.VISIBLE_HIGH_RISK not in assess(CriteriaInput(13), rules).met
    assert assess(CriteriaInput(None, incidents_in_period=3), rules).met == (
        Criterion.POTENTIAL_ESCALATION,
    )
    assert assess(CriteriaInput(2, is_repeat=True), rules).met == (Criterion.REPEAT,)


@given(days, rules_st)
def test_one_day_inside_the_window_is_a_repeat_and_one_day_outside_is_not(last, rules) -> None:  # type: ignore[no-untyped-def]
    end = repeat_window_end(last, rules)
    assert is_repeat(last, end, rules)
    assert is_repeat(last, end - timedelta(days=1), rules)
    assert not is_repeat(last, end + timedelta(days=1), rules)
    assert is_repeat(last, last, rules)


def test_window_end_counts_months_like_people_do() -> None:
    rules = RuleSettings(repeat_months=12)
    assert repeat_window_end(date(2025, 3, 14), rules) == date(2026, 3, 14)
    assert repeat_window_end(date(2024, 2, 29), rules) == date(2025, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


@given(days, st.integers(-400, 400))
def test_add_months_round_trips_on_early_days(day, months) -> None:  # type: ignore[no-untyped-def]
    early = day.replace(day=min(day.day, 28))
    assert add_months(add_months(early, months), -months) == early


def test_window_closed_since() -> None:
    rules = RuleSettings()
    last = date(2025, 1, 10)  # window ends 2026-01-10
    assert window_closed_since(last, date(2026, 1, 1), date(2026, 1, 11), rules)
    assert not window_closed_since(last, date(2026, 1, 1), date(2026, 1, 10), rules)
    assert not window_closed_since(last, date(2026, 1, 11), date(2026, 3, 1), rules)


def test_escalation_counts_incidents_in_the_period_ending_on_the_referral() -> None:
    rules = RuleSettings(escalation_months=12)
    referral = date(2026, 6, 1)
    incidents = [
        date(2025, 6, 1),
        date(2025, 6, 2),
        date(2026, 1, 1),
        date(2026, 6, 1),
        date(2026, 6, 2),
    ]
    assert incidents_in_period(incidents, referral, rules) == 3


def test_impossible_and_doubtful_dates_name_their_field() -> None:
    today = date(2026, 11, 24)
    rules = RuleSettings()
    found = check_dates(
        referral_date=date(2026, 12, 1), today=today, victim_born=date(2027, 1, 1), rules=rules
    )
    assert {(f.field, f.severity) for f in found} == {
        ("referral_date", Severity.ERROR),
        ("victim.date_of_birth", Severity.ERROR),
    }
    before_birth = check_dates(
        referral_date=date(2000, 1, 1), today=today, victim_born=date(2001, 1, 1), rules=rules
    )
    assert [f.field for f in before_birth] == ["referral_date"]
    young = check_dates(referral_date=today, today=today, victim_born=date(2011, 1, 1), rules=rules)
    assert young[0].severity is Severity.CHECK and "15" in young[0].message
    children = check_dates(
        referral_date=today,
        today=today,
        victim_born=date(1990, 5, 5),
        children_born=[
            ("children.0.date_of_birth", date(1989, 1, 1), False),
            ("children.1.date_of_birth", date(2027, 2, 1), False),
            ("children.2.date_of_birth", date(2027, 2, 1), True),
        ],
        rules=rules,
    )
    assert [(f.field, f.severity) for f in children] == [
        ("children.0.date_of_birth", Severity.CHECK),
        ("children.1.date_of_birth", Severity.ERROR),
    ]


@given(days, days)
def test_age_is_never_negative_after_birth(born, on) -> None:  # type: ignore[no-untyped-def]
    if on >= born:
        assert age_on(born, on) >= 0


@given(st.lists(st.tuples(st.sampled_from(list(Decision)), st.booleans()), max_size=6))
def test_only_a_confirmed_pair_inside_the_window_makes_a_repeat(decisions) -> None:  # type: ignore[no-untyped-def]
    expected = (Decision.SAME_PAIR, True) in decisions
    assert confirms_repeat(decisions) is expected


@given(
    last=st.dates(date(2015, 1, 1), date(2030, 1, 1)),
    incident_after=st.integers(-30, 800),
    referral_after=st.integers(0, 400),
    months=st.integers(1, 24),
)
def test_a_repeat_is_counted_to_the_incident_never_to_the_referral(  # type: ignore[no-untyped-def]
    last, incident_after, referral_after, months
) -> None:
    from marac_desk.domain.criteria import counted_to

    rules = RuleSettings(repeat_months=months)
    incident = last + timedelta(days=incident_after)
    referral = incident + timedelta(days=referral_after)
    day, from_referral = counted_to(incident, referral)
    assert day == incident and not from_referral
    assert is_repeat(last, day, rules) == (last <= incident <= add_months(last, months))
    # Only without an incident date does the referral date stand in, and it says so.
    assert counted_to(None, referral) == (referral, True)
