"""Finding earlier referrals of the same person among tens of thousands of people.

`NameIndex` holds every person's name forms in memory and finds candidates in two cheap
passes (spelling and sound, both in rapidfuzz's C++ loops) plus a date-of-birth lookup;
each candidate is then scored by `names.compare_people`, the one rule that decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.names import NameForms, PersonMatch, compare_people

# Below this a candidate is not shown at all; the coordinator sees the ranked rest.
SHOW_FROM = 70.0
# Loose first-pass cut-offs: candidates are cheap to score, missed ones are not found.
_SPELLING_CUTOFF = 50.0
_SOUND_CUTOFF = 75.0
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
        self._sounds: list[str] = []
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
            self._sounds.append(form.sounds)
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
            # Two cheap passes: by spelling, then by sound (another romanisation).
            for query, choices, cutoff in (
                (form.words, self._words, _SPELLING_CUTOFF),
                (form.sounds, self._sounds, _SOUND_CUTOFF),
            ):
                for _, _, row in process.extract(
                    query, choices, scorer=ratio, score_cutoff=cutoff, limit=_PASS_LIMIT
                ):
                    positions.add(self._row_entry[row])
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
