"""Counted words through Qt's numerus translations, with the English forms installed.

Source strings say a count the way Qt's translation tools expect: `plural("%n case(s)", n)`.
Qt only chooses between forms when a translation is installed, so English has a catalogue
too: resources/translations/marac_desk_en.ts, compiled by Qt's lrelease into the .qm the
package ships. Each entry's forms come from the source's own markings ("case(s)" → case /
cases, "(is/are)" → is / are; see `english`), written by tests.fixtures.plural_catalogue.
A Welsh catalogue installed later answers first, with its own plural forms.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QTranslator

from marac_desk import paths

CONTEXT = "marac-desk"
CATALOGUE = "marac_desk_en.qm"

# "word(s)": a suffix for more than one; "(one/many)": a choice, e.g. agenc(y/ies), (is/are).
_MARK = re.compile(r"(?<=[A-Za-z])\(([a-z]+)\)|\(([A-Za-z' %]*)/([A-Za-z' %]+)\)")


def english(source: str, n: int) -> str:
    """The English form of a marked source string for a count of n (%n left for Qt)."""

    def choose(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return "" if n == 1 else match.group(1)
        return match.group(2) if n == 1 else match.group(3)

    return _MARK.sub(choose, source)


def plural(source: str, n: int) -> str:
    """`source` with %n as the count, in the form the installed translations give for n."""
    if not _installed:
        install()  # an application made without make_application (a test's) gets it too
    return QCoreApplication.translate(CONTEXT, source, None, n)


_installed: list[QTranslator] = []


def install() -> None:
    """Install the English forms once per process. A plain QTranslator reading the shipped
    catalogue: Qt calls into it from any thread, so no Python code runs there."""
    app = QCoreApplication.instance()
    if app is None or _installed:
        return
    translator = QTranslator(app)
    folder = paths.resources_dir() / "translations"
    if translator.load(CATALOGUE, str(folder)) and QCoreApplication.installTranslator(translator):
        _installed.append(translator)
