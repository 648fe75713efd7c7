"""Small shared pieces of the Qt layer: titles, messages, busy cursor, the Qt Asker."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("marac-desk", text)


def counted(count: int, one: str, many: str) -> str:
    """`one` for a count of 1, else `many` with the count put in ({0})."""
    return tr(one) if count == 1 else tr(many).format(count)


# Room a window's title bar and frame take beyond the size given to resize().
WINDOW_FRAME = 32
WINDOW_BORDER = 8


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a window to width×height, or to the screen's free area when that is smaller
    (a 1366×768 council laptop less its taskbar), so no window opens past the screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    widget.resize(
        min(width, free.width() - WINDOW_BORDER), min(height, free.height() - WINDOW_FRAME)
    )


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setAccessibleName(text)
    return label


def intro_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageIntro")
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(tr("Problem"))
    return label


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("hintText")
    label.setWordWrap(True)
    return label


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """Show the wait cursor while the UI thread does a short, bounded job."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    QCoreApplication.processEvents()
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def add_button(row: QBoxLayout, text: str, slot: Any, shortcut: str = "") -> QPushButton:
    """A push button at the end of `row`; its shortcut, if any, is also its tooltip."""
    button = QPushButton(text)
    button.clicked.connect(slot)
    if shortcut:
        button.setShortcut(QKeySequence(shortcut))
        button.setToolTip(shortcut)
    row.addWidget(button)
    return button


def attempt(work: Callable[[], object], error: QLabel) -> bool:
    """Run one service call for a form; a refusal shows its message in `error` (the form
    keeps what was typed). True when the service accepted it."""
    from marac_desk.errors import MaracDeskError

    error.clear()
    try:
        work()
    except MaracDeskError as exc:
        error.setText(str(exc))
        return False
    return True


class _RowFitter(QObject):
    """Measures a table's rows again whenever its viewport changes width."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            # After the header has stretched its columns to the new width; with this
            # object as context, so a table closed meanwhile is never touched.
            QTimer.singleShot(0, self, self.table.resizeRowsToContents)
        return False


def wrap_rows(table: QTableView) -> None:
    """Row heights follow the column widths. A stretched column only learns its width
    once the table is laid out, so wrapped cells are measured again on every resize."""
    table.setWordWrap(True)
    _RowFitter(table)


def form_dialog(
    dialog: QDialog,
    form: QLayout,
    accept: Callable[[], None],
    *below: QWidget,
    ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
    stretch: int = 0,
) -> QLabel:
    """Lay out the usual form dialog: the form, any notes under it, the line where a
    refusal is shown, and OK (or `ok`) and Cancel. Returns that error line."""
    error = error_label()
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    column = QVBoxLayout(dialog)
    column.addLayout(form, stretch)
    for widget in below:
        column.addWidget(widget)
    column.addWidget(error)
    column.addWidget(buttons)
    return error


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


class QtAsker:
    """The core's Asker, answered with message boxes."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent

    def confirm(self, title: str, message: str) -> bool:
        answer = QMessageBox.question(
            self._parent,
            title,
            message,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def progress(self, message: str, fraction: float | None = None) -> None:
        QCoreApplication.processEvents()


class KeyMap(QObject):
    """Plain keys (no Ctrl or Alt) that act on one list while it has focus: P marks
    present on the register, 1 to 5 set a status in the review. Elsewhere these keys
    are typing, so they belong to the list, not to the window."""

    def __init__(self, widget: QWidget, keys: Mapping[str, Callable[[], None]]) -> None:
        super().__init__(widget)
        self._keys = {QKeySequence(k)[0].key(): slot for k, slot in keys.items()}  # type: ignore[index]
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
            )
            slot = self._keys.get(Qt.Key(event.key()))
            if plain and slot is not None:
                slot()
                return True
        return False
