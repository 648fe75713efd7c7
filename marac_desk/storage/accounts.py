"""Accounts: who may sign in, with which roles; password changes and resets."""

from __future__ import annotations

import contextlib
import copy

from marac_desk.domain import accounts, roles
from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.roles import Permission, Role
from marac_desk.errors import MaracDeskError, ValidationError, WrongCredentialsError
from marac_desk.storage import audit, minutes_passwords, signed_accounts
from marac_desk.storage.connection import Connection
from marac_desk.storage.keyrotation import rotate_key
from marac_desk.storage.vault import USER_COLUMNS, User, Vault, user_from_row


def list_users(vault: Vault) -> list[User]:
    vault.require(Permission.MANAGE_ACCOUNTS)
    rows = vault.conn.execute(f"SELECT {USER_COLUMNS} FROM users ORDER BY username")
    return [user_from_row(r) for r in rows]


def _get(vault: Vault, username: str) -> User:
    row = vault.conn.execute(
        f"SELECT {USER_COLUMNS} FROM users WHERE username = ?", (username,)
    ).fetchone()
    if row is None:
        raise ValidationError(f"There is no account called {username!r}.")
    return user_from_row(row)


def _check(problems: list[str]) -> None:
    if problems:
        raise ValidationError(" ".join(problems))


def _in_workspace(vault: Vault) -> bool:
    row = vault.conn.execute("SELECT value FROM meta WHERE key = 'vault_kind'").fetchone()
    return row is not None and row[0] == "agency"


def _directory_code(
    vault: Vault, agency_code: str | None, current: str | None = None
) -> str | None:
    """The agency as the directory spells its code; refused when it is not in the directory.

    A representative's agency decides which cases and actions they will see, so a typo
    here would bind them to nothing (or to someone else's work). An agency switched off
    in the directory keeps the representatives it already has, but gains no new ones.
    """
    if agency_code is None:
        return None
    workspace = vault.conn.execute(
        "SELECT agency_code FROM workspace WHERE id = 1 AND "
        "(SELECT value FROM meta WHERE key = 'vault_kind') = 'agency'"
    ).fetchone()
    if workspace is not None:
        # An agency workspace has one agency, and every account researches for it.
        if agency_code.upper() != str(workspace[0]).upper():
            raise ValidationError(f"Every account in this workspace is for {workspace[0]}.")
        return str(workspace[0])
    row = vault.conn.execute(
        "SELECT code, name, active FROM agencies WHERE code = ?", (agency_code,)
    ).fetchone()
    if row is None:
        raise ValidationError(
            f"There is no agency with the code {agency_code!r} in the agency directory: "
            "choose one from the list, or add the agency to the directory first."
        )
    code, name, active = str(row[0]), str(row[1]), bool(row[2])
    if not active and (current or "").lower() != code.lower():
        raise ValidationError(
            f"{name} ({code}) is switched off in the agency directory: switch it back on "
            "there before giving it a new representative."
        )
    return code


def create_user(
    vault: Vault,
    *,
    username: str,
    full_name: str,
    user_roles: frozenset[Role],
    temporary_password: str,
    agency_code: str | None = None,
) -> User:
    """Add an account; the person must choose their own password at first sign-in."""
    vault.require(Permission.MANAGE_ACCOUNTS)
    username = accounts.normalise_username(username)
    agency_code = (agency_code or "").strip() or None
    _check(
        [
            *accounts.username_problems(username),
            *accounts.full_name_problems(full_name),
            *accounts.password_problems(
                temporary_password,
                username,
                administrator=Role.ADMINISTRATOR in user_roles,
                context=(full_name,),
            ),
            *roles.role_problems(user_roles, agency_code, workspace=_in_workspace(vault)),
        ]
    )
    agency_code = _directory_code(vault, agency_code)
    exists = vault.conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone()
    if exists:
        raise ValidationError(f"There is already an account called {username!r}.")
    seed = _signing_key(vault)
    now = audit.now_iso()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO users (username, full_name, roles, agency_code, must_change_password, "
            "temporary_set_at, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
            (
                username,
                full_name.strip(),
                roles.format_roles(user_roles),
                agency_code,
                now,
                now,
                now,
            ),
        )
        vault.audit(
            "account_created",
            {"account": username, "roles": roles.format_roles(user_roles), "agency": agency_code},
        )
        _save_slot_or_undo(vault, conn, username, temporary_password, seed)
    return _get(vault, username)


def _signing_key(vault: Vault) -> bytes | None:
    """The administrators' key, to sign a change to the accounts; None in a vault whose
    accounts are not signed yet (made before signing; its first administrator's password
    sign-in signs them)."""
    if vault.accounts_key_suspect:
        raise MaracDeskError(signed_accounts.KEY_REPLACED)
    if vault.slots.accounts_key is None:
        return None
    return signed_accounts.require_key(vault)


def _sign_accounts(
    vault: Vault, conn: Connection, seed: bytes | None, *, save: bool = True
) -> None:
    """Inside an accounts change's transaction: the administrators' key goes to exactly
    today's administrators (a new key when one of them lost the role or was switched off,
    since they could have kept a copy), and the accounts are signed as they now stand."""
    slots = vault.slots
    if seed is None or slots.accounts_key is None:
        return
    admins = signed_accounts.administrators(conn, slots)
    holders = {k.removeprefix("user:") for k in slots.accounts_key.sealed if k.startswith("user:")}
    if holders - set(admins):
        seed = signed_accounts.new_key(conn, slots, previous_seed=seed)
        vault.audit("accounts_key_rotated", {"administrators": admins})
        vault.accounts_seed = seed if vault.user.username in admins else None
    else:
        for username in admins:
            slots.seal_accounts_key(seed, username)
    signed_accounts.sign(conn, slots, seed)
    if save:
        vault.save_slots()


def _save_slot_or_undo(
    vault: Vault, conn: Connection, username: str, password: str, seed: bytes | None
) -> None:
    """Write the key slot (and the accounts' signature) inside the caller's transaction:
    if the file cannot be written the transaction rolls back, so the vault and its slots
    never disagree."""
    previous = vault.slots.users.get(username)
    previous_key = copy.deepcopy(vault.slots.accounts_key)
    previous_passwords = copy.deepcopy(vault.slots.passwords_key)
    key = vault.slots.accounts_key
    is_admin = conn.execute(
        "SELECT 1 FROM users WHERE username = ? AND active = 1 AND "
        "',' || roles || ',' LIKE '%,administrator,%'",
        (username,),
    ).fetchone()
    bound_to = key.public if key is not None and is_admin and seed is not None else None
    vault.slots.set_password(username, password, vault.key, bound_to=bound_to)
    try:
        if vault.passwords_key is not None and vault.slots.passwords_key is not None:
            vault.slots.seal_passwords_key(vault.passwords_key, username)
        _sign_accounts(vault, conn, seed, save=False)
        vault.save_slots()
    except BaseException:
        if previous is None:
            vault.slots.remove_user(username)
        else:
            vault.slots.users[username] = previous
        vault.slots.accounts_key = previous_key
        vault.slots.passwords_key = previous_passwords
        raise


def reset_password(vault: Vault, username: str, temporary_password: str) -> None:
    """An administrator sets a temporary password; the person replaces it at next sign-in."""
    vault.require(Permission.MANAGE_ACCOUNTS)
    user = _get(vault, accounts.normalise_username(username))
    _check(
        accounts.password_problems(
            temporary_password,
            user.username,
            administrator=Role.ADMINISTRATOR in user.roles,
            context=(user.full_name,),
        )
    )
    seed = _signing_key(vault)
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE users SET must_change_password = 1, active = 1, temporary_set_at = ?, "
            "updated_at = ? WHERE id = ?",
            (audit.now_iso(), audit.now_iso(), user.id),
        )
        vault.audit("password_reset", {"account": user.username})
        _save_slot_or_undo(vault, conn, user.username, temporary_password, seed)
    # Whoever knew the old password (it was forgotten, or someone else learned it) could
    # unseal today's key from a copy of the old key-slot file: the key changes with it.
    _take_key_away(vault, user.username, "reset")


def change_own_password(vault: Vault, current_password: str, new_password: str) -> None:
    """Anyone may change their own password, proving the current one first."""
    username = vault.user.username
    _check(
        accounts.password_problems(
            new_password,
            username,
            administrator=Role.ADMINISTRATOR in vault.user.roles,
            context=(vault.user.full_name,),
        )
    )
    if new_password == current_password:
        raise ValidationError("Choose a password different from the current one.")
    try:
        keys, private = vault.slots.unlock(username, current_password)
    except WrongCredentialsError:
        with contextlib.suppress(OSError):
            vault.save_slots()
        raise WrongCredentialsError("The current password is not right.") from None
    if vault.key not in keys:
        raise WrongCredentialsError("The current password is not right.")
    # An administrator's new slot needs the administrators' key sealed to it again; the
    # current password opens it even after a sign-in with a remembered key.
    seed = vault.slots.open_accounts_key(f"user:{username}", private) or vault.accounts_seed
    vault.passwords_key = (
        vault.slots.open_passwords_key(f"user:{username}", private) or vault.passwords_key
    )
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE users SET must_change_password = 0, temporary_set_at = NULL, updated_at = ? "
            "WHERE id = ?",
            (audit.now_iso(), vault.user.id),
        )
        vault.audit("password_changed", {"account": username})
        if seed is not None:
            vault.accounts_seed = seed
        _save_slot_or_undo(vault, conn, username, new_password, seed)
    vault.reload_user()


def update_user(
    vault: Vault,
    username: str,
    *,
    full_name: str,
    user_roles: frozenset[Role],
    agency_code: str | None,
    active: bool,
) -> User:
    vault.require(Permission.MANAGE_ACCOUNTS)
    user = _get(vault, accounts.normalise_username(username))
    agency_code = (agency_code or "").strip() or None
    _check(
        [
            *accounts.full_name_problems(full_name),
            *roles.role_problems(user_roles, agency_code, workspace=_in_workspace(vault)),
        ]
    )
    agency_code = _directory_code(vault, agency_code, user.agency_code)
    if user.id == vault.user.id and not active:
        raise ValidationError("You cannot switch off your own account while signed in to it.")
    losing_admin = Role.ADMINISTRATOR in user.roles and (
        Role.ADMINISTRATOR not in user_roles or not active
    )
    if losing_admin and _active_admin_count(vault) <= 1:
        raise ValidationError(
            "This is the last active administrator: make another administrator first, "
            "or nobody could manage accounts and backups."
        )
    seed = _signing_key(vault)
    changes = {
        "account": user.username,
        "full_name_changed": full_name.strip() != user.full_name,
        "roles": roles.format_roles(user_roles),
        "agency": agency_code,
        "active": active,
    }
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE users SET full_name = ?, roles = ?, agency_code = ?, active = ?, "
            "updated_at = ? WHERE id = ?",
            (
                full_name.strip(),
                roles.format_roles(user_roles),
                agency_code,
                int(active),
                audit.now_iso(),
                user.id,
            ),
        )
        vault.audit("account_changed", changes)
        previous_key = copy.deepcopy(vault.slots.accounts_key)
        previous_passwords = copy.deepcopy(vault.slots.passwords_key)
        previous_passwords_key = vault.passwords_key
        removed = None
        if not active and user.username in vault.slots.users:
            # A switched-off account loses its key slot: it cannot open the vault
            # even with a copy of the old file. Switching back on needs a reset.
            removed = vault.slots.users[user.username]
            vault.slots.remove_user(user.username)
        try:
            if removed is not None:
                # It could have kept the minutes passwords' key as well: a new one.
                minutes_passwords.rotate(vault, conn)
            _sign_accounts(vault, conn, seed, save=False)
            if removed is not None or seed is not None:
                vault.save_slots()
        except BaseException:
            if removed is not None:
                vault.slots.users[user.username] = removed
            vault.slots.accounts_key = previous_key
            vault.slots.passwords_key = previous_passwords
            vault.passwords_key = previous_passwords_key
            raise
    if user.active and not active:
        # Its slot is gone from the file, but a copy of the old file still unseals the key
        # the vault is under: switching off is only real once that key is replaced.
        _take_key_away(vault, user.username, "switched_off")
    if user.id == vault.user.id:
        vault.reload_user()
    return _get(vault, user.username)


def _take_key_away(vault: Vault, username: str, why: str) -> None:
    try:
        rotate_key(vault, reason=f"{why}:{username}")
    except MaracDeskError as exc:
        raise MaracDeskError(
            f"The change to {username} is saved, but the vault's key could not be changed "
            f"({exc}), so a copy of the old key-slot file still opens it with the old "
            "password. Rotate the key now in Vault tools."
        ) from exc


def backups_made_before(vault: Vault, moment: str) -> list[str]:
    """The verified backups made before `moment` (ISO time): they were sealed to the old
    key, so they still open with a password or slot that no longer opens the vault."""
    found = []
    for entry in audit.entries(vault.conn, action="backup_verified"):
        if entry.at < moment:
            found.append(f"{entry.detail.get('file', '?')} ({uk_date_time(entry.at)})")
    return found


def _active_admin_count(vault: Vault) -> int:
    rows = vault.conn.execute("SELECT roles FROM users WHERE active = 1")
    return sum(1 for (text,) in rows if Role.ADMINISTRATOR in roles.parse_roles(text))
