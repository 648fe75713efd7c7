"""Meetings (coordinators): the agenda of each meeting and where agency research stands."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from marac_desk.domain.meetings import AgendaCase, AgendaLine, MeetingDetails
from marac_desk.domain.research import Standing
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import agenda_export, research_import, research_pack, summary_export
from marac_desk.storage import agencies, case_summary, cases, meetings, research
from marac_desk.storage import research_status as status
from marac_desk.storage.meetings import Meeting
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import Page, make_table
from marac_desk.ui.research_returns import RecordReturnDialog, ReturnDialog
from marac_desk.ui.summary_view import SummaryDialog
from marac_desk.ui.widgets import QtAsker, busy, error_label, hint_label, show_error, show_info, tr

AGENDA_COLUMNS: list[Column[AgendaLine]] = [
    Column(tr("Time"), lambda line: f"{line.starts:%H:%M}"),
    Column(tr("Item"), lambda line: line.case.reference if line.case else line.title),
    Column(tr("Victim"), lambda line: line.case.victim if line.case else ""),
    Column(tr("Section"), lambda line: line.section),
    Column(tr("Minutes"), lambda line: str(line.minutes)),
    Column(tr("Flags"), lambda line: line.case.flags if line.case else ""),
]


# Where research stands, at a glance: overdue stands out, a nil return is quiet.
STANDING_COLOURS = {
    Standing.OVERDUE.label: ("#fde2e1", "#8a1c1c"),
    Standing.RETURNED.label: ("#e3f4e8", "#1b5e31"),
    Standing.NIL.label: ("#eef1f5", "#3b4654"),
}


class StandingModel(RowsModel[tuple[str, list[str]]]):
    """The research grid, each cell shaded by where that agency stands with that case."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = STANDING_COLOURS.get(str(super().data(index)))
            if colours is None:
                return None
            background = role == Qt.ItemDataRole.BackgroundRole
            return QBrush(QColor(colours[0] if background else colours[1]))
        return super().data(index, role)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _cell(index: int) -> Any:
    return lambda r: r[1][index]


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
        self.resize(560, 480)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Accepted cases"))
        for row in cases.register(vault, meetings.eligible(vault)):
            children = tr(", {0} children").format(row.children) if row.children else ""
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
        top.addWidget(self.chooser, 1)
        top.addWidget(new)
        top.addWidget(self.edit_button)
        self.page_layout.addLayout(top)
        self.summary_line = hint_label()
        self.page_layout.addWidget(self.summary_line)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._agenda_tab(), tr("&Agenda"))
        self.tabs.addTab(self._research_tab(), tr("&Research"))
        self.page_layout.addWidget(self.tabs, 1)
        self.meetings: list[Meeting] = []

    # -- building -------------------------------------------------------------------

    def _button(self, row: QHBoxLayout, text: str, slot: Any, shortcut: str = "") -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(shortcut)
        row.addWidget(button)
        return button

    def _agenda_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        # Two rows: what changes the list, then its order; the buttons never clip their
        # labels on a small laptop screen.
        row = QHBoxLayout()
        self._button(row, tr("List &cases…"), self.add_cases)
        self._button(row, tr("Ta&ke off…"), self.take_off)
        self._button(row, tr("&Time box…"), self.time_box)
        row.addStretch(1)
        self._button(row, tr("Case &summary"), self.open_summary)
        self._button(row, tr("&Export agenda…"), self.export_agenda)
        layout.addLayout(row)
        order = QHBoxLayout()
        self._button(order, tr("Move &up"), lambda: self.move_case(-1), "Ctrl+Up")
        self._button(order, tr("Move do&wn"), lambda: self.move_case(1), "Ctrl+Down")
        self._button(order, tr("&Suggested order"), self.suggested_order)
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

    def _research_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self._button(row, tr("Make research &packs…"), self.make_packs)
        self._button(row, tr("Record packs &sent…"), self.record_sent)
        self._button(row, tr("&Import returns…"), self.choose_imports)
        self._button(row, tr("Record &phoned or emailed research…"), self.record_return)
        row.addStretch(1)
        layout.addLayout(row)
        self.grid: status.Grid | None = None
        self.grid_model: RowsModel[tuple[str, list[str]]] = RowsModel([], self)
        self.grid_table = make_table(tr("Research by agency and case"))
        self.grid_table.setSortingEnabled(False)
        self.grid_table.setModel(self.grid_model)
        self.grid_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid_table.activated.connect(lambda _i: self.open_return())
        layout.addWidget(self.grid_table, 1)
        self.research_line = hint_label()
        layout.addWidget(self.research_line)
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
                tr("{0} · {1} · {2} cases").format(m.details.title, m.details.where, m.cases)
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
        if meeting is None:
            self.summary_line.setText(tr("No meetings yet: choose New meeting to plan one."))
            self.agenda_model.clear()
            self.grid_model.clear()
            self.grid = None
            return
        agenda = meetings.agenda(self.vault, meeting.meeting_id)
        details = meeting.details
        self.summary_line.setText(
            tr("Chair: {0} · Minutes: {1} · Research: {2}").format(
                details.chair or tr("not set"),
                details.minute_taker or tr("not set"),
                tr("by {0}").format(details.research_deadline.isoformat())
                if details.research_deadline
                else tr("not collected in writing"),
            )
        )
        self.agenda_model.set_rows(agenda.lines)
        self.agenda_table.resizeColumnsToContents()
        self.end_line.setText(
            tr("{0} cases · planned end {1} · {2} cases reaching 12 months noticed").format(
                len(agenda.cases), f"{agenda.ends:%H:%M}", len(agenda.notices)
            )
        )
        self._show_grid(meeting)

    def _show_grid(self, meeting: Meeting) -> None:
        grid = status.grid(self.vault, meeting.meeting_id, date.today())
        columns: list[Column[tuple[str, list[str]]]] = [Column(tr("Agency"), lambda r: r[0])]
        for index, case in enumerate(grid.cases):
            columns.append(Column(case.reference, _cell(index)))
        columns.append(Column(tr("Pack sent"), lambda r: r[1][-1]))
        rows = [
            (
                grid.names.get(code, code),
                [grid.cells[(code, c.case_id)].label for c in grid.cases]
                + [grid.sent.get(code, tr("Not recorded"))],
            )
            for code in grid.agencies
        ]
        self.grid = grid
        self.grid_model = StandingModel(columns, self)
        self.grid_model.set_rows(rows)
        self.grid_table.setModel(self.grid_model)
        self.grid_table.resizeColumnsToContents()
        if not meeting.collects_research:
            self.research_line.setText(tr("This meeting does not collect written research."))
        elif not grid.agencies:
            self.research_line.setText(tr("No research packs made yet."))
        else:
            self.research_line.setText(
                tr(
                    "{0} agencies asked about {1} cases. Open a cell (Enter or double-click) "
                    "to read that agency's return and its history."
                ).format(len(grid.agencies), len(grid.cases))
            )

    def _selected_case(self) -> int | None:
        index = self.agenda_table.currentIndex()
        if not index.isValid():
            return None
        line = self.agenda_model.row_at(index.row())
        return line.case.case_id if line.case else None

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

    def take_off(self) -> None:
        meeting, case_id = self.meeting, self._selected_case()
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
        ).exec()

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

    # -- research -------------------------------------------------------------------

    def make_packs(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        codes = [a.code for a in agencies.list_agencies(self.vault, include_inactive=False)]
        folder = QFileDialog.getExistingDirectory(self, tr("Save the research packs into"))
        if not folder:
            return
        try:
            with busy():
                made = research_pack.make_packs(self.vault, meeting.meeting_id, codes, Path(folder))
        except MaracDeskError as exc:
            show_error(self, tr("Research packs"), str(exc))
        else:
            show_info(
                self,
                tr("Research packs"),
                tr(
                    "{0} packs written to {1}. Send each to its agency by secure email, then "
                    "record them as sent."
                ).format(len(made), folder),
            )
        self.refresh()

    def record_sent(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        from marac_desk.storage import research_packs

        unsent = [p for p in research_packs.packs(self.vault, meeting.meeting_id) if not p.sent_at]
        if not unsent:
            show_info(self, tr("Packs sent"), tr("Every pack is already recorded as sent."))
            return
        how, ok = QInputDialog.getText(
            self,
            tr("Packs sent"),
            tr("{0} packs not yet recorded as sent. How were they sent today?").format(len(unsent)),
            text=tr("Secure email"),
        )
        if ok:

            def record() -> None:
                for pack in unsent:
                    research_packs.record_sent(self.vault, pack.pack_id, how, date.today())

            self._act(record)

    def _grid_cell(self) -> tuple[str | None, AgendaCase | None]:
        """The agency and case of the research grid's current cell, where it has them."""
        index = self.grid_table.currentIndex()
        grid = self.grid
        if grid is None or not index.isValid() or index.row() >= len(grid.agencies):
            return None, None
        column = index.column() - 1
        case = grid.cases[column] if 0 <= column < len(grid.cases) else None
        return grid.agencies[index.row()], case

    def open_return(self) -> None:
        meeting, grid = self.meeting, self.grid
        agency, case = self._grid_cell()
        if meeting is None or grid is None or agency is None or case is None:
            return
        try:
            dialog = ReturnDialog(self.vault, meeting.meeting_id, case, agency, grid.names, self)
        except MaracDeskError as exc:
            show_error(self, tr("Research"), str(exc))
            return
        dialog.exec()
        # Only after a change: a dialog closed by the window locking finds the vault shut.
        if dialog.recorded:
            self.refresh()

    def record_return(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        agency, case = self._grid_cell()
        listed = meetings.agenda_cases(self.vault.conn, meeting.meeting_id)
        if not meeting.collects_research or not listed:
            show_info(
                self,
                tr("Record research"),
                tr(
                    "List cases on a meeting that collects research (it has a research "
                    "deadline) first."
                ),
            )
            return
        names = research.directory(self.vault.conn)
        dialog = RecordReturnDialog(self.vault, meeting.meeting_id, listed, names, agency, self)
        if case is not None:
            dialog.case.setCurrentIndex(dialog.case.findData(case.case_id))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def choose_imports(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, tr("Import research returns"), "", tr("Word documents (*.docx)")
        )
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]) -> list[str]:
        """Import each pack in its own transaction and report every file's outcome."""
        meeting = self.meeting
        lines: list[str] = []
        asker = QtAsker(self)
        for path in paths:
            try:
                planned = research_import.plan(
                    self.vault, path, meeting.meeting_id if meeting else None
                )
                replace = False
                if planned.conflicts:
                    names = ", ".join(r.reference for r in planned.conflicts)
                    replace = asker.confirm(
                        tr("Replace earlier research?"),
                        tr(
                            "{0} already returned research for {1}. Replace it with this file? "
                            "The earlier return is kept in the history."
                        ).format(planned.agency_name, names),
                    )
                    if not replace:
                        lines.append(tr("{0}: left as it was.").format(path.name))
                        continue
                count = research_import.run(self.vault, planned, replace=replace)
                line = tr("{0}: {1}, {2} cases imported.").format(
                    path.name, planned.agency_name, count
                )
                if planned.warnings:
                    line += "\n  " + "\n  ".join(planned.warnings)
                lines.append(line)
            except MaracDeskError as exc:
                lines.append(tr("Refused: {0}").format(exc))
        self.refresh()
        if lines:
            show_info(self, tr("Research returns"), "\n\n".join(lines))
        return lines

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.tabs.setCurrentIndex(1)
            self.import_files(paths)
