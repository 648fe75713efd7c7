"""Settings for administrators: each change is checked, saved at once and audited."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain import settings as defs
from marac_desk.errors import MaracDeskError
from marac_desk.storage import checklists, settings
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import Page
from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import error_label, hint_label, tr


class SettingsPage(Page):
    title = tr("Settings")
    intro = tr("Changes are saved as soon as you leave a field, and recorded in the audit log.")

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.error = error_label()
        self.saved = hint_label()
        form = QFormLayout()
        self._fields: dict[str, tuple[QWidget, Callable[[], Any]]] = {}
        # What each field showed when filled from the vault: only a field changed since is
        # saved (a page built but never shown has nothing to save).
        self._shown: dict[str, Any] = {}
        # One field per setting, built from the definitions so a new setting needs no
        # new screen code: whole numbers get a spin box with their range, text a line.
        for key, definition in defs.DEFINITIONS.items():
            if not definition.plain_field:
                continue
            widget: QLineEdit | QSpinBox | QPlainTextEdit | QCheckBox
            if isinstance(definition.default, bool):
                widget = QCheckBox()
                widget.setAccessibleName(tr(definition.label))
                self._fields[key] = (widget, widget.isChecked)
                widget.toggled.connect(self.commit_pending)
                form.addRow(tr(definition.label), widget)
                continue
            if definition.multiline:
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setMinimumHeight(110)
                self._fields[key] = (widget, widget.toPlainText)
                widget.setAccessibleName(tr(definition.label))
                save = QPushButton(tr("Save this text"))
                save.clicked.connect(self.commit_pending)
                column = QVBoxLayout()
                column.addWidget(widget)
                column.addWidget(save, 0, Qt.AlignmentFlag.AlignRight)
                form.addRow(tr(definition.label), column)
                continue
            if isinstance(definition.default, int):
                widget = QSpinBox()
                widget.setRange(definition.low, definition.high)
                widget.setSuffix(tr(definition.suffix))
                self._fields[key] = (widget, widget.value)
            else:
                widget = QLineEdit()
                self._fields[key] = (widget, widget.text)
            widget.setAccessibleName(tr(definition.label))
            widget.editingFinished.connect(self.commit_pending)
            form.addRow(tr(definition.label), widget)
        # In a scroll area: on a 1366x768 screen the fields would otherwise be squeezed
        # into each other (the statement's Save button over its text) rather than scroll.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.addLayout(form)
        column.addWidget(self._checklist_box())
        column.addWidget(self.error)
        column.addWidget(self.saved)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.page_layout.addWidget(scroll, 1)

    def _checklist_box(self) -> QGroupBox:
        box = QGroupBox(tr("Risk checklist"))
        column = QVBoxLayout(box)
        column.addWidget(
            hint_label(
                tr(
                    "New referrals start on this checklist; the person taking a referral can "
                    "choose another (a young people's checklist, for example). An area with a "
                    "licence for the full Dash wording, or another tool, adds it from its "
                    "checklist file. Referrals keep the checklist and version they were "
                    "scored on."
                )
            )
        )
        row = QHBoxLayout()
        self.checklist = QComboBox()
        self.checklist.setAccessibleName(tr("Risk checklist for new referrals"))
        self.checklist.activated.connect(self._on_checklist_chosen)
        self.add_checklist_button = QPushButton(tr("Add checklist file…"))
        self.add_checklist_button.clicked.connect(self._on_add_checklist)
        row.addWidget(self.checklist, 1)
        row.addWidget(self.add_checklist_button)
        column.addLayout(row)
        return box

    def _fill_checklists(self) -> None:
        self.checklist.clear()
        for key, checklist in checklists.available(self.vault.conn).items():
            self.checklist.addItem(
                tr("{0}, version {1} ({2} questions)").format(
                    checklist.title, checklist.version, len(checklist.questions)
                ),
                key,
            )
        current = settings.get(self.vault, defs.DASH_CHECKLIST)
        self.checklist.setCurrentIndex(max(self.checklist.findData(current), 0))

    def _on_checklist_chosen(self) -> None:
        self.error.clear()
        try:
            if settings.change(self.vault, defs.DASH_CHECKLIST, self.checklist.currentData()):
                self.saved.setText(
                    tr("Saved: new referrals start on {0}").format(self.checklist.currentText())
                )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            self._fill_checklists()

    def add_checklist_file(self, path: Path) -> None:
        self.error.clear()
        try:
            added = checklists.add(self.vault, path)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self._fill_checklists()
        self.saved.setText(
            tr("Added: {0}, version {1}. Choose it above to start new referrals on it.").format(
                added.title, added.version
            )
        )

    def _on_add_checklist(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("Add a risk checklist file"), "", tr("Checklist files (*.json)")
        )
        if chosen:
            self.add_checklist_file(Path(chosen))

    def field(self, key: str) -> QWidget:
        return self._fields[key][0]

    def refresh(self) -> None:
        self._fill_checklists()
        values = settings.all_settings(self.vault)
        for key, (widget, _) in self._fields.items():
            if isinstance(widget, QCheckBox):
                widget.blockSignals(True)  # filling in is not a change to save
                widget.setChecked(bool(values[key]))
                widget.blockSignals(False)
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(values[key]))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(values[key]))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(values[key]))
        self._shown = {key: read() for key, (_, read) in self._fields.items()}

    def commit_pending(self) -> list[UnsavedEdit]:
        """Save every field that differs from the vault; report the first problem. The
        fields the vault would not take are returned (the window may be locking)."""
        self.error.clear()
        if not self.vault.is_open:
            return []
        unsaved: list[UnsavedEdit] = []
        for key, (_, read) in self._fields.items():
            value = read()
            if key not in self._shown or value == self._shown[key]:
                continue
            label = defs.DEFINITIONS[key].label
            try:
                changed = settings.change(self.vault, key, value)
            except MaracDeskError as exc:
                if not unsaved:
                    self.error.setText(f"{label}: {exc}")
                unsaved.append(
                    UnsavedEdit(
                        tr("Settings: {0}").format(label),
                        str(exc),
                        str(value),
                        functools.partial(_change_setting, key=key, value=value),
                    )
                )
                continue
            self._shown[key] = value
            if changed:
                self.saved.setText(tr("Saved: {0}").format(label))
        window = self.window()
        if hasattr(window, "apply_settings"):
            window.apply_settings()
        return unsaved


def _change_setting(vault: Vault, *, key: str, value: object) -> None:
    settings.change(vault, key, value)
