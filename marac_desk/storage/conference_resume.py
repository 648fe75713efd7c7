"""Picking up a meeting after marac-desk stopped with its conference screen open.

Apart from `storage.conference` because every sign-in asks, and the question needs none of
the conference's rules: only the flag `conference.start` sets and `conference.leave` clears.
"""

from __future__ import annotations

from marac_desk.domain.roles import Permission
from marac_desk.storage.vault import Vault


def interrupted(vault: Vault) -> int | None:
    """A meeting whose conference screen was open when the app last stopped, if any."""
    if not vault.may(Permission.EDIT_CASES):
        return None
    row = vault.conn.execute(
        "SELECT meeting_id FROM conferences WHERE running = 1 AND closed_at IS NULL "
        "ORDER BY saved_at DESC LIMIT 1"
    ).fetchone()
    return int(row[0]) if row else None
