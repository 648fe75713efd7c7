"""Chasing overdue actions: which are late enough, grouped by agency, and a chaser that
names actions by reference, meeting and due date only."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain import action_chase as rules
from marac_desk.domain.action_chase import Contact, LateAction

TODAY = date(2026, 12, 3)


@given(st.integers(-20, 40), st.integers(0, 30), st.booleans())
def test_an_action_is_chased_once_overdue_by_more_than_the_setting(
    late_by: int, after: int, outstanding: bool
) -> None:
    due = TODAY - timedelta(days=late_by)
    assert rules.to_chase(due, outstanding, TODAY, after) == (outstanding and late_by > after)
    assert not rules.to_chase(None, True, TODAY, after)


def action(n: int, reference: str, due_days_ago: int) -> LateAction:
    return LateAction(n, reference, date(2026, 11, 5), TODAY - timedelta(days=due_days_ago))


def test_late_actions_by_agency_most_first_with_their_contact() -> None:
    found = rules.late_agencies(
        [
            ("housing", action(1, "M-1", 10)),
            ("POLICE", action(2, "M-2", 9)),
            ("HOUSING", action(3, "M-3", 30)),
            ("", action(4, "M-4", 30)),  # no owner agency: nobody to chase
        ],
        {"HOUSING": "Housing", "POLICE": "Police"},
        {"HOUSING": Contact("Jo Bloggs", "jo@housing.example")},
    )
    assert [f.agency_code for f in found] == ["HOUSING", "POLICE"]
    assert [a.reference for a in found[0].actions] == ["M-3", "M-1"]  # oldest due first
    assert found[0].contact_line == "Jo Bloggs, jo@housing.example"
    assert found[1].contact_line == "no single point of contact recorded"


def test_the_chaser_names_actions_without_their_words() -> None:
    (late,) = rules.late_agencies(
        [("HOUSING", action(1, "M-1", 10)), ("HOUSING", action(2, "M-2", 1))],
        {"HOUSING": "Housing"},
        {"HOUSING": Contact("Jo Bloggs", "jo@housing.example")},
    )
    text = rules.chaser_text(late, marac_name="Northtown MARAC", coordinator="Sam", today=TODAY)
    assert text.startswith("Subject: MARAC actions overdue: Housing")
    assert "To Jo Bloggs, Housing" in text and "2 actions" in text
    assert "M-1: agreed at the meeting on 05/11/2026, due 23/11/2026 (10 days ago)" in text
    assert "(1 day ago)" in text and "secure email only" in text
