"""The files the minutes are sent as: which document, which format, and the file name
pattern an administrator sets, with its check.

Apart from `distribution` because the settings check the pattern, and the settings are
read at every sign-in, long before anyone sends minutes.
"""

from __future__ import annotations

import re
import string
from datetime import date
from enum import StrEnum


class DocumentKind(StrEnum):
    MINUTES = "minutes"
    ACTIONS = "actions"  # the action plan only, for agencies that need only their tasks

    @property
    def label(self) -> str:
        return "Minutes" if self is DocumentKind.MINUTES else "Action plan"


class Format(StrEnum):
    PDF = "pdf"
    DOCX = "docx"

    @property
    def label(self) -> str:
        return self.value.upper()


DEFAULT_PATTERN = "{date} {marac} {kind} - {agency}"
PLACEHOLDERS = {
    "date": "the meeting date, 2026-12-01",
    "marac": "the MARAC's name",
    "kind": "Minutes or Action plan",
    "agency": "the agency's name (MARAC record for the full minutes)",
    "code": "the agency's code (RECORD for the full minutes)",
}
# Characters no file system accepts in a name, and control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))}
_RESERVED |= {f"LPT{n}" for n in range(1, 10)}
_MAX_STEM = 150  # leaves room for the folder in Windows' 260-character paths


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot name minutes files, or None when it can."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "Enter a file name pattern, for example " + DEFAULT_PATTERN + "."
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        return "Check the braces in the file name pattern: each { needs its }."
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        return (
            f"The file name pattern has {{{unknown[0]}}}, which marac-desk does not know. "
            f"Use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
        )
    if "agency" not in names and "code" not in names:
        # Without it every agency's file would get the same name.
        return "The file name pattern needs {agency} or {code}, so each agency's file differs."
    if "kind" not in names:
        return "The file name pattern needs {kind}, so minutes and action plans differ."
    return None


def file_stem(
    pattern: str, *, meeting_date: date, marac: str, kind: DocumentKind, agency: str, code: str
) -> str:
    """A file name (without its extension) safe on Windows, macOS and Linux."""
    stem = pattern.format(
        date=meeting_date.isoformat(),
        marac=marac,
        kind=kind.label,
        agency=agency,
        code=code or "RECORD",
    )
    stem = _UNSAFE.sub("-", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:_MAX_STEM].strip(" .")
    if not stem or stem.split(".")[0].upper() in _RESERVED:
        stem = f"{meeting_date.isoformat()} {stem or 'minutes'}".strip()
    return stem
