"""Incidents between meetings: which are repeats that should come back to the MARAC, at
the edges of the repeat window, and the repeat referral started from one."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain import incidents as rules
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import RuleSettings
from marac_desk.domain.dates import add_months
from marac_desk.domain.incidents import Decision, Incident

RULES = RuleSettings()
TODAY = date(2026, 11, 30)
AGENCIES = {"POLICE", "HOUSING"}


def incident(day: date, decision: Decision = Decision.OPEN) -> Incident:
    return Incident(1, 7, day, "POLICE", "Called to the address", "PR/26/1", decision)


@given(
    st.dates(date(2020, 1, 1), date(2026, 6, 1)),
    st.integers(-400, 800),
    st.sampled_from(list(CaseStatus)),
    st.integers(1, 24),
)
def test_a_repeat_is_a_heard_case_and_an_incident_inside_its_window(
    last: date, offset: int, status: CaseStatus, months: int
) -> None:
    window = RuleSettings(repeat_months=months)
    day = last + timedelta(days=offset)
    inside = last <= day <= add_months(last, months)
    assert rules.is_a_repeat(day, status, last, window) == (inside and status is CaseStatus.HEARD)
    # Once decided, Home no longer asks, whatever the decision.
    for decided in (Decision.REFERRED, Decision.NOT_REFERRED):
        assert not rules.prompts(incident(day, decided), status, last, window)
    assert rules.prompts(incident(day), status, last, window) == rules.is_a_repeat(
        day, status, last, window
    )


def test_the_windows_edges() -> None:
    last = date(2026, 1, 31)
    end = add_months(last, 12)
    heard = CaseStatus.HEARD
    assert rules.is_a_repeat(last, heard, last, RULES)  # the referral's own day
    assert rules.is_a_repeat(end, heard, last, RULES)  # the window's last day
    assert not rules.is_a_repeat(end + timedelta(days=1), heard, last, RULES)
    assert not rules.is_a_repeat(last - timedelta(days=1), heard, last, RULES)
    assert not rules.is_a_repeat(last, heard, None, RULES)
    assert "A repeat" in rules.window_note(end, heard, last, RULES)
    assert "closed on" in rules.window_note(end + timedelta(days=1), heard, last, RULES)
    assert "not been heard" in rules.window_note(last, CaseStatus.LISTED, last, RULES)
    assert "Before the last referral" in rules.window_note(date(2025, 1, 1), heard, last, RULES)


def test_bad_incidents_are_explained() -> None:
    def said(**kwargs: object) -> str:
        values = {"day": TODAY, "agency": "police", "what": "Called out", "police_reference": ""}
        values.update(kwargs)
        return " ".join(rules.problems(today=TODAY, agencies=AGENCIES, **values))  # type: ignore[arg-type]

    assert said() == ""
    assert "Give the date" in said(day=None)
    assert "in the future" in said(day=TODAY + timedelta(days=1))
    assert "too long ago" in said(day=date(1980, 1, 1))
    assert "Choose the agency" in said(agency=" ")
    assert "not in the agency directory" in said(agency="MI5")
    assert "Say what happened" in said(what="  ")
    assert "under 4,000" in said(what="x" * 4001)
    assert "at most 40" in said(police_reference="x" * 41)


def test_a_repeat_referral_carries_the_people_and_asks_the_rest_again() -> None:
    form = {
        "victim": {"surname": "Hassan", "forenames": "Leila"},
        "perpetrators": [{"surname": "Barker"}],
        "children": [{"forenames": "Kit"}],
        "others": [],
        "contact": {"safe_to_call": "Yes"},
        "dash": {"1": "yes"},
        "consent": {"aware": "Yes"},
        "referral": {"referral_date": "2026-01-31", "reason": "First time"},
    }
    doc = rules.repeat_referral(form, incident(date(2026, 11, 20)), TODAY, "Police")
    assert doc["victim"] == form["victim"] and doc["perpetrators"] == form["perpetrators"]
    assert doc["children"] == form["children"] and "others" not in doc
    assert "dash" not in doc and "consent" not in doc  # asked again, never carried over
    referral = doc["referral"]
    assert referral == {
        "referral_date": "2026-11-30",
        "incident_date": "2026-11-20",
        "referring_agency": "POLICE",
        "reason": "Incident on 20/11/2026 notified by Police: Called to the address "
        "(police reference PR/26/1)",
    }
