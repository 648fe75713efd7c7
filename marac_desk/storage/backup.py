"""Backups: the vault (still encrypted) and its key slots in one file, verified after writing.

A backup is a zip archive, stored without compression (encrypted pages do not
compress), holding `manifest.json` (format, schema, vault id, SHA-256 of each
member), `vault.db` (a SQLCipher copy under the same key) and
`keyslots.json`. Nothing in it is readable without a password or the
recovery key that was valid when it was made.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sqlcipher3

from marac_desk import __version__
from marac_desk.domain import settings
from marac_desk.domain.roles import Permission, Role, parse_roles
from marac_desk.errors import BackupError, MaracDeskError, NotAVaultError, disk_error_message
from marac_desk.fileio import atomic_writer, fsync_dir
from marac_desk.interaction import OTHER_VAULT_TITLE, Asker
from marac_desk.security import vault_macs
from marac_desk.security.audit_anchor import AuditAnchor
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit, audit_anchor, faults, folder_lock, migrations
from marac_desk.storage.connection import (
    Connection,
    checkpoint,
    key_pragma,
    open_vault_file,
    schema_version,
)
from marac_desk.storage.integrity import VerifyReport, check_connection
from marac_desk.storage.vault import Vault, read_setting
from marac_desk.storage.vault_paths import VaultPaths

# 2: the manifest carries an HMAC under a key derived from the vault key ("mac"), so an
# edited manifest or key-slot file inside a backup is refused. 1 (no "mac") is still read.
FORMAT = 2
MANIFEST_PURPOSE = b"marac-desk backup manifest v1"


class BackupKeyError(BackupError):
    """No key in hand opens the backup: the caller may ask for a password and retry."""


SUFFIX = ".mdbackup"
MAX_MEMBER_BYTES = 20 * 1024**3
MAX_SMALL_MEMBER_BYTES = 1024**2  # manifest and key slots are a few kilobytes


@dataclass(frozen=True)
class VaultSummary:
    """What a person needs to recognise a vault before replacing it."""

    marac_name: str
    schema: int
    accounts: int
    cases: int
    last_activity: str
    vault_id: str = ""

    def describe(self) -> str:
        return (
            f"MARAC: {self.marac_name}\nCases: {self.cases}\nAccounts: {self.accounts}\n"
            f"Last activity: {self.last_activity or 'none recorded'}"
        )


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    sha256: str
    created_at: str
    schema: int


def summarise(conn: Connection) -> VaultSummary:
    last = conn.execute("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    vault_id = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    return VaultSummary(
        vault_id=str(vault_id[0]) if vault_id else "",
        marac_name=str(read_setting(conn, settings.MARAC_NAME)),
        schema=schema_version(conn),
        accounts=int(conn.execute("SELECT count(*) FROM users").fetchone()[0]),
        cases=int(conn.execute("SELECT count(*) FROM cases").fetchone()[0]),
        last_activity=str(last[0]) if last else "",
    )


def default_backup_name() -> str:
    return f"marac-desk-backup-{time.strftime('%Y-%m-%d-%H%M')}{SUFFIX}"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _scratch_dir(beside: Path) -> Iterator[Path]:
    """A private folder next to `beside`, for encrypted intermediate files only."""
    folder = Path(tempfile.mkdtemp(prefix=".marac-desk-", dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _export_copy(conn: Connection, key: bytes, target: Path) -> None:
    """A consistent encrypted copy of the open vault (sqlcipher_export, same key)."""
    checkpoint(conn)
    attach_key = key_pragma(key).split("=", 1)[1].strip()
    conn.execute(f"ATTACH DATABASE ? AS backup_copy KEY {attach_key}", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('backup_copy')").fetchone()
        # sqlcipher_export copies tables, not the header's schema version.
        conn.execute(f"PRAGMA backup_copy.user_version = {schema_version(conn):d}")
    finally:
        conn.execute("DETACH DATABASE backup_copy")


def create_backup(vault: Vault, destination: Path) -> BackupInfo:
    """Write a backup to `destination`, read it back and verify it, recording each step.

    The "backup_created" entry is written before the copy is taken, so a vault
    restored from this backup shows the backup in its own audit log; the
    outcome ("backup_verified" or "backup_failed") follows in the live vault.
    """
    vault.require(Permission.BACKUP_RESTORE)
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / default_backup_name()
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist. Choose another.")
    created_at = audit.now_iso()
    with vault.transaction():
        vault.audit("backup_created", {"file": destination.name})
    try:
        with _scratch_dir(destination.parent) as scratch:
            db_copy = scratch / "vault.db"
            _export_copy(vault.conn, vault.key, db_copy)
            slots = KeySlots.from_bytes(vault.slots.to_bytes())
            slots.throttles.clear()
            slots.pending_failures.clear()
            slots_bytes = slots.to_bytes()
            manifest = {
                "format": FORMAT,
                "app_version": __version__,
                "created_at": created_at,
                "vault_id": vault.vault_id,
                "schema": schema_version(vault.conn),
                "sha256": {
                    "vault.db": _sha256_file(db_copy),
                    "keyslots.json": hashlib.sha256(slots_bytes).hexdigest(),
                },
            }
            if slots.audit_anchor is not None:
                manifest["audit_head"] = slots.audit_anchor.to_json()
            manifest["mac"] = vault_macs.tag(
                vault.key, vault.vault_id, MANIFEST_PURPOSE, _manifest_message(manifest)
            )
            with (
                atomic_writer(destination) as handle,
                zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive,
            ):
                archive.writestr("manifest.json", json.dumps(manifest, indent=1))
                archive.write(db_copy, "vault.db")
                archive.writestr("keyslots.json", slots_bytes)
        problems = verify_backup_file(destination, [vault.key])
    except OSError as exc:
        message = disk_error_message("The backup", exc)
        _record_failure(vault, destination, message)
        raise BackupError(message) from exc
    except sqlcipher3.Error as exc:
        # Copying the vault is SQLite's work: a full disk or a busy database ends here,
        # and is a failed backup like any other, with no file left behind.
        if not faults.is_fault(exc):
            raise
        message = str(faults.storage_fault(exc, "The backup", destination.parent))
        _record_failure(vault, destination, message)
        raise BackupError(message) from exc
    if problems:
        with contextlib.suppress(OSError):
            destination.unlink()
        message = (
            "The backup was written but did not read back correctly, so it was deleted: "
            + "; ".join(problems)
            + ". Try another drive."
        )
        _record_failure(vault, destination, message)
        raise BackupError(message)
    info = BackupInfo(
        destination,
        destination.stat().st_size,
        _sha256_file(destination),
        created_at,
        int(manifest["schema"]),  # type: ignore[call-overload]
    )
    with vault.transaction():
        vault.audit(
            "backup_verified",
            {"file": destination.name, "bytes": info.size, "sha256": info.sha256},
        )
    return info


def _record_failure(vault: Vault, destination: Path, message: str) -> None:
    """Audit the failure; when even that cannot be written (the vault's own disk is full),
    the error says so, so nobody takes the "backup_created" entry for a backup. (No file is
    left to remove: the backup is written under a temporary name and renamed only whole.)"""
    try:
        with vault.transaction():
            vault.audit("backup_failed", {"file": destination.name, "reason": message})
    except MaracDeskError as exc:
        raise BackupError(
            f"{message} The failure could not be written to the audit log either ({exc}), "
            "so the log's last entry about this backup says only that it was started."
        ) from exc


# -- reading a backup -------------------------------------------------------


@dataclass
class OpenedBackup:
    """A backup unpacked into a scratch folder and opened with its key."""

    manifest: dict[str, Any]
    slots: KeySlots
    db_path: Path
    key: bytes
    summary: VaultSummary


def _read_manifest(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    members = {i.filename: i for i in archive.infolist()}
    needed = {"manifest.json", "vault.db", "keyslots.json"}
    if not needed <= members.keys():
        raise BackupError(f"{name} is not a marac-desk backup (parts are missing).")
    for info in members.values():
        limit = MAX_MEMBER_BYTES if info.filename == "vault.db" else MAX_SMALL_MEMBER_BYTES
        if info.file_size > limit:
            raise BackupError(f"{name} is not a marac-desk backup (a part is implausibly large).")
    try:
        manifest = json.loads(archive.read("manifest.json"))
        made_by = manifest.get("format")
        if isinstance(made_by, int) and made_by > FORMAT:
            raise BackupError(
                f"{name} was made by a newer version of marac-desk (backup format {made_by}). "
                "Install the newer version to restore it."
            )
        if made_by not in (1, FORMAT):
            raise ValueError
        manifest["sha256"]["vault.db"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(
            f"{name} is not a marac-desk backup (its manifest is unreadable)."
        ) from exc
    return dict(manifest)


def open_backup(
    path: Path, scratch: Path, keys: list[bytes], credentials: tuple[str, str] | None = None
) -> OpenedBackup:
    """Unpack a backup into `scratch`, prove a key opens it, and describe it.

    No connection is left open on the unpacked file, so it can be moved into
    place (Windows cannot move an open file). The caller cleans `scratch`.
    """
    name = Path(path).name
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"There is no file at {path}.") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{name} is not a marac-desk backup, or it is damaged.") from exc
    with archive:
        manifest = _read_manifest(archive, name)
        db_path = scratch / "vault.db"
        try:
            with archive.open("vault.db") as source, db_path.open("wb") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
            slots_bytes = archive.read("keyslots.json")
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise BackupError(f"{name} is damaged: it could not be read to the end.") from exc
    if _sha256_file(db_path) != manifest["sha256"]["vault.db"] or (
        hashlib.sha256(slots_bytes).hexdigest() != manifest["sha256"].get("keyslots.json")
    ):
        raise BackupError(f"{name} is damaged: its contents do not match its checksums.")
    slots = KeySlots.from_bytes(slots_bytes, source=name)
    # The keys in hand first: a password is tried on the backup's own slots only when none
    # of them opens it (it may have changed since the backup was made).
    found = _first_that_opens(db_path, keys)
    if found is None and credentials is not None:
        found = _first_that_opens(db_path, slots.user_keys(*credentials))
    if found is None:
        raise BackupKeyError(
            f"{name} could not be opened: sign in with an account (and the password) that "
            "existed when the backup was made."
        )
    conn, key = found
    if manifest.get("format") == FORMAT and not vault_macs.genuine(
        str(manifest.get("mac", "")),
        [key],
        slots.vault_id,
        MANIFEST_PURPOSE,
        _manifest_message(manifest),
    ):
        conn.close()
        raise BackupError(
            f"{name} was changed after it was made (its manifest or key-slot file was edited), "
            "so it is not restored."
        )
    try:
        migrations.refuse_if_too_new(conn, _migrations_dir())
        summary = summarise(conn)
        vault_id = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
        if vault_id is None or vault_id[0] != slots.vault_id:
            raise BackupError(f"{name} is damaged: its vault and key slots do not belong together.")
    finally:
        conn.close()
    return OpenedBackup(manifest, slots, db_path, key, summary)


def _first_that_opens(db_path: Path, keys: list[bytes]) -> tuple[Connection, bytes] | None:
    for key in keys:
        try:
            return open_vault_file(db_path, key), key
        except NotAVaultError:
            continue
    return None


def _manifest_message(manifest: dict[str, Any]) -> bytes:
    """The manifest as its tag covers it: everything but the tag, in one canonical form."""
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _migrations_dir() -> Path:
    from marac_desk import paths

    return paths.migrations_dir()


def verify_backup_file(path: Path, keys: list[bytes]) -> list[str]:
    """Problems found reading `path` back (empty when it is sound)."""
    try:
        with _scratch_dir(Path(path).parent) as scratch:
            opened = open_backup(path, scratch, keys)
            conn = open_vault_file(opened.db_path, opened.key)
            try:
                report = _check_backup(conn, opened)
            finally:
                conn.close()
            return report.cipher + report.structure + report.audit_chain
    except MaracDeskError as exc:
        return [str(exc)]


def _check_backup(conn: Connection, opened: OpenedBackup) -> VerifyReport:
    """The backup's pages, structure and chain, and its log against the head that its key
    slots and its manifest each recorded when it was made (so a backup whose database was
    swapped for an older one, or whose log was rebuilt, is refused)."""
    report = check_connection(conn, second=lambda: open_vault_file(opened.db_path, opened.key))
    heads = [opened.slots]
    if "audit_head" in opened.manifest:
        anchor = AuditAnchor.from_json(opened.manifest["audit_head"])
        heads.append(replace(opened.slots, audit_anchor=anchor, audit_anchor_damaged=not anchor))
    for slots in heads:
        for problem in audit_anchor.problems(conn, slots, [opened.key]):
            if problem not in report.audit_chain:
                report.audit_chain.append(problem)
    return report


# -- restoring ---------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    restored: VaultSummary
    replaced: VaultSummary | None
    kept_copy: Path | None


def restore_backup(
    data_dir: Path,
    backup_path: Path,
    *,
    username: str,
    asker: Asker,
    password: str | None = None,
    keys: list[bytes] | None = None,
    current: VaultSummary | None = None,
) -> RestoreResult | None:
    """Replace the vault in `data_dir` with a backup. Returns None if the user said no.

    Authority: `username` must be an active administrator in the backup, proved
    by `password` against the backup's key slots or by a key the caller already
    holds (a signed-in administrator whose key opens the backup). The current
    vault is moved aside, not deleted, and is put back if the restored one does
    not open. The caller must have closed its own connection to the vault.
    """
    vault_paths = VaultPaths(Path(data_dir))
    try:
        vault_paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_lock.folder_fault(vault_paths.data_dir, exc) from exc
    credentials = (username, password) if password is not None else None
    # Under the folder's lock: no other marac-desk may have the vault open while its files
    # are swapped (a window of this process shares the hold; its vault is closed by then).
    with (
        folder_lock.acquire(vault_paths.data_dir, "marac-desk (restoring a backup)"),
        _scratch_dir(vault_paths.data_dir) as scratch,
    ):
        try:
            opened = open_backup(backup_path, scratch, keys or [], credentials)
            conn = open_vault_file(opened.db_path, opened.key)
            try:
                report = _check_backup(conn, opened)
                admin = conn.execute(
                    "SELECT roles, active FROM users WHERE username = ?", (username,)
                ).fetchone()
                checkpoint(conn)
            finally:
                conn.close()
            if not report.ok:
                raise BackupError(
                    f"{Path(backup_path).name} failed verification and was not restored: "
                    + "; ".join(report.cipher + report.structure + report.audit_chain)
                )
            if admin is None or not admin[1] or Role.ADMINISTRATOR not in parse_roles(admin[0]):
                raise BackupError(
                    f"{username!r} is not an active administrator in that backup, so it "
                    "cannot be restored with this account."
                )
            question = (
                "Replace the vault with this backup?\n\nBackup:\n" + opened.summary.describe()
            )
            question += "\n\nCurrent vault (kept as a safety copy):\n" + (
                current.describe() if current else "none, or it cannot be read"
            )
            if not asker.confirm("Restore from backup", question):
                return None
            if current is not None and current.vault_id not in ("", opened.slots.vault_id):
                # Not this vault's backup at all: one more, separate yes.
                other = (
                    f"This backup is of a different vault, {opened.summary.marac_name!r}, not of "
                    f"the vault here, {current.marac_name!r}. Restoring it replaces this MARAC's "
                    "records with another's. Are you sure?"
                )
                if not asker.confirm(OTHER_VAULT_TITLE, other):
                    return None
            kept = _swap_in(vault_paths, opened)
            try:
                _record_restore(vault_paths, opened, username, Path(backup_path).name)
            except MaracDeskError:
                _put_back(vault_paths, kept)
                raise
            return RestoreResult(opened.summary, current, kept)
        except OSError as exc:
            raise BackupError(disk_error_message("The restore", exc)) from exc


def _swap_in(vault_paths: VaultPaths, opened: OpenedBackup) -> Path | None:
    """Move the current vault aside and put the backup in its place."""
    kept: Path | None = None
    if vault_paths.exists():
        kept = vault_paths.safety_dir / f"before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
        kept.mkdir(parents=True, exist_ok=True)
        for source in (
            vault_paths.vault,
            vault_paths.keyslots,
            *(vault_paths.vault.with_name(vault_paths.vault.name + s) for s in ("-wal", "-shm")),
        ):
            if source.exists():
                shutil.move(source, kept / source.name)
    shutil.move(opened.db_path, vault_paths.vault)
    opened.slots.save(vault_paths.keyslots)
    fsync_dir(vault_paths.data_dir)
    return kept


def _put_back(vault_paths: VaultPaths, kept: Path | None) -> None:
    for name in (vault_paths.vault, vault_paths.keyslots):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()
    if kept is not None:
        for item in kept.iterdir():
            shutil.move(item, vault_paths.data_dir / item.name)
        with contextlib.suppress(OSError):
            kept.rmdir()


def _record_restore(
    vault_paths: VaultPaths, opened: OpenedBackup, username: str, name: str
) -> None:
    """Open the restored vault for real (migrating if needed) and audit the restore."""
    from marac_desk.storage.vault import open_with_key

    vault = open_with_key(vault_paths, opened.key, slots=opened.slots, username=username)
    try:
        with vault.transaction():
            vault.audit(
                "vault_restored",
                {"file": name, "backup_created_at": opened.manifest.get("created_at", "")},
            )
    finally:
        vault.close(action=None)
