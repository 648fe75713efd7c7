"""Meetings and their agendas in the vault: listing cases, reordering, time boxes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any

from marac_desk.domain import meetings as rules
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.dates import add_months
from marac_desk.domain.meetings import AgendaCase, MeetingDetails, Notice
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, cases
from marac_desk.storage import settings as settings_store
from marac_desk.storage.connection import Connection, insert
from marac_desk.storage.vault import Vault

_COLUMNS = (
    "id, uid, meeting_date, start_time, online, venue, chair, minute_taker, minutes_per_case, "
    "opening_minutes, research_deadline, hand_ordered, state"
)


@dataclass(frozen=True)
class Meeting:
    meeting_id: int
    uid: str
    details: MeetingDetails
    hand_ordered: bool
    state: str
    cases: int = 0

    @property
    def closed(self) -> bool:
        return self.state == "closed"

    @property
    def collects_research(self) -> bool:
        return self.details.research_deadline is not None


def _meeting(row: tuple[Any, ...], count: int = 0) -> Meeting:
    deadline = date.fromisoformat(row[10]) if row[10] else None
    details = MeetingDetails(
        meeting_date=date.fromisoformat(row[2]),
        start_time=time.fromisoformat(row[3]),
        online=bool(row[4]),
        venue=row[5],
        chair=row[6],
        minute_taker=row[7],
        minutes_per_case=int(row[8]),
        opening_minutes=int(row[9]),
        research_deadline=deadline,
    )
    return Meeting(int(row[0]), row[1], details, bool(row[11]), row[12], count)


def _check(details: MeetingDetails) -> None:
    problems = rules.details_problems(details)
    if problems:
        raise ValidationError(" ".join(message for _, message in problems))


def _values(details: MeetingDetails) -> tuple[Any, ...]:
    return (
        details.meeting_date.isoformat(),
        details.start_time.strftime("%H:%M"),
        int(details.online),
        details.venue.strip(),
        details.chair.strip(),
        details.minute_taker.strip(),
        details.minutes_per_case,
        details.opening_minutes,
        details.research_deadline.isoformat() if details.research_deadline else None,
    )


def _audit_detail(meeting_id: int, details: MeetingDetails) -> dict[str, Any]:
    return {"meeting_id": meeting_id, "meeting_date": details.meeting_date.isoformat()}


def create(vault: Vault, details: MeetingDetails) -> int:
    vault.require(Permission.EDIT_CASES)
    _check(details)
    now = audit.now_iso()
    with vault.transaction() as conn:
        meeting_id = insert(
            conn,
            "INSERT INTO meetings (uid, meeting_date, start_time, online, venue, chair, "
            "minute_taker, minutes_per_case, opening_minutes, research_deadline, "
            "created_at, created_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (secrets.token_hex(8).upper(), *_values(details), now, vault.actor, now),
        )
        vault.audit("meeting_created", _audit_detail(meeting_id, details))
    return meeting_id


def update(vault: Vault, meeting_id: int, details: MeetingDetails) -> None:
    vault.require(Permission.EDIT_CASES)
    _check(details)
    with vault.transaction() as conn:
        _open_meeting(conn, meeting_id)
        conn.execute(
            "UPDATE meetings SET meeting_date = ?, start_time = ?, online = ?, venue = ?, "
            "chair = ?, minute_taker = ?, minutes_per_case = ?, opening_minutes = ?, "
            "research_deadline = ?, updated_at = ? WHERE id = ?",
            (*_values(details), audit.now_iso(), meeting_id),
        )
        vault.audit("meeting_changed", _audit_detail(meeting_id, details))


def read(conn: Connection, meeting_id: int) -> Meeting:
    """A meeting, for the services that have already checked who is asking."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    if row is None:
        raise ValidationError("That meeting is no longer in the vault.")
    return _meeting(row)


def get(vault: Vault, meeting_id: int) -> Meeting:
    vault.require(Permission.VIEW_ALL_CASES)
    return read(vault.conn, meeting_id)


def _open_meeting(conn: Connection, meeting_id: int) -> Meeting:
    meeting = read(conn, meeting_id)
    if meeting.closed:
        raise ValidationError("That meeting is closed: its record can no longer change here.")
    return meeting


def listed(vault: Vault) -> list[Meeting]:
    """Every meeting, the next one first, then later ones, then the past, newest first."""
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        f"SELECT {_COLUMNS}, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) "
        "FROM meetings m ORDER BY meeting_date DESC, start_time DESC"
    ).fetchall()
    return [_meeting(r, int(r[13])) for r in rows]


def delete(vault: Vault, meeting_id: int) -> None:
    """Only a meeting with nothing on it yet can go: anything else is part of the record."""
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        meeting = _open_meeting(conn, meeting_id)
        used = conn.execute(
            "SELECT (SELECT count(*) FROM agenda_items WHERE meeting_id = :m) + "
            "(SELECT count(*) FROM research_packs WHERE meeting_id = :m)",
            {"m": meeting_id},
        ).fetchone()[0]
        if used:
            raise ValidationError(
                "This meeting has cases or research packs: take the cases off the agenda first."
            )
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        vault.audit("meeting_deleted", _audit_detail(meeting_id, meeting.details))


# -- the agenda ----------------------------------------------------------------


def agenda_cases(conn: Connection, meeting_id: int) -> list[AgendaCase]:
    rows = conn.execute(
        "SELECT a.case_id, c.reference, "
        "coalesce((SELECT name_upper(p.surname) || ', ' || p.forenames FROM case_persons cp "
        "  JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = c.id "
        "  AND cp.role = 'victim' LIMIT 1), ''), "
        "(SELECT count(*) FROM case_persons k WHERE k.case_id = c.id AND k.role = 'child'), "
        "c.is_repeat, c.transfer_from, a.position, a.time_box "
        "FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.meeting_id = ? "
        "ORDER BY a.position, a.case_id",
        (meeting_id,),
    )
    return [
        AgendaCase(int(r[0]), r[1], r[2].strip(", "), int(r[3]), bool(r[4]), r[5], int(r[6]), r[7])
        for r in rows
    ]


def _write_positions(conn: Connection, meeting_id: int, ordered: list[AgendaCase]) -> None:
    conn.executemany(
        "UPDATE agenda_items SET position = ? WHERE meeting_id = ? AND case_id = ?",
        [(c.position, meeting_id, c.case_id) for c in ordered],
    )


def _reorder(conn: Connection, meeting: Meeting) -> None:
    """Keep a meeting that follows the suggested order in it as cases come and go."""
    current = agenda_cases(conn, meeting.meeting_id)
    if meeting.hand_ordered:
        ordered = [replace(c, position=i) for i, c in enumerate(current)]
    else:
        ordered = rules.suggested_order(current)
    _write_positions(conn, meeting.meeting_id, ordered)


def eligible(vault: Vault) -> list[int]:
    """Cases that can be listed: accepted, and not on any meeting still to be held."""
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        "SELECT id FROM cases WHERE status = ? ORDER BY last_referral_on, id",
        (CaseStatus.ACCEPTED.value,),
    )
    return [int(r[0]) for r in rows]


def add_cases(vault: Vault, meeting_id: int, case_ids: list[int]) -> None:
    """List accepted cases on a meeting (all of them or none)."""
    vault.require(Permission.EDIT_CASES)
    now = audit.now_iso()
    with vault.transaction() as conn:
        meeting = _open_meeting(conn, meeting_id)
        last = conn.execute(
            "SELECT coalesce(max(position), -1) FROM agenda_items WHERE meeting_id = ?",
            (meeting_id,),
        ).fetchone()[0]
        for offset, case_id in enumerate(dict.fromkeys(case_ids), start=1):
            row = conn.execute(
                "SELECT reference, status FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
            if row is None:
                raise ValidationError("A case chosen is no longer in the vault.")
            reference, status = row
            if status != CaseStatus.ACCEPTED.value:
                raise ValidationError(
                    f"{reference} cannot be listed: it is {CaseStatus(status).label.lower()}. "
                    "Only accepted cases go on an agenda."
                )
            conn.execute(
                "INSERT INTO agenda_items (meeting_id, case_id, position, added_at) "
                "VALUES (?, ?, ?, ?)",
                (meeting_id, case_id, int(last) + offset, now),
            )
            conn.execute(
                "UPDATE cases SET status = ? WHERE id = ?", (CaseStatus.LISTED.value, case_id)
            )
            vault.audit(
                "case_listed",
                {
                    "case_id": case_id,
                    "meeting_id": meeting_id,
                    "meeting_date": meeting.details.meeting_date.isoformat(),
                },
            )
        _reorder(conn, meeting)


def remove_case(vault: Vault, meeting_id: int, case_id: int, reason: str) -> None:
    """Take a case off the agenda: it goes back to accepted, ready for another meeting.
    Research already returned for it stays with this meeting."""
    vault.require(Permission.EDIT_CASES)
    if not reason.strip():
        raise ValidationError("Say why the case is taken off the agenda.")
    with vault.transaction() as conn:
        meeting = _open_meeting(conn, meeting_id)
        gone = conn.execute(
            "DELETE FROM agenda_items WHERE meeting_id = ? AND case_id = ?", (meeting_id, case_id)
        ).rowcount
        if not gone:
            raise ValidationError("That case is not on this meeting's agenda.")
        conn.execute(
            "UPDATE cases SET status = ? WHERE id = ? AND status = ?",
            (CaseStatus.ACCEPTED.value, case_id, CaseStatus.LISTED.value),
        )
        vault.audit(
            "case_unlisted",
            {
                "case_id": case_id,
                "meeting_id": meeting_id,
                "meeting_date": meeting.details.meeting_date.isoformat(),
                "reason": reason.strip(),
            },
        )
        _reorder(conn, meeting)


def move(vault: Vault, meeting_id: int, case_id: int, steps: int) -> None:
    """Move a case up (negative) or down the agenda: the order is then the coordinator's."""
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        _open_meeting(conn, meeting_id)
        current = agenda_cases(conn, meeting_id)
        if not any(c.case_id == case_id for c in current):
            raise ValidationError("That case is not on this meeting's agenda.")
        _write_positions(conn, meeting_id, rules.moved(current, case_id, steps))
        conn.execute("UPDATE meetings SET hand_ordered = 1 WHERE id = ?", (meeting_id,))
        vault.audit("agenda_reordered", {"meeting_id": meeting_id})


def use_suggested_order(vault: Vault, meeting_id: int) -> None:
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        meeting = _open_meeting(conn, meeting_id)
        conn.execute("UPDATE meetings SET hand_ordered = 0 WHERE id = ?", (meeting_id,))
        _reorder(conn, replace(meeting, hand_ordered=False))
        vault.audit("agenda_reordered", {"meeting_id": meeting_id, "suggested": True})


def set_time_box(vault: Vault, meeting_id: int, case_id: int, minutes: int | None) -> None:
    """Give one case more or less time than the meeting's minutes per case (None: reset)."""
    vault.require(Permission.EDIT_CASES)
    if minutes is not None and not 1 <= minutes <= rules.MAX_MINUTES:
        raise ValidationError(f"Give a case between 1 and {rules.MAX_MINUTES} minutes.")
    with vault.transaction() as conn:
        _open_meeting(conn, meeting_id)
        changed = conn.execute(
            "UPDATE agenda_items SET time_box = ? WHERE meeting_id = ? AND case_id = ?",
            (minutes, meeting_id, case_id),
        ).rowcount
        if not changed:
            raise ValidationError("That case is not on this meeting's agenda.")
        vault.audit("agenda_time_changed", {"meeting_id": meeting_id, "minutes": minutes})


def previous_meeting_date(conn: Connection, meeting: Meeting) -> date | None:
    row = conn.execute(
        "SELECT max(meeting_date) FROM meetings WHERE meeting_date < ?",
        (meeting.details.meeting_date.isoformat(),),
    ).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def next_meeting_date(conn: Connection, meeting: Meeting) -> date | None:
    row = conn.execute(
        "SELECT min(meeting_date) FROM meetings WHERE meeting_date > ?",
        (meeting.details.meeting_date.isoformat(),),
    ).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def notices(vault: Vault, meeting: Meeting) -> list[Notice]:
    """Cases whose 12 months since the last referral passed since the meeting before this
    one (or in the month before, for the first meeting), up to this meeting's day."""
    day = meeting.details.meeting_date
    previous = previous_meeting_date(vault.conn, meeting)
    since = previous + timedelta(days=1) if previous else add_months(day, -1)
    # The callers checked the user may read these (agenda, minutes).
    rules = settings_store.rules(vault)
    found = cases.closed_windows(vault.conn, rules, since, day + timedelta(days=1))
    rows = cases.register_rows(vault.conn, found)
    return [Notice(r.reference, r.victim, r.last_referral_on) for r in rows]


def agenda(vault: Vault, meeting_id: int) -> rules.Agenda:
    vault.require(Permission.VIEW_ALL_CASES)
    meeting = read(vault.conn, meeting_id)
    listed_cases = agenda_cases(vault.conn, meeting_id)
    return rules.plan(
        meeting.details, listed_cases, notices(vault, meeting), breaks(vault.conn, meeting_id)
    )


def breaks(conn: Connection, meeting_id: int) -> list[rules.AgendaBreak]:
    return [
        rules.AgendaBreak(int(after), int(minutes), title, int(break_id))
        for break_id, after, minutes, title in conn.execute(
            "SELECT id, after_cases, minutes, title FROM agenda_breaks WHERE meeting_id = ? "
            "ORDER BY after_cases, id",
            (meeting_id,),
        )
    ]


def add_break(
    vault: Vault, meeting_id: int, after_cases: int, minutes: int, title: str = "Break"
) -> int:
    """Put a break on a planned meeting's agenda, after `after_cases` cases."""
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        meeting = _open_meeting(conn, meeting_id)
        problems = rules.break_problems(
            after_cases, minutes, meeting_count(conn, meeting_id), title
        )
        if problems:
            raise ValidationError(" ".join(problems))
        cursor = conn.execute(
            "INSERT INTO agenda_breaks (meeting_id, after_cases, minutes, title) "
            "VALUES (?, ?, ?, ?)",
            (meeting.meeting_id, after_cases, minutes, title.strip()),
        )
        break_id = int(cursor.lastrowid or 0)
        vault.audit(
            "agenda_break_added",
            {"meeting_id": meeting_id, "after_cases": after_cases, "minutes": minutes},
        )
    return break_id


def remove_break(vault: Vault, meeting_id: int, break_id: int) -> None:
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        _open_meeting(conn, meeting_id)
        gone = conn.execute(
            "DELETE FROM agenda_breaks WHERE id = ? AND meeting_id = ?", (break_id, meeting_id)
        ).rowcount
        if not gone:
            raise ValidationError("That break is no longer on this agenda.")
        vault.audit("agenda_break_removed", {"meeting_id": meeting_id})


def meeting_count(conn: Connection, meeting_id: int) -> int:
    """How many cases the meeting's agenda lists."""
    row = conn.execute(
        "SELECT count(*) FROM agenda_items WHERE meeting_id = ?", (meeting_id,)
    ).fetchone()
    return int(row[0])
