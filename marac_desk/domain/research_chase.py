"""The chaser a coordinator sends an agency whose research is overdue.

It names the cases by their MARAC reference only: the agency already has the pack with the
people to search for, and a chaser travels by email, so it carries no name, address or
date of birth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from marac_desk.domain.dates import long_date, uk_date


@dataclass(frozen=True)
class Overdue:
    """One agency's research still missing for a meeting."""

    agency_code: str
    agency_name: str
    references: tuple[str, ...]  # the cases it was asked about and has not returned


def chaser_text(
    overdue: Overdue,
    *,
    marac_name: str,
    meeting_date: date,
    deadline: date,
    coordinator: str,
    today: date,
) -> str:
    """The chaser to paste into secure email: what is missing, the deadline, the meeting."""
    count = len(overdue.references)
    cases = "1 case" if count == 1 else f"{count} cases"
    listed = "\n".join(f"  - {reference}" for reference in overdue.references)
    late = (today - deadline).days
    when = (
        f"was due by {uk_date(deadline)}"
        if late <= 0
        else f"was due by {uk_date(deadline)} ({'1 day' if late == 1 else f'{late} days'} ago)"
    )
    return (
        f"Subject: MARAC research overdue: {overdue.agency_name}, meeting "
        f"{uk_date(meeting_date)}\n\n"
        f"To the single point of contact, {overdue.agency_name}\n\n"
        f"Your agency's research for the {marac_name} meeting on {long_date(meeting_date)} "
        f"{when}. We have not had it for {cases}:\n{listed}\n\n"
        "Please send your return today, by secure email only, using the research pack you "
        "were sent. If your agency holds nothing on anyone in a case, a nil return is still "
        "needed, so the meeting knows your records were searched.\n\n"
        "The cases are named by their MARAC reference only; the people to search for are in "
        "the pack. If you cannot find it, reply and it will be sent again.\n\n"
        f"{coordinator}\nMARAC coordinator, {marac_name}"
    )


def overdue_agencies(
    agencies: Sequence[str],
    names: dict[str, str],
    overdue_cases: dict[str, list[str]],
) -> list[Overdue]:
    """The agencies with research overdue, in the grid's order, each with its cases."""
    return [
        Overdue(code, names.get(code, code), tuple(overdue_cases[code]))
        for code in agencies
        if overdue_cases.get(code)
    ]
