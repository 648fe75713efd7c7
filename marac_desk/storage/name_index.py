"""The in-memory name index of an open vault, kept in step with every saved referral.

Built on first use from the people in the register and updated per case after each
save, so a repeat check costs milliseconds instead of a pass over every row. It lives
only in memory, in the vault's caches, and goes when the vault locks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.dates import parse_iso
from marac_desk.domain.matching import NameIndex, PersonEntry, entry_names
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

_CACHE_KEY = "name_index"

_SELECT = (
    "SELECT p.id, cp.case_id, cp.role, p.surname, p.forenames, p.aliases, p.date_of_birth, "
    "p.dob_approximate FROM persons p JOIN case_persons cp ON cp.person_id = p.id"
)


def _entries(rows: Iterable[tuple[object, ...]]) -> Iterable[PersonEntry]:
    for pid, case_id, role, surname, forenames, aliases, dob, approx in rows:
        names = entry_names(str(surname), str(forenames), json.loads(str(aliases)))
        if not names:
            continue
        yield PersonEntry(
            person_id=int(str(pid)),
            case_id=int(str(case_id)),
            role=CaseRole(str(role)),
            display_name=f"{str(surname).upper()}, {forenames}".strip(", "),
            names=names,
            dob=parse_iso(str(dob)) if dob else None,
            dob_approx=bool(approx),
        )


def _load(conn: Connection) -> NameIndex:
    return NameIndex(_entries(conn.execute(_SELECT)))


def get(vault: Vault) -> NameIndex:
    index = vault.caches.get(_CACHE_KEY)
    if not isinstance(index, NameIndex):
        index = vault.caches[_CACHE_KEY] = _load(vault.conn)
    return index


def case_changed(vault: Vault, case_id: int) -> None:
    index = vault.caches.get(_CACHE_KEY)
    if isinstance(index, NameIndex):
        rows = vault.conn.execute(_SELECT + " WHERE cp.case_id = ?", (case_id,))
        index.replace_case(case_id, _entries(rows))


def forget(vault: Vault) -> None:
    """Drop the index (after a bulk import or a restore): it is rebuilt on next use."""
    vault.caches.pop(_CACHE_KEY, None)
