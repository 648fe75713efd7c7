"""Chasing overdue actions as a coordinator meets it: Home names the agency and its
contact, the line opens the chaser for that agency, and the chase is recorded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from marac_desk.storage import audit
from marac_desk.storage.training import make_training_vault
from marac_desk.ui.action_chase import ActionChaseDialog
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.action_tracker import ActionTrackerPage


def test_home_opens_the_chaser_for_the_agency(qtbot, tmp_path: Path, monkeypatch) -> None:
    vault = make_training_vault(tmp_path / "vault", 200)
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    home = window.workspace.pages.currentWidget()
    card = next(c for c in home.cards if c.title == "Actions to chase")
    second = card.lines[1]
    assert second.accessibleName().startswith("Chase ") and "contact:" in second.accessibleName()
    opened: list[ActionChaseDialog] = []
    monkeypatch.setattr(ActionChaseDialog, "exec", lambda self: opened.append(self) or 0)
    second.linkActivated.emit("chase")
    assert isinstance(window.workspace.pages.currentWidget(), ActionTrackerPage)
    (dialog,) = opened
    qtbot.addWidget(dialog)
    agency = dialog.late[dialog.list.currentRow()].agency_name
    assert second.accessibleName().startswith(f"Chase {agency}:")
    assert dialog.text.toPlainText().startswith(f"Subject: MARAC actions overdue: {agency}")
    assert "Single point of contact" in dialog.above.text()
    dialog.record()
    assert "Tick the agencies" in dialog.error.text() and not dialog.recorded
    dialog.list.item(dialog.list.currentRow()).setCheckState(Qt.CheckState.Checked)
    dialog.record()
    assert dialog.recorded and audit.entries(vault.conn, action="actions_chased")
    window.close()
