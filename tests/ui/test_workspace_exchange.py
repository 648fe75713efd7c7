"""The exchange as people do it on screen: an agency workspace set up with the wizard, the
MARAC's key recorded and its fingerprint typed back, a request opened and researched, the
return sealed, and the coordinator importing it on the Meetings page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWizard

from marac_desk.domain.research import ItemKind, Known, Source
from marac_desk.exchange import workspace
from marac_desk.exchange.key_card import read_card
from marac_desk.security import recovery_key
from marac_desk.storage import agency_keys, exchange_identity, research
from marac_desk.storage.vault import sign_in
from marac_desk.ui import exchange_keys
from marac_desk.ui.app import make_application
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.agencies import AgenciesPage
from marac_desk.ui.pages.meeting_research import ResearchTab
from marac_desk.ui.pages.workspace_keys import WorkspaceKeysPage
from marac_desk.ui.pages.workspace_requests import WorkspaceRequestsPage
from marac_desk.ui.wizard import SetupWizard
from tests.fixtures.exchange_parties import marac_card, new_workspace, workspace_card
from tests.storage.test_research import planned_meeting
from tests.ui.test_research_entry import screen_text, typing

REP_PASSWORD = "Police research only, 2026 edition"
SHOTS = os.environ.get("MARAC_DESK_SHOTS")


@pytest.fixture(autouse=True)
def app():
    return make_application()  # the app's own style, as people see it


def shoot(widget, name: str, *, page: bool = True) -> None:
    """Keep a screenshot when asked (MARAC_DESK_SHOTS=folder); pages at the laptop's size."""
    if SHOTS:
        if page:
            widget.resize(1366, 768)
        widget.show()
        QApplication.processEvents()
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_the_wizard_sets_up_an_agency_workspace(qtbot, tmp_path: Path) -> None:
    data_dir = tmp_path / "police"
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.for_agency.setChecked(True)
    wizard.next()
    page = wizard.account
    assert not page.marac_name.isVisible() and page.agency_code.isVisible()
    qtbot.keyClicks(page.agency_code, "POLICE")
    qtbot.keyClicks(page.agency_name, "Testshire Police")
    qtbot.keyClicks(page.full_name, "Pat Constable")
    qtbot.keyClicks(page.username, "pat")
    qtbot.keyClicks(page.password, REP_PASSWORD)
    qtbot.keyClicks(page.confirm, REP_PASSWORD)
    assert page.isComplete(), page.problems.text()
    wizard.next()
    wizard.next()
    confirm = wizard.confirm_page
    groups = recovery_key.groups(wizard.key_page.formatted)
    qtbot.keyClicks(confirm.first_edit, groups[confirm.first - 1])
    qtbot.keyClicks(confirm.second_edit, groups[confirm.second - 1])
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.vault is not None
    assert exchange_identity.is_workspace(wizard.vault)
    assert workspace.info(wizard.vault).agency_code == "POLICE"
    wizard.vault.close()
    space = sign_in(data_dir, "pat", REP_PASSWORD)
    window = MainWindow(data_dir, space)
    qtbot.addWidget(window)
    window.show()
    titles = [
        window.workspace.navigation.item(i).text()
        for i in range(window.workspace.navigation.count())
    ]
    assert titles[:3] == ["Research requests", "My agency's actions", "Exchange keys"]
    assert "Case register" not in titles and "Agency directory" not in titles
    window.lock_action.trigger()
    window.close()


def test_request_researched_on_screen_and_imported_by_the_coordinator(
    qtbot, vault, tmp_path: Path, monkeypatch
) -> None:
    marac = vault
    meeting, case_ids = planned_meeting(marac)
    police = new_workspace(tmp_path / "police", "POLICE")
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "police.marac-key").write_bytes(workspace_card(police))
    (cards / "marac.marac-key").write_bytes(marac_card(marac))
    shown: dict[str, str] = {}

    def information(parent, title, text, *rest):
        shown[title] = text
        if SHOTS and title == "Research returns" and "imported." in text:
            box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
            shoot(box, "exchange-import", page=False)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text) or 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    # The coordinator records the police workspace's card and types back its fingerprint.
    directory = AgenciesPage(marac)
    qtbot.addWidget(directory)
    directory.refresh()
    police_row = next(
        r for r in range(directory.model.rowCount()) if directory.model.row_at(r).code == "POLICE"
    )
    directory.table.selectRow(police_row)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(cards / "police.marac-key"), "")
    )
    typed_back: list[str] = []

    def read_back(dialog: exchange_keys.ConfirmFingerprintDialog) -> int:
        dialog.typed.setText(typed_back.pop(0))
        dialog._accept()
        if dialog.error.text():
            shoot(dialog, "fingerprint-misheard", page=False)
        return int(dialog.result())

    monkeypatch.setattr(exchange_keys.ConfirmFingerprintDialog, "exec", read_back)
    typed_back.append("AAAA-BBBB-CCCC-DDDD")  # misheard: refused, nothing confirmed
    directory.record_card()
    assert not agency_keys.agency_key(marac.conn, "POLICE").confirmed
    # The refusal never shows the recorded fingerprint, which could then be copied in.
    assert read_card(workspace_card(police)).fingerprint not in str(errors) + str(shown)
    fingerprint = read_card(workspace_card(police)).fingerprint
    typed_back.append(fingerprint.lower())
    directory.confirm_key()
    assert agency_keys.agency_key(marac.conn, "POLICE").confirmed
    assert "Confirmed " + fingerprint in screen_text(directory)
    shoot(directory, "agency-directory-keys")

    # The coordinator sends the request from the meeting's research tab.
    outbox = tmp_path / "out"
    outbox.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(outbox))
    from marac_desk.ui import request_files

    monkeypatch.setattr(request_files.ChooseAgenciesDialog, "exec", lambda self: 1)
    current = [None]
    from marac_desk.storage import meetings

    current[0] = meetings.read(marac.conn, meeting)
    tab = ResearchTab(marac, lambda: current[0], lambda: None)
    qtbot.addWidget(tab)
    tab.send_requests()
    request_file = next(outbox.glob("*.marac"))

    # The police representative records the MARAC's card, confirms it, opens the request.
    keys_page = WorkspaceKeysPage(police)
    qtbot.addWidget(keys_page)
    keys_page.refresh()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(cards / "marac.marac-key"), "")
    )
    keys_page.record_card()
    typed_back.append(read_card(marac_card(marac)).fingerprint)
    keys_page.confirm()
    assert "Confirmed on" in keys_page.marac_state.text()
    shoot(keys_page, "workspace-keys")

    page = WorkspaceRequestsPage(police)
    qtbot.addWidget(page)
    page.refresh()
    assert page.open_file(request_file) is not None
    assert page.cases.count() == len(case_ids)
    assert "ADAMS, Anna" in screen_text(page)
    typing(monkeypatch, "Two call-outs to the address in November")
    page.editor.add_item()
    for row in range(1, len(page.editor.people)):
        page.editor.person_list.setCurrentRow(row)
        page.editor.set_known(Known.NO)
    page.commit_pending()  # as the window would before locking
    page.editor.person_list.setCurrentRow(0)
    shoot(page, "workspace-research")
    inbox = tmp_path / "in"
    inbox.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(inbox))
    page.send_return()
    assert errors == []
    return_file = next(inbox.glob("*.marac"))
    police.close(action=None)

    # The coordinator imports it on the research tab, after its preview.
    monkeypatch.setattr(tab, "preview_import", lambda planned: set())
    lines = tab.import_files([return_file])
    tab.show_meeting(current[0])
    shoot(tab, "exchange-import-grid")
    assert lines and "1 case imported" in lines[0], lines
    stored = research.current_return(marac, meeting, case_ids[0], "POLICE")
    assert stored is not None and stored.source is Source.PACK
    assert [i.item.body for i in stored.items] == ["Two call-outs to the address in November"]
    assert stored.items[0].item.kind is ItemKind.SHARE
    again = tab.import_files([return_file])
    assert "already imported" in again[0]


def test_an_action_plan_is_updated_in_the_workspace_and_taken_in(
    qtbot, vault, tmp_path: Path, monkeypatch
) -> None:
    from datetime import date

    from marac_desk.domain.actions import Action, ActionStatus
    from marac_desk.storage import actions
    from marac_desk.ui import action_files
    from marac_desk.ui.pages.action_tracker import ActionTrackerPage
    from marac_desk.ui.pages.workspace_actions import WorkspaceActionsPage, WorkspaceUpdateDialog
    from tests.fixtures.exchange_parties import introduce

    marac = vault
    meeting, (first, _) = planned_meeting(marac)
    action_id = actions.save(
        marac, meeting, first, Action("Flag the address", "POLICE", "PS Ray", date(2026, 12, 8))
    )
    police = new_workspace(tmp_path / "police", "POLICE")
    introduce(marac, police)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: errors.append(text) or 0)
    folder = tmp_path / "files"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    from marac_desk.ui import request_files

    monkeypatch.setattr(request_files.ChooseAgenciesDialog, "exec", lambda self: 1)
    tracker = ActionTrackerPage(marac)
    qtbot.addWidget(tracker)
    tracker.refresh()
    tracker.send_plans()
    plan_file = next(folder.glob("MARAC-action-plan*.marac"))

    page = WorkspaceActionsPage(police)
    qtbot.addWidget(page)
    page.refresh()
    assert page.open_plan(plan_file) == 1
    page.table.selectRow(0)

    def answer(dialog: WorkspaceUpdateDialog) -> int:
        dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.COMPLETED))
        dialog.note.setText("Marker added on 2 December")
        dialog._save()
        return int(dialog.result())

    monkeypatch.setattr(WorkspaceUpdateDialog, "exec", answer)
    page.update_chosen()
    assert "not sent yet" in screen_text(page)
    shoot(page, "workspace-actions")
    page.send_update()
    assert errors == []
    update_file = next(folder.glob("Action update*.marac"))
    police.close(action=None)

    lines = action_files.take_updates(tracker, marac, [update_file])
    assert "1 update recorded" in lines[0], lines
    assert actions.updates(marac, action_id)[-1].note == "Marker added on 2 December"
