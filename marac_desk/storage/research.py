"""Agency research in the vault: packs made and sent, returns recorded (imported, entered
by an agency on screen, or phoned or emailed in), history, and who may read what.

An agency representative works only on their own agency's research, and never reads
another agency's return: every function here checks that, not only the screens.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.research import (
    Audience,
    AudienceKind,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    Source,
    audience_problem,
    content_problems,
)
from marac_desk.domain.roles import Permission, Role
from marac_desk.errors import PermissionDeniedError, ValidationError
from marac_desk.storage import audit, case_file, meetings
from marac_desk.storage.case_file import CasePerson
from marac_desk.storage.connection import Connection, insert
from marac_desk.storage.vault import Vault


class ReturnExistsError(ValidationError):
    """A current return is already held for this case and agency."""


# -- who may do what -------------------------------------------------------------


def _is_coordinator(vault: Vault) -> bool:
    return vault.may(Permission.EDIT_CASES)


def own_agency(vault: Vault) -> str | None:
    """The agency a representative is bound to (None for coordinators)."""
    if Role.AGENCY_REPRESENTATIVE in vault.user.roles:
        return (vault.user.agency_code or "").upper() or None
    return None


def require_agency(vault: Vault, agency_code: str) -> str:
    """The agency's code, if this user may work on its research."""
    code = agency_code.strip().upper()
    if _is_coordinator(vault):
        return code
    vault.require(Permission.ENTER_OWN_AGENCY_RESEARCH)
    if own_agency(vault) != code:
        raise PermissionDeniedError(
            "You can only see and enter research for your own agency's cases."
        )
    return code


def directory(conn: Connection) -> dict[str, str]:
    """Agency code -> name, every agency ever in the directory (names are not secret)."""
    return {code.upper(): name for code, name in conn.execute("SELECT code, name FROM agencies")}


def research_meeting(conn: Connection, meeting_id: int) -> meetings.Meeting:
    meeting = meetings.read(conn, meeting_id)
    if meeting.closed:
        raise ValidationError("That meeting is closed: its research can no longer change.")
    if not meeting.collects_research:
        raise ValidationError(
            "This meeting does not collect written research: give it a research deadline first."
        )
    return meeting


def on_agenda(conn: Connection, meeting_id: int, case_id: int) -> str:
    row = conn.execute(
        "SELECT c.reference FROM agenda_items a JOIN cases c ON c.id = a.case_id "
        "WHERE a.meeting_id = ? AND a.case_id = ?",
        (meeting_id, case_id),
    ).fetchone()
    if row is None:
        raise ValidationError("That case is not on this meeting's agenda.")
    return str(row[0])


# -- returns --------------------------------------------------------------------


@dataclass(frozen=True)
class StoredItem:
    item_id: int
    person_id: int
    item: Item


@dataclass(frozen=True)
class StoredReturn:
    return_id: int
    meeting_id: int
    case_id: int
    agency_code: str
    source: Source
    source_note: str
    recorded_at: str
    recorded_by: str
    current: bool
    people: dict[int, tuple[CaseRole, str, Known]]  # person id -> role, name, known
    items: list[StoredItem]

    @property
    def content(self) -> ReturnContent:
        return ReturnContent(
            tuple(
                PersonResearch(
                    pid,
                    known,
                    tuple(s.item for s in self.items if s.person_id == pid),
                )
                for pid, (_, _, known) in self.people.items()
            )
        )


def _audience(kind: str, agencies: str) -> Audience:
    return Audience(AudienceKind(kind), tuple(json.loads(agencies)))


_RETURN_COLUMNS = (
    "id, meeting_id, case_id, agency_code, source, source_note, recorded_at, recorded_by, current"
)


def load_returns(conn: Connection, where: str, params: Iterable[Any]) -> list[StoredReturn]:
    rows = conn.execute(
        f"SELECT {_RETURN_COLUMNS} FROM research_returns WHERE {where} ORDER BY id", list(params)
    ).fetchall()
    found: list[StoredReturn] = []
    for row in rows:
        return_id = int(row[0])
        people = {
            int(pid): (CaseRole(role), name, Known(known))
            for pid, role, name, known in conn.execute(
                "SELECT person_id, role, name, known FROM research_people WHERE return_id = ? "
                "ORDER BY rowid",
                (return_id,),
            )
        }
        items = [
            StoredItem(
                int(item_id),
                int(pid),
                Item(ItemKind(kind), body, Nature(nature), _audience(aud, agencies)),
            )
            for item_id, pid, kind, body, nature, aud, agencies in conn.execute(
                "SELECT id, person_id, kind, body, nature, audience, audience_agencies "
                "FROM research_items WHERE return_id = ? ORDER BY position, id",
                (return_id,),
            )
        ]
        found.append(
            StoredReturn(
                return_id,
                int(row[1]),
                int(row[2]),
                row[3].upper(),
                Source(row[4]),
                row[5],
                row[6],
                row[7],
                bool(row[8]),
                people,
                items,
            )
        )
    return found


def current_returns(conn: Connection, meeting_id: int, case_id: int) -> list[StoredReturn]:
    """Every agency's current return for a case: for services that checked the caller."""
    return load_returns(
        conn, "meeting_id = ? AND case_id = ? AND current = 1", (meeting_id, case_id)
    )


def current_return(
    vault: Vault, meeting_id: int, case_id: int, agency_code: str
) -> StoredReturn | None:
    """One agency's current return, for the coordinator or that agency's representative.
    Reading it is audited."""
    code = require_agency(vault, agency_code)
    found = load_returns(
        vault.conn,
        "meeting_id = ? AND case_id = ? AND agency_code = ? AND current = 1",
        (meeting_id, case_id, code),
    )
    if found:
        with vault.transaction():
            vault.audit(
                "research_viewed", {"meeting_id": meeting_id, "case_id": case_id, "agency": code}
            )
    return found[0] if found else None


def history(vault: Vault, meeting_id: int, case_id: int, agency_code: str) -> list[StoredReturn]:
    """Every return this agency made for the case, replaced ones first. Reading them is
    audited."""
    code = require_agency(vault, agency_code)
    found = load_returns(
        vault.conn,
        "meeting_id = ? AND case_id = ? AND agency_code = ?",
        (meeting_id, case_id, code),
    )
    if found:
        with vault.transaction():
            vault.audit(
                "research_viewed",
                {"meeting_id": meeting_id, "case_id": case_id, "agency": code, "history": True},
            )
    return found


def validate(
    conn: Connection, meeting_id: int, case_id: int, content: ReturnContent
) -> list[CasePerson]:
    """Check a return against the case before anything is written; the case's people."""
    research_meeting(conn, meeting_id)
    reference = on_agenda(conn, meeting_id, case_id)
    people = case_file.people(conn, case_id)
    problems = content_problems(content, {p.person_id for p in people}, directory(conn))
    if problems:
        raise ValidationError(f"{reference}: " + " ".join(dict.fromkeys(problems)))
    return people


def current_return_row(
    conn: Connection, meeting_id: int, case_id: int, agency_code: str
) -> tuple[int, str] | None:
    """(id, recorded at) of the return this agency now stands by for the case, if any."""
    row = conn.execute(
        "SELECT id, recorded_at FROM research_returns WHERE meeting_id = ? AND case_id = ? "
        "AND agency_code = ? AND current = 1",
        (meeting_id, case_id, agency_code),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def write_return(
    vault: Vault,
    conn: Connection,
    *,
    meeting_id: int,
    case_id: int,
    agency_code: str,
    content: ReturnContent,
    source: Source,
    source_note: str,
    pack_id: int | None,
    replace: bool,
) -> int:
    """Store one return inside the caller's transaction (an import writes many in one)."""
    people = {p.person_id: p for p in validate(conn, meeting_id, case_id, content)}
    meeting = meetings.read(conn, meeting_id)
    earlier = current_return_row(conn, meeting_id, case_id, agency_code)
    if earlier is not None and not replace:
        reference = on_agenda(conn, meeting_id, case_id)
        raise ReturnExistsError(
            f"{agency_code} already returned research for {reference} "
            f"(recorded {earlier[1][:10]}). Choose to replace it if this one is newer: "
            "the earlier return is kept in the history."
        )
    if earlier is not None:
        conn.execute("UPDATE research_returns SET current = 0 WHERE id = ?", (earlier[0],))
    return_id = insert(
        conn,
        "INSERT INTO research_returns (meeting_id, case_id, agency_code, source, source_note, "
        "pack_id, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            meeting_id,
            case_id,
            agency_code,
            source.value,
            source_note.strip(),
            pack_id,
            audit.now_iso(),
            vault.actor,
        ),
    )
    if earlier is not None:
        conn.execute(
            "UPDATE research_returns SET replaced_by = ? WHERE id = ?", (return_id, earlier[0])
        )
    for person in content.people:
        on_case = people[person.person_id]
        conn.execute(
            "INSERT INTO research_people (return_id, person_id, role, name, known) "
            "VALUES (?, ?, ?, ?, ?)",
            (return_id, person.person_id, on_case.role.value, on_case.name, person.known.value),
        )
        conn.executemany(
            "INSERT INTO research_items (return_id, person_id, kind, body, nature, audience, "
            "audience_agencies, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    return_id,
                    person.person_id,
                    item.kind.value,
                    item.body.strip(),
                    item.nature.value,
                    item.audience.kind.value,
                    json.dumps(list(item.audience.agencies)),
                    position,
                )
                for position, item in enumerate(person.items)
            ],
        )
    action = {Source.PACK: "research_imported"}.get(source, "research_recorded")
    vault.audit(
        "research_replaced" if earlier is not None else action,
        {
            "case_id": case_id,
            "meeting_id": meeting_id,
            "meeting_date": meeting.details.meeting_date.isoformat(),
            "agency": agency_code,
            "source": source.value,
            "nil": content.is_nil,
        },
    )
    return return_id


def save_return(
    vault: Vault,
    meeting_id: int,
    case_id: int,
    agency_code: str,
    content: ReturnContent,
    *,
    source: Source,
    source_note: str = "",
    replace: bool = False,
) -> int:
    """Record one agency's research for one case, typed on screen.

    A representative enters their own agency's research (source SCREEN); the coordinator
    records what an agency phoned or emailed in and says who from.
    """
    code = require_agency(vault, agency_code)
    if _is_coordinator(vault):
        if source not in (Source.PHONE, Source.EMAIL):
            raise ValidationError(
                "Record research an agency phoned or emailed in; packs come in through the "
                "import, and agencies enter their own on screen."
            )
        if not source_note.strip():
            raise ValidationError(f"Say who {source.value}d the research in, and when.")
    elif source is not Source.SCREEN:
        raise PermissionDeniedError("Agency representatives enter research on screen.")
    with vault.transaction() as conn:
        return_id = write_return(
            vault,
            conn,
            meeting_id=meeting_id,
            case_id=case_id,
            agency_code=code,
            content=content,
            source=source,
            source_note=source_note,
            pack_id=None,
            replace=replace,
        )
        # The typist's draft (research_drafts) became this return: it goes with it.
        conn.execute(
            "DELETE FROM research_drafts WHERE meeting_id = ? AND case_id = ? "
            "AND agency_code = ? AND username = ?",
            (meeting_id, case_id, code, vault.actor),
        )
        return return_id


def narrow_audience(vault: Vault, item_id: int, audience: Audience) -> None:
    """The coordinator narrows who may read an item; it can never be widened here."""
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        row = conn.execute(
            "SELECT i.kind, i.audience, i.audience_agencies, r.case_id, r.agency_code "
            "FROM research_items i JOIN research_returns r ON r.id = i.return_id "
            "WHERE i.id = ?",
            (item_id,),
        ).fetchone()
        if row is None:
            raise ValidationError("That item is no longer in the vault.")
        if row[0] == ItemKind.HELD.value:
            raise ValidationError("Information held back is never shared.")
        before = _audience(row[1], row[2])
        problem = audience_problem(audience, directory(conn))
        if problem:
            raise ValidationError(problem)
        if not audience.is_within(before):
            raise ValidationError(
                "The audience can only be narrowed: only the agency that gave the information "
                "can share it more widely."
            )
        conn.execute(
            "UPDATE research_items SET audience = ?, audience_agencies = ? WHERE id = ?",
            (audience.kind.value, json.dumps(list(audience.agencies)), item_id),
        )
        vault.audit(
            "audience_narrowed",
            {
                "case_id": int(row[3]),
                "agency": row[4],
                "item": item_id,
                "from": before.label(),
                "to": audience.label(),
            },
        )
