"""The help overlay listing every conference shortcut, and the dialog to jump to a case
on the agenda (never shown on a shared screen: it lists every case)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.conference import CaseRecord
from marac_desk.domain.meetings import AgendaCase
from marac_desk.ui.conference.attendance import KEYS
from marac_desk.ui.widgets import fit_to_screen, hint_label, tr


def panel_keys() -> list[tuple[str, str]]:
    """Keys that work inside one list only (the register, the review, a case's lists)."""
    keys = [(key, tr("Attendance register: {0}").format(what)) for key, what in KEYS]
    keys += [
        ("1 … 5", tr("Review: what happened to the chosen action, then type a note")),
        ("Return", tr("Review: record the status and note")),
        ("Return", tr("Case lists: change the chosen line")),
        ("Del", tr("Case lists: remove the chosen line")),
        ("Alt+1 … Alt+4", tr("Action: deadline today, 48 hours, 7 days, next meeting")),
        ("F1", tr("This list of shortcuts")),
        ("Ctrl+L", tr("Lock the window (everything typed is saved first)")),
    ]
    return keys


class ShortcutsDialog(QDialog):
    def __init__(
        self,
        shortcuts: list[tuple[str, str]],
        parent: QWidget | None = None,
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or tr("Conference shortcuts"))
        fit_to_screen(self, 760, 600)
        self.table = QTableWidget(len(shortcuts), 2)
        self.table.setAccessibleName(tr("Shortcuts"))
        self.table.setHorizontalHeaderLabels([tr("Keys"), tr("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(shortcuts):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        # Sized by Qt once the dialog has its final font (conference mode's is larger):
        # measured here, before styling, the keys column would cut "Ctrl+PgDown" short.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)

    def text(self) -> str:
        cells = [
            [item.text() if (item := self.table.item(r, c)) else "" for c in range(2)]
            for r in range(self.table.rowCount())
        ]
        return "\n".join("\t".join(row) for row in cells)


class GoToCaseDialog(QDialog):
    """Type part of a reference or name, then Enter."""

    def __init__(
        self,
        cases: list[AgendaCase],
        records: Mapping[int, CaseRecord],
        current: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Go to a case"))
        fit_to_screen(self, 620, 520)
        self.chosen: int | None = None
        self.filter = QLineEdit()
        self.filter.setAccessibleName(tr("Find a case"))
        self.filter.setPlaceholderText(tr("Type part of a reference or name"))
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Cases on the agenda"))
        for number, case in enumerate(cases, start=1):
            record = records.get(case.case_id)
            if record is None:
                state = tr("not opened yet")
            elif record.has_outcome:
                state = tr("outcome recorded")
            else:
                state = tr("opened, no outcome yet")
            here = tr(" — now") if case.case_id == current else ""
            item = QListWidgetItem(f"{number}. {case.reference} — {case.victim} ({state}){here}")
            item.setData(Qt.ItemDataRole.UserRole, case.case_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._on_filter)
        self.filter.returnPressed.connect(self._accept)
        self.list.itemActivated.connect(lambda _: self._accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.filter)
        column.addWidget(self.list, 1)
        column.addWidget(hint_label(tr("Up and down choose; Enter opens the case.")))
        column.addWidget(buttons)
        self.filter.setFocus()

    def _on_filter(self, text: str) -> None:
        first = -1
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = text.strip().lower() not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first < 0:
                first = row
        if first >= 0:
            self.list.setCurrentRow(first)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Up and down move the list while typing in the filter.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.filter.hasFocus():
            self.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
            self.accept()
