"""Alt+letter works on every page: no two buttons, labelled fields or menus on one page
claim the same letter. Where two do, Qt does neither: the first press only moves the
focus between them, and a coordinator who knows the key loses it."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from marac_desk.ui.main_window import MainWindow

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    found = _MNEMONIC.search(text)
    return found.group(1).lower() if found else None


def _claims(window: MainWindow, page: QWidget) -> list[tuple[str, str]]:
    claims = [(a.text(), _letter(a.text())) for a in window.menuBar().actions() if a.isVisible()]
    for button in page.findChildren(QAbstractButton):
        if button.isVisibleTo(window):
            claims.append((button.text(), _letter(button.text())))
    for label in page.findChildren(QLabel):
        if label.buddy() is not None and label.isVisibleTo(window):
            claims.append((label.text(), _letter(label.text())))
    for box in page.findChildren(QGroupBox):
        if box.isVisibleTo(window):
            claims.append((box.title(), _letter(box.title())))
    return [(text, letter) for text, letter in claims if letter]


def _clashes(window: MainWindow, where: QWidget) -> list[str]:
    claims = _claims(window, where)
    counts = Counter(letter for _, letter in claims)
    return [f"{text} (Alt+{letter})" for text, letter in claims if counts[letter] > 1]


def test_no_page_gives_one_alt_letter_to_two_controls(qtbot, held) -> None:
    vault, meeting_id = held
    window = MainWindow(vault.paths.data_dir, vault)
    qtbot.addWidget(window)
    window.show()
    workspace = window.workspace
    assert workspace is not None
    clashes: dict[str, list[str]] = {}
    for row in range(workspace.navigation.count()):
        workspace.go_to(row)
        title = workspace.navigation.item(row).text()
        clashes[title] = _clashes(window, workspace.pages.currentWidget())
    window.start_conference(meeting_id)
    view = window.conference_view
    assert view is not None
    for panel in (view.attendance, view.review, view.case, view.close_panel):
        view.stack.setCurrentWidget(panel)
        clashes[f"conference: {type(panel).__name__}"] = _clashes(window, view)
    assert not any(clashes.values()), {k: v for k, v in clashes.items() if v}
