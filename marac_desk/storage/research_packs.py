"""Research request packs in the vault: what each pack asks about, made and sent."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from marac_desk.domain import settings as defs
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, case_file, meetings
from marac_desk.storage.case_file import CasePerson
from marac_desk.storage.connection import Connection, insert
from marac_desk.storage.research import directory, research_meeting
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class PackCase:
    case_id: int
    reference: str
    people: list[CasePerson]


@dataclass(frozen=True)
class PackData:
    """Everything a research pack prints: made before the file, recorded after it."""

    token: str
    meeting: meetings.Meeting
    marac_name: str
    marking: str
    agency_code: str
    agency_name: str
    cases: list[PackCase]

    @property
    def meeting_id(self) -> int:
        return self.meeting.meeting_id

    @property
    def contents(self) -> dict[str, list[int]]:
        return {str(c.case_id): [p.person_id for p in c.people] for c in self.cases}


def pack_data(vault: Vault, meeting_id: int, agency_code: str) -> PackData:
    """What a new pack for `agency_code` asks about: every case now on the agenda."""
    vault.require(Permission.EDIT_CASES)
    conn = vault.conn
    meeting = research_meeting(conn, meeting_id)
    names = directory(conn)
    code = agency_code.strip().upper()
    if code not in names:
        raise ValidationError(f"{code} is not in the agency directory.")
    listed = meetings.agenda_cases(conn, meeting_id)
    if not listed:
        raise ValidationError("List cases on the agenda before making research packs.")
    return PackData(
        token=secrets.token_hex(6).upper(),
        meeting=meeting,
        marac_name=str(vault.setting(defs.MARAC_NAME)),
        marking=str(vault.setting(defs.PROTECTIVE_MARKING)),
        agency_code=code,
        agency_name=names[code],
        cases=[PackCase(c.case_id, c.reference, case_file.people(conn, c.case_id)) for c in listed],
    )


def record_pack(
    vault: Vault, data: PackData, filename: str, *, sealed_file_id: str | None = None
) -> int:
    """Record a pack once its file is written: a Word pack, or (with the sealed file's id)
    a research request file sealed to the agency's key."""
    vault.require(Permission.EDIT_CASES)
    deadline = data.meeting.details.research_deadline  # as the pack states it
    with vault.transaction() as conn:
        research_meeting(conn, data.meeting_id)
        pack_id = insert(
            conn,
            "INSERT INTO research_packs (meeting_id, agency_code, token, contents, created_at, "
            "created_by, form, file_id, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                data.meeting_id,
                data.agency_code,
                data.token,
                json.dumps(data.contents),
                audit.now_iso(),
                vault.actor,
                "word" if sealed_file_id is None else "sealed",
                sealed_file_id,
                deadline.isoformat() if deadline else None,
            ),
        )
        vault.audit(
            "research_pack_created",
            {
                "meeting_id": data.meeting_id,
                "agency": data.agency_code,
                "pack": data.token,
                "cases": len(data.cases),
                "file": filename,
                "form": "word" if sealed_file_id is None else "sealed",
            },
        )
    return pack_id


@dataclass(frozen=True)
class PackInfo:
    pack_id: int
    meeting_id: int
    agency_code: str
    token: str
    contents: dict[int, list[int]]
    created_at: str
    sent_at: str
    sent_how: str
    form: str = "word"  # or "sealed": a research request file
    file_id: str = ""
    deadline: date | None = None  # the research deadline the pack gave its agency

    @property
    def sealed(self) -> bool:
        return self.form == "sealed"


def _pack(row: tuple[Any, ...]) -> PackInfo:
    contents = {int(k): [int(p) for p in v] for k, v in json.loads(row[4]).items()}
    sent_at = row[6] or ""
    return PackInfo(
        int(row[0]),
        int(row[1]),
        row[2],
        row[3],
        contents,
        row[5],
        sent_at,
        row[7],
        row[8],
        row[9] or "",
        date.fromisoformat(row[10]) if row[10] else None,
    )


_PACK_COLUMNS = (
    "id, meeting_id, agency_code, token, contents, created_at, sent_at, sent_how, form, "
    "file_id, deadline"
)


def packs(vault: Vault, meeting_id: int) -> list[PackInfo]:
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        f"SELECT {_PACK_COLUMNS} FROM research_packs WHERE meeting_id = ? ORDER BY id",
        (meeting_id,),
    )
    return [_pack(r) for r in rows]


def pack_by_token(conn: Connection, token: str) -> PackInfo | None:
    row = conn.execute(
        f"SELECT {_PACK_COLUMNS} FROM research_packs WHERE token = ?", (token.strip().upper(),)
    ).fetchone()
    return _pack(row) if row else None


def record_sent(vault: Vault, pack_id: int, how: str, sent_on: date) -> None:
    """The coordinator's note that a pack went out (secure email, hand delivery...)."""
    vault.require(Permission.EDIT_CASES)
    if not how.strip():
        raise ValidationError("Say how the pack was sent, for example by secure email.")
    with vault.transaction() as conn:
        row = conn.execute(
            "SELECT meeting_id, agency_code, token FROM research_packs WHERE id = ?", (pack_id,)
        ).fetchone()
        if row is None:
            raise ValidationError("That research pack is no longer in the vault.")
        conn.execute(
            "UPDATE research_packs SET sent_at = ?, sent_how = ?, sent_by = ? WHERE id = ?",
            (sent_on.isoformat(), how.strip(), vault.actor, pack_id),
        )
        vault.audit(
            "research_pack_sent",
            {"meeting_id": row[0], "agency": row[1], "pack": row[2], "how": how.strip()},
        )


# With no earlier meeting to go by, the agencies every MARAC asks (SafeLives' core
# membership); the coordinator can tick others.
_CORE_TYPES = (
    "police",
    "idva",
    "childrens_social_care",
    "acute_health",
    "primary_care",
    "mental_health",
    "health",
    "housing",
    "probation",
)


def suggested_agencies(vault: Vault, meeting_id: int) -> dict[str, str]:
    """The agencies ticked by default when making research packs, each with why.

    An agency is suggested when it is involved in a case on the agenda (it referred
    the case, or holds an action on it that is not finished) or was asked for the last
    earlier meeting's research (a request recorded as sent). With no earlier meeting
    that asked anyone, the core MARAC agencies are suggested."""
    vault.require(Permission.VIEW_ALL_CASES)
    conn = vault.conn
    active = {
        str(code).upper(): str(kind)
        for code, kind in conn.execute("SELECT code, type FROM agencies WHERE active = 1")
    }
    listed = [c.case_id for c in meetings.agenda_cases(conn, meeting_id)]
    marks = ",".join("?" * len(listed))
    why: dict[str, str] = {}
    if listed:
        for (code,) in conn.execute(
            f"SELECT DISTINCT upper(referring_agency) FROM referrals WHERE case_id IN ({marks})",
            listed,
        ):
            why.setdefault(str(code), "referred a case on the agenda")
        for (code,) in conn.execute(
            "SELECT DISTINCT upper(owner_agency) FROM actions WHERE case_id IN "
            f"({marks}) AND status IN ('open', 'in_progress')",
            listed,
        ):
            why.setdefault(str(code), "holds an open action on a case")
    meeting = meetings.read(conn, meeting_id)
    earlier = conn.execute(
        "SELECT DISTINCT upper(p.agency_code) FROM research_packs p JOIN meetings m "
        "ON m.id = p.meeting_id WHERE p.sent_at IS NOT NULL AND m.id != ? AND "
        "m.meeting_date = (SELECT max(m2.meeting_date) FROM meetings m2 JOIN research_packs "
        "p2 ON p2.meeting_id = m2.id WHERE p2.sent_at IS NOT NULL AND m2.id != ? AND "
        "m2.meeting_date <= ?)",
        (meeting_id, meeting_id, meeting.details.meeting_date.isoformat()),
    ).fetchall()
    for (code,) in earlier:
        why.setdefault(str(code), "asked for the last meeting's research")
    if not earlier:
        for code, kind in active.items():
            if kind in _CORE_TYPES:
                why.setdefault(code, "a core MARAC agency")
    return {code: reason for code, reason in why.items() if code in active}
