"""Errors the user sees: each says what went wrong and what to do next."""

from __future__ import annotations


class MaracDeskError(Exception):
    """An expected failure with a message fit to show a user as it is."""


class VaultNotFoundError(MaracDeskError):
    pass


class VaultExistsError(MaracDeskError):
    pass


class NotAVaultError(MaracDeskError):
    pass


class WrongCredentialsError(MaracDeskError):
    pass


class RateLimitedError(MaracDeskError):
    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class VaultTooNewError(MaracDeskError):
    pass


class VaultCorruptError(MaracDeskError):
    pass


class MigrationError(MaracDeskError):
    pass


class InstallError(MaracDeskError):
    """marac-desk itself is incomplete: files it ships are missing."""


class PermissionDeniedError(MaracDeskError):
    pass


class ValidationError(MaracDeskError):
    pass


class BackupError(MaracDeskError):
    pass


class VaultLockedError(MaracDeskError):
    pass


class KeySlotsChangedError(MaracDeskError):
    """keyslots.json changed under this process, or a save would lock everyone out."""


class StorageFaultError(MaracDeskError):
    """The disk or the database refused a read or write (full, read-only, busy, I/O)."""


class DiskFullError(StorageFaultError):
    pass


class ReadOnlyFolderError(StorageFaultError):
    pass


class VaultBusyError(StorageFaultError):
    pass


class VaultReplacedError(StorageFaultError):
    """The open connection's key no longer fits the file: rekeyed or replaced elsewhere."""


def disk_error_message(action: str, exc: OSError) -> str:
    """Turn an OSError from writing a file into a sentence a coordinator can act on."""
    import errno

    if exc.errno == errno.ENOSPC:
        return (
            f"{action} failed: the disk is full. Free some space or choose another drive, "
            "then try again. Nothing was changed."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"{action} failed: marac-desk is not allowed to write there. "
            "Choose a folder you can write to. Nothing was changed."
        )
    return (
        f"{action} failed: {exc.strerror or 'the file could not be written'}. Nothing was changed."
    )
