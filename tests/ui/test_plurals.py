"""Counts said properly in English, through Qt's numerus translations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marac_desk.ui.plurals import english, plural
from marac_desk.ui.widgets import tr


@pytest.mark.parametrize(
    ("source", "n", "expected"),
    [
        ("%n case(s)", 1, "1 case"),
        ("%n case(s)", 0, "0 cases"),
        ("%n case(s)", 21, "21 cases"),
        ("%n child(ren)", 1, "1 child"),
        ("%n child(ren)", 3, "3 children"),
        ("%n agenc(y/ies) (is/are) late", 1, "1 agency is late"),
        ("%n agenc(y/ies) (is/are) late", 2, "2 agencies are late"),
        ("How (was the pack/were the %n packs) sent?", 1, "How was the pack sent?"),
        ("How (was the pack/were the %n packs) sent?", 4, "How were the 4 packs sent?"),
        ("%n item(s) (MARAC record only)", 2, "2 items (MARAC record only)"),
    ],
)
def test_counted_words_take_the_form_their_count_needs(source: str, n: int, expected: str) -> None:
    assert english(source, n).replace("%n", str(n)) == expected


@pytest.mark.parametrize(
    ("source", "n", "expected"),
    [
        ("%n case(s)", 1, "1 case"),
        ("%n case(s)", 0, "0 cases"),
        ("%n agenc(y/ies) asked", 1, "1 agency asked"),
        ("%n agenc(y/ies) asked", 7, "7 agencies asked"),
        ("How (was the pack/were the %n packs) sent today?", 3, "How were the 3 packs sent today?"),
        (", %n child(ren)", 1, ", 1 child"),
    ],
)
def test_the_screens_counts_come_from_the_shipped_catalogue(
    qapp, source: str, n: int, expected: str
) -> None:
    assert plural(source, n) == expected


def test_the_shipped_catalogue_holds_every_counted_string_and_is_built_from_it(
    tmp_path,
) -> None:
    from tests.fixtures import plural_catalogue as catalogue

    assert len(catalogue.counted_strings()) > 40
    assert catalogue.TS.read_text("utf-8") == catalogue.ts_text(), (
        "run: .venv/bin/python -m tests.fixtures.plural_catalogue"
    )
    rebuilt = tmp_path / "en.qm"
    catalogue.build(catalogue.TS, rebuilt)
    assert rebuilt.read_bytes() == catalogue.QM.read_bytes()


def test_strings_without_a_count_are_left_as_written(qapp) -> None:
    plural("%n case(s)", 2)  # the English forms are installed
    assert tr("Case {0}: {1}") == "Case {0}: {1}"
    assert tr("Only (MARAC record only) (a/b)") == "Only (MARAC record only) (a/b)"


_NOUNS = "cases|children|actions|agencies|items|files|referrals|updates|edits|things|packs"
# "{0} cases" in a tr() string says "1 cases" for one; a count must go through plural().
_COUNTED_BY_HAND = re.compile(r"""tr\(\s*["'][^"']*\{\d\} (?:""" + _NOUNS + r""")\b""")


def test_no_screen_counts_by_hand() -> None:
    ui = Path(__file__).parents[2] / "marac_desk" / "ui"
    found = [
        f"{path.relative_to(ui)}: {match.group(0)}"
        for path in sorted(ui.rglob("*.py"))
        for match in _COUNTED_BY_HAND.finditer(path.read_text("utf-8"))
    ]
    assert found == []
