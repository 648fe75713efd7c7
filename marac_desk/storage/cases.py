"""The case register: listing, status changes and the repeat windows closed (searching is
in `case_search`, writing a case in `referrals`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from marac_desk.domain.cases import CaseRole, CaseStatus, RegisterRow
from marac_desk.domain.criteria import RuleSettings, window_closed_since
from marac_desk.domain.dates import add_months, parse_iso
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import settings as settings_store
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

_REGISTER = """
    SELECT c.id, c.reference, c.status,
           coalesce(name_upper(v.surname) || ', ' || v.forenames, ''),
           coalesce(v.date_of_birth, ''),
           (SELECT count(*) FROM case_persons k WHERE k.case_id = c.id AND k.role = 'child'),
           c.is_repeat, c.transfer_from, coalesce(c.last_referral_on, ''),
           coalesce((SELECT r.referring_agency FROM referrals r WHERE r.case_id = c.id
                      ORDER BY r.id DESC LIMIT 1), ''),
           (SELECT r.dash_score FROM referrals r WHERE r.case_id = c.id
             ORDER BY r.id DESC LIMIT 1),
           c.created_at
      FROM cases c
      LEFT JOIN case_persons vp ON vp.case_id = c.id AND vp.role = 'victim'
      LEFT JOIN persons v ON v.id = vp.person_id
"""


def _row(r: tuple[Any, ...]) -> RegisterRow:
    return RegisterRow(
        case_id=int(r[0]),
        reference=r[1],
        status=CaseStatus(r[2]),
        victim=r[3].strip(", "),
        victim_dob=r[4],
        children=int(r[5]),
        is_repeat=bool(r[6]),
        transfer_from=r[7],
        last_referral_on=r[8],
        referring_agency=r[9],
        dash_score=None if r[10] is None else int(r[10]),
        created_at=r[11],
    )


def register(vault: Vault, case_ids: list[int] | None = None) -> list[RegisterRow]:
    """Every case (or those given, in the order given), one row each."""
    vault.require(Permission.VIEW_ALL_CASES)
    if case_ids is None:
        rows = vault.conn.execute(_REGISTER + " ORDER BY c.created_at DESC, c.id DESC")
        return [_row(r) for r in rows]
    return register_rows(vault.conn, case_ids)


def register_rows(conn: Connection, case_ids: list[int]) -> list[RegisterRow]:
    """The register rows of the cases given, in that order: for services that checked
    the caller."""
    found: dict[int, RegisterRow] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(_REGISTER + f" WHERE c.id IN ({marks})", chunk):
            found[int(r[0])] = _row(r)
    return [found[i] for i in case_ids if i in found]


_VICTIM_FIELD = (
    "(SELECT {} FROM case_persons vp JOIN persons v ON v.id = vp.person_id "
    "WHERE vp.case_id = c.id AND vp.role = 'victim' LIMIT 1)"
)
_LATEST_REFERRAL = (
    "(SELECT r.{} FROM referrals r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1)"
)
# What the register can be put in order by, as SQL over `cases c` (never typed text).
REGISTER_ORDER = {
    "reference": "c.reference",
    "victim": _VICTIM_FIELD.format("upper(v.surname) || ' ' || v.forenames"),
    "victim_dob": _VICTIM_FIELD.format("v.date_of_birth"),
    "children": "(SELECT count(*) FROM case_persons k WHERE k.case_id = c.id AND k.role = 'child')",
    "dash_score": _LATEST_REFERRAL.format("dash_score"),
    "is_repeat": "c.is_repeat",
    "transfer_from": "c.transfer_from",
    "referring_agency": _LATEST_REFERRAL.format("referring_agency"),
    "last_referral_on": "coalesce(c.last_referral_on, '')",
    "status": "c.status",
}


def register_ids(
    vault: Vault,
    *,
    status: CaseStatus | None = None,
    order: str = "last_referral_on",
    descending: bool = True,
) -> list[int]:
    """The ids of every case (or those with one status) in the order asked: cheap enough
    to run for the whole register, so a view can fetch the rows themselves page by page."""
    vault.require(Permission.VIEW_ALL_CASES)
    if order not in REGISTER_ORDER:
        raise ValidationError(f"The register cannot be ordered by {order!r}.")
    direction = "DESC" if descending else "ASC"
    where, args = ("WHERE c.status = ?", (status.value,)) if status is not None else ("", ())
    rows = vault.conn.execute(
        f"SELECT c.id FROM cases c {where} "
        f"ORDER BY {REGISTER_ORDER[order]} {direction}, c.id {direction}",
        args,
    )
    return [int(r[0]) for r in rows]


def count_cases(vault: Vault) -> int:
    vault.require(Permission.VIEW_ALL_CASES)
    return int(vault.conn.execute("SELECT count(*) FROM cases").fetchone()[0])


ROLE_LABELS = {role: role.label for role in CaseRole}


def windows_closed_since(vault: Vault, since: date, today: date | None = None) -> list[int]:
    """Cases whose repeat window closed on or after `since`: the "12 months passed" list."""
    vault.require(Permission.VIEW_ALL_CASES)
    return closed_windows(vault.conn, settings_store.rules(vault), since, today or date.today())


def closed_windows(conn: Connection, rules: RuleSettings, since: date, today: date) -> list[int]:
    """`windows_closed_since`, for services that checked the caller."""
    # The window ends `repeat_months` after the last referral: look only at referrals
    # from a little before `since` minus the window, then apply the exact rule.
    earliest = add_months(since, -rules.repeat_months - 1).isoformat()
    rows = conn.execute(
        "SELECT id, last_referral_on FROM cases WHERE last_referral_on >= ? "
        "ORDER BY last_referral_on",
        (earliest,),
    )
    result: list[int] = []
    for case_id, last in rows:
        day = parse_iso(last)
        if day is not None and window_closed_since(day, since, today, rules):
            result.append(int(case_id))
    return result


def set_status(vault: Vault, case_id: int, status: CaseStatus, reason: str = "") -> None:
    vault.require(Permission.EDIT_CASES)
    if status in (CaseStatus.DECLINED, CaseStatus.RETURNED) and not reason.strip():
        raise ValidationError(f"Say why the case is {status.label.lower()}.")
    if status is CaseStatus.TRANSFERRED_OUT and not reason.strip():
        raise ValidationError("Say which MARAC the case is transferred to, and when.")
    with vault.transaction() as conn:
        row = conn.execute("SELECT status FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise ValidationError("That case is no longer in the vault.")
        if row[0] == status.value:
            return
        conn.execute(
            "UPDATE cases SET status = ? WHERE id = ?",
            (status.value, case_id),
        )
        vault.audit(
            "case_status_changed",
            {"case_id": case_id, "from": row[0], "to": status.value, "reason": reason.strip()},
        )
