"""Meetings and their agenda: the suggested order, time boxes and the planned end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from marac_desk.domain.dates import long_date

# Time the agenda gives the fixed items. Introductions and the confidentiality statement
# come out of the meeting's opening minutes first; the review of outstanding actions
# has the rest.
CONFIDENTIALITY_MINUTES = 5
NOTICES_MINUTES = 5
AOB_MINUTES = 5
MAX_MINUTES = 120


@dataclass(frozen=True)
class MeetingDetails:
    """What the coordinator types about a meeting."""

    meeting_date: date
    start_time: time
    online: bool = False
    venue: str = ""
    chair: str = ""
    minute_taker: str = ""
    minutes_per_case: int = 15
    opening_minutes: int = 15
    research_deadline: date | None = None  # None: research is not collected

    @property
    def where(self) -> str:
        if self.online:
            return f"Online ({self.venue})" if self.venue else "Online"
        return self.venue

    @property
    def title(self) -> str:
        return f"{long_date(self.meeting_date)}, {self.start_time:%H:%M}"


def details_problems(details: MeetingDetails) -> list[tuple[str, str]]:
    """(field, message) for everything that stops these details being saved."""
    problems: list[tuple[str, str]] = []
    if not details.online and not details.venue.strip():
        problems.append(("venue", "Say where the meeting is held, or mark it as online."))
    for name, value in (
        ("minutes_per_case", details.minutes_per_case),
        ("opening_minutes", details.opening_minutes),
    ):
        low = 1 if name == "minutes_per_case" else 0
        if not low <= value <= MAX_MINUTES:
            problems.append((name, f"Give between {low} and {MAX_MINUTES} minutes."))
    deadline = details.research_deadline
    if deadline is not None and deadline > details.meeting_date:
        problems.append(
            ("research_deadline", "The research deadline must be on or before the meeting.")
        )
    for name, text in (("venue", details.venue), ("chair", details.chair)):
        if len(text) > 200:
            problems.append((name, "Keep this under 200 characters."))
    if len(details.minute_taker) > 200:
        problems.append(("minute_taker", "Keep this under 200 characters."))
    return problems


@dataclass(frozen=True)
class AgendaCase:
    """One case listed on a meeting, with what the agenda shows about it."""

    case_id: int
    reference: str
    victim: str
    children: int
    is_repeat: bool
    transfer_from: str
    position: int
    time_box: int | None = None  # None: the meeting's minutes per case

    @property
    def has_children(self) -> bool:
        return self.children > 0

    @property
    def section(self) -> str:
        return "Cases with children" if self.has_children else "Adult-only cases"

    @property
    def flags(self) -> str:
        parts = []
        if self.is_repeat:
            parts.append("Repeat")
        if self.transfer_from:
            parts.append(f"Transfer in from {self.transfer_from}")
        return "; ".join(parts)


def suggested_order(cases: list[AgendaCase]) -> list[AgendaCase]:
    """Cases with children first (child-only agencies can then leave), then adult-only
    cases; within each, the order they were listed in."""
    ordered = sorted(cases, key=lambda c: (not c.has_children, c.position, c.case_id))
    return [replace(c, position=i) for i, c in enumerate(ordered)]


def moved(cases: list[AgendaCase], case_id: int, steps: int) -> list[AgendaCase]:
    """The agenda with one case moved up (negative steps) or down, clamped at the ends."""
    ordered = sorted(cases, key=lambda c: c.position)
    index = next(i for i, c in enumerate(ordered) if c.case_id == case_id)
    target = max(0, min(len(ordered) - 1, index + steps))
    item = ordered.pop(index)
    ordered.insert(target, item)
    return [replace(c, position=i) for i, c in enumerate(ordered)]


class LineKind(StrEnum):
    CONFIDENTIALITY = "confidentiality"
    ACTIONS_REVIEW = "actions_review"
    CASE = "case"
    NOTICES = "notices"
    AOB = "aob"
    BREAK = "break"


@dataclass(frozen=True)
class AgendaLine:
    kind: LineKind
    title: str
    starts: time
    minutes: int
    case: AgendaCase | None = None
    section: str = ""  # for cases: the heading this case falls under
    break_id: int | None = None  # for breaks: which one, to take it off again


@dataclass(frozen=True)
class AgendaBreak:
    """A break in the meeting: after this many cases, for this long."""

    after_cases: int
    minutes: int
    title: str = "Break"
    break_id: int | None = None


BREAK_MINUTES = (1, 120)


def break_problems(after_cases: int, minutes: int, cases: int, title: str) -> list[str]:
    """What stops a break being put on an agenda of `cases` cases."""
    found: list[str] = []
    if not 0 <= after_cases <= cases:
        found.append(f"A break goes after case 0 to {cases}: there are {cases} cases listed.")
    low, high = BREAK_MINUTES
    if not low <= minutes <= high:
        found.append(f"A break is {low} to {high} minutes long.")
    if not title.strip() or len(title) > 60:
        found.append("Give the break a name of up to 60 characters, such as Break or Lunch.")
    return found


@dataclass(frozen=True)
class Notice:
    """A case whose 12 months since the last referral have passed."""

    reference: str
    victim: str
    last_referral_on: str


@dataclass(frozen=True)
class Agenda:
    details: MeetingDetails
    lines: list[AgendaLine]
    notices: list[Notice]
    ends: time

    @property
    def cases(self) -> list[AgendaCase]:
        return [line.case for line in self.lines if line.case is not None]

    @property
    def total_minutes(self) -> int:
        return sum(line.minutes for line in self.lines)


def plan(
    details: MeetingDetails,
    cases: list[AgendaCase],
    notices: list[Notice],
    breaks: Sequence[AgendaBreak] = (),
) -> Agenda:
    """The agenda in the order given, each item with its planned start and time box, and
    each break after the number of cases it follows (a break placed after more cases than
    are listed comes after the last)."""
    clock = datetime.combine(details.meeting_date, details.start_time)
    lines: list[AgendaLine] = []

    def add(
        kind: LineKind,
        title: str,
        minutes: int,
        case: AgendaCase | None = None,
        break_id: int | None = None,
    ) -> None:
        nonlocal clock
        section = case.section if case else ""
        lines.append(AgendaLine(kind, title, clock.time(), minutes, case, section, break_id))
        clock += timedelta(minutes=minutes)

    opening = min(CONFIDENTIALITY_MINUTES, details.opening_minutes)
    add(LineKind.CONFIDENTIALITY, "Introductions and confidentiality statement", opening)
    add(
        LineKind.ACTIONS_REVIEW,
        "Review of outstanding actions from earlier meetings",
        details.opening_minutes - opening,
    )
    ordered = sorted(cases, key=lambda c: c.position)
    pending = sorted(breaks, key=lambda b: (b.after_cases, b.break_id or 0))

    def breaks_after(done: int) -> None:
        while pending and min(pending[0].after_cases, len(ordered)) == done:
            taken = pending.pop(0)
            add(LineKind.BREAK, taken.title, taken.minutes, break_id=taken.break_id)

    breaks_after(0)
    for done, case in enumerate(ordered, start=1):
        add(LineKind.CASE, case.reference, case.time_box or details.minutes_per_case, case)
        breaks_after(done)
    if notices:
        add(LineKind.NOTICES, "Cases whose 12 months since referral have passed", NOTICES_MINUTES)
    add(LineKind.AOB, "Any other business", AOB_MINUTES)
    return Agenda(details, lines, notices, clock.time())
