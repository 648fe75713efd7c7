"""The referral form's sections: plain sections, lists of people, and the Dash checklist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from marac_desk.domain.dash import ANSWER_LABELS, Answer, Checklist
from marac_desk.domain.referral_form import FieldSpec, Section
from marac_desk.ui.date_field import DateField
from marac_desk.ui.referral.fields import FieldWidget, add_rows
from marac_desk.ui.widgets import hint_label, tr

Choices = Callable[[FieldSpec], tuple[str, ...]]

_ADD_LABELS = {
    "perpetrators": "Add a perpetrator",
    "children": "Add a child",
    "others": "Add a household member or adult at risk",
}
_ONE = {"perpetrators": "Perpetrator", "children": "Child", "others": "Person"}


class PlainSection(QGroupBox):
    def __init__(self, section: Section, on_edit: Callable[[], None], choices: Choices) -> None:
        super().__init__(tr(section.title))
        self.section = section
        column = QVBoxLayout(self)
        if section.intro:
            column.addWidget(hint_label(tr(section.intro)))
        form = _form()
        column.addLayout(form)
        self.fields = add_rows(form, section.fields, on_edit, choices)

    def value(self) -> dict[str, Any]:
        return {key: f.value() for key, f in self.fields.items() if f.value() not in ("", False)}

    def set_value(self, value: Any) -> None:
        data = value if isinstance(value, dict) else {}
        for key, field in self.fields.items():
            field.set_value(data.get(key))

    def all_fields(self) -> list[tuple[str, FieldWidget]]:
        return [(f"{self.section.key}.{k}", f) for k, f in self.fields.items()]


class PersonList(QGroupBox):
    """Perpetrators, children or other household members: as many as the case has."""

    def __init__(self, section: Section, on_edit: Callable[[], None], choices: Choices) -> None:
        super().__init__(tr(section.title))
        self.section = section
        self._on_edit = on_edit
        self._choices = choices
        self._people: list[tuple[QGroupBox, dict[str, FieldWidget]]] = []
        column = QVBoxLayout(self)
        if section.intro:
            column.addWidget(hint_label(tr(section.intro)))
        self._list = QVBoxLayout()
        column.addLayout(self._list)
        self.add_button = QPushButton(tr(_ADD_LABELS.get(section.key, "Add")))
        self.add_button.clicked.connect(self._on_add_clicked)
        column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _on_add_clicked(self) -> None:
        self.add_person()
        self._people[-1][1][self.section.fields[0].key].editor.setFocus()
        self._on_edit()

    def add_person(self) -> dict[str, FieldWidget]:
        box = QGroupBox(f"{tr(_ONE.get(self.section.key, 'Person'))} {len(self._people) + 1}")
        column = QVBoxLayout(box)
        form = _form()
        column.addLayout(form)
        fields = add_rows(form, self.section.fields, self._on_edit, self._choices)
        remove = QPushButton(tr("Remove"))
        remove.setObjectName("danger")
        remove.setAccessibleName(tr("Remove {0}").format(box.title()))
        remove.clicked.connect(lambda: self._remove(box))
        column.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        self._list.addWidget(box)
        self._people.append((box, fields))
        return fields

    def _remove(self, box: QGroupBox) -> None:
        self._people = [(b, f) for b, f in self._people if b is not box]
        box.deleteLater()
        for number, (other, _) in enumerate(self._people, start=1):
            other.setTitle(f"{tr(_ONE.get(self.section.key, 'Person'))} {number}")
        self._on_edit()

    def value(self) -> list[dict[str, Any]]:
        people = []
        for _, fields in self._people:
            person = {k: f.value() for k, f in fields.items() if f.value() not in ("", False)}
            people.append(person)
        return people

    def set_value(self, value: Any) -> None:
        for box, _ in self._people:
            box.deleteLater()
        self._people = []
        for person in value if isinstance(value, list) else []:
            fields = self.add_person()
            for key, field in fields.items():
                field.set_value(person.get(key) if isinstance(person, dict) else None)

    def all_fields(self) -> list[tuple[str, FieldWidget]]:
        return [
            (f"{self.section.key}.{i}.{k}", f)
            for i, (_, fields) in enumerate(self._people)
            for k, f in fields.items()
        ]


class DashSection(QGroupBox):
    """The checklist: an answer and a note per question, and the running score."""

    def __init__(
        self,
        checklist: Checklist,
        on_edit: Callable[[], None],
        installed: dict[str, Checklist] | None = None,
        on_choose: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(tr("Dash risk checklist"))
        self.checklist = checklist
        column = QVBoxLayout(self)
        # Which checklist (and version) the answers belong to; another one can be chosen
        # for this referral, e.g. a young people's checklist for a victim aged 16 or 17.
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(tr("Risk checklist used for this referral"))
        # A checklist's full title is long: let the form's width decide, not the title's.
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(24)
        for key, offered in (installed or {checklist.key: checklist}).items():
            self.chooser.addItem(
                tr("{0}, version {1}").format(tr(offered.title), offered.version), key
            )
        if self.chooser.findData(checklist.key) < 0:
            self.chooser.addItem(checklist.title, checklist.key)
        self.chooser.setCurrentIndex(self.chooser.findData(checklist.key))
        if on_choose is not None:
            self.chooser.activated.connect(lambda _: on_choose(str(self.chooser.currentData())))
        column.addWidget(self.chooser)
        if checklist.note:
            column.addWidget(hint_label(checklist.note))
        head = _form()
        self.completed_on = DateField()
        self.completed_on.setAccessibleName(tr("Date the Dash was completed"))
        self.completed_by = QLineEdit()
        self.completed_by.setAccessibleName(tr("Dash completed by"))
        self.who_at_risk = QLineEdit()
        self.who_at_risk.setAccessibleName(tr("Afraid of what, and for whom"))
        head.addRow(tr("Completed on"), self.completed_on)
        head.addRow(tr("Completed by"), self.completed_by)
        column.addLayout(head)
        grid = QGridLayout()
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.answers: dict[int, tuple[QComboBox, QLineEdit]] = {}
        for row, question in enumerate(checklist.questions):
            grid.addWidget(QLabel(f"{question.number}."), row, 0)
            label = QLabel(tr(question.label))
            label.setWordWrap(True)
            grid.addWidget(label, row, 1)
            combo = QComboBox()
            for answer in (Answer.NOT_ASKED, Answer.YES, Answer.NO, Answer.DONT_KNOW):
                combo.addItem(tr(ANSWER_LABELS[answer]), answer.value)
            combo.setAccessibleName(tr("Question {0}: {1}").format(question.number, question.label))
            combo.currentIndexChanged.connect(on_edit)
            note = QLineEdit()
            note.setPlaceholderText(tr("Source if not the victim, comment"))
            note.setAccessibleName(tr("Question {0} note").format(question.number))
            note.textChanged.connect(on_edit)
            note.setMinimumWidth(60)  # the question's label needs the room more
            grid.addWidget(combo, row, 2)
            grid.addWidget(note, row, 3)
            self.answers[question.number] = (combo, note)
        column.addLayout(grid)
        after = _form()
        after.addRow(tr("Afraid of what, and for whom"), self.who_at_risk)
        column.addLayout(after)
        for line in (self.completed_on, self.completed_by, self.who_at_risk):
            line.textChanged.connect(on_edit)

    def value(self) -> dict[str, Any]:
        answers: dict[str, dict[str, str]] = {}
        for number, (combo, note) in self.answers.items():
            answer = combo.currentData()
            if answer != Answer.NOT_ASKED.value or note.text():
                answers[str(number)] = {"answer": answer, "comment": note.text()}
        value: dict[str, Any] = {"checklist": self.checklist.key, "answers": answers}
        for key, line in (
            ("completed_on", self.completed_on),
            ("completed_by", self.completed_by),
            ("who_at_risk", self.who_at_risk),
        ):
            text = line.iso() if isinstance(line, DateField) else line.text()
            if text:
                value[key] = text
        return value

    def set_value(self, value: Any) -> None:
        data = value if isinstance(value, dict) else {}
        answers = data.get("answers") if isinstance(data.get("answers"), dict) else {}
        assert isinstance(answers, dict)
        for number, (combo, note) in self.answers.items():
            given = answers.get(str(number), {})
            given = given if isinstance(given, dict) else {"answer": given}
            index = combo.findData(given.get("answer", Answer.NOT_ASKED.value))
            combo.setCurrentIndex(max(index, 0))
            note.setText(str(given.get("comment", "")))
        self.completed_on.set_iso(str(data.get("completed_on", "")))
        self.completed_by.setText(str(data.get("completed_by", "")))
        self.who_at_risk.setText(str(data.get("who_at_risk", "")))

    def has_answers(self) -> bool:
        return any(
            combo.currentData() != Answer.NOT_ASKED.value or note.text()
            for combo, note in self.answers.values()
        )

    def all_fields(self) -> list[tuple[str, FieldWidget]]:
        return []


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    # Labels above their fields: the form column stays narrow enough to sit between the
    # section list and the checks, and long labels never push fields off the screen.
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    return form
