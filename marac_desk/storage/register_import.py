"""Bringing an earlier case register into the vault: preview first, then all or nothing.

`preview` works out everything the import would do from the file and the vault as they
are; `run` writes exactly that plan inside one transaction, or nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marac_desk.domain.dates import parse_iso
from marac_desk.domain.register_columns import Mapping
from marac_desk.domain.register_import import ExistingVictim, Plan, Table, plan
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import checklists, name_index, referrals
from marac_desk.storage import settings as settings_store
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

_VICTIMS = """
    SELECT c.reference, coalesce(c.import_key, ''), p.surname, p.forenames,
           p.date_of_birth, c.last_referral_on
      FROM cases c
      JOIN case_persons cp ON cp.case_id = c.id AND cp.role = 'victim'
      JOIN persons p ON p.id = cp.person_id
"""


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped_already_imported: int
    references: list[str]


def agency_lookup(conn: Connection) -> dict[str, str]:
    """Each agency's code and name, case-folded, to its code."""
    found: dict[str, str] = {}
    for code, name in conn.execute("SELECT code, name FROM agencies"):
        found[str(name).casefold()] = str(code)
        found[str(code).casefold()] = str(code)
    return found


def preview(vault: Vault, table: Table, mapping: Mapping, *, today: date | None = None) -> Plan:
    """What importing `table` would create, skip and refuse. Changes nothing."""
    vault.require(Permission.IMPORT_REGISTER)
    conn = vault.conn
    existing = [
        ExistingVictim(
            reference=str(ref),
            import_key=str(key),
            surname=str(surname),
            forenames=str(forenames),
            dob=parse_iso(str(dob)) if dob else None,
            referral_date=parse_iso(str(day)) if day else None,
        )
        for ref, key, surname, forenames, dob, day in conn.execute(_VICTIMS)
    ]
    used = frozenset(str(r[0]).casefold() for r in conn.execute("SELECT reference FROM cases"))
    return plan(
        table,
        mapping,
        rules=settings_store.rules(vault),
        today=today or date.today(),
        agencies=agency_lookup(conn),
        existing=existing,
        used_references=used,
        dash_most=len(checklists.default().questions),
    )


class _References:
    """Gives imported cases without a reference of their own the next free M<year>-NNNNN,
    reading each year's highest number once rather than once per row."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.next: dict[int, int] = {}

    def take(self, year: int) -> str:
        if year not in self.next:
            self.next[year] = referrals.next_reference_number(self.conn, year)
        number = self.next[year]
        self.next[year] += 1
        return referrals.reference_for(year, number)


def run(vault: Vault, planned: Plan, *, source: str) -> ImportResult:
    """Write the previewed plan in one transaction: every case, or none."""
    vault.require(Permission.IMPORT_REGISTER)
    if not planned.can_import:
        rows = sorted({p.row for p in planned.errors})
        raise ValidationError(
            f"Nothing was imported: {len(rows)} row(s) have problems (first: row {rows[0]}). "
            "Correct them in the file and import it again."
        )
    rules = settings_store.rules(vault)
    with vault.transaction() as conn:
        # The vault may have changed since the preview: refuse rather than double up.
        taken = {
            str(k)
            for (k,) in conn.execute("SELECT import_key FROM cases WHERE import_key IS NOT NULL")
        }
        taken |= {str(r).casefold() for (r,) in conn.execute("SELECT reference FROM cases")}
        for case in planned.create:
            if case.key in taken or (case.reference and case.reference.casefold() in taken):
                raise ValidationError(
                    f"Row {case.row} is already in the vault (imported since the preview). "
                    "Nothing was imported: preview the file again."
                )
        references = _References(conn)
        new = [
            referrals.NewReferral(
                case.doc,
                case.reference or references.take(case.referral_date.year),
                complete=True,
                status=case.status.value,
                is_repeat=case.is_repeat,
                # The register lists cases by when they came in, not by import day.
                created_at=f"{case.referral_date.isoformat()}T00:00:00.000000Z",
                import_key=case.key,
            )
            for case in planned.create
        ]
        created = [
            w.reference for w in referrals.write_new_cases(conn, vault.actor, new, rules=rules)
        ]
        vault.audit(
            "register_imported",
            {
                "file": source,
                "created": len(created),
                "already_imported": len(planned.already),
                "possible_duplicates": len(planned.duplicates),
            },
        )
    name_index.forget(vault)
    return ImportResult(len(created), len(planned.already), created)
