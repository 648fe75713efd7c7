"""The conference in the vault: starting and resuming it, the confidentiality statement,
opening cases, what is recorded about each, and amendments to a closed record.

Every edit is its own committed transaction, so a crash loses nothing the coordinator saw
saved. Once the meeting is closed, a change needs a reason and is kept as an amendment.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from marac_desk.domain import conference as rules
from marac_desk.domain import settings as defs
from marac_desk.domain.conference import CaseRecord, RiskLevel, SharedInfo
from marac_desk.domain.research import Audience, AudienceKind
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.storage import audit, meetings
from marac_desk.storage.connection import Connection, insert
from marac_desk.storage.research import directory, on_agenda
from marac_desk.storage.vault import Vault

STAGES = ("attendance", "review", "case", "close")


@dataclass(frozen=True)
class Conference:
    meeting_id: int
    started_at: str
    statement: str
    statement_read_at: str | None
    stage: str
    current_case_id: int | None
    running: bool
    saved_at: str
    closed_at: str | None

    @property
    def statement_read(self) -> bool:
        return self.statement_read_at is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


_COLUMNS = (
    "meeting_id, started_at, statement, statement_read_at, stage, current_case_id, running, "
    "saved_at, closed_at"
)


def read(conn: Connection, meeting_id: int) -> Conference | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM conferences WHERE meeting_id = ?", (meeting_id,)
    ).fetchone()
    if row is None:
        return None
    return Conference(
        int(row[0]), row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7], row[8]
    )


def get(vault: Vault, meeting_id: int) -> Conference | None:
    vault.require(Permission.VIEW_ALL_CASES)
    return read(vault.conn, meeting_id)


def _require(conn: Connection, meeting_id: int) -> Conference:
    found = read(conn, meeting_id)
    if found is None:
        raise ValidationError("This meeting has not started: start it from the Meetings page.")
    return found


def amending(conn: Connection, meeting_id: int, reason: str | None) -> str | None:
    """None while the meeting is open; the reason, when this change amends a closed record
    (which needs one)."""
    if not meetings.read(conn, meeting_id).closed:
        return None
    if not reason or not reason.strip():
        raise ValidationError(
            "This meeting is closed, so its record is frozen. Give a reason to amend it; "
            "the change and the reason are kept in its history."
        )
    return reason.strip()


def record_amendment(
    vault: Vault,
    conn: Connection,
    meeting_id: int,
    case_id: int | None,
    part: str,
    before: Any,
    after: Any,
    reason: str,
) -> None:
    conn.execute(
        "INSERT INTO amendments (meeting_id, case_id, part, before, after, reason, at, by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            meeting_id,
            case_id,
            part,
            json.dumps(before, sort_keys=True, default=str),
            json.dumps(after, sort_keys=True, default=str),
            reason,
            audit.now_iso(),
            vault.actor,
        ),
    )
    vault.audit(
        "meeting_amended",
        {"meeting_id": meeting_id, "case_id": case_id, "part": part, "reason": reason},
    )


_LISTS = frozenset({"actions", "attendees", "shared_info"})


def next_position(conn: Connection, table: str, meeting_id: int, case_id: int | None = None) -> int:
    """Where a new line goes: after the last of a meeting's list (or one case's) in `table`."""
    if table not in _LISTS:
        raise ValueError(table)
    where, params = "meeting_id = ?", [meeting_id]
    if case_id is not None:
        where, params = where + " AND case_id = ?", [meeting_id, case_id]
    row = conn.execute(
        f"SELECT coalesce(max(position), -1) + 1 FROM {table} WHERE {where}", params
    ).fetchone()
    return int(row[0])


def touch(conn: Connection, meeting_id: int) -> None:
    """Note the time of the latest saved edit: after a crash the app says what it kept."""
    conn.execute(
        "UPDATE conferences SET saved_at = ? WHERE meeting_id = ?", (audit.now_iso(), meeting_id)
    )


# -- starting, resuming, leaving ---------------------------------------------------
# (`conference_resume.interrupted` finds a conference left running at a crash.)


def start(vault: Vault, meeting_id: int) -> tuple[Conference, bool]:
    """Open the meeting's conference (starting it the first time: the attendance register
    is made from the active agencies in the directory). Returns it and True when the app
    stopped last time without leaving it, so the screen can say what it recovered."""
    from marac_desk.storage import attendance

    vault.require(Permission.EDIT_CASES)
    now = audit.now_iso()
    with vault.transaction() as conn:
        meeting = meetings.read(conn, meeting_id)
        found = read(conn, meeting_id)
        interrupted = found is not None and found.running
        if found is None:
            if meeting.closed:
                raise ValidationError("That meeting was closed without being held here.")
            conn.execute(
                "INSERT INTO conferences (meeting_id, started_at, started_by, saved_at) "
                "VALUES (?, ?, ?, ?)",
                (meeting_id, now, vault.actor, now),
            )
            attendance.make_register(conn, meeting_id)
        if not meeting.closed:
            conn.execute("UPDATE conferences SET running = 1 WHERE meeting_id = ?", (meeting_id,))
        vault.audit(
            "meeting_opened",
            {
                "meeting_id": meeting_id,
                "meeting_date": meeting.details.meeting_date.isoformat(),
                "resumed": found is not None,
                "interrupted": interrupted,
            },
        )
    return _require(vault.conn, meeting_id), interrupted


def leave(vault: Vault, meeting_id: int) -> None:
    """The conference screen was left in good order (closed, or the window locked)."""
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        conn.execute("UPDATE conferences SET running = 0 WHERE meeting_id = ?", (meeting_id,))


def statement_text(vault: Vault) -> str:
    return str(vault.setting(defs.CONFIDENTIALITY_STATEMENT))


def mark_statement_read(vault: Vault, meeting_id: int) -> None:
    """The chair has read the statement aloud: cases can now be opened. The text read is
    kept with the record, as the setting may change later."""
    vault.require(Permission.EDIT_CASES)
    text = statement_text(vault)
    with vault.transaction() as conn:
        meetings.read(conn, meeting_id)
        _require(conn, meeting_id)
        amending(conn, meeting_id, None)
        conn.execute(
            "UPDATE conferences SET statement = ?, statement_read_at = ? WHERE meeting_id = ?",
            (text, audit.now_iso(), meeting_id),
        )
        touch(conn, meeting_id)
        vault.audit("statement_read", {"meeting_id": meeting_id})


def set_stage(vault: Vault, meeting_id: int, stage: str) -> None:
    """Where the coordinator is in the meeting, kept so that a restart comes back to it."""
    vault.require(Permission.EDIT_CASES)
    if stage not in STAGES:
        raise ValueError(stage)
    with vault.transaction() as conn:
        conn.execute("UPDATE conferences SET stage = ? WHERE meeting_id = ?", (stage, meeting_id))


# -- cases ---------------------------------------------------------------------------


def open_case(vault: Vault, meeting_id: int, case_id: int) -> CaseRecord:
    """Make `case_id` the case under discussion. Refused until the statement is read."""
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        found = _require(conn, meeting_id)
        if not found.statement_read:
            raise ValidationError(
                "Read the confidentiality statement first: no case is opened before it."
            )
        reference = on_agenda(conn, meeting_id, case_id)
        now = audit.now_iso()
        if not found.closed:
            conn.execute(
                "INSERT INTO case_records (meeting_id, case_id, opened_at, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (meeting_id, case_id) DO NOTHING",
                (meeting_id, case_id, now, now),
            )
            conn.execute(
                "UPDATE conferences SET current_case_id = ?, stage = 'case' WHERE meeting_id = ?",
                (case_id, meeting_id),
            )
        vault.audit(
            "case_opened", {"meeting_id": meeting_id, "case_id": case_id, "reference": reference}
        )
    return record(vault.conn, meeting_id, case_id) or CaseRecord()


_RECORD_COLUMNS = (
    "notes, risk_victim, risk_children, risk_adults, risk_perpetrator, risk_level, "
    "informs_agency, informs_person, seconds"
)


def record(conn: Connection, meeting_id: int, case_id: int) -> CaseRecord | None:
    row = conn.execute(
        f"SELECT {_RECORD_COLUMNS} FROM case_records WHERE meeting_id = ? AND case_id = ?",
        (meeting_id, case_id),
    ).fetchone()
    return None if row is None else _record(row)


def _record(row: tuple[Any, ...]) -> CaseRecord:
    return CaseRecord(
        notes=row[0],
        risk_victim=row[1],
        risk_children=row[2],
        risk_adults=row[3],
        risk_perpetrator=row[4],
        risk_level=RiskLevel(row[5]),
        informs_agency=row[6].upper(),
        informs_person=row[7],
        seconds=int(row[8]),
    )


def records(conn: Connection, meeting_id: int) -> dict[int, CaseRecord]:
    rows = conn.execute(
        f"SELECT case_id, {_RECORD_COLUMNS} FROM case_records WHERE meeting_id = ?",
        (meeting_id,),
    ).fetchall()
    return {int(r[0]): _record(r[1:]) for r in rows}


class RecordConflictError(MaracDeskError):
    """The record was saved by someone else after `base` was read: nothing was written."""

    def __init__(self, theirs: CaseRecord, mine: CaseRecord) -> None:
        super().__init__(
            "This case's record was saved by another marac-desk (another window or computer "
            "on this vault) after this one last read it. Nothing was overwritten: compare the "
            "two versions and choose which to keep."
        )
        self.theirs = theirs
        self.mine = mine


def _same_words(a: CaseRecord, b: CaseRecord) -> bool:
    """The same record as far as people wrote it: time spent is the clock's, not theirs."""
    return replace(a, seconds=0) == replace(b, seconds=0)


def save_record(
    vault: Vault,
    meeting_id: int,
    case_id: int,
    new: CaseRecord,
    reason: str | None = None,
    *,
    base: CaseRecord | None = None,
) -> str:
    """Save what is recorded about a case; returns when it was saved. Called as the
    coordinator types, so it does only what it must: check, write, commit.

    `base` is the record as this window last read or saved it. If the vault holds other
    words now, another writer saved in between (a second laptop on a network share, out
    of the folder lock's sight): RecordConflictError, and nothing is written.
    """
    vault.require(Permission.EDIT_CASES)
    problems = rules.record_problems(new, directory(vault.conn))
    if problems:
        raise ValidationError(" ".join(problems))
    now = audit.now_iso()
    with vault.transaction() as conn:
        amended = amending(conn, meeting_id, reason)
        old = record(conn, meeting_id, case_id)
        if old is None:
            raise ValidationError("Open the case in the meeting before recording anything.")
        if base is not None and not _same_words(old, base):
            raise RecordConflictError(old, new)
        if amended is not None:
            # Time spent is the clock's, not the record's: it never changes once closed.
            new = CaseRecord(**{**asdict(new), "seconds": old.seconds})
            if new == old:
                return now
            record_amendment(
                vault, conn, meeting_id, case_id, "Case record", asdict(old), asdict(new), amended
            )
        conn.execute(
            "UPDATE case_records SET notes = ?, risk_victim = ?, risk_children = ?, "
            "risk_adults = ?, risk_perpetrator = ?, risk_level = ?, informs_agency = ?, "
            "informs_person = ?, seconds = ?, updated_at = ? WHERE meeting_id = ? AND case_id = ?",
            (
                new.notes,
                new.risk_victim,
                new.risk_children,
                new.risk_adults,
                new.risk_perpetrator,
                new.risk_level.value,
                new.informs_agency.upper(),
                new.informs_person.strip(),
                new.seconds,
                now,
                meeting_id,
                case_id,
            ),
        )
        touch(conn, meeting_id)
    return now


# -- information shared at the meeting ----------------------------------------------


def _audience(kind: str, codes: str) -> Audience:
    return Audience(AudienceKind(kind), tuple(json.loads(codes)))


def shared(conn: Connection, meeting_id: int, case_id: int) -> list[SharedInfo]:
    rows = conn.execute(
        "SELECT id, agency_code, body, audience, audience_agencies FROM shared_info "
        "WHERE meeting_id = ? AND case_id = ? ORDER BY position, id",
        (meeting_id, case_id),
    )
    return [SharedInfo(r[1].upper(), r[2], _audience(r[3], r[4]), int(r[0])) for r in rows]


def save_shared(
    vault: Vault, meeting_id: int, case_id: int, info: SharedInfo, reason: str | None = None
) -> int:
    """Add (no id) or change what an agency shared about the case; its id."""
    vault.require(Permission.EDIT_CASES)
    info = SharedInfo(
        info.agency_code.strip().upper(), info.body.strip(), info.audience, info.info_id
    )
    problems = rules.shared_problems(info, directory(vault.conn))
    if problems:
        raise ValidationError(" ".join(problems))
    now = audit.now_iso()
    values = (
        info.agency_code,
        info.body,
        info.audience.kind.value,
        json.dumps(list(info.audience.agencies)),
    )
    with vault.transaction() as conn:
        amended = amending(conn, meeting_id, reason)
        if record(conn, meeting_id, case_id) is None:
            raise ValidationError("Open the case in the meeting before recording anything.")
        before = None
        if info.info_id is None:
            position = next_position(conn, "shared_info", meeting_id, case_id)
            info_id = insert(
                conn,
                "INSERT INTO shared_info (meeting_id, case_id, agency_code, body, audience, "
                "audience_agencies, position, created_at, created_by, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (meeting_id, case_id, *values, position, now, vault.actor, now),
            )
        else:
            info_id = info.info_id
            before = next(
                (s for s in shared(conn, meeting_id, case_id) if s.info_id == info_id), None
            )
            if before is None:
                raise ValidationError("That information is no longer in the record.")
            conn.execute(
                "UPDATE shared_info SET agency_code = ?, body = ?, audience = ?, "
                "audience_agencies = ?, updated_at = ? WHERE id = ?",
                (*values, now, info_id),
            )
        if amended is not None:
            record_amendment(
                vault,
                conn,
                meeting_id,
                case_id,
                "Information shared",
                asdict(before) if before else None,
                asdict(SharedInfo(info.agency_code, info.body, info.audience, info_id)),
                amended,
            )
        vault.audit(
            "shared_info_recorded",
            {"meeting_id": meeting_id, "case_id": case_id, "agency": info.agency_code},
        )
        touch(conn, meeting_id)
    return info_id


def remove_shared(
    vault: Vault, meeting_id: int, case_id: int, info_id: int, reason: str | None = None
) -> None:
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        amended = amending(conn, meeting_id, reason)
        before = next((s for s in shared(conn, meeting_id, case_id) if s.info_id == info_id), None)
        if before is None:
            raise ValidationError("That information is no longer in the record.")
        conn.execute("DELETE FROM shared_info WHERE id = ?", (info_id,))
        if amended is not None:
            record_amendment(
                vault,
                conn,
                meeting_id,
                case_id,
                "Information shared",
                asdict(before),
                None,
                amended,
            )
        vault.audit(
            "shared_info_removed",
            {"meeting_id": meeting_id, "case_id": case_id, "agency": before.agency_code},
        )
        touch(conn, meeting_id)


@dataclass(frozen=True)
class Amendment:
    at: str
    by: str
    part: str
    reason: str
    case_id: int | None
    before: Any
    after: Any


def amendments(vault: Vault, meeting_id: int) -> list[Amendment]:
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        "SELECT at, by, part, reason, case_id, before, after FROM amendments "
        "WHERE meeting_id = ? ORDER BY id",
        (meeting_id,),
    )
    return [
        Amendment(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6])) for r in rows
    ]
