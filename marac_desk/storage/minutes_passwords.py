"""Agencies' minutes passwords, encrypted in the vault under a key sealed to each account
and the recovery key, like the vault key itself: a copy of the vault key alone (from a
computer's keychain, say) does not read them. They are opened only to export minutes and
for an administrator editing the agency."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from marac_desk.errors import MaracDeskError
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

PREFIX = "sealed1:"


class PasswordKeyMissingError(MaracDeskError):
    """This session cannot open minutes passwords (signed in with a remembered key)."""


SIGN_IN_AGAIN = (
    "Agencies' minutes passwords open only after signing in with your password, not with "
    "a key remembered on this computer: lock the window (Ctrl+L), sign in with your "
    "password, and do this again."
)


def _aad(vault_id: str, agency_id: int) -> bytes:
    return f"marac-desk|{vault_id}|minutes-password|{agency_id}".encode()


def seal(key: bytes, vault_id: str, agency_id: int, password: str) -> str:
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, password.encode("utf-8"), _aad(vault_id, agency_id))
    return PREFIX + base64.b64encode(nonce + ciphertext).decode("ascii")


def open_stored(key: bytes, vault_id: str, agency_id: int, stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # from before sealing: sealed at the next password sign-in
    raw = base64.b64decode(stored[len(PREFIX) :])
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], _aad(vault_id, agency_id)).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise MaracDeskError(
            "An agency's minutes password cannot be opened: it was changed outside "
            "marac-desk. Set it again in the agency directory."
        ) from exc


def reveal(vault: Vault, agency_id: int, stored: str) -> str:
    """The password as typed, for the export (or the administrator editing it)."""
    if not stored:
        return ""
    key = vault.passwords_key
    if key is None:
        raise PasswordKeyMissingError(SIGN_IN_AGAIN)
    return open_stored(key, vault.vault_id, agency_id, stored)


def store(vault: Vault, agency_id: int, password: str) -> str:
    key = vault.passwords_key
    if key is None:
        raise PasswordKeyMissingError(SIGN_IN_AGAIN)
    return seal(key, vault.vault_id, agency_id, password)


def _reseal_all(conn: Connection, vault: Vault, old: bytes | None, new: bytes) -> int:
    count = 0
    for agency_id, stored in conn.execute(
        "SELECT id, export_password FROM agencies WHERE coalesce(export_password, '') <> ''"
    ).fetchall():
        plain = open_stored(old, vault.vault_id, agency_id, stored) if old else stored
        conn.execute(
            "UPDATE agencies SET export_password = ? WHERE id = ?",
            (seal(new, vault.vault_id, agency_id, plain), agency_id),
        )
        count += 1
    return count


def ensure(vault: Vault) -> None:
    """After a password sign-in: a vault without the key gets one, and any password still
    stored as typed (from before) is sealed."""
    conn = vault.conn
    if vault.slots.passwords_key is None:
        made = os.urandom(32)
        with vault.transaction() as conn:
            sealed = _reseal_all(conn, vault, None, made)
            vault.slots.set_passwords_key(made)
            vault.audit("minutes_passwords_sealed", {"agencies": sealed})
            vault.save_slots()
        vault.passwords_key = made
        return
    key = vault.passwords_key
    if key is None:
        return
    plain = conn.execute(
        "SELECT count(*) FROM agencies WHERE coalesce(export_password, '') <> '' "
        "AND export_password NOT LIKE 'sealed1:%'"
    ).fetchone()[0]
    if plain:
        with vault.transaction() as conn:
            for agency_id, stored in conn.execute(
                "SELECT id, export_password FROM agencies WHERE coalesce(export_password, '') "
                "<> '' AND export_password NOT LIKE 'sealed1:%'"
            ).fetchall():
                conn.execute(
                    "UPDATE agencies SET export_password = ? WHERE id = ?",
                    (seal(key, vault.vault_id, agency_id, stored), agency_id),
                )
            vault.audit("minutes_passwords_sealed", {"agencies": int(plain)})


def rotate(vault: Vault, conn: Connection) -> None:
    """Inside the caller's transaction, when an account is switched off: a new key, every
    password sealed under it, the key sealed to the accounts that remain."""
    old = vault.passwords_key
    if old is None or vault.slots.passwords_key is None:
        return
    new = os.urandom(32)
    _reseal_all(conn, vault, old, new)
    vault.slots.set_passwords_key(new)
    vault.passwords_key = new
