"""Migrations: empty to head, one step at a time, and a failure puts the vault back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desk import paths
from marac_desk.errors import MigrationError
from marac_desk.storage import migrations
from marac_desk.storage.connection import open_vault_file, schema_version


def fresh(tmp_path: Path) -> tuple[Path, bytes]:
    key = os.urandom(32)
    return tmp_path / "v.db", key


def test_empty_to_head(tmp_path: Path) -> None:
    path, key = fresh(tmp_path)
    conn = open_vault_file(path, key, create=True)
    migrations.migrate(conn, path, paths.migrations_dir(), tmp_path / "safety")
    assert schema_version(conn) == migrations.head_version(paths.migrations_dir()) >= 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"meta", "settings", "users", "audit_log", "cases", "persons", "case_persons"} <= tables
    conn.close()


def test_each_step_applies_alone(tmp_path: Path) -> None:
    """Each migration, applied to the schema before it, yields exactly its own version."""
    all_migrations = migrations.discover(paths.migrations_dir())
    for upto in range(1, len(all_migrations) + 1):
        folder = tmp_path / f"upto{upto}"
        folder.mkdir()
        for m in all_migrations[:upto]:
            shutil.copy(paths.migrations_dir() / m.name, folder / m.name)
        path, key = tmp_path / f"v{upto}.db", os.urandom(32)
        conn = open_vault_file(path, key, create=True)
        migrations.migrate(conn, path, folder, tmp_path / "safety")
        assert schema_version(conn) == upto
        conn.close()


def _copy_migrations(target: Path) -> None:
    target.mkdir()
    for source in paths.migrations_dir().glob("*.sql"):
        shutil.copy(source, target / source.name)


def test_failed_migration_restores_the_safety_copy(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    _copy_migrations(folder)
    path, key = fresh(tmp_path)
    conn = open_vault_file(path, key, create=True)
    migrations.migrate(conn, path, folder, tmp_path / "safety")
    conn.execute("INSERT INTO meta (key, value) VALUES ('canary', 'still here')")
    head = schema_version(conn)
    conn.close()

    (folder / f"{head + 1:04d}_good_step.sql").write_text(
        "CREATE TABLE added_by_good_step (x INTEGER);\n"
    )
    (folder / f"{head + 2:04d}_broken_step.sql").write_text(
        "CREATE TABLE fine (x);\nTHIS IS NOT SQL;\n"
    )
    conn = open_vault_file(path, key)
    with pytest.raises(MigrationError, match="put back"):
        migrations.migrate(conn, path, folder, tmp_path / "safety")

    conn = open_vault_file(path, key)
    assert schema_version(conn) == head
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "added_by_good_step" not in tables and "fine" not in tables
    assert conn.execute("SELECT value FROM meta WHERE key = 'canary'").fetchone()[0] == "still here"
    conn.close()
    copies = list((tmp_path / "safety").iterdir())
    assert len(copies) == 1 and not copies[0].read_bytes().startswith(b"SQLite format 3")


def test_gap_in_numbering_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    _copy_migrations(folder)
    skipped = migrations.head_version(folder) + 2
    (folder / f"{skipped:04d}_skipped_ahead.sql").write_text("SELECT 1;\n")
    with pytest.raises(MigrationError, match="contiguous"):
        migrations.discover(folder)


def test_triggers_survive_statement_splitting() -> None:
    sql = (
        "-- comment\nCREATE TABLE a (x);\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO a VALUES (1);\n  SELECT 2;\nEND;\n"
    )
    statements = migrations.split_statements(sql)
    assert len(statements) == 2 and statements[1].endswith("END;")


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["CREATE TABLE t{n} (x);", "-- note {n}", "", "INSERT INTO t0 VALUES ({n});"]
        ),
        max_size=8,
    )
)
def test_splitting_keeps_every_statement(lines: list[str]) -> None:
    text = "\n".join(line.format(n=i) for i, line in enumerate(lines))
    expected = [
        line.format(n=i) for i, line in enumerate(lines) if line.startswith(("CREATE", "INSERT"))
    ]
    assert migrations.split_statements(text) == expected


@pytest.mark.parametrize("layout", ["empty", "missing"])
def test_no_migrations_refuses_to_touch_the_vault(tmp_path: Path, layout: str) -> None:
    """An install without its migrations must say so, not open a vault with no tables."""
    folder = tmp_path / "migrations"
    if layout == "empty":
        folder.mkdir()
    path, key = fresh(tmp_path)
    conn = open_vault_file(path, key, create=True)
    before = path.read_bytes()
    with pytest.raises(MigrationError, match=r"no migrations.*Reinstall"):
        migrations.migrate(conn, path, folder, tmp_path / "safety")
    assert schema_version(conn) == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()
    assert path.read_bytes() == before and not (tmp_path / "safety").exists()


def test_gap_refuses_before_touching_a_vault_with_data(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    _copy_migrations(folder)
    path, key = fresh(tmp_path)
    conn = open_vault_file(path, key, create=True)
    migrations.migrate(conn, path, folder, tmp_path / "safety")
    head = schema_version(conn)
    (folder / f"{head + 2:04d}_after_a_gap.sql").write_text("CREATE TABLE nope (x);\n")
    with pytest.raises(MigrationError, match="contiguous"):
        migrations.migrate(conn, path, folder, tmp_path / "safety")
    assert schema_version(conn) == head
    assert not (tmp_path / "safety").exists()
    conn.close()
