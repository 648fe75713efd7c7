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
