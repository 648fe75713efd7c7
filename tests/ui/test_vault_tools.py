"""Vault tools from the window: back up, then restore, as an administrator clicks through."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from marac_desk.storage import audit
from marac_desk.storage.vault import sign_in
from marac_desk.ui.app import make_application
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.vault_tools import VaultToolsPage
from marac_desk.ui.signin import SignInPanel
from tests.conftest import ADMIN, PASSWORD


@pytest.fixture(autouse=True)
def app():
    return make_application()


def test_backup_and_restore_from_the_window(qtbot, data_dir, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "backup.mdbackup"
    questions: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    shown_behind: list[bool] = []

    def told(*a, **k):
        # "Restored": the vault it replaced must not be on screen behind the message.
        shown_behind.append(window.stack.isVisible())
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", told)

    def answer(parent, title, text, *rest):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)

    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    tools = next(p for p in window.workspace.page_list if isinstance(p, VaultToolsPage))
    tools._on_backup_clicked()
    assert target.is_file() and "verified" in tools.output.toPlainText()

    tools._on_restore_clicked()
    assert questions and "Backup:" in questions[0] and "Current vault" in questions[0]
    assert shown_behind[-1] is False
    assert window.vault is None
    assert isinstance(window.stack.currentWidget(), SignInPanel)
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    actions = [e.action for e in audit.entries(vault.conn)]
    vault.close()
    assert "vault_restored" in actions and "backup_created" in actions
    window.close()


def test_restore_cancelled_keeps_the_vault_open(
    qtbot, data_dir, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "backup.mdbackup"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    tools = next(p for p in window.workspace.page_list if isinstance(p, VaultToolsPage))
    tools._on_backup_clicked()
    tools._on_restore_clicked()
    assert window.vault is not None and window.vault.is_open
    window.close()
