"""The audit log cannot be rewritten quietly: ten ways of tampering, each done as an insider
would, with the vault key and the raw sqlcipher3 API while marac-desk is closed, and each
reported by verify (and, from the head kept beside the vault, at the next sign-in)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3

from marac_desk.domain.audit_chain import GENESIS, entry_hash
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit, backup, integrity
from marac_desk.storage.audit import HEAD_HASH, HEAD_SEQ
from marac_desk.storage.connection import key_pragma
from marac_desk.storage.keyrotation import rotate_key
from marac_desk.storage.vault import sign_in
from tests.conftest import ADMIN, PASSWORD

Tamper = Callable[[sqlcipher3.Connection], None]


def _raw(data_dir: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(data_dir / "vault.db"), isolation_level=None)
    conn.execute(key_pragma(key))
    return conn


def _work(data_dir: Path, entries: int = 4) -> bytes:
    """Sign in, make some audited changes, sign out; returns the vault key."""
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        for i in range(entries):
            with vault.transaction():
                vault.audit("setting_changed", {"i": i, "case_id": 3})
        key = vault.key
    finally:
        vault.close(action="sign_out")
    return key


def _set_head(conn: sqlcipher3.Connection) -> None:
    """Move meta's head to the log's last row, as a careful tamperer would."""
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, digest = row if row else (0, GENESIS)
    for name, value in ((HEAD_SEQ, str(seq)), (HEAD_HASH, digest)):
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, name))


def _last(conn: sqlcipher3.Connection) -> int:
    return int(conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


def edit(conn: sqlcipher3.Connection) -> None:
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", (_last(conn) - 2,))


def delete(conn: sqlcipher3.Connection) -> None:
    conn.execute("DELETE FROM audit_log WHERE seq = ?", (_last(conn) - 2,))


def reorder(conn: sqlcipher3.Connection) -> None:
    last = _last(conn)
    conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = ?", (last - 2,))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (last - 2, last - 1))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = -1", (last - 1,))


def cut_tail(conn: sqlcipher3.Connection) -> None:
    conn.execute("DELETE FROM audit_log WHERE seq >= ?", (_last(conn) - 1,))


def cut_tail_and_move_head(conn: sqlcipher3.Connection) -> None:
    cut_tail(conn)
    _set_head(conn)


def wipe_all_with_head(conn: sqlcipher3.Connection) -> None:
    conn.execute("DELETE FROM audit_log")
    conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (HEAD_SEQ, HEAD_HASH))


def recompute_chain(conn: sqlcipher3.Connection) -> None:
    """Change an entry, then recompute every hash after it and the head: a whole chain."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, detail FROM audit_log ORDER BY seq"
    ).fetchall()
    prev = GENESIS
    target = rows[-3][0]
    for seq, at, actor, action, detail in rows:
        actor = "mallory" if seq == target else actor
        digest = entry_hash(prev, seq, at, actor, action, json.loads(detail))
        conn.execute(
            "UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (actor, prev, digest, seq),
        )
        prev = digest
    _set_head(conn)


def change_case_id_only(conn: sqlcipher3.Connection) -> None:
    conn.execute("UPDATE audit_log SET case_id = 99 WHERE seq = ?", (_last(conn) - 2,))


TAMPERS: dict[str, Tamper] = {
    "edit": edit,
    "delete": delete,
    "reorder": reorder,
    "cut tail": cut_tail,
    "cut tail and move head": cut_tail_and_move_head,
    "wipe all with head": wipe_all_with_head,
    "recompute chain": recompute_chain,
    "change case_id only": change_case_id_only,
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_each_tampering_is_reported_by_verify(data_dir: Path, name: str) -> None:
    key = _work(data_dir)
    conn = _raw(data_dir, key)
    conn.execute("BEGIN")
    TAMPERS[name](conn)
    conn.execute("COMMIT")
    conn.close()
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        report = integrity.verify(vault)
        assert not report.ok and report.audit_chain, name
    finally:
        vault.close(action=None)


def test_a_vault_put_back_from_an_older_copy_is_reported(data_dir: Path, tmp_path: Path) -> None:
    _work(data_dir, entries=1)
    older = tmp_path / "older"
    older.mkdir()
    for name in ("vault.db", "vault.db-wal"):
        if (data_dir / name).exists():
            shutil.copy2(data_dir / name, older / name)
    _work(data_dir, entries=3)
    for name in ("vault.db", "vault.db-wal", "vault.db-shm"):
        (data_dir / name).unlink(missing_ok=True)
        if (older / name).exists():
            shutil.copy2(older / name, data_dir / name)
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        assert any("older copy" in w for w in vault.audit_warnings)
        assert not integrity.verify(vault).ok
    finally:
        vault.close(action=None)


def test_deleting_the_wal_after_a_crash_is_reported(data_dir: Path) -> None:
    """A process killed mid-session leaves its last commits in the WAL only; deleting it
    rolls the vault back, which the head beside it shows."""
    script = (
        "import os, sys\n"
        "from marac_desk.storage.vault import sign_in\n"
        "vault = sign_in(sys.argv[1], sys.argv[2], os.environ['MARAC_DESK_PASSWORD'])\n"
        "vault.conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "for i in range(3):\n"
        "    with vault.transaction():\n"
        "        vault.audit('setting_changed', {'i': i})\n"
        "os._exit(9)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir), ADMIN],
        env={**os.environ, "MARAC_DESK_PASSWORD": PASSWORD},
        timeout=120,
        check=False,
    )
    assert done.returncode == 9 and (data_dir / "vault.db-wal").stat().st_size > 0
    (data_dir / "vault.db-wal").unlink()
    (data_dir / "vault.db-shm").unlink(missing_ok=True)
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        assert vault.audit_warnings
        assert not integrity.verify(vault).ok
    finally:
        vault.close(action=None)


def test_an_untouched_vault_verifies_through_rotation_restore_and_sign_ins(
    data_dir: Path, tmp_path: Path
) -> None:
    _work(data_dir)
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        rotate_key(vault)
        made = backup.create_backup(vault, tmp_path)
        assert integrity.verify(vault).ok
    finally:
        vault.close(action="sign_out")
    _work(data_dir, entries=2)
    backup.restore_backup(data_dir, made.path, username=ADMIN, password=PASSWORD, asker=_Yes())
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        assert vault.audit_warnings == [] and integrity.verify(vault).ok
    finally:
        vault.close(action=None)


class _Yes:
    def confirm(self, title: str, message: str) -> bool:
        return True

    def progress(self, message: str, fraction: float | None = None) -> None:
        pass


def test_the_head_is_not_moved_on_past_what_was_found(data_dir: Path) -> None:
    """Signing in and working on after tampering does not heal the report."""
    key = _work(data_dir)
    conn = _raw(data_dir, key)
    cut_tail_and_move_head(conn)
    conn.close()
    for _ in range(2):
        _work(data_dir, entries=2)
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        assert vault.audit_warnings and not integrity.verify(vault).ok
        logged = [e for e in audit.entries(vault.conn) if e.action == "audit_head_mismatch"]
        assert len(logged) == 3
    finally:
        vault.close(action=None)


@pytest.mark.parametrize("how", ["removed", "edited", "garbage"])
def test_a_key_slot_file_with_its_head_removed_or_edited_is_reported(
    data_dir: Path, how: str
) -> None:
    _work(data_dir)
    path = data_dir / "keyslots.json"
    data = json.loads(path.read_text())
    if how == "removed":
        del data["audit_head"]
    elif how == "edited":
        data["audit_head"]["seq"] -= 1
    else:
        data["audit_head"] = "nothing"
    path.write_text(json.dumps(data))
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        assert vault.audit_warnings and not integrity.verify(vault).ok
    finally:
        vault.close(action=None)


def test_a_backup_whose_database_was_swapped_is_refused(data_dir: Path, tmp_path: Path) -> None:
    """The manifest's checksums can be recomputed; the head's HMAC cannot without the key,
    and a copy of the vault taken earlier does not reach the head the backup recorded."""
    import zipfile

    _work(data_dir, entries=1)
    older = tmp_path / "older.db"
    shutil.copy2(data_dir / "vault.db", older)
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        made = backup.create_backup(vault, tmp_path)
        key = vault.key
    finally:
        vault.close(action=None)
    doctored = tmp_path / "doctored.mdbackup"
    with zipfile.ZipFile(made.path) as source, zipfile.ZipFile(doctored, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        old_bytes = older.read_bytes()
        import hashlib

        manifest["sha256"]["vault.db"] = hashlib.sha256(old_bytes).hexdigest()
        target.writestr("manifest.json", json.dumps(manifest))
        target.writestr("vault.db", old_bytes)
        target.writestr("keyslots.json", source.read("keyslots.json"))
    problems = backup.verify_backup_file(doctored, [key])
    # Refused by the manifest's tag; were it re-tagged, the head would refuse it still.
    assert any("changed after it was made" in p for p in problems)
    assert KeySlots.load(data_dir / "keyslots.json").audit_anchor is not None


@pytest.mark.parametrize("keep_head", [True, False])
def test_a_log_restarted_from_nothing_is_reported_without_the_head_too(
    data_dir: Path, keep_head: bool
) -> None:
    """Even a vault from before the head was kept: its log must begin with its creation."""
    key = _work(data_dir)
    conn = _raw(data_dir, key)
    conn.execute("BEGIN")
    conn.execute("DELETE FROM audit_log")
    conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (HEAD_SEQ, HEAD_HASH))
    if not keep_head:
        # A fresh, consistent chain of one entry that is not the vault's creation.
        digest = entry_hash(GENESIS, 1, "2026-01-01T00:00:00Z", ADMIN, "sign_in", {})
        conn.execute(
            "INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash) "
            "VALUES (1, '2026-01-01T00:00:00Z', ?, 'sign_in', '{}', ?, ?)",
            (ADMIN, GENESIS, digest),
        )
        _set_head(conn)
    conn.execute("COMMIT")
    conn.close()
    check = _raw(data_dir, key)
    try:
        assert audit.verify(check) != []
    finally:
        check.close()
