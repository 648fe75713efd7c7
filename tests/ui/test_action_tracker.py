"""The actions tracker: filtered by agency and lateness, then exported or printed as shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from marac_desk.ui.pages import action_tracker as page_module
from marac_desk.ui.pages.action_tracker import ActionTrackerPage


def test_filter_then_export_exactly_what_is_listed(qtbot, held, tmp_path, monkeypatch) -> None:
    vault, _ = held
    page = ActionTrackerPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    everyone = page.shown()
    police = page.agency.findData("POLICE")
    page.agency.setCurrentIndex(police)
    shown = page.shown()
    assert shown and len(shown) < len(everyone)
    assert all(r.action.owner_agency == "POLICE" for r in shown)
    page.overdue_only.setChecked(True)
    assert all(r.overdue(date.today()) for r in page.shown())
    page.overdue_only.setChecked(False)
    target = tmp_path / "police.xlsx"
    monkeypatch.setattr(
        page_module.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "")
    )
    told: list[str] = []
    monkeypatch.setattr(page_module, "show_info", lambda _p, _t, text: told.append(text))
    page.export_shown()
    assert told and Path(target).exists()
    sheet = load_workbook(target).active
    assert sheet.max_row == 4 + len(shown)
    assert "Police" in str(sheet["A2"].value)
