"""An incident notified between meetings, as a coordinator meets it: Home lists a repeat,
its line opens the case at its incidents, and a repeat referral starts from it with the
same people; a new incident is recorded from the case, a wrong date refused."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from marac_desk.storage import incidents
from marac_desk.storage.training import make_training_vault
from marac_desk.ui import case_incidents
from marac_desk.ui.case_incidents import RecordIncidentDialog
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.home import HomePage
from marac_desk.ui.pages.register import RegisterPage


def test_a_repeat_incident_goes_from_home_to_a_repeat_referral(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    vault = make_training_vault(tmp_path / "vault", 200)
    (waiting,) = incidents.waiting(vault)  # the training vault's repeat incident
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    home = window.workspace.pages.currentWidget()
    assert isinstance(home, HomePage)
    card = next(c for c in home.cards if c.title == "Repeat incidents")
    (line,) = card.lines
    assert line.text().count("Repeat:") == 1 and waiting.reference in line.text()
    line.linkActivated.emit("incident")
    register = window.workspace.pages.currentWidget()
    assert isinstance(register, RegisterPage)
    view = register.case_view
    assert view is not None and view.case_id == waiting.incident.case_id
    assert view.tabs.currentWidget() is view.incidents_tab
    tab = view.incidents_tab
    chosen = tab.selected()
    assert chosen is not None and chosen.incident_id == waiting.incident.incident_id
    assert tab.refer_button.isEnabled()
    assert "Incidents (1)" in view.tabs.tabText(view.tabs.indexOf(tab))

    tab.start_referral()
    editor = register.editor
    assert editor is not None and editor.case_id not in (None, view.case_id)
    referral = editor.sections["referral"].fields
    assert referral["incident_date"].value() == waiting.incident.day.isoformat()
    assert "TRN/4471/26" in referral["reason"].value()
    editor.close_editor()
    assert register.stack.currentWidget() is view  # back to the case, which now says so
    assert "Repeat referral started" in tab.model.index(0, 5).data()
    assert not tab.refer_button.isEnabled() or tab.selected() is None
    assert incidents.waiting(vault) == []

    # A new incident, recorded from the case; a date that is not one is refused first.
    dialog = RecordIncidentDialog(vault, view.case_id, view)
    qtbot.addWidget(dialog)
    dialog.day.setText("31/02/2026")
    dialog.agency.setCurrentIndex(dialog.agency.findData("POLICE"))
    dialog.what.setPlainText("Another call-out")
    dialog.save()
    assert "not a date" in dialog.error.text() and dialog.recorded is None
    dialog.day.setText((date.today() - timedelta(days=1)).strftime("%d/%m/%Y"))
    dialog.save()
    assert dialog.recorded is not None
    tab.load(view.case.status, view.case.last_referral_on)  # type: ignore[union-attr]
    tab.select_waiting()
    assert tab.selected() == dialog.recorded
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Already referred today", True)
    )
    tab.not_referred()
    assert "Not referred: Already referred today" in tab.model.index(0, 5).data()
    assert (
        case_incidents.Decision.NOT_REFERRED
        is incidents.read(vault, dialog.recorded.incident_id).decision
    )
    window.close()
