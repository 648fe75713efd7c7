"""The meetings page as a coordinator uses it: the agenda in order, moved by hand, time
boxes, research packs imported by dropping them, and the combined summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from marac_desk.domain.meetings import LineKind
from marac_desk.domain.research import AudienceKind, Source
from marac_desk.exchange import research_pack
from marac_desk.storage import meetings, research
from marac_desk.ui import research_returns
from marac_desk.ui.pages import meeting_research
from marac_desk.ui.pages import meetings as page_module
from marac_desk.ui.pages.meetings import MeetingDialog, MeetingsPage
from marac_desk.ui.research_editor import ItemDialog
from marac_desk.ui.research_import_preview import ResearchImportPreview
from marac_desk.ui.research_returns import RecordReturnDialog, ReturnDialog
from marac_desk.ui.summary_view import SummaryDialog
from tests.exchange.packs import Answers, fill, person_ids
from tests.storage.test_meetings import accepted_case
from tests.ui.test_research_entry import typing


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


def collecting_research(vault, page: MeetingsPage) -> int:
    """Give the page's meeting a research deadline (the day before it); its id."""
    details = page.meeting.details
    deadline = details.meeting_date - timedelta(days=1)
    meetings.update(vault, page.meeting.meeting_id, replace(details, research_deadline=deadline))
    page.refresh()
    return page.meeting.meeting_id


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
    meeting_id = collecting_research(vault, page)
    [made] = research_pack.make_packs(vault, meeting_id, ["POLICE"], tmp_path)
    victim = person_ids(vault, child)[0]
    fill(made.path, {victim: Answers(known="Yes", share=[("Bail until <March>", "Fact", "")])})
    shown: list[str] = []
    monkeypatch.setattr(meeting_research, "show_info", lambda _p, _t, text: shown.append(text))
    previews: list[ResearchImportPreview] = []
    monkeypatch.setattr(
        ResearchImportPreview,
        "exec",
        lambda self: previews.append(self) or QDialog.DialogCode.Accepted,
    )
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
    assert len(previews) == 1  # what the file will do is shown before it is imported
    assert "1 case imported" in shown[0]
    grid = page.research.grid_model
    # A row per case and the packs' row; a column per agency asked (one here).
    assert grid.columnCount() == 1 and grid.rowCount() == len(page.research.grid.cases) + 1
    assert "Returned" in [grid.index(r, 0).data() for r in range(grid.rowCount())]
    page.tabs.setCurrentIndex(0)
    page.agenda_table.selectRow(2)
    dialogs: list[SummaryDialog] = []
    monkeypatch.setattr(SummaryDialog, "exec", lambda self: dialogs.append(self) or 0)
    page.open_summary()
    html = dialogs[0].browser.toHtml()
    assert "Bail until &lt;March&gt;" in html  # shown, escaped
    assert "Police" in dialogs[0].browser.toPlainText()


def test_the_coordinator_records_a_phoned_return_reads_its_history_and_narrows_an_item(
    qtbot, vault, monkeypatch
) -> None:
    page, _adult, child = planned_page(qtbot, vault, monkeypatch)
    meeting_id = collecting_research(vault, page)
    page.refresh()
    recorded: list[RecordReturnDialog] = []
    monkeypatch.setattr(RecordReturnDialog, "exec", lambda self: recorded.append(self) or 0)
    page.research.record_return()
    dialog = recorded[0]
    dialog.agency.setCurrentIndex(dialog.agency.findData("GP"))
    dialog.case.setCurrentIndex(dialog.case.findData(child))
    typing(monkeypatch, "Seen at the surgery with a black eye, 2 November")
    dialog.editor.add_item()
    dialog.save()
    assert "Say who phoned" in dialog.error.text()  # nothing saved without who from
    assert research.current_return(vault, meeting_id, child, "GP") is None
    dialog.source_note.setText("Dr Patel, 24 Nov")
    dialog.save()
    saved = research.current_return(vault, meeting_id, child, "GP")
    assert saved is not None and saved.source is Source.PHONE
    assert saved.source_note == "Dr Patel, 24 Nov"

    # The same agency phones again: the new return replaces the first, kept in history.
    monkeypatch.setattr(research_returns.QtAsker, "confirm", lambda *a: True)
    page.refresh()
    page.research.record_return()
    again = recorded[1]
    again.agency.setCurrentIndex(again.agency.findData("GP"))
    again.case.setCurrentIndex(again.case.findData(child))
    assert again.has_return and "Already returned" in again.status.text()
    again.source_note.setText("Dr Patel again, 25 Nov")
    again.emailed.setChecked(True)
    typing(monkeypatch, "Also attended with a cut lip in September")
    again.editor.add_item()
    again.save()

    page.refresh()
    column = page.research.grid.agencies.index("GP")
    row = [c.case_id for c in page.research.grid.cases].index(child)
    assert page.research.grid_model.index(row, column).data() == "Returned"
    page.research.grid_table.setCurrentIndex(page.research.grid_model.index(row, column))
    opened: list[ReturnDialog] = []
    monkeypatch.setattr(ReturnDialog, "exec", lambda self: opened.append(self) or 0)
    page.research.open_return()
    view = opened[0]
    lines = [view.history.item(r).text() for r in range(view.history.count())]
    assert lines[0].startswith("Replaced · Phoned in") and "Dr Patel, 24 Nov" in lines[0]
    assert lines[1].startswith("Current · Emailed in")
    texts = [view.table.item(r, 4).text() for r in range(view.table.rowCount())]
    assert texts == [
        "Seen at the surgery with a black eye, 2 November",
        "Also attended with a cut lip in September",
    ]
    view.history.setCurrentRow(0)  # the replaced return, as it was
    assert view.table.rowCount() == 1 and not view.narrow_button.isEnabled()
    view.history.setCurrentRow(1)

    def narrow_to_record_only(dialog: ItemDialog) -> int:
        assert dialog.body.isReadOnly()
        dialog.audience.setCurrentIndex(dialog.audience.findData(AudienceKind.RECORD))
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", narrow_to_record_only)
    view.table.selectRow(1)
    view.narrow()
    assert view.table.item(1, 3).text() == "MARAC record only"
    current = research.current_return(vault, meeting_id, child, "GP")
    assert current.items[1].item.audience.kind is AudienceKind.RECORD
    assert current.items[0].item.audience.kind is AudienceKind.INVOLVED


def test_closing_the_phoned_in_form_keeps_what_was_typed_as_a_draft(
    qtbot, vault, monkeypatch
) -> None:
    page, _adult, child = planned_page(qtbot, vault, monkeypatch)
    meeting_id = collecting_research(vault, page)
    listed = meetings.agenda_cases(vault.conn, meeting_id)
    names = research.directory(vault.conn)
    dialog = RecordReturnDialog(vault, meeting_id, listed, names, "GP")
    qtbot.addWidget(dialog)
    dialog.case.setCurrentIndex(dialog.case.findData(child))
    typing(monkeypatch, "Half-typed when the window locked")
    dialog.editor.add_item()
    dialog.reject()  # what the window does to open dialogs when it locks
    assert research.current_return(vault, meeting_id, child, "GP") is None
    again = RecordReturnDialog(vault, meeting_id, listed, names, "GP")
    qtbot.addWidget(again)
    again.case.setCurrentIndex(again.case.findData(child))
    assert again.editor.content().people[0].items[0].body == "Half-typed when the window locked"
    assert "draft" in again.status.text()


def test_a_break_after_the_chosen_case_moves_the_planned_times(qtbot, vault, monkeypatch) -> None:
    from marac_desk.ui.agenda_break import BreakDialog

    page, _, _ = planned_page(qtbot, vault, monkeypatch)
    ends_before = meetings.agenda(vault, page.meeting.meeting_id).ends
    lines = page.agenda_model.rows()
    first_case = next(r for r, line in enumerate(lines) if line.kind is LineKind.CASE)
    page.agenda_table.selectRow(first_case)
    chosen: list[BreakDialog] = []

    def fill_in(dialog: BreakDialog) -> int:
        chosen.append(dialog)
        assert dialog.after.value() == 1  # after the case chosen
        dialog.minutes.setValue(20)
        dialog.name.setText("Coffee")
        dialog._save()
        return int(dialog.result())

    monkeypatch.setattr(BreakDialog, "exec", fill_in)
    page.add_break()
    kinds = [page.agenda_model.row_at(r).kind for r in range(page.agenda_model.rowCount())]
    at = kinds.index(LineKind.BREAK)
    assert at == first_case + 1 and page.agenda_model.row_at(at).title == "Coffee"
    ends_after = meetings.agenda(vault, page.meeting.meeting_id).ends
    assert ends_after > ends_before
    # Take off… on the break's line takes the break off, and asks for no reason.
    page.agenda_table.selectRow(at)
    page.take_off()
    kinds = [page.agenda_model.row_at(r).kind for r in range(page.agenda_model.rowCount())]
    assert LineKind.BREAK not in kinds


def test_overdue_agencies_are_chased_with_a_ready_text_and_the_chase_recorded(
    qtbot, tmp_path
) -> None:
    from datetime import date

    from PySide6.QtGui import QGuiApplication

    from marac_desk.storage import research_chase
    from marac_desk.storage.training import make_training_vault
    from marac_desk.ui.research_chase import ChaseDialog

    vault = make_training_vault(tmp_path / "vault", 40)
    try:
        meeting = max(m.meeting_id for m in meetings.listed(vault))
        dialog = ChaseDialog(vault, meeting, date.today())
        qtbot.addWidget(dialog)
        assert dialog.list.count() == len(dialog.overdue) > 0
        dialog.list.setCurrentRow(1)
        assert dialog.overdue[1].agency_name in dialog.text.toPlainText()
        dialog.copy_text()
        assert QGuiApplication.clipboard().text() == dialog.text.toPlainText()
        dialog.record()
        assert "Tick" in dialog.error.text() and not dialog.recorded
        dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
        dialog.record()
        assert dialog.recorded
        assert set(research_chase.chases(vault, meeting)) == {dialog.overdue[1].agency_code}
    finally:
        vault.close(action=None)


def test_the_agenda_prints_on_paper_and_each_print_is_logged(qtbot, vault, monkeypatch) -> None:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from marac_desk.storage import audit
    from marac_desk.ui import printing

    page, _, _ = planned_page(qtbot, vault, monkeypatch)
    meetings.add_break(vault, page.meeting.meeting_id, 1, 15, "Coffee")
    page.refresh(select=page.meeting.meeting_id)
    pages: list[str] = []
    monkeypatch.setattr(printing, "choose_printer", lambda *_a: QPrinter())
    monkeypatch.setattr(
        QTextDocument, "print_", lambda doc, _printer: pages.append(doc.toPlainText())
    )
    page.print_agenda()
    assert len(pages) == 1 and "Coffee" in pages[0] and "OFFICIAL-SENSITIVE" in pages[0]
    reference = meetings.agenda_cases(vault.conn, page.meeting.meeting_id)[0].reference
    assert reference in pages[0]
    last = audit.entries(vault.conn)[-1]
    assert last.action == "printed" and last.detail["what"] == "agenda"
    # No printer chosen (cancelled, or none on the computer): nothing printed or logged.
    monkeypatch.setattr(printing, "choose_printer", lambda *_a: None)
    page.print_agenda()
    assert len(pages) == 1 and audit.entries(vault.conn)[-1].seq == last.seq
