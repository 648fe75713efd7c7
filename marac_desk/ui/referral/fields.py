"""Form widgets built from the referral form's field descriptions, with a message under each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.referral_form import FieldSpec, Kind
from marac_desk.ui.date_field import DateField
from marac_desk.ui.widgets import tr


class FieldWidget(QObject):
    """One field: its editor, the text it holds, and the message shown under it."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, choices: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.spec = spec
        self.container = QWidget()
        column = QVBoxLayout(self.container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.editor: QWidget = self._make_editor(spec, choices)
        self.editor.setAccessibleName(tr(spec.label))
        if spec.hint:
            self.editor.setToolTip(tr(spec.hint))
        column.addWidget(self.editor)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        column.addWidget(self.message)

    def _make_editor(self, spec: FieldSpec, choices: tuple[str, ...]) -> QWidget:
        options = choices or spec.choices
        if spec.kind is Kind.FLAG:
            box = QCheckBox(tr(spec.label))
            box.toggled.connect(self.edited)
            return box
        if spec.kind in (Kind.CHOICE, Kind.YES_NO):
            combo = QComboBox()
            # Long choices (the lawful grounds) must not widen the whole form.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
            combo.addItem("", "")
            for option in options:
                combo.addItem(tr(option), option)
            combo.currentIndexChanged.connect(self.edited)
            return combo
        if spec.kind is Kind.LONG_TEXT:
            area = QPlainTextEdit()
            area.setTabChangesFocus(True)
            area.setFixedHeight(72)
            area.textChanged.connect(self.edited)
            return area
        if spec.kind is Kind.DATE:
            day = DateField()
            day.textChanged.connect(self.edited)
            return day
        line = QLineEdit()
        line.setMaxLength(spec.max_length + 50)  # room to be told it is too long
        if spec.hint:
            line.setPlaceholderText(tr(spec.hint))
        line.textChanged.connect(self.edited)
        return line

    def value(self) -> Any:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData() or ""
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, DateField):
            return editor.iso()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, value: Any) -> None:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            text = "" if value is None else str(value)
            index = editor.findData(text)
            if index < 0 and text:
                # A value no longer offered (an agency since renamed) is kept, not lost.
                editor.addItem(text, text)
                index = editor.count() - 1
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, DateField):
            editor.set_iso("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def show_message(self, text: str, *, blocking: bool) -> None:
        name = "errorText" if blocking else "hintText"
        if self.message.objectName() != name:
            # Re-styling is costly and this runs for every field on each check.
            self.message.setObjectName(name)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))


def add_rows(
    form: QFormLayout,
    specs: tuple[FieldSpec, ...],
    on_edit: Callable[[], None],
    choices: Callable[[FieldSpec], tuple[str, ...]] = lambda spec: (),
) -> dict[str, FieldWidget]:
    """A row per field; returns the fields by key."""
    built: dict[str, FieldWidget] = {}
    for spec in specs:
        field = FieldWidget(spec, choices(spec))
        field.edited.connect(on_edit)
        label = "" if spec.kind is Kind.FLAG else tr(spec.label) + (" *" if spec.required else "")
        form.addRow(label, field.container)
        built[spec.key] = field
    return built
