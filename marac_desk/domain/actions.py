"""Actions agreed at a MARAC: who owns them, by when, how they went, and the warnings a
coordinator needs while typing them. An action stays its owner agency's responsibility."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MAX_ACTION_TEXT = 4000
MAX_NOTE = 4000


class ActionStatus(StrEnum):
    OPEN = "open"  # agreed, not reviewed yet
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    # Not possible because circumstances changed: minuted apart from "not done".
    CIRCUMSTANCES_CHANGED = "circumstances_changed"
    NOT_COMPLETED = "not_completed"
    NOT_REQUIRED = "not_required"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def outstanding(self) -> bool:
        """Still to be reviewed at the next meeting."""
        return self in OUTSTANDING


STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.COMPLETED: "Completed",
    ActionStatus.CIRCUMSTANCES_CHANGED: "Not completed: circumstances changed",
    ActionStatus.NOT_COMPLETED: "Not completed",
    ActionStatus.NOT_REQUIRED: "No longer required",
}
# Not done stays outstanding: persistent non-completion is reviewed again, and again.
OUTSTANDING = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.NOT_COMPLETED})
# The statuses a review sets, in the order of the keys 1 to 5 that choose them.
REVIEW_CHOICES = (
    ActionStatus.COMPLETED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.CIRCUMSTANCES_CHANGED,
    ActionStatus.NOT_COMPLETED,
    ActionStatus.NOT_REQUIRED,
)


@dataclass(frozen=True)
class Action:
    text: str
    owner_agency: str = ""  # code from the directory
    owner_name: str = ""
    due_on: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    status_note: str = ""
    action_id: int | None = None

    @property
    def short(self) -> str:
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first if len(first) <= 60 else first[:57] + "…"

    def gaps(self) -> list[str]:
        """What the action lacks to be SMART enough to minute."""
        found: list[str] = []
        if not self.owner_agency:
            found.append("no owner agency")
        if not self.owner_name.strip():
            found.append("no named owner")
        if self.due_on is None:
            found.append("no deadline")
        return found

    def overdue(self, today: date) -> bool:
        return self.status.outstanding and self.due_on is not None and self.due_on < today


def action_problems(action: Action, directory: Mapping[str, str]) -> list[str]:
    """What stops an action being saved at all (gaps only warn)."""
    problems: list[str] = []
    if not action.text.strip():
        problems.append("Write the action: what will be done.")
    if len(action.text) > MAX_ACTION_TEXT:
        problems.append(f"Keep the action under {MAX_ACTION_TEXT:,} characters.")
    if action.owner_agency and action.owner_agency.upper() not in directory:
        problems.append(
            f"{action.owner_agency} is not in the agency directory: choose the owner from it."
        )
    if len(action.owner_name) > 200:
        problems.append("Keep the owner's name under 200 characters.")
    if len(action.status_note) > MAX_NOTE:
        problems.append(f"Keep the note under {MAX_NOTE:,} characters.")
    return problems


def warnings(
    action: Action, present: Collection[str], names: Mapping[str, str] | None = None
) -> list[str]:
    """Warnings shown as the action is typed: gaps, and an owner agency nobody present
    speaks for (an action given to an absent agency may never reach it)."""
    found = [gap[0].upper() + gap[1:] + "." for gap in action.gaps()]
    code = action.owner_agency.upper()
    if code and code not in {p.upper() for p in present}:
        name = (names or {}).get(code, code)
        found.append(f"Nobody from {name} is present: make sure the action reaches them.")
    return found


class Deadline(StrEnum):
    TODAY = "today"
    HOURS_48 = "48h"
    DAYS_7 = "7d"
    NEXT_MEETING = "next"

    @property
    def label(self) -> str:
        return {
            "today": "Today",
            "48h": "Within 48 hours",
            "7d": "Within 7 days",
            "next": "By the next meeting",
        }[self.value]


DEFAULT_MEETING_GAP = timedelta(days=28)


def quick_deadline(choice: Deadline, meeting_day: date, next_meeting: date | None) -> date:
    """The date a quick choice stands for, counted from the meeting's day. With no next
    meeting planned yet, "next meeting" means four weeks on (MARACs mostly meet monthly)."""
    if choice is Deadline.TODAY:
        return meeting_day
    if choice is Deadline.HOURS_48:
        return meeting_day + timedelta(days=2)
    if choice is Deadline.DAYS_7:
        return meeting_day + timedelta(days=7)
    return next_meeting or meeting_day + DEFAULT_MEETING_GAP


def update_problems(status: ActionStatus, note: str) -> list[str]:
    problems: list[str] = []
    if status is ActionStatus.OPEN:
        problems.append("Choose what happened: open is only for an action not reviewed yet.")
    if status in (ActionStatus.CIRCUMSTANCES_CHANGED, ActionStatus.NOT_COMPLETED) and not (
        note.strip()
    ):
        problems.append("Say why the action was not completed: the minutes record it.")
    if len(note) > MAX_NOTE:
        problems.append(f"Keep the note under {MAX_NOTE:,} characters.")
    return problems
