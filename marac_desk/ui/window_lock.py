"""The window's hold on the data folder: taken before anything is shown, kept until quit.

A second marac-desk on the same vault is told where the vault is open and may wait for it
to close, or quit; it never reaches the sign-in screen, so it can neither sign in nor
take a running conference for a crashed one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

from marac_desk.errors import MaracDeskError
from marac_desk.storage import folder_lock
from marac_desk.storage.folder_lock import FolderLock, VaultInUseError
from marac_desk.ui.widgets import show_error, tr

WINDOW_PURPOSE = "the marac-desk window"
POLL_MS = 500

# Asked when the vault is open elsewhere: True to wait for it, False to quit.
AskToWait = Callable[[str], bool]


def ask_to_wait(message: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, tr("The vault is open elsewhere"), message)
    box.setTextFormat(Qt.TextFormat.PlainText)
    wait = box.addButton(tr("&Wait for it to close"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("&Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(wait)
    box.exec()
    return box.clickedButton() is wait


class LockWaiter(QObject):
    """Tries the lock every half second until it is free (`acquired`) or `cancel` is called."""

    acquired = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.lock: FolderLock | None = None
        self.failure: MaracDeskError | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()

    def _on_tick(self) -> None:
        try:
            self.lock = folder_lock.acquire(self.data_dir, WINDOW_PURPOSE)
        except VaultInUseError:
            return
        except MaracDeskError as exc:
            self.failure = exc
        self._timer.stop()
        self.acquired.emit()


def waiting_dialog(message: str, parent: QWidget | None = None) -> QProgressDialog:
    """'Waiting for the vault': what is open where, a busy bar, and Quit."""
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(tr("Waiting for the vault"))
    label = QLabel(message + "\n\n" + tr("marac-desk opens here as soon as the other one closes."))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFixedWidth(520)  # a progress dialog otherwise grows to fit one long line
    dialog.setLabel(label)
    dialog.setCancelButtonText(tr("&Quit"))
    dialog.setRange(0, 0)
    dialog.setMinimumDuration(0)
    return dialog


def wait_for_lock(data_dir: Path, message: str, parent: QWidget | None = None) -> FolderLock | None:
    """A modal 'waiting' box until the other marac-desk closes; None if the user gives up."""
    dialog = waiting_dialog(message, parent)
    waiter = LockWaiter(data_dir, dialog)
    waiter.acquired.connect(dialog.accept)
    dialog.canceled.connect(waiter.cancel)
    waiter.start()
    dialog.exec()
    waiter.cancel()
    if waiter.failure is not None:
        show_error(parent, tr("marac-desk"), str(waiter.failure))
        return None
    if waiter.lock is None:
        return None
    return waiter.lock


def hold_for_window(
    data_dir: Path, ask: AskToWait = ask_to_wait, parent: QWidget | None = None
) -> FolderLock | None:
    """The window's lock on `data_dir`, or None when the user chose to quit (or could not
    be given it: the message has been shown)."""
    try:
        return folder_lock.acquire(data_dir, WINDOW_PURPOSE)
    except VaultInUseError as exc:
        if not ask(str(exc)):
            return None
        return wait_for_lock(data_dir, str(exc), parent)
    except MaracDeskError as exc:
        show_error(parent, tr("marac-desk cannot open the vault"), str(exc))
        return None
