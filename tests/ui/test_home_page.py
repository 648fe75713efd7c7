"""Home as a coordinator meets it after signing in: what needs doing, each line opening it."""

from __future__ import annotations

from pathlib import Path

from marac_desk.storage.training import make_training_vault
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.home import HomePage
from marac_desk.ui.pages.meetings import MeetingsPage
from marac_desk.ui.pages.register import RegisterPage


def card_lines(page: HomePage, title: str) -> list:
    card = next(c for c in page.cards if c.title == title)
    return card.lines


def test_home_is_first_and_each_line_opens_where_it_is_dealt_with(qtbot, tmp_path: Path) -> None:
    vault = make_training_vault(tmp_path / "vault", 40)
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    workspace = window.workspace
    assert workspace is not None
    home = workspace.pages.currentWidget()
    assert isinstance(home, HomePage)
    assert {c.title for c in home.cards} == {
        "Next meeting",
        "Urgent cases",  # the training vault's latest referral is marked urgent
        "Repeat incidents",  # the training vault's incident inside a repeat window
        "Actions",
        "Referrals waiting",
        "Actions to chase",  # the meeting a fortnight ago left actions overdue
        "Follow-ups due",  # the training vault's follow-up due this week
        "Cases reaching 12 months",
        "Backup",
    }
    # Overdue lines say so in words, not by colour alone.
    overdue = [line for line in card_lines(home, "Next meeting") if "Overdue" in line.text()]
    assert overdue and all(line.accessibleName().startswith("Overdue") for line in overdue)
    overdue[0].linkActivated.emit("research")
    shown = workspace.pages.currentWidget()
    assert isinstance(shown, MeetingsPage) and shown.tabs.currentIndex() == 1
    workspace.go_to(0)
    waiting = card_lines(workspace.pages.currentWidget(), "Referrals waiting")
    waiting[0].linkActivated.emit("case")
    register = workspace.pages.currentWidget()
    assert isinstance(register, RegisterPage) and register.case_view is not None
    # The Go menu names the pages; Home has Alt+Home, the next ten Ctrl+1 to Ctrl+0, and
    # a page after those (an administrator who is also the coordinator has twelve) none.
    go = [(a.text(), a.shortcut().toString()) for a in window.go_menu.actions()]
    assert go[0] == ("Home", "Alt+Home") and go[1] == ("Case register", "Ctrl+1")
    assert ("Data return", "Ctrl+5") in go and go[10][1] == "Ctrl+0"
    assert ("Dashboard", "Ctrl+6") in go
    assert go[-2][1] == "" and go[-1] == ("My account", "") and len(go) == 13
    window.lock()
    assert window.go_menu.actions() == []  # nothing to go to while locked
    window.close()


def test_f1_opens_the_guide_at_the_page_about_the_screen(qtbot, tmp_path: Path) -> None:
    from marac_desk.ui.help_window import GuideWindow

    vault = make_training_vault(tmp_path / "vault", 40)
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    qtbot.addWidget(window)
    window.show()
    window._on_help()
    assert isinstance(window.guide, GuideWindow) and window.guide.shown_key() == "02-home"
    window.workspace.go_to_title("Meetings")
    window.workspace.pages.currentWidget().tabs.setCurrentIndex(1)
    window._on_help()
    assert window.guide.shown_key() == "06-research"
    assert "Chase overdue" in window.guide.browser.toPlainText()
    window.guide.search.setText("backup")
    assert window.guide.list.count() >= 2
    window.close()
