"""The meeting's clock: the current case against its time box, and the meeting against
its planned end."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from marac_desk.domain.meetings import Agenda, AgendaLine, LineKind


@dataclass(frozen=True)
class CaseClock:
    elapsed: int  # seconds on this case so far
    box: int  # seconds the agenda gives it

    @property
    def overrun(self) -> int:
        return max(0, self.elapsed - self.box)

    @property
    def text(self) -> str:
        shown = f"{_mmss(self.elapsed)} of {self.box // 60} min"
        return f"{shown}, {_mmss(self.overrun)} over" if self.overrun else shown


@dataclass(frozen=True)
class MeetingClock:
    planned_end: datetime
    expected_end: datetime

    @property
    def behind(self) -> int:
        """Minutes the meeting is running late (negative: ahead)."""
        return round((self.expected_end - self.planned_end).total_seconds() / 60)

    @property
    def text(self) -> str:
        planned = f"{self.planned_end:%H:%M}"
        # Short enough to sit beside the case clock on a laptop screen.
        if abs(self.behind) < 1:
            return f"On time to end at {planned}"
        ending = f"Ends about {self.expected_end:%H:%M}"
        if self.behind > 0:
            return f"{ending}, {self.behind} min late (planned {planned})"
        return f"{ending}, {-self.behind} min early (planned {planned})"


def _mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def case_clock(agenda: Agenda, case_id: int, elapsed: int) -> CaseClock:
    for line in agenda.lines:
        if line.case is not None and line.case.case_id == case_id:
            return CaseClock(elapsed, line.minutes * 60)
    raise ValueError("that case is not on the agenda")


def meeting_clock(
    agenda: Agenda,
    now: datetime,
    current: int | None,
    elapsed: int,
    discussed: Collection[int],
    started: datetime | None = None,
) -> MeetingClock:
    """When the meeting will end if every case still to come takes its time box.

    `current`: the case open now, `elapsed` seconds into it; `discussed`: cases already
    heard (they take no more time); `started`: when conference mode first opened it (see
    `planned_end`).
    """
    remaining = 0
    for line in agenda.lines:
        if line.kind is LineKind.CASE and line.case is not None:
            case_id = line.case.case_id
            if case_id == current:
                remaining += max(0, line.minutes * 60 - elapsed)
            elif case_id not in discussed:
                remaining += line.minutes * 60
        elif line.kind in (LineKind.NOTICES, LineKind.AOB) or (
            line.kind is LineKind.BREAK and not _break_taken(agenda, line, current, discussed)
        ):
            remaining += line.minutes * 60
    return MeetingClock(planned_end(agenda, started), now + timedelta(seconds=remaining))


def _break_taken(
    agenda: Agenda, line: AgendaLine, current: int | None, discussed: Collection[int]
) -> bool:
    """A break is behind the meeting once every case before it is heard and a case after
    it has been opened."""
    where = agenda.lines.index(line)
    before = [x.case.case_id for x in agenda.lines[:where] if x.case is not None]
    after = [x.case.case_id for x in agenda.lines[where + 1 :] if x.case is not None]
    started = set(discussed) | ({current} if current is not None else set())
    return all(c in discussed for c in before) and any(c in started for c in after)


# A meeting started this far from its planned start (or on another day: moved at short
# notice, a training run) is timed from when it started, not from the agenda's clock.
START_TOLERANCE = timedelta(hours=2)


def planned_end(agenda: Agenda, started: datetime | None) -> datetime:
    """When the meeting should end: the agenda's end when it started on its day near its
    planned time; otherwise its planned length from when it did start. Times are local,
    without a zone, as the agenda's are."""
    details = agenda.details
    planned_start = datetime.combine(details.meeting_date, details.start_time)
    length = datetime.combine(details.meeting_date, agenda.ends) - planned_start
    if started is None or abs(started - planned_start) <= START_TOLERANCE:
        return planned_start + length
    return started + length
