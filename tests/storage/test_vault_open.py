"""Opening a vault fails closed: wrong key, plaintext, missing, damaged, too new."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from marac_desk.errors import (
    NotAVaultError,
    RateLimitedError,
    VaultExistsError,
    VaultNotFoundError,
    VaultTooNewError,
    WrongCredentialsError,
)
from marac_desk.security import kdf
from marac_desk.storage import audit
from marac_desk.storage.connection import key_pragma, open_vault_file
from marac_desk.storage.vault import sign_in
from marac_desk.storage.vault_recovery import recover
from marac_desk.storage.vault_setup import create_vault
from tests.conftest import ADMIN, PASSWORD


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and p.name != "keyslots.json"
    }


def test_sign_in_and_lock_are_audited(data_dir: Path) -> None:
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    vault.close("lock")
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    actions = [e.action for e in audit.entries(vault.conn)]
    vault.close(action=None)
    assert actions[-3:] == ["sign_in", "lock", "sign_in"]


def test_failed_sign_in_is_audited_at_the_next_sign_in(data_dir: Path) -> None:
    with pytest.raises(WrongCredentialsError):
        sign_in(data_dir, ADMIN, "wrong password!")
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    entries = audit.entries(vault.conn)
    vault.close(action=None)
    assert [(e.actor, e.action) for e in entries[-2:]] == [
        (ADMIN, "sign_in_failed"),
        (ADMIN, "sign_in"),
    ]


def test_sign_in_is_rate_limited(data_dir: Path) -> None:
    for _ in range(4):
        with pytest.raises(WrongCredentialsError):
            sign_in(data_dir, ADMIN, "wrong password!")
    with pytest.raises(RateLimitedError):
        sign_in(data_dir, ADMIN, PASSWORD)


def test_wrong_password_changes_nothing_in_the_vault(data_dir: Path) -> None:
    before = _snapshot(data_dir)
    with pytest.raises(WrongCredentialsError):
        sign_in(data_dir, ADMIN, "wrong password!")
    assert _snapshot(data_dir) == before


def test_missing_vault_is_reported_and_not_created(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError, match="set-up"):
        sign_in(tmp_path / "nowhere", ADMIN, PASSWORD)
    assert not (tmp_path / "nowhere").exists()
    with pytest.raises(VaultNotFoundError):
        open_vault_file(tmp_path / "missing.db", os.urandom(32))
    assert not (tmp_path / "missing.db").exists()


def test_plaintext_sqlite_file_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(NotAVaultError, match="unencrypted"):
        open_vault_file(plain, os.urandom(32))


@pytest.mark.parametrize("content", [b"", b"hello, not a vault" * 100, os.urandom(8192)])
def test_non_vault_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(content)
    with pytest.raises(NotAVaultError):
        open_vault_file(path, os.urandom(32))
    assert path.read_bytes() == content


def test_wrong_key_is_refused(data_dir: Path) -> None:
    with pytest.raises(NotAVaultError):
        open_vault_file(data_dir / "vault.db", os.urandom(32))


def test_key_of_wrong_length_is_never_used_as_a_passphrase() -> None:
    with pytest.raises(ValueError):
        key_pragma(b"short")


def test_corrupted_vault_is_refused_with_advice(data_dir: Path) -> None:
    path = data_dir / "vault.db"
    data = bytearray(path.read_bytes())
    data[100:200] = os.urandom(100)
    path.write_bytes(bytes(data))
    with pytest.raises(NotAVaultError, match="backup"):
        sign_in(data_dir, ADMIN, PASSWORD)


def test_vault_from_a_newer_version_is_refused(data_dir: Path) -> None:
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    vault.conn.execute("PRAGMA user_version = 999")
    vault.close(action=None)
    with pytest.raises(VaultTooNewError, match="newer version"):
        sign_in(data_dir, ADMIN, PASSWORD)


def test_key_slots_from_another_vault_are_refused(data_dir: Path, tmp_path: Path) -> None:
    other, _ = create_vault(
        tmp_path / "other",
        marac_name="Other",
        username=ADMIN,
        full_name="A",
        password=PASSWORD,
        kdf_n=kdf.MIN_N,
    )
    other.close(action=None)
    (data_dir / "keyslots.json").write_bytes((tmp_path / "other" / "keyslots.json").read_bytes())
    with pytest.raises(NotAVaultError):
        sign_in(data_dir, ADMIN, PASSWORD)


def test_set_up_refuses_to_overwrite_a_vault(data_dir: Path) -> None:
    with pytest.raises(VaultExistsError):
        create_vault(
            data_dir,
            marac_name="X",
            username="bob",
            full_name="Bob",
            password=PASSWORD,
            kdf_n=kdf.MIN_N,
        )


def test_recovery_key_gives_an_administrator_a_new_password(
    data_dir: Path, recovery_text: str
) -> None:
    vault = recover(data_dir, recovery_text, ADMIN, "a brand new password")
    vault.close()
    with pytest.raises(WrongCredentialsError):
        sign_in(data_dir, ADMIN, PASSWORD)
    vault = sign_in(data_dir, ADMIN, "a brand new password")
    actions = [e.action for e in audit.entries(vault.conn)]
    vault.close(action=None)
    assert "recovery_used" in actions


def test_wrong_recovery_key_changes_nothing(data_dir: Path, recovery_text: str) -> None:
    wrong = recovery_text[:-4] + ("AAAA" if not recovery_text.endswith("AAAA") else "BBBB")
    with pytest.raises(WrongCredentialsError, match="recovery key"):
        recover(data_dir, wrong, ADMIN, "a brand new password")
    sign_in(data_dir, ADMIN, PASSWORD).close()


def test_temp_store_is_memory_and_journal_is_wal(vault) -> None:
    assert vault.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert vault.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert vault.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
