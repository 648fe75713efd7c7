"""Faults a coordinator meets: a busy vault while locking, a full disk while typing, a
read-only folder, a second window, an unexpected error. Each ends in a clear message,
with the window locked when asked and nothing lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QProgressDialog

from marac_desk.errors import DiskFullError, ReadOnlyFolderError
from marac_desk.storage import cases, conference, referrals
from marac_desk.storage.connection import key_pragma
from marac_desk.storage.vault import sign_in
from marac_desk.ui import app as app_module
from marac_desk.ui.app import make_application
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.register import RegisterPage
from marac_desk.ui.signin import SignInPanel
from marac_desk.ui.unsaved import UnsavedEdit, UnsavedEditsDialog
from marac_desk.ui.window_lock import hold_for_window
from tests.conftest import ADMIN, PASSWORD
from tests.fixtures import disks
from tests.ui.test_conference import agenda, window_in_meeting

HOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "hold_vault.py"


@pytest.fixture(autouse=True)
def app():
    return make_application()


def _shown_text(window: MainWindow) -> str:
    parts = [w.text() for w in window.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    return "\n".join(parts)


def _when_dialog(qtbot, kind: type, then) -> list[object]:
    """Call `then(dialog)` once a modal dialog of `kind` is open (it runs its own loop)."""
    seen: list[object] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind):
            seen.append(modal)
            then(modal)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    return seen


def _sign_in_on_panel(qtbot, window: MainWindow) -> None:
    panel = window.stack.currentWidget()
    assert isinstance(panel, SignInPanel)
    panel.password.setText(PASSWORD)
    panel.password.returnPressed.emit()


def test_a_busy_vault_does_not_stop_the_lock_and_the_edit_is_offered_back(qtbot, data_dir) -> None:
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    register = window.workspace.page_titled("Case register")
    register.new_referral()
    qtbot.keyClicks(register.editor.sections["victim"].fields["surname"].editor, "Busylock")
    vault = window.vault
    # Another program holds the vault's write lock (a backup tool, a second connection).
    other = sqlcipher3.connect(str(data_dir / "vault.db"), isolation_level=None)
    other.execute(key_pragma(vault.key))
    other.execute("BEGIN IMMEDIATE")
    window.lock()
    assert window.vault is None and not vault.is_open
    assert isinstance(window.stack.currentWidget(), SignInPanel)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not window.findChildren(RegisterPage)
    assert "Busylock" not in _shown_text(window)  # kept in memory, never on screen
    (kept,) = window._unsaved[ADMIN]
    assert "another program is using the vault" in kept.reason
    other.execute("ROLLBACK")
    other.close()

    seen = _when_dialog(qtbot, UnsavedEditsDialog, lambda d: d.save_button.click())
    _sign_in_on_panel(qtbot, window)
    (dialog,) = seen
    assert "Busylock" in dialog.text.toPlainText() or dialog.edits == []
    check = window.vault
    (case,) = cases.register(check)
    doc, state, _ = referrals.load(check, case.case_id)
    assert doc["victim"]["surname"] == "Busylock" and state == "draft"
    assert not window._unsaved
    window.close()


def test_the_edit_offered_back_goes_only_to_its_own_account(qtbot, data_dir) -> None:
    from marac_desk.domain.roles import Role
    from marac_desk.storage import accounts

    first = sign_in(data_dir, ADMIN, PASSWORD)
    accounts.create_user(
        first,
        username="colleague",
        full_name="A Colleague",
        user_roles=frozenset({Role.COORDINATOR}),
        temporary_password=PASSWORD + "x",
    )
    window = MainWindow(data_dir, first)
    qtbot.addWidget(window)
    window._unsaved[ADMIN] = [UnsavedEdit("A new referral (draft)", "disk full", "x", print)]
    window.lock()
    other = sign_in(data_dir, "colleague", PASSWORD + "x")
    shown = _when_dialog(qtbot, UnsavedEditsDialog, lambda d: d.reject())
    window.show_unlocked(other)
    assert shown == [] and len(window._unsaved[ADMIN]) == 1
    window._unsaved.clear()  # closing would ask about them (tested apart)
    window.close()


def test_a_case_record_that_cannot_be_saved_at_lock_is_kept_and_saved_after(
    qtbot, vault, data_dir
) -> None:
    window, _first = window_in_meeting(qtbot, vault, data_dir)
    view = window.conference_view
    qtbot.keyClicks(view.case.notes, "Said at the table, not yet saved")
    other = sqlcipher3.connect(str(data_dir / "vault.db"), isolation_level=None)
    other.execute(key_pragma(vault.key))
    other.execute("BEGIN IMMEDIATE")
    window.lock()
    assert window.conference_view is None and not vault.is_open
    (kept,) = window._unsaved[ADMIN]
    assert "Said at the table" in kept.text and "another program" in kept.reason
    other.execute("ROLLBACK")
    other.close()
    _when_dialog(qtbot, UnsavedEditsDialog, lambda d: d.save_button.click())
    _sign_in_on_panel(qtbot, window)
    resumed = window.conference_view
    assert resumed is not None
    assert resumed.case.notes.toPlainText() == "Said at the table, not yet saved"
    window.close()


def test_a_full_disk_is_said_under_the_form_and_the_typing_kept(qtbot, template_vault, tmp_path):
    with disks.small_disk(tmp_path / "disk") as disk:
        data_dir = disk / "vault"
        shutil.copytree(template_vault, data_dir)
        window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
        qtbot.addWidget(window)
        window.show()
        register = window.workspace.page_titled("Case register")
        register.new_referral()
        editor = register.editor
        filler = disks.fill(disk)
        qtbot.keyClicks(editor.sections["victim"].fields["surname"].editor, "Fulldisk")
        assert not editor.save_now()
        assert "is full" in editor.error.text() and "unexpected" not in editor.error.text()
        assert editor.sections["victim"].fields["surname"].editor.text() == "Fulldisk"
        window.lock()  # locks all the same, the draft kept in memory
        assert window.vault is None and window._unsaved[ADMIN]
        filler.unlink()
        _when_dialog(qtbot, UnsavedEditsDialog, lambda d: d.save_button.click())
        _sign_in_on_panel(qtbot, window)
        (case,) = cases.register(window.vault)
        assert referrals.load(window.vault, case.case_id)[0]["victim"]["surname"] == "Fulldisk"
        window.close()


def test_a_read_only_folder_is_reported_as_such_not_as_damage(template_vault, tmp_path) -> None:
    with disks.small_disk(tmp_path / "disk") as disk:
        data_dir = disk / "vault"
        shutil.copytree(template_vault, data_dir)
        disks.make_read_only(disk)
        with pytest.raises(ReadOnlyFolderError) as raised:
            sign_in(data_dir, ADMIN, PASSWORD)
        message = str(raised.value)
        assert "read-only" in message and "do not restore a backup" in message


def test_a_second_window_is_told_where_the_vault_is_open_and_may_wait(qtbot, data_dir) -> None:
    holder = subprocess.Popen(
        [sys.executable, str(HOLDER), str(data_dir), ADMIN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "MARAC_DESK_PASSWORD": PASSWORD},
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        asked: list[str] = []
        assert hold_for_window(data_dir, ask=lambda m: asked.append(m) or False) is None
        assert "the marac-desk window (signed in as admin)" in asked[0]

        def release(dialog: QProgressDialog) -> None:
            holder.stdin.write("close\n")
            holder.stdin.flush()
            QTimer.singleShot(60_000, dialog.cancel)  # a bound, never reached when it works

        _when_dialog(qtbot, QProgressDialog, release)
        lock = hold_for_window(data_dir, ask=lambda _m: True)
        assert lock is not None
        lock.release()
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.communicate(timeout=30)


def test_the_window_never_offers_set_up_beside_part_of_a_vault(qtbot, data_dir, monkeypatch):
    (data_dir / "vault.db").unlink()
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_error", lambda _p, _t, message: shown.append(message))
    from marac_desk.ui.wizard import SetupWizard

    monkeypatch.setattr(SetupWizard, "exec", lambda _self: pytest.fail("the set-up was offered"))
    assert app_module.open_window(data_dir) is None
    assert "vault.db is missing" in shown[0]


def test_crash_dialog_is_honest_and_debug_prints_the_traceback(monkeypatch, capsys) -> None:
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    app_module.install_crash_handler()
    detail = "secret-" + "case-detail"  # not in the source line a traceback quotes
    try:
        raise RuntimeError(detail)
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    err = capsys.readouterr().err
    assert "RuntimeError" in err and detail not in err
    assert "may not have been saved" in said[-1] and "is safe" not in said[-1]
    monkeypatch.setenv("MARAC_DESK_DEBUG", "1")
    try:
        raise RuntimeError(detail)
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert detail in capsys.readouterr().err
    full = sqlcipher3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # as SQLite sets it
    sys.excepthook(type(full), full, None)
    assert "is full" in said[-1] and "unexpected" not in said[-1]
    sys.excepthook = sys.__excepthook__


def test_disk_full_error_type_is_what_the_vault_raises(template_vault, tmp_path) -> None:
    """Below the window: the vault's own transaction turns SQLite's 'full' into DiskFullError
    and leaves nothing half-written."""
    with disks.small_disk(tmp_path / "disk") as disk:
        data_dir = disk / "vault"
        shutil.copytree(template_vault, data_dir)
        vault = sign_in(data_dir, ADMIN, PASSWORD)
        try:
            before = len(cases.register(vault))
            filler = disks.fill(disk)
            with pytest.raises(DiskFullError):
                referrals.save_draft(vault, {"victim": {"surname": "X" * 200_000}})
            assert len(cases.register(vault)) == before
            filler.unlink()
            referrals.save_draft(vault, {"victim": {"surname": "Afterwards"}})
            assert len(cases.register(vault)) == before + 1
        finally:
            vault.close(action=None)


def test_quitting_with_unsaved_edits_asks_and_staying_keeps_them_locked(
    qtbot, data_dir, monkeypatch
) -> None:
    from PySide6.QtGui import QCloseEvent

    asked: list[bool] = []
    monkeypatch.setattr(MainWindow, "_quit_losing_edits", lambda _self: asked.append(True) or False)
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window._unsaved[ADMIN] = [UnsavedEdit("A new referral (draft)", "disk full", "x", print)]
    event = QCloseEvent()
    window.closeEvent(event)
    assert asked and not event.isAccepted()
    assert window.vault is None and isinstance(window.stack.currentWidget(), SignInPanel)
    assert window._unsaved[ADMIN]
    window._unsaved.clear()


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_record_saved_elsewhere_meanwhile_is_shown_beside_mine(
    qtbot, vault, data_dir, keep: str
) -> None:
    from marac_desk.domain.conference import CaseRecord
    from marac_desk.ui.conference.conflict import ConflictDialog
    from tests.ui.test_conference import open_view

    meeting, (first, *_) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    view = open_view(qtbot, vault, meeting)
    view.open_case(first)
    other = sign_in(data_dir, ADMIN, PASSWORD)
    conference.save_record(other, meeting, first, CaseRecord(notes="Typed on the other laptop"))
    other.close(action=None)
    qtbot.keyClicks(view.case.notes, "Typed here")

    def choose(dialog: ConflictDialog) -> None:
        assert "Typed on the other laptop" in dialog.theirs_text.toPlainText()
        assert "Typed here" in dialog.mine_text.toPlainText()
        (dialog.mine_button if keep == "mine" else dialog.theirs_button).click()

    seen = _when_dialog(qtbot, ConflictDialog, choose)
    assert view.case.flush()
    assert seen
    saved = conference.record(vault.conn, meeting, first)
    expected = "Typed here" if keep == "mine" else "Typed on the other laptop"
    assert saved is not None and saved.notes == expected
    assert view.case.notes.toPlainText() == expected and not view.case.dirty


def test_a_full_database_is_said_at_once_even_without_a_small_disk(qtbot, data_dir) -> None:
    """Where no small file system can be mounted: SQLite's own page limit gives the very
    error a full disk does (SQLITE_FULL), through the same paths."""
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    vault = window.vault
    pages = vault.conn.execute("PRAGMA page_count").fetchone()[0]
    vault.conn.execute(f"PRAGMA max_page_count = {pages}")
    register = window.workspace.page_titled("Case register")
    register.new_referral()
    editor = register.editor
    editor.sections["victim"].fields["surname"].editor.setText("Pagelimit")
    editor.sections["referral"].set_value({"reason": "R" * 60_000})  # needs new pages
    assert not editor.save_now()
    assert "is full" in editor.error.text()
    assert cases.register(vault) == []
    window.lock()
    assert window.vault is None and window._unsaved[ADMIN]
    _when_dialog(qtbot, UnsavedEditsDialog, lambda d: d.save_button.click())
    _sign_in_on_panel(qtbot, window)  # a new connection: no page limit
    (case,) = cases.register(window.vault)
    assert referrals.load(window.vault, case.case_id)[0]["victim"]["surname"] == "Pagelimit"
    window.close()
