"""Rotating the vault key: a new random key, re-sealed to every user and the recovery key."""

from __future__ import annotations

import os

from marac_desk.domain.roles import Permission
from marac_desk.security import audit_anchor, sealing
from marac_desk.storage.connection import checkpoint, key_pragma
from marac_desk.storage.vault import Vault


def rotate_key(vault: Vault, reason: str = "administrator") -> str:
    """Re-encrypt the vault under a new key; returns the new key's id.

    Crash-safe order: (1) the new key is sealed to every recipient beside the
    old one and the slot file saved; (2) the vault is rekeyed (one SQLite
    transaction); (3) the old key is dropped from the slots. After a crash at
    any point, signing in tries both keys and one of them fits.
    Passwords and the recovery key stay the same: keys are sealed to public keys.
    """
    vault.require(Permission.ROTATE_KEY)
    return replace_key(vault, reason)


def replace_key(vault: Vault, reason: str) -> str:
    """`rotate_key` without the role check, for the steps that must take a key away
    whoever signs in (finishing a migration); every caller says why."""
    old_key = vault.key
    new_key = os.urandom(32)
    vault.slots.reseal_all(new_key)
    vault.save_slots()
    checkpoint(vault.conn)
    vault.conn.execute(key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey", 1))
    vault.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    vault.adopt_rotated_key(new_key)
    vault.slots.keep_only(new_key)
    anchor = vault.slots.audit_anchor
    if anchor is not None:
        # The head stays where it was (if it was reported wrong it goes on being so), now
        # authenticated under the key the vault is under.
        vault.slots.audit_anchor = audit_anchor.make(
            new_key, vault.vault_id, anchor.seq, anchor.hash
        )
    vault.save_slots()
    if vault.remembered:
        vault.remember_key()
    else:
        vault.forget_key()
    new_id = sealing.key_id(new_key)
    with vault.transaction():
        vault.audit(
            "key_rotated",
            {"old_key_id": sealing.key_id(old_key), "new_key_id": new_id, "reason": reason},
        )
    return new_id
