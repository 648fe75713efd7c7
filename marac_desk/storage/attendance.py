"""The attendance register of a meeting: who came, for which agency, in what role,
apologies and information sent instead, and agreement to the confidentiality statement."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from marac_desk.domain.conference import Attendance, Attendee, AttendeeRole, attendee_problems
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit
from marac_desk.storage.conference import amending, next_position, record_amendment, touch
from marac_desk.storage.connection import Connection, insert
from marac_desk.storage.research import directory
from marac_desk.storage.vault import Vault

_COLUMNS = (
    "t.id, t.agency_code, coalesce(a.name, t.organisation), t.name, t.role, t.status, "
    "t.info_sent, t.agreed, t.expected"
)


def _attendee(row: tuple[Any, ...]) -> Attendee:
    return Attendee(
        int(row[0]),
        row[1].upper(),
        row[2],
        row[3],
        AttendeeRole(row[4]),
        Attendance(row[5]),
        bool(row[6]),
        bool(row[7]),
        bool(row[8]),
    )


def make_register(conn: Connection, meeting_id: int) -> None:
    """One line per active agency in the directory, in the directory's order, with the
    agency's named contact as the likely representative."""
    now = audit.now_iso()
    rows = conn.execute(
        "SELECT code, spoc_name FROM agencies WHERE active = 1 ORDER BY name"
    ).fetchall()
    conn.executemany(
        "INSERT INTO attendees (meeting_id, agency_code, name, position, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(meeting_id, code.upper(), spoc, i, now) for i, (code, spoc) in enumerate(rows)],
    )


def read_register(conn: Connection, meeting_id: int) -> list[Attendee]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM attendees t LEFT JOIN agencies a ON a.code = t.agency_code "
        "WHERE t.meeting_id = ? ORDER BY t.position, t.id",
        (meeting_id,),
    )
    return [_attendee(r) for r in rows]


def register(vault: Vault, meeting_id: int) -> list[Attendee]:
    vault.require(Permission.VIEW_ALL_CASES)
    return read_register(vault.conn, meeting_id)


def present_agencies(conn: Connection, meeting_id: int) -> set[str]:
    rows = conn.execute(
        "SELECT DISTINCT agency_code FROM attendees WHERE meeting_id = ? AND status = 'present' "
        "AND agency_code != ''",
        (meeting_id,),
    )
    return {r[0].upper() for r in rows}


def _clean(attendee: Attendee) -> Attendee:
    cleaned = replace(
        attendee,
        agency_code=attendee.agency_code.strip().upper(),
        organisation=attendee.organisation.strip(),
        name=attendee.name.strip(),
    )
    # Someone who is not there cannot agree; information sent goes with apologies only.
    if not cleaned.present:
        cleaned = replace(cleaned, agreed=False)
    if cleaned.status is not Attendance.APOLOGIES:
        cleaned = replace(cleaned, info_sent=False)
    return cleaned


def _check(conn: Connection, attendee: Attendee) -> None:
    problems = attendee_problems(attendee)
    if attendee.agency_code and attendee.agency_code not in directory(conn):
        problems.append(f"{attendee.agency_code} is not in the agency directory.")
    if problems:
        raise ValidationError(" ".join(problems))


def save(vault: Vault, meeting_id: int, attendee: Attendee, reason: str | None = None) -> int:
    """Record one line of the register: add it (id 0) or change it. Its id."""
    vault.require(Permission.EDIT_CASES)
    attendee = _clean(attendee)
    now = audit.now_iso()
    with vault.transaction() as conn:
        _check(conn, attendee)
        amended = amending(conn, meeting_id, reason)
        values = (
            attendee.agency_code,
            "" if attendee.agency_code else attendee.organisation,
            attendee.name,
            attendee.role.value,
            attendee.status.value,
            int(attendee.info_sent),
            int(attendee.agreed),
        )
        before: Attendee | None = None
        if attendee.attendee_id == 0:
            position = next_position(conn, "attendees", meeting_id)
            attendee_id = insert(
                conn,
                "INSERT INTO attendees (meeting_id, agency_code, organisation, name, role, "
                "status, info_sent, agreed, expected, position, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (meeting_id, *values, position, now),
            )
        else:
            attendee_id = attendee.attendee_id
            before = next(
                (a for a in read_register(conn, meeting_id) if a.attendee_id == attendee_id), None
            )
            if before is None:
                raise ValidationError("That line is no longer on the register.")
            conn.execute(
                "UPDATE attendees SET agency_code = ?, organisation = ?, name = ?, role = ?, "
                "status = ?, info_sent = ?, agreed = ?, updated_at = ? WHERE id = ?",
                (*values, now, attendee_id),
            )
        if amended is not None:
            record_amendment(
                vault,
                conn,
                meeting_id,
                None,
                "Attendance",
                asdict(before) if before else None,
                asdict(replace(attendee, attendee_id=attendee_id)),
                amended,
            )
        touch(conn, meeting_id)
    return attendee_id
