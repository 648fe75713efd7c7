"""The settings page shows what is stored, and leaving it untouched changes nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QSpinBox

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
        if isinstance(widget, QSpinBox):
            shown = widget.value()
        elif isinstance(widget, QCheckBox):
            shown = widget.isChecked()
        elif isinstance(widget, QPlainTextEdit):
            shown = widget.toPlainText()
        else:
            assert isinstance(widget, QLineEdit)
            shown = widget.text()
        assert shown == stored[key], key
    before = len(audit.entries(vault.conn, action="setting_changed"))
    page.commit_pending()
    assert page.error.text() == ""
    assert len(audit.entries(vault.conn, action="setting_changed")) == before


def test_remembering_is_switched_off_with_a_tick(qtbot, vault) -> None:
    page = SettingsPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    box = page.field(defs.ALLOW_REMEMBER)
    assert isinstance(box, QCheckBox) and box.isChecked()
    box.setChecked(False)  # saved as it is ticked, like the other fields when left
    assert settings.all_settings(vault)[defs.ALLOW_REMEMBER] is False


def test_the_confidentiality_statement_is_changed_in_its_own_box(qtbot, vault) -> None:
    page = SettingsPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    box = page.field(defs.CONFIDENTIALITY_STATEMENT)
    assert isinstance(box, QPlainTextEdit)
    assert "confidential" in box.toPlainText()
    box.setPlainText("Our protocol's words.\nSecond paragraph.")
    page.commit_pending()
    assert settings.get(vault, defs.CONFIDENTIALITY_STATEMENT) == (
        "Our protocol's words.\nSecond paragraph."
    )
    box.setPlainText("   ")
    page.commit_pending()
    assert "Enter the confidentiality statement" in page.error.text()
    assert settings.get(vault, defs.CONFIDENTIALITY_STATEMENT).startswith("Our protocol")
