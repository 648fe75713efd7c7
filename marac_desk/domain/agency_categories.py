"""The referring-agency categories the quarterly data return counts by, as data.

The list ships in resources/agency_categories.json in the return's order; an area adds
its own (one per line in Settings), which count as partner agencies. Only the police
category counts as a police referral.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    police: bool = False
    legacy: bool = False  # kept for agencies recorded under it; never offered for a new one


class CategoryFileError(ValueError):
    """The shipped categories file is broken: a build defect, not something a user typed."""


def parse_shipped(text: str) -> tuple[Category, ...]:
    data = json.loads(text)
    found: list[Category] = []
    for item in data["categories"]:
        key, label = str(item["key"]), str(item["label"]).strip()
        if not _KEY.match(key) or not label or any(c.key == key for c in found):
            raise CategoryFileError(f"agency category {key!r} is not usable")
        found.append(
            Category(key, label, bool(item.get("police")), legacy=bool(item.get("legacy")))
        )
    if sum(c.police for c in found) != 1:
        raise CategoryFileError("exactly one agency category must be the police")
    return tuple(found)


def local_key(label: str) -> str:
    """The stored key of a category an area adds: 'local_' and its label in lower case."""
    return "local_" + re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:30]


def extra_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def extra_problem(text: Any, shipped: tuple[Category, ...]) -> str | None:
    """Why the area's extra categories (one per line) cannot be used beside the shipped
    ones, or None. How many lines, how long and repeated lines are the setting's own check
    (domain.settings), made first."""
    if not isinstance(text, str):
        return "Type one category per line."
    lines = extra_lines(text)
    seen = {c.label.casefold() for c in shipped}
    keys: set[str] = set()
    for line in lines:
        if not re.search(r"[A-Za-z]", line):
            return f"“{line}” needs letters: type a name such as Fire and rescue."
        if line.casefold() in seen:
            return f"“{line}” is already a category."
        key = local_key(line)
        if key in keys:
            return f"“{line}” is too like another line: give each category its own name."
        seen.add(line.casefold())
        keys.add(key)
    return None


def categories(shipped: tuple[Category, ...], extra: str) -> tuple[Category, ...]:
    """Every category known here: the shipped list, then the area's own."""
    added = tuple(Category(local_key(line), line) for line in extra_lines(extra))
    return shipped + added


def by_key(known: tuple[Category, ...]) -> Mapping[str, Category]:
    return {c.key: c for c in known}


def label_of(key: str, known: tuple[Category, ...]) -> str:
    """What to show for a stored key, including one whose local category was removed."""
    found = by_key(known).get(key)
    if found is not None:
        return found.label
    return f"{key} (no longer a category: choose another)"


def offered(known: tuple[Category, ...]) -> tuple[Category, ...]:
    """The categories a user may choose for an agency (the legacy one is never offered)."""
    return tuple(c for c in known if not c.legacy)


def needs_choice(key: str, known: tuple[Category, ...]) -> bool:
    """True when an agency's category must be chosen again before the return is right."""
    found = by_key(known).get(key)
    return found is None or found.legacy
