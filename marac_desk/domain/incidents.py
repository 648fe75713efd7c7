"""Incidents between meetings: an agency tells the coordinator of a further incident on a
case. One inside the repeat window of a case already heard is a repeat, and should come
back to the MARAC as a repeat referral; domestic homicide reviews keep finding repeat
incidents that never were. Pure rules, so a test can walk the window's edges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import RuleSettings, is_repeat, repeat_window_end
from marac_desk.domain.dates import uk_date

MAX_WHAT = 4000
MAX_REFERENCE = 40
EARLIEST = date(1990, 1, 1)


class Decision(StrEnum):
    """What the coordinator did about an incident that is a repeat."""

    OPEN = ""  # not decided yet: Home lists it
    REFERRED = "referred"  # a repeat referral was started from it
    NOT_REFERRED = "not_referred"  # decided not to, with the reason


@dataclass(frozen=True)
class Incident:
    incident_id: int
    case_id: int
    day: date
    agency: str  # the notifying agency's code
    what: str
    police_reference: str = ""
    decision: Decision = Decision.OPEN
    decision_note: str = ""
    repeat_case_id: int | None = None  # the repeat referral started from it


def problems(
    day: date | None,
    agency: str,
    what: str,
    police_reference: str,
    *,
    today: date,
    agencies: set[str],
) -> list[str]:
    """Why this incident cannot be recorded (empty when it can)."""
    found: list[str] = []
    if day is None:
        found.append("Give the date of the incident.")
    elif day > today:
        found.append(f"The incident date {uk_date(day)} is in the future: check it.")
    elif day < EARLIEST:
        found.append(f"The incident date {uk_date(day)} is too long ago to be right: check it.")
    if not agency.strip():
        found.append("Choose the agency that told you of the incident.")
    elif agency.strip().upper() not in agencies:
        found.append(f"“{agency}” is not in the agency directory: choose an agency from the list.")
    if not what.strip():
        found.append("Say what happened, as the agency told you.")
    elif len(what) > MAX_WHAT:
        found.append(f"Keep what happened under {MAX_WHAT:,} characters.")
    if len(police_reference.strip()) > MAX_REFERENCE:
        found.append(f"A police reference is at most {MAX_REFERENCE} characters.")
    return found


def is_a_repeat(
    incident: date, status: CaseStatus, last_referral: date | None, rules: RuleSettings
) -> bool:
    """Whether an incident on a case is a repeat that should come back to the MARAC: the
    case was heard, and the incident falls inside the repeat window that starts on its
    last referral (SafeLives counts a repeat to the date of the further incident)."""
    if status is not CaseStatus.HEARD or last_referral is None:
        return False
    return is_repeat(last_referral, incident, rules)


def prompts(
    incident: Incident, status: CaseStatus, last_referral: date | None, rules: RuleSettings
) -> bool:
    """Whether Home asks the coordinator about this incident: a repeat not yet decided."""
    return incident.decision is Decision.OPEN and is_a_repeat(
        incident.day, status, last_referral, rules
    )


def window_note(
    incident: date, status: CaseStatus, last_referral: date | None, rules: RuleSettings
) -> str:
    """What the case view says about an incident and the repeat window, in words."""
    if last_referral is None:
        return "The case has no referral date to count a repeat from."
    end = repeat_window_end(last_referral, rules)
    if incident < last_referral:
        return "Before the last referral: part of the history, not a repeat."
    if incident > end:
        return f"After the window closed on {uk_date(end)}: a new referral, not a repeat."
    if status is not CaseStatus.HEARD:
        return (
            "Inside the repeat window, but the case has not been heard yet: add it to the referral."
        )
    return f"A repeat: inside the window, to {uk_date(end)}."


def repeat_referral(
    form: dict[str, object], incident: Incident, today: date, agency_name: str
) -> dict[str, object]:
    """A new referral for the same people, started from an incident: who they are comes
    from the case's form; the incident's date and agency are set; everything that must be
    asked again (the Dash, consent, the criteria) is left to be asked."""
    people = {k: form.get(k) for k in ("victim", "perpetrators", "children", "others")}
    contact = form.get("contact")
    reason = (
        f"Incident on {uk_date(incident.day)} notified by {agency_name}: {incident.what.strip()}"
    )
    if incident.police_reference.strip():
        reason += f" (police reference {incident.police_reference.strip()})"
    return {
        **{k: v for k, v in people.items() if v},
        **({"contact": contact} if isinstance(contact, dict) else {}),
        "referral": {
            "referral_date": today.isoformat(),
            "incident_date": incident.day.isoformat(),
            "referring_agency": incident.agency,
            "reason": reason[:MAX_WHAT],
        },
    }
