"""Finding earlier referrals of the same person among tens of thousands of people.

`NameIndex` holds every person's name forms in memory and finds candidates by spelling
(one pass of rapidfuzz's C++ loop), by sound (a dictionary of sound keys: another
romanisation, doubled or dropped letters) and by date of birth;
each candidate is then scored by `names.compare_people`, the one rule that decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.names import NameForms, PersonMatch, compare_people, fold, skeleton

# Below this a candidate is not shown at all; the coordinator sees the ranked rest.
SHOW_FROM = 70.0
# Loose first-pass cut-offs: candidates are cheap to score, missed ones are not found.
_SPELLING_CUTOFF = 50.0
# The register's search by words: each word typed must be this close to a word of the name.
WORDS_FROM = 80.0
_WORD_CUTOFF = 75.0
_SOUND_ALIKE = 85.0
_PASS_LIMIT = 300


@dataclass(frozen=True)
class PersonEntry:
    person_id: int
    case_id: int
    role: CaseRole
    display_name: str
    names: tuple[NameForms, ...]
    dob: date | None = None
    dob_approx: bool = False


@dataclass(frozen=True)
class Candidate:
    entry: PersonEntry
    match: PersonMatch


def entry_names(surname: str, forenames: str, aliases: Iterable[str]) -> tuple[NameForms, ...]:
    """A person's name and each alias or alternative spelling, as comparable forms."""
    written = [f"{forenames} {surname}".strip(), *aliases]
    seen: set[str] = set()
    forms: list[NameForms] = []
    for name in written:
        form = NameForms.of(name)
        if form.words and form.folded not in seen:
            seen.add(form.folded)
            forms.append(form)
    return tuple(forms)


class NameIndex:
    """Every person in the register, searchable by name and date of birth."""

    def __init__(self, entries: Iterable[PersonEntry] = ()) -> None:
        self._load(entries)

    def _load(self, entries: Iterable[PersonEntry]) -> None:
        self._entries: list[PersonEntry | None] = []
        self._words: list[str] = []
        self._by_sound: dict[str, list[int]] = {}
        # Single words of every name, for the register's search by part of a name.
        self._by_word: dict[str, list[int]] = {}
        self._by_word_sound: dict[str, set[str]] = {}
        self._word_list: list[str] | None = None
        self._row_entry: list[int] = []
        self._by_case: dict[int, list[int]] = {}
        self._by_dob: dict[date, list[int]] = {}
        self._dead_rows = 0
        for entry in entries:
            self._add(entry)

    def __len__(self) -> int:
        return sum(1 for e in self._entries if e is not None)

    def people_of_case(self, case_id: int) -> list[PersonEntry]:
        return [
            entry
            for position in self._by_case.get(case_id, ())
            if (entry := self._entries[position]) is not None
        ]

    def replace_case(self, case_id: int, entries: Iterable[PersonEntry]) -> None:
        """Forget a case's people and index them anew (after an edit)."""
        self.remove_case(case_id)
        for entry in entries:
            self._add(entry)
        if self._dead_rows > max(1000, len(self._words) // 4):
            self._compact()

    def remove_case(self, case_id: int) -> None:
        for position in self._by_case.pop(case_id, []):
            entry = self._entries[position]
            if entry is not None:
                self._dead_rows += len(entry.names)
                self._entries[position] = None

    def _add(self, entry: PersonEntry) -> None:
        position = len(self._entries)
        self._entries.append(entry)
        self._by_case.setdefault(entry.case_id, []).append(position)
        if entry.dob is not None:
            self._by_dob.setdefault(entry.dob, []).append(position)
        for form in entry.names:
            self._words.append(form.words)
            self._by_sound.setdefault(form.sounds, []).append(position)
            for word in form.folded.split():
                if word not in self._by_word:
                    self._by_word_sound.setdefault(skeleton(word), set()).add(word)
                    self._word_list = None
                self._by_word.setdefault(word, []).append(position)
            self._row_entry.append(position)

    def _compact(self) -> None:
        self._load([e for e in self._entries if e is not None])

    def search(
        self,
        names: tuple[NameForms, ...],
        dob: date | None = None,
        dob_approx: bool = False,
        *,
        roles: frozenset[CaseRole] | None = None,
        exclude_case: int | None = None,
        show_from: float = SHOW_FROM,
        limit: int = 25,
    ) -> list[Candidate]:
        """Ranked people who may be the one described, best first."""
        positions: set[int] = set()
        for form in names:
            # By spelling (one C++ pass over every name), then by the same sound key.
            for _, _, row in process.extract(
                form.words,
                self._words,
                scorer=ratio,
                score_cutoff=_SPELLING_CUTOFF,
                limit=_PASS_LIMIT,
            ):
                positions.add(self._row_entry[row])
            positions.update(self._by_sound.get(form.sounds, ()))
        if dob is not None:
            positions.update(self._by_dob.get(dob, ()))
            if dob.day <= 12 and dob.day != dob.month:
                positions.update(self._by_dob.get(date(dob.year, dob.day, dob.month), ()))
        found: list[Candidate] = []
        for position in positions:
            entry = self._entries[position]
            if entry is None or entry.case_id == exclude_case:
                continue
            if roles is not None and entry.role not in roles:
                continue
            match = compare_people(names, dob, dob_approx, entry.names, entry.dob, entry.dob_approx)
            if match.score >= show_from:
                found.append(Candidate(entry, match))
        found.sort(key=lambda c: (-c.match.score, -c.entry.case_id, c.entry.person_id))
        return found[:limit]

    def search_words(
        self, text: str, *, show_from: float = WORDS_FROM, limit: int = 200
    ) -> list[tuple[PersonEntry, float]]:
        """People whose names hold every word typed, spelled alike or sounding alike: the
        register's search, where a coordinator types a surname or part of a name."""
        words = fold(text).split()
        if not words:
            return []
        if self._word_list is None:
            self._word_list = list(self._by_word)
        per_position: dict[int, list[float]] = {}
        for number, word in enumerate(words):
            close: dict[str, float] = {
                w: score
                for w, score, _ in process.extract(
                    word, self._word_list, scorer=ratio, score_cutoff=_WORD_CUTOFF, limit=500
                )
            }
            for alike in self._by_word_sound.get(skeleton(word), ()):
                close[alike] = max(close.get(alike, 0.0), _SOUND_ALIKE)
            for found, score in close.items():
                for position in self._by_word.get(found, ()):
                    scores = per_position.setdefault(position, [0.0] * len(words))
                    scores[number] = max(scores[number], score)
        ranked: list[tuple[PersonEntry, float]] = []
        for position, scores in per_position.items():
            entry = self._entries[position]
            overall = sum(scores) / len(scores)
            if entry is not None and overall >= show_from:
                ranked.append((entry, overall))
        ranked.sort(key=lambda pair: (-pair[1], -pair[0].case_id, pair[0].person_id))
        return ranked[:limit]
