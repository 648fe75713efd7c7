"""Repeat candidates in named bands: a different date of birth, or another forename
beside the same surname and date of birth, is never "likely the same person", and true
repeats stay in the top 3 on the project's hard set."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain.names import NameForms, compare_people
from marac_desk.domain.repeat_bands import Band, band
from tests.fixtures.repeat_set import evaluate

BORN = date(1991, 6, 20)


def banded(a: str, b: str, a_dob=BORN, b_dob=BORN) -> Band:
    return band(compare_people((NameForms.of(a),), a_dob, False, (NameForms.of(b),), b_dob, False))


def test_twins_and_other_people_are_never_likely() -> None:
    assert banded("Salma Khan", "Layla Khan") is Band.NAME_ONLY
    assert banded("Ifeoma Okafor", "Chioma Okafor") is Band.NAME_ONLY
    assert banded("Emma Smith", "Emma Smith", BORN, date(1967, 2, 3)) is Band.NAME_ONLY
    # The same woman written another way is still likely.
    assert banded("Anna Kowalska", "Anna Kowalsak") is Band.LIKELY
    assert banded("Mohammed Ali", "Muhammad Ali") is Band.LIKELY
    assert banded("Layla Hassan", "Leila Hassan") is Band.LIKELY
    assert banded("Anna Kowalska", "Anna Kowalska", BORN, None) is Band.POSSIBLY


surnames = st.sampled_from(["Khan", "Okafor", "Smith", "Nowak", "Murphy", "Nguyen", "Popescu"])
pairs = st.sampled_from(
    [
        ("Salma", "Layla"),
        ("Ifeoma", "Chioma"),
        ("Emma", "Laura"),
        ("Agnieszka", "Marta"),
        ("Aoife", "Niamh"),
        ("Mei", "Hoa"),
        ("Ioana", "Elena"),
        ("Sarah", "Kelly"),
    ]
)


@given(surnames, pairs, st.dates(date(1950, 1, 1), date(2008, 1, 1)), st.booleans())
def test_another_forename_with_the_same_surname_and_birth_is_never_likely(  # type: ignore[no-untyped-def]
    surname, pair, born, reverse
) -> None:
    one, other = pair if not reverse else pair[::-1]
    assert banded(f"{one} {surname}", f"{other} {surname}", born, born) is not Band.LIKELY
    assert banded(f"{surname} {one}", f"{other} {surname}", born, born) is not Band.LIKELY


@given(
    st.sampled_from(["Emma Smith", "Aisha Khan", "Chioma Okafor", "Olena Shevchenko"]),
    st.dates(date(1950, 1, 1), date(2008, 1, 1)),
    st.integers(3, 40),
)
def test_the_same_name_years_apart_in_birth_is_never_likely(name, born, years) -> None:  # type: ignore[no-untyped-def]
    other = (
        born.replace(year=born.year + years)
        if born.month != 2
        else born.replace(year=born.year + years, day=1)
    )
    # Years apart is never likely; one digit of the year apart may be a slip, so it is
    # "possibly" at best.
    assert banded(name, name, born, other) is not Band.LIKELY


def test_on_the_hard_set_repeats_stay_found_and_the_top_band_stays_true() -> None:
    outcome = evaluate()
    assert outcome.repeats >= 70
    assert outcome.recall_top3 >= 0.95, outcome.missed
    assert sum(outcome.negatives.values()) >= 60
    assert not outcome.wrong_in_top_band, outcome.wrong_in_top_band
    assert outcome.top_band_precision >= 0.95
