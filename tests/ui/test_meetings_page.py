"""The meetings page as a coordinator uses it: the agenda in order, moved by hand, time
boxes, research packs imported by dropping them, and the combined summary."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from marac_desk.domain.meetings import LineKind
from marac_desk.exchange import research_pack
from marac_desk.storage import meetings
from marac_desk.ui.pages import meetings as page_module
from marac_desk.ui.pages.meetings import MeetingDialog, MeetingsPage
from marac_desk.ui.summary_view import SummaryDialog
from tests.exchange.packs import Answers, fill, person_ids
from tests.storage.test_meetings import accepted_case


def case_rows(page: MeetingsPage) -> list[str]:
    return [
        page.agenda_model.row_at(r).case.reference
        for r in range(page.agenda_model.rowCount())
        if page.agenda_model.row_at(r).kind is LineKind.CASE
    ]


def planned_page(qtbot, vault, monkeypatch):
    adult = accepted_case(vault, "Adams", children=False)
    child = accepted_case(vault, "Brown")
    page = MeetingsPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    dialog = MeetingDialog(vault, None, page)
    dialog.day.setDate(dialog.day.date().addDays(1))
    dialog.venue.setText("Civic Centre, Room 4")
    dialog.chair.setText("DI Shaw")
    dialog._save()
    assert dialog.saved_id is not None
    page.refresh(select=dialog.saved_id)
    monkeypatch.setattr(page_module.AddCasesDialog, "exec", lambda self: 1)
    page.add_cases()
    return page, adult, child


def test_a_meeting_without_a_venue_is_refused_in_the_dialog(qtbot, vault) -> None:
    dialog = MeetingDialog(vault, None, None)
    qtbot.addWidget(dialog)
    dialog._save()
    assert "where the meeting is held" in dialog.error.text()
    assert meetings.listed(vault) == []


def test_agenda_order_reorder_and_time_boxes(qtbot, qtmodeltester, vault, monkeypatch) -> None:
    page, adult, child = planned_page(qtbot, vault, monkeypatch)
    qtmodeltester.check(page.agenda_model)
    refs = {
        c.case_id: c.reference for c in meetings.agenda_cases(vault.conn, page.meeting.meeting_id)
    }
    assert case_rows(page) == [refs[child], refs[adult]]  # children first
    assert page.agenda_model.row_at(2).section == "Cases with children"
    page.agenda_table.selectRow(3)  # the adult-only case
    page.move_case(-1)
    assert case_rows(page) == [refs[adult], refs[child]]
    assert page.agenda_table.currentIndex().row() == 2  # the moved case stays selected
    monkeypatch.setattr(page_module.QInputDialog, "getInt", lambda *a, **k: (30, True))
    page.time_box()
    assert page.agenda_model.row_at(2).minutes == 30
    assert "planned end" in page.end_line.text()
    page.suggested_order()
    assert case_rows(page) == [refs[child], refs[adult]]


def test_dropping_a_filled_pack_imports_it_and_the_summary_shows_it(
    qtbot, vault, monkeypatch, tmp_path
) -> None:
    page, _adult, child = planned_page(qtbot, vault, monkeypatch)
    meeting_id = page.meeting.meeting_id
    meetings.update(
        vault,
        meeting_id,
        page.meeting.details.__class__(
            **{
                **page.meeting.details.__dict__,
                "research_deadline": page.meeting.details.meeting_date - timedelta(days=1),
            }
        ),
    )
    [made] = research_pack.make_packs(vault, meeting_id, ["POLICE"], tmp_path)
    victim = person_ids(vault, child)[0]
    fill(made.path, {victim: Answers(known="Yes", share=[("Bail until <March>", "Fact", "")])})
    shown: list[str] = []
    monkeypatch.setattr(page_module, "show_info", lambda _p, _t, text: shown.append(text))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(made.path))])
    event = QDropEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.refresh()
    page.dropEvent(event)
    assert "1 cases imported" in shown[0]
    grid = page.grid_model
    assert grid.rowCount() == 1 and grid.index(0, 1).data() == "Returned"
    page.tabs.setCurrentIndex(0)
    page.agenda_table.selectRow(2)
    dialogs: list[SummaryDialog] = []
    monkeypatch.setattr(SummaryDialog, "exec", lambda self: dialogs.append(self) or 0)
    page.open_summary()
    html = dialogs[0].browser.toHtml()
    assert "Bail until &lt;March&gt;" in html  # shown, escaped
    assert "Police" in dialogs[0].browser.toPlainText()
