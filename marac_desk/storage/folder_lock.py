"""One writer per vault: a lock on the data folder, held while marac-desk has the vault open.

The lock is the operating system's (filelock: flock on Linux and macOS, LockFileEx on
Windows), so it goes with the process: a marac-desk that crashed or was killed leaves a
lock file that the next one simply takes. Beside it, `vault.lock.owner` says who holds it
(which part of marac-desk, the account signed in, the computer, the process, since when),
so a second window or command can say plainly where the vault is open. That note is a
courtesy written by the holder; the lock itself never depends on it.

Within one process the lock is counted: the window and the vault it opens share one hold.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import filelock

from marac_desk.errors import DiskFullError, MaracDeskError, ReadOnlyFolderError
from marac_desk.fileio import atomic_write_bytes

LOCK_FILE = "vault.lock"
OWNER_FILE = "vault.lock.owner"
MAX_OWNER_BYTES = 4096
MAX_FIELD_CHARS = 120


class VaultInUseError(MaracDeskError):
    """Another marac-desk has this vault open; `holder` says who, as far as is known."""

    def __init__(self, message: str, holder: Holder | None) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class Holder:
    purpose: str
    account: str
    computer: str
    pid: int
    since: float

    def describe(self) -> str:
        """'the marac-desk window (signed in as ada) on LAPTOP-7 since 09:14 on 01/12/2026
        (process 4120)'"""
        who = f" (signed in as {self.account})" if self.account else ""
        stamp = time.localtime(self.since)
        when = time.strftime("%H:%M on %d/%m/%Y", stamp)
        return f"{self.purpose}{who} on {self.computer} since {when} (process {self.pid})"

    @property
    def elsewhere(self) -> bool:
        """Held from another computer: on a network share its lock may not be visible here,
        so it may still be open there rather than have crashed."""
        return self.computer != socket.gethostname()

    def audit_detail(self) -> dict[str, object]:
        return {
            "purpose": self.purpose,
            "account": self.account,
            "computer": self.computer,
            "pid": self.pid,
            "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.since)),
        }

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "purpose": self.purpose,
                "account": self.account,
                "computer": self.computer,
                "pid": self.pid,
                "since": self.since,
            }
        ).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Holder | None:
        try:
            data = json.loads(raw.decode("utf-8"))
            since = float(data["since"])
            time.localtime(since)  # a time that cannot be shown is no time at all
            return cls(
                purpose=_printable(data["purpose"]),
                account=_printable(data["account"]),
                computer=_printable(data["computer"]),
                pid=int(data["pid"]),
                since=since,
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, OverflowError, OSError):
            return None


def _printable(value: object) -> str:
    """Text from the owner note as it may be shown: printable characters only (no terminal
    escape sequences), and short."""
    text = "".join(c for c in str(value) if c.isprintable())
    return text[:MAX_FIELD_CHARS]


@dataclass
class _Hold:
    lock: filelock.BaseFileLock
    count: int
    holder: Holder
    # The note of a holder that is gone (a crash, a kill, power lost): it was still there
    # when this process took the lock. Given to the first vault opened, to audit.
    previous: Holder | None = None


_held: dict[Path, _Hold] = {}


def _key(data_dir: Path) -> Path:
    return Path(data_dir).expanduser().resolve()


def read_holder(data_dir: Path) -> Holder | None:
    """The owner note, if it can be read. Anyone who can write in the folder can write it,
    so it is read as untrusted: a few kilobytes at most, printable text only."""
    try:
        with (_key(data_dir) / OWNER_FILE).open("rb") as handle:
            return Holder.from_bytes(handle.read(MAX_OWNER_BYTES))
    except OSError:
        return None


def held_here(data_dir: Path) -> bool:
    """True while this process holds the data folder's lock."""
    return _key(data_dir) in _held


def in_use_message(data_dir: Path, holder: Holder | None) -> str:
    where = holder.describe() if holder else "another marac-desk (it did not say which)"
    return (
        f"The vault in {_key(data_dir)} is open in {where}. Only one marac-desk may use a "
        "vault at a time, so that neither overwrites the other's work. Close it there, or wait "
        "for it to close, then try again."
    )


class FolderLock:
    """One hold on a data folder's lock; `release` gives it back (idempotent)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = _key(data_dir)
        self._released = False

    def set_account(self, account: str) -> None:
        """Record who is signed in, for the message another window shows."""
        hold = _held.get(self.data_dir)
        if hold is None or hold.holder.account == account:
            return
        hold.holder = Holder(
            hold.holder.purpose, account, hold.holder.computer, hold.holder.pid, hold.holder.since
        )
        _write_owner(self.data_dir, hold.holder)

    def take_previous(self) -> Holder | None:
        """Once: who held the folder before and did not let go (it ended without closing)."""
        hold = _held.get(self.data_dir)
        if hold is None:
            return None
        previous, hold.previous = hold.previous, None
        return previous

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        hold = _held.get(self.data_dir)
        if hold is None:
            return
        hold.count -= 1
        if hold.count > 0:
            return
        del _held[self.data_dir]
        with contextlib.suppress(OSError):
            if read_holder(self.data_dir) == hold.holder:
                (self.data_dir / OWNER_FILE).unlink()
        hold.lock.release(force=True)

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(data_dir: Path, purpose: str, *, wait_seconds: float = 0) -> FolderLock:
    """Take (or, in this process, share) the lock on `data_dir`, which must exist.

    Raises VaultInUseError when another process holds it after `wait_seconds`.
    """
    key = _key(data_dir)
    hold = _held.get(key)
    if hold is not None:
        hold.count += 1
        return FolderLock(key)
    # fallback_to_soft off: a lock that a crash would leave behind for ever is worse than
    # a plain refusal on a file system that cannot lock.
    lock = filelock.FileLock(
        key / LOCK_FILE, thread_local=False, fallback_to_soft=False, preserve_lock_file=True
    )
    try:
        lock.acquire(timeout=max(0.0, wait_seconds), poll_interval=0.2)
    except filelock.Timeout as exc:
        holder = read_holder(key)
        raise VaultInUseError(in_use_message(key, holder), holder) from exc
    except OSError as exc:
        raise folder_fault(key, exc) from exc
    # The account is added once someone signs in (FolderLock.set_account).
    holder = Holder(purpose, "", socket.gethostname(), os.getpid(), time.time())
    _held[key] = _Hold(lock, 1, holder, previous=read_holder(key))
    _write_owner(key, holder)
    return FolderLock(key)


def folder_fault(data_dir: Path, exc: OSError) -> MaracDeskError:
    """Why the folder could not be locked, in words that do not send anyone to a backup."""
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyFolderError(
            f"marac-desk cannot write in {data_dir}: the folder (or the drive it is on) is "
            "read-only for this account. The vault in it has not been changed and is not "
            "damaged, so do not restore a backup over it. Ask whoever looks after this "
            "computer to make the folder writable again, or copy the whole folder to one "
            "you can write to and open it with --data-dir."
        )
    if exc.errno == errno.ENOSPC:
        return DiskFullError(
            f"marac-desk cannot open the vault in {data_dir}: the disk is full. Free some "
            "space, then try again. Nothing was changed."
        )
    return MaracDeskError(
        f"marac-desk could not lock the folder {data_dir} ({exc.strerror or exc}). Keep the "
        "vault on a local drive that supports file locking. Nothing was changed."
    )


def _write_owner(data_dir: Path, holder: Holder) -> None:
    # A courtesy for the message a second window shows: a full disk must not stop the
    # vault opening (reading and locking still work), so failing to write it is ignored.
    with contextlib.suppress(OSError):
        atomic_write_bytes(data_dir / OWNER_FILE, holder.to_bytes())
