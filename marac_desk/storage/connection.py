"""Opening a SQLCipher vault, failing closed at every step."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import sqlcipher3

from marac_desk.errors import NotAVaultError, VaultCorruptError, VaultNotFoundError
from marac_desk.storage import faults

KEY_BYTES = 32
SQLITE_PLAINTEXT_HEADER = b"SQLite format 3\x00"
if TYPE_CHECKING:
    # sqlcipher3 ships no type information; its connection has sqlite3's API.
    Connection = sqlite3.Connection
else:
    Connection = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError

NOT_A_VAULT = (
    "{name} could not be opened: the key does not fit it, or it is not a marac-desk vault. "
    "If you chose this file, choose the vault or a backup made by marac-desk."
)


def key_pragma(key: bytes) -> str:
    """The raw-key PRAGMA. A literal of the wrong length would silently be taken as
    a passphrase, so the length is checked here, once, for every caller."""
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ValueError("a vault key is exactly 32 bytes")
    return f"PRAGMA key = \"x'{bytes(key).hex()}'\""


def open_vault_file(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or, with create=True, create) an encrypted vault and prove the key fits.

    Never creates a file when opening an existing one: `mode=rw` makes SQLite
    fail rather than make a fresh empty database in place of a missing vault.
    """
    path = Path(path)
    if create:
        if path.exists():
            raise FileExistsError(path)
    else:
        if not path.is_file():
            raise VaultNotFoundError(f"There is no vault at {path}.")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_PLAINTEXT_HEADER))
        if len(header) < len(SQLITE_PLAINTEXT_HEADER):
            # An empty file would open as a brand-new database under any key.
            raise NotAVaultError(
                f"{path.name} is empty, so it is not a marac-desk vault. Restore the latest backup."
            )
        if header == SQLITE_PLAINTEXT_HEADER:
            raise NotAVaultError(
                f"{path.name} is an unencrypted SQLite database, not a marac-desk vault. "
                "marac-desk only opens encrypted vaults."
            )
    mode = "rwc" if create else "rw"
    uri = path.resolve().as_uri() + f"?mode={mode}"
    try:
        conn = cast(
            Connection,
            sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=True),
        )
    except sqlcipher3.Error as exc:
        raise NotAVaultError(f"{path.name} could not be opened: {exc}.") from exc
    try:
        _configure(conn, key, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: Connection, key: bytes, path: Path) -> None:
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise NotAVaultError(
            "This copy of marac-desk was built without SQLCipher and cannot keep data safe. "
            "Reinstall marac-desk."
        )
    # SQLCipher otherwise logs decryption failures to stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(key_pragma(key))
    conn.execute("PRAGMA temp_store = MEMORY")
    # SQLite's upper() folds only A to Z, so "Ó Súilleabháin" would show as "Ó SúILLEABHáIN":
    # names are shown in capitals through Python's own, which knows every alphabet. Used in
    # SELECTs only, never in the schema, so the file stays readable by any SQLCipher.
    conn.create_function("name_upper", 1, _name_upper, deterministic=True)
    try:
        # A wrong key, a plaintext file and garbage all fail only on first read.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        # A full disk or a read-only folder fail here too (the shared-memory file cannot
        # be made): that is no reason to call the vault a stranger to its key.
        if faults.is_fault(exc) and faults.sqlite_code(exc) != faults.SQLITE_NOTADB:
            raise faults.storage_fault(exc, f"Opening {path.name}", path.parent) from exc
        raise NotAVaultError(NOT_A_VAULT.format(name=path.name)) from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL: a commit the user saw is on disk even if power goes next.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlcipher3.DatabaseError as exc:
        if faults.is_fault(exc) and faults.sqlite_code(exc) != faults.SQLITE_CORRUPT:
            raise faults.storage_fault(exc, f"Opening {path.name}", path.parent) from exc
        raise VaultCorruptError(
            f"{path.name} opened but is damaged ({exc}). Restore the latest backup."
        ) from exc
    if not mode or str(mode[0]).lower() != "wal":
        raise VaultCorruptError(f"{path.name} could not be switched to write-ahead logging.")


def _name_upper(value: str | None) -> str | None:
    return value.upper() if isinstance(value, str) else value


def schema_version(conn: Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def checkpoint(conn: Connection) -> None:
    """Fold the WAL into the main file, so the main file alone is the whole vault."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def insert(conn: Connection, sql: str, params: Any) -> int:
    """Run one INSERT and return the new row's id."""
    rowid = conn.execute(sql, params).lastrowid
    if rowid is None:
        raise RuntimeError("the insert did not create a row")
    return int(rowid)
