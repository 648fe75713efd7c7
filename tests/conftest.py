"""Shared fixtures: fast key slots, an in-memory keychain, and a migrated template vault."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from marac_desk.security import kdf
from marac_desk.storage import meetings, training_meeting
from marac_desk.storage.training import make_training_vault
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault, sign_in
from marac_desk.storage.vault_setup import create_vault

PASSWORD = "correct horse battery"
ADMIN = "admin"

# In-process tests make key slots at the cheapest cost scrypt is allowed, for speed; the
# real floor is tested on its own (tests/security/test_kdf_floor.py), and the command-line
# tests, in their own processes, run with it.
REAL_WRITE_FLOOR = kdf.WRITE_FLOOR
kdf.WRITE_FLOOR = kdf.MIN_N


class MemoryKeyring(KeyringBackend):
    """A keychain that lives only in this process: tests never touch a real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class FailingKeyring(KeyringBackend):
    """What headless Linux often has: a backend that raises on every call."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("no keychain")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("no keychain")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("no keychain")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_real_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing in the suite may reach the real user data folder or config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("MARAC_DESK_DATA_DIR", raising=False)
    monkeypatch.delenv("MARAC_DESK_PASSWORD", raising=False)


@pytest.fixture(autouse=True)
def _windows_die_with_their_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every window a test made is destroyed when the test ends, by Qt, at a quiet moment.

    pytest-qt closes the widgets a test registers and calls deleteLater, but outside an
    event loop Qt never runs those deletions, and windows whose wrappers sit in reference
    cycles are otherwise freed by Python's garbage collector whenever it next runs: in a
    later test, in the middle of building another window or delivering an event, which
    crashes PySide at random. So, in tests that use Qt, the collector waits while the test
    runs; afterwards every window left without a parent is deleted by Qt and the cycles
    are collected, before the next test starts.
    """
    uses_qt = bool({"qtbot", "qapp"} & set(request.fixturenames))
    if uses_qt:
        gc.disable()
    try:
        yield
    finally:
        _delete_leftover_windows()
        if uses_qt:
            gc.enable()


def _delete_leftover_windows() -> None:
    if "PySide6.QtWidgets" not in sys.modules:
        return  # this process has not touched Qt
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        if widget.parent() is None:
            widget.deleteLater()
    # Deferred deletions posted outside an event loop run only when asked for.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(scope="session")
def template_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated vault made once per session; tests get their own copy."""
    folder = tmp_path_factory.mktemp("template") / "vault"
    vault, recovery = create_vault(
        folder,
        marac_name="Testshire MARAC",
        username=ADMIN,
        full_name="Ada Admin",
        password=PASSWORD,
        kdf_n=kdf.MIN_N,
    )
    vault.close(action=None)
    (folder.parent / "recovery.txt").write_text(recovery)
    return folder


@pytest.fixture
def data_dir(template_vault: Path, tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(template_vault, target)
    return target


@pytest.fixture
def recovery_text(template_vault: Path) -> str:
    return (template_vault.parent / "recovery.txt").read_text()


@pytest.fixture
def vault(data_dir: Path) -> Iterator[Vault]:
    opened = sign_in(data_dir, ADMIN, PASSWORD)
    yield opened
    opened.close(action=None)


@pytest.fixture(scope="session")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A training vault of 600 cases over three years, about fifty heard a quarter: enough
    for a data return with small and large counts. Made once; copy it before changing it."""
    folder = tmp_path_factory.mktemp("register") / "vault"
    make_training_vault(folder, 600).close(action=None)
    return folder


@pytest.fixture(scope="session")
def held_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A training vault whose planned meeting was held and closed, made once."""
    folder = tmp_path_factory.mktemp("held") / "vault"
    vault = make_training_vault(folder, 60)
    training_meeting.hold(vault, planned_id(vault))
    vault.close(action=None)
    return folder


def planned_id(vault: Vault) -> int:
    return max(m.meeting_id for m in meetings.listed(vault))


@pytest.fixture
def held(held_template: Path, tmp_path: Path) -> Iterator[tuple[Vault, int]]:
    """A copy of the held training meeting's vault, signed in, and the meeting's id."""
    target = tmp_path / "vault"
    shutil.copytree(held_template, target)
    vault = sign_in(target, TRAINING_USER, TRAINING_PASSWORD)
    yield vault, planned_id(vault)
    vault.close(action=None)
