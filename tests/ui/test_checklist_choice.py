"""Choosing the risk checklist: for new referrals in Settings, and for one referral on its form."""

from __future__ import annotations

from marac_desk.domain import settings as defs
from marac_desk.storage import checklists, referrals, settings
from marac_desk.ui.pages.settings_page import SettingsPage
from marac_desk.ui.referral.editor import ReferralEditor
from marac_desk.ui.widgets import QtAsker
from tests.storage.test_checklists import checklist_file

YOUNG_KEY = "area-young-people@2026-1"


def test_administrator_adds_a_checklist_file_and_chooses_it(qtbot, vault, tmp_path) -> None:
    page = SettingsPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    assert page.checklist.count() == 1

    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", "utf-8")
    page.add_checklist_file(broken)
    assert "broken at line 1" in page.error.text()
    assert page.checklist.count() == 1

    page.add_checklist_file(checklist_file(tmp_path))
    assert page.error.text() == ""
    assert page.checklist.count() == 2
    page.checklist.setCurrentIndex(page.checklist.findData(YOUNG_KEY))
    page._on_checklist_chosen()
    assert settings.get(vault, defs.DASH_CHECKLIST) == YOUNG_KEY
    assert "Young people's" in page.saved.text()


def test_referral_switches_checklist_and_drops_answers_only_when_told(
    qtbot, vault, tmp_path, monkeypatch
) -> None:
    checklists.add(vault, checklist_file(tmp_path))
    editor = ReferralEditor(vault)
    qtbot.addWidget(editor)
    assert editor.dash.checklist.key == checklists.DEFAULT_KEY
    assert editor.dash.chooser.count() == 2
    qtbot.keyClicks(editor.sections["victim"].fields["surname"].editor, "Okafor")
    editor.dash.answers[1][0].setCurrentIndex(editor.dash.answers[1][0].findData("yes"))
    editor.dash.completed_by.setText("PC Rahman")

    answers: list[bool] = []
    monkeypatch.setattr(QtAsker, "confirm", lambda self, t, m: answers.append(False) or False)
    editor.choose_checklist(YOUNG_KEY)
    assert answers == [False]  # asked, said no: nothing changed
    assert editor.dash.checklist.key == checklists.DEFAULT_KEY
    assert editor.dash.chooser.currentData() == checklists.DEFAULT_KEY
    assert editor.dash.value()["answers"]["1"]["answer"] == "yes"

    monkeypatch.setattr(QtAsker, "confirm", lambda self, t, m: True)
    editor.choose_checklist(YOUNG_KEY)
    assert editor.dash.checklist.key == YOUNG_KEY
    assert editor.dash.value()["answers"] == {}
    assert editor.dash.completed_by.text() == "PC Rahman"  # not tied to the questions
    assert "of 10" in editor.score.text()
    assert editor.save_now()
    doc, _, _ = referrals.load(vault, editor.case_id)
    assert doc["dash"]["checklist"] == YOUNG_KEY

    reopened = ReferralEditor(vault, editor.case_id)
    qtbot.addWidget(reopened)
    assert reopened.dash.checklist.key == YOUNG_KEY
    assert len(reopened.dash.answers) == 10


def test_new_referral_starts_on_the_marac_setting(qtbot, vault, tmp_path) -> None:
    checklists.add(vault, checklist_file(tmp_path))
    settings.change(vault, defs.DASH_CHECKLIST, YOUNG_KEY)
    editor = ReferralEditor(vault)
    qtbot.addWidget(editor)
    assert editor.dash.checklist.key == YOUNG_KEY
