"""The research import preview: what a file will create or replace, per case and person,
with replacing chosen case by case."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from marac_desk.exchange import research_import
from marac_desk.storage import research
from marac_desk.ui.pages.meeting_research import ResearchTab
from marac_desk.ui.research_import_preview import ResearchImportPreview
from tests.exchange.packs import Answers, fill, make_pack, person_ids
from tests.ui.test_workspace_exchange import shoot


def _cells(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_preview_lists_each_person_and_replacing_is_ticked_per_case(
    qtbot, vault, tmp_path: Path, monkeypatch
) -> None:
    meeting, (first, second), pack = make_pack(vault, tmp_path)
    one, two = person_ids(vault, first)[0], person_ids(vault, second)[0]
    earlier = fill(pack, {one: Answers(known="No")}, out=tmp_path / "earlier.docx")
    research_import.run(vault, research_import.plan(vault, earlier, meeting))
    fill(
        pack,
        {
            one: Answers(
                known="Yes", risks="Threats", share=[("Pregnant. Only IDVA service.", "", "")]
            ),
            two: Answers(known="Yes", involvement="Open to children's services"),
        },
    )
    planned = research_import.plan(vault, pack, meeting)
    dialog = ResearchImportPreview(vault, planned)
    qtbot.addWidget(dialog)
    rows = _cells(dialog.table)
    first_ref = planned.returns[0].reference
    assert rows[0][0] == first_ref and rows[0][1].startswith("Victim:")
    assert rows[0][2:7] == ["Known", "0", "1", "1", "0"]
    assert rows[0][7] == "Replaces earlier return"
    second_row = next(r for r in rows if r[0] == planned.returns[1].reference)
    assert second_row[7] == "New return" and second_row[3] == "1"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Import 1 case"  # the new one; the replacement is not ticked yet
    dialog.replace[first].setChecked(True)
    assert ok.text() == "Import 2 cases"
    shoot(dialog, "research-import-preview", page=False)
    assert dialog.replace_ids() == {first}

    # Through the research tab: leaving the replacement unticked keeps the earlier one.
    tab = ResearchTab(vault, lambda: None, lambda: None)
    qtbot.addWidget(tab)
    monkeypatch.setattr(ResearchImportPreview, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr("marac_desk.ui.pages.meeting_research.show_info", lambda *a: None)
    [line] = tab.import_files([pack])
    assert "1 case imported" in line and "1 case kept its earlier return" in line, line
    kept = research.current_return(vault, meeting, first, "POLICE")
    assert kept is not None and kept.people[one][2].value == "no"
    assert research.current_return(vault, meeting, second, "POLICE") is not None
