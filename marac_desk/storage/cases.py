"""The case register in the vault: people linked to cases with explicit roles."""

from __future__ import annotations

from marac_desk.domain.cases import CaseRole, CaseStatus, NewCase, RegisterRow
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault


def add_case(vault: Vault, case: NewCase) -> int:
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        case_id = insert_case(conn, case)
        vault.audit("case_created", {"case_id": case_id})
    return case_id


def insert_case(conn: Connection, case: NewCase) -> int:
    """Write a case and its people inside the caller's transaction."""
    if not case.reference.strip():
        raise ValidationError("A case needs a reference.")
    if sum(1 for role, _ in case.people if role is CaseRole.VICTIM) != 1:
        raise ValidationError("A case has exactly one victim.")
    now = audit.now_iso()
    cursor = conn.execute(
        "INSERT INTO cases (reference, status, created_at, updated_at) VALUES (?, ?, ?, ?)",
        (case.reference.strip(), case.status.value, now, now),
    )
    case_id = int(cursor.lastrowid or 0)
    for role, person in case.people:
        pid = conn.execute(
            "INSERT INTO persons (surname, forenames, date_of_birth, dob_approximate, gender, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                person.surname,
                person.forenames,
                person.date_of_birth.isoformat() if person.date_of_birth else None,
                int(person.dob_approximate),
                person.gender,
                now,
                now,
            ),
        ).lastrowid
        conn.execute(
            "INSERT INTO case_persons (case_id, person_id, role) VALUES (?, ?, ?)",
            (case_id, pid, role.value),
        )
    return case_id


def register(vault: Vault) -> list[RegisterRow]:
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        """
        SELECT c.id, c.reference, c.status,
               coalesce((SELECT upper(p.surname) || ', ' || p.forenames
                           FROM case_persons cp JOIN persons p ON p.id = cp.person_id
                          WHERE cp.case_id = c.id AND cp.role = 'victim' LIMIT 1), ''),
               (SELECT count(*) FROM case_persons cp
                 WHERE cp.case_id = c.id AND cp.role = 'child'),
               c.created_at
          FROM cases c
         ORDER BY c.created_at DESC, c.id DESC
        """
    )
    return [RegisterRow(int(r[0]), r[1], CaseStatus(r[2]), r[3], int(r[4]), r[5]) for r in rows]
