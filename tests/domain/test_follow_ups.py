"""Follow-ups of heard cases: the date suggested, what is refused, and when Home lists one."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain import follow_ups as rules
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import RuleSettings, repeat_window_end
from marac_desk.domain.follow_ups import FollowUp

TODAY = date(2026, 11, 30)
RULES = RuleSettings()


def test_the_suggested_date_is_the_end_of_the_repeat_window() -> None:
    last = date(2026, 3, 12)
    assert rules.default_due(last, TODAY, RULES) == repeat_window_end(last, RULES)
    assert rules.default_due(date(2024, 1, 1), TODAY, RULES) == TODAY + timedelta(days=7)
    assert rules.default_due(None, TODAY, RULES) == TODAY + timedelta(days=7)


def test_what_is_refused() -> None:
    heard = CaseStatus.HEARD
    assert rules.problems(TODAY, "Check the locks", heard, TODAY) == []
    assert "hear it first" in " ".join(rules.problems(TODAY, "x", CaseStatus.LISTED, TODAY))
    assert "Give the date" in " ".join(rules.problems(None, "x", heard, TODAY))
    assert "has passed" in " ".join(rules.problems(TODAY - timedelta(days=1), "x", heard, TODAY))
    assert "five years" in " ".join(rules.problems(date(2032, 1, 1), "x", heard, TODAY))
    assert "Say what to check" in " ".join(rules.problems(TODAY, " ", heard, TODAY))
    assert "under 2,000" in " ".join(rules.problems(TODAY, "x" * 2001, heard, TODAY))


@given(st.integers(-30, 30), st.booleans())
def test_home_lists_an_open_follow_up_from_a_week_before(offset: int, finished: bool) -> None:
    follow_up = FollowUp(1, 2, TODAY + timedelta(days=offset), "Check", TODAY if finished else None)
    assert rules.is_due(follow_up, TODAY) == (not finished and offset <= 7)
    assert rules.overdue(follow_up, TODAY) == (not finished and offset < 0)
