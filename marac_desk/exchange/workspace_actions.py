"""An agency's own actions in its workspace: taken from the MARAC's sealed action plans,
updated here between meetings, and sealed back to the MARAC as an action update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from marac_desk.domain.actions import ActionStatus, update_problems
from marac_desk.errors import MaracDeskError, ValidationError, disk_error_message
from marac_desk.exchange import action_exchange, sealed
from marac_desk.exchange.research_files import PayloadError, check_version
from marac_desk.exchange.workspace import (
    UnconfirmedMaracKeyError,
    marac_party,
    open_from_marac,
    require_workspace,
)
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import audit, exchange_identity
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class WorkspaceAction:
    action_key: int
    reference: str
    victim: str
    agreed_on: str
    text: str
    owner_name: str
    due_on: str
    status: ActionStatus  # as the MARAC last recorded it
    status_note: str
    update_status: ActionStatus | None  # the agency's update, not sent yet
    update_note: str
    sent_at: str

    @property
    def shown_status(self) -> ActionStatus:
        return self.update_status or self.status


def open_plan(vault: Vault, data: bytes, file_name: str) -> int:
    """Check and take in an action plan from the MARAC; returns how many actions it holds.
    An action already here takes the plan's details; an update not yet sent is kept."""
    found, opened = open_from_marac(vault, data, file_name, "action_plan")
    try:
        rows = _read_plan(opened.payload, found.agency_code)
    except ValidationError as exc:
        raise type(exc)(f"{file_name}: {exc}") from exc
    conn = vault.conn
    if conn.execute(
        "SELECT 1 FROM workspace_actions WHERE plan_file_id = ? LIMIT 1", (opened.file_id,)
    ).fetchone():
        raise ValidationError(f"{file_name}: this action plan was already opened here.")
    with vault.transaction() as conn:
        for row in rows:
            conn.execute(
                "INSERT INTO workspace_actions (action_key, plan_file_id, reference, victim, "
                "agreed_on, text, owner_name, due_on, status, status_note) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (action_key) DO UPDATE SET "
                "plan_file_id = excluded.plan_file_id, reference = excluded.reference, "
                "victim = excluded.victim, agreed_on = excluded.agreed_on, "
                "text = excluded.text, owner_name = excluded.owner_name, "
                "due_on = excluded.due_on, status = excluded.status, "
                "status_note = excluded.status_note",
                (
                    row["action"],
                    opened.file_id,
                    row["reference"],
                    row["victim"],
                    row["agreed_on"],
                    row["text"],
                    row["owner_name"],
                    row["due_on"],
                    row["status"],
                    row["status_note"],
                ),
            )
        vault.audit("action_plan_opened", {"actions": len(rows), "file": file_name})
    return len(rows)


def _read_plan(payload: dict[str, Any], agency_code: str) -> list[dict[str, Any]]:
    check_version(payload, action_exchange.PAYLOAD_VERSION)
    if payload.get("agency") != agency_code:
        raise ValidationError(
            f"This action plan is for {payload.get('agency')!s:.20}, not {agency_code}."
        )
    raw = payload.get("actions")
    if not isinstance(raw, list) or len(raw) > action_exchange.MAX_ACTIONS:
        raise PayloadError("This action plan holds no list of actions: ask for it again.")
    rows: list[dict[str, Any]] = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise PayloadError("An action in this plan is damaged: ask for it again.")
        due = entry.get("due_on")
        if due is not None:
            try:
                date.fromisoformat(str(due))
            except ValueError as exc:
                raise PayloadError("An action's deadline is not a date.") from exc
        try:
            ActionStatus(str(entry.get("status")))
            date.fromisoformat(str(entry.get("agreed_on")))
        except ValueError as exc:
            raise PayloadError("An action's status or date is damaged.") from exc
        rows.append(
            {
                "action": action_exchange._id(entry, "action"),
                "reference": action_exchange._text(entry, "reference", 60),
                "victim": action_exchange._text(entry, "victim", 300),
                "agreed_on": entry["agreed_on"],
                "text": action_exchange._text(entry, "text"),
                "owner_name": action_exchange._text(entry, "owner_name", 300),
                "due_on": due,
                "status": entry["status"],
                "status_note": action_exchange._text(entry, "status_note"),
            }
        )
    return rows


def listed(vault: Vault) -> list[WorkspaceAction]:
    """Every action here, soonest deadline first."""
    require_workspace(vault)
    rows = vault.conn.execute(
        "SELECT action_key, reference, victim, agreed_on, text, owner_name, "
        "coalesce(due_on, ''), status, status_note, update_status, update_note, "
        "coalesce(sent_at, '') FROM workspace_actions "
        "ORDER BY due_on IS NULL, due_on, reference, action_key"
    )
    return [
        WorkspaceAction(
            int(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            ActionStatus(r[7]),
            r[8],
            ActionStatus(r[9]) if r[9] else None,
            r[10],
            r[11],
        )
        for r in rows
    ]


def record_update(vault: Vault, action_key: int, status: ActionStatus, note: str) -> None:
    """How an action went, kept here until the update is sent to the MARAC."""
    require_workspace(vault)
    problems = update_problems(status, note)
    if problems:
        raise ValidationError(" ".join(problems))
    with vault.transaction() as conn:
        changed = conn.execute(
            "UPDATE workspace_actions SET update_status = ?, update_note = ?, updated_at = ?, "
            "updated_by = ? WHERE action_key = ?",
            (status.value, note.strip(), audit.now_iso(), vault.actor, action_key),
        ).rowcount
        if not changed:
            raise ValidationError("That action is not in this workspace.")
        vault.audit("action_update_recorded", {"action": action_key, "status": status.value})


def make_update(vault: Vault, folder: Path, *, unconfirmed: bool = False) -> tuple[Path, int]:
    """Seal every update not yet sent back to the MARAC."""
    require_workspace(vault)
    found, marac = marac_party(vault)
    if not found.marac_confirmed_at and not unconfirmed:
        raise UnconfirmedMaracKeyError(
            f"The key recorded for {found.marac_name} has not been confirmed by phone. "
            "Confirm it first, or send anyway only if you are sure of the key card."
        )
    pending = vault.conn.execute(
        "SELECT action_key, update_status, update_note, updated_at FROM workspace_actions "
        "WHERE update_status IS NOT NULL ORDER BY action_key"
    ).fetchall()
    if not pending:
        raise ValidationError("No action has an update waiting to be sent.")
    body, file_id = sealed.seal_file(
        "action_update",
        {
            "version": action_exchange.PAYLOAD_VERSION,
            "agency": found.agency_code,
            "updates": [
                {"action": int(r[0]), "status": r[1], "note": r[2], "at": r[3]} for r in pending
            ],
        },
        sender=exchange_identity.identity(vault),
        sender_name=f"{found.agency_name} ({found.agency_code})",
        recipient=marac,
        created_at=audit.now_iso(),
    )
    path = folder / f"Action update {date.today().isoformat()} {found.agency_code}.marac"
    try:
        atomic_write_bytes(path, body)
    except OSError as exc:
        raise MaracDeskError(disk_error_message("Writing the action update", exc)) from exc
    with vault.transaction() as conn:
        now = audit.now_iso()
        for row in pending:
            # What was sent is now the MARAC's to record; the list shows it as sent.
            conn.execute(
                "UPDATE workspace_actions SET status = update_status, status_note = update_note, "
                "update_status = NULL, update_note = '', sent_at = ? WHERE action_key = ?",
                (now, row[0]),
            )
        vault.audit(
            "action_update_sent", {"actions": len(pending), "file": path.name, "file_id": file_id}
        )
    return path, len(pending)
