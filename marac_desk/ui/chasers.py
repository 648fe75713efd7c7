"""What every chaser dialog shares: a list of agencies to tick, the chaser for the one
chosen (to paste into secure email), Copy, and Record the ticked as chased. The research
chaser and the action chaser differ only in what they list, say and record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

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

from marac_desk.errors import MaracDeskError
from marac_desk.ui.widgets import error_label, fit_to_screen, hint_label, tr

Item = TypeVar("Item")


class ChaserDialog(QDialog, Generic[Item]):
    """Subclasses give the items and their lines, and say what each chaser is and how a
    chase is recorded."""

    def __init__(
        self,
        items: Sequence[Item],
        lines: Sequence[str],
        *,
        title: str,
        list_name: str,
        hint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.recorded = False
        self.setWindowTitle(title)
        self.list = QListWidget()
        self.list.setAccessibleName(list_name)
        self.list.setWordWrap(True)  # a long agency name wraps, never scrolls sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for line in lines:
            item = QListWidgetItem(line)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.above = QLabel()  # what a subclass says above the text (a contact), if any
        self.above.setWordWrap(True)
        self.above.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.above.setVisible(False)
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
        text_column.addWidget(self.above)
        text_column.addWidget(self.text, 1)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy)
        copy_row.addStretch(1)
        text_column.addLayout(copy_row)
        side.addLayout(text_column, 3)
        column = QVBoxLayout(self)
        column.addWidget(hint_label(hint))
        column.addLayout(side, 1)
        column.addWidget(self.error)
        column.addWidget(buttons)
        fit_to_screen(self, 980, 560)
        self.record_button.setEnabled(bool(self.items))
        self.copy.setEnabled(bool(self.items))

    def start_at(self, row: int) -> None:
        if self.items:
            self.list.setCurrentRow(row)

    # -- what a subclass says and does ------------------------------------------------

    def chaser_for(self, item: Item) -> str:
        raise NotImplementedError

    def above_text(self, item: Item) -> str:
        return ""

    def record_chased(self, chased: list[Item]) -> None:
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.items):
            chosen = self.items[row]
            said = self.above_text(chosen)
            self.above.setText(said)
            self.above.setVisible(bool(said))
            self.text.setPlainText(self.chaser_for(chosen))

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def ticked(self) -> list[Item]:
        return [
            found
            for row, found in enumerate(self.items)
            if (item := self.list.item(row)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def record(self) -> None:
        self.error.clear()
        try:
            self.record_chased(self.ticked())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.recorded = True
        self.accept()
