"""The Research tab of the Meetings page: where each agency stands with each case's
research, the packs that ask for it, and the returns that come back (imported, phoned or
emailed in), each opened with its history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.dates import uk_from_iso
from marac_desk.domain.meetings import AgendaCase
from marac_desk.domain.research import Standing
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import research_import, research_pack
from marac_desk.storage import agencies, meetings, research, research_packs
from marac_desk.storage import research_status as status
from marac_desk.storage.meetings import Meeting
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import fit_columns, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.research_import_preview import ResearchImportPreview
from marac_desk.ui.research_returns import RecordReturnDialog, ReturnDialog, when
from marac_desk.ui.tick_list import TickListDialog
from marac_desk.ui.widgets import (
    add_button,
    busy,
    hint_label,
    show_error,
    show_info,
    tr,
)

# Where research stands, at a glance: overdue stands out, a nil return is quiet.
STANDING_COLOURS = {
    Standing.OVERDUE.label: ("#fde2e1", "#8a1c1c"),
    Standing.NOT_SENT.label: ("#fff4d6", "#6b4e00"),
    Standing.RETURNED.label: ("#e3f4e8", "#1b5e31"),
    Standing.NIL.label: ("#eef1f5", "#3b4654"),
}


class StandingModel(RowsModel[tuple[str, list[str]]]):
    """The research grid: a row per case (named at the left, where it stays as the grid
    scrolls sideways), a column per agency, each cell shaded by where that agency stands
    with that case, and the words said too."""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.row_at(section)[0] if 0 <= section < self.rowCount() else None
            return None
        return super().headerData(section, orientation, role)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = STANDING_COLOURS.get(str(super().data(index)))
            if colours is None:
                return None
            background = role == Qt.ItemDataRole.BackgroundRole
            return QBrush(QColor(colours[0] if background else colours[1]))
        return super().data(index, role)


def two_lines(name: str) -> str:
    """An agency's name as a heading of two lines, split at the space nearest its middle,
    so a column per agency stays narrow ("Children's social\ncare")."""
    if len(name) < 14 or " " not in name:
        return name
    middle = len(name) / 2
    split = min((i for i, ch in enumerate(name) if ch == " "), key=lambda i: abs(i - middle))
    return f"{name[:split]}\n{name[split + 1 :]}"


def _sent_on(sent: str | None) -> str:
    """ "Sent 28/11/2026" from the grid's "<when>, <how>" (how is on the packs' list)."""
    if not sent:
        return tr("Not recorded")
    return tr("Sent {0}").format(uk_from_iso(sent.split(",")[0][:10]))


def _cell(index: int) -> Any:
    return lambda r: r[1][index]


class ResearchTab(QWidget):
    """The research grid and what acts on it, for the meeting the page has chosen."""

    def __init__(
        self,
        vault: Vault,
        current: Callable[[], Meeting | None],
        reload: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self._current = current
        self._reload = reload
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        add_button(row, tr("Send research &requests…"), self.send_requests)
        add_button(row, tr("Make research &packs…"), self.make_packs)
        add_button(row, tr("Record packs &sent…"), self.record_sent)
        add_button(row, tr("&Import returns…"), self.choose_imports)
        row.addStretch(1)
        layout.addLayout(row)
        # A second row: on a laptop one row would cut the buttons' words short.
        second = QHBoxLayout()
        add_button(second, tr("Record &phoned or emailed research…"), self.record_return)
        add_button(second, tr("C&hase overdue…"), self.chase)
        second.addStretch(1)
        layout.addLayout(second)
        self.grid: status.Grid | None = None
        self.grid_model: RowsModel[tuple[str, list[str]]] = RowsModel([], self)
        self.grid_table = make_table(tr("Research by case and agency"))
        self.grid_table.setSortingEnabled(False)
        # A column per agency: with fifteen asked it scrolls sideways, the cases staying
        # named at the left.
        self.grid_table.verticalHeader().setVisible(True)
        self.grid_table.horizontalHeader().setStretchLastSection(False)
        self.grid_table.setProperty("scrollsSideways", True)
        self.grid_table.setModel(self.grid_model)
        self.grid_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid_table.activated.connect(lambda _i: self.open_return())
        layout.addWidget(self.grid_table, 1)
        self.research_line = hint_label()
        layout.addWidget(self.research_line)

    @property
    def meeting(self) -> Meeting | None:
        return self._current()

    def refresh(self) -> None:
        self._reload()

    def _run(self, work: Callable[[], None]) -> None:
        """Run one service call; a refusal is shown and the page reloads either way."""
        try:
            work()
        except MaracDeskError as exc:
            show_error(self, tr("Research"), str(exc))
        finally:
            self.refresh()

    def show_meeting(self, meeting: Meeting | None) -> None:
        if meeting is None:
            self.grid_model.clear()
            self.grid = None
            return
        grid = status.grid(self.vault, meeting.meeting_id, date.today())
        columns: list[Column[tuple[str, list[str]]]] = [
            Column(two_lines(grid.names.get(code, code)), _cell(index))
            for index, code in enumerate(grid.agencies)
        ]
        rows = [
            (
                f"{case.reference}  {case.victim}",
                [grid.cells[(code, case.case_id)].label for code in grid.agencies],
            )
            for case in grid.cases
        ]
        if grid.agencies:
            rows.append(
                (
                    tr("Pack sent"),
                    [_sent_on(grid.sent.get(code)) for code in grid.agencies],
                )
            )
        self.grid = grid
        self.grid_model = StandingModel(columns, self)
        self.grid_model.set_rows(rows)
        self.grid_table.setModel(self.grid_model)
        fit_columns(self.grid_table)
        if not meeting.collects_research:
            self.research_line.setText(tr("This meeting does not collect written research."))
        elif not grid.agencies:
            self.research_line.setText(tr("No research packs made yet."))
        else:
            unsent = [code for code in grid.agencies if code not in grid.sent]
            line = (
                plural("%n agenc(y/ies) asked", len(grid.sent))
                + " "
                + plural("about %n case(s).", len(grid.cases))
                + " "
                + tr(
                    "Open a cell (Enter or double-click) to read that agency's return and "
                    "its history."
                )
            )
            if unsent:
                line += " " + plural(
                    "%n (agency's pack is/agencies' packs are) not recorded as sent: "
                    "(it is/they are) not asked yet.",
                    len(unsent),
                )
            self.research_line.setText(line)

    def send_requests(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        from marac_desk.ui.request_files import send_requests

        if send_requests(self, self.vault, meeting.meeting_id):
            self.refresh()

    def choose_pack_agencies(self, meeting: Meeting) -> list[str]:
        """The agencies to make Word packs for, ticked by default when involved in a case
        or usually asked (see research_packs.suggested_agencies); [] when cancelled."""
        suggested = research_packs.suggested_agencies(self.vault, meeting.meeting_id)
        items = [
            (
                a.code,
                f"{a.name} ({a.code})"
                + (f": {tr(suggested[a.code.upper()])}" if a.code.upper() in suggested else ""),
                a.code.upper() in suggested,
            )
            for a in agencies.list_agencies(self.vault, include_inactive=False)
        ]
        dialog = TickListDialog(
            tr("Make research packs"),
            tr(
                "One Word pack is made for each agency ticked. An agency counts as asked "
                "only once its pack is recorded as sent, and is overdue only after the "
                "research deadline that pack gave."
            ),
            items,
            self,
            accessible=tr("Agencies to make research packs for"),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return dialog.chosen()

    def make_packs(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        try:
            codes = self.choose_pack_agencies(meeting)
        except MaracDeskError as exc:
            show_error(self, tr("Research packs"), str(exc))
            return
        if not codes:
            return
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
                plural(
                    "%n pack(s) written to {0}. Send (it/each) to its agency by secure "
                    "email, then record (it/them) as sent.",
                    len(made),
                ).format(folder),
            )
        self.refresh()

    def choose_sent(self, unsent: list[research_packs.PackInfo]) -> list[int]:
        """The packs (ids) the coordinator ticks as sent; [] when cancelled."""
        names = research.directory(self.vault.conn)
        items = [
            (
                str(p.pack_id),
                tr("{0}, made {1} ({2})").format(
                    names.get(p.agency_code.upper(), p.agency_code),
                    when(p.created_at),
                    tr("sealed request") if p.sealed else tr("Word pack"),
                ),
                True,
            )
            for p in unsent
        ]
        dialog = TickListDialog(
            tr("Packs sent"),
            tr("Tick each pack that has been sent today. Agencies count as asked from now."),
            items,
            self,
            accessible=tr("Packs to record as sent"),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return [int(key) for key in dialog.chosen()]

    def record_sent(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        unsent = [p for p in research_packs.packs(self.vault, meeting.meeting_id) if not p.sent_at]
        if not unsent:
            show_info(self, tr("Packs sent"), tr("Every pack is already recorded as sent."))
            return
        chosen = self.choose_sent(unsent)
        if not chosen:
            return
        how, ok = QInputDialog.getText(
            self,
            tr("Packs sent"),
            plural("How (was the pack/were the %n packs) sent today?", len(chosen)),
            text=tr("Secure email"),
        )
        if ok:

            def record() -> None:
                for pack_id in chosen:
                    research_packs.record_sent(self.vault, pack_id, how, date.today())

            self._run(record)

    def _grid_cell(self) -> tuple[str | None, AgendaCase | None]:
        """The agency and case of the research grid's current cell, where it has them."""
        index = self.grid_table.currentIndex()
        grid = self.grid
        if grid is None or not index.isValid() or index.column() >= len(grid.agencies):
            return None, None
        row = index.row()
        case = grid.cases[row] if 0 <= row < len(grid.cases) else None  # the last: packs
        return grid.agencies[index.column()], case

    def chase(self) -> None:
        """A chaser per overdue agency to paste into secure email, and the chase recorded."""
        from marac_desk.ui.research_chase import ChaseDialog

        meeting = self.meeting
        if meeting is None or not meeting.collects_research:
            return
        try:
            dialog = ChaseDialog(self.vault, meeting.meeting_id, date.today(), self)
        except MaracDeskError as exc:
            show_error(self, tr("Research"), str(exc))
            return
        dialog.exec()
        if dialog.recorded:
            self.refresh()

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
            self,
            tr("Import research returns"),
            "",
            tr(
                "Research returns (*.marac *.docx);;Research return files (*.marac);;"
                "Word documents (*.docx)"
            ),
        )
        if files:
            self.import_files([Path(f) for f in files])

    def preview_import(self, planned: research_import.PlannedImport) -> set[int] | None:
        """Shows what the file will do; the cases whose earlier return is to be replaced,
        or None when the coordinator chose not to import it."""
        dialog = ResearchImportPreview(self.vault, planned, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.replace_ids()

    def import_files(self, paths: list[Path]) -> list[str]:
        """Show each file's preview, import it in its own transaction and report every
        file's outcome."""
        meeting = self.meeting
        lines: list[str] = []
        for path in paths:
            try:
                planned = research_import.plan(
                    self.vault, path, meeting.meeting_id if meeting else None
                )
                replace = self.preview_import(planned)
                if replace is None:
                    lines.append(tr("{0}: not imported.").format(path.name))
                    continue
                count = research_import.run(self.vault, planned, replace=replace)
                line = plural("{0}: {1}, %n case(s) imported.", count).format(
                    path.name, planned.agency_name
                )
                kept = len(planned.conflicts) - len(replace)
                if kept:
                    line += " " + plural("%n case(s) kept (its/their) earlier return.", kept)
                lines.append(line)
            except MaracDeskError as exc:
                lines.append(tr("Refused: {0}").format(exc))
        self.refresh()
        if lines:
            show_info(self, tr("Research returns"), "\n\n".join(lines))
        return lines
