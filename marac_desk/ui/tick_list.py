"""A list to tick things in (agencies to send to, packs that went out), with a line of
explanation above it and Select all / Clear below."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desk.ui.widgets import fit_to_screen, hint_label, tr


class TickListDialog(QDialog):
    def __init__(
        self,
        title: str,
        hint: str,
        items: Sequence[tuple[str, str, bool]],  # (key, label, ticked)
        parent: QWidget | None = None,
        *,
        accessible: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.list = QListWidget()
        self.list.setAccessibleName(accessible or title)
        for key, label, ticked in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        choose = QHBoxLayout()
        for text, state in ((tr("Tick &all"), True), (tr("C&lear all"), False)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=state: self.tick_all(s))
            choose.addWidget(button)
        choose.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(hint))
        layout.addWidget(self.list, 1)
        layout.addLayout(choose)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 560, 460)

    def tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def chosen(self) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
