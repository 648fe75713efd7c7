"""Dates typed the UK way: every accepted form reads back, and nothing ambiguous is guessed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desk.domain.dates import (
    TWO_DIGIT_YEAR_REACH,
    DateError,
    parse_date,
    typed_as_iso,
    uk_date,
    uk_from_iso,
)

TODAY = date(2026, 12, 2)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def full_forms(day: date) -> list[str]:
    return [
        day.isoformat(),
        uk_date(day),
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day} {day:%b} {day.year}",
        f"{day.day} {day:%B} {day.year}",
        f"{day:%A} {day.day} {day:%B} {day.year}",
        f"  {day.day} {day:%B}   {day.year} ".upper(),
    ]


@settings(max_examples=300, deadline=None)
@given(days)
def test_every_date_reads_back_from_every_full_form(day: date) -> None:
    for form in full_forms(day):
        assert parse_date(form, today=TODAY) == day, form


@settings(max_examples=300, deadline=None)
@given(days, st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_a_two_digit_year_is_read_only_when_one_century_fits(day: date, today: date) -> None:
    short = f"{day.day}/{day.month}/{day.year % 100:02d}"
    if abs(day.year - today.year) <= TWO_DIGIT_YEAR_REACH:
        assert parse_date(short, today=today) == day
    else:
        # The century is never guessed: either it is refused, or the one century within
        # reach is not this date's (then this date needed its year in full anyway).
        try:
            read = parse_date(short, today=today)
        except DateError as error:
            assert "year in full" in str(error)
        else:
            assert read is not None and read != day
            assert abs(read.year - today.year) <= TWO_DIGIT_YEAR_REACH


@settings(max_examples=200, deadline=None)
@given(days)
def test_shown_dates_and_stored_dates_agree(day: date) -> None:
    assert uk_from_iso(day.isoformat()) == uk_date(day)
    assert typed_as_iso(uk_date(day)) == day.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08/12/2026", date(2026, 12, 8)),
        ("8/12/26", date(2026, 12, 8)),
        ("8 Dec 2026", date(2026, 12, 8)),
        ("8th December 2026", date(2026, 12, 8)),
        ("Tuesday, 8 December 2026", date(2026, 12, 8)),
        ("19/04/1952", date(1952, 4, 19)),
        ("2026-12-08", date(2026, 12, 8)),
        ("1 Sept 2026", date(2026, 9, 1)),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_as_coordinators_type_them(text: str, expected: date | None) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("19/04/52", "year in full"),  # 1952 or 2052
        ("12/31/2026", "no month 31"),  # American order is never read
        ("31/02/2026", "February has no day 31"),
        ("8/12", "no year"),
        ("8 Dec", "no year"),
        ("8 Decembre 2026", "not a month"),
        ("08122026", "not a date"),
        ("2026/12", "not a date"),
        ("8/12-2026", "not a date"),  # two different separators
        ("next Tuesday", "not a date"),
        ("Monday 8 December 2026", "is a Tuesday"),
    ],
)
def test_what_is_not_a_date_is_refused_with_what_to_type(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says):
        parse_date(text, today=TODAY)


def test_text_that_is_not_a_date_is_kept_as_typed_so_the_form_can_say_so() -> None:
    assert typed_as_iso("19/04/52", today=TODAY) == "19/04/52"
    assert typed_as_iso(" 8/12/26 ", today=TODAY) == "2026-12-08"
    assert uk_from_iso("not a date") == "not a date" and uk_from_iso(None, "–") == "–"
