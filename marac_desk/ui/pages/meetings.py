"""Meetings (coordinators): the agenda of each meeting and where agency research stands."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.dates import short_date, uk_date
from marac_desk.domain.meetings import AgendaLine, MeetingDetails
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import agenda_export, summary_export
from marac_desk.storage import case_summary, cases, meetings, printed
from marac_desk.storage.meetings import Meeting
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, fit_columns, make_table
from marac_desk.ui.pages.meeting_research import ResearchTab
from marac_desk.ui.plurals import plural
from marac_desk.ui.printing import print_html
from marac_desk.ui.summary_view import SummaryDialog
from marac_desk.ui.widgets import (
    add_button,
    busy,
    error_label,
    fit_to_screen,
    hint_label,
    show_error,
    show_info,
    tr,
)

AGENDA_COLUMNS: list[Column[AgendaLine]] = [
    Column(tr("Time"), lambda line: f"{line.starts:%H:%M}"),
    Column(tr("Item"), lambda line: line.case.reference if line.case else line.title),
    Column(tr("Victim"), lambda line: line.case.victim if line.case else ""),
    Column(tr("Section"), lambda line: line.section),
    Column(tr("Minutes"), lambda line: str(line.minutes)),
    Column(tr("Flags"), lambda line: line.case.flags if line.case else ""),
]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class MeetingDialog(QDialog):
    """A meeting's details; the service checks them and the message says what to fix."""

    def __init__(self, vault: Vault, meeting: Meeting | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting = meeting
        self.setWindowTitle(tr("Meeting details") if meeting else tr("New meeting"))
        given = meeting.details if meeting else None
        form = QFormLayout()
        self.day = QDateEdit(QDate.currentDate().addDays(7))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd dd/MM/yyyy")  # the weekday too: a MARAC has its day
        self.start = QTimeEdit(QTime(9, 30))
        self.online = QCheckBox(tr("Held online"))
        self.venue = QLineEdit()
        self.venue.setPlaceholderText(tr("The room, or how to join online"))
        self.chair = QLineEdit()
        self.minute_taker = QLineEdit()
        self.per_case = QSpinBox()
        self.per_case.setRange(1, 120)
        self.per_case.setValue(15)
        self.per_case.setSuffix(tr(" minutes"))
        self.opening = QSpinBox()
        self.opening.setRange(0, 120)
        self.opening.setValue(15)
        self.opening.setSuffix(tr(" minutes"))
        self.collects = QCheckBox(tr("Collect written research from agencies"))
        self.collects.setChecked(True)
        self.deadline = QDateEdit(QDate.currentDate().addDays(4))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("ddd dd/MM/yyyy")
        self.collects.toggled.connect(self.deadline.setEnabled)
        if given:
            self.day.setDate(_qdate(given.meeting_date))
            self.start.setTime(QTime(given.start_time.hour, given.start_time.minute))
            self.online.setChecked(given.online)
            self.venue.setText(given.venue)
            self.chair.setText(given.chair)
            self.minute_taker.setText(given.minute_taker)
            self.per_case.setValue(given.minutes_per_case)
            self.opening.setValue(given.opening_minutes)
            self.collects.setChecked(given.research_deadline is not None)
            if given.research_deadline:
                self.deadline.setDate(_qdate(given.research_deadline))
        for label, widget in (
            (tr("&Date"), self.day),
            (tr("&Starts at"), self.start),
            ("", self.online),
            (tr("&Venue"), self.venue),
            (tr("&Chair"), self.chair),
            (tr("&Minute-taker"), self.minute_taker),
            (tr("Time &per case"), self.per_case),
            (tr("Introductions and &review of actions"), self.opening),
            ("", self.collects),
            (tr("&Research deadline"), self.deadline),
        ):
            form.addRow(label, widget)
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.saved_id: int | None = meeting.meeting_id if meeting else None

    def details(self) -> MeetingDetails:
        return MeetingDetails(
            meeting_date=_pydate(self.day.date()),
            start_time=time(self.start.time().hour(), self.start.time().minute()),
            online=self.online.isChecked(),
            venue=self.venue.text(),
            chair=self.chair.text(),
            minute_taker=self.minute_taker.text(),
            minutes_per_case=self.per_case.value(),
            opening_minutes=self.opening.value(),
            research_deadline=_pydate(self.deadline.date()) if self.collects.isChecked() else None,
        )

    def _save(self) -> None:
        try:
            if self.meeting is None:
                self.saved_id = meetings.create(self.vault, self.details())
            else:
                meetings.update(self.vault, self.meeting.meeting_id, self.details())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class AddCasesDialog(QDialog):
    """Accepted cases not yet on an agenda, to tick."""

    def __init__(self, vault: Vault, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("List cases on the agenda"))
        fit_to_screen(self, 560, 480)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Accepted cases"))
        for row in cases.register(vault, meetings.eligible(vault)):
            children = plural(", %n child(ren)", row.children) if row.children else ""
            item = QListWidgetItem(f"{row.reference}  {row.victim}{children}")
            item.setData(Qt.ItemDataRole.UserRole, row.case_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(tr("Accepted cases waiting for a meeting. Untick any to leave for later."))
        )
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]


class MeetingsPage(Page):
    title = tr("Meetings")
    intro = tr(
        "Plan each meeting: list accepted cases (cases with children come first), send each "
        "agency its research pack, import what comes back, and open a combined summary per "
        "case. Filled-in packs can be dropped onto this page."
    )

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.setAcceptDrops(True)
        top = QHBoxLayout()
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(tr("Meeting"))
        self.chooser.currentIndexChanged.connect(lambda _i: self._show_meeting())
        new = QPushButton(tr("&New meeting…"))
        new.clicked.connect(self.new_meeting)
        self.edit_button = QPushButton(tr("Meeting &details…"))
        self.edit_button.clicked.connect(self.edit_meeting)
        self.start_button = QPushButton(tr("Start the &meeting"))
        self.start_button.setObjectName("primary")
        self.start_button.setShortcut("Ctrl+Shift+Return")
        self.start_button.setToolTip(
            tr("Run the meeting live in conference mode (Ctrl+Shift+Enter)")
        )
        self.start_button.clicked.connect(self.start_conference)
        top.addWidget(self.chooser, 1)
        top.addWidget(new)
        top.addWidget(self.edit_button)
        top.addWidget(self.start_button)
        self.page_layout.addLayout(top)
        self.summary_line = hint_label()
        self.page_layout.addWidget(self.summary_line)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._agenda_tab(), tr("&Agenda"))
        self.research = ResearchTab(vault, lambda: self.meeting, self.refresh)
        self.tabs.addTab(self.research, tr("&Research"))
        self.page_layout.addWidget(self.tabs, 1)
        self.meetings: list[Meeting] = []

    # -- building -------------------------------------------------------------------

    def _agenda_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        # Two rows: what changes the list, then its order; the buttons never clip their
        # labels on a small laptop screen.
        row = QHBoxLayout()
        add_button(row, tr("List &cases…"), self.add_cases)
        add_button(row, tr("Ta&ke off…"), self.take_off)
        add_button(row, tr("&Time box…"), self.time_box)
        add_button(row, tr("Add a &break…"), self.add_break)
        row.addStretch(1)
        add_button(row, tr("Case &summary"), self.open_summary)
        add_button(row, tr("&Export agenda…"), self.export_agenda)
        add_button(row, tr("&Print agenda…"), self.print_agenda, "Ctrl+P")
        layout.addLayout(row)
        order = QHBoxLayout()
        add_button(order, tr("Move &up"), lambda: self.move_case(-1), "Ctrl+Up")
        add_button(order, tr("Move do&wn"), lambda: self.move_case(1), "Ctrl+Down")
        add_button(order, tr("Suggested &order"), self.suggested_order)
        order.addStretch(1)
        layout.addLayout(order)
        self.agenda_model: RowsModel[AgendaLine] = RowsModel(AGENDA_COLUMNS, self)
        self.agenda_table = make_table(tr("Agenda"))
        self.agenda_table.setSortingEnabled(False)  # the agenda's own order
        self.agenda_table.setModel(self.agenda_model)
        self.agenda_table.activated.connect(lambda _i: self.open_summary())
        layout.addWidget(self.agenda_table, 1)
        self.end_line = hint_label()
        layout.addWidget(self.end_line)
        return tab

    # -- state ----------------------------------------------------------------------

    @property
    def meeting(self) -> Meeting | None:
        index = self.chooser.currentIndex()
        return self.meetings[index] if 0 <= index < len(self.meetings) else None

    def refresh(self, select: int | None = None) -> None:
        current = (
            select if select is not None else (self.meeting.meeting_id if self.meeting else None)
        )
        self.meetings = meetings.listed(self.vault)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for m in self.meetings:
            self.chooser.addItem(
                plural("{0}, {1} · {2} · %n case(s)", m.cases).format(
                    short_date(m.details.meeting_date),
                    f"{m.details.start_time:%H:%M}",
                    m.details.where,
                )
            )
        upcoming = [
            i for i, m in enumerate(self.meetings) if m.details.meeting_date >= date.today()
        ]
        chosen = next((i for i, m in enumerate(self.meetings) if m.meeting_id == current), None)
        if chosen is None:
            chosen = upcoming[-1] if upcoming else 0
        self.chooser.setCurrentIndex(chosen if self.meetings else -1)
        self.chooser.blockSignals(False)
        self._show_meeting()

    def _show_meeting(self) -> None:
        meeting = self.meeting
        self.tabs.setEnabled(meeting is not None)
        self.edit_button.setEnabled(meeting is not None)
        self.start_button.setEnabled(meeting is not None)
        if meeting is not None:
            self.start_button.setText(
                tr("Open the meeting's &record") if meeting.closed else tr("Start the &meeting")
            )
        if meeting is None:
            self.summary_line.setText(tr("No meetings yet: choose New meeting to plan one."))
            self.agenda_model.clear()
            self.research.show_meeting(None)
            return
        agenda = meetings.agenda(self.vault, meeting.meeting_id)
        details = meeting.details
        self.summary_line.setText(
            tr("Chair: {0} · Minutes: {1} · Research: {2}").format(
                details.chair or tr("not set"),
                details.minute_taker or tr("not set"),
                tr("by {0}").format(uk_date(details.research_deadline))
                if details.research_deadline
                else tr("not collected in writing"),
            )
        )
        self.agenda_model.set_rows(agenda.lines)
        fit_columns(self.agenda_table)
        self.end_line.setText(
            plural("%n case(s)", len(agenda.cases))
            + tr(" · planned end {0} · ").format(f"{agenda.ends:%H:%M}")
            + plural("%n case(s) reaching 12 months noticed", len(agenda.notices))
        )
        self.research.show_meeting(meeting)

    def _selected_line(self) -> AgendaLine | None:
        index = self.agenda_table.currentIndex()
        return self.agenda_model.row_at(index.row()) if index.isValid() else None

    def _selected_case(self) -> int | None:
        line = self._selected_line()
        return line.case.case_id if line is not None and line.case else None

    def _act(self, work: Any, keep_case: bool = True) -> bool:
        """Run one service call; a refusal is shown and the page reloads either way."""
        selected = self.agenda_table.currentIndex().row()
        try:
            work()
        except MaracDeskError as exc:
            show_error(self, tr("Meetings"), str(exc))
            return False
        finally:
            self.refresh()
            if keep_case and selected >= 0:
                self.agenda_table.selectRow(selected)
        return True

    # -- meeting --------------------------------------------------------------------

    def start_conference(self) -> None:
        """Hand the window over to conference mode for the chosen meeting."""
        meeting = self.meeting
        window = self.window()
        if meeting is not None and hasattr(window, "start_conference"):
            window.start_conference(meeting.meeting_id)

    def new_meeting(self) -> None:
        dialog = MeetingDialog(self.vault, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh(select=dialog.saved_id)

    def edit_meeting(self) -> None:
        if self.meeting and MeetingDialog(self.vault, self.meeting, self).exec():
            self.refresh()

    # -- agenda ---------------------------------------------------------------------

    def add_cases(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        dialog = AddCasesDialog(self.vault, self)
        if dialog.list.count() == 0:
            show_info(self, tr("List cases"), tr("No accepted cases are waiting for a meeting."))
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
            self._act(lambda: meetings.add_cases(self.vault, meeting.meeting_id, dialog.chosen()))

    def move_case(self, steps: int) -> None:
        meeting, case_id = self.meeting, self._selected_case()
        if meeting is None or case_id is None:
            return
        row = self.agenda_table.currentIndex().row()
        if self._act(lambda: meetings.move(self.vault, meeting.meeting_id, case_id, steps), False):
            target = max(0, min(self.agenda_model.rowCount() - 1, row + steps))
            line = self.agenda_model.row_at(target)
            if line.case is None:  # clamped at the first or last case
                target = row
            self.agenda_table.selectRow(target)

    def suggested_order(self) -> None:
        if self.meeting:
            meeting_id = self.meeting.meeting_id
            self._act(lambda: meetings.use_suggested_order(self.vault, meeting_id), False)

    def time_box(self) -> None:
        meeting, case_id = self.meeting, self._selected_case()
        if meeting is None or case_id is None:
            return
        minutes, ok = QInputDialog.getInt(
            self,
            tr("Time box"),
            tr("Minutes for this case:"),
            meeting.details.minutes_per_case,
            1,
            120,
        )
        if ok:
            self._act(
                lambda: meetings.set_time_box(self.vault, meeting.meeting_id, case_id, minutes)
            )

    def add_break(self) -> None:
        """A break after the chosen case (or the last), its planned times following."""
        from marac_desk.ui.agenda_break import BreakDialog

        meeting = self.meeting
        if meeting is None:
            return
        index = self.agenda_table.currentIndex()
        lines = self.agenda_model.rows()
        upto = lines[: index.row() + 1] if index.isValid() else lines
        listed = sum(1 for line in lines if line.case is not None)
        after = sum(1 for line in upto if line.case is not None) if index.isValid() else listed
        dialog = BreakDialog(self.vault, meeting.meeting_id, listed, after, self)
        if dialog.exec() and dialog.break_id is not None:
            self.refresh(select=meeting.meeting_id)

    def take_off(self) -> None:
        meeting, case_id = self.meeting, self._selected_case()
        line = self._selected_line()
        if meeting is not None and line is not None and line.break_id is not None:
            break_id = line.break_id
            self._act(lambda: meetings.remove_break(self.vault, meeting.meeting_id, break_id))
            return
        if meeting is None or case_id is None:
            return
        reason, ok = QInputDialog.getText(
            self, tr("Take off the agenda"), tr("Why is this case taken off the agenda?")
        )
        if ok:
            self._act(
                lambda: meetings.remove_case(self.vault, meeting.meeting_id, case_id, reason), False
            )

    def open_summary(self) -> None:
        meeting, case_id = self.meeting, self._selected_case()
        if meeting is None or case_id is None:
            return
        try:
            built = case_summary.load(self.vault, meeting.meeting_id, case_id)
        except MaracDeskError as exc:
            show_error(self, tr("Case summary"), str(exc))
            return
        meeting_id = meeting.meeting_id
        SummaryDialog(
            built,
            self,
            lambda path: summary_export.export_summary(self.vault, meeting_id, case_id, path),
            lambda: printed.record(self.vault, "summary", meeting_id=meeting_id, case_id=case_id),
        ).exec()

    def print_agenda(self) -> None:
        if self.meeting is None:
            return
        meeting_id = self.meeting.meeting_id
        try:
            html = agenda_export.agenda_html(agenda_export.gather(self.vault, meeting_id))
        except MaracDeskError as exc:
            show_error(self, tr("Print the agenda"), str(exc))
            return
        print_html(
            self,
            tr("Print the agenda"),
            html,
            lambda: printed.record(self.vault, "agenda", meeting_id=meeting_id),
        )

    def export_agenda(self) -> None:
        if self.meeting is None:
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Export the agenda into"))
        if not folder:
            return
        meeting_id = self.meeting.meeting_id
        try:
            with busy():
                written = agenda_export.export_agenda(self.vault, meeting_id, Path(folder))
        except MaracDeskError as exc:
            show_error(self, tr("Export agenda"), str(exc))
            return
        show_info(
            self,
            tr("Export agenda"),
            tr("Written:\n{0}").format("\n".join(str(p) for p in written)),
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.tabs.setCurrentIndex(1)
            self.research.import_files(paths)
