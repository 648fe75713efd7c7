"""The Data return page: a coordinator picks a quarter, checks a count against the cases
behind it, opens one, and exports the SafeLives file and the local report."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from marac_desk.domain import data_return as dr
from marac_desk.storage import audit, data_return
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import sign_in
from marac_desk.ui.pages import data_return as page_module
from marac_desk.ui.pages.data_return import DataReturnPage

SHOTS = os.environ.get("MARAC_SCREENSHOTS")  # a folder, to look at the page as a person


@pytest.fixture
def vault(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def _row(page: DataReturnPage, key: str) -> int:
    return page.row_of(key)


def test_a_count_is_checked_against_its_cases_and_both_files_written(
    qtbot, vault, tmp_path, monkeypatch
) -> None:
    page = DataReturnPage(vault)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    page.refresh()
    assert page.chosen_quarter() == dr.Quarter.containing(date.today()).previous()
    result = data_return.make(vault, page.chosen_quarter())
    assert result.value(None, "cases") > 0
    row = _row(page, "repeats")
    assert page.model.item(row, 0).text() == str(result.value(None, "repeats"))
    assert page.label_of(row) == "Repeat cases"
    page.table.setCurrentIndex(page.model.index(row, 0))
    assert "confirmed as a repeat" in page.definition.text()
    listed = [page.cases.item(i).text() for i in range(page.cases.count())]
    assert len(listed) == result.value(None, "repeats")
    assert listed == [result.references[c] for c in result.cells[(None, "repeats")].cases]

    opened: list[tuple[str, object]] = []
    page.opened.connect(lambda where, ident: opened.append((where, ident)))
    page.cases.itemActivated.emit(page.cases.item(0))
    assert opened == [("case", result.cells[(None, "repeats")].cases[0])]
    assert audit.entries(vault.conn, action="data_return_cases_viewed")

    page.local.setChecked(True)
    assert "hidden" in page.kind.text()
    small = [
        (r, c)
        for r in range(page.model.rowCount())
        for c in range(page.model.columnCount())
        if page.model.item(r, c).text() == "*"
    ]
    assert small  # a quarter of a small MARAC always has small counts
    if SHOTS:
        page.table.setCurrentIndex(page.model.index(_row(page, "male"), 0))
        page.grab().save(str(Path(SHOTS) / "data-return-page.png"))

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    shown: list[str] = []
    monkeypatch.setattr(page_module, "show_info", lambda _p, _t, text: shown.append(text))
    page.export(suppress=False)
    page.export(suppress=True)
    assert len(list(out.iterdir())) == 6 and len(shown) == 2
    # Again: asked before anything is replaced, and nothing is when the answer is no.
    monkeypatch.setattr(page_module.QtAsker, "confirm", lambda self, title, text: False)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    page.export(suppress=True)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    assert len(audit.entries(vault.conn, action="data_return_exported")) == 2


def test_a_coordinator_chooses_census_groups_for_typed_ethnicities(
    qtbot, vault, monkeypatch
) -> None:
    from marac_desk.storage import ethnicity_mapping
    from marac_desk.ui.ethnicity_mapping import EthnicityMappingDialog

    waiting = ethnicity_mapping.unmapped(vault)
    dialog = EthnicityMappingDialog(vault)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(waiting) > 1
    assert dialog.table.item(0, 0).text() == waiting[0].shown
    assert dialog.chosen() == {}  # nothing is chosen for anyone
    combo = dialog.choices[0]
    combo.setCurrentIndex(combo.findData("White: Irish"))
    assert combo.accessibleName().startswith("Census group for")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.changed == waiting[0].referrals
    assert [w.key for w in ethnicity_mapping.unmapped(vault)] == [w.key for w in waiting[1:]]

    page = DataReturnPage(vault)
    qtbot.addWidget(page)
    assert page.map_ethnicities.isVisibleTo(page)
    shown: list[str] = []
    monkeypatch.setattr(page_module, "show_info", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(EthnicityMappingDialog, "exec", lambda self: (self.save(), 1)[1])
    page.choose_ethnicities()  # nothing chosen this time: nothing changes, nothing said
    assert shown == []
