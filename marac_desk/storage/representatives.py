"""Finishing what schema 11 began: agency representatives' accounts in a MARAC's vault
were switched off by the migration; at the next sign-in their key slots go and the vault
key is replaced, and the first administrator to sign in after is told what replaced them."""

from __future__ import annotations

import json

from marac_desk.storage import audit
from marac_desk.storage.vault import Vault

SWITCHED_OFF = "representatives_switched_off"
KEY_TAKEN = "representatives_key_taken"
TOLD = "representatives_told"


def _meta(vault: Vault, key: str) -> str | None:
    row = vault.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def finish(vault: Vault) -> None:
    """Run once after signing in: take the switched-off accounts' key away, then tell an
    administrator. Anyone's sign-in takes the key away (it must not wait for one role)."""
    listed = _meta(vault, SWITCHED_OFF)
    if listed is None:
        return
    accounts = json.loads(listed)
    if _meta(vault, KEY_TAKEN) is None:
        from marac_desk.storage.keyrotation import replace_key

        for account in accounts:
            vault.slots.remove_user(account["username"])
        replace_key(vault, reason="representatives_switched_off")
        with vault.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)", (KEY_TAKEN, audit.now_iso())
            )
            vault.audit(
                "representative_accounts_switched_off",
                {"accounts": [a["username"] for a in accounts]},
            )
    from marac_desk.domain.roles import Role

    if Role.ADMINISTRATOR in vault.user.roles and _meta(vault, TOLD) is None:
        names = ", ".join(f"{a['username']} ({a['agency'] or 'no agency'})" for a in accounts)
        vault.notices.append(
            f"Agency representatives no longer sign in to the MARAC's vault, so their "
            f"accounts were switched off and their key taken away: {names}. Each agency now "
            "researches in its own agency workspace: on the agency's computer, install "
            "marac-desk and choose 'I research for an agency'. Record the workspace's key card "
            "in the Agency directory and confirm its fingerprint by phone; then Send research "
            "requests on the meeting's Research tab. Research a representative had begun here "
            "goes out filled in with the agency's next request."
        )
        with vault.transaction() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (TOLD, audit.now_iso()))
