"""Calendar arithmetic the MARAC rules use, and dates read and written the UK way.

People type dates as they always have (08/12/2026, 8/12/26, 8 Dec 2026) and read them as
DD/MM/YYYY; ISO (YYYY-MM-DD) is what the vault and files meant for machines hold.
"""

from __future__ import annotations

import calendar
import re
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the month's last day when it has no such day.

    31 January plus one month is 28 (or 29) February, as a coordinator would count it.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def age_on(born: date, on: date) -> int:
    """Whole years of age on a day (a 29 February birthday counts from 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def parse_iso(text: str) -> date | None:
    """A date from YYYY-MM-DD, or None for empty or impossible text."""
    try:
        return date.fromisoformat(text.strip()) if text and text.strip() else None
    except ValueError:
        return None


def long_date(day: date) -> str:
    """ "Tuesday 1 December 2026", as agendas and letters write a date (no leading zero,
    the same on every platform)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """ "Tue 8 Dec 2026": a date where room is short (a list of meetings)."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def uk_date_time(iso: str) -> str:
    """'2026-12-01T20:18:37.123456Z' as '01/12/2026 20:18 UTC' (the text itself when it is
    not such a time)."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.strftime("%d/%m/%Y %H:%M UTC")


# --- typed dates -----------------------------------------------------------------------

TWO_DIGIT_YEAR_REACH = 20
"""A two-digit year is read only when one century puts it within this many years of today:
26 is 2026, but 52 could be 1952 or 2052 (a date of birth or a review date), so it must be
written in full. Guessing a century is how a 1952 birth date becomes a child's."""

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    )
} | {"sept": 9}
_DAY_NAMES = {n.lower() for n in calendar.day_name} | {n.lower() for n in calendar.day_abbr}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})")
_NO_YEAR = re.compile(r"\d{1,2}[/.\-]\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?")

EXAMPLE = "08/12/2026"
"""How the messages show a date to type; the same form the screens show."""


class DateError(ValueError):
    """Text that is not a date; the message says what is wrong and what to type."""


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """The date typed in `text`, or None when it is empty.

    Read: DD/MM/YYYY with /, . or - between (day first, as in the UK); D/M/YY when the
    two-digit year is unambiguous (see TWO_DIGIT_YEAR_REACH); "8 Dec 2026" or "Tuesday
    8 December 2026"; and ISO YYYY-MM-DD. Anything else raises DateError: a day and month
    with no year, a month name no one writes, or an impossible day (31/02/2026). Nothing is
    guessed, and the day always comes first: 12/31/2026 is refused, not read as American.
    """
    value = " ".join(text.strip().lower().split())
    if not value:
        return None
    shown = text.strip()
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = (int(g) for g in match.groups())
        return _real(year, month, day, shown)
    if match := _NUMERIC.fullmatch(value):
        day, month = int(match.group(1)), int(match.group(3))
        return _real(_year(match.group(4), shown, today), month, day, shown)
    words = value.split(" ", 1)
    weekday = ""
    if len(words) == 2 and words[0].rstrip(",") in _DAY_NAMES:
        weekday, value = words[0].rstrip(","), words[1]
    if match := _WORDS.fullmatch(value):
        month_name = match.group(2)
        if month_name not in _MONTHS:
            raise DateError(
                f"“{shown}”: “{month_name}” is not a month. Type a date such as {EXAMPLE}."
            )
        year = _year(match.group(3), shown, today)
        found = _real(year, _MONTHS[month_name], int(match.group(1)), shown)
        if weekday and weekday not in (f"{found:%A}".lower(), f"{found:%a}".lower()):
            # "Monday 8 December" is a slip in the day or in the date: say which, pick neither.
            raise DateError(f"“{shown}”: {long_date(found)} is a {found:%A}. Check the date.")
        return found
    if _NO_YEAR.fullmatch(value):
        raise DateError(f"“{shown}” has no year. Type the whole date, such as {EXAMPLE}.")
    raise DateError(f"“{shown}” is not a date. Type it day first, such as {EXAMPLE}.")


def _year(text: str, shown: str, today: date | None) -> int:
    if len(text) == 4:
        return int(text)
    this_year = (today or date.today()).year
    near = [
        century + int(text)
        for century in range((this_year // 100 - 1) * 100, (this_year // 100 + 2) * 100, 100)
        if abs(century + int(text) - this_year) <= TWO_DIGIT_YEAR_REACH
    ]
    if len(near) != 1:
        raise DateError(
            f"“{shown}”: write the year in full (which century “{text}” is cannot be told)."
        )
    return near[0]


def _real(year: int, month: int, day: int, shown: str) -> date:
    if not 1 <= month <= 12:
        raise DateError(
            f"“{shown}”: there is no month {month}. Type the day first, such as {EXAMPLE}."
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(
            f"“{shown}” is not a real date: {calendar.month_name[month]} has no day {day}."
        ) from None


def typed_as_iso(text: str, *, today: date | None = None) -> str:
    """What a date field stores: the typed date as YYYY-MM-DD, or the text as it was when it
    is not a date (so the form can say what is wrong, and nothing typed is lost)."""
    try:
        found = parse_date(text, today=today)
    except DateError:
        return text.strip()
    return found.isoformat() if found else ""


def uk_date(day: date | None, empty: str = "") -> str:
    """08/12/2026: how every screen and document shows a date."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else empty


def uk_from_iso(text: str | None, empty: str = "") -> str:
    """A stored YYYY-MM-DD shown as 08/12/2026 (the text itself when it is not one)."""
    if not text:
        return empty
    found = parse_iso(text)
    return uk_date(found) if found else text
