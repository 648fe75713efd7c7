"""Incidents notified between meetings, against a case: recorded by the coordinator, listed
on the case, and those that are repeats of a heard case listed on Home until a repeat
referral is started from them or the coordinator records why not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from marac_desk.domain import incidents as rules
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.dates import parse_iso
from marac_desk.domain.incidents import Decision, Incident
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, referrals
from marac_desk.storage import settings as settings_store
from marac_desk.storage.research import directory
from marac_desk.storage.vault import Vault

_COLUMNS = (
    "i.id, i.case_id, i.incident_date, i.agency_code, i.what, i.police_reference, "
    "i.decision, i.decision_note, i.repeat_case_id"
)


def _incident(row: tuple[object, ...]) -> Incident:
    day = parse_iso(str(row[2]))
    assert day is not None  # stored only after being checked
    return Incident(
        incident_id=int(str(row[0])),
        case_id=int(str(row[1])),
        day=day,
        agency=str(row[3]),
        what=str(row[4]),
        police_reference=str(row[5]),
        decision=Decision(str(row[6])),
        decision_note=str(row[7]),
        repeat_case_id=int(str(row[8])) if row[8] is not None else None,
    )


def record(
    vault: Vault,
    case_id: int,
    *,
    day: date | None,
    agency: str,
    what: str,
    police_reference: str = "",
    today: date | None = None,
) -> Incident:
    """Record an incident an agency notified; refused, with nothing written, when it is
    not right."""
    vault.require(Permission.EDIT_CASES)
    today = today or date.today()
    conn = vault.conn
    if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
        raise ValidationError("That case is no longer in the vault.")
    found = rules.problems(
        day, agency, what, police_reference, today=today, agencies=set(directory(conn))
    )
    if found:
        raise ValidationError(" ".join(found))
    assert day is not None
    with vault.transaction():
        cursor = conn.execute(
            "INSERT INTO incidents (case_id, incident_date, agency_code, what, "
            "police_reference, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                case_id,
                day.isoformat(),
                agency.strip().upper(),
                what.strip(),
                police_reference.strip(),
                audit.now_iso(),
                vault.actor,
            ),
        )
        incident_id = int(cursor.lastrowid or 0)
        # Which case and which incident: never what happened.
        vault.audit("incident_recorded", {"case_id": case_id, "incident_id": incident_id})
    return read(vault, incident_id)


def read(vault: Vault, incident_id: int) -> Incident:
    vault.require(Permission.VIEW_ALL_CASES)
    row = vault.conn.execute(
        f"SELECT {_COLUMNS} FROM incidents i WHERE i.id = ?", (incident_id,)
    ).fetchone()
    if row is None:
        raise ValidationError("That incident is no longer in the vault.")
    return _incident(tuple(row))


def for_case(vault: Vault, case_id: int) -> list[Incident]:
    """A case's incidents, most recent first."""
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        f"SELECT {_COLUMNS} FROM incidents i WHERE i.case_id = ? "
        "ORDER BY i.incident_date DESC, i.id DESC",
        (case_id,),
    )
    return [_incident(tuple(r)) for r in rows]


@dataclass(frozen=True)
class Prompt:
    """An incident Home asks about: a repeat of a heard case, not yet decided."""

    incident: Incident
    reference: str
    victim: str


def waiting(vault: Vault) -> list[Prompt]:
    """Every undecided incident that is a repeat of a heard case, oldest first."""
    vault.require(Permission.VIEW_ALL_CASES)
    window = settings_store.rules(vault)
    rows = vault.conn.execute(
        f"SELECT {_COLUMNS}, c.status, c.last_referral_on, c.reference, "
        "coalesce((SELECT name_upper(p.surname) || ', ' || p.forenames FROM case_persons cp "
        "JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = c.id AND cp.role = 'victim' "
        "ORDER BY cp.position LIMIT 1), '') "
        "FROM incidents i JOIN cases c ON c.id = i.case_id WHERE i.decision = '' "
        "ORDER BY i.incident_date, i.id"
    )
    found: list[Prompt] = []
    for row in rows:
        incident = _incident(tuple(row[:9]))
        status = CaseStatus(str(row[9]))
        if rules.prompts(incident, status, parse_iso(str(row[10] or "")), window):
            found.append(Prompt(incident, str(row[11]), str(row[12]).strip(", ")))
    return found


def start_repeat_referral(vault: Vault, incident_id: int, *, today: date | None = None) -> int:
    """A draft repeat referral for the same people, started from the incident (its date
    and agency set, the Dash and consent to be asked again); the incident is marked as
    referred. Returns the new case."""
    vault.require(Permission.EDIT_CASES)
    today = today or date.today()
    incident = read(vault, incident_id)
    if incident.decision is not Decision.OPEN:
        raise ValidationError("A decision was already recorded for that incident.")
    row = vault.conn.execute(
        "SELECT form FROM referrals WHERE case_id = ? ORDER BY id DESC LIMIT 1",
        (incident.case_id,),
    ).fetchone()
    form = json.loads(str(row[0])) if row else {}
    name = directory(vault.conn).get(incident.agency.upper(), incident.agency)
    doc = rules.repeat_referral(form, incident, today, name)
    window = settings_store.rules(vault)
    # The draft and the decision together, or neither: a second click never makes a
    # second draft, and a crash between them leaves the incident still asking.
    with vault.transaction() as conn:
        written = referrals.write_case(
            conn, vault.actor, doc, None, today=today, complete=False, rules=window
        )
        vault.audit("referral_saved", {"case_id": written.case_id, "reference": written.reference})
        conn.execute(
            "UPDATE incidents SET decision = 'referred', repeat_case_id = ?, decided_at = ?, "
            "decided_by = ? WHERE id = ? AND decision = ''",
            (written.case_id, audit.now_iso(), vault.actor, incident_id),
        )
        vault.audit(
            "incident_referred",
            {"case_id": incident.case_id, "incident_id": incident_id, "repeat": written.case_id},
        )
    return written.case_id


def not_referred(vault: Vault, incident_id: int, reason: str) -> None:
    """Record why an incident that is a repeat does not come back to the MARAC."""
    vault.require(Permission.EDIT_CASES)
    if not reason.strip():
        raise ValidationError("Say why the incident is not referred back to the MARAC.")
    if len(reason) > rules.MAX_WHAT:
        raise ValidationError(f"Keep the reason under {rules.MAX_WHAT:,} characters.")
    incident = read(vault, incident_id)
    if incident.decision is not Decision.OPEN:
        raise ValidationError("A decision was already recorded for that incident.")
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE incidents SET decision = 'not_referred', decision_note = ?, "
            "decided_at = ?, decided_by = ? WHERE id = ?",
            (reason.strip(), audit.now_iso(), vault.actor, incident_id),
        )
        vault.audit(
            "incident_not_referred", {"case_id": incident.case_id, "incident_id": incident_id}
        )
