"""Finding earlier referrals of the same person among tens of thousands of people.

`NameIndex` holds every person's name forms in memory and finds candidates by spelling
(one pass of rapidfuzz's C++ loop), by sound (a dictionary of sound keys: another
romanisation, doubled or dropped letters) and by date of birth;
each candidate is then scored by `names.compare_people`, the one rule that decides.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

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


# A person as the index holds them: plain lists and strings (what JSON holds, so that the
# index can be kept whole inside the vault and read back in one piece), made into a
# PersonEntry only when a search needs them:
# [person id, case id, role, display name, ISO date of birth or None, approximate (0/1),
#  [[original, folded, words, sounds], ...]]
RawEntry = list[Any]

# Each time the index's kept form changes shape, this changes, and a kept index of the old
# shape is built again.
SNAPSHOT_FORMAT = 1


def _raw(entry: PersonEntry) -> RawEntry:
    return [
        entry.person_id,
        entry.case_id,
        entry.role.value,
        entry.display_name,
        entry.dob.isoformat() if entry.dob is not None else None,
        int(entry.dob_approx),
        [[f.original, f.folded, f.words, f.sounds] for f in entry.names],
    ]


def _made(raw: RawEntry) -> PersonEntry:
    person_id, case_id, role, display_name, dob, approx, forms = raw
    return PersonEntry(
        person_id=person_id,
        case_id=case_id,
        role=CaseRole(role),
        display_name=display_name,
        names=tuple(NameForms(*form) for form in forms),
        dob=date.fromisoformat(dob) if dob else None,
        dob_approx=bool(approx),
    )


class NameIndex:
    """Every person in the register, searchable by name and date of birth."""

    def __init__(self, entries: Iterable[PersonEntry] = ()) -> None:
        self._load(_raw(e) for e in entries)

    def _load(self, entries: Iterable[RawEntry]) -> None:
        self._entries: list[RawEntry | None] = []
        self._made: dict[int, PersonEntry] = {}
        self._words: list[str] = []
        self._by_sound: dict[str, list[int]] = {}
        # Single words of every name, for the register's search by part of a name.
        self._by_word: dict[str, list[int]] = {}
        self._by_word_sound: dict[str, list[str]] = {}
        self._word_list: list[str] | None = None
        self._row_entry: list[int] = []
        self._by_case: dict[int, list[int]] = {}
        self._by_dob: dict[str, list[int]] = {}
        self._dead_rows = 0
        for raw in entries:
            self._add(raw)

    @classmethod
    def of_rows(cls, entries: Iterable[RawEntry]) -> NameIndex:
        """An index of people given as raw entries (see RawEntry)."""
        index = cls.__new__(cls)
        index._load(entries)
        return index

    def snapshot(self) -> dict[str, Any]:
        """The whole index as plain data (JSON), to be read back by `from_snapshot`."""
        return {
            "format": SNAPSHOT_FORMAT,
            "entries": self._entries,
            "words": self._words,
            "row_entry": self._row_entry,
            "by_sound": self._by_sound,
            "by_word": self._by_word,
            "by_word_sound": self._by_word_sound,
            "by_case": self._by_case,
            "by_dob": self._by_dob,
            "dead_rows": self._dead_rows,
        }

    @classmethod
    def from_snapshot(cls, data: object) -> NameIndex:
        """The index `snapshot` gave. Raises ValueError when `data` is not one: a kept
        index that cannot be trusted is built again, never half used."""
        if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
            raise ValueError("not a name index of this format")
        index = cls.__new__(cls)
        try:
            entries, words, row_entry = data["entries"], data["words"], data["row_entry"]
            maps = [data[k] for k in ("by_sound", "by_word", "by_word_sound", "by_case", "by_dob")]
            dead_rows = data["dead_rows"]
        except KeyError as exc:
            raise ValueError(f"name index without {exc}") from None
        if not (
            all(isinstance(x, list) for x in (entries, words, row_entry))
            and all(isinstance(m, dict) for m in maps)
            and isinstance(dead_rows, int)
            and len(words) == len(row_entry)
        ):
            raise ValueError("name index of the wrong shape")
        if any(not (e is None or (isinstance(e, list) and len(e) == 7)) for e in entries):
            raise ValueError("name index with a malformed person")
        positions = [row_entry, *(v for m in maps if m is not maps[2] for v in m.values())]
        try:
            low = min((min(p) for p in positions if p), default=0)
            high = max((max(p) for p in positions if p), default=-1)
        except TypeError:
            raise ValueError("name index with malformed positions") from None
        if not (
            isinstance(low, int) and isinstance(high, int) and low >= 0 and high < len(entries)
        ):
            raise ValueError("name index pointing past its people")
        index._entries = entries
        index._made = {}
        index._words = words
        index._row_entry = row_entry
        index._by_sound, index._by_word, index._by_word_sound, by_case, index._by_dob = maps
        index._by_case = {int(k): v for k, v in by_case.items()}  # JSON keys are text
        index._word_list = None
        index._dead_rows = dead_rows
        return index

    def __len__(self) -> int:
        return sum(1 for e in self._entries if e is not None)

    @property
    def made(self) -> int:
        """How many people have been made into a PersonEntry so far (they are kept)."""
        return len(self._made)

    def _entry(self, position: int) -> PersonEntry | None:
        made = self._made.get(position)
        if made is None:
            raw = self._entries[position]
            if raw is None:
                return None
            made = self._made[position] = _made(raw)
        return made

    def people_of_case(self, case_id: int) -> list[PersonEntry]:
        return [
            entry
            for position in self._by_case.get(case_id, ())
            if (entry := self._entry(position)) is not None
        ]

    def replace_case(self, case_id: int, entries: Iterable[PersonEntry | RawEntry]) -> None:
        """Forget a case's people and index them anew (after an edit)."""
        self.remove_case(case_id)
        for entry in entries:
            self._add(_raw(entry) if isinstance(entry, PersonEntry) else entry)
        if self._dead_rows > max(1000, len(self._words) // 4):
            self._compact()

    def remove_case(self, case_id: int) -> None:
        for position in self._by_case.pop(case_id, []):
            raw = self._entries[position]
            if raw is not None:
                self._dead_rows += len(raw[6])
                self._entries[position] = None
                self._made.pop(position, None)

    def _add(self, raw: RawEntry) -> None:
        position = len(self._entries)
        self._entries.append(raw)
        self._by_case.setdefault(raw[1], []).append(position)
        if raw[4]:
            self._by_dob.setdefault(raw[4], []).append(position)
        for _original, folded, words, sounds in raw[6]:
            self._words.append(words)
            self._by_sound.setdefault(sounds, []).append(position)
            for word in folded.split():
                if word not in self._by_word:
                    self._by_word_sound.setdefault(skeleton(word), []).append(word)
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
            positions.update(self._by_dob.get(dob.isoformat(), ()))
            if dob.day <= 12 and dob.day != dob.month:
                swapped = date(dob.year, dob.day, dob.month)
                positions.update(self._by_dob.get(swapped.isoformat(), ()))
        found: list[Candidate] = []
        for position in positions:
            entry = self._entry(position)
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
        # Each person's best score for each word typed, summed over the words (a word
        # their names do not hold adds nothing).
        totals: dict[int, float] = {}
        for word in words:
            close: dict[str, float] = {
                w: score
                for w, score, _ in process.extract(
                    word, self._word_list, scorer=ratio, score_cutoff=_WORD_CUTOFF, limit=500
                )
            }
            for alike in self._by_word_sound.get(skeleton(word), ()):
                close[alike] = max(close.get(alike, 0.0), _SOUND_ALIKE)
            best_of: dict[int, float] = {}
            for found, score in close.items():
                for position in self._by_word.get(found, ()):
                    if score > best_of.get(position, 0.0):
                        best_of[position] = score
            for position, score in best_of.items():
                totals[position] = totals.get(position, 0.0) + score
        # Ranked on the raw entries (a common surname matches thousands of people at
        # 100,000 cases); only the `limit` shown are made into entries.
        scored: list[tuple[float, int, int, int]] = []
        for position, total in totals.items():
            overall = total / len(words)
            raw = self._entries[position]
            if overall >= show_from and raw is not None:
                scored.append((-overall, -raw[1], raw[0], position))
        scored.sort()
        shown = [(self._entry(p), -score) for score, _, _, p in scored[:limit]]
        return [(entry, score) for entry, score in shown if entry is not None]


# Names that between them meet every rule of `fold` and `skeleton`: accents, apostrophes,
# hyphens, digraphs, swapped and dropped letters, doubles, digits and other scripts. A kept
# index was made with the rules whose forms of these names it records; when the rules (or
# the romanisation library) change, the forms change, and the kept index is built again.
_PROBES = (
    "Siobhán Ní Bhriain",
    "Mary-Jane O'Brien",
    "D’Arcy McKenzie-Smith",
    "Phillipa Khan Ghazali",
    "Thomas Shah Chaudhry",
    "Zoë Quincy Wójcik",
    "Yusuf Jaxon Xavier",
    "Aaliyah Abbott Llewellyn",
    "Muhammad Mohammed Mukhammed",
    "Nguyễn Thị Lan",
    "Łucja Żak-Øster",
    "محمد الحسن",
    "Дмитрий Иванова",
    "Γεώργιος Παπαδόπουλος",
    "王芳",
    "सुनीता शर्मा",
    "Jo  Smith   2nd",
)


def rules_fingerprint() -> str:
    """Names the rules that made the index's name forms (see `_PROBES`)."""
    forms = [NameForms.of(name) for name in _PROBES]
    made = [[f.folded, f.words, f.sounds, [skeleton(w) for w in f.folded.split()]] for f in forms]
    text = json.dumps([SNAPSHOT_FORMAT, made], ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()
