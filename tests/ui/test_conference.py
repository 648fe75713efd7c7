"""Conference mode as a coordinator runs it, from the keyboard: attendance and the
statement, the review, a case recorded end to end, the clock, the shared screen,
closing and amending, crash recovery, and the shortcut overlay."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QTextBrowser, QWidget

from marac_desk.domain.actions import Action, ActionStatus
from marac_desk.domain.conference import Attendance, RiskLevel, SharedInfo
from marac_desk.domain.research import RECORD_ONLY
from marac_desk.storage import actions, audit, conference, meeting_close, meetings
from marac_desk.storage.vault import sign_in
from marac_desk.ui.conference import case_lists
from marac_desk.ui.conference import view as view_module
from marac_desk.ui.conference.attendance import AttendeeDialog
from marac_desk.ui.conference.entry import ActionDialog, SharedInfoDialog
from marac_desk.ui.conference.help import ShortcutsDialog
from marac_desk.ui.conference.view import ConferenceView
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.pages.action_tracker import ActionTrackerPage, UpdateDialog
from tests.conftest import ADMIN, PASSWORD
from tests.storage.test_meetings import NEXT_TUESDAY, accepted_case, representative

PEOPLE = (("Adams", "Zora", "Quill"), ("Brown", "Yusuf", "Rourke"), ("Clark", "Xena", "Stott"))


def agenda(vault) -> tuple[int, list[int]]:
    ids = [
        accepted_case(vault, s, forenames=f, perpetrator=(p, "Pat"), children=False)
        for s, f, p in PEOPLE
    ]
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, ids)
    return meeting, [c.case_id for c in meetings.agenda_cases(vault.conn, meeting)]


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    for module in (view_module, case_lists):
        monkeypatch.setattr(module, "show_error", lambda _p, _t, message: shown.append(message))
    return shown


@pytest.fixture
def yes(monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def open_view(qtbot, vault, meeting: int) -> ConferenceView:
    view = ConferenceView(vault, meeting, lambda: None)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    # Window shortcuts (F5, Ctrl+PgDown...) fire only in the active window.
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=2000)
    return view


def texts(widget: QWidget) -> str:
    parts = [label.text() for label in widget.findChildren(QLabel)]
    parts += [browser.toPlainText() for browser in widget.findChildren(QTextBrowser)]
    if isinstance(widget, QTextBrowser):
        parts.append(widget.toPlainText())
    return "\n".join(parts)


def test_attendance_and_agreement_from_the_keyboard(qtbot, vault, monkeypatch, errors) -> None:
    meeting, (first, *_) = agenda(vault)
    view = open_view(qtbot, vault, meeting)
    panel = view.attendance
    row = next(
        r for r in range(panel.model.rowCount()) if panel.model.row_at(r).agency_code == "POLICE"
    )
    panel.table.setFocus()
    panel.table.selectRow(row)

    def named(dialog: AttendeeDialog) -> int:
        dialog.name.setText("PC Khan")
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(AttendeeDialog, "exec", named)
    qtbot.keyClick(panel.table, Qt.Key.Key_P)  # no name on the register yet: asked for
    police = panel.model.row_at(row)
    assert police.status is Attendance.PRESENT and police.name == "PC Khan"
    assert police.flag == "Not agreed to the statement"
    # No case opens before the statement is read.
    view.show_stage("case")
    assert errors and "confidentiality statement first" in errors[-1]
    assert view.current_case is None
    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert conference.get(vault, meeting).statement_read
    panel.table.selectRow(row)
    qtbot.keyClick(panel.table, Qt.Key.Key_G)
    assert panel.model.row_at(row).agreed and panel.model.row_at(row).flag == ""
    other = (row + 1) % panel.model.rowCount()
    panel.table.selectRow(other)
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    qtbot.keyClick(panel.table, Qt.Key.Key_I)
    assert panel.model.row_at(other).status is Attendance.APOLOGIES
    assert panel.model.row_at(other).info_sent
    view.step(1)
    assert view.current_case == first


def test_outstanding_actions_are_reviewed_in_a_few_keystrokes(qtbot, vault) -> None:
    meeting, (first, *_) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    conference.open_case(vault, meeting, first)
    done = actions.save(vault, meeting, first, Action("Safety plan", "IDVA", "Priya", date.today()))
    moved = actions.save(vault, meeting, first, Action("Home visit", "HOUSING", "Ali"))
    meeting_close.close(vault, meeting, accept_missing=True)
    later = meetings.create(vault, replace(NEXT_TUESDAY, meeting_date=date(2027, 1, 5)))
    view = open_view(qtbot, vault, later)
    view.show_stage("review")
    review = view.review
    assert review.model.rowCount() == 2
    ids = [review.model.row_at(r).action.action_id for r in range(2)]
    review.table.selectRow(ids.index(done))
    qtbot.keyClick(review.table, Qt.Key.Key_1)
    assert review.note.hasFocus()
    qtbot.keyClick(review.note, Qt.Key.Key_Return)
    # The next line is chosen and the list has the keys again.
    assert review.table.hasFocus()
    # "Not completed, circumstances changed" needs its note.
    review.table.selectRow(ids.index(moved))
    qtbot.keyClick(review.table, Qt.Key.Key_3)
    qtbot.keyClick(review.note, Qt.Key.Key_Return)
    assert "Say why" in review.error.text()
    qtbot.keyClicks(review.note, "Victim moved to another area")
    qtbot.keyClick(review.note, Qt.Key.Key_Return)
    rows = {r.action.action_id: r for r in actions.for_review(vault, later)}
    assert rows[done].action.status is ActionStatus.COMPLETED
    assert rows[moved].action.status is ActionStatus.CIRCUMSTANCES_CHANGED
    assert rows[moved].action.status_note == "Victim moved to another area"
    assert rows[moved].reviewed_at == later
    assert "(reviewed now)" in texts(review) or review.model.rowCount() == 2


def test_a_case_is_recorded_end_to_end(qtbot, vault, monkeypatch) -> None:
    meeting, (first, second, _) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    view = open_view(qtbot, vault, meeting)
    view.show_stage("case")
    assert view.current_case == first
    assert "ADAMS, Zora" in view.case.summary.toPlainText()
    qtbot.keyClicks(view.case.notes, "IDVA: wants to stay; locks changed")
    qtbot.waitUntil(lambda: not view.case.dirty, timeout=3000)
    assert view.bar.saved_label.text().startswith("Saved")
    assert conference.record(vault.conn, meeting, first).notes == (
        "IDVA: wants to stay; locks changed"
    )
    view.case.show_tab(2)
    qtbot.keyClicks(view.case.risk_boxes["risk_victim"], "Strangulation in October")
    view.case.show_tab(3)
    view.case.level.setCurrentIndex(view.case.level.findData(RiskLevel.HIGH))
    view.case.informs.setCurrentIndex(view.case.informs.findData("IDVA"))

    def shared(dialog: SharedInfoDialog) -> int:
        qtbot.keyClicks(dialog.agency.lineEdit(), "Poli")  # type-ahead finds Police
        dialog.agency.completer().popup().hide()
        dialog.body.setPlainText("Two call-outs since the referral")
        dialog._accept()
        assert dialog.error.text() == "", dialog.agency.currentText()
        return dialog.result()

    warned: list[str] = []

    def action(dialog: ActionDialog) -> int:
        dialog.text.setPlainText("Fit a door alarm")
        dialog.owner.lineEdit().setText("Local authority housing")
        warned.append(dialog.warning.text())
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        qtbot.keyClick(dialog, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # 7 days
        dialog.owner_name.setText("Ali Shah")
        dialog._accept()
        dialog.hide()
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow, timeout=2000)
        return dialog.result()

    monkeypatch.setattr(SharedInfoDialog, "exec", shared)
    monkeypatch.setattr(ActionDialog, "exec", action)
    qtbot.keyClick(
        view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClick(
        view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert any("Nobody from Local authority housing is present" in w for w in warned), warned
    qtbot.keyClick(view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_case == second
    record = conference.record(vault.conn, meeting, first)
    assert record.risk_victim == "Strangulation in October"
    assert record.risk_level is RiskLevel.HIGH and record.informs_agency == "IDVA"
    assert [s.body for s in conference.shared(vault.conn, meeting, first)] == [
        "Two call-outs since the referral"
    ]
    (saved,) = actions.for_case(vault.conn, meeting, first)
    assert (saved.owner_agency, saved.owner_name) == ("HOUSING", "Ali Shah")
    assert saved.due_on == NEXT_TUESDAY.meeting_date + timedelta(days=7)
    logged = [e.action for e in audit.entries(vault.conn)]
    assert {"case_opened", "action_created", "meeting_opened"} <= set(logged)


def test_the_clock_runs_against_the_time_box_without_taking_focus(
    qtbot, vault, monkeypatch
) -> None:
    meeting, _ = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    now = [1000.0]
    monkeypatch.setattr(view_module.monotonic, "monotonic", lambda: now[0])
    view = open_view(qtbot, vault, meeting)
    view.show_stage("case")
    view.activateWindow()
    view.case.notes.setFocus()
    qtbot.keyClicks(view.case.notes, "typing")
    now[0] += 16 * 60 + 5
    view._tick()
    assert view.bar.case_clock.text() == "This case: 16:05 of 15 min, 1:05 over"
    assert view.bar.case_clock.property("overrun") is True
    view.case.flush()  # a save
    assert view.case.notes.hasFocus()
    assert (
        "Ends about" in view.bar.meeting_clock.text() or "On time" in view.bar.meeting_clock.text()
    )
    view.step(1)
    assert view.bar.case_clock.text() == "This case: 0:00 of 15 min"
    assert conference.record(vault.conn, meeting, view.agenda.cases[0].case_id).seconds == 965


def _headings_larger_than_text(browser) -> None:
    """Every heading on the shared screen prints larger than the text under it, judged by
    the font each piece of text is drawn in."""
    drawn: dict[str, float] = {}
    block = browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            drawn[block.text()] = fragment.charFormat().font().pointSizeF()
            fragments += 1
        block = block.next()
    headings = ["Risks named by each agency", "Information shared", "Agreed at this meeting so far"]
    text = [t for t in drawn if t.startswith(("No agency has named", "Strangulation"))]
    assert text, drawn
    body = max(drawn[t] for t in text)
    assert body >= 14  # larger than the coordinator's 10.5 pt
    for heading in headings:
        assert drawn[heading] > body, (heading, drawn[heading], body)
    person = next(t for t in drawn if t.startswith("Victim: "))
    assert drawn[person] > body


def test_the_shared_screen_shows_the_current_case_only(qtbot, vault, errors) -> None:
    meeting, (first, second, third) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    for case_id in (first, second):
        conference.open_case(vault, meeting, case_id)
    conference.save_shared(vault, meeting, second, SharedInfo("POLICE", "Open to all agencies"))
    conference.save_shared(vault, meeting, second, SharedInfo("POLICE", "Kept back", RECORD_ONLY))
    view = open_view(qtbot, vault, meeting)
    view.open_case(second)
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert view.presenting and view.stack.currentWidget() is view.presentation
    assert not view.bar.isVisible()
    shown = texts(view.presentation)
    assert "BROWN, Yusuf" in shown and "Open to all agencies" in shown
    assert "Kept back" not in shown
    # What is left out is counted under the heading it belongs to, never called "none".
    assert "Information shared\n1 item is for named agencies or the MARAC record only" in shown
    _headings_larger_than_text(view.presentation.browser)
    if shots := os.environ.get("MARAC_DESK_SHOTS"):
        view.resize(1366, 768)
        view.show()
        view.grab().save(str(Path(shots) / "shared-screen.png"))
        bar = view.presentation.browser.verticalScrollBar()
        bar.setValue(bar.maximum())
        view.grab().save(str(Path(shots) / "shared-screen-agreed.png"))
    for surname, forename, perpetrator in (PEOPLE[0], PEOPLE[2]):
        for name in (surname, forename, perpetrator):
            assert name.upper() not in shown.upper()
    # Moving on shows the next case, and only it.
    qtbot.keyClick(view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    shown = texts(view.presentation)
    assert "CLARK, Xena" in shown and "BROWN" not in shown and "Yusuf" not in shown
    assert view.current_case == third
    # What would list other cases is off while sharing.
    for key in (Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F9):
        qtbot.keyClick(view, key)
        assert view.stack.currentWidget() is view.presentation
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert not view.presenting and view.stack.currentWidget() is view.case


def test_closing_checks_then_freezes_and_amendments_need_a_reason(
    qtbot, vault, monkeypatch, yes, errors
) -> None:
    meeting, (first, *_) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    view = open_view(qtbot, vault, meeting)
    view.open_case(first)
    qtbot.keyClick(view, Qt.Key.Key_F9)
    listed = [view.close_panel.list.item(r).text() for r in range(view.close_panel.list.count())]
    assert any("No risk level agreed" in t for t in listed)
    assert any("Not discussed" in t for t in listed)
    view.close_panel.list.setCurrentRow(
        next(i for i, t in enumerate(listed) if "No risk level" in t)
    )
    qtbot.keyClick(view.close_panel.list, Qt.Key.Key_Return)
    assert view.stack.currentWidget() is view.case and view.current_case == first
    view.close_meeting()
    # Asked on the close check, where what is missing is listed, not over the case.
    assert view.stack.currentWidget() is view.close_panel
    assert meetings.get(vault, meeting).closed
    assert view.bar.meeting_clock.text() == "Meeting closed"  # the clock stops at the close
    assert view.case.notes.isReadOnly()
    view.lists.edit_action(None)
    assert "frozen" in errors[-1]
    monkeypatch.setattr(
        view_module.QInputDialog, "getText", lambda *a, **k: ("Risk level agreed by email", True)
    )
    qtbot.keyClick(
        view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert not view.case.notes.isReadOnly()
    assert "being amended: Risk level agreed by email" in view.close_panel.summary.text()
    assert "AMENDING" in view.bar.title.text()
    view.open_case(first)
    view.case.show_tab(3)
    view.case.level.setCurrentIndex(view.case.level.findData(RiskLevel.HIGH))
    (amended,) = conference.amendments(vault, meeting)
    assert amended.reason == "Risk level agreed by email"
    assert amended.after["risk_level"] == "high"


def test_after_a_crash_the_app_returns_to_the_same_case_and_says_so(qtbot, vault, data_dir) -> None:
    meeting, (_first, second, _) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    view = open_view(qtbot, vault, meeting)
    view.open_case(second)
    qtbot.keyClicks(view.case.notes, "Typed before the power went")
    view.case.flush()
    # Power lost: nothing is left in good order (no leave, no lock).
    view.clock.stop()
    vault.close(action=None)
    again = sign_in(data_dir, ADMIN, PASSWORD)
    window = MainWindow(data_dir, again)
    qtbot.addWidget(window)
    try:
        resumed = window.conference_view
        assert resumed is not None and resumed.current_case == second
        assert resumed.case.notes.toPlainText() == "Typed before the power went"
        assert resumed.bar.notice.isVisibleTo(resumed)
        assert "stopped during this meeting" in resumed.bar.notice.text()
        assert "Case 2 of 3" in resumed.bar.notice.text()
    finally:
        window.close()


def window_in_meeting(qtbot, vault, data_dir) -> tuple[MainWindow, int]:
    """The main window in conference mode, the first case open; returns it and the case."""
    meeting, (first, *_) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    conference.leave(vault, meeting)
    window = MainWindow(data_dir, vault)
    qtbot.addWidget(window)
    window.start_conference(meeting)
    window.conference_view.open_case(first)
    return window, first


def test_locking_saves_and_signing_in_returns_to_the_meeting(qtbot, vault, data_dir) -> None:
    window, first = window_in_meeting(qtbot, vault, data_dir)
    view = window.conference_view
    qtbot.keyClicks(view.case.notes, "Half a sentence")
    window.lock()  # before the autosave timer fires
    assert window.conference_view is None
    again = sign_in(data_dir, ADMIN, PASSWORD)
    window.show_unlocked(again)
    resumed = window.conference_view
    assert resumed is not None and resumed.current_case == first
    assert resumed.case.notes.toPlainText() == "Half a sentence"
    assert not resumed.bar.notice.isVisibleTo(resumed)  # a lock is not a crash
    window.close()


def test_every_conference_shortcut_is_in_the_help_overlay(qtbot, vault) -> None:
    meeting, _ = agenda(vault)
    view = open_view(qtbot, vault, meeting)
    dialog = ShortcutsDialog(view.shortcut_list(), view)
    qtbot.addWidget(dialog)
    listed = dialog.text()
    for action in view.menu_actions:
        assert action.shortcut().toString() in listed, action.text()
    for key in ("Alt+1", "Alt+5", "Ctrl+R", "Ctrl+Shift+C", "Ins", "1 … 5", "F1", "Ctrl+L"):
        assert key in listed
    assert len({a.shortcut().toString() for a in view.menu_actions}) == len(view.menu_actions)


def test_the_tracker_shows_a_representative_only_their_agencys_actions(
    qtbot, vault, data_dir, monkeypatch
) -> None:
    meeting, (first, *_) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    conference.open_case(vault, meeting, first)
    mine = actions.save(vault, meeting, first, Action("Fit a door alarm", "HOUSING", "Ali"))
    actions.save(vault, meeting, first, Action("Check bail conditions", "POLICE", "PC Khan"))
    rep = representative(vault, data_dir, "HOUSING")
    try:
        window = MainWindow(data_dir, rep)
        qtbot.addWidget(window)
        titles = [
            window.workspace.navigation.item(r).text()
            for r in range(window.workspace.navigation.count())
        ]
        window.workspace.go_to(titles.index("Actions"))
        page = window.workspace.pages.currentWidget()
        assert isinstance(page, ActionTrackerPage)
        shown = [page.model.row_at(r).action.text for r in range(page.model.rowCount())]
        assert shown == ["Fit a door alarm"]
        page.table.selectRow(0)

        def progress(dialog: UpdateDialog) -> int:
            dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.IN_PROGRESS))
            dialog.note.setText("Fitter booked")
            dialog._save()
            return dialog.result()

        monkeypatch.setattr(UpdateDialog, "exec", progress)
        page.update_chosen()
        assert actions.updates(rep, mine)[-1].note == "Fitter booked"
        assert page.model.row_at(0).action.status is ActionStatus.IN_PROGRESS
        window.close()
    finally:
        if rep.is_open:
            rep.close(action=None)


def test_the_next_summary_is_laid_out_ahead_and_never_shown_stale(qtbot, vault) -> None:
    from marac_desk.domain.research import Source
    from marac_desk.storage import research
    from tests.storage.test_research import findings

    meeting, (first, second, third) = agenda(vault)
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    view = open_view(qtbot, vault, meeting)
    view.show_stage("case")
    assert view.current_case == first
    # A second after the case opens, the next one's summary is laid out.
    qtbot.waitUntil(lambda: view.next_summary.case_id == second, timeout=3000)
    ready = view.next_summary._ready
    assert ready is not None
    laid_out = ready[2]
    qtbot.keyClick(view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_case == second
    assert view.case.summary.document() is laid_out  # shown as laid out, not again
    assert "BROWN, Yusuf" in view.case.summary.toPlainText()
    assert "ADAMS" not in view.case.summary.toPlainText()

    qtbot.waitUntil(lambda: view.next_summary.case_id == third, timeout=3000)
    stale = view.next_summary._ready
    assert stale is not None
    # Research arrives for the third case after its summary was laid out.
    research.save_return(
        vault, meeting, third, "POLICE", findings(vault, third, "Arrested on Friday night"),
        source=Source.PHONE, source_note="late call",
    )  # fmt: skip
    qtbot.keyClick(view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_case == third
    assert view.case.summary.document() is not stale[2]
    assert "Arrested on Friday night" in view.case.summary.toPlainText()
    assert "CLARK, Xena" in view.case.summary.toPlainText()
    # Only the cases the room moved to were audited as opened.
    opened = [e for e in audit.entries(vault.conn) if e.action == "case_opened"]
    assert len(opened) == 3
