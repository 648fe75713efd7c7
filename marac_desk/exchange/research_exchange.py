"""The MARAC's side of sealed research: a research request file for each agency whose key
the directory holds, and the research return files that come back, checked completely
(sealed to this MARAC, signed by the agency's recorded key, for a request this vault sent,
for this meeting, never taken before) and then imported with the same rules as a pack."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from marac_desk.domain import settings as defs
from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.research import ReturnContent, content_from_json
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError, disk_error_message
from marac_desk.exchange import research_files, sealed
from marac_desk.exchange.pack_reading import ImportRefusedError
from marac_desk.exchange.research_import import PlannedImport, PlannedReturn
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import (
    agency_keys,
    audit,
    case_file,
    exchange_identity,
    meetings,
    research,
    research_packs,
)
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class MadeRequest:
    agency_code: str
    path: Path
    confirmed: bool


def request_filename(agency_code: str, meeting_date: str) -> str:
    return _UNSAFE.sub("-", f"MARAC research request {meeting_date} {agency_code}") + ".marac"


def _drafts(conn: Connection, meeting_id: int, agency_code: str) -> dict[int, ReturnContent]:
    """Research already begun in this vault for the agency (by a representative's account
    from before agency workspaces), newest per case, so it goes out filled in."""
    found: dict[int, ReturnContent] = {}
    rows = conn.execute(
        "SELECT case_id, content FROM research_drafts WHERE meeting_id = ? AND agency_code = ? "
        "ORDER BY saved_at",
        (meeting_id, agency_code),
    ).fetchall()
    for case_id, content in rows:
        people = {p.person_id for p in case_file.people(conn, int(case_id))}
        found[int(case_id)] = content_from_json(content, people)
    return found


def make_request(
    vault: Vault, meeting_id: int, agency_code: str, folder: Path, *, unconfirmed: bool = False
) -> MadeRequest:
    """Seal a research request for one agency into `folder`, and record it as a pack.

    `unconfirmed`: the person was told the agency's fingerprint is not confirmed and chose
    to send anyway (recorded in the audit log)."""
    vault.require(Permission.EDIT_CASES)
    code = agency_code.strip().upper()
    key = agency_keys.key_to_send(
        vault.conn, code, unconfirmed=unconfirmed, instead="send it a Word research pack"
    )
    data = research_packs.pack_data(vault, meeting_id, code)
    payload = research_files.request_payload(
        data, research.directory(vault.conn), _drafts(vault.conn, meeting_id, code)
    )
    identity = exchange_identity.identity(vault)
    body, file_id = sealed.seal_file(
        "research_request",
        payload,
        sender=identity,
        sender_name=data.marac_name,
        recipient=key.party,
        created_at=audit.now_iso(),
    )
    path = folder / request_filename(code, data.meeting.details.meeting_date.isoformat())
    try:
        atomic_write_bytes(path, body)
    except OSError as exc:
        raise MaracDeskError(
            disk_error_message(f"Writing the research request for {code}", exc)
        ) from exc
    research_packs.record_pack(vault, data, path.name, sealed_file_id=file_id)
    if not key.confirmed:
        with vault.transaction():
            vault.audit(
                "sent_to_unconfirmed_key",
                {"agency": code, "fingerprint": key.fingerprint, "file": path.name},
            )
    return MadeRequest(code, path, key.confirmed)


def is_sealed_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(sealed.MAGIC)) == sealed.MAGIC
    except OSError:
        return path.suffix.lower() == sealed.SUFFIX


def _read(path: Path) -> bytes:
    try:
        return sealed.read_file(path)
    except ValidationError as exc:
        raise ImportRefusedError(str(exc)) from exc
    except OSError as exc:
        raise ImportRefusedError(
            f"{path.name}: " + disk_error_message("Reading the file", exc)
        ) from exc


def plan_return(vault: Vault, path: Path, meeting_id: int | None = None) -> PlannedImport:
    """Open and check a research return file completely; nothing is written."""
    vault.require(Permission.EDIT_CASES)
    name = path.name
    conn = vault.conn
    known = agency_keys.all_keys(conn)
    try:
        opened = sealed.open_file(
            _read(path),
            me=exchange_identity.identity(vault),
            my_name=str(vault.setting(defs.MARAC_NAME)),
            senders={fp: key.party for fp, key in known.items()},
            expect_kinds=("research_return",),
        )
    except ValidationError as exc:
        raise ImportRefusedError(f"{name}: {exc}") from exc
    signer = known[opened.sender.keys.fingerprint]
    earlier = conn.execute(
        "SELECT received_at FROM exchange_received WHERE file_id = ?", (opened.file_id,)
    ).fetchone()
    if earlier is not None:
        raise ImportRefusedError(
            f"{name}: this research return was already imported on {uk_date_time(earlier[0])}. "
            "The same file is never imported twice; if the agency has changed its research, "
            "it sends a new return."
        )
    token = opened.payload.get("token")
    pack = research_packs.pack_by_token(conn, token) if isinstance(token, str) else None
    if pack is None or not pack.sealed:
        raise ImportRefusedError(
            f"{name}: this return answers a research request this vault did not send. It may "
            "belong to another MARAC, or to a training vault."
        )
    if pack.agency_code.upper() != signer.code:
        raise ImportRefusedError(
            f"{name}: this return is signed by {signer.code} ({signer.name}), but it answers "
            f"the request sent to {pack.agency_code.upper()}. Nothing was imported."
        )
    try:
        content = research_files.read_return(opened.payload, pack.contents)
    except ValidationError as exc:
        raise ImportRefusedError(f"{name}: {exc}") from exc
    meeting = meetings.read(conn, pack.meeting_id)
    if content.meeting_uid != meeting.uid or content.agency_code != signer.code:
        raise ImportRefusedError(
            f"{name}: this return's meeting or agency does not match the request it answers. "
            "Nothing was imported: ask the agency to send a new return."
        )
    if meeting_id is not None and meeting_id != pack.meeting_id:
        raise ImportRefusedError(
            f"{name}: this return is for the meeting on {meeting.details.title}, not the one "
            "you are importing into."
        )
    try:
        research.research_meeting(conn, pack.meeting_id)
    except MaracDeskError as exc:
        raise ImportRefusedError(f"{name}: {exc}") from exc
    planned: list[PlannedReturn] = []
    problems: list[str] = []
    for case_id, case_content in content.cases.items():
        if not case_content.people:
            continue
        try:
            reference = research.on_agenda(conn, pack.meeting_id, case_id)
            research.validate(conn, pack.meeting_id, case_id, case_content)
        except ValidationError as exc:
            problems.append(str(exc))
            continue
        existing = research.current_return_row(conn, pack.meeting_id, case_id, signer.code)
        planned.append(PlannedReturn(case_id, reference, case_content, existing is not None))
    if problems:
        raise ImportRefusedError(f"{name}: " + " ".join(dict.fromkeys(problems)))
    if not planned:
        raise ImportRefusedError(f"{name}: the agency returned nothing for any case yet.")
    return PlannedImport(
        path,
        pack,
        meeting,
        signer.code,
        signer.name,
        planned,
        [],
        source_note=f"Research return file {name}, signed by {signer.code} ({signer.fingerprint})",
        received=(opened.file_id, "research_return", signer.fingerprint),
    )
