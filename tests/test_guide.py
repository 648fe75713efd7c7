"""The user guide: every page reads, search finds what it says, F1 lands on the right page."""

from __future__ import annotations

import re

from marac_desk import guide
from marac_desk.ui import help_window


def test_every_page_has_a_title_and_every_screen_a_page() -> None:
    keys = {p.key for p in guide.pages()}
    assert len(keys) >= 12 and all(p.title and len(p.text) > 300 for p in guide.pages())
    for key in (*help_window.PAGE_FOR.values(), help_window.CASE_PAGE, help_window.RESEARCH_PAGE):
        assert key in keys, key
    assert help_window.CONFERENCE_PAGE in keys


def test_search_finds_every_word_in_any_case_or_accent_and_says_when_nothing_does() -> None:
    found = [p.key for p in guide.search("CHASE overdue")]
    # Research and actions are both chased when overdue.
    assert found and set(found[:2]) == {"06-research", "09-actions"}
    assert [p.key for p in guide.search("chasé")] == [p.key for p in guide.search("chase")]
    assert guide.search("zebra crossing") == []
    assert len(guide.search("  ")) == len(guide.pages())


def test_the_guide_names_only_keys_the_app_has() -> None:
    """Every Ctrl+ key the guide teaches is in the window's shortcut list or bound in the
    interface's code (the conference's keys are its own)."""
    from pathlib import Path

    from marac_desk.ui.main_window import SHORTCUTS

    listed = " ".join(keys for keys, _ in SHORTCUTS)
    ui = Path(help_window.__file__).parent
    code = " ".join(path.read_text("utf-8") for path in ui.rglob("*.py"))
    taught = set(re.findall(r"Ctrl\+(?:Shift\+)?[A-Z]\b", guide.page("12-shortcuts").text))
    assert taught
    for key in taught:
        assert key in listed or f'"{key}"' in code, key
