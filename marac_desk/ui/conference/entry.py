"""Quick entry in the meeting: what an agency shared, and an action with its owner and
deadline. Both are saved by the services the moment they are accepted."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.actions import Action, Deadline, quick_deadline, warnings
from marac_desk.domain.conference import SharedInfo
from marac_desk.domain.research import ALL_INVOLVED, RECORD_ONLY, Audience, AudienceKind
from marac_desk.ui.research_editor import AUDIENCE_CHOICES
from marac_desk.ui.widgets import add_button, attempt, fit_to_screen, form_dialog, hint_label, tr


def agency_box(names: Mapping[str, str], accessible_name: str, blank: str = "") -> QComboBox:
    """A list of the directory's agencies that can be typed into: the first letters of a
    name (or its code) find it."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setAccessibleName(accessible_name)
    if blank:
        box.addItem(blank, "")
    for code, name in sorted(names.items(), key=lambda kv: kv[1].lower()):
        box.addItem(name, code)
    completer = QCompleter(box.model(), box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    return box


def chosen_agency(box: QComboBox, names: Mapping[str, str]) -> str | None:
    """The code of the agency typed or chosen; '' for none; None when the text names no
    agency in the directory, or could be more than one."""
    text = box.currentText().strip()
    if not text or (text == box.itemText(0) and box.itemData(0) == ""):
        return ""
    lowered = text.lower()
    for code, name in names.items():
        if lowered in (name.lower(), code.lower()):
            return code
    # Type-ahead: a few letters that fit exactly one agency are enough.
    fits = [code for code, name in names.items() if lowered in name.lower()]
    return fits[0] if len(fits) == 1 else None


def select_agency(box: QComboBox, code: str) -> None:
    index = box.findData(code.upper()) if code else 0
    box.setCurrentIndex(max(index, 0))


class AudiencePicker(QWidget):
    """Who may read something in the minutes: all agencies involved (the default), only
    the agencies ticked, or the MARAC's own record only."""

    def __init__(self, names: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setAccessibleName(tr("Who may read it"))
        for kind, label in AUDIENCE_CHOICES:
            self.kind.addItem(label, kind)
        self.agencies = QListWidget()
        self.agencies.setAccessibleName(tr("Agencies that may read it"))
        self.agencies.setMaximumHeight(120)
        for code, name in sorted(names.items(), key=lambda kv: kv[1].lower()):
            entry = QListWidgetItem(name)
            entry.setData(Qt.ItemDataRole.UserRole, code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.agencies.addItem(entry)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.kind)
        column.addWidget(self.agencies)
        self.kind.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.agencies.setEnabled(AudienceKind(self.kind.currentData()) is AudienceKind.NAMED)

    def set_audience(self, audience: Audience) -> None:
        self.kind.setCurrentIndex(self.kind.findData(audience.kind))
        for row in range(self.agencies.count()):
            entry = self.agencies.item(row)
            ticked = entry.data(Qt.ItemDataRole.UserRole) in audience.agencies
            entry.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def audience(self) -> Audience:
        kind = AudienceKind(self.kind.currentData())
        if kind is AudienceKind.NAMED:
            ticked = tuple(
                sorted(
                    str(self.agencies.item(r).data(Qt.ItemDataRole.UserRole))
                    for r in range(self.agencies.count())
                    if self.agencies.item(r).checkState() == Qt.CheckState.Checked
                )
            )
            return Audience(AudienceKind.NAMED, ticked)
        return RECORD_ONLY if kind is AudienceKind.RECORD else ALL_INVOLVED


class SharedInfoDialog(QDialog):
    """What one agency shared about the case, and who may read it in the minutes."""

    def __init__(
        self,
        names: Mapping[str, str],
        info: SharedInfo | None,
        save: Callable[[SharedInfo], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.names = dict(names)
        self.save = save
        self.info = info
        self.setWindowTitle(tr("Information shared at the meeting"))
        fit_to_screen(self, 640, 480)
        self.agency = agency_box(self.names, tr("Agency that shared it"))
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(tr("What was shared"))
        self.body.setTabChangesFocus(True)
        self.audience = AudiencePicker(self.names)
        form = QFormLayout()
        form.addRow(tr("&Agency"), self.agency)
        form.addRow(tr("&What was shared"), self.body)
        form.addRow(tr("Who may &read it"), self.audience)
        self.error = form_dialog(self, form, self._accept, stretch=1)
        if info is not None:
            select_agency(self.agency, info.agency_code)
            self.body.setPlainText(info.body)
            self.audience.set_audience(info.audience)
        else:
            self.agency.setCurrentIndex(-1)
        self.agency.setFocus()

    def shared(self) -> SharedInfo | None:
        code = chosen_agency(self.agency, self.names)
        if not code:
            self.error.setText(tr("Choose the agency that shared this from the directory."))
            return None
        info_id = self.info.info_id if self.info else None
        return SharedInfo(code, self.body.toPlainText(), self.audience.audience(), info_id)

    def _accept(self) -> None:
        info = self.shared()
        if info is None:
            return
        if attempt(lambda: self.save(info), self.error):
            self.accept()


class ActionDialog(QDialog):
    """An action in a few keystrokes: SMART text, owner agency (type its name), named
    owner, and a deadline from the quick choices or the calendar. Gaps are warned
    about as they are typed, never blocked: the close check lists them again."""

    def __init__(
        self,
        names: Mapping[str, str],
        present: Collection[str],
        meeting_day: date,
        next_meeting: date | None,
        action: Action | None,
        save: Callable[[Action], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.names = dict(names)
        self.present = set(present)
        self.meeting_day = meeting_day
        self.next_meeting = next_meeting
        self.action = action
        self.save = save
        self.saved_id: int | None = None
        self.setWindowTitle(tr("Action"))
        fit_to_screen(self, 680, 460)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(tr("The action"))
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(
            tr("What will be done, by whom, by when: specific enough to check at the review.")
        )
        self.owner = agency_box(self.names, tr("Owner agency"), tr("(no agency yet)"))
        self.owner_name = QLineEdit()
        self.owner_name.setAccessibleName(tr("Named owner"))
        self.has_date = QCheckBox(tr("&Deadline"))
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        self.due.setAccessibleName(tr("Deadline"))
        quick = QHBoxLayout()
        self.quick_buttons = {}
        for choice, key in (
            (Deadline.TODAY, "Alt+1"),
            (Deadline.HOURS_48, "Alt+2"),
            (Deadline.DAYS_7, "Alt+3"),
            (Deadline.NEXT_MEETING, "Alt+4"),
        ):
            self.quick_buttons[choice] = add_button(
                quick,
                f"{tr(choice.label)} ({key})",
                lambda _=False, c=choice: self.choose_deadline(c),
            )
            # The key is an action of the dialog: it works wherever the focus is in it.
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(key))
            shortcut.triggered.connect(lambda _=False, c=choice: self.choose_deadline(c))
            self.addAction(shortcut)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_date)
        due_row.addWidget(self.due, 1)
        form = QFormLayout()
        form.addRow(tr("&Action"), self.text)
        form.addRow(tr("&Owner agency"), self.owner)
        form.addRow(tr("&Named owner"), self.owner_name)
        form.addRow(due_row)
        form.addRow(tr("Quick deadlines"), quick)
        self.warning = hint_label()
        self.warning.setObjectName("flagText")
        self.error = form_dialog(self, form, self._accept, self.warning, stretch=1)

        start = action or Action("")
        self.text.setPlainText(start.text)
        select_agency(self.owner, start.owner_agency)
        self.owner_name.setText(start.owner_name)
        self.has_date.setChecked(start.due_on is not None)
        self.due.setDate(_qdate(start.due_on or meeting_day))
        self.due.setEnabled(start.due_on is not None)
        self.has_date.toggled.connect(self.due.setEnabled)
        for signal in (
            self.text.textChanged,
            self.owner.editTextChanged,
            self.owner_name.textChanged,
            self.has_date.toggled,
            self.due.dateChanged,
        ):
            signal.connect(self._update)
        self._update()
        self.text.setFocus()

    def choose_deadline(self, choice: Deadline) -> None:
        self.has_date.setChecked(True)
        self.due.setDate(_qdate(quick_deadline(choice, self.meeting_day, self.next_meeting)))

    def current(self) -> Action | None:
        code = chosen_agency(self.owner, self.names)
        if code is None:
            return None
        start = self.action or Action("")
        return Action(
            self.text.toPlainText(),
            code,
            self.owner_name.text(),
            _pydate(self.due.date()) if self.has_date.isChecked() else None,
            start.status,
            start.status_note,
            start.action_id,
        )

    def _update(self) -> None:
        action = self.current()
        if action is None:
            self.warning.setText(tr("Choose the owner agency from the directory."))
            return
        self.warning.setText(" ".join(warnings(action, self.present, self.names)))

    def _accept(self) -> None:
        action = self.current()
        if action is None:
            self.error.setText(
                tr("{0} is not in the agency directory: choose the owner from the list.").format(
                    self.owner.currentText()
                )
            )
            return

        def work() -> None:
            self.saved_id = self.save(action)

        if attempt(work, self.error):
            self.accept()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
