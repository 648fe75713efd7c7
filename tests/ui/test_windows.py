"""The windows as a person uses them: set-up, sign-in, lock, idle lock, training."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.dates import parse_date
from marac_desk.security import recovery_key
from marac_desk.storage import audit, cases
from marac_desk.storage.vault import sign_in
from marac_desk.storage.vault_paths import VaultPaths
from marac_desk.ui.app import make_application, open_window
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.register import RegisterPage
from marac_desk.ui.pages.settings_page import SettingsPage
from marac_desk.ui.signin import SignInPanel
from marac_desk.ui.wizard import SetupWizard
from tests.conftest import ADMIN, PASSWORD, FailingKeyring


@pytest.fixture(autouse=True)
def app():
    return make_application()


def all_text(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel))


def fill_wizard(qtbot, wizard: SetupWizard) -> None:
    wizard.next()
    page = wizard.account
    qtbot.keyClicks(page.marac_name, "Testshire MARAC")
    qtbot.keyClicks(page.full_name, "Ada Admin")
    qtbot.keyClicks(page.username, "ada")
    qtbot.keyClicks(page.password, "short")
    assert not page.isComplete()
    assert "at least" in page.problems.text()
    page.password.clear()
    qtbot.keyClicks(page.password, PASSWORD)
    qtbot.keyClicks(page.confirm, PASSWORD + "x")
    assert "different" in page.problems.text()
    page.confirm.clear()
    qtbot.keyClicks(page.confirm, PASSWORD)
    assert page.isComplete() and page.problems.text() == ""
    wizard.next()
    wizard.next()


def test_wizard_creates_the_vault_only_after_the_key_is_typed_back(qtbot, tmp_path: Path) -> None:
    data_dir = tmp_path / "vault"
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_wizard(qtbot, wizard)
    confirm = wizard.confirm_page
    assert wizard.currentPage() is confirm
    groups = recovery_key.groups(wizard.key_page.formatted)
    qtbot.keyClicks(confirm.first_edit, "WRONG")
    assert not confirm.isComplete()
    assert not VaultPaths(data_dir).exists()
    confirm.first_edit.clear()
    qtbot.keyClicks(confirm.first_edit, groups[confirm.first - 1].lower())
    qtbot.keyClicks(confirm.second_edit, groups[confirm.second - 1])
    assert confirm.isComplete()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.vault is not None and VaultPaths(data_dir).exists()
    wizard.vault.close()
    sign_in(data_dir, "ada", PASSWORD).close()


def test_cancelled_wizard_leaves_nothing(qtbot, tmp_path: Path) -> None:
    data_dir = tmp_path / "vault"
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_wizard(qtbot, wizard)
    wizard.reject()
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_sign_in_panel_reports_a_wrong_password_and_opens_with_the_right_one(
    qtbot, data_dir
) -> None:
    panel = SignInPanel(data_dir)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.username, ADMIN)
    qtbot.keyClicks(panel.password, "wrong password")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert "not right" in panel.error.text()
    assert panel.password.text() == ""
    qtbot.keyClicks(panel.password, PASSWORD)
    with qtbot.waitSignal(panel.signed_in) as signal:
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    signal.args[0].close()


def test_remember_on_this_computer_opens_the_next_start_without_a_password(qtbot, data_dir) -> None:
    panel = SignInPanel(data_dir)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.username, ADMIN)
    qtbot.keyClicks(panel.password, PASSWORD)
    panel.remember.setFocus()
    qtbot.keyClick(panel.remember, Qt.Key.Key_Space)
    assert panel.remember.isChecked() and panel.keyring_note.isHidden()
    with qtbot.waitSignal(panel.signed_in) as signal:
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert signal.args[0].remembered
    signal.args[0].close()
    window = open_window(data_dir)
    assert window is not None
    qtbot.addWidget(window)
    assert window.vault is not None and window.vault.remembered
    window.close()


def test_without_a_keychain_remember_says_so_and_the_password_still_opens(qtbot, data_dir) -> None:
    keyring.set_keyring(FailingKeyring())
    panel = SignInPanel(data_dir)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.remember.isEnabled()  # the keychain is asked only when the box is ticked
    qtbot.keyClicks(panel.username, ADMIN)
    panel.remember.setFocus()
    qtbot.keyClick(panel.remember, Qt.Key.Key_Space)
    assert not panel.remember.isChecked() and not panel.remember.isEnabled()
    assert panel.keyring_note.isVisible() and "no keychain" in panel.keyring_note.text()
    assert panel.password.hasFocus()
    qtbot.keyClicks(panel.password, PASSWORD)
    with qtbot.waitSignal(panel.signed_in) as signal:
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert not signal.args[0].remembered and panel.error.text() == ""
    signal.args[0].close()
    assert not VaultPaths(data_dir).remembered_note.exists()


def test_lock_hides_case_data_and_unlock_needs_the_password(qtbot, data_dir) -> None:
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    assert window.workspace is not None
    register = window.workspace.page_titled("Case register")
    assert isinstance(register, RegisterPage)
    vault = window.vault
    assert register.model.rowCount() == 0  # the template vault has no cases yet
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    assert window.vault is None and not vault.is_open
    assert window.workspace is None
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(RegisterPage) == []
    panel = window.stack.currentWidget()
    assert isinstance(panel, SignInPanel) and panel.username.text() == ADMIN
    qtbot.keyClicks(panel.password, PASSWORD)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert window.vault is not None and window.workspace is not None
    actions = [e.action for e in audit.entries(window.vault.conn)]
    assert actions[-3:] == ["sign_in", "lock", "sign_in"]
    window.close()


def test_idle_timeout_locks_the_window(qtbot, data_dir) -> None:
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    window.idle.set_interval_ms(50)
    with qtbot.waitSignal(window.vault_locked, timeout=3000):
        pass
    assert window.vault is None
    window.close()


def test_input_puts_off_the_idle_lock_only_while_unlocked(qtbot, data_dir) -> None:
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    window.idle.set_interval_ms(3_000)
    qtbot.wait(400)
    waited = window.idle.remaining_ms
    assert waited < 2_900  # a coarse timer may run 5 % late
    qtbot.keyClick(window.workspace.navigation, Qt.Key.Key_Down)
    assert window.idle.remaining_ms > waited
    window.lock_action.trigger()
    assert not window.idle.active
    panel = window.stack.currentWidget()
    qtbot.keyClicks(panel.password, "typing on the lock screen")
    assert not window.idle.active  # nothing to lock: the watcher is not listening
    window.close()


def test_locking_saves_the_edit_in_progress(qtbot, data_dir) -> None:
    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    settings_page = next(p for p in window.workspace.page_list if isinstance(p, SettingsPage))
    window.workspace.go_to(window.workspace.page_list.index(settings_page))
    settings_page.field("marac.name").setText("Renamed MARAC")  # typed, not yet left the field
    window.lock()
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    assert vault.setting("marac.name") == "Renamed MARAC"
    vault.close()
    window.close()


def test_training_mode_uses_a_throwaway_vault_with_a_banner(qtbot, tmp_path: Path) -> None:
    real = tmp_path / "real"
    window = open_window(real, training=True)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    assert "TRAINING" in all_text(window) and "TRAINING" in window.windowTitle()
    assert not real.exists()
    assert window.data_dir != real
    register = window.workspace.page_titled("Case register")
    assert register.model.rowCount() > 10
    window.lock()
    assert "TRAINING" in all_text(window)
    window.close()


def test_register_columns_fit_their_text_as_qt_would_fit_them(qtbot, held) -> None:
    from marac_desk.ui.pages.base import heading_width

    vault, _ = held
    window = MainWindow(vault.paths.data_dir, vault)
    qtbot.addWidget(window)
    window.show()
    window.workspace.go_to_title("Case register")
    table = window.workspace.page_titled("Case register").table
    # The widths measured before any is narrowed to keep the table on screen.
    natural = table._within_width.natural
    last = table.model().columnCount() - 1  # stretched to the edge either way
    for column in range(last):
        if table.isColumnHidden(column):
            continue
        cells = table.sizeHintForColumn(column)  # Qt's own measure of the cells shown
        need = max(cells, heading_width(table, column))
        assert need <= natural[column] <= need + 6, (column, natural[column], cells)
        # Narrowed or not, a heading is never cut.
        assert table.columnWidth(column) >= heading_width(table, column)
    window.close()


def test_register_model_reads_lazily_sorts_and_passes_the_model_tester(
    qtmodeltester, tmp_path: Path
) -> None:
    from marac_desk.storage.training import make_training_vault
    from marac_desk.ui.register_model import LAST_REFERRAL, PAGE, RegisterModel

    vault = make_training_vault(tmp_path / "vault", PAGE * 2 + 30)
    try:
        model = RegisterModel(vault)
        model.show_register()
        assert model.rowCount() == PAGE * 2 + 30
        assert model.loaded_rows() == 0  # nothing read until shown
        assert model.index(PAGE + 5, 0).data().startswith("TRAINING-")
        assert model.loaded_rows() == PAGE  # one page, the one asked for

        def last_referral(row: int) -> date | None:
            return parse_date(model.index(row, LAST_REFERRAL).data())  # shown as 08/12/2026

        newest = last_referral(0)
        assert newest is not None
        model.sort(LAST_REFERRAL, Qt.SortOrder.AscendingOrder)
        assert last_referral(0) <= newest  # by date, not by the text shown
        assert last_referral(model.rowCount() - 1) == newest
        model.sort(4, Qt.SortOrder.DescendingOrder)  # children, most first
        children = [model.row_at(i).children for i in range(model.rowCount())]
        assert children == sorted(children, reverse=True)
        model.show_register(CaseStatus.HEARD)
        assert all(model.row_at(i).status is CaseStatus.HEARD for i in range(model.rowCount()))
        qtmodeltester.check(model)
        rows = cases.register(vault)[:2]
        model.show_rows(rows, {rows[0].case_id: "Victim X"}, ranked=True)
        assert [model.row_at(i).case_id for i in range(2)] == [r.case_id for r in rows]
        qtmodeltester.check(model)
        model.clear()
        assert model.rowCount() == 0
    finally:
        vault.close(action=None)


def test_lock_closes_an_open_dialog(qtbot, data_dir) -> None:
    from PySide6.QtCore import QTimer

    from marac_desk.ui.pages.accounts import AccountDialog

    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    dialog = AccountDialog(window.vault, None, window)
    QTimer.singleShot(50, window.lock)
    dialog.exec()  # returns only because locking closed it
    assert window.vault is None and not dialog.isVisible()
    window.close()


def test_a_wrong_group_is_said_and_the_key_prints_on_paper_only(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from marac_desk.ui import printing

    wizard = SetupWizard(tmp_path / "vault")
    qtbot.addWidget(wizard)
    wizard.show()
    fill_wizard(qtbot, wizard)
    confirm = wizard.confirm_page
    groups = recovery_key.groups(wizard.key_page.formatted)
    right = groups[confirm.first - 1]
    wrong = ("B" if right[0] != "B" else "C") + right[1:]
    qtbot.keyClicks(confirm.first_edit, wrong)
    assert f"Group {confirm.first} does not match" in confirm.problem.text()
    confirm.first_edit.clear()
    qtbot.keyClicks(confirm.first_edit, right)
    assert confirm.problem.text() == ""
    # Whose key and when are on the printout; with no printer, nothing is written anywhere.
    printout = wizard.key_page.printout()
    assert "Testshire MARAC" in printout and wizard.key_page.formatted in printout
    said: list[str] = []
    monkeypatch.setattr(printing, "paper_printers", lambda: [])
    monkeypatch.setattr(printing, "show_error", lambda _p, _t, text: said.append(text))
    home = Path.home()
    before = set(home.rglob("*"))
    wizard.key_page._on_print_clicked()
    assert said and "No printer" in said[0]
    assert set(home.rglob("*")) == before
    wizard.reject()


def test_the_finished_wizard_is_deleted_by_qt_not_left_to_the_garbage_collector(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A window Python drops inside a reference cycle is freed whenever the collector next
    runs, which can be in the middle of Qt's own work: the finished wizard must go first."""

    def finish(wizard: SetupWizard) -> int:
        wizard.show()
        fill_wizard(qtbot, wizard)
        confirm = wizard.confirm_page
        groups = recovery_key.groups(wizard.key_page.formatted)
        confirm.first_edit.setText(groups[confirm.first - 1])
        confirm.second_edit.setText(groups[confirm.second - 1])
        wizard.button(QWizard.WizardButton.FinishButton).click()
        return int(wizard.result())

    monkeypatch.setattr(SetupWizard, "exec", finish)
    # (The suite's fixture holds the collector off while a Qt test runs.)
    window = open_window(tmp_path / "vault")
    assert window is not None and window.vault is not None
    qtbot.addWidget(window)
    # What the event loop does as it starts.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard)]
    window.close()
