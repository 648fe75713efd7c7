"""What the Qt part of start-up costs on its own: the baseline's keyed SQLCipher open, then
the widgets marac-desk shows between process start and the unlocked register, built with
no marac-desk code at all: the style sheet, the menus and toolbar, a sign-in form, then the
list of pages and a register of 60 rows of text, fitted to its contents.

It answers how much of marac-desk's start-up is PySide6 building the Qt classes and enums a
real window uses, which the bare baseline (one empty QMainWindow) never touches.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from _bare_baseline import after_first_paint, open_keyed, report
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

STYLE = Path(__file__).resolve().parent.parent / "resources" / "style.qss"


def sign_in_form() -> QWidget:
    form = QFrame()
    layout = QVBoxLayout(form)
    layout.addWidget(QLabel("Sign in"))
    fields = QFormLayout()
    name, password = QLineEdit(), QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    fields.addRow("&User name", name)
    fields.addRow("&Password", password)
    layout.addLayout(fields)
    layout.addWidget(QCheckBox("Remember on this computer"))
    error = QLabel()
    error.setWordWrap(True)
    error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(error)
    layout.addWidget(QPushButton("Sign in"))
    name.setFocus()
    return form


def register(rows: int = 60, columns: int = 11) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    header = QHBoxLayout()
    header.addWidget(QLabel("Case register"))
    for text in ("&Import register…", "&Open", "&New referral"):
        header.addWidget(QPushButton(text))
    column.addLayout(header)
    search = QLineEdit()
    search.setClearButtonEnabled(True)
    statuses = QComboBox()
    for number in range(10):
        statuses.addItem(f"Status {number}", number)
    since = QDateEdit()
    since.setCalendarPopup(True)
    since.setDate(QDate.currentDate())
    since.setVisible(False)
    filters = QHBoxLayout()
    filters.addWidget(search, 1)
    filters.addWidget(statuses)
    filters.addWidget(since)
    column.addLayout(filters)
    column.addWidget(QLabel(f"{rows} cases"))
    model = QStandardItemModel(rows, columns, page)
    model.setHorizontalHeaderLabels([f"Column {c}" for c in range(columns)])
    for row in range(rows):
        for col in range(columns):
            model.setItem(row, col, QStandardItem(f"TRAINING-{row:05} {col * 'x'}"))
    table = QTableView()
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setModel(model)
    table.resizeColumnsToContents()
    column.addWidget(table, 1)
    error = QLabel()
    error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    column.addWidget(error)
    QShortcut(QKeySequence.StandardKey.Find, page, search.setFocus)
    return page


def main() -> None:
    app = QApplication(["qt-floor"])
    app.setStyleSheet(STYLE.read_text("utf-8"))
    conn = open_keyed(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
    window = QMainWindow()
    window.resize(1180, 760)
    for title in ("&File", "&Go", "&Help"):
        menu = window.menuBar().addMenu(title)
        for number in range(5):
            action = QAction(f"Item {number}", window)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            menu.addAction(action)
    toolbar = window.addToolBar("Main")
    toolbar.addAction(QAction("Lock", window))
    toolbar.addAction(QAction("Sign out", window))
    window.statusBar().addPermanentWidget(QLabel("Locked"))
    stack = QStackedWidget()
    window.setCentralWidget(stack)
    form = sign_in_form()
    stack.addWidget(form)

    def unlock() -> None:
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        pages = QListWidget()
        pages.addItems([f"Page {number}" for number in range(11)])
        row.addWidget(pages)
        inner = QStackedWidget()
        page = register()
        inner.addWidget(page)
        row.addWidget(inner, 1)
        stack.addWidget(workspace)
        stack.setCurrentWidget(workspace)
        pages.setCurrentRow(0)
        pages.setFocus()
        table = page.findChild(QTableView)
        after_first_paint(table.viewport(), lambda: (report("ready"), app.quit()))

    # Signing in starts when the sign-in screen has been painted, as in the app's run.
    after_first_paint(form, lambda: (report("signin"), unlock()))
    window.show()
    app.exec()
    conn.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
