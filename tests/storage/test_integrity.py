"""Verify finds damaged pages and structure while it hashes the audit chain alongside."""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desk.errors import MaracDeskError
from marac_desk.storage import integrity, referrals
from marac_desk.storage.connection import Connection, open_vault_file
from marac_desk.storage.vault import Vault


def _fill(vault: Vault) -> None:
    for number in range(30):
        referrals.save_draft(vault, {"victim": {"surname": f"Person{number}"}})
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_an_untouched_vault_verifies(vault: Vault) -> None:
    _fill(vault)
    report = integrity.verify(vault)
    assert report.ok, report.lines()


def test_a_damaged_page_on_disk_is_reported_with_the_chain_checked_too(vault: Vault) -> None:
    _fill(vault)
    path = vault.paths.vault
    pages = path.stat().st_size // 4096
    assert pages > 6
    with path.open("r+b") as handle:
        handle.seek(4096 * (pages - 2) + 200)  # inside a page's encrypted body
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    report = integrity.verify(vault)
    assert report.cipher != [], report.lines()
    assert report.audit_chain == []  # read on the open connection, whose pages are cached
    assert not report.ok


def test_a_check_connection_that_cannot_open_says_so(vault: Vault) -> None:
    def fails() -> Connection:
        raise MaracDeskError("The copy could not be opened.")

    report = integrity.check_connection(vault.conn, second=fails)
    assert report.cipher == ["The copy could not be opened."]
    assert report.audit_chain == []


@pytest.mark.parametrize("overlapped", [False, True])
def test_both_ways_of_checking_find_the_same(vault: Vault, overlapped: bool) -> None:
    _fill(vault)
    vault.conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    path: Path = vault.paths.vault
    key = vault.key

    def another() -> Connection:
        return open_vault_file(path, key)

    second = another if overlapped else None
    report = integrity.check_connection(vault.conn, second=second)
    assert report.cipher == [] and report.structure == []
    action = vault.conn.execute("SELECT action FROM audit_log WHERE seq = 2").fetchone()[0]
    assert report.audit_chain == [f"Entry 2 ({action}) was changed after it was written."]
