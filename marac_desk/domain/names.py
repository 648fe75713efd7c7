"""Comparing people's names the way a careful coordinator would.

Names reach the register typed by many hands: accents dropped or kept, hyphens or
spaces, surname first or last, one letter wrong, or written in another script and
romanised differently each time (Muhammad, Mohammed, Mukhammed). `fold` reduces a name
to plain lower-case Latin letters; `skeleton` further reduces each word to a sound key
that survives vowel changes, doubled letters and the common transliteration digraphs.
Every comparison here is symmetric: comparing A with B gives what B with A gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import permutations

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

_APOSTROPHES = re.compile(r"['’`´]")
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
# Digraphs that different romanisations write for one sound, reduced to one letter.
_DIGRAPHS = (("ph", "f"), ("kh", "h"), ("gh", "g"), ("th", "t"), ("sh", "s"), ("ch", "c"))
# Letters that romanisations swap for one another, mapped to one representative.
_LETTERS = str.maketrans({"c": "k", "q": "k", "z": "s", "w": "v", "y": "i", "j": "i", "x": "s"})
_DROPPED = set("aeiouh")


def fold(text: str) -> str:
    """Lower-case Latin letters and digits, words separated by single spaces.

    Any script is romanised (anyascii), accents go, apostrophes join ("O'Brien" is
    "obrien") and hyphens separate ("Smith-Jones" is "smith jones").
    """
    latin = anyascii(text).lower()
    latin = _APOSTROPHES.sub("", latin)
    return _NOT_LETTERS.sub(" ", latin).strip()


def skeleton(word: str) -> str:
    """A sound key for one folded word: first letter, then consonants, doubles collapsed."""
    if not word:
        return ""
    for pair, single in _DIGRAPHS:
        word = word.replace(pair, single)
    word = word.translate(_LETTERS)
    key = [word[0]]
    for letter in word[1:]:
        if letter in _DROPPED:
            continue
        if letter != key[-1]:
            key.append(letter)
    return "".join(key)


# Names with more words than this are compared on sorted words only: trying every
# pairing of their words would cost more than it could find.
_ALIGN_UP_TO = 5


def _pairing(
    a: tuple[str, ...], b: tuple[str, ...]
) -> tuple[tuple[tuple[str, str], ...], float, int] | None:
    """The best pairing of two names' words: each word of the shorter name with its best
    partner in the other (pairs given as (word of a, word of b)), the similarity weighted
    by word length, and the letters changed; None when there is nothing to pair."""
    if not a or not b or max(len(a), len(b)) > _ALIGN_UP_TO:
        return None
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    best: tuple[tuple[tuple[str, str], ...], float, int] | None = None
    for chosen in permutations(long_, len(short)):
        pairs = tuple(zip(short, chosen, strict=True))
        weighted = sum(ratio(x, y) * (len(x) + len(y)) for x, y in pairs)
        distance = sum(Levenshtein.distance(x, y) for x, y in pairs)
        if best is None or weighted > best[1] or (weighted == best[1] and distance < best[2]):
            best = (pairs, weighted, distance)
    assert best is not None
    pairs, weighted, distance = best
    if short is not a:
        pairs = tuple((y, x) for x, y in pairs)
    return pairs, weighted, distance


def aligned_words(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, int | None]:
    """Similarity of two names word by word, pairing each word with its best partner.

    Returns the score (0 to 100, weighted by word length, unpaired words scoring 0) and
    the total number of letters changed when both have the same number of words. Unlike
    sorting the words first, a typo in a first letter cannot reorder the pairing.
    """
    paired = _pairing(a, b)
    if paired is None:
        return 0.0, None
    _, weighted, distance = paired
    total = sum(map(len, a)) + sum(map(len, b))
    return weighted / total, (distance if len(a) == len(b) else None)


def sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def sorted_skeleton(folded: str) -> str:
    return " ".join(sorted(skeleton(w) for w in folded.split()))


@dataclass(frozen=True)
class NameForms:
    """One written name, prepared once for many comparisons."""

    original: str
    folded: str
    words: str  # folded words in sorted order: word order no longer matters
    sounds: str  # skeletons in sorted order

    @classmethod
    def of(cls, name: str) -> NameForms:
        folded = fold(name)
        return cls(name, folded, sorted_words(folded), sorted_skeleton(folded))


@dataclass(frozen=True)
class NameMatch:
    score: float  # 0 to 100
    reason: str
    left: str
    right: str


def compare_names(a: NameForms, b: NameForms) -> NameMatch:
    """How alike two written names are, and in words why.

    Each rule that applies proposes a score; the highest wins, and on a tie the rule
    listed first (the plainer explanation) gives the reason.
    """
    if not a.words or not b.words:
        return NameMatch(0.0, "no name to compare", a.original, b.original)
    if a.folded == b.folded:
        return NameMatch(100.0, "same name", a.original, b.original)
    if a.words == b.words:
        return NameMatch(98.0, "same names in a different order", a.original, b.original)
    aligned, changed = aligned_words(tuple(a.folded.split()), tuple(b.folded.split()))
    spelled = max(ratio(a.words, b.words), aligned)
    proposals: list[tuple[float, str]] = []
    if changed is not None and changed <= 2 and min(len(a.words), len(b.words)) >= 5:
        letters = "one letter" if changed == 1 else "two letters"
        proposals.append((max(spelled, 92.0 - 4 * changed), f"spelling differs by {letters}"))
    if a.sounds == b.sounds:
        # Sound keys are coarse (John and Jane share one), so the spelling still counts.
        proposals.append(
            (45.0 + 0.5 * spelled, "sounds alike (another spelling or transliteration)")
        )
    else:
        proposals.append((0.9 * ratio(a.sounds, b.sounds), "sounds similar"))
    proposals.append((spelled, "similar spelling"))
    score, reason = max(proposals, key=lambda p: p[0])
    return NameMatch(score, reason, a.original, b.original)


def best_name_match(a: tuple[NameForms, ...], b: tuple[NameForms, ...]) -> NameMatch:
    """The closest pair among two people's names (their names, aliases and spellings).

    Ties are broken on the names themselves, in an order that does not depend on which
    person came first, so the result is the same both ways round.
    """
    best: NameMatch | None = None
    best_key: tuple[float, str, str] | None = None
    for x in a:
        for y in b:
            found = compare_names(x, y)
            key = (found.score, min(x.folded, y.folded), max(x.folded, y.folded))
            if best_key is None or key > best_key:
                best, best_key = found, key
    return best or NameMatch(0.0, "no name to compare", "", "")


class DobAgreement:
    SAME = "same date of birth"
    SWAPPED = "date of birth with day and month swapped"
    NEAR = "date of birth close (one is approximate)"
    ONE_DIGIT = "date of birth differs by one digit"
    ONE_DIGIT_YEAR = "year of birth differs by one digit"  # a slip, or a sister
    DIFFERENT = "different date of birth"
    UNKNOWN = "date of birth not known for both"


def compare_dob(a: date | None, a_approx: bool, b: date | None, b_approx: bool) -> str:
    if a is None or b is None:
        return DobAgreement.UNKNOWN
    if a == b:
        return DobAgreement.SAME
    if (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return DobAgreement.SWAPPED
    if (a_approx or b_approx) and abs((a - b).days) <= 366:
        return DobAgreement.NEAR
    if Levenshtein.distance(a.isoformat(), b.isoformat()) == 1:
        return DobAgreement.ONE_DIGIT if a.year == b.year else DobAgreement.ONE_DIGIT_YEAR
    return DobAgreement.DIFFERENT


_DOB_ADJUST = {
    DobAgreement.SAME: 15.0,
    DobAgreement.SWAPPED: 8.0,
    DobAgreement.NEAR: 6.0,
    DobAgreement.ONE_DIGIT: 6.0,
    DobAgreement.ONE_DIGIT_YEAR: 0.0,
    DobAgreement.UNKNOWN: 0.0,
    DobAgreement.DIFFERENT: -30.0,
}


def differing_word(left: str, right: str) -> tuple[str, str] | None:
    """A word of one name that is plainly another word in the other ("Salma Khan" and
    "Layla Khan"), not a slip or another spelling of it: the pair, else None.

    Words are paired as `aligned_words` pairs them; an initial ("S Khan") or a word with
    no partner (a middle name left off) is not a difference."""
    paired = _pairing(tuple(fold(left).split()), tuple(fold(right).split()))
    if paired is None:
        return None
    for x, y in paired[0]:
        if min(len(x), len(y)) == 1 and x[0] == y[0]:
            continue  # an initial
        if skeleton(x) == skeleton(y):
            continue  # another spelling or transliteration of the same word
        # Slips land inside a word; a word that starts with another letter (Emma and
        # Gemma) or shares little with it (Salma and Layla) is another name.
        starts_apart = min(len(x), len(y)) >= 3 and x[0].translate(_LETTERS) != y[0].translate(
            _LETTERS
        )
        if starts_apart or ratio(x, y) < 70:
            return x, y
    return None


# A name with a word that is plainly another word is a different person more often than
# a slip: it loses this much, and never counts as "likely the same person".
_DIFFERING_WORD = 10.0


@dataclass(frozen=True)
class PersonMatch:
    score: float  # 0 to 100
    name: NameMatch
    dob: str
    differs: tuple[str, str] | None = None  # a word that is plainly another word

    @property
    def reasons(self) -> list[str]:
        said = [self.name.reason]
        if self.name.left != self.name.right and self.name.reason != "same name":
            said[0] += f" ({self.name.left} / {self.name.right})"
        if self.differs is not None:
            said.append(
                f"another name in it ({self.differs[0].title()} / {self.differs[1].title()})"
            )
        if self.dob != DobAgreement.UNKNOWN:
            said.append(self.dob)
        return said


def compare_people(
    a_names: tuple[NameForms, ...],
    a_dob: date | None,
    a_approx: bool,
    b_names: tuple[NameForms, ...],
    b_dob: date | None,
    b_approx: bool,
) -> PersonMatch:
    """One score for "is this the same person": names first, the date of birth adjusts it."""
    name = best_name_match(a_names, b_names)
    dob = compare_dob(a_dob, a_approx, b_dob, b_approx)
    # Ordered so that comparing A with B finds the same word as B with A.
    first, second = sorted((name.left, name.right))
    differs = differing_word(first, second) if name.score < 100 else None
    if differs is not None and first != name.left:
        differs = (differs[1], differs[0])  # said in the order the names are shown
    adjust = _DOB_ADJUST[dob] - (_DIFFERING_WORD if differs else 0.0)
    score = max(0.0, min(100.0, name.score + adjust))
    return PersonMatch(round(score, 1), name, dob, differs)
