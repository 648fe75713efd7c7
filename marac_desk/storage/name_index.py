"""The name index of an open vault, behind the repeat check and the register's search.

Preparing every name in the register (romanised, folded, reduced to sound keys) takes
seconds at tens of thousands of cases, so the prepared index is kept inside the vault
(`name_index_kept`) and read back whole at unlock. It is never trusted blindly:

- every change to a person or to who is in a case, by marac-desk or by SQL, leaves a mark
  (triggers in migration 0015), and before every search the index reads the marked cases
  again from the record;
- a kept index made by other name rules (see `matching.rules_fingerprint`), of another
  format, or that cannot be read is built again from the record.

The index lives in memory in the vault's caches and goes when the vault locks; the kept
copy is encrypted with the rest of the vault.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import sqlcipher3

from marac_desk.domain.matching import NameIndex, RawEntry, entry_names, rules_fingerprint
from marac_desk.errors import MaracDeskError
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

_CACHE_KEY = "name_index"

# When reading the kept index back meant reading more cases again than this, it is kept
# anew, so marks do not pile up from one unlock to the next.
_KEEP_AFTER = 200

_SELECT = (
    "SELECT p.id, cp.case_id, cp.role, p.surname, p.forenames, p.aliases, p.date_of_birth, "
    "p.dob_approximate FROM persons p JOIN case_persons cp ON cp.person_id = p.id"
)


@dataclass
class _Held:
    index: NameIndex
    seen: int  # the last mark read into the index


def _entries(rows: Iterable[tuple[object, ...]]) -> Iterator[RawEntry]:
    for pid, case_id, role, surname, forenames, aliases, dob, approx in rows:
        names = entry_names(str(surname), str(forenames), json.loads(str(aliases)))
        if not names:
            continue
        yield [
            int(str(pid)),
            int(str(case_id)),
            str(role),
            f"{str(surname).upper()}, {forenames}".strip(", "),
            str(dob) if dob else None,
            int(bool(approx)),
            [[f.original, f.folded, f.words, f.sounds] for f in names],
        ]


@cache
def _rules() -> str:
    return rules_fingerprint()


@contextmanager
def _collector_held() -> Iterator[None]:
    """While the index is made, Python's collector would walk its hundreds of thousands of
    small lists again and again (a quarter of the time); afterwards its full collections
    would walk them at random moments, for hundreds of milliseconds at 100,000 cases.
    The index holds no cycles, so its objects are set aside from the collector
    (`gc.freeze`); they are still freed as usual when the vault locks."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def get(vault: Vault) -> NameIndex:
    """The index, up to date with every change to the record."""
    held = vault.caches.get(_CACHE_KEY)
    if not isinstance(held, _Held):
        with _collector_held():
            held = vault.caches[_CACHE_KEY] = _open(vault)
    else:
        _catch_up(vault.conn, held)
    return held.index


@contextmanager
def searching(vault: Vault) -> Iterator[NameIndex]:
    """The index for a search or a repeat check, with what the search makes set aside.

    The index makes each person it compares into an entry the first time one is needed,
    and keeps it: a search for a common surname makes thousands. Left to the collector,
    those kept entries made its full collections walk hundreds of thousands of objects,
    0.3 to 1 s at 100,000 cases, every few searches. So once a search has made any, the
    young generations are collected (a few milliseconds: what was just made) and what is
    left is set aside (`gc.freeze`) like the index itself.
    """
    index = get(vault)
    before = index.made
    try:
        yield index
    finally:
        if index.made != before:
            gc.collect(1)
            gc.freeze()


def warm(vault: Vault) -> None:
    """Make the index ready now (just after unlock), not at the first name typed."""
    get(vault)


def forget(vault: Vault) -> None:
    """Drop the index and its kept copy (after a bulk import): it is built again from the
    record on next use, which is quicker than reading thousands of marked cases."""
    vault.caches.pop(_CACHE_KEY, None)
    with vault.transaction() as conn:
        conn.execute("DELETE FROM name_index_kept")
        conn.execute("DELETE FROM name_index_marks")


def _last_mark(conn: Connection) -> int:
    row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM name_index_marks").fetchone()
    return int(row[0])


def _catch_up(conn: Connection, held: _Held) -> int:
    """Read again every case marked since the index last looked; how many there were."""
    marks = conn.execute(
        "SELECT seq, case_id FROM name_index_marks WHERE seq > ? ORDER BY seq", (held.seen,)
    ).fetchall()
    if not marks:
        return 0
    for case_id in dict.fromkeys(int(case_id) for _, case_id in marks):
        rows = conn.execute(_SELECT + " WHERE cp.case_id = ?", (case_id,))
        held.index.replace_case(case_id, _entries(rows))
    held.seen = int(marks[-1][0])
    return len(marks)


def _open(vault: Vault) -> _Held:
    conn = vault.conn
    kept = conn.execute("SELECT rules, data FROM name_index_kept WHERE id = 1").fetchone()
    if kept is not None and kept[0] == _rules():
        try:
            held = _Held(NameIndex.from_snapshot(json.loads(str(kept[1]))), 0)
        except ValueError:
            pass  # not an index this version can trust: made again below
        else:
            if _catch_up(conn, held) > _KEEP_AFTER:
                _keep(vault, held)
            return held
    seen = _last_mark(conn)
    held = _Held(NameIndex.of_rows(_entries(conn.execute(_SELECT))), seen)
    _keep(vault, held)
    return held


def _keep(vault: Vault, held: _Held) -> None:
    """Keep the index in the vault, with the marks it has read cleared. Best effort: a
    vault that cannot be written to (a full disk) still searches, from memory."""
    data = json.dumps(held.index.snapshot(), separators=(",", ":"))
    try:
        with vault.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO name_index_kept (id, rules, data) VALUES (1, ?, ?)",
                (_rules(), data),
            )
            conn.execute("DELETE FROM name_index_marks WHERE seq <= ?", (held.seen,))
    except (MaracDeskError, sqlcipher3.Error):
        return
