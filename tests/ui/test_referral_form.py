"""The referral form, the match decision and the register, as a coordinator uses them."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import Decision
from marac_desk.storage import cases, referrals, repeats
from marac_desk.ui.models import RowsModel
from marac_desk.ui.pages.register import RegisterPage
from marac_desk.ui.referral.editor import ReferralEditor
from marac_desk.ui.referral.matches import COLUMNS, MatchDialog
from marac_desk.ui.register_model import FOUND_BY
from tests.storage.test_referrals import referral


def test_form_validates_as_typed_saves_a_draft_and_completes(qtbot, vault) -> None:
    editor = ReferralEditor(vault)
    qtbot.addWidget(editor)
    editor.show()
    victim = editor.sections["victim"].fields
    qtbot.keyClicks(victim["surname"].editor, "Kowalska")
    qtbot.keyClicks(victim["date_of_birth"].editor, "2090-01-01")
    editor.validate_now()
    assert "future" in victim["date_of_birth"].message.text()
    assert victim["address"].message.text() == "Needed before completing."
    # The draft is saved by the autosave timer, without a Save button.
    qtbot.waitUntil(lambda: editor.case_id is not None, timeout=3000)
    doc, state, _ = referrals.load(vault, editor.case_id)
    assert state == "draft" and doc["victim"]["date_of_birth"] == "2090-01-01"
    # Completing is refused while something is missing, and says what.
    editor._on_complete_clicked()
    assert "cannot be completed" in editor.error.text()
    full = referral()
    for key, section in editor.sections.items():
        section.set_value(full.get(key, {} if key != "perpetrators" else []))
    editor.validate_now()
    assert "Dash score 14 of 24" in editor.score.text()
    assert "Visible high risk" in editor.criteria.text()
    editor._on_complete_clicked()
    assert editor.error.text() == ""
    assert cases.register(vault)[0].status is CaseStatus.ACCEPTED


def test_professional_judgement_needs_a_reason_on_screen(qtbot, vault) -> None:
    editor = ReferralEditor(vault)
    qtbot.addWidget(editor)
    criteria = editor.sections["criteria"].fields
    criteria["judgement"].set_value(True)
    editor.validate_now()
    assert "written reason" in criteria["judgement_reason"].message.text()
    qtbot.keyClicks(criteria["judgement_reason"].editor, "Threats to kill")
    editor.validate_now()
    assert criteria["judgement_reason"].message.text() == ""
    assert "Professional judgement" in editor.criteria.text()


def test_repeat_is_seen_at_once_and_confirmed_in_the_match_dialog(qtbot, vault) -> None:
    first = referrals.complete(vault, referral(day="2026-03-20"))
    editor = ReferralEditor(vault)
    qtbot.addWidget(editor)
    for key, section in editor.sections.items():
        section.set_value(
            referral(surname="Kowalsak").get(key, {} if key != "perpetrators" else [])
        )
    editor.validate_now()
    assert "1 possible earlier referral, 1 inside the repeat window; 1 to decide" in (
        editor.earlier.text()
    )
    assert editor.save_now() and editor.case_id is not None
    dialog = MatchDialog(vault, editor.case_id, editor._earlier)
    qtbot.addWidget(dialog)
    assert dialog.selected() is not None and dialog.selected().case_id == first.case_id
    how_sure = next(i for i, c in enumerate(COLUMNS) if c.title == "How sure")
    assert dialog.model.index(0, how_sure).data() == "Likely the same person"
    if shots := os.environ.get("MARAC_DESK_SHOTS"):
        dialog.show()
        dialog.grab().save(str(Path(shots) / "repeat-bands.png"))
    dialog.buttons[Decision.SAME_PAIR].click()
    assert dialog.model.row_at(0).decision is Decision.SAME_PAIR
    assert cases.register(vault, [editor.case_id])[0].is_repeat
    editor.run_repeat_check()
    editor.validate_now()
    assert "Repeat" in editor.criteria.text()


def test_register_search_and_status_filter(qtbot, vault) -> None:
    a = referrals.complete(vault, referral(surname="Okonkwo", forenames="Adaeze"))
    b = referrals.save_draft(vault, referral(surname="Byrne", forenames="Siobhan"))
    page = RegisterPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.rowCount() == 2
    assert page.table.isColumnHidden(FOUND_BY)
    qtbot.keyClicks(page.search, "Okonkow")  # misspelled
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.row_at(0).case_id == a.case_id
    # The coordinator sees who the case was found by.
    assert not page.table.isColumnHidden(FOUND_BY)
    found = page.model.index(0, FOUND_BY).data()
    assert found.startswith("Victim OKONKWO, Adaeze")
    page.search.clear()
    page.apply_filters()
    page.status_filter.setCurrentIndex(page.status_filter.findData(CaseStatus.DRAFT.value))
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).case_id == b.case_id
    # Opening a case shows the case view; its form is one step further, and going back
    # from the form saves and returns to the case, then to the filtered list.
    page.table.selectRow(0)
    page._on_open_clicked()
    assert page.case_view is not None and page.case_view.case.reference == b.reference
    assert page.stack.currentWidget() is page.case_view
    page.case_view.edit_button.click()
    assert page.editor is not None and page.editor.reference == b.reference
    page.editor.close_editor()
    assert page.editor is None and page.stack.currentWidget() is page.case_view
    page.case_view.back_button.click()
    assert page.case_view is None and page.stack.currentWidget() is page.list_view
    assert page.model.rowCount() == 1


def test_match_model_passes_the_model_tester(qtmodeltester, vault) -> None:
    referrals.complete(vault, referral(day="2026-03-20"))
    doc = referral(surname="Kowalsak")
    found = repeats.find_earlier(vault, doc)
    model: RowsModel[repeats.EarlierCase] = RowsModel(COLUMNS)
    model.set_rows(found)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole)


def test_locking_saves_the_referral_being_typed(qtbot, data_dir) -> None:
    from marac_desk.storage.vault import sign_in
    from marac_desk.ui.main_window import MainWindow
    from tests.conftest import ADMIN, PASSWORD

    window = MainWindow(data_dir, sign_in(data_dir, ADMIN, PASSWORD))
    qtbot.addWidget(window)
    window.show()
    register = window.workspace.page_titled("Case register")
    register.new_referral()
    qtbot.keyClicks(register.editor.sections["victim"].fields["surname"].editor, "Typedbeforelock")
    window.lock()  # before the autosave timer fires
    qtbot.wait(AUTOSAVE_WAIT_MS)  # a stale timer must not touch the closed vault
    vault = sign_in(data_dir, ADMIN, PASSWORD)
    doc, state, _ = referrals.load(vault, cases.register(vault)[0].case_id)
    assert doc["victim"]["surname"] == "Typedbeforelock" and state == "draft"
    vault.close()
    window.close()


AUTOSAVE_WAIT_MS = 1800


def test_an_incident_after_the_referral_is_shown_by_its_field(qtbot, vault) -> None:
    editor = ReferralEditor(vault)
    qtbot.addWidget(editor)
    doc = referral(day="2026-11-20")
    doc["referral"]["incident_date"] = "2026-11-21"
    for key, section in editor.sections.items():
        section.set_value(doc.get(key, {} if key != "perpetrators" else []))
    editor.validate_now()
    field = editor.field_widgets()["referral.incident_date"]
    assert "after the referral date" in field.message.text()
    if shots := os.environ.get("MARAC_DESK_SHOTS"):
        editor.resize(1366, 768)
        editor.show()
        editor.grab().save(str(Path(shots) / "referral-incident-date.png"))


def test_dates_are_typed_the_uk_way_and_stored_as_iso(qtbot, vault) -> None:
    editor = ReferralEditor(vault)
    qtbot.addWidget(editor)
    editor.show()
    victim = editor.sections["victim"].fields
    born = victim["date_of_birth"].editor
    qtbot.keyClicks(born, "19/04/1952")
    born.editingFinished.emit()
    editor.validate_now()
    assert victim["date_of_birth"].message.text() == ""
    assert editor.sections["victim"].value()["date_of_birth"] == "1952-04-19"
    born.clear()
    qtbot.keyClicks(born, "19/04/52")  # 1952 or 2052: never guessed
    editor.validate_now()
    assert "year in full" in victim["date_of_birth"].message.text()
    assert editor.sections["victim"].value()["date_of_birth"] == "19/04/52"  # kept as typed
    victim["date_of_birth"].set_value("1952-04-19")
    assert born.text() == "19/04/1952"  # shown the UK way
