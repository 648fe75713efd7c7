"""Name matching: symmetric, and tolerant of what typing does to names."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.matching import SHOW_FROM, NameIndex, PersonEntry, entry_names
from marac_desk.domain.names import NameForms, compare_dob, compare_names, compare_people, fold

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéöçñ", min_size=3, max_size=10)
full_name = st.lists(word, min_size=2, max_size=3).map(" ".join)
any_name = st.text(max_size=30)
dobs = st.none() | st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31))


@given(any_name, any_name)
def test_name_comparison_is_symmetric(a, b) -> None:  # type: ignore[no-untyped-def]
    x, y = (
        compare_names(NameForms.of(a), NameForms.of(b)),
        compare_names(NameForms.of(b), NameForms.of(a)),
    )
    assert (x.score, x.reason) == (y.score, y.reason)
    assert 0 <= x.score <= 100


@given(
    st.lists(any_name, min_size=1, max_size=3),
    dobs,
    st.booleans(),
    st.lists(any_name, min_size=1, max_size=3),
    dobs,
    st.booleans(),
)
def test_person_comparison_is_symmetric(a, a_dob, a_approx, b, b_dob, b_approx) -> None:  # type: ignore[no-untyped-def]
    fa = tuple(NameForms.of(n) for n in a)
    fb = tuple(NameForms.of(n) for n in b)
    one = compare_people(fa, a_dob, a_approx, fb, b_dob, b_approx)
    two = compare_people(fb, b_dob, b_approx, fa, a_dob, a_approx)
    assert (one.score, one.name.reason, one.dob) == (two.score, two.name.reason, two.dob)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(name: str, at: int, kind: int) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = letters[at % len(letters)]
    if kind == 0:  # a letter dropped
        return name[:i] + name[i + 1 :]
    if kind == 1:  # a letter doubled
        return name[:i] + name[i] + name[i:]
    return name[:i] + ("x" if name[i] != "x" else "z") + name[i + 1 :]  # a letter wrong


@given(full_name, st.integers(0, 40), st.integers(0, 2), st.integers(0, 3))
def test_matching_survives_case_accents_hyphens_swaps_and_one_typo(name, at, kind, variant) -> None:  # type: ignore[no-untyped-def]
    assume(len(name.replace(" ", "")) >= 8)
    words = name.split()
    changed = [
        name.upper(),
        strip_accents(name),
        "-".join(words[:-1]) + " " + words[-1] if len(words) > 2 else words[0] + "-" + words[1],
        " ".join(reversed(words)),
    ][variant]
    changed = typo(changed, at, kind)
    match = compare_names(NameForms.of(name), NameForms.of(changed))
    assert match.score >= SHOW_FROM, (name, changed, match)


def test_transliterations_and_alternative_spellings_match() -> None:
    for a, b in [
        ("Muhammad Khan", "Mohammed Khan"),
        ("Мухаммед Хан", "Muhammad Khan"),
        ("Aisha Begum", "Ayesha Begum"),
        ("Olena Shevchenko", "Олена Шевченко"),
        ("Siobhán O'Brien", "Siobhan OBRIEN"),
    ]:
        assert compare_names(NameForms.of(a), NameForms.of(b)).score >= 85, (a, b)
    assert compare_names(NameForms.of("Mary Brown"), NameForms.of("Peter Green")).score < SHOW_FROM


def test_fold_reduces_to_plain_words() -> None:
    assert fold("  Zoë  Smith-Jones ") == "zoe smith jones"
    assert fold("O’Brien") == "obrien"


def test_dates_of_birth() -> None:
    d = date(1990, 3, 4)
    assert compare_dob(d, False, d, False) == "same date of birth"
    assert compare_dob(d, False, date(1990, 4, 3), False).startswith("date of birth with day")
    assert compare_dob(d, True, date(1990, 9, 1), False).endswith("approximate)")
    assert compare_dob(d, False, date(1991, 3, 4), False) == "year of birth differs by one digit"
    assert compare_dob(d, False, date(1990, 3, 7), False) == "date of birth differs by one digit"
    assert compare_dob(d, False, date(1975, 8, 20), False) == "different date of birth"


def entry(
    pid: int,
    case: int,
    name: str,
    dob: date | None,
    role: CaseRole = CaseRole.VICTIM,
    aliases: tuple[str, ...] = (),
) -> PersonEntry:
    forenames, surname = name.rsplit(" ", 1)
    return PersonEntry(pid, case, role, name, entry_names(surname, forenames, aliases), dob)


def test_index_ranks_the_right_person_first_and_explains_why() -> None:
    index = NameIndex(
        [
            entry(1, 10, "Jane Smith", date(1990, 3, 4)),
            entry(2, 11, "Janet Smithson", date(1971, 1, 1)),
            entry(3, 12, "Paul Smith", date(1990, 3, 4), CaseRole.PERPETRATOR),
            entry(4, 13, "Layla Hassan", date(1985, 6, 7), aliases=("Leila Hasan", "Layla Ahmed")),
        ]
    )
    found = index.search(
        entry_names("Smyth", "Jane", ()), date(1990, 3, 4), roles=frozenset({CaseRole.VICTIM})
    )
    assert [c.entry.person_id for c in found][:1] == [1]
    assert "same date of birth" in found[0].match.reasons
    assert all(c.entry.role is CaseRole.VICTIM for c in found)
    by_alias = index.search(entry_names("Ahmed", "Laila", ()), None)
    assert by_alias[0].entry.person_id == 4
    index.replace_case(13, [])
    assert index.search(entry_names("Ahmed", "Laila", ()), None) == []
    assert len(index) == 3


def test_an_excluded_case_and_a_different_date_of_birth_keep_false_matches_out() -> None:
    index = NameIndex([entry(1, 10, "Jane Smith", date(1990, 3, 4))])
    assert index.search(entry_names("Smith", "Jane", ()), date(1990, 3, 4), exclude_case=10) == []
    assert index.search(entry_names("Smyth", "Jayne", ()), date(1962, 11, 20)) == []
    same_name = index.search(entry_names("Smith", "Jane", ()), date(1962, 11, 20))
    assert "different date of birth" in same_name[0].match.reasons
