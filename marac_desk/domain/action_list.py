"""The actions tracker as a table to export or print: the rows shown, in the order shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from marac_desk.domain.actions import Action
from marac_desk.domain.dates import uk_date

HEADINGS = ("Due", "Agency", "Owner", "Case", "Victim", "Agreed", "Status", "Action")


def action_rows(
    rows: Sequence[tuple[Action, str, str, date]],
    names: Mapping[str, str],
    today: date,
) -> list[list[str]]:
    """Headings, then a line per action: (action, case reference, victim, agreed on)."""
    table = [list(HEADINGS)]
    for action, reference, victim, agreed in rows:
        due = uk_date(action.due_on, "No date")
        if action.overdue(today):
            due += " (overdue)"  # said in words: a printout has no colours
        table.append(
            [
                due,
                names.get(action.owner_agency, action.owner_agency) or "No agency",
                action.owner_name,
                reference,
                victim,
                uk_date(agreed),
                action.status.label,
                action.text,
            ]
        )
    return table
