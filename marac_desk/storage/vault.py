"""The unlocked vault: one connection, its key, and the person signed in.

Every way into the vault (set-up, password, remembered key, and the recovery key in
storage.vault_recovery) ends in a `Vault`, and every service checks its permissions
through it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3

from marac_desk import paths as app_paths
from marac_desk.domain import accounts, roles, settings
from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.roles import Permission, Role
from marac_desk.errors import (
    MaracDeskError,
    NotAVaultError,
    PermissionDeniedError,
    VaultLockedError,
    WrongCredentialsError,
)
from marac_desk.security import keycache
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit, audit_anchor, faults, folder_lock, migrations
from marac_desk.storage.connection import Connection, open_vault_file
from marac_desk.storage.slot_file import write_slots
from marac_desk.storage.vault_paths import VaultPaths
from marac_desk.storage.vault_paths import require_vault as require_vault

RECOVERY_ACTOR = "(recovery key)"


@dataclass(frozen=True)
class User:
    id: int
    username: str
    full_name: str
    roles: frozenset[Role]
    agency_code: str | None
    active: bool
    must_change_password: bool

    @property
    def roles_label(self) -> str:
        return ", ".join(r.label for r in sorted(self.roles, key=lambda r: r.value))


USER_COLUMNS = "id, username, full_name, roles, agency_code, active, must_change_password"


def user_from_row(row: tuple[Any, ...]) -> User:
    return User(
        id=int(row[0]),
        username=row[1],
        full_name=row[2],
        roles=roles.parse_roles(row[3]),
        agency_code=row[4],
        active=bool(row[5]),
        must_change_password=bool(row[6]),
    )


class Vault:
    """An open vault and who is using it. Owned by one thread."""

    def __init__(
        self,
        vault_paths: VaultPaths,
        conn: Connection,
        key: bytes,
        slots: KeySlots,
        user: User,
        lock: folder_lock.FolderLock,
        audit_warnings: list[str] | None = None,
    ) -> None:
        self.paths = vault_paths
        self._conn: Connection | None = conn
        self._key = key
        self.slots = slots
        self.user = user
        # This process's hold on the data folder: no other marac-desk writes while it is open.
        self._lock = lock
        lock.set_account(user.username)
        # What the audit log's head beside the vault said was wrong when it opened. While
        # there is anything, the head is not moved on, so that verify goes on saying it.
        self.audit_warnings = list(audit_warnings or [])
        # Things to tell the person once signed in (a vault left open on another computer).
        self.notices: list[str] = []
        self._audited = False
        self.remembered = False
        # The administrators' key (security.accounts_key), when this account's slot holds
        # it and it was opened with a password or the recovery key: it signs account
        # changes. Dropped with the vault key when the vault locks.
        self.accounts_seed: bytes | None = None
        # Set when this administrator's slot shows the administrators' key was removed or
        # replaced outside marac-desk (storage.signed_accounts.check_binding).
        self.accounts_key_suspect = False
        # The key agencies' minutes passwords are sealed under (storage.minutes_passwords),
        # opened the same way: never from a remembered key.
        self.passwords_key: bytes | None = None
        # Working copies derived from the vault (the name index) live here and go when
        # the vault locks, so no case data outlives the lock in this object.
        self.caches: dict[str, Any] = {}

    # -- state ---------------------------------------------------------------

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise VaultLockedError("The vault is locked. Sign in again to go on.")
        return self._conn

    @property
    def key(self) -> bytes:
        return self._key

    @property
    def lock(self) -> folder_lock.FolderLock:
        """This vault's hold on its data folder."""
        return self._lock

    def set_busy_timeout_ms(self, milliseconds: int) -> None:
        """How long a statement waits for another connection's write lock before failing
        as busy (SQLite's default here is five seconds)."""
        with contextlib.suppress(sqlcipher3.Error):
            self.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds):d}")

    def adopt_rotated_key(self, key: bytes) -> None:
        """After `PRAGMA rekey`, the connection already uses `key`; keep the object in step."""
        self._key = key

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def vault_id(self) -> str:
        return self.slots.vault_id

    @property
    def actor(self) -> str:
        return self.user.username

    def remember_key(self) -> bool:
        """Cache the key in this computer's keychain; False when there is none to take it."""
        self.remembered = keycache.remember(self.vault_id, self.actor, self.key)
        if self.remembered:
            with contextlib.suppress(OSError):
                self.paths.remembered_note.touch()
        else:
            self.paths.remembered_note.unlink(missing_ok=True)
        return self.remembered

    def forget_key(self) -> None:
        """Take the key out of this computer's keychain."""
        keycache.forget(self.vault_id)
        self.remembered = False
        self.paths.remembered_note.unlink(missing_ok=True)

    def close(self, action: str | None = "lock") -> None:
        """Lock: record it, close the connection and drop the key from this object."""
        if self._conn is None:
            return
        try:
            if action:
                with contextlib.suppress(Exception), self.transaction():
                    self.audit(action)
            with contextlib.suppress(Exception):
                self._conn.close()
        finally:
            # Whatever the disk did, the vault is shut: no connection, no key, no caches.
            self._conn = None
            self._key = b""
            self.accounts_seed = None
            self.passwords_key = None
            self.caches.clear()
            # The name index and what its searches made were set aside from the collector
            # (name_index, gc.freeze), along with whatever else was alive then; with the
            # index gone, the collector sees everything again, so nothing set aside that
            # has become garbage since is kept for the rest of the session.
            gc.unfreeze()
            self._lock.release()

    # -- permissions and transactions ---------------------------------------

    def may(self, permission: Permission) -> bool:
        return not self.user.must_change_password and roles.may(self.user.roles, permission)

    def require(self, permission: Permission) -> None:
        if self.user.must_change_password:
            raise PermissionDeniedError(
                "Choose a new password first: your password was set by an administrator."
            )
        if not roles.may(self.user.roles, permission):
            raise PermissionDeniedError(
                f"Your account ({self.user.roles_label}) is not allowed to "
                f"{permission.value.replace('_', ' ')}. Ask an administrator if you need to."
            )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One user edit, committed whole or not at all.

        A full disk, a read-only folder, a busy database or an I/O error, at any step,
        rolls the edit back and comes out as a StorageFaultError that says what to do.
        """
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlcipher3.Error as exc:
            raise self._fault(exc) from exc
        try:
            yield conn
        except BaseException as exc:
            self._rollback(conn)
            if isinstance(exc, sqlcipher3.Error) and faults.is_fault(exc):
                raise self._fault(exc) from exc
            raise
        try:
            conn.execute("COMMIT")
        except sqlcipher3.Error as exc:
            self._rollback(conn)
            raise self._fault(exc) from exc
        if self._audited:
            self._audited = False
            if not self.audit_warnings:
                audit_anchor.advance(conn, self.paths, self.slots, self._key)

    def _rollback(self, conn: Connection) -> None:
        self._audited = False
        # SQLite may already have rolled back (a full disk does); that is not a second error.
        with contextlib.suppress(sqlcipher3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def _fault(self, exc: sqlcipher3.Error) -> MaracDeskError:
        if not faults.is_fault(exc):
            raise exc
        return faults.storage_fault(exc, "Saving your change", self.paths.data_dir)

    def audit(self, action: str, detail: dict[str, Any] | None = None, actor: str = "") -> None:
        audit.append(self.conn, actor or self.actor, action, detail)
        self._audited = True  # the head beside the vault moves on once this commits

    def reload_user(self) -> None:
        row = self.conn.execute(
            f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", (self.user.id,)
        ).fetchone()
        if row is not None:
            self.user = user_from_row(row)

    def setting(self, key: str) -> Any:
        return read_setting(self.conn, key)

    def save_slots(self) -> None:
        """Rewrite keyslots.json from this vault's slots (see `write_slots`)."""
        write_slots(self.paths, self.slots, self.key)


def read_setting(conn: Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return settings.DEFINITIONS[key].default
    return json.loads(row[0])


# -- ways in -------------------------------------------------------------------


def write_setting(conn: Connection, key: str, value: Any, actor: str) -> None:
    """Store a setting's value inside the caller's transaction (validation is the caller's)."""
    conn.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (key, json.dumps(value), audit.now_iso(), actor),
    )


DEFAULT_PURPOSE = "marac-desk"


@contextlib.contextmanager
def _holding(vault_paths: VaultPaths) -> Iterator[folder_lock.FolderLock]:
    """A hold on the folder for a vault about to open: given back if opening fails, kept
    by the Vault (which gives it back when it closes) if opening succeeds."""
    lock = folder_lock.acquire(vault_paths.data_dir, DEFAULT_PURPOSE)
    try:
        yield lock
    except BaseException:
        lock.release()
        raise


def _open_any(vault_paths: VaultPaths, keys: list[bytes]) -> tuple[Connection, bytes]:
    for key in keys:
        try:
            return open_vault_file(vault_paths.vault, key), key
        except NotAVaultError:
            continue
    raise NotAVaultError(
        f"The vault in {vault_paths.data_dir} does not match its key-slot file: one of them was "
        "replaced or damaged. Restore both from the same backup."
    )


def _prepare(conn: Connection, vault_paths: VaultPaths, slots: KeySlots) -> Connection:
    """Migrate (with safety copy) and check the vault belongs with this key-slot file."""
    folder = app_paths.migrations_dir()
    try:
        migrations.migrate(conn, vault_paths.vault, folder, vault_paths.safety_dir)
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    except BaseException:
        with contextlib.suppress(Exception):
            conn.close()
        raise
    if row is None or row[0] != slots.vault_id:
        conn.close()
        raise NotAVaultError(
            f"The key-slot file in {vault_paths.data_dir} belongs to a different vault. "
            "Restore the vault and its key-slot file from the same backup."
        )
    return conn


def temporary_password_expired(
    conn: Connection, user: User, now: datetime | None = None
) -> str | None:
    """Why a temporary password no longer opens its account, or None while it still does.

    A temporary password was seen by whoever set it, and perhaps sent by email: it must be
    replaced soon, or stop working."""
    if not user.must_change_password:
        return None
    row = conn.execute("SELECT temporary_set_at FROM users WHERE id = ?", (user.id,)).fetchone()
    if row is None or not row[0]:
        return None
    hours = int(read_setting(conn, settings.TEMPORARY_PASSWORD_HOURS))
    set_at = datetime.fromisoformat(str(row[0]).replace("Z", "+00:00"))
    if (now or datetime.now(UTC)) - set_at <= timedelta(hours=hours):
        return None
    return (
        f"The temporary password for {user.username} has expired: it lasts {hours} hours and "
        f"was set on {uk_date_time(str(row[0]))}. Ask an administrator to reset it."
    )


def _load_user(conn: Connection, username: str) -> User | None:
    row = conn.execute(
        f"SELECT {USER_COLUMNS} FROM users WHERE username = ?", (username,)
    ).fetchone()
    return user_from_row(row) if row else None


def open_with_key(
    vault_paths: VaultPaths, key: bytes, *, slots: KeySlots | None = None, username: str
) -> Vault:
    with _holding(vault_paths) as lock:
        found = slots or KeySlots.load(vault_paths.keyslots)
        return _open_as(vault_paths, [key], found, username, lock)


def _open_as(
    vault_paths: VaultPaths,
    keys: list[bytes],
    slots: KeySlots,
    username: str,
    lock: folder_lock.FolderLock,
) -> Vault:
    """Open with whichever key fits, migrate, and bind the vault to an active account."""
    conn, key = _open_any(vault_paths, keys)
    conn = _prepare(conn, vault_paths, slots)
    user = _load_user(conn, username)
    if user is None or not user.active:
        conn.close()
        raise WrongCredentialsError(
            "This account has been switched off or removed. Ask an administrator."
        )
    expired = temporary_password_expired(conn, user)
    if expired:
        conn.close()
        raise WrongCredentialsError(expired)
    warnings = audit_anchor.problems(conn, slots, keys)
    return Vault(vault_paths, conn, key, slots, user, lock, warnings)


def _save_throttles(vault_paths: VaultPaths, slots: KeySlots) -> None:
    """After a failed attempt: the throttle counts go to disk, or the attempt still fails
    as it should when they cannot (a full disk must not turn into a different error)."""
    with contextlib.suppress(OSError, MaracDeskError):
        write_slots(vault_paths, slots, None)


def sign_in(
    data_dir: Path,
    username: str,
    password: str,
    *,
    remember: bool = False,
    meanwhile: Callable[[], bool] | None = None,
) -> Vault:
    """Open the vault with an account's password. `meanwhile` runs on this thread while the
    password's key is derived on another (the window builds what it can then)."""
    vault_paths = require_vault(data_dir)
    with _holding(vault_paths) as lock:
        slots = KeySlots.load(vault_paths.keyslots)
        username = accounts.normalise_username(username)
        try:
            keys, private = slots.unlock(username, password, meanwhile=meanwhile)
        except WrongCredentialsError:
            _save_throttles(vault_paths, slots)
            raise
        vault = _open_as(vault_paths, keys, slots, username, lock)
        vault.accounts_seed = slots.open_accounts_key(f"user:{username}", private)
        vault.passwords_key = slots.open_passwords_key(f"user:{username}", private)
    _record_entry(vault, "sign_in", private=private)
    if remember and vault.setting(settings.ALLOW_REMEMBER):
        vault.remember_key()
    return vault


def _record_entry(
    vault: Vault,
    action: str,
    detail: dict[str, Any] | None = None,
    *,
    private: bytes | None = None,
) -> None:
    """Audit the way in, with any failed sign-ins that happened while the vault was shut.
    A way in that cannot be audited (a full disk) does not open: the vault is closed again.
    Accounts changed outside marac-desk let in an administrator only (storage.signed_accounts).
    """
    from marac_desk.storage import minutes_passwords, signed_accounts

    try:
        signed_accounts.admit(vault, private)
        if private is not None:
            minutes_passwords.ensure(vault)
    except signed_accounts.AccountsChangedError:
        with contextlib.suppress(Exception), vault.transaction():
            vault.audit("sign_in_refused_accounts_changed")
        vault.close(action=None)
        raise
    except BaseException:
        vault.close(action=None)
        raise
    failures = vault.slots.take_pending_failures()
    previous = vault.lock.take_previous()
    try:
        with vault.transaction():
            _audit_failures(vault, failures)
            if previous is not None:
                vault.audit("folder_lock_taken_over", previous.audit_detail())
                if previous.elsewhere:
                    vault.notices.append(
                        f"This vault was last opened on {previous.computer} "
                        f"({previous.describe()}) and not closed there. If it is still open "
                        "on that computer (a vault on a network share), close it there now: "
                        "two computers on one vault may not see each other's lock."
                    )
            if vault.audit_warnings:
                vault.audit("audit_head_mismatch", {"problems": vault.audit_warnings})
            vault.audit(action, detail)
    except BaseException:
        vault.slots.pending_failures = failures + vault.slots.pending_failures
        vault.close(action=None)
        raise
    from marac_desk.storage import representatives

    try:
        representatives.finish(vault)
    except BaseException:
        vault.close(action=None)
        raise
    # Only when the sign-in changed them (failures now audited, a throttle cleared): every
    # rewrite moves the file's generation on, which a second window would then refuse.
    if vault.slots.to_bytes() != vault.paths.keyslots.read_bytes():
        with contextlib.suppress(OSError, MaracDeskError):
            vault.save_slots()


def _audit_failures(vault: Vault, failures: list[dict[str, str]]) -> None:
    for failure in failures:
        vault.audit("sign_in_failed", {"attempted_at": failure["at"]}, actor=failure["user"])


def open_remembered(data_dir: Path) -> Vault | None:
    """Open with the key cached in the OS keychain, or None when there is none that fits."""
    vault_paths = VaultPaths(Path(data_dir))
    if not vault_paths.exists() or not vault_paths.remembered_note.exists():
        return None
    try:
        slots = KeySlots.load(vault_paths.keyslots)
    except NotAVaultError:
        return None
    cached = keycache.recall(slots.vault_id)
    if cached is None:
        return None
    username, key = cached
    try:
        vault = open_with_key(vault_paths, key, slots=slots, username=username)
    except (NotAVaultError, WrongCredentialsError):
        keycache.forget(slots.vault_id)
        vault_paths.remembered_note.unlink(missing_ok=True)
        return None
    if not vault.setting(settings.ALLOW_REMEMBER):
        # An administrator switched remembering off since: the key leaves the keychain
        # and the password is asked for, as on any other start.
        vault.forget_key()
        vault.close(action=None)
        return None
    vault.remembered = True
    from marac_desk.storage.signed_accounts import AccountsChangedError

    try:
        _record_entry(vault, "unlock_remembered")
    except AccountsChangedError:
        # The accounts were changed outside marac-desk: only an administrator's password
        # lets anyone in now, so the sign-in screen is shown instead.
        return None
    return vault


def discard_data_dir(data_dir: Path) -> None:
    """Remove a throwaway vault folder (training mode, smoke test)."""
    shutil.rmtree(data_dir, ignore_errors=True)
