"""Long-term safety: after a case is heard, a date to check on it again (by default the
end of its repeat window, when a further incident would stop being a repeat) and what to
check. Pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import RuleSettings, repeat_window_end
from marac_desk.domain.dates import add_months, uk_date

MAX_WHAT = 2000
DUE_SOON = timedelta(days=7)  # Home lists a follow-up this long before its date
LONGEST = 60  # months ahead a follow-up may be set


@dataclass(frozen=True)
class FollowUp:
    follow_up_id: int
    case_id: int
    due_on: date
    what: str
    done_on: date | None = None
    done_note: str = ""

    @property
    def open(self) -> bool:
        return self.done_on is None


def default_due(last_referral: date | None, today: date, rules: RuleSettings) -> date:
    """The end of the repeat window; a week from today when that has passed (or the case
    has no referral date)."""
    if last_referral is not None:
        end = repeat_window_end(last_referral, rules)
        if end > today:
            return end
    return today + DUE_SOON


def problems(due: date | None, what: str, status: CaseStatus, today: date) -> list[str]:
    """Why this follow-up cannot be set (empty when it can)."""
    found: list[str] = []
    if status is not CaseStatus.HEARD:
        found.append("Only a case that has been heard gets a follow-up: hear it first.")
    if due is None:
        found.append("Give the date to follow the case up.")
    elif due < today:
        found.append(f"{uk_date(due)} has passed: choose a date from today on.")
    elif due > add_months(today, LONGEST):
        found.append(f"{uk_date(due)} is more than five years ahead: choose a nearer date.")
    if not what.strip():
        found.append("Say what to check when the date comes.")
    elif len(what) > MAX_WHAT:
        found.append(f"Keep what to check under {MAX_WHAT:,} characters.")
    return found


def is_due(follow_up: FollowUp, today: date) -> bool:
    """Listed on Home: open, and due within a week (or overdue)."""
    return follow_up.open and follow_up.due_on <= today + DUE_SOON


def overdue(follow_up: FollowUp, today: date) -> bool:
    return follow_up.open and follow_up.due_on < today
