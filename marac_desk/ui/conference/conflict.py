"""Two saves of one case record: the other writer's and this window's, side by side."""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.conference import CaseRecord, record_text
from marac_desk.ui.widgets import fit_to_screen, tr


class ConflictChoice(enum.Enum):
    LATER = "later"
    THEIRS = "theirs"
    MINE = "mine"


class ConflictDialog(QDialog):
    """Neither version is lost until the person chooses; either text can be copied."""

    def __init__(self, theirs: CaseRecord, mine: CaseRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice = ConflictChoice.LATER
        self.setWindowTitle(tr("This case was saved elsewhere meanwhile"))
        fit_to_screen(self, 980, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Another marac-desk saved this case's record after this window last read it "
                "(a second window or computer on the same vault). Nothing was overwritten. "
                "Choose the version to keep; copy anything you need from the other first."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        for column, (heading, record, name) in enumerate(
            (
                (tr("Saved by the other marac-desk"), theirs, tr("The other version")),
                (tr("Yours, not saved yet"), mine, tr("Your version")),
            )
        ):
            label = QLabel(heading)
            label.setObjectName("sectionTitle")
            grid.addWidget(label, 0, column)
            text = QPlainTextEdit()
            text.setReadOnly(True)
            text.setPlainText(record_text(record))
            text.setAccessibleName(name)
            text.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            grid.addWidget(text, 1, column)
            if column == 0:
                self.theirs_text = text
            else:
                self.mine_text = text
        layout.addLayout(grid, 1)
        buttons = QDialogButtonBox()
        self.mine_button = buttons.addButton(
            tr("&Keep mine (replaces theirs)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.theirs_button = buttons.addButton(
            tr("&Take theirs (drops mine)"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.later_button = buttons.addButton(
            tr("&Decide later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.mine_button.clicked.connect(lambda: self._choose(ConflictChoice.MINE))
        self.theirs_button.clicked.connect(lambda: self._choose(ConflictChoice.THEIRS))
        self.later_button.clicked.connect(self.reject)
        self.later_button.setDefault(True)
        layout.addWidget(buttons)

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()
