"""An agency workspace: one agency's own small vault, where its representative opens the
MARAC's research requests, enters the agency's research, and seals the return back to the
MARAC. It never holds the MARAC's vault key, and the MARAC never holds its key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.research import ReturnContent, content_data, content_problems
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError, disk_error_message
from marac_desk.exchange import research_files, sealed
from marac_desk.exchange.key_card import KeyCard
from marac_desk.exchange.research_files import Request
from marac_desk.fileio import atomic_write_bytes
from marac_desk.security import kdf
from marac_desk.security.exchange_keys import PublicKeys, normalise_fingerprint
from marac_desk.storage import audit, exchange_identity
from marac_desk.storage.connection import insert
from marac_desk.storage.vault import Vault


class UnconfirmedMaracKeyError(ValidationError):
    """The MARAC's key is recorded but its fingerprint was never confirmed."""


@dataclass(frozen=True)
class WorkspaceInfo:
    agency_code: str
    agency_name: str
    marac_name: str
    marac_keys: PublicKeys | None
    marac_confirmed_at: str

    @property
    def marac_fingerprint(self) -> str:
        return self.marac_keys.fingerprint if self.marac_keys else ""


@dataclass(frozen=True)
class RequestSummary:
    request_id: int
    token: str
    marac_name: str
    meeting_date: str
    deadline: str
    cases: int
    researched: int
    received_at: str
    returned_at: str


def create_workspace(
    data_dir: Path,
    *,
    agency_code: str,
    agency_name: str,
    username: str,
    full_name: str,
    password: str,
    kdf_n: int = kdf.DEFAULT_N,
    recovery_raw: bytes | None = None,
) -> tuple[Vault, str]:
    """A new agency workspace with its first representative, who also administers it."""
    from marac_desk.storage.vault_setup import create_vault

    return create_vault(
        data_dir,
        marac_name=f"{agency_name.strip()} research workspace"[:120],
        username=username,
        full_name=full_name,
        password=password,
        kdf_n=kdf_n,
        recovery_raw=recovery_raw,
        workspace=(agency_code, agency_name),
    )


def require_workspace(vault: Vault) -> None:
    if not exchange_identity.is_workspace(vault):
        raise ValidationError(
            "This is a MARAC's vault, not an agency workspace: research requests are opened "
            "in the agency's own workspace."
        )
    vault.require(Permission.ENTER_OWN_AGENCY_RESEARCH)


def info(vault: Vault) -> WorkspaceInfo:
    if not exchange_identity.is_workspace(vault):
        raise ValidationError("This is a MARAC's vault, not an agency workspace.")
    row = vault.conn.execute(
        "SELECT agency_code, agency_name, marac_name, marac_keys, coalesce(marac_confirmed_at, '') "
        "FROM workspace WHERE id = 1"
    ).fetchone()
    keys = PublicKeys.from_text(json.loads(row[3])) if row[3] else None
    return WorkspaceInfo(row[0], row[1], row[2], keys, row[4])


def record_marac_key(vault: Vault, card: KeyCard) -> WorkspaceInfo:
    """Record the MARAC's key card; unconfirmed until its fingerprint is read back."""
    require_workspace(vault)
    if card.role != "marac":
        raise ValidationError(
            f"That is the key card of an agency ({card.agency_code}), not of a MARAC."
        )
    before = info(vault)
    if before.marac_keys == card.keys:
        return before
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE workspace SET marac_name = ?, marac_keys = ?, marac_recorded_at = ?, "
            "marac_confirmed_at = NULL, marac_confirmed_by = '' WHERE id = 1",
            (card.name, json.dumps(card.keys.to_text()), audit.now_iso()),
        )
        vault.audit(
            "marac_key_recorded",
            {
                "marac": card.name,
                "fingerprint": card.fingerprint,
                **({"replaced": before.marac_fingerprint} if before.marac_keys else {}),
            },
        )
    return info(vault)


def confirm_marac_key(vault: Vault, read_out: str) -> WorkspaceInfo:
    require_workspace(vault)
    found = info(vault)
    if found.marac_keys is None:
        raise ValidationError("Record your MARAC's key card first.")
    if normalise_fingerprint(read_out) != found.marac_fingerprint:
        # The recorded fingerprint is not shown: it would invite copying it in.
        raise ValidationError(
            f"That is not the fingerprint of the key recorded for {found.marac_name}. Do not "
            "send research to this key: ask them to read it again, and if it still differs, "
            "ask for a new key card by another route."
        )
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE workspace SET marac_confirmed_at = ?, marac_confirmed_by = ? WHERE id = 1",
            (audit.now_iso(), vault.actor),
        )
        vault.audit("marac_key_confirmed", {"fingerprint": found.marac_fingerprint})
    return info(vault)


def marac_party(vault: Vault) -> tuple[WorkspaceInfo, sealed.Party]:
    found = info(vault)
    if found.marac_keys is None:
        raise ValidationError(
            "Record your MARAC's key card first (Exchange keys): until then no file from the "
            "MARAC can be checked, and none can be sent to it."
        )
    return found, sealed.Party(found.marac_name, found.marac_keys)


def open_from_marac(
    vault: Vault, data: bytes, file_name: str, kind: str
) -> tuple[WorkspaceInfo, sealed.Opened]:
    """Open a file of `kind` that must be sealed to this workspace by its MARAC. A refusal
    keeps its kind (not for us, unknown sender, altered...) and names the file."""
    require_workspace(vault)
    found, marac = marac_party(vault)
    try:
        opened = sealed.open_file(
            data,
            me=exchange_identity.identity(vault),
            my_name=f"{found.agency_name} ({found.agency_code})",
            senders={marac.keys.fingerprint: marac},
            expect_kinds=(kind,),
        )
    except ValidationError as exc:
        raise type(exc)(f"{file_name}: {exc}") from exc
    return found, opened


def open_request(vault: Vault, data: bytes, file_name: str) -> int:
    """Check and keep a research request file; returns its id here. Nothing is kept unless
    the whole file checks: sealed to this workspace, signed by its MARAC, for its agency."""
    found, opened = open_from_marac(vault, data, file_name, "research_request")
    try:
        request = research_files.read_request(opened.payload)
    except ValidationError as exc:
        raise type(exc)(f"{file_name}: {exc}") from exc
    if request.agency_code != found.agency_code:
        raise ValidationError(
            f"{file_name}: this request is for {request.agency_code} ({request.agency_name}), "
            f"not {found.agency_code}."
        )
    conn = vault.conn
    earlier = conn.execute(
        "SELECT id, received_at FROM workspace_requests WHERE file_id = ?", (opened.file_id,)
    ).fetchone()
    if earlier is not None:
        raise ValidationError(
            f"{file_name}: this request was already opened here on "
            f"{uk_date_time(earlier[1])}. It is in the list of requests."
        )
    with vault.transaction() as conn:
        request_id = insert(
            conn,
            "INSERT INTO workspace_requests (file_id, token, meeting_date, deadline, content, "
            "received_at, received_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                opened.file_id,
                request.token,
                request.meeting_date.isoformat(),
                request.deadline.isoformat() if request.deadline else None,
                json.dumps(opened.payload),
                audit.now_iso(),
                vault.actor,
            ),
        )
        for case in request.cases:
            if case.draft is not None:
                _store(vault, request_id, case.case_id, case.draft)
        vault.audit(
            "research_request_opened",
            {
                "request": request.token,
                "meeting_date": request.meeting_date.isoformat(),
                "cases": len(request.cases),
                "file": file_name,
            },
        )
    return request_id


def requests(vault: Vault) -> list[RequestSummary]:
    require_workspace(vault)
    rows = vault.conn.execute(
        "SELECT r.id, r.token, r.content, r.meeting_date, coalesce(r.deadline, ''), "
        "r.received_at, coalesce(r.returned_at, ''), "
        "(SELECT count(*) FROM workspace_research w WHERE w.request_id = r.id) "
        "FROM workspace_requests r ORDER BY r.meeting_date DESC, r.id DESC"
    ).fetchall()
    found = []
    for row in rows:
        payload = json.loads(row[2])
        found.append(
            RequestSummary(
                int(row[0]),
                row[1],
                str(payload.get("marac_name", "")),
                row[3],
                row[4],
                len(payload.get("cases", [])),
                int(row[7]),
                row[5],
                row[6],
            )
        )
    return found


def load_request(vault: Vault, request_id: int) -> tuple[Request, dict[int, ReturnContent]]:
    """A request as it came, and what has been entered for each of its cases."""
    require_workspace(vault)
    row = vault.conn.execute(
        "SELECT content FROM workspace_requests WHERE id = ?", (request_id,)
    ).fetchone()
    if row is None:
        raise ValidationError("That research request is no longer in this workspace.")
    request = research_files.read_request(json.loads(row[0]))
    entered: dict[int, ReturnContent] = {}
    for case_key, content in vault.conn.execute(
        "SELECT case_key, content FROM workspace_research WHERE request_id = ?", (request_id,)
    ):
        case = request.case(int(case_key))
        people = {p.person_id: p for p in case.people}
        entered[case.case_id] = research_files.read_content(json.loads(content), people)
    return request, entered


def _store(vault: Vault, request_id: int, case_id: int, content: ReturnContent) -> None:
    vault.conn.execute(
        "INSERT INTO workspace_research (request_id, case_key, content, saved_at, saved_by) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id, case_key) DO UPDATE SET "
        "content = excluded.content, saved_at = excluded.saved_at, saved_by = excluded.saved_by",
        (
            request_id,
            str(case_id),
            json.dumps(content_data(content)),
            audit.now_iso(),
            vault.actor,
        ),
    )


def save_research(vault: Vault, request_id: int, case_id: int, content: ReturnContent) -> None:
    """Keep what is entered for one case, as it is typed (checked in full when sent)."""
    require_workspace(vault)
    request, _ = load_request(vault, request_id)
    try:
        case = request.case(case_id)
    except KeyError as exc:
        raise ValidationError("That case is not in this research request.") from exc
    if {p.person_id for p in content.people} - {p.person_id for p in case.people}:
        raise ValidationError("The research is about someone the request did not ask about.")
    with vault.transaction():
        _store(vault, request_id, case_id, content)


def return_problems(request: Request, entered: dict[int, ReturnContent]) -> list[str]:
    """Why the research entered cannot be sent yet, case by case."""
    problems: list[str] = []
    for case in request.cases:
        content = entered.get(case.case_id)
        if content is None or not content.people:
            continue
        ids = {p.person_id for p in case.people}
        problems += [
            f"{case.reference}: {p}"
            for p in dict.fromkeys(content_problems(content, ids, request.directory))
        ]
    return problems


def make_return(
    vault: Vault, request_id: int, folder: Path, *, unconfirmed: bool = False
) -> tuple[Path, int]:
    """Seal the research entered for a request back to the MARAC. Returns the file and the
    number of cases it carries. Every case entered is checked first; nothing is written
    while any is wrong."""
    require_workspace(vault)
    found, marac = marac_party(vault)
    if not found.marac_confirmed_at and not unconfirmed:
        raise UnconfirmedMaracKeyError(
            f"The key recorded for {found.marac_name} ({found.marac_fingerprint}) has not "
            "been confirmed: no one has read its fingerprint back with the MARAC. Confirm it "
            "first, or send anyway only if you are sure the key card came from the MARAC."
        )
    request, entered = load_request(vault, request_id)
    entered = {case_id: c for case_id, c in entered.items() if c.people}
    if not entered:
        raise ValidationError("Nothing has been entered for any case of this request yet.")
    problems = return_problems(request, entered)
    if problems:
        raise ValidationError("Put these right before sending the return: " + " ".join(problems))
    body, file_id = sealed.seal_file(
        "research_return",
        research_files.return_payload(request, entered),
        sender=exchange_identity.identity(vault),
        sender_name=f"{found.agency_name} ({found.agency_code})",
        recipient=marac,
        created_at=audit.now_iso(),
    )
    path = folder / (
        f"Research return {request.meeting_date.isoformat()} {found.agency_code}.marac"
    )
    try:
        atomic_write_bytes(path, body)
    except OSError as exc:
        raise MaracDeskError(disk_error_message("Writing the research return", exc)) from exc
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE workspace_requests SET returned_at = ?, returned_by = ? WHERE id = ?",
            (audit.now_iso(), vault.actor, request_id),
        )
        vault.audit(
            "research_return_made",
            {
                "request": request.token,
                "cases": len(entered),
                "file": path.name,
                "file_id": file_id,
                **({"unconfirmed_key": True} if not found.marac_confirmed_at else {}),
            },
        )
    return path, len(entered)
