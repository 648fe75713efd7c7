"""Chasing actions overdue between meetings: each owner agency's actions overdue by more
than a setting, with its single point of contact, and the chaser to send them.

Like the research chaser, it names each action by the case's MARAC reference, the
meeting that agreed it and its due date, as the agency's action plan lists them: the
agency has the plan, and a chaser travels by email, so it carries no name and no
action's wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from marac_desk.domain.dates import long_date, uk_date


@dataclass(frozen=True)
class LateAction:
    action_id: int
    reference: str  # the case's MARAC reference
    agreed_on: date  # the meeting that agreed it
    due_on: date


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class Late:
    """One agency's actions to chase."""

    agency_code: str
    agency_name: str
    contact: Contact
    actions: tuple[LateAction, ...]

    @property
    def contact_line(self) -> str:
        parts = [p for p in (self.contact.name, self.contact.email, self.contact.phone) if p]
        return ", ".join(parts) if parts else "no single point of contact recorded"


def to_chase(due_on: date | None, outstanding: bool, today: date, after_days: int) -> bool:
    """Overdue by more than `after_days` days: due before today less that many."""
    return outstanding and due_on is not None and due_on < today - timedelta(days=after_days)


def late_agencies(
    actions: Iterable[tuple[str, LateAction]],
    names: Mapping[str, str],
    contacts: Mapping[str, Contact],
) -> list[Late]:
    """(owner agency code, action) grouped by agency, most actions first, each agency's
    oldest due first. Actions with no owner agency cannot be chased and are left out."""
    grouped: dict[str, list[LateAction]] = {}
    for code, action in actions:
        if code.strip():
            grouped.setdefault(code.strip().upper(), []).append(action)
    found = [
        Late(
            code,
            names.get(code, code),
            contacts.get(code, Contact("", "")),
            tuple(sorted(late, key=lambda a: (a.due_on, a.reference, a.action_id))),
        )
        for code, late in grouped.items()
    ]
    return sorted(found, key=lambda lt: (-len(lt.actions), lt.agency_name.casefold()))


def chaser_text(late: Late, *, marac_name: str, coordinator: str, today: date) -> str:
    """The chaser to paste into secure email: which actions, when due, what is asked."""
    lines = []
    for action in late.actions:
        days = (today - action.due_on).days
        lines.append(
            f"  - {action.reference}: agreed at the meeting on {uk_date(action.agreed_on)}, "
            f"due {uk_date(action.due_on)} "
            f"({'1 day' if days == 1 else f'{days} days'} ago)"
        )
    count = len(late.actions)
    said = "1 action" if count == 1 else f"{count} actions"
    greeting = f"To {late.contact.name}" if late.contact.name else "To the single point of contact"
    return (
        f"Subject: MARAC actions overdue: {late.agency_name}\n\n"
        f"{greeting}, {late.agency_name}\n\n"
        f"The {marac_name} action plans record {said} for your agency as still open after "
        f"their due dates:\n" + "\n".join(lines) + "\n\n"
        "Please reply today, by secure email only, with what has been done on each, or "
        "what stands in the way. If an action can no longer be done because circumstances "
        "changed, say so: the next meeting reviews every outstanding action, and persistent "
        "non-completion goes to the MARAC steering group.\n\n"
        "Actions are named by the case's MARAC reference, the meeting and the due date, as "
        f"your agency's action plan lists them. Written {long_date(today)}.\n\n"
        f"{coordinator}\nMARAC coordinator, {marac_name}"
    )
