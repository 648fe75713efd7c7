"""The review of outstanding actions from earlier meetings: choose a line, press 1 to 5
for what happened, type a note, press Enter; the next line is then chosen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.actions import REVIEW_CHOICES, ActionStatus
from marac_desk.domain.dates import uk_date
from marac_desk.errors import MaracDeskError
from marac_desk.storage.actions import ActionRow
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import fit_columns
from marac_desk.ui.widgets import KeyMap, add_button, error_label, hint_label, tr, wrap_rows


def review_columns(
    names: Mapping[str, str], meeting_id: int, today: date
) -> list[Column[ActionRow]]:
    # Two-line cells and the action last (taking the width left) keep every column on a
    # laptop screen: nothing scrolls sideways.
    return [
        Column(tr("Case"), lambda r: f"{r.reference}\n{tr('agreed')} {uk_date(r.agreed_on)}"),
        Column(tr("Owner"), lambda r: _owner(r, names)),
        Column(
            tr("Due"),
            lambda r: uk_date(r.action.due_on, tr("No date")),
            alert=lambda r: r.overdue(today),
        ),
        Column(
            tr("Status"),
            lambda r: (
                r.action.status.label
                + (tr("\n(reviewed now)") if r.reviewed_at == meeting_id else "")
            ),
        ),
        Column(
            tr("Action"),
            lambda r: (
                r.action.text
                + (tr("\nNote: {0}").format(r.action.status_note) if r.action.status_note else "")
            ),
        ),
    ]


STATUS_COLUMN = 3
STATUS_WIDTH = 240


def _owner(row: ActionRow, names: Mapping[str, str]) -> str:
    agency = names.get(row.action.owner_agency, row.action.owner_agency) or tr("No agency")
    return f"{agency}\n{row.action.owner_name}" if row.action.owner_name else agency


class ReviewPanel(QWidget):
    reviewed = Signal()

    def __init__(
        self,
        names: Mapping[str, str],
        meeting_id: int,
        update: Callable[[int, ActionStatus, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.update_status = update
        self.today = date.today()
        self.model: RowsModel[ActionRow] = RowsModel(
            review_columns(names, meeting_id, self.today), self
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Outstanding actions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        wrap_rows(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QComboBox()
        self.status.setAccessibleName(tr("What happened"))
        for number, status in enumerate(REVIEW_CHOICES, start=1):
            self.status.addItem(f"{number}  {status.label}", status)
        self.note = QLineEdit()
        self.note.setAccessibleName(tr("Note for the minutes"))
        self.note.setPlaceholderText(tr("Note for the minutes (needed when not completed)"))
        self.note.returnPressed.connect(self.record)
        self.error = error_label()
        self.count = QLabel()
        self.count.setObjectName("flagText")
        title = QLabel(tr("Review of outstanding actions from earlier meetings"))
        title.setObjectName("sectionTitle")
        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addWidget(
            hint_label(
                tr(
                    "Choose an action, press 1 Completed · 2 In progress · 3 Not completed: "
                    "circumstances changed · 4 Not completed · 5 No longer required, type a "
                    "note and press Enter."
                )
            )
        )
        column.addWidget(self.count)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.status)
        row.addWidget(self.note, 1)
        add_button(row, tr("Record"), self.record)
        column.addLayout(row)
        column.addWidget(self.error)
        keys: dict[str, Callable[[], None]] = {
            str(n): partial(self.choose, n) for n in range(1, len(REVIEW_CHOICES) + 1)
        }
        self.keys = KeyMap(self.table, keys)

    def show_rows(self, rows: list[ActionRow], select: int = 0) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table)
        width = self.table.columnWidth(STATUS_COLUMN)
        self.table.setColumnWidth(STATUS_COLUMN, min(width, STATUS_WIDTH))
        self.table.resizeRowsToContents()
        left = sum(1 for r in rows if r.action.status.outstanding)
        overdue = sum(1 for r in rows if r.overdue(self.today))
        self.count.setText(
            tr("{0} outstanding, {1} of them overdue; {2} listed.").format(left, overdue, len(rows))
            if rows
            else tr("No outstanding actions from earlier meetings.")
        )
        if rows:
            self.table.selectRow(min(select, len(rows) - 1))

    def focus_table(self) -> None:
        self.table.setFocus()

    def choose(self, number: int) -> None:
        self.status.setCurrentIndex(number - 1)
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.note.setText(self.model.row_at(row).action.status_note)
        self.note.setFocus()
        self.note.selectAll()

    def record(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            self.error.setText(tr("Choose an action in the list first."))
            return
        action = self.model.row_at(row).action
        self.error.clear()
        try:
            assert action.action_id is not None
            self.update_status(
                action.action_id, ActionStatus(self.status.currentData()), self.note.text()
            )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.note.clear()
        self.reviewed.emit()
        self.table.selectRow(min(row + 1, self.model.rowCount() - 1))
        # Back to the list: the next line is chosen, ready for its number.
        self.table.setFocus()
        self.table.setFocus()
