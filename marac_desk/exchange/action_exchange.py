"""Action plans out and action updates back, as sealed exchange files.

The MARAC seals to an agency's workspace the actions that agency owns and has not finished;
the agency records how each went in its own workspace and seals the updates back. The
MARAC takes an update only for an action it sent to that agency in a plan, and only from
that agency's recorded key; each becomes one line of the action's history, under the
agency's name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from marac_desk.domain import settings as defs
from marac_desk.domain.actions import ActionStatus, update_problems
from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError, disk_error_message
from marac_desk.exchange import sealed
from marac_desk.exchange.research_files import PayloadError, check_version, damaged
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import actions, agency_keys, audit, exchange_identity
from marac_desk.storage.vault import Vault

PAYLOAD_VERSION = 1
MAX_ACTIONS = 2000
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PlannedUpdate:
    action_id: int
    reference: str
    text: str
    status: ActionStatus
    note: str
    at: str


@dataclass(frozen=True)
class PlannedUpdates:
    path: Path
    agency_code: str
    agency_name: str
    file_id: str
    fingerprint: str
    updates: list[PlannedUpdate]


def _text(data: Mapping[str, Any], key: str, limit: int = 4000) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise damaged(f"{key!r} is not text")
    return value


def _id(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise damaged(f"{key!r} is not an id")
    return value


# -- the MARAC's side: plans out ----------------------------------------------------------


def make_plan(
    vault: Vault, agency_code: str, folder: Path, *, unconfirmed: bool = False
) -> tuple[Path, int]:
    """Seal the agency's outstanding actions to its workspace. Returns the file and how
    many actions it carries."""
    vault.require(Permission.EXPORT_MINUTES)
    code = agency_code.strip().upper()
    key = agency_keys.key_to_send(
        vault.conn, code, unconfirmed=unconfirmed, instead="send its action plan with the minutes"
    )
    rows = actions.outstanding_for(vault.conn, code)
    if not rows:
        raise ValidationError(f"{code} owns no outstanding action: there is no plan to send.")
    payload = {
        "version": PAYLOAD_VERSION,
        "marac_name": str(vault.setting(defs.MARAC_NAME)),
        "agency": code,
        "made_on": date.today().isoformat(),
        "actions": [
            {
                "action": row.action.action_id,
                "reference": row.reference,
                "victim": row.victim,
                "agreed_on": row.agreed_on.isoformat(),
                "text": row.action.text,
                "owner_name": row.action.owner_name,
                "due_on": row.action.due_on.isoformat() if row.action.due_on else None,
                "status": row.action.status.value,
                "status_note": row.action.status_note,
            }
            for row in rows
        ],
    }
    body, file_id = sealed.seal_file(
        "action_plan",
        payload,
        sender=exchange_identity.identity(vault),
        sender_name=str(vault.setting(defs.MARAC_NAME)),
        recipient=key.party,
        created_at=audit.now_iso(),
    )
    path = folder / (_UNSAFE.sub("-", f"MARAC action plan {date.today().isoformat()} {code}"))
    path = path.with_name(path.name + sealed.SUFFIX)
    try:
        atomic_write_bytes(path, body)
    except OSError as exc:
        raise MaracDeskError(disk_error_message(f"Writing {code}'s action plan", exc)) from exc
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO exchange_sent (file_id, kind, agency_code, contents, file_name, "
            "made_at, made_by) VALUES (?, 'action_plan', ?, ?, ?, ?, ?)",
            (
                file_id,
                code,
                json.dumps({"actions": [row.action.action_id for row in rows]}),
                path.name,
                audit.now_iso(),
                vault.actor,
            ),
        )
        vault.audit(
            "action_plan_sent",
            {
                "agency": code,
                "actions": len(rows),
                "file": path.name,
                **({"unconfirmed_key": True} if not key.confirmed else {}),
            },
        )
    return path, len(rows)


def plan_updates(vault: Vault, path: Path) -> PlannedUpdates:
    """Open and check an action update file completely; nothing is written."""
    vault.require(Permission.EDIT_CASES)
    conn = vault.conn
    known = agency_keys.all_keys(conn)
    try:
        data = sealed.read_file(path)
    except OSError as exc:
        raise ValidationError(
            f"{path.name}: " + disk_error_message("Reading the file", exc)
        ) from exc
    try:
        opened = sealed.open_file(
            data,
            me=exchange_identity.identity(vault),
            my_name=str(vault.setting(defs.MARAC_NAME)),
            senders={fp: k.party for fp, k in known.items()},
            expect_kinds=("action_update",),
        )
    except ValidationError as exc:
        raise type(exc)(f"{path.name}: {exc}") from exc
    signer = known[opened.sender.keys.fingerprint]
    earlier = conn.execute(
        "SELECT received_at FROM exchange_received WHERE file_id = ?", (opened.file_id,)
    ).fetchone()
    if earlier is not None:
        raise ValidationError(
            f"{path.name}: this action update was already taken in on "
            f"{uk_date_time(earlier[0])}. The same file is never taken twice."
        )
    payload = opened.payload
    try:
        check_version(payload, PAYLOAD_VERSION)
        if set(payload) != {"version", "agency", "updates"}:
            raise damaged("it has fields an action update does not hold")
        if _text(payload, "agency", 20).upper() != signer.code:
            raise ValidationError(
                f"{path.name}: this update is signed by {signer.code} but speaks for "
                f"{payload.get('agency')}. Nothing was taken in."
            )
        raw = payload.get("updates")
        if not isinstance(raw, list) or not raw or len(raw) > MAX_ACTIONS:
            raise damaged("no updates")
        sent: set[int] = set()
        for (contents,) in conn.execute(
            "SELECT contents FROM exchange_sent WHERE kind = 'action_plan' AND agency_code = ?",
            (signer.code,),
        ):
            sent.update(int(a) for a in json.loads(contents)["actions"])
        planned: list[PlannedUpdate] = []
        seen: set[int] = set()
        for entry in raw:
            if not isinstance(entry, dict) or set(entry) != {"action", "status", "note", "at"}:
                raise damaged("an update has fields marac-desk does not write")
            action_id = _id(entry, "action")
            if action_id in seen:
                raise damaged("the same action twice")
            seen.add(action_id)
            try:
                status = ActionStatus(entry["status"])
            except (ValueError, TypeError) as exc:
                raise damaged("a status that is not one there is") from exc
            note = _text(entry, "note")
            problems = update_problems(status, note)
            if problems:
                raise damaged(" ".join(problems))
            row = conn.execute(
                "SELECT x.owner_agency, c.reference, x.text FROM actions x "
                "JOIN cases c ON c.id = x.case_id WHERE x.id = ?",
                (action_id,),
            ).fetchone()
            if action_id not in sent or row is None or str(row[0]).upper() != signer.code:
                raise ValidationError(
                    f"{path.name}: it updates an action this MARAC never sent to "
                    f"{signer.code} in an action plan, or that {signer.code} no longer owns. "
                    "Nothing was taken in."
                )
            planned.append(
                PlannedUpdate(action_id, row[1], row[2], status, note, _text(entry, "at", 40))
            )
    except PayloadError as exc:
        raise PayloadError(f"{path.name}: {exc}") from exc
    return PlannedUpdates(
        path, signer.code, signer.name, opened.file_id, signer.fingerprint, planned
    )


def take_updates(vault: Vault, planned: PlannedUpdates) -> int:
    """Record every update of a checked file in one transaction, as lines of each action's
    history under the agency's name."""
    vault.require(Permission.EDIT_CASES)
    by = f"{planned.agency_code} (action update file)"
    with vault.transaction() as conn:
        if conn.execute(
            "SELECT 1 FROM exchange_received WHERE file_id = ?", (planned.file_id,)
        ).fetchone():
            raise ValidationError(f"{planned.path.name}: this file was taken in a moment ago.")
        conn.execute(
            "INSERT INTO exchange_received (file_id, kind, sender_fingerprint, file_name, "
            "received_at, received_by) VALUES (?, 'action_update', ?, ?, ?, ?)",
            (planned.file_id, planned.fingerprint, planned.path.name, audit.now_iso(), vault.actor),
        )
        now = audit.now_iso()
        for update in planned.updates:
            conn.execute(
                "UPDATE actions SET status = ?, status_note = ?, updated_at = ? WHERE id = ?",
                (update.status.value, update.note.strip(), now, update.action_id),
            )
            conn.execute(
                "INSERT INTO action_updates (action_id, meeting_id, status, note, at, by) "
                "VALUES (?, NULL, ?, ?, ?, ?)",
                (update.action_id, update.status.value, update.note.strip(), now, by),
            )
            case_id = conn.execute(
                "SELECT case_id FROM actions WHERE id = ?", (update.action_id,)
            ).fetchone()
            vault.audit(
                "action_status_changed",
                {
                    "action_id": update.action_id,
                    "case_id": int(case_id[0]),
                    "status": update.status.value,
                    "meeting_id": None,
                    "owner_agency": planned.agency_code,
                    "file": planned.path.name,
                },
            )
    return len(planned.updates)
