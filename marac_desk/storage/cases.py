"""The case register: listing, full-text and fuzzy search, status changes, the windows closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from marac_desk.domain.cases import CaseRole, CaseStatus, NewCase, RegisterRow
from marac_desk.domain.criteria import RuleSettings, window_closed_since
from marac_desk.domain.dates import add_months, parse_iso
from marac_desk.domain.matching import PersonEntry
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


def _fts_query(text: str) -> str:
    words = fold(text).split()
    # Each word as a quoted prefix: what a person types is never read as FTS syntax.
    return " AND ".join(f'"{w}"*' for w in words)


ROLE_LABELS = {role: role.label for role in CaseRole}


_ROLE_ORDER = (CaseRole.VICTIM, CaseRole.PERPETRATOR, CaseRole.CHILD, CaseRole.OTHER)


@dataclass(frozen=True)
class SearchHit:
    case_id: int
    found: str  # what matched, in words: "Perpetrator KOWALSKI, Piotr (similar spelling)"


def search(vault: Vault, text: str, *, limit: int = 200) -> list[int]:
    return [hit.case_id for hit in search_hits(vault, text, limit=limit)]


def _found_by_words(people: list[PersonEntry], words: list[str], reference: str) -> str:
    """Which person's name holds every word typed, else what else the words were found in."""
    for person in people:
        for form in person.names:
            held = form.folded.split()
            if all(any(h.startswith(w) for h in held) for w in words):
                return f"{ROLE_LABELS[person.role]} {person.display_name}"
    if all(w in fold(reference) for w in words):
        return "Reference"
    return "Address, postcode or alias"


def search_hits(vault: Vault, text: str, *, limit: int = 200) -> list[SearchHit]:
    """Cases found by reference, name, alias or address, best first; misspelled names too,
    each with who or what it was found by (a case can turn up by its perpetrator's name).

    Exact words (full-text index) come first; cases whose people's names are close to
    what was typed, though spelled differently, follow.
    """
    vault.require(Permission.VIEW_ALL_CASES)
    query = _fts_query(text)
    if not query:
        return []
    index = name_index.get(vault)
    words = fold(text).split()
    found: list[SearchHit] = []
    for case_id, reference in vault.conn.execute(
        "SELECT s.rowid, c.reference FROM case_search s JOIN cases c ON c.id = s.rowid "
        "WHERE case_search MATCH ? ORDER BY rank LIMIT ?",
        (query, limit),
    ):
        people = index.people_of_case(int(case_id))
        found.append(SearchHit(int(case_id), _found_by_words(people, words, str(reference))))
    if any(c.isalpha() for c in text):
        seen = {hit.case_id for hit in found}
        by_case: dict[int, list[tuple[PersonEntry, float]]] = {}
        for entry, score in index.search_words(text, limit=limit):
            if entry.case_id not in seen:
                by_case.setdefault(entry.case_id, []).append((entry, score))
        for case_id, matched in by_case.items():  # best case first, as searched
            # Of the people in a case who match about as well, name the victim first.
            best = matched[0][1]
            entry, _ = min(
                (p for p in matched if p[1] >= best - 5),
                key=lambda p: _ROLE_ORDER.index(p[0].role),
            )
            found.append(
                SearchHit(
                    case_id,
                    f"{ROLE_LABELS[entry.role]} {entry.display_name} (spelled or sounds alike)",
                )
            )
    return found[:limit]


def record_search(vault: Vault, text: str, hits: int) -> None:
    """Searches are audited by length and result count, never by what was typed."""
    with vault.transaction():
        vault.audit("register_searched", {"characters": len(text), "hits": hits})


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
