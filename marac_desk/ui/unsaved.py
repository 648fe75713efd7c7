"""Edits that could not be saved when the window locked, offered back after signing in.

Locking never waits on the disk: if an edit in progress cannot be saved (a full disk, a
vault that became read-only), the window locks all the same. The edit is kept here, in
this process's memory only, never on screen and never on disk, and when the same account
signs in again it is shown with the reason, to be saved again or let go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from marac_desk.errors import MaracDeskError
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import fit_to_screen, tr

if TYPE_CHECKING:
    from marac_desk.storage.vault import Vault


@dataclass
class UnsavedEdit:
    """One edit the vault did not take: where it was typed, why, and how to save it again."""

    where: str
    reason: str
    text: str
    save_again: Callable[[Vault], object]


def failed_edit(
    where: str, exc: BaseException, text: str, save_again: Callable[[Vault], object]
) -> UnsavedEdit:
    from marac_desk.storage.faults import as_user_error

    known = as_user_error(exc, tr("Saving"))
    reason = (
        str(known) if known is not None else tr("unexpected error ({0})").format(type(exc).__name__)
    )
    return UnsavedEdit(where, reason, text, save_again)


def save_again(vault: Vault, edits: list[UnsavedEdit]) -> list[UnsavedEdit]:
    """Try each edit against the open vault; those still refused come back, with the new
    reason."""
    left: list[UnsavedEdit] = []
    for edit in edits:
        try:
            edit.save_again(vault)
        except MaracDeskError as exc:
            left.append(UnsavedEdit(edit.where, str(exc), edit.text, edit.save_again))
        except Exception as exc:
            left.append(failed_edit(edit.where, exc, edit.text, edit.save_again))
    return left


class UnsavedEditsDialog(QDialog):
    """Lists the edits, shows what was typed in each, and saves them again or lets them go."""

    def __init__(self, vault: Vault, edits: list[UnsavedEdit], parent: QWidget | None = None):
        super().__init__(parent)
        self.vault = vault
        self.edits = list(edits)
        self.setWindowTitle(tr("Edits not saved before the window locked"))
        fit_to_screen(self, 720, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Edits not saved"))
        self.list.currentRowChanged.connect(self._on_row_chosen)
        layout.addWidget(self.list, 1)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setObjectName("errorLabel")
        layout.addWidget(self.reason)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("What was typed"))
        layout.addWidget(self.text, 2)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            tr("&Save them again"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = buttons.addButton(tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.discard_button = buttons.addButton(
            tr("&Discard them"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.save_button.clicked.connect(self._on_save)
        self.later_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self._on_discard)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for edit in self.edits:
            self.list.addItem(edit.where)
        self.summary.setText(
            plural(
                "When the window locked, %n edit(s) could not be saved. (It was/They were) "
                "kept in memory only. Save (it/them) again now, or copy what you need from "
                "the text below.",
                len(self.edits),
            )
        )
        if self.edits:
            self.list.setCurrentRow(0)

    def _on_row_chosen(self, row: int) -> None:
        if 0 <= row < len(self.edits):
            self.reason.setText(tr("Not saved: {0}").format(self.edits[row].reason))
            self.text.setPlainText(self.edits[row].text)

    def _on_save(self) -> None:
        self.edits = save_again(self.vault, self.edits)
        if not self.edits:
            self.accept()
            return
        self._fill()

    def _on_discard(self) -> None:
        self.edits = []
        self.accept()
