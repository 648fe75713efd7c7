"""Introductions: the confidentiality statement read aloud, and the attendance register
marked from the keyboard as people introduce themselves."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.conference import Attendance, Attendee, AttendeeRole
from marac_desk.ui.conference.entry import agency_box, chosen_agency, select_agency
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.widgets import (
    KeyMap,
    add_button,
    attempt,
    error_label,
    form_dialog,
    hint_label,
    tr,
)

# Short headings: the whole register, flags included, fits a 1180-pixel laptop screen.
COLUMNS: list[Column[Attendee]] = [
    Column(tr("Agency"), lambda a: a.organisation),
    Column(tr("Representative"), lambda a: a.name),
    Column(tr("Role"), lambda a: a.role.label),
    Column(tr("Attendance"), lambda a: a.status.label),
    Column(tr("Info sent"), lambda a: tr("Yes") if a.info_sent else ""),
    Column(tr("Agreed"), lambda a: tr("Yes") if a.agreed else ""),
    Column(
        tr("Needs attention"),
        lambda a: a.flag or ("" if a.expected else tr("Added today")),
        alert=lambda a: bool(a.flag),
    ),
]
AGENCY_COLUMN = 0
# Wider than this, the statement sits beside the register; narrower, above it.
SIDE_BY_SIDE_FROM = 1500

# Keys that mark the chosen line of the register (the table must have focus).
KEYS = (
    ("P", tr("Mark present")),
    ("A", tr("Mark apologies")),
    ("X", tr("Mark absent, no apologies")),
    ("G", tr("Agreed to the confidentiality statement (again to undo)")),
    ("I", tr("Information sent instead (with apologies)")),
    ("O", tr("Observer or member")),
    ("Return", tr("Change the line: name, role, attendance")),
    ("Ins", tr("Add someone not on the register")),
)


class AttendeeDialog(QDialog):
    """One line of the register, or a person added on the day."""

    def __init__(
        self,
        names: Mapping[str, str],
        attendee: Attendee,
        save: Callable[[Attendee], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.names = dict(names)
        self.attendee = attendee
        self.save = save
        self.setWindowTitle(tr("Attendance"))
        self.agency = agency_box(self.names, tr("Agency"), tr("(not in the directory)"))
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName(tr("Organisation not in the directory"))
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("Name"))
        self.role = QComboBox()
        for role in AttendeeRole:
            self.role.addItem(role.label, role)
        self.status = QComboBox()
        for status in Attendance:
            self.status.addItem(status.label, status)
        self.info_sent = QCheckBox(tr("Information sent instead"))
        self.agreed = QCheckBox(tr("Agreed to the confidentiality statement"))
        form = QFormLayout()
        form.addRow(tr("A&gency"), self.agency)
        form.addRow(tr("Or &organisation"), self.organisation)
        form.addRow(tr("&Name"), self.name)
        form.addRow(tr("&Role"), self.role)
        form.addRow(tr("A&ttendance"), self.status)
        form.addRow("", self.info_sent)
        form.addRow("", self.agreed)
        self.error = form_dialog(self, form, self._accept)
        select_agency(self.agency, attendee.agency_code)
        self.organisation.setText("" if attendee.agency_code else attendee.organisation)
        self.name.setText(attendee.name)
        self.role.setCurrentIndex(self.role.findData(attendee.role))
        self.status.setCurrentIndex(self.status.findData(attendee.status))
        self.info_sent.setChecked(attendee.info_sent)
        self.agreed.setChecked(attendee.agreed)
        (self.name if attendee.agency_code else self.agency).setFocus()

    def current(self) -> Attendee | None:
        code = chosen_agency(self.agency, self.names)
        if code is None:
            return None
        return replace(
            self.attendee,
            agency_code=code,
            organisation=self.organisation.text() if not code else self.names.get(code, code),
            name=self.name.text(),
            role=AttendeeRole(self.role.currentData()),
            status=Attendance(self.status.currentData()),
            info_sent=self.info_sent.isChecked(),
            agreed=self.agreed.isChecked(),
        )

    def _accept(self) -> None:
        attendee = self.current()
        if attendee is None:
            self.error.setText(tr("Choose an agency from the directory, or leave it empty."))
            return
        if attempt(lambda: self.save(attendee), self.error):
            self.accept()


class AttendancePanel(QWidget):
    """The statement to read aloud beside the register."""

    statement_read = Signal()
    register_changed = Signal()

    def __init__(
        self,
        names: Mapping[str, str],
        save: Callable[[Attendee], int],
        mark_read: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.names = dict(names)
        self.save = save
        self.mark_read = mark_read
        self.statement = QTextBrowser()
        self.statement.setObjectName("statementText")
        self.statement.setAccessibleName(tr("Confidentiality statement"))
        self.read_state = QLabel()
        self.read_state.setObjectName("flagText")
        self.read_state.setWordWrap(True)
        buttons = QHBoxLayout()
        # Its shortcut (Ctrl+R) is the conference's, listed with the others.
        self.read_button = add_button(buttons, tr("The chair has read it (Ctrl+R)"), self.read)
        buttons.addWidget(self.read_state, 1)
        left = QVBoxLayout()
        heading = QLabel(tr("Confidentiality statement: read it aloud"))
        heading.setObjectName("sectionTitle")
        left.addWidget(heading)
        left.addWidget(self.statement, 1)
        left.addLayout(buttons)

        self.model: RowsModel[Attendee] = RowsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Attendance register"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # The agency column takes what is left and elides; the rest fit their contents.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AGENCY_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.edit_line())
        self.error = error_label()
        right = QVBoxLayout()
        title = QLabel(tr("Attendance register"))
        title.setObjectName("sectionTitle")
        right.addWidget(title)
        right.addWidget(
            hint_label(
                tr(
                    "Choose a line, then: P present · A apologies · X absent · G agreed · "
                    "I information sent · O observer · Enter to change · Ins to add someone."
                )
            )
        )
        right.addWidget(self.table, 1)
        right.addWidget(self.error)
        self.layout_box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.layout_box.addLayout(left, 1)
        self.layout_box.addLayout(right, 3)
        self._table_keys()

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= SIDE_BY_SIDE_FROM
        self.layout_box.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self.layout_box.setStretch(0, 2 if wide else 1)
        super().resizeEvent(event)

    def _table_keys(self) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "P": lambda: self.mark(Attendance.PRESENT),
            "A": lambda: self.mark(Attendance.APOLOGIES),
            "X": lambda: self.mark(Attendance.ABSENT),
            "G": self.toggle_agreed,
            "I": self.toggle_info_sent,
            "O": self.toggle_role,
            "Return": self.edit_line,
            "Ins": self.add_attendee,
        }
        handlers["Enter"] = self.edit_line
        self.keys = KeyMap(self.table, handlers)

    def show_register(
        self, statement: str, read_at: str | None, register: list[Attendee], frozen: bool
    ) -> None:
        current = self.table.currentIndex().row()
        self.statement.setPlainText(statement)
        if read_at:
            self.read_state.setText(tr("Read at {0}. Cases can be opened.").format(read_at))
        else:
            self.read_state.setText(
                tr("Not read yet: no case can be opened until the chair has read it.")
            )
        self.read_button.setEnabled(not read_at and not frozen)
        self.model.set_rows(register)
        if register:
            self.table.selectRow(min(max(current, 0), len(register) - 1))

    def focus_register(self) -> None:
        self.table.setFocus()

    def current(self) -> Attendee | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def _save(self, attendee: Attendee) -> bool:
        if not attempt(lambda: self.save(attendee), self.error):
            return False
        self.register_changed.emit()
        return True

    def mark(self, status: Attendance) -> None:
        line = self.current()
        if line is None:
            return
        changed = replace(line, status=status)
        if status is Attendance.PRESENT and not line.name.strip():
            self.edit_line(changed)  # a name is needed: ask for it
            return
        self._save(changed)

    def toggle_agreed(self) -> None:
        line = self.current()
        if line is not None:
            self._save(replace(line, agreed=not line.agreed))

    def toggle_info_sent(self) -> None:
        line = self.current()
        if line is not None:
            self._save(replace(line, info_sent=not line.info_sent))

    def toggle_role(self) -> None:
        line = self.current()
        if line is not None:
            other = (
                AttendeeRole.OBSERVER if line.role is AttendeeRole.MEMBER else AttendeeRole.MEMBER
            )
            self._save(replace(line, role=other))

    def edit_line(self, start: Attendee | None = None) -> None:
        line = start or self.current()
        if line is None:
            return
        dialog = AttendeeDialog(self.names, line, self.save, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.register_changed.emit()
        self.table.setFocus()

    def add_attendee(self) -> None:
        blank = Attendee(0, "", "", status=Attendance.PRESENT, expected=False)
        dialog = AttendeeDialog(self.names, blank, self.save, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.register_changed.emit()
        self.table.setFocus()

    def read(self) -> None:
        if attempt(self.mark_read, self.error):
            self.statement_read.emit()
