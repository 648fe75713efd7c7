"""Research being typed on screen, kept as a draft until it is saved as a return.

A draft is the typist's own: no one else reads it, and it never counts as research. It
is what lets the window lock, or the laptop close, in the middle of typing a return
without losing a word.
"""

from __future__ import annotations

from dataclasses import dataclass

from marac_desk.domain.research import ReturnContent, content_from_json, content_to_json
from marac_desk.storage import audit, case_file
from marac_desk.storage.research import on_agenda, require_agency, research_meeting
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class Draft:
    content: ReturnContent
    saved_at: str


def save_draft(
    vault: Vault, meeting_id: int, case_id: int, agency_code: str, content: ReturnContent
) -> None:
    code = require_agency(vault, agency_code)
    with vault.transaction() as conn:
        research_meeting(conn, meeting_id)
        on_agenda(conn, meeting_id, case_id)
        conn.execute(
            "INSERT INTO research_drafts (meeting_id, case_id, agency_code, username, content, "
            "saved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, case_id, agency_code, "
            "username) DO UPDATE SET content = excluded.content, saved_at = excluded.saved_at",
            (meeting_id, case_id, code, vault.actor, content_to_json(content), audit.now_iso()),
        )


def load_draft(vault: Vault, meeting_id: int, case_id: int, agency_code: str) -> Draft | None:
    """This user's draft for the case and agency, if one is waiting."""
    code = require_agency(vault, agency_code)
    row = vault.conn.execute(
        "SELECT content, saved_at FROM research_drafts WHERE meeting_id = ? AND case_id = ? "
        "AND agency_code = ? AND username = ?",
        (meeting_id, case_id, code, vault.actor),
    ).fetchone()
    if row is None:
        return None
    people = {p.person_id for p in case_file.people(vault.conn, case_id)}
    return Draft(content_from_json(row[0], people), str(row[1]))


def discard_draft(vault: Vault, meeting_id: int, case_id: int, agency_code: str) -> None:
    """Throw away this user's draft (the user chose to start again)."""
    code = require_agency(vault, agency_code)
    with vault.transaction() as conn:
        conn.execute(
            "DELETE FROM research_drafts WHERE meeting_id = ? AND case_id = ? "
            "AND agency_code = ? AND username = ?",
            (meeting_id, case_id, code, vault.actor),
        )
