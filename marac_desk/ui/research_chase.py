"""Chasing overdue research: a ready chaser per agency to paste into secure email, and the
chase recorded."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.dates import uk_date_time
from marac_desk.domain.research_chase import Overdue
from marac_desk.errors import MaracDeskError
from marac_desk.storage import research_chase
from marac_desk.storage.vault import Vault
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import error_label, fit_to_screen, hint_label, tr


class ChaseDialog(QDialog):
    def __init__(
        self, vault: Vault, meeting_id: int, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.meeting_id = meeting_id
        self.today = today
        self.recorded = False
        self.setWindowTitle(tr("Chase overdue research"))
        self.overdue = research_chase.overdue(vault, meeting_id, today)
        chased = research_chase.chases(vault, meeting_id)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Agencies with research overdue"))
        self.list.setWordWrap(True)  # a long agency name wraps, never scrolls sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for found in self.overdue:
            line = plural("{0}: %n case(s) overdue", len(found.references)).format(
                found.agency_name
            )
            last = chased.get(found.agency_code)
            if last is not None:
                line += tr(" (chased {0})").format(uk_date_time(last.chased_at))
            item = QListWidgetItem(line)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("Chaser to paste into secure email"))
        self.copy = QPushButton(tr("&Copy the text"))
        self.copy.clicked.connect(self.copy_text)
        self.error = error_label()
        self.list.currentRowChanged.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.record_button = buttons.addButton(
            tr("&Record the ticked as chased"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.record_button.clicked.connect(self.record)
        buttons.rejected.connect(self.reject)
        side = QHBoxLayout()
        side.addWidget(self.list, 2)
        text_column = QVBoxLayout()
        text_column.addWidget(self.text, 1)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy)
        copy_row.addStretch(1)
        text_column.addLayout(copy_row)
        side.addLayout(text_column, 3)
        column = QVBoxLayout(self)
        column.addWidget(
            hint_label(
                tr(
                    "Each chaser names the cases by reference only: the agency has the pack "
                    "with the people. Paste it into secure email, send it, then tick the "
                    "agencies chased and record them."
                )
                if self.overdue
                else tr("No agency's research is overdue for this meeting.")
            )
        )
        column.addLayout(side, 1)
        column.addWidget(self.error)
        column.addWidget(buttons)
        fit_to_screen(self, 980, 560)
        if self.overdue:
            self.list.setCurrentRow(0)
        self.record_button.setEnabled(bool(self.overdue))
        self.copy.setEnabled(bool(self.overdue))

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.overdue):
            text = research_chase.text_for(
                self.vault, self.meeting_id, self.overdue[row], self.today
            )
            self.text.setPlainText(text)

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def ticked(self) -> list[Overdue]:
        return [
            found
            for row, found in enumerate(self.overdue)
            if (item := self.list.item(row)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def record(self) -> None:
        self.error.clear()
        try:
            research_chase.record(self.vault, self.meeting_id, self.ticked())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.recorded = True
        self.accept()
