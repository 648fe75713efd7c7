"""Making research packs from the research tab: the coordinator chooses the agencies, and
an agency counts as asked only once its pack is recorded as sent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from marac_desk.domain.research import Standing
from marac_desk.storage import meetings, research_packs
from marac_desk.ui.pages import meeting_research
from marac_desk.ui.pages.meeting_research import ResearchTab
from marac_desk.ui.tick_list import TickListDialog
from tests.storage.test_research import planned_meeting
from tests.ui.test_workspace_exchange import shoot


def test_packs_go_to_the_agencies_ticked_and_count_once_sent(
    qtbot, vault, tmp_path: Path, monkeypatch
) -> None:
    meeting_id, _cases = planned_meeting(vault)
    meeting = meetings.read(vault.conn, meeting_id)
    tab = ResearchTab(vault, lambda: meeting, lambda: tab.show_meeting(meeting))
    qtbot.addWidget(tab)
    shown: list[str] = []
    monkeypatch.setattr(meeting_research, "show_info", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dialogs: list[TickListDialog] = []

    def answer(self) -> QDialog.DialogCode:
        dialogs.append(self)
        if self.windowTitle() == "Make research packs":
            shoot(self, "research-packs-choose", page=False)
            ticked = self.chosen()
            assert 0 < len(ticked) < self.list.count()  # a suggestion, not every agency
            self.tick_all(False)
            for i in range(self.list.count()):
                item = self.list.item(i)
                if item.data(Qt.ItemDataRole.UserRole) in ("POLICE", "HOUSING"):
                    item.setCheckState(Qt.CheckState.Checked)
        else:  # packs sent: only the police pack went out today
            for i in range(self.list.count()):
                item = self.list.item(i)
                if "Police" not in item.text():
                    item.setCheckState(Qt.CheckState.Unchecked)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TickListDialog, "exec", answer)
    tab.make_packs()
    made = research_packs.packs(vault, meeting_id)
    assert sorted(p.agency_code for p in made) == ["HOUSING", "POLICE"]
    assert "2 packs written" in shown[-1]
    assert tab.grid is not None
    assert {tab.grid.cells[(p.agency_code, c.case_id)] for p in made for c in tab.grid.cases} == {
        Standing.NOT_SENT
    }
    assert "not recorded as sent" in tab.research_line.text()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Secure email", True))
    tab.record_sent()
    grid = tab.grid
    assert grid is not None and set(grid.sent) == {"POLICE"}
    # Asked now, so not overdue even when sent after the deadline the pack gave.
    assert grid.cells[("POLICE", grid.cases[0].case_id)] is Standing.REQUESTED
    assert grid.cells[("HOUSING", grid.cases[0].case_id)] is Standing.NOT_SENT
    tab.show_meeting(meeting)
    shoot(tab, "research-grid-not-sent")
