"""Calendar arithmetic the MARAC rules use: months added the way people count them."""

from __future__ import annotations

import calendar
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


def uk_date_time(iso: str) -> str:
    """'2026-12-01T20:18:37.123456Z' as '01/12/2026 20:18 UTC' (the text itself when it is
    not such a time)."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.strftime("%d/%m/%Y %H:%M UTC")
