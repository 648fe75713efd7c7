"""The user guide shipped in resources/guide: one Markdown page per screen or task, read
and searched offline (nothing is ever fetched)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marac_desk import paths


@dataclass(frozen=True)
class GuidePage:
    key: str  # the file's name without .md: "05-meetings"
    title: str  # its first heading
    text: str  # the Markdown

    @property
    def plain(self) -> str:
        """The words of the page, without Markdown's marks, for searching."""
        return _fold(re.sub(r"[#*`|>\-_\[\]()]+", " ", self.text))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def guide_dir() -> Path:
    return paths.resources_dir() / "guide"


@cache
def pages() -> tuple[GuidePage, ...]:
    """Every page, in the guide's order (the files' numbers)."""
    found: list[GuidePage] = []
    for path in sorted(guide_dir().glob("*.md")):
        text = path.read_text("utf-8")
        first = next((line for line in text.splitlines() if line.startswith("# ")), path.stem)
        found.append(GuidePage(path.stem, first.removeprefix("# ").strip(), text))
    return tuple(found)


def page(key: str) -> GuidePage:
    for found in pages():
        if found.key == key:
            return found
    return pages()[0]


def search(words: str) -> list[GuidePage]:
    """The pages holding every word typed (any case, accents or not), the most mentions
    first; every page when nothing is typed."""
    wanted = _fold(words).split()
    if not wanted:
        return list(pages())
    hits = [
        (sum(p.plain.count(w) for w in wanted) + 10 * sum(w in _fold(p.title) for w in wanted), p)
        for p in pages()
        if all(w in p.plain for w in wanted)
    ]
    return [p for _, p in sorted(hits, key=lambda hit: -hit[0])]
