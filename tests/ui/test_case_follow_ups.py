"""A follow-up as a coordinator meets it: Home lists the one due, its line opens the case
at its follow-ups, one is done with what was found, and another set for the suggested
date (the end of the repeat window)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from marac_desk.domain import follow_ups as rules
from marac_desk.domain.dates import parse_iso
from marac_desk.storage import follow_ups, settings
from marac_desk.storage.training import make_training_vault
from marac_desk.ui.case_follow_ups import SetFollowUpDialog
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.register import RegisterPage


def test_a_follow_up_from_home_to_done(qtbot, tmp_path: Path, monkeypatch) -> None:
    vault = make_training_vault(tmp_path / "vault", 200)
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    home = window.workspace.pages.currentWidget()
    card = next(c for c in home.cards if c.title == "Follow-ups due")
    (line,) = card.lines
    assert line.accessibleName().startswith("Due ")
    line.linkActivated.emit("follow_up")
    register = window.workspace.pages.currentWidget()
    assert isinstance(register, RegisterPage)
    view = register.case_view
    assert view is not None and view.tabs.currentWidget() is view.follow_ups_tab
    tab = view.follow_ups_tab
    chosen = tab.selected()
    assert chosen is not None and chosen.open and tab.done_button.isEnabled()
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Order served; locks changed.", True)
    )
    tab.mark_done()
    assert not follow_ups.read(vault, chosen.follow_up_id).open
    assert tab.model.index(0, 2).data().startswith("Done ")

    case = view.case
    assert case is not None
    suggested = rules.default_due(
        parse_iso(case.last_referral_on), chosen.due_on, settings.rules(vault)
    )
    dialog = SetFollowUpDialog(vault, view.case_id, suggested, view)
    qtbot.addWidget(dialog)
    assert dialog.due.day() == suggested
    dialog.save()
    assert "Say what to check" in dialog.error.text() and dialog.saved is None
    dialog.what.setPlainText("Ask the police about call-outs since the meeting.")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.due_on == suggested
    window.close()
