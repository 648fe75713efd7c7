"""Settings for administrators: each change is checked, saved at once and audited."""

from __future__ import annotations

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
        self.marac_name = QLineEdit()
        self.marking = QLineEdit()
        self.idle = QSpinBox()
        self.idle.setRange(1, 60)
        self.idle.setSuffix(tr(" minutes"))
        self.error = error_label()
        self.saved = hint_label()
        form = QFormLayout()
        form.addRow(tr("MARAC &name"), self.marac_name)
        form.addRow(tr("&Protective marking"), self.marking)
        form.addRow(tr("&Lock after idle for"), self.idle)
        self.page_layout.addLayout(form)
        self.page_layout.addWidget(self.error)
        self.page_layout.addWidget(self.saved)
        self.page_layout.addStretch(1)
        self._fields: dict[str, tuple[QWidget, Any]] = {
            defs.MARAC_NAME: (self.marac_name, self.marac_name.text),
            defs.PROTECTIVE_MARKING: (self.marking, self.marking.text),
            defs.IDLE_LOCK_MINUTES: (self.idle, self.idle.value),
        }
        self.marac_name.editingFinished.connect(self.commit_pending)
        self.marking.editingFinished.connect(self.commit_pending)
        self.idle.editingFinished.connect(self.commit_pending)
        for widget, name in (
            (self.marac_name, tr("MARAC name")),
            (self.marking, tr("Protective marking")),
            (self.idle, tr("Lock after idle, minutes")),
        ):
            widget.setAccessibleName(name)

    def refresh(self) -> None:
        values = settings.all_settings(self.vault)
        self.marac_name.setText(values[defs.MARAC_NAME])
        self.marking.setText(values[defs.PROTECTIVE_MARKING])
        self.idle.setValue(values[defs.IDLE_LOCK_MINUTES])

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
