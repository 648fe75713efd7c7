"""Chasing actions overdue between meetings: a ready chaser per owner agency, with its
single point of contact, to paste into secure email; the chase recorded."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.action_chase import Late
from marac_desk.errors import MaracDeskError
from marac_desk.storage import action_chase
from marac_desk.storage.vault import Vault
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import error_label, fit_to_screen, hint_label, tr


class ActionChaseDialog(QDialog):
    def __init__(
        self,
        vault: Vault,
        today: date,
        agency: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.today = today
        self.recorded = False
        self.setWindowTitle(tr("Chase overdue actions"))
        self.late = action_chase.late(vault, today)
        days = action_chase.chase_after_days(vault)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Agencies with actions to chase"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for found in self.late:
            item = QListWidgetItem(
                plural("{0}: %n action(s)", len(found.actions)).format(found.agency_name)
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact.setAccessibleName(tr("Single point of contact"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("Chaser to paste into secure email"))
        self.copy = QPushButton(tr("&Copy the text"))
        self.copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.text.toPlainText())
        )
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
        text_column.addWidget(self.contact)
        text_column.addWidget(self.text, 1)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy)
        copy_row.addStretch(1)
        text_column.addLayout(copy_row)
        side.addLayout(text_column, 3)
        column = QVBoxLayout(self)
        column.addWidget(
            hint_label(
                plural(
                    "Actions still open more than %n day(s) after their due date, by the "
                    "agency that owns them. Each chaser names the actions by case reference, "
                    "meeting and due date only. Send it by secure email, then tick the "
                    "agencies chased and record them.",
                    days,
                )
                if self.late
                else tr("No action is overdue by more than the setting.")
            )
        )
        column.addLayout(side, 1)
        column.addWidget(self.error)
        column.addWidget(buttons)
        fit_to_screen(self, 980, 560)
        chosen = next(
            (n for n, found in enumerate(self.late) if found.agency_code == agency.upper()), 0
        )
        if self.late:
            self.list.setCurrentRow(chosen)
        self.record_button.setEnabled(bool(self.late))
        self.copy.setEnabled(bool(self.late))

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.late):
            found = self.late[row]
            self.contact.setText(tr("Single point of contact: {0}").format(found.contact_line))
            self.text.setPlainText(action_chase.text_for(self.vault, found, self.today))

    def ticked(self) -> list[Late]:
        return [
            found
            for row, found in enumerate(self.late)
            if (item := self.list.item(row)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def record(self) -> None:
        self.error.clear()
        try:
            action_chase.record(self.vault, self.ticked())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.recorded = True
        self.accept()
