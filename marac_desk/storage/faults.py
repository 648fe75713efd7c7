"""What the disk and SQLite say when they refuse, in words a coordinator can act on.

SQLite reports a full disk, a read-only file or folder, another program holding the
database, and failing hardware as distinct result codes; each becomes one error here,
used by the vault's transactions, the command line and the window alike, so that none
of them reaches a person as "unexpected internal error".
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import sqlcipher3

from marac_desk.errors import (
    DiskFullError,
    MaracDeskError,
    ReadOnlyFolderError,
    StorageFaultError,
    VaultBusyError,
    VaultReplacedError,
    disk_error_message,
)

# Below this much free space, an I/O error from SQLite is taken for a full disk.
NEARLY_FULL_BYTES = 4 * 1024 * 1024
# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
FAULT_CODES = {
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    SQLITE_BUSY,
    SQLITE_LOCKED,
    SQLITE_NOMEM,
    SQLITE_READONLY,
    SQLITE_IOERR,
    SQLITE_FULL,
    SQLITE_CANTOPEN,
}


# SQLite's own words for each code. An error raised inside an SQL function (such as
# sqlcipher_export, which copies a vault for a backup) reaches Python as a generic
# SQLITE_ERROR carrying the original message, so the message is read too.
_MESSAGES = {
    "database or disk is full": SQLITE_FULL,
    "attempt to write a readonly database": SQLITE_READONLY,
    "database is locked": SQLITE_BUSY,
    "database table is locked": SQLITE_LOCKED,
    "disk i/o error": SQLITE_IOERR,
    "unable to open database file": SQLITE_CANTOPEN,
    "file is not a database": SQLITE_NOTADB,
    "database disk image is malformed": SQLITE_CORRUPT,
}
SQLITE_ERROR = 1


def sqlite_code(exc: BaseException) -> int | None:
    """The primary result code of a SQLite error, or None for anything else."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None and not isinstance(exc, sqlcipher3.Error):
        return None
    primary = None if code is None else int(code) & 0xFF
    if primary in (None, SQLITE_ERROR):
        text = str(exc).lower()
        for words, meant in _MESSAGES.items():
            if words in text:
                return meant
    return primary


def is_fault(exc: BaseException) -> bool:
    """True for the disk's and the database's refusals (not for a bug in a query)."""
    if isinstance(exc, StorageFaultError):
        return True
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO)
    return sqlite_code(exc) in FAULT_CODES


def storage_fault(exc: BaseException, action: str, folder: Path | None = None) -> MaracDeskError:
    """`exc` (a SQLite error) as the error to show. `action` names what was being done,
    "Saving the note", and starts the message."""
    where = f" ({folder})" if folder else ""
    code = sqlite_code(exc)
    if code == SQLITE_IOERR and folder is not None and _nearly_full(folder):
        # SQLite reports a shared-memory or WAL file it could not grow as an I/O error.
        code = SQLITE_FULL
    if code == SQLITE_FULL:
        return DiskFullError(
            f"{action} failed: the disk that holds the vault{where} is full. Free some space "
            "on it, then try again. Nothing was half-saved."
        )
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN):
        return ReadOnlyFolderError(
            f"{action} failed: the vault{where} cannot be written (its folder, file or drive "
            "is read-only, or was removed). The vault is not damaged: do not restore a backup "
            "over it. Make the folder writable again (or plug the drive back in), then try again."
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return VaultBusyError(
            f"{action} failed: another program is using the vault{where} just now (a backup "
            "or antivirus tool, or a second marac-desk). Wait a moment and try again; if it "
            "keeps happening, close other programs that may have the vault open."
        )
    if code == SQLITE_NOTADB:
        return VaultReplacedError(
            f"{action} failed: the vault{where} can no longer be read with the key this window "
            "opened it with. Another marac-desk re-encrypted it (a key rotation) or put a "
            "backup in its place. Nothing was saved. Lock (Ctrl+L) and sign in again."
        )
    if code == SQLITE_CORRUPT:
        return StorageFaultError(
            f"{action} failed: part of the vault{where} is damaged. Nothing was saved. Run "
            "Vault tools > Verify (or `marac-desk verify`); if it finds damage, restore the "
            "latest good backup."
        )
    if code == SQLITE_NOMEM:
        return StorageFaultError(
            f"{action} failed: this computer ran out of memory. Close other programs, then try "
            "again."
        )
    if code == SQLITE_IOERR:
        return StorageFaultError(
            f"{action} failed: the disk{where} reported an error while reading or writing. "
            "Try again; if it happens again the disk may be failing: make a backup to "
            "another drive and tell whoever looks after this computer."
        )
    return StorageFaultError(f"{action} failed: {type(exc).__name__}. Try again.")


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def os_fault(exc: OSError, action: str) -> MaracDeskError:
    """An OSError from writing a file, typed as `storage_fault` types SQLite's, in the
    words every file export already uses (errors.disk_error_message)."""
    message = disk_error_message(action, exc)
    if exc.errno == errno.ENOSPC:
        return DiskFullError(message)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyFolderError(message)
    return StorageFaultError(message)


def as_user_error(exc: BaseException, action: str) -> MaracDeskError | None:
    """Any fault as the error to show, or None when `exc` is not a fault."""
    if isinstance(exc, MaracDeskError):
        return exc
    if isinstance(exc, OSError) and is_fault(exc):
        return os_fault(exc, action)
    if is_fault(exc):
        return storage_fault(exc, action)
    return None
