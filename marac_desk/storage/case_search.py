"""Searching the register: by reference, name, alias or address, misspelled names too.

Apart from `storage.cases` because a search needs the name matcher (`name_index`), which
the register does not need to open: it loads with the first search.
"""

from __future__ import annotations

from dataclasses import dataclass

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.matching import PersonEntry
from marac_desk.domain.names import fold
from marac_desk.domain.roles import Permission
from marac_desk.storage import name_index
from marac_desk.storage.cases import ROLE_LABELS
from marac_desk.storage.vault import Vault


def _fts_query(text: str) -> str:
    words = fold(text).split()
    # Each word as a quoted prefix: what a person types is never read as FTS syntax.
    return " AND ".join(f'"{w}"*' for w in words)


_ROLE_ORDER = (CaseRole.VICTIM, CaseRole.PERPETRATOR, CaseRole.CHILD, CaseRole.OTHER)


@dataclass(frozen=True)
class SearchHit:
    case_id: int
    found: str  # what matched, in words: "Perpetrator KOWALSKI, Piotr (similar spelling)"


def search(vault: Vault, text: str, *, limit: int = 200) -> list[int]:
    return [hit.case_id for hit in search_hits(vault, text, limit=limit)]


def _found_by_words(people: list[PersonEntry], words: list[str], reference: str) -> str:
    """Which person's name holds every word typed, else what else the words were found in."""
    for person in people:
        for number, form in enumerate(person.names):
            held = form.folded.split()
            if all(any(h.startswith(w) for h in held) for w in words):
                who = f"{ROLE_LABELS[person.role]} {person.display_name}"
                # names[0] is the name itself; the rest are aliases, named as what matched.
                return f"{who} (alias “{form.original}”)" if number else who
    if all(w in fold(reference) for w in words):
        return "Reference"
    return "Address, postcode or alias"


def search_hits(vault: Vault, text: str, *, limit: int = 200) -> list[SearchHit]:
    """Cases found by reference, name, alias or address, best first; misspelled names too,
    each with who or what it was found by (a case can turn up by its perpetrator's name).

    Exact words (full-text index) come first; cases whose people's names are close to
    what was typed, though spelled differently, follow.
    """
    vault.require(Permission.VIEW_ALL_CASES)
    query = _fts_query(text)
    if not query:
        return []
    with name_index.searching(vault) as index:
        words = fold(text).split()
        found: list[SearchHit] = []
        for case_id, reference in vault.conn.execute(
            "SELECT s.rowid, c.reference FROM case_search s JOIN cases c ON c.id = s.rowid "
            "WHERE case_search MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        ):
            people = index.people_of_case(int(case_id))
            found.append(SearchHit(int(case_id), _found_by_words(people, words, str(reference))))
        if any(c.isalpha() for c in text):
            seen = {hit.case_id for hit in found}
            by_case: dict[int, list[tuple[PersonEntry, float]]] = {}
            for entry, score in index.search_words(text, limit=limit):
                if entry.case_id not in seen:
                    by_case.setdefault(entry.case_id, []).append((entry, score))
            for case_id, matched in by_case.items():  # best case first, as searched
                # Of the people in a case who match about as well, name the victim first.
                best = matched[0][1]
                entry, _ = min(
                    (p for p in matched if p[1] >= best - 5),
                    key=lambda p: _ROLE_ORDER.index(p[0].role),
                )
                found.append(
                    SearchHit(
                        case_id,
                        f"{ROLE_LABELS[entry.role]} {entry.display_name} (spelled or sounds alike)",
                    )
                )
        return found[:limit]


def record_search(vault: Vault, text: str, hits: int) -> None:
    """Searches are audited by length and result count, never by what was typed."""
    with vault.transaction():
        vault.audit("register_searched", {"characters": len(text), "hits": hits})
