"""The register's search by part of a name: a surname alone, misspelled, still finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.matching import NameIndex, PersonEntry, entry_names

PEOPLE = [
    ("Okonkwo", "Adaeze"),
    ("Kowalska", "Marta"),
    ("Hassan", "Leila"),
    ("Smith", "Jo"),
    ("Ní Bhriain", "Siobhán"),
    ("Nguyen", "Thi Lan"),
]


def index() -> NameIndex:
    return NameIndex(
        PersonEntry(n, n, CaseRole.VICTIM, f"{s.upper()}, {f}", entry_names(s, f, ()))
        for n, (s, f) in enumerate(PEOPLE, start=1)
    )


def slip(word: str, at: int) -> str:
    """Two neighbouring letters swapped: the commonest typing slip."""
    at = 1 + at % (len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([p for p in PEOPLE if len(p[0]) >= 5]), st.integers(0, 20))
def test_a_surname_alone_with_one_slip_finds_the_person_first(person, at) -> None:
    surname, _ = person
    found = index().search_words(slip(surname, at).lower())
    assert found and found[0][0].display_name.startswith(surname.upper())


def test_accents_and_word_order_do_not_matter() -> None:
    found = index().search_words("siobhan ni bhriain")
    assert found[0][0].display_name.startswith("NÍ BHRIAIN")


def test_an_unrelated_word_finds_nobody() -> None:
    assert index().search_words("Zebedee") == []


SURNAMES = ["Smith", "Smyth", "Smithe", "Jones", "Jonas", "Khan", "Kahn", "Ní Bhriain", "Brown"]
FORENAMES = ["Jo", "Joe", "Ann", "Anne", "Leila", "Layla", "Siobhán"]


def _oracle(people: list[tuple[str, str]], text: str, limit: int) -> list[tuple[int, float]]:
    """Every person scored the plain way (each word typed against every word of their
    names), all ranked, then cut: what search_words must return, however it gets there."""
    from rapidfuzz.fuzz import ratio

    from marac_desk.domain import matching
    from marac_desk.domain.names import fold, skeleton

    typed = fold(text).split()
    ranked = []
    for number, (surname, forenames) in enumerate(people, start=1):
        theirs = fold(f"{forenames} {surname}").split()
        total = 0.0
        for word in typed:
            best = 0.0
            for their in theirs:
                score = ratio(word, their)
                score = score if score >= matching._WORD_CUTOFF else 0.0
                if skeleton(their) == skeleton(word):
                    score = max(score, matching._SOUND_ALIKE)
                best = max(best, score)
            total += best
        overall = total / len(typed)
        if overall >= matching.WORDS_FROM:
            # Case ids here run with person ids: the newest case first among equals.
            ranked.append((-overall, -number, number))
    ranked.sort()
    return [(person, -score) for score, _, person in ranked[:limit]]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(SURNAMES), st.sampled_from(FORENAMES)), max_size=30),
    st.sampled_from(["smith", "smiht", "jo smith", "ann khan", "bhriain ni", "brwon", "layla"]),
    st.integers(1, 8),
)
def test_ranking_matches_every_person_scored_and_sorted(people, text, limit) -> None:
    found = NameIndex(
        PersonEntry(n, n, CaseRole.VICTIM, f"{s.upper()}, {f}", entry_names(s, f, ()))
        for n, (s, f) in enumerate(people, start=1)
    ).search_words(text, limit=limit)
    assert [(entry.person_id, score) for entry, score in found] == _oracle(people, text, limit)
