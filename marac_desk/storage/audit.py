"""Writing and reading the hash-chained audit log inside the vault."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from marac_desk.domain.audit_chain import (
    GENESIS,
    AuditEntry,
    Link,
    canonical_detail,
    entry_hash,
    link_problems,
    text_hash,
)
from marac_desk.storage.connection import Connection

HEAD_SEQ = "audit.head_seq"
HEAD_HASH = "audit.head_hash"

# What each action is called on screen.
ACTION_LABELS = {
    "vault_created": "Vault created",
    "sign_in": "Signed in",
    "sign_in_failed": "Failed sign-in",
    "unlock_remembered": "Opened with the remembered key",
    "lock": "Locked",
    "folder_lock_taken_over": "Opened after a marac-desk that ended without closing the vault",
    "sign_out": "Signed out",
    "recovery_used": "Opened with the recovery key",
    "account_created": "Account created",
    "account_changed": "Account changed",
    "password_reset": "Password reset by administrator",
    "password_changed": "Password changed",
    "setting_changed": "Setting changed",
    "backup_created": "Backup started",
    "backup_verified": "Backup written and verified",
    "backup_failed": "Backup failed",
    "vault_restored": "Vault restored from a backup",
    "vault_verified": "Vault verified",
    "key_rotated": "Vault key rotated",
    "vault_migrated": "Vault updated to a new schema",
    "export": "Exported",
    "import": "Imported",
    "training_data_created": "Training data created",
    "case_created": "Case created",
    "case_viewed": "Case viewed",
    "agency_added": "Agency added",
    "agency_changed": "Agency changed",
    "referral_saved": "Referral saved as a draft",
    "referral_completed": "Referral completed",
    "case_status_changed": "Case status changed",
    "match_decided": "Earlier referral checked",
    "repeat_check": "Repeat check run",
    "register_searched": "Register searched",
    "transfer_document_added": "Transfer document added",
    "register_imported": "Case register imported",
    "checklist_added": "Risk checklist added",
    "transfer_document_removed": "Transfer document removed",
    "transfer_document_saved": "Transfer document saved to a file",
    "meeting_created": "Meeting created",
    "meeting_changed": "Meeting details changed",
    "meeting_deleted": "Meeting deleted",
    "case_listed": "Listed on a meeting's agenda",
    "case_unlisted": "Taken off a meeting's agenda",
    "agenda_reordered": "Agenda reordered",
    "agenda_time_changed": "Case time box changed",
    "agenda_break_added": "Break put on the agenda",
    "agenda_break_removed": "Break taken off the agenda",
    "agenda_exported": "Agenda exported",
    "research_pack_created": "Research pack created",
    "research_pack_sent": "Research pack recorded as sent",
    "data_return_exported": "Quarterly data return exported",
    "data_return_cases_viewed": "Cases behind a data return count viewed",
    "ethnicity_mapped": "Census ethnic group chosen for an ethnicity typed as text",
    "incident_recorded": "Incident between meetings recorded",
    "incident_referred": "Repeat referral started from an incident",
    "incident_not_referred": "Incident not referred back, with the reason",
    "follow_up_set": "Follow-up of a heard case set",
    "follow_up_done": "Follow-up of a heard case done",
    "actions_chased": "Agency chased for overdue actions",
    "research_chased": "Agency chased for overdue research",
    "research_imported": "Research return imported",
    "research_recorded": "Research return recorded",
    "research_replaced": "Research return replaced",
    "research_viewed": "Research return viewed",
    "summary_viewed": "Combined case summary viewed",
    "summary_exported": "Combined case summary printed",
    "audience_narrowed": "Audience of shared information narrowed",
    "meeting_opened": "Meeting opened in conference mode",
    "statement_read": "Confidentiality statement read",
    "case_opened": "Case opened in the meeting",
    "shared_info_recorded": "Information shared at the meeting recorded",
    "shared_info_removed": "Information shared at the meeting removed",
    "action_created": "Action agreed",
    "action_changed": "Action changed",
    "action_removed": "Action typed in error removed",
    "action_status_changed": "Action status updated",
    "meeting_closed": "Meeting closed",
    "meeting_amended": "Closed meeting's record amended",
    "accounts_key_created": "Accounts signing key made",
    "accounts_key_replaced": "Accounts signing key replaced",
    "accounts_key_rotated": "Accounts signing key changed with the vault key",
    "accounts_signature_mismatch": "Accounts list failed its signature check",
    "sign_in_refused_accounts_changed": "Sign-in refused: the accounts list was changed",
    "audit_head_mismatch": "Audit log did not match its last known end",
    "representative_accounts_switched_off": "Agency representative accounts switched off",
    "action_plan_opened": "Action plan from the MARAC opened",
    "action_plan_sent": "Action plan made for an agency",
    "action_update_recorded": "Action update from an agency recorded",
    "action_update_sent": "Action update made for the MARAC",
    "agency_key_recorded": "Agency's exchange key recorded",
    "agency_key_confirmed": "Agency's exchange key confirmed by phone",
    "agency_receives_changed": "What an agency receives changed",
    "exchange_key_created": "Exchange key made",
    "marac_key_recorded": "MARAC's exchange key recorded",
    "marac_key_confirmed": "MARAC's exchange key confirmed by phone",
    "sent_to_unconfirmed_key": "File sealed to a key not yet confirmed",
    "research_request_opened": "Research request from the MARAC opened",
    "research_return_made": "Research return made for the MARAC",
    "minutes_previewed": "Minutes previewed",
    "minutes_exported": "Minutes exported",
    "minutes_sent": "Minutes recorded as sent",
    "minutes_passwords_sealed": "Minutes passwords sealed to the vault key",
    "document_looked_up": "Exported document looked up by its id",
    "printed": "Printed on paper",
    "actions_exported": "Actions exported",
}


def label(action: str) -> str:
    """What an entry's code says in words; a code from a newer version of marac-desk is
    said as such rather than shown raw."""
    known = ACTION_LABELS.get(action)
    return known if known else f"Other: {action.replace('_', ' ')}"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append(
    conn: Connection, actor: str, action: str, detail: dict[str, Any] | None = None, at: str = ""
) -> AuditEntry:
    """Add one entry. Call inside the transaction of the change it records."""
    if not conn.in_transaction:
        raise RuntimeError("audit entries are written inside the change's own transaction")
    detail = detail or {}
    seq, prev_hash = head(conn)
    seq += 1
    at = at or now_iso()
    # Kept as the very text the hash covers, so that verifying hashes the stored text
    # without reading and re-encoding it (entries written before read the slow way).
    detail_text = canonical_detail(detail)
    digest = text_hash(prev_hash, seq, at, actor, action, detail_text)
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash, case_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            seq,
            at,
            actor,
            action,
            detail_text,
            prev_hash,
            digest,
            case_column(detail),
        ),
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?), (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (HEAD_SEQ, str(seq), HEAD_HASH, digest),
    )
    return AuditEntry(seq, at, actor, action, detail, prev_hash, digest)


def case_column(detail: dict[str, Any]) -> int | None:
    """The `case_id` column an entry's hashed detail implies: the column only indexes the
    detail for a case's history, so it must never say anything the hash does not cover."""
    case_id = detail.get("case_id")
    return case_id if isinstance(case_id, int) and not isinstance(case_id, bool) else None


def head(conn: Connection) -> tuple[int, str]:
    """The log's last entry as recorded in meta: its sequence number and hash."""
    rows = dict(
        conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (HEAD_SEQ, HEAD_HASH))
    )
    return int(rows.get(HEAD_SEQ, 0)), str(rows.get(HEAD_HASH, GENESIS))


def entries(
    conn: Connection, *, action: str | None = None, limit: int | None = None
) -> list[AuditEntry]:
    """Newest first when limited (what a viewer wants); oldest first otherwise."""
    sql = "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log"
    params: list[Any] = []
    if action:
        sql += " WHERE action = ?"
        params.append(action)
    if limit is not None:
        sql += " ORDER BY seq DESC LIMIT ?"
        params.append(limit)
    else:
        sql += " ORDER BY seq"
    return [_entry(row) for row in conn.execute(sql, params)]


def for_case(conn: Connection, case_id: int) -> list[AuditEntry]:
    """A case's own entries, oldest first."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log "
        "WHERE case_id = ? ORDER BY seq",
        (case_id,),
    )
    return [_entry(row) for row in rows]


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    try:
        detail = json.loads(row[4])
    except ValueError:
        detail = {"unreadable": row[4]}
    if not isinstance(detail, dict):
        detail = {"unreadable": row[4]}
    return AuditEntry(int(row[0]), row[1], row[2], row[3], detail, row[5], row[6])


def _link(row: tuple[Any, ...]) -> Link:
    seq, at, actor, action, text, prev_hash, digest = row
    intact = isinstance(text, str) and text_hash(prev_hash, seq, at, actor, action, text) == digest
    if not intact:
        # Not the text that was hashed: an entry written before the log kept canonical
        # text, or one changed since. Its meaning decides.
        entry = _entry(row)
        intact = entry_hash(prev_hash, seq, at, actor, action, entry.detail) == digest
    return Link(int(seq), str(action), str(prev_hash), str(digest), intact)


# Entries whose case_id column says other than their hashed detail: the column only
# indexes the detail for a case's history, so a difference means it was moved. Checked
# by SQLite, so that verifying need not read every entry's detail in Python; the detail
# decides as `case_column` reads it (an integer, never true or false; unreadable is none).
_MOVED = """
    SELECT seq, action FROM audit_log
     WHERE case_id IS NOT (
           CASE WHEN json_valid(detail) AND json_type(detail, '$.case_id') = 'integer'
                THEN json_extract(detail, '$.case_id') END)
     ORDER BY seq
"""


def verify(conn: Connection) -> list[str]:
    seq, head_hash = head(conn)
    has_head = conn.execute("SELECT 1 FROM meta WHERE key = ?", (HEAD_SEQ,)).fetchone()
    rows = conn.execute(
        "SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq"
    )
    first: list[str] = []

    def links() -> Iterator[Link]:
        for row in rows:
            link = _link(row)
            if not first:
                first.append(link.action)
            yield link

    problems = link_problems(links(), seq if has_head else None, head_hash if has_head else None)
    # Every vault's log begins with its creation: a log that begins anywhere else, or is
    # empty in a vault with accounts, started again from nothing (head or no head).
    if first and first[0] != "vault_created":
        problems.append("The audit log does not begin with the vault's creation: it was restarted.")
    elif not first and conn.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        problems.append("The audit log is empty, though the vault holds accounts: it was wiped.")
    for moved_seq, action in conn.execute(_MOVED):
        # Moving an entry into (or out of) a case's history without touching the hash.
        problems.append(f"Entry {moved_seq} ({action}) was moved to another case.")
    return problems
