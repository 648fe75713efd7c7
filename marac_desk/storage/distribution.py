"""The distribution log: every minutes file produced, with the document id printed on
its pages, and when and how the coordinator sent it. A document id read from a file
found where it should not be leads back here."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from marac_desk.domain.agencies import Agency
from marac_desk.domain.distribution import Recipient, agreement_problem
from marac_desk.domain.minutes import FULL_RECORD, RECORD_LABEL, MeetingFacts, recipients
from marac_desk.domain.minutes_files import DocumentKind, Format
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import agencies, audit, minutes_passwords
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

# Crockford's base32: no I, L, O or U, so an id read aloud or retyped from a printout
# is not misread. 15 characters carry 75 random bits: never guessed, never repeated.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_document_id() -> str:
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(15))
    return f"MD-{chars[:5]}-{chars[5:10]}-{chars[10:]}"


def normalise_document_id(text: str) -> str:
    """The id as stored, from what a person typed or copied: any case, with or without
    the dashes, O for 0 and I or L for 1."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if cleaned.startswith("MD"):
        cleaned = cleaned[2:]
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != 15:
        return text.strip().upper()
    return f"MD-{cleaned[:5]}-{cleaned[5:10]}-{cleaned[10:]}"


@dataclass(frozen=True)
class Produced:
    """One file written, as it goes into the log."""

    document_id: str
    agency_code: str
    kind: DocumentKind
    format: Format
    file_name: str
    content_hash: str
    protected: bool
    override: str = ""


@dataclass(frozen=True)
class LogEntry:
    entry_id: int
    meeting_id: int
    meeting_date: str
    produced: Produced
    produced_at: str
    produced_by: str
    sent_at: str | None
    sent_how: str
    sent_by: str


def receives(conn: Connection) -> dict[str, DocumentKind]:
    return {
        code.upper(): DocumentKind(kind)
        for code, kind in conn.execute("SELECT code, receives FROM agencies")
    }


def set_receives(vault: Vault, code: str, kind: DocumentKind) -> None:
    """Whether an agency is sent its minutes or only its action plan."""
    vault.require(Permission.EXPORT_MINUTES)
    with vault.transaction() as conn:
        changed = conn.execute(
            "UPDATE agencies SET receives = ?, updated_at = ? WHERE code = ?",
            (kind.value, audit.now_iso(), code),
        ).rowcount
        if not changed:
            raise ValidationError(f"There is no agency {code} in the directory.")
        vault.audit("agency_receives_changed", {"agency": code.upper(), "receives": kind.value})


def has_export_password(conn: Connection, code: str) -> bool:
    row = conn.execute(
        "SELECT coalesce(export_password, '') <> '' FROM agencies WHERE code = ?", (code,)
    ).fetchone()
    return bool(row and row[0])


def export_password(vault: Vault, code: str) -> str:
    """The agency's password for its files, opened here for the export only (it is sealed
    in the vault: storage.minutes_passwords)."""
    vault.require(Permission.EXPORT_MINUTES)
    row = vault.conn.execute(
        "SELECT id, coalesce(export_password, '') FROM agencies WHERE code = ?", (code,)
    ).fetchone()
    if row is None or not row[1]:
        return ""
    return minutes_passwords.reveal(vault, int(row[0]), str(row[1]))


def plan(vault: Vault, facts: MeetingFacts, today: date) -> list[Recipient]:
    """The MARAC's record first (its full minutes, and the action plan of every case),
    then every agency that receives something, by name."""
    vault.require(Permission.EXPORT_MINUTES)
    directory: dict[str, Agency] = {
        a.code.upper(): a for a in agencies.list_agencies(vault, include_inactive=True)
    }
    kinds = receives(vault.conn)
    listed = [
        Recipient(FULL_RECORD, RECORD_LABEL, kind, False, "")
        for kind in (DocumentKind.MINUTES, DocumentKind.ACTIONS)
    ]
    for code in recipients(facts):
        agency = directory.get(code)
        listed.append(
            Recipient(
                code,
                facts.name(code),
                kinds.get(code, DocumentKind.MINUTES),
                has_export_password(vault.conn, code),
                agreement_problem(agency, today),
            )
        )
    return listed


def log(conn: Connection, vault: Vault, meeting_id: int, files: Iterable[Produced]) -> None:
    """Record the files written, in the caller's transaction, each audited."""
    now = audit.now_iso()
    for f in files:
        conn.execute(
            "INSERT INTO distribution_log (document_id, meeting_id, agency_code, kind, format, "
            "file_name, content_hash, protected, override, produced_at, produced_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                f.document_id,
                meeting_id,
                f.agency_code,
                f.kind.value,
                f.format.value,
                f.file_name,
                f.content_hash,
                int(f.protected),
                f.override,
                now,
                vault.actor,
            ),
        )
        vault.audit(
            "minutes_exported",
            {
                "meeting_id": meeting_id,
                "agency": f.agency_code or RECORD_LABEL,
                "document_id": f.document_id,
                "kind": f.kind.value,
                "format": f.format.value,
                "protected": f.protected,
                "override": f.override,
            },
        )


_ENTRY_SQL = (
    "SELECT d.id, d.meeting_id, m.meeting_date, d.document_id, d.agency_code, d.kind, "
    "d.format, d.file_name, d.content_hash, d.protected, d.override, d.produced_at, "
    "d.produced_by, d.sent_at, d.sent_how, d.sent_by FROM distribution_log d "
    "JOIN meetings m ON m.id = d.meeting_id "
)


def _entries(conn: Connection, where: str, params: tuple[object, ...]) -> list[LogEntry]:
    rows = conn.execute(_ENTRY_SQL + where + " ORDER BY d.id", params)
    return [
        LogEntry(
            int(r[0]),
            int(r[1]),
            r[2],
            Produced(
                r[3], r[4].upper(), DocumentKind(r[5]), Format(r[6]), r[7], r[8], bool(r[9]), r[10]
            ),
            r[11],
            r[12],
            r[13],
            r[14],
            r[15],
        )
        for r in rows
    ]


def entries(vault: Vault, meeting_id: int) -> list[LogEntry]:
    vault.require(Permission.EXPORT_MINUTES)
    return _entries(vault.conn, "WHERE d.meeting_id = ?", (meeting_id,))


def find(vault: Vault, document_id: str) -> LogEntry | None:
    """The file a document id was printed on, or None. The search is audited: it is how
    a leak is traced."""
    vault.require(Permission.EXPORT_MINUTES)
    wanted = normalise_document_id(document_id)
    found = _entries(vault.conn, "WHERE d.document_id = ?", (wanted,))
    with vault.transaction():
        vault.audit("document_looked_up", {"document_id": wanted, "found": bool(found)})
    return found[0] if found else None


def record_sent(vault: Vault, entry_ids: list[int], sent_on: date, how: str) -> None:
    """The coordinator's note that these files were sent, when and how."""
    vault.require(Permission.EXPORT_MINUTES)
    how = how.strip()
    if not how:
        raise ValidationError("Say how the files were sent, for example by secure email.")
    if not entry_ids:
        raise ValidationError("Choose the files that were sent.")
    if sent_on > date.today():
        raise ValidationError("The date sent cannot be in the future.")
    with vault.transaction() as conn:
        for entry_id in entry_ids:
            changed = conn.execute(
                "UPDATE distribution_log SET sent_at = ?, sent_how = ?, sent_by = ? WHERE id = ?",
                (sent_on.isoformat(), how, vault.actor, entry_id),
            ).rowcount
            if not changed:
                raise ValidationError("A file chosen is no longer in the distribution log.")
        vault.audit(
            "minutes_sent",
            {"entries": entry_ids, "sent_on": sent_on.isoformat(), "how": how},
        )
