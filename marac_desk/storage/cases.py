"""The case register: listing, full-text and fuzzy search, status changes, the windows closed."""

from __future__ import annotations

from datetime import date
from typing import Any

from marac_desk.domain.cases import CaseRole, CaseStatus, NewCase, RegisterRow
from marac_desk.domain.criteria import RuleSettings, window_closed_since
from marac_desk.domain.dates import add_months, parse_iso
from marac_desk.domain.matching import entry_names
from marac_desk.domain.names import fold
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import name_index, referrals
from marac_desk.storage import settings as settings_store
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

_REGISTER = """
    SELECT c.id, c.reference, c.status,
           coalesce(upper(v.surname) || ', ' || v.forenames, ''),
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
    found: dict[int, RegisterRow] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in vault.conn.execute(_REGISTER + f" WHERE c.id IN ({marks})", chunk):
            found[int(r[0])] = _row(r)
    return [found[i] for i in case_ids if i in found]


def _fts_query(text: str) -> str:
    words = fold(text).split()
    # Each word as a quoted prefix: what a person types is never read as FTS syntax.
    return " AND ".join(f'"{w}"*' for w in words)


def search(vault: Vault, text: str, *, limit: int = 200) -> list[int]:
    """Cases found by reference, name, alias or address, best first; misspelled names too.

    Exact words (full-text index) come first; cases whose people's names are close to
    what was typed, though spelled differently, follow.
    """
    vault.require(Permission.VIEW_ALL_CASES)
    query = _fts_query(text)
    if not query:
        return []
    found: list[int] = [
        int(r[0])
        for r in vault.conn.execute(
            "SELECT rowid FROM case_search WHERE case_search MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
    ]
    names = entry_names(text, "", ())
    if names and any(c.isalpha() for c in text):
        seen = set(found)
        for candidate in name_index.get(vault).search(names, limit=limit):
            if candidate.entry.case_id not in seen:
                seen.add(candidate.entry.case_id)
                found.append(candidate.entry.case_id)
    return found[:limit]


def record_search(vault: Vault, text: str, hits: int) -> None:
    """Searches are audited by length and result count, never by what was typed."""
    with vault.transaction():
        vault.audit("register_searched", {"characters": len(text), "hits": hits})


def windows_closed_since(vault: Vault, since: date, today: date | None = None) -> list[int]:
    """Cases whose repeat window closed on or after `since`: the "12 months passed" list."""
    vault.require(Permission.VIEW_ALL_CASES)
    today = today or date.today()
    rules: RuleSettings = settings_store.rules(vault)
    # The window ends `repeat_months` after the last referral: look only at referrals
    # from a little before `since` minus the window, then apply the exact rule.
    earliest = add_months(since, -rules.repeat_months - 1).isoformat()
    rows = vault.conn.execute(
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


def insert_case(conn: Connection, case: NewCase, actor: str = "(system)") -> int:
    """Write a case from plain people details inside the caller's transaction."""
    if not case.reference.strip():
        raise ValidationError("A case needs a reference.")
    if sum(1 for role, _ in case.people if role is CaseRole.VICTIM) != 1:
        raise ValidationError("A case has exactly one victim.")
    doc: dict[str, Any] = {"perpetrators": [], "children": [], "others": []}
    section = {
        CaseRole.PERPETRATOR: "perpetrators",
        CaseRole.CHILD: "children",
        CaseRole.OTHER: "others",
    }
    for role, person in case.people:
        fields = {
            "surname": person.surname,
            "forenames": person.forenames,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
            "dob_approximate": person.dob_approximate,
            "gender": person.gender,
        }
        if role is CaseRole.VICTIM:
            doc["victim"] = fields
        else:
            doc[section[role]].append(fields)
    written = referrals.write_case(
        conn,
        actor,
        doc,
        None,
        today=date.today(),
        complete=case.status is not CaseStatus.DRAFT,
        rules=RuleSettings(),
        reference=case.reference.strip(),
        status=case.status.value,
    )
    return written.case_id


def add_case(vault: Vault, case: NewCase) -> int:
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        case_id = insert_case(conn, case, vault.actor)
        vault.audit("case_created", {"case_id": case_id})
    name_index.case_changed(vault, case_id)
    return case_id
