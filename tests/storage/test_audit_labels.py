"""Every entry the audit log can hold is said in words, never as a raw code."""

from __future__ import annotations

import re
from pathlib import Path

from marac_desk.storage import audit

SOURCE = Path(__file__).resolve().parents[2] / "marac_desk"
_CALLS = (
    re.compile(r'\baudit\(\s*"([a-z_]+)"'),
    re.compile(r'audit\.append\(\s*[^,]+,\s*[^,]+,\s*"([a-z_]+)"'),
)


def written_codes() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text("utf-8")
        for pattern in _CALLS:
            found |= set(pattern.findall(text))
    return found


def test_every_code_written_has_words() -> None:
    codes = written_codes()
    assert len(codes) > 50  # the scan finds the calls
    assert sorted(c for c in codes if c not in audit.ACTION_LABELS) == []


def test_an_unknown_code_is_said_as_other() -> None:
    assert audit.label("minutes_exported") == "Minutes exported"
    assert audit.label("made_by_a_later_version") == "Other: made by a later version"
