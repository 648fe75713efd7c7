"""Follow-ups of heard cases: set on the case, listed on Home as their date comes, and
marked done with what was found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marac_desk.domain import follow_ups as rules
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.dates import parse_iso
from marac_desk.domain.follow_ups import FollowUp
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, cases
from marac_desk.storage.vault import Vault

_COLUMNS = "f.id, f.case_id, f.due_on, f.what, f.done_on, f.done_note"


def _follow_up(row: tuple[object, ...]) -> FollowUp:
    due = parse_iso(str(row[2]))
    assert due is not None  # stored only after being checked
    return FollowUp(
        follow_up_id=int(str(row[0])),
        case_id=int(str(row[1])),
        due_on=due,
        what=str(row[3]),
        done_on=parse_iso(str(row[4])) if row[4] else None,
        done_note=str(row[5]),
    )


def set_follow_up(
    vault: Vault, case_id: int, *, due: date | None, what: str, today: date | None = None
) -> FollowUp:
    """A follow-up for a heard case; refused, with nothing written, when it is not right."""
    vault.require(Permission.EDIT_CASES)
    today = today or date.today()
    row = vault.conn.execute("SELECT status FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise ValidationError("That case is no longer in the vault.")
    found = rules.problems(due, what, CaseStatus(str(row[0])), today)
    if found:
        raise ValidationError(" ".join(found))
    assert due is not None
    with vault.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO follow_ups (case_id, due_on, what, set_at, set_by) VALUES (?, ?, ?, ?, ?)",
            (case_id, due.isoformat(), what.strip(), audit.now_iso(), vault.actor),
        )
        follow_up_id = int(cursor.lastrowid or 0)
        # The case and the date: never what to check.
        vault.audit(
            "follow_up_set",
            {"case_id": case_id, "follow_up_id": follow_up_id, "due_on": due.isoformat()},
        )
    return read(vault, follow_up_id)


def read(vault: Vault, follow_up_id: int) -> FollowUp:
    vault.require(Permission.VIEW_ALL_CASES)
    row = vault.conn.execute(
        f"SELECT {_COLUMNS} FROM follow_ups f WHERE f.id = ?", (follow_up_id,)
    ).fetchone()
    if row is None:
        raise ValidationError("That follow-up is no longer in the vault.")
    return _follow_up(tuple(row))


def for_case(vault: Vault, case_id: int) -> list[FollowUp]:
    """A case's follow-ups, open ones first, soonest first."""
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        f"SELECT {_COLUMNS} FROM follow_ups f WHERE f.case_id = ? "
        "ORDER BY f.done_on IS NOT NULL, f.due_on, f.id",
        (case_id,),
    )
    return [_follow_up(tuple(r)) for r in rows]


def done(vault: Vault, follow_up_id: int, note: str, *, today: date | None = None) -> None:
    """Mark a follow-up done, with what was found."""
    vault.require(Permission.EDIT_CASES)
    if not note.strip():
        raise ValidationError("Say what the follow-up found.")
    if len(note) > rules.MAX_WHAT:
        raise ValidationError(f"Keep it under {rules.MAX_WHAT:,} characters.")
    found = read(vault, follow_up_id)
    if not found.open:
        raise ValidationError("That follow-up is already done.")
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE follow_ups SET done_on = ?, done_note = ?, done_by = ? WHERE id = ?",
            ((today or date.today()).isoformat(), note.strip(), vault.actor, follow_up_id),
        )
        vault.audit("follow_up_done", {"case_id": found.case_id, "follow_up_id": follow_up_id})


@dataclass(frozen=True)
class DueLine:
    follow_up: FollowUp
    reference: str
    victim: str


def due(vault: Vault, today: date) -> list[DueLine]:
    """Open follow-ups due within a week or overdue, soonest first."""
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        f"SELECT {_COLUMNS} FROM follow_ups f WHERE f.done_on IS NULL AND f.due_on <= ? "
        "ORDER BY f.due_on, f.id",
        ((today + rules.DUE_SOON).isoformat(),),
    ).fetchall()
    found = [_follow_up(tuple(r)) for r in rows]
    by_case = {r.case_id: r for r in cases.register_rows(vault.conn, [f.case_id for f in found])}
    return [
        DueLine(f, by_case[f.case_id].reference, by_case[f.case_id].victim)
        for f in found
        if f.case_id in by_case and rules.is_due(f, today)
    ]
