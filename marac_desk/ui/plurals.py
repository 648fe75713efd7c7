"""Counted words through Qt's numerus translations, and the English forms of them.

Source strings say a count the way Qt's translation tools expect: `plural("%n case(s)", n)`.
Qt only chooses between forms when a translation is installed, so English gets one too:
`EnglishPlurals` reads the source's own markings ("case(s)" → case / cases, "(is/are)" →
is / are). A Welsh catalogue installed later answers first, with its own plural forms.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QTranslator

CONTEXT = "marac-desk"

# "word(s)": a suffix for more than one; "(one/many)": a choice, e.g. agenc(y/ies), (is/are).
_MARK = re.compile(r"(?<=[A-Za-z])\(([a-z]+)\)|\(([A-Za-z' %]*)/([A-Za-z' %]+)\)")


def english(source: str, n: int) -> str:
    """The English form of a marked source string for a count of n (%n left for Qt)."""

    def choose(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return "" if n == 1 else match.group(1)
        return match.group(2) if n == 1 else match.group(3)

    return _MARK.sub(choose, source)


class EnglishPlurals(QTranslator):
    """Answers only counted strings; everything else is left to the source text."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        if n < 0 or context != CONTEXT or "(" not in source_text:
            # None reaches Qt as a null string: "no translation here", so the source
            # text (or the next translator) is used. An empty string would blank it.
            return None
        return english(source_text, n)

    def isEmpty(self) -> bool:
        return False


def plural(source: str, n: int) -> str:
    """`source` with %n as the count, in the form the installed translations give for n."""
    if not _installed:
        install()  # an application made without make_application (a test's) gets it too
    return QCoreApplication.translate(CONTEXT, source, None, n)


_installed: list[EnglishPlurals] = []


def install() -> None:
    """Install the English forms once per process (kept referenced: Qt does not own it)."""
    app = QCoreApplication.instance()
    if app is None or _installed:
        return
    translator = EnglishPlurals(app)
    if QCoreApplication.installTranslator(translator):
        _installed.append(translator)
