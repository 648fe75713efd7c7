"""The OS keychain cache, with and without a usable keychain."""

from __future__ import annotations

import keyring
import pytest

from marac_desk.security import keycache
from marac_desk.storage.vault import open_remembered, sign_in
from marac_desk.storage.vault_paths import VaultPaths
from tests.conftest import ADMIN, PASSWORD, FailingKeyring


def test_remembered_key_opens_the_vault_without_a_password(data_dir) -> None:
    vault = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    assert vault.remembered
    vault.close()
    again = open_remembered(data_dir)
    assert again is not None and again.user.username == ADMIN
    again.close()


def test_without_a_keychain_nothing_is_remembered(data_dir) -> None:
    keyring.set_keyring(FailingKeyring())
    assert not keycache.available()
    vault = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    assert not vault.remembered
    assert not VaultPaths(data_dir).remembered_note.exists()
    vault.close()
    assert open_remembered(data_dir) is None


def test_a_stale_cached_key_is_forgotten(data_dir, memory_keyring) -> None:
    vault = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    vault_id = vault.vault_id
    vault.close()
    keycache.remember(vault_id, ADMIN, b"\x01" * 32)
    assert open_remembered(data_dir) is None
    assert keycache.recall(vault_id) is None


def test_start_up_asks_the_keychain_only_once_a_key_was_remembered(
    data_dir, memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_keychain_please() -> None:
        raise AssertionError("the keychain was asked")

    with monkeypatch.context() as patched:
        patched.setattr(keycache, "_keyring", no_keychain_please)
        assert open_remembered(data_dir) is None
    note = VaultPaths(data_dir).remembered_note
    vault = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    assert note.is_file() and note.read_bytes() == b""
    vault.close()
    again = open_remembered(data_dir)
    assert again is not None
    again.forget_key()
    assert not note.exists() and memory_keyring.store == {}
    again.close()
    assert open_remembered(data_dir) is None


def test_a_key_taken_out_of_the_keychain_elsewhere_means_the_password(
    data_dir, memory_keyring
) -> None:
    sign_in(data_dir, ADMIN, PASSWORD, remember=True).close()
    memory_keyring.store.clear()
    assert open_remembered(data_dir) is None


def test_an_administrator_can_forbid_remembering(data_dir, memory_keyring) -> None:
    from marac_desk.domain import settings as defs
    from marac_desk.storage import settings

    vault = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    vault_id = vault.vault_id
    assert vault.remembered and keycache.recall(vault_id) is not None
    settings.change(vault, defs.ALLOW_REMEMBER, False)
    # This computer lets go of the key at once.
    assert keycache.recall(vault_id) is None and not vault.remembered
    vault.close()
    again = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    assert not again.remembered and keycache.recall(vault_id) is None
    again.close()


def test_a_computer_that_remembered_before_it_was_forbidden_forgets_at_start(
    data_dir, memory_keyring
) -> None:
    from marac_desk.domain import settings as defs
    from marac_desk.storage import settings

    vault = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    vault_id, key = vault.vault_id, vault.key
    settings.change(vault, defs.ALLOW_REMEMBER, False)
    vault.close()
    # Another computer's keychain, still holding the key from before.
    keycache.remember(vault_id, ADMIN, key)
    VaultPaths(data_dir).remembered_note.touch()
    assert open_remembered(data_dir) is None
    assert keycache.recall(vault_id) is None
