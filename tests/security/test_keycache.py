"""The OS keychain cache, with and without a usable keychain."""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from marac_desk.security import keycache
from marac_desk.storage.vault import open_remembered, sign_in
from tests.conftest import ADMIN, PASSWORD


class FailingKeyring(KeyringBackend):
    """What headless Linux often has: a backend that raises on every call."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("no keychain")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("no keychain")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("no keychain")


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
    vault.close()
    assert open_remembered(data_dir) is None


def test_a_stale_cached_key_is_forgotten(data_dir, memory_keyring) -> None:
    vault = sign_in(data_dir, ADMIN, PASSWORD, remember=True)
    vault_id = vault.vault_id
    vault.close()
    keycache.remember(vault_id, ADMIN, b"\x01" * 32)
    assert open_remembered(data_dir) is None
    assert keycache.recall(vault_id) is None
