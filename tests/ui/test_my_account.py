"""A new account's first sign-in: only My account, and Enter changes the password."""

from __future__ import annotations

from PySide6.QtCore import Qt

from marac_desk.domain.roles import Role
from marac_desk.storage.vault import sign_in
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages import my_account
from marac_desk.ui.pages.my_account import MyAccountPage
from tests.storage.test_accounts import TEMP, add


def test_a_temporary_password_is_changed_with_the_keyboard(
    qtbot, vault, data_dir, monkeypatch
) -> None:
    add(vault, "cora", frozenset({Role.COORDINATOR}))
    cora = sign_in(data_dir, "cora", TEMP)
    monkeypatch.setattr(my_account, "show_info", lambda *_a: None)
    window = MainWindow(data_dir, cora)
    qtbot.addWidget(window)
    window.show()
    workspace = window.workspace
    assert workspace is not None
    titles = [workspace.navigation.item(r).text() for r in range(workspace.navigation.count())]
    assert titles == ["My account"]
    page = workspace.pages.currentWidget()
    assert isinstance(page, MyAccountPage)
    qtbot.keyClicks(page.current, TEMP)
    qtbot.keyClicks(page.new, "cora's own long password")
    qtbot.keyClicks(page.again, "cora's own long password")
    qtbot.keyClick(page.again, Qt.Key.Key_Return)
    assert page.error.text() == ""
    # The whole workspace is built again with every page the account may use.
    workspace = window.workspace
    titles = [workspace.navigation.item(r).text() for r in range(workspace.navigation.count())]
    assert titles[0] == "Home" and "Case register" in titles
    window.close()
    sign_in(data_dir, "cora", "cora's own long password").close()
