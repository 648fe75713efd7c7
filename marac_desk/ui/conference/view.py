"""Conference mode: the screen the coordinator runs the meeting from, keyboard first.

Attendance and the statement, the review of outstanding actions, each case in turn, and
the close check, with a shared-screen view that shows the current case and nothing else.
Every edit goes to the vault as it is made; the clock ticks without touching focus.
"""

from __future__ import annotations

import contextlib
import time as monotonic
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.actions import ActionStatus
from marac_desk.domain.conference import Attendee, CaseRecord, Missing, record_text
from marac_desk.domain.meeting_clock import case_clock, meeting_clock
from marac_desk.errors import MaracDeskError
from marac_desk.storage import (
    actions,
    attendance,
    case_summary,
    conference,
    meeting_close,
    meetings,
    presentation,
    research,
)
from marac_desk.storage.vault import Vault
from marac_desk.ui.conference.attendance import AttendancePanel
from marac_desk.ui.conference.bar import ConferenceBar, clock_time
from marac_desk.ui.conference.case_lists import CaseLists
from marac_desk.ui.conference.case_panel import TABS, CasePanel
from marac_desk.ui.conference.close_panel import ClosePanel
from marac_desk.ui.conference.help import GoToCaseDialog, ShortcutsDialog, panel_keys
from marac_desk.ui.conference.next_summary import NextSummary
from marac_desk.ui.conference.presentation import PresentationView
from marac_desk.ui.conference.review import ReviewPanel
from marac_desk.ui.plurals import plural
from marac_desk.ui.summary_view import summary_html
from marac_desk.ui.unsaved import UnsavedEdit, failed_edit
from marac_desk.ui.widgets import QtAsker, show_error, tr

STAGES = ("attendance", "review", "case", "close")
CASE_POINTS = 12.0
# Long enough that a case has been taken in (and the first words typed) before the next
# one's summary is laid out: the chair seldom moves on within a second.
PREPARE_NEXT_AFTER_MS = 1000


class ConferenceView(QWidget):
    """One meeting, live. `leave` is called to go back to the pages."""

    presenting_changed = Signal(bool)

    def __init__(
        self, vault: Vault, meeting_id: int, leave: Callable[[], None], interrupted: bool = False
    ) -> None:
        super().__init__()
        self.setObjectName("conferenceView")
        self.vault = vault
        self.meeting_id = meeting_id
        self._leave = leave
        self.names = research.directory(vault.conn)
        self.reason: str | None = None  # set while amending a closed record
        self.presenting = False
        self.current_case: int | None = None
        self._discussed: set[int] = set()
        self._seconds_before = 0
        self._opened_at = monotonic.monotonic()

        self.bar = ConferenceBar()

        self.attendance = AttendancePanel(self.names, self._save_attendee, self._mark_read)
        self.review = ReviewPanel(self.names, meeting_id, self._review_action)
        self.case = CasePanel(self.names, self._save_record)
        self.close_panel = ClosePanel(self._go_to_missing, self.close_meeting)
        self.presentation = PresentationView()
        self.stack = QStackedWidget()
        for panel in (self.attendance, self.review, self.case, self.close_panel):
            self.stack.addWidget(panel)
        self.stack.addWidget(self.presentation)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.bar)
        column.addWidget(self.stack, 1)

        self.case.seconds = self.elapsed
        self.case.saved.connect(self._on_saved)
        self.lists = CaseLists(self)
        self.attendance.register_changed.connect(self._on_register_changed)
        self.attendance.statement_read.connect(self._on_statement_read)
        self.review.reviewed.connect(self._on_reviewed)
        self.menu_actions = self._build_actions()

        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick)
        # A second after a case opens (and again whenever typing is still to be saved),
        # the next case's summary is laid out, so moving on does not wait for it.
        self.next_summary = NextSummary(self.case.summary)
        self.prepare_timer = QTimer(self)
        self.prepare_timer.setSingleShot(True)
        self.prepare_timer.setInterval(PREPARE_NEXT_AFTER_MS)
        self.prepare_timer.timeout.connect(self._prepare_next_summary)

        found, crashed = conference.start(vault, meeting_id)
        self.meeting = meetings.get(vault, meeting_id)
        self.agenda = meetings.agenda(vault, meeting_id)
        self.conference = found
        self._discussed = set(conference.records(vault.conn, meeting_id))
        self._load_register()
        self._load_review()
        if found.current_case_id is not None and found.stage == "case":
            self.open_case(found.current_case_id)
        else:
            self.show_stage(found.stage if found.stage in STAGES else "attendance")
        if crashed or interrupted:
            self.bar.say_recovered(found.saved_at)
        self.clock.start()
        self._tick()

    # -- actions and their shortcuts ------------------------------------------------

    def _action(self, text: str, key: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        # Live anywhere in the window while the view is shown (dialogs excepted).
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> list[QAction]:
        self.present_action = self._action(
            tr("Shared &screen view on or off"), "F5", self.toggle_presenting
        )
        made = [
            self._action(
                tr("&Attendance and statement"), "F2", lambda: self.show_stage("attendance")
            ),
            self._action(
                tr("&Review of outstanding actions"), "F3", lambda: self.show_stage("review")
            ),
            self._action(tr("The current &case"), "F4", lambda: self.show_stage("case")),
            self._action(tr("&Next case"), "Ctrl+PgDown", lambda: self.step(1)),
            self._action(tr("&Previous case"), "Ctrl+PgUp", lambda: self.step(-1)),
            self._action(tr("&Go to a case…"), "Ctrl+G", self.choose_case),
            self._action(
                tr("Add what an agency &shared…"),
                "Ctrl+Shift+I",
                lambda: self.lists.edit_shared(None),
            ),
            self._action(
                tr("Add an ac&tion…"), "Ctrl+Shift+A", lambda: self.lists.edit_action(None)
            ),
            self.present_action,
            self._action(tr("&Full screen on or off"), "F11", self.toggle_full_screen),
            self._action(tr("Close &check"), "F9", lambda: self.show_stage("close")),
            self._action(tr("A&mend the closed record…"), "Ctrl+Shift+M", self.start_amending),
            self._action(
                tr("The chair has &read the confidentiality statement"),
                "Ctrl+R",
                self.attendance.read,
            ),
            self._action(tr("Cl&ose the meeting…"), "Ctrl+Shift+C", self.close_meeting),
            self._action(tr("&Leave conference mode"), "Ctrl+Shift+X", self.leave),
        ]
        # Things that would show other cases are off while the screen is shared.
        self._private = [made[0], made[1], made[5], made[10]]
        return made

    def shortcut_list(self) -> list[tuple[str, str]]:
        """Every shortcut that works in conference mode, for the help overlay."""
        listed = [
            (
                a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                a.text().replace("&", ""),
            )
            for a in self.menu_actions
        ]
        listed += [(key, tr("Case: the {0} tab").format(name)) for key, name in TABS]
        listed += panel_keys()
        return listed

    def show_help(self) -> None:
        ShortcutsDialog(self.shortcut_list(), self).exec()

    # -- stages -----------------------------------------------------------------------

    def show_stage(self, stage: str) -> None:
        if self.presenting and stage != "case":
            return
        if not self.case.flush():
            return
        if stage == "case" and self.current_case is None:
            first = self._first_open_case()
            if first is not None:
                self.open_case(first)
            return
        self.bar.notice.hide()  # the meeting has moved on from where it stopped
        panel = {
            "attendance": self.attendance,
            "review": self.review,
            "case": self.case,
            "close": self.close_panel,
        }[stage]
        self.stack.setCurrentWidget(panel)
        if stage == "close":
            self.close_panel.show_missing(
                meeting_close.check(self.vault, self.meeting_id), self.frozen, self.reason
            )
            self.close_panel.focus_list()
        elif stage == "attendance":
            self.attendance.focus_register()
        elif stage == "review":
            self.review.focus_table()
        self._remember_stage(stage)
        self._update_header()
        self._tick()

    def take_focus(self) -> None:
        """Give the keyboard to the screen showing: its list, or the case's open tab."""
        widget = self.stack.currentWidget()
        if widget is self.case:
            self.case.show_tab(self.case.tabs.currentIndex())
        elif widget is self.attendance:
            self.attendance.focus_register()
        elif widget is self.review:
            self.review.focus_table()
        elif widget is self.close_panel:
            self.close_panel.focus_list()
        elif widget is not None:
            widget.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        # Focus given while the view was being built, before it was in the window, is
        # lost: give it again once shown, so the first key pressed does something.
        # A window restored from the task bar keeps the focus it had: leave that alone.
        super().showEvent(event)
        if not event.spontaneous():
            QTimer.singleShot(0, self, self.take_focus)

    def _remember_stage(self, stage: str) -> None:
        if not self.frozen:
            conference.set_stage(self.vault, self.meeting_id, stage)

    @property
    def frozen(self) -> bool:
        return self.meeting.closed and self.reason is None

    def _first_open_case(self) -> int | None:
        cases = self.agenda.cases
        if not self.conference.statement_read:
            show_error(
                self,
                tr("Conference"),
                tr("Read the confidentiality statement first: no case is opened before it."),
            )
            self.show_stage("attendance")
            return None
        return cases[0].case_id if cases else None

    # -- cases ------------------------------------------------------------------------

    def elapsed(self) -> int:
        if self.current_case is None:
            return 0
        return self._seconds_before + int(monotonic.monotonic() - self._opened_at)

    def _position(self) -> int:
        ids = [c.case_id for c in self.agenda.cases]
        return ids.index(self.current_case) if self.current_case in ids else -1

    def step(self, by: int) -> None:
        cases = self.agenda.cases
        if not cases:
            return
        position = self._position()
        target = 0 if position < 0 else max(0, min(len(cases) - 1, position + by))
        if position >= 0 and target == position:
            return
        self.open_case(cases[target].case_id)

    def _leave_case(self) -> bool:
        """Save the case being left, its time included."""
        if self.current_case is None:
            return True
        if not self.case.flush():
            return False
        if not self.frozen:
            record = self.case.current_record(self.elapsed())
            try:
                stamp = self._save_record(record, self.case.saved_record)
            except MaracDeskError as exc:
                show_error(self, tr("Conference"), str(exc))
                return False
            self._on_saved(stamp)
        return True

    def open_case(self, case_id: int) -> None:
        if not self._leave_case():
            return
        if case_id != self.current_case:
            self.bar.notice.hide()  # the meeting has moved on from where it stopped
        try:
            record = conference.open_case(self.vault, self.meeting_id, case_id)
        except MaracDeskError as exc:
            show_error(self, tr("Conference"), str(exc))
            self.show_stage("attendance")
            return
        self.current_case = case_id
        self._discussed.add(case_id)
        self._seconds_before = record.seconds
        self._opened_at = monotonic.monotonic()
        self.conference = conference.get(self.vault, self.meeting_id) or self.conference
        if self.presenting:
            self.presentation.show_case(presentation.load(self.vault, self.meeting_id, case_id))
        else:
            self._show_case(record)
        self._update_header()
        self._tick()

    def _show_case(self, record: CaseRecord) -> None:
        assert self.current_case is not None
        summary = case_summary.load(
            self.vault, self.meeting_id, self.current_case, audit_view=False
        )
        html = summary_html(summary, CASE_POINTS)
        laid_out = self.next_summary.take(self.current_case, html)
        self.case.show_case(html, record, self.frozen, laid_out)
        self.prepare_timer.start()
        self.lists.load()
        self.stack.setCurrentWidget(self.case)
        if not self.case.notes.hasFocus() and self.case.tabs.currentIndex() == 0:
            self.case.notes.setFocus()

    def _prepare_next_summary(self) -> None:
        """Lay out the next case's summary while this one is discussed (next_summary)."""
        if self.presenting or self.current_case is None or not self.case.isVisible():
            return
        if self.case.dirty:
            # Typing now: never make it wait; try again once it pauses.
            self.prepare_timer.start()
            return
        ids = [c.case_id for c in self.agenda.cases]
        position = self._position()
        if position < 0 or position + 1 >= len(ids):
            return
        following = ids[position + 1]
        if self.next_summary.case_id == following:
            return
        try:
            summary = case_summary.load(self.vault, self.meeting_id, following, audit_view=False)
        except MaracDeskError:
            return  # shown, with its message, if the chair moves to it
        self.next_summary.prepare(following, summary_html(summary, CASE_POINTS))

    def choose_case(self) -> None:
        if self.presenting:
            return
        records = conference.records(self.vault.conn, self.meeting_id)
        dialog = GoToCaseDialog(self.agenda.cases, records, self.current_case, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
            self.open_case(dialog.chosen)

    def _save_record(self, record: CaseRecord, base: CaseRecord) -> str:
        assert self.current_case is not None
        return conference.save_record(
            self.vault, self.meeting_id, self.current_case, record, self.reason, base=base
        )

    # -- attendance and review --------------------------------------------------------

    def _save_attendee(self, attendee: Attendee) -> int:
        return attendance.save(self.vault, self.meeting_id, attendee, self.reason)

    def _mark_read(self) -> None:
        conference.mark_statement_read(self.vault, self.meeting_id)

    def _load_register(self) -> None:
        read_at = self.conference.statement_read_at
        shown = clock_time(read_at) if read_at else None
        statement = self.conference.statement or conference.statement_text(self.vault)
        self.attendance.show_register(
            statement, shown, attendance.register(self.vault, self.meeting_id), self.frozen
        )

    def _on_register_changed(self) -> None:
        self._load_register()
        self._on_saved(datetime.now().isoformat())

    def _on_statement_read(self) -> None:
        self.conference = conference.get(self.vault, self.meeting_id) or self.conference
        self._load_register()
        self._on_saved(datetime.now().isoformat())
        self.attendance.focus_register()

    def _review_action(self, action_id: int, status: ActionStatus, note: str) -> None:
        actions.update_status(self.vault, action_id, status, note, self.meeting_id)

    def _load_review(self, select: int = 0) -> None:
        self.review.show_rows(actions.for_review(self.vault, self.meeting_id), select)

    def _on_reviewed(self) -> None:
        row = self.review.table.currentIndex().row()
        self._load_review(row)
        self._on_saved(datetime.now().isoformat())

    # -- presenting, full screen ----------------------------------------------------------

    def toggle_presenting(self) -> None:
        if not self.case.flush():
            return
        self.presenting = not self.presenting
        for action in self._private:
            action.setEnabled(not self.presenting)
        self.bar.setVisible(not self.presenting)
        if self.presenting:
            self.presentation.show_case(
                presentation.load(self.vault, self.meeting_id, self.current_case)
                if self.current_case is not None
                else None
            )
            self.stack.setCurrentWidget(self.presentation)
            self.presentation.setFocus()
        else:
            self.presentation.clear()
            if self.current_case is not None:
                record = conference.record(self.vault.conn, self.meeting_id, self.current_case)
                self._show_case(record or CaseRecord())
            else:
                self.show_stage("attendance")
        self.presenting_changed.emit(self.presenting)

    def toggle_full_screen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    # -- closing, amending, leaving ------------------------------------------------------

    def close_meeting(self) -> None:
        if self.meeting.closed:
            return
        if not self._leave_case():
            return
        if self.stack.currentWidget() is not self.close_panel:
            # What is missing is read on the close check, not guessed at from a case: show
            # it first, and ask there.
            self.show_stage("close")
        missing = meeting_close.check(self.vault, self.meeting_id)
        question = (
            plural(
                "%n thing(s) (is/are) still missing (listed on this screen). Close the "
                "meeting anyway? (It is/They are) kept with the record.",
                len(missing),
            )
            if missing
            else tr(
                "Close the meeting? Its record is then frozen: later changes are amendments "
                "with a reason."
            )
        )
        if not self._confirm(question):
            return
        try:
            meeting_close.close(self.vault, self.meeting_id, accept_missing=True)
        except MaracDeskError as exc:
            show_error(self, tr("Close the meeting"), str(exc))
            return
        self.meeting = meetings.get(self.vault, self.meeting_id)
        self._after_freeze_change()
        self.show_stage("close")

    def start_amending(self) -> None:
        if not self.meeting.closed or self.reason is not None:
            return
        reason, ok = QInputDialog.getText(
            self,
            tr("Amend the closed record"),
            tr("Why is the record being amended? (kept with each change)"),
        )
        if ok and reason.strip():
            self.reason = reason.strip()
            self._after_freeze_change()

    def _after_freeze_change(self) -> None:
        self.case.set_frozen(self.frozen)
        self._load_register()
        if self.stack.currentWidget() is self.close_panel:
            self.close_panel.show_missing(
                meeting_close.check(self.vault, self.meeting_id), self.frozen, self.reason
            )
        self._update_header()
        self._tick()

    def commit_pending(self) -> list[UnsavedEdit]:
        """Save everything typed: the window is locking or closing, so no dialog is shown
        and nothing is waited for. What the vault would not take is returned."""
        if not self.vault.is_open or self.current_case is None:
            return []
        if self.frozen and not self.case.dirty:
            return []
        self.case.timer.stop()
        record = self.case.current_record(self.elapsed())
        meeting_id, case_id, reason = self.meeting_id, self.current_case, self.reason
        try:
            stamp = self._save_record(record, self.case.saved_record)
        except Exception as exc:
            position = self._position()
            reference = self.agenda.cases[position].reference if position >= 0 else ""
            where = tr("Meeting {0}: the record of case {1}").format(
                self.meeting.details.title, reference
            )
            return [
                failed_edit(
                    where,
                    exc,
                    record_text(record),
                    lambda vault: conference.save_record(
                        vault, meeting_id, case_id, record, reason
                    ),
                )
            ]
        self.case.mark_saved(record)
        self._on_saved(stamp)
        return []

    def leave(self) -> None:
        if not self._leave_case():
            return
        if not self.meeting.closed:
            conference.leave(self.vault, self.meeting_id)
        self.clock.stop()
        self._leave()

    def stop(self) -> list[UnsavedEdit]:
        """The window is locking: save, mark the screen as left in good order, stop.
        Returns what could not be saved."""
        self.clock.stop()
        unsaved = self.commit_pending()
        if self.vault.is_open and not self.meeting.closed:
            # If this fails the meeting stays marked as running: the next start says it was
            # interrupted, which is what happened as far as the vault can tell.
            with contextlib.suppress(MaracDeskError):
                conference.leave(self.vault, self.meeting_id)
        return unsaved

    # -- the header and the clock ------------------------------------------------------------

    def _update_header(self) -> None:
        details = self.meeting.details
        state = tr(" — CLOSED") if self.meeting.closed else ""
        if self.reason is not None:
            state = tr(" — AMENDING: {0}").format(self.reason)
        self.bar.title.setText(tr("MARAC {0}{1}").format(details.title, state))
        widget = self.stack.currentWidget()
        if widget is self.case and self.current_case is not None:
            cases = self.agenda.cases
            position = self._position()
            here = cases[position]
            self.bar.where.setText(
                tr("Case {0} of {1}: {2} — {3}").format(
                    position + 1, len(cases), here.reference, here.victim
                )
            )
        elif widget is self.attendance:
            self.bar.where.setText(tr("Introductions and attendance"))
        elif widget is self.review:
            self.bar.where.setText(tr("Review of outstanding actions"))
        elif widget is self.close_panel:
            self.bar.where.setText(tr("Close check"))

    def _started(self) -> datetime | None:
        """When conference mode first opened this meeting, in local time like the agenda."""
        try:
            moment = datetime.fromisoformat(self.conference.started_at.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment.astimezone().replace(tzinfo=None)

    def _tick(self) -> None:
        if self.meeting.closed and self.reason is None:
            # A closed meeting has no clock: the time boxes are over.
            self.bar.show_clocks(None, None)
            self.clock.stop()
            return
        now = datetime.now()
        discussed = self._discussed - {self.current_case}
        case = None
        # The case clock belongs to the case screen; attendance and the close check have none.
        if self.current_case is not None and self.stack.currentWidget() is self.case:
            case = case_clock(self.agenda, self.current_case, self.elapsed())
        ending = meeting_clock(
            self.agenda, now, self.current_case, self.elapsed(), discussed, self._started()
        )
        self.bar.show_clocks(case, ending)

    def _on_saved(self, stamp: str) -> None:
        self.bar.show_saved(stamp)

    def _go_to_missing(self, gap: Missing) -> None:
        if gap.case_id is not None:
            self.open_case(gap.case_id)
        elif gap.part == tr("Attendance"):
            self.show_stage("attendance")

    def _confirm(self, question: str) -> bool:
        return QtAsker(self).confirm(tr("Conference"), question)
