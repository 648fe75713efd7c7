"""UI test guards."""

from __future__ import annotations

import pytest

from marac_desk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _no_hidden_quit_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a window with unsaved edits asks before quitting; in a test that question
    would wait for ever, so it fails the test instead (tests of it replace this)."""

    def fail(self: MainWindow) -> bool:
        pytest.fail(f"closing the window would lose unsaved edits: {self._unsaved}")

    monkeypatch.setattr(MainWindow, "_quit_losing_edits", fail)
