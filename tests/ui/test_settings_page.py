"""The settings page shows what is stored, and leaving it untouched changes nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox

from marac_desk.domain import settings as defs
from marac_desk.storage import audit, settings
from marac_desk.ui.pages.settings_page import SettingsPage


def test_every_field_shows_the_stored_value_and_saving_untouched_changes_nothing(
    qtbot, vault
) -> None:
    page = SettingsPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    stored = settings.all_settings(vault)
    for key, definition in defs.DEFINITIONS.items():
        if not definition.plain_field:
            continue
        widget = page.field(key)
        shown = widget.value() if isinstance(widget, QSpinBox) else widget.text()  # type: ignore[union-attr]
        assert isinstance(widget, QSpinBox | QLineEdit)
        assert shown == stored[key], key
    before = len(audit.entries(vault.conn, action="setting_changed"))
    page.commit_pending()
    assert page.error.text() == ""
    assert len(audit.entries(vault.conn, action="setting_changed")) == before
