"""The accounts and their roles, signed by the administrators' key.

The signature is kept in the vault (meta `accounts.signature`); the public key and the
sealed private key in keyslots.json. Every sign-in checks the `users` table against the
signature: a row changed with SQL (a role added, an account switched back on, a new
account) is refused, except to an administrator, who is let in to review accounts and
whose next change signs the list again. A vault made before the key gets one the first
time an administrator signs in with a password.
"""

from __future__ import annotations

import base64

from marac_desk.domain.roles import Role, parse_roles
from marac_desk.errors import MaracDeskError
from marac_desk.security import accounts_key
from marac_desk.security.accounts_key import AccountRow
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

SIGNATURE = "accounts.signature"


class AccountsChangedError(MaracDeskError):
    """The accounts do not match their signature, and this person cannot review them."""


TAMPERED = (
    "The list of accounts was changed outside marac-desk (a role, an account switched on, "
    "or a new account), so no one but an administrator can sign in until it is reviewed. "
    "An administrator must sign in with their password and review the accounts."
)


def rows(conn: Connection) -> list[AccountRow]:
    return [
        AccountRow(int(r[0]), r[1], r[2], r[3] or "", bool(r[4]))
        for r in conn.execute("SELECT id, username, roles, agency_code, active FROM users")
    ]


def problem(conn: Connection, slots: KeySlots) -> str | None:
    """Why the accounts do not match their signature; None when they do (or a vault made
    before signing has no key yet)."""
    key = slots.accounts_key
    if key is None:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (SIGNATURE,)).fetchone()
    if row is None:
        return "The accounts carry no signature."
    try:
        signature = base64.b64decode(str(row[0]), validate=True)
    except ValueError:
        return "The accounts' signature is damaged."
    if not accounts_key.verifies(
        key.public, accounts_key.content(slots.vault_id, rows(conn)), signature
    ):
        return "The accounts do not match their signature: they were changed outside marac-desk."
    return None


def sign(conn: Connection, slots: KeySlots, seed: bytes) -> None:
    """Inside the caller's transaction: sign the accounts as they now stand."""
    signature = accounts_key.sign(seed, accounts_key.content(slots.vault_id, rows(conn)))
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
        "value = excluded.value",
        (SIGNATURE, base64.b64encode(signature).decode("ascii")),
    )


def administrators(conn: Connection, slots: KeySlots) -> list[str]:
    """Active administrators that have a key slot: whom the administrators' key is for."""
    return [
        r.username
        for r in rows(conn)
        if r.active and Role.ADMINISTRATOR in parse_roles(r.roles) and r.username in slots.users
    ]


def new_key(conn: Connection, slots: KeySlots, previous_seed: bytes | None = None) -> bytes:
    """A new administrators' key, sealed to today's administrators and the recovery key,
    handed on from the previous key when there was one; the caller signs with it and
    saves the slots."""
    seed = accounts_key.new_seed()
    slots.set_accounts_key(
        seed, administrators(conn, slots), accounts_key.public_of(seed), previous_seed
    )
    return seed


KEY_REPLACED = (
    "The administrators' key in keyslots.json is not the one your account was given: it "
    "was removed or replaced outside marac-desk, perhaps to make changed accounts look "
    "signed. Until keyslots.json is restored from a backup, changes to accounts are "
    "refused. Restore the latest good backup (Vault tools), or ask whoever supports "
    "marac-desk."
)


def check_binding(vault: Vault, private: bytes) -> None:
    """At a password sign-in: an administrator's slot names the administrators' key it was
    given. When the key-slot file now holds a key that did not come from that one (or no
    key), the file was tampered with: the key is not trusted, nothing is signed with it,
    and the administrator is told. A key handed on since is taken, and the slot bound to
    it."""
    slot = vault.slots.users.get(vault.user.username)
    if slot is None or slot.bound_to is None:
        return
    key = vault.slots.accounts_key
    if key is None or not key.descends_from(slot.bound_to):
        vault.accounts_seed = None
        vault.accounts_key_suspect = True
        vault.notices.append(KEY_REPLACED)
        return
    if slot.bound_to != key.public and vault.accounts_seed is not None:
        vault.slots.bind(vault.user.username, private, key.public)


def require_key(vault: Vault) -> bytes:
    """The administrators' key this session holds, to sign an accounts change."""
    seed = vault.accounts_seed
    if seed is None:
        raise MaracDeskError(
            "Changing accounts needs the administrators' key, which opens only with an "
            "administrator's password: lock the window (Ctrl+L) and sign in with your "
            "password, then make the change again."
        )
    return seed


def admit(vault: Vault, private: bytes | None) -> None:
    """At every way in (`private`: the account's private key, after a password sign-in):
    a vault without an administrators' key gets one from the first administrator who signs
    in with a password; accounts that do not match their signature let in only an
    administrator, to review them."""
    if private is not None:
        check_binding(vault, private)
    conn = vault.conn
    is_admin = Role.ADMINISTRATOR in vault.user.roles
    if vault.accounts_key_suspect:
        with vault.transaction():
            vault.audit("accounts_key_replaced", {})
        return
    if vault.slots.accounts_key is None:
        if private is not None and is_admin:
            with vault.transaction() as conn:
                seed = new_key(conn, vault.slots)
                sign(conn, vault.slots, seed)
                key = vault.slots.accounts_key
                assert key is not None
                vault.slots.bind(vault.user.username, private, key.public)
                vault.audit(
                    "accounts_key_created",
                    {"administrators": administrators(conn, vault.slots)},
                )
            vault.save_slots()
            vault.accounts_seed = seed
        return
    found = problem(conn, vault.slots)
    if found is None:
        return
    if vault.accounts_seed is None:
        raise AccountsChangedError(TAMPERED)
    vault.notices.append(
        f"{found} Review every account on the Accounts page now; your next change to an "
        "account signs the list as it then stands."
    )
    with vault.transaction():
        vault.audit("accounts_signature_mismatch", {"problem": found, "at": audit.now_iso()})
