"""The recovery key's way in: an administrator account given a new password when every
password is lost. (The other ways in are in storage.vault.)"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from marac_desk.domain import accounts
from marac_desk.domain.roles import Role
from marac_desk.errors import ValidationError, WrongCredentialsError
from marac_desk.security import recovery_key
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit, audit_anchor, signed_accounts
from marac_desk.storage.vault import (
    RECOVERY_ACTOR,
    Vault,
    _audit_failures,
    _holding,
    _load_user,
    _open_any,
    _prepare,
    _save_throttles,
    require_vault,
)


def recover(data_dir: Path, recovery_text: str, username: str, new_password: str) -> Vault:
    """Open with the recovery key and give an administrator account a new password."""
    vault_paths = require_vault(data_dir)
    raw = recovery_key.parse(recovery_text)
    username = accounts.normalise_username(username)
    problems = accounts.password_problems(new_password, username, administrator=True)
    if problems:
        raise ValidationError(" ".join(problems))
    with _holding(vault_paths) as lock:
        slots = KeySlots.load(vault_paths.keyslots)
        try:
            keys, private = slots.recovery_unlock(raw)
        except WrongCredentialsError:
            _save_throttles(vault_paths, slots)
            raise
        conn, key = _open_any(vault_paths, keys)
        conn = _prepare(conn, vault_paths, slots)
        user = _load_user(conn, username)
        if user is None or Role.ADMINISTRATOR not in user.roles:
            conn.close()
            raise ValidationError(
                f"There is no administrator account called {username!r}. The recovery key can "
                "give a new password to an administrator account only."
            )
        previous = slots.users.get(username)
        seed = slots.open_accounts_key("recovery", private)
        slots.set_password(
            username,
            new_password,
            key,
            bound_to=slots.accounts_key.public if slots.accounts_key and seed else None,
        )
        user = replace(user, active=True, must_change_password=False)
        warnings = audit_anchor.problems(conn, slots, keys)
        vault = Vault(vault_paths, conn, key, slots, user, lock, warnings)
        vault.accounts_seed = seed
        vault.passwords_key = slots.open_passwords_key("recovery", private)
    failures = slots.take_pending_failures()
    try:
        with vault.transaction():
            _audit_failures(vault, failures)
            conn.execute(
                "UPDATE users SET active = 1, must_change_password = 0, temporary_set_at = NULL, "
                "updated_at = ? WHERE id = ?",
                (audit.now_iso(), user.id),
            )
            if vault.accounts_seed is not None:
                # The account is switched on again and has a new slot: both signed for.
                slots.seal_accounts_key(vault.accounts_seed, username)
                signed_accounts.sign(conn, slots, vault.accounts_seed)
            if vault.passwords_key is not None and slots.passwords_key is not None:
                slots.seal_passwords_key(vault.passwords_key, username)
            if vault.audit_warnings:
                vault.audit("audit_head_mismatch", {"problems": vault.audit_warnings})
            vault.audit("recovery_used", {"account": username}, actor=RECOVERY_ACTOR)
            vault.audit("password_reset", {"account": username}, actor=RECOVERY_ACTOR)
            vault.save_slots()
    except BaseException:
        if previous is not None:
            slots.users[username] = previous
        vault.close(action=None)
        raise
    return vault
