"""Checking the vault's audit log against its head kept in keyslots.json, and moving it on.

The head moves on after every committed change that wrote an audit entry, so the file
always names the newest entry the database has made durable: a database found behind it
has lost entries, whichever way (see security.audit_anchor).
"""

from __future__ import annotations

import contextlib

import sqlcipher3

from marac_desk.errors import MaracDeskError
from marac_desk.security import audit_anchor
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit
from marac_desk.storage.connection import Connection
from marac_desk.storage.slot_file import write_slots
from marac_desk.storage.vault_paths import VaultPaths

# In the (encrypted) meta table once a head has been written: a key-slot file without one
# is then an old or edited file, not an old vault.
ANCHORED = "audit.anchored"


def problems(conn: Connection, slots: KeySlots, keys: list[bytes]) -> list[str]:
    """What the log's head in `slots` says is wrong with the log in `conn`, in words."""
    anchored = conn.execute("SELECT 1 FROM meta WHERE key = ?", (ANCHORED,)).fetchone()
    anchor = slots.audit_anchor
    if anchor is None:
        if slots.audit_anchor_damaged:
            return ["The audit log's head in keyslots.json is damaged: it was edited by hand."]
        if anchored:
            return [
                "The audit log's head is missing from keyslots.json, though this vault keeps "
                "one: the key-slot file was replaced by an older or edited copy."
            ]
        return []
    if not audit_anchor.authentic(anchor, keys, slots.vault_id):
        return [
            "The audit log's head in keyslots.json does not verify with the vault's key: it "
            "was edited by hand, or the file belongs to another vault."
        ]
    last = int(conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0])
    if last < anchor.seq:
        if last == 0:
            return [f"The audit log is empty, but it had reached entry {anchor.seq}: it was wiped."]
        return [
            f"The audit log ends at entry {last}, but it had reached entry {anchor.seq}: "
            "entries were cut from its end, or the vault was put back from an older copy or "
            "lost its write-ahead log."
        ]
    row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (anchor.seq,)).fetchone()
    if row is None or row[0] != anchor.hash:
        return [
            f"Entry {anchor.seq} is not the entry the log's head recorded: the log was rewritten."
        ]
    return []


def stamp(conn: Connection, slots: KeySlots, key: bytes) -> None:
    """Set `slots`' head to the log's last entry (the caller writes the file)."""
    seq, digest = audit.head(conn)
    slots.audit_anchor = audit_anchor.make(key, slots.vault_id, seq, digest)


def advance(conn: Connection, vault_paths: VaultPaths, slots: KeySlots, key: bytes) -> None:
    """After a committed change that audited: the head in keyslots.json moves on with it.

    Never a reason for the change to fail: it is committed already, and a head left behind
    (the disk filled up meanwhile) only means a later loss back to it goes unnoticed.
    """
    before = slots.audit_anchor
    try:
        stamp(conn, slots, key)
        write_slots(vault_paths, slots, key, prove=False)
    except (OSError, MaracDeskError, sqlcipher3.Error):
        slots.audit_anchor = before
        return
    if not conn.execute("SELECT 1 FROM meta WHERE key = ?", (ANCHORED,)).fetchone():
        with contextlib.suppress(Exception):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, '1')", (ANCHORED,))
            conn.execute("COMMIT")
        if conn.in_transaction:
            with contextlib.suppress(Exception):
                conn.execute("ROLLBACK")
