"""The close check: what the record still lacks, each line a way back to put it right,
then closing the meeting, which freezes its record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.conference import Missing
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import add_button, error_label, hint_label, tr


class ClosePanel(QWidget):
    def __init__(
        self,
        go_to: Callable[[Missing], None],
        close_meeting: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.go_to = go_to
        self.missing: list[Missing] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        title = QLabel(tr("Before closing the meeting"))
        title.setObjectName("sectionTitle")
        self.summary = QLabel()
        self.summary.setObjectName("flagText")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("What is missing from the record"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._on_activated)
        self.error = error_label()
        buttons = QHBoxLayout()
        self.close_button = add_button(
            buttons, tr("Close the meeting… (Ctrl+Shift+C)"), close_meeting
        )
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addWidget(
            hint_label(
                tr(
                    "Closing freezes the record: later changes are amendments, each with a "
                    "reason, kept in its history. Choose a line and press Enter to go and put "
                    "it right."
                )
            )
        )
        column.addWidget(self.summary)
        column.addWidget(self.list, 1)
        column.addWidget(self.error)
        column.addLayout(buttons)
        # Takes the space of the list while it is hidden (nothing missing), and none of it
        # while it is shown (the list's stretch wins).
        column.addStretch(0)

    def show_missing(
        self, missing: list[Missing], closed: bool, amending: str | None = None
    ) -> None:
        self.missing = missing
        self.list.clear()
        for number, gap in enumerate(missing):
            item = QListWidgetItem(f"{gap.part}: {gap.text}")
            item.setData(Qt.ItemDataRole.UserRole, number)
            self.list.addItem(item)
        if amending is not None:
            self.summary.setText(
                tr(
                    "This meeting is closed, and its record is being amended: {0}. Each "
                    "change is kept with that reason."
                ).format(amending)
            )
        elif closed:
            self.summary.setText(tr("This meeting is closed. Its record is frozen."))
        elif missing:
            self.summary.setText(
                plural("%n thing(s) (is/are) missing from the record.", len(missing))
            )
        else:
            self.summary.setText(tr("Nothing is missing: the meeting can be closed."))
        self.close_button.setEnabled(not closed and amending is None)
        self.list.setVisible(bool(missing))
        if missing:
            self.list.setCurrentRow(0)

    def focus_list(self) -> None:
        target = self.list if self.missing else self.close_button
        # Once closed the button is off and nothing may be missing: the panel itself
        # keeps the keyboard, so the window's shortcuts still have somewhere to start.
        (target if target.isEnabled() else self).setFocus()

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.go_to(self.missing[int(item.data(Qt.ItemDataRole.UserRole))])
