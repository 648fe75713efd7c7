"""Settings for administrators: each change is checked, saved at once and audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QSpinBox, QWidget

from marac_desk.domain import settings as defs
from marac_desk.errors import MaracDeskError
from marac_desk.storage import settings
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import Page
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
        # One field per setting, built from the definitions so a new setting needs no
        # new screen code: whole numbers get a spin box with their range, text a line.
        for key, definition in defs.DEFINITIONS.items():
            widget: QLineEdit | QSpinBox
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
        self.page_layout.addLayout(form)
        self.page_layout.addWidget(self.error)
        self.page_layout.addWidget(self.saved)
        self.page_layout.addStretch(1)

    def field(self, key: str) -> QWidget:
        return self._fields[key][0]

    def refresh(self) -> None:
        values = settings.all_settings(self.vault)
        for key, (widget, _) in self._fields.items():
            if isinstance(widget, QSpinBox):
                widget.setValue(int(values[key]))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(values[key]))

    def commit_pending(self) -> None:
        """Save every field that differs from the vault; report the first problem."""
        self.error.clear()
        if not self.vault.is_open:
            return
        for key, (_, read) in self._fields.items():
            try:
                changed = settings.change(self.vault, key, read())
            except MaracDeskError as exc:
                self.error.setText(f"{defs.DEFINITIONS[key].label}: {exc}")
                return
            if changed:
                self.saved.setText(tr("Saved: {0}").format(defs.DEFINITIONS[key].label))
        window = self.window()
        if hasattr(window, "apply_settings"):
            window.apply_settings()
