"""Paper copies: each print of case data is recorded, as each exported file is.

What was printed and for which meeting, case or agency; never the content."""

from __future__ import annotations

from typing import Any

from marac_desk.domain.roles import Permission
from marac_desk.storage.vault import Vault

KINDS = ("summary", "agenda", "minutes", "actions")


def record(vault: Vault, what: str, **detail: Any) -> None:
    if what not in KINDS:
        raise ValueError(f"unknown print: {what}")
    # Whoever may see it may print it: the minutes are an administrator's to send, the
    # actions tracker is also a representative's, the rest a coordinator's.
    if what == "minutes":
        vault.require(Permission.EXPORT_MINUTES)
    elif what == "actions" and not vault.may(Permission.VIEW_ALL_CASES):
        vault.require(Permission.UPDATE_OWN_AGENCY_ACTIONS)
    else:
        vault.require(Permission.VIEW_ALL_CASES)
    with vault.transaction():
        vault.audit("printed", {"what": what, **detail})
