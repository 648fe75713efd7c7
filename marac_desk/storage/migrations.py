"""Numbered SQL migrations, each in its own transaction, with a safety copy beforehand."""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from marac_desk.errors import MigrationError, VaultTooNewError
from marac_desk.storage.connection import Connection, checkpoint, schema_version

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def discover(folder: Path) -> list[Migration]:
    """All migrations in `folder`, checked to be numbered 1, 2, 3... with no gap.

    Finding none is an incomplete install, never "nothing to do": a runner that went on
    would open (or create) a vault with no tables and fail later with a raw SQL error.
    """
    found: list[Migration] = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if not match:
            raise MigrationError(f"Unexpected file among the migrations: {path.name}.")
        found.append(Migration(int(match.group(1)), path.name, path.read_text("utf-8")))
    if not found:
        raise MigrationError(
            f"marac-desk found no migrations in {folder}, so this installation is incomplete. "
            "Reinstall marac-desk. The vault was not touched."
        )
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"Migrations are not contiguous: expected {expected:04d}, found {migration.name}."
            )
    return found


def head_version(folder: Path) -> int:
    return discover(folder)[-1].version


def split_statements(sql: str) -> list[str]:
    """Split a script into statements (triggers included) without executescript,
    which would commit the open transaction behind our back."""
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlcipher3.complete_statement(pending):
            if _has_code(pending):
                statements.append(_without_leading_comments(pending))
            pending = ""
    if _has_code(pending):
        raise MigrationError("A migration ends with an unfinished statement.")
    return statements


def _without_leading_comments(text: str) -> str:
    lines = text.strip().splitlines()
    while lines and (not lines[0].strip() or lines[0].strip().startswith("--")):
        lines.pop(0)
    return "\n".join(lines).strip()


def _has_code(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in text.splitlines())


def refuse_if_too_new(conn: Connection, folder: Path) -> None:
    current, head = schema_version(conn), head_version(folder)
    if current > head:
        raise VaultTooNewError(
            f"This vault was last used by a newer version of marac-desk (schema {current}; "
            f"this version understands up to {head}). Install the newer version to open it."
        )


def pending(conn: Connection, folder: Path) -> list[Migration]:
    refuse_if_too_new(conn, folder)
    current = schema_version(conn)
    return [m for m in discover(folder) if m.version > current]


def migrate(conn: Connection, vault_path: Path, folder: Path, safety_dir: Path) -> Path | None:
    """Bring the vault up to the newest schema.

    Before changing a vault that holds data, the WAL is checkpointed and the
    (still encrypted) file is copied into `safety_dir`. If any step fails, the
    connection is closed, the copy is put back and MigrationError is raised:
    the caller must then reopen. Returns the safety copy's path, if one was made.
    """
    todo = pending(conn, folder)
    if not todo:
        return None
    copy: Path | None = None
    if schema_version(conn) > 0:
        checkpoint(conn)
        safety_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        copy = safety_dir / f"before-schema-{todo[0].version}-{stamp}.db"
        shutil.copy2(vault_path, copy)
    for migration in todo:
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in split_statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.version:d}")
            conn.execute("COMMIT")
        except (sqlcipher3.Error, MigrationError) as exc:
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("ROLLBACK")
            conn.close()
            if copy is not None:
                _put_back(copy, vault_path)
                where = "The vault was put back as it was before the update."
            else:
                where = "Nothing was changed."
            raise MigrationError(
                f"Updating the vault to schema {migration.version} ({migration.name}) failed: "
                f"{exc}. {where} Report this to whoever supports marac-desk."
            ) from exc
    return copy


def _put_back(copy: Path, vault_path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            vault_path.with_name(vault_path.name + suffix).unlink()
    shutil.copy2(copy, vault_path)
