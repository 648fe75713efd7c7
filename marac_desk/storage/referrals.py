"""Referrals in the vault: drafts saved as typed, completion checked against the rules.

A referral is stored twice over, on purpose: the whole form as typed (so a draft never
loses a keystroke, even one that is not valid yet) and the people on it as rows linked
to the case with an explicit role (so the register, search and repeat check can use
them). Each save is one transaction and rewrites both, with the search index and the
audit entry, together.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from marac_desk.domain import referral_form as form
from marac_desk.domain.cases import CaseRole, CaseStatus, NewCase
from marac_desk.domain.criteria import (
    CriteriaInput,
    Finding,
    RuleSettings,
    assess,
    incidents_in_period,
)
from marac_desk.domain.dash import Answer, Checklist, QuestionAnswer, score
from marac_desk.domain.dates import parse_iso
from marac_desk.domain.names import fold
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, checklists
from marac_desk.storage import settings as settings_store
from marac_desk.storage.connection import Connection, insert
from marac_desk.storage.vault import Vault

Doc = dict[str, Any]
_ROLE_SECTIONS = (
    ("victim", CaseRole.VICTIM),
    ("perpetrators", CaseRole.PERPETRATOR),
    ("children", CaseRole.CHILD),
    ("others", CaseRole.OTHER),
)
# Person fields kept in their own columns; everything else about a person goes in details.
_PERSON_COLUMNS = {
    "surname",
    "forenames",
    "aliases",
    "date_of_birth",
    "dob_approximate",
    "gender",
    "address",
}


@dataclass(frozen=True)
class SavedReferral:
    case_id: int
    referral_id: int
    reference: str
    findings: list[Finding]


def dash_answers(doc: Mapping[str, Any]) -> dict[int, QuestionAnswer]:
    dash = doc.get("dash")
    raw = dash.get("answers", {}) if isinstance(dash, Mapping) else {}
    answers: dict[int, QuestionAnswer] = {}
    if not isinstance(raw, Mapping):
        return answers
    for number, given in raw.items():
        if not str(number).isdigit():
            continue
        values = given if isinstance(given, Mapping) else {"answer": given}
        try:
            answer = Answer(values.get("answer", Answer.NOT_ASKED))
        except ValueError:
            continue
        answers[int(number)] = QuestionAnswer(
            answer, str(values.get("source", "")), str(values.get("comment", ""))
        )
    return answers


def dash_score(doc: Mapping[str, Any], checklist: Checklist) -> int | None:
    answers = dash_answers(doc)
    if answers:
        return score(checklist, answers)
    # A case from an earlier register brings only the total it was given then.
    dash = doc.get("dash")
    recorded = dash.get("score_as_recorded") if isinstance(dash, Mapping) else None
    return recorded if isinstance(recorded, int) and not isinstance(recorded, bool) else None


def criteria_met(
    rules: RuleSettings, doc: Mapping[str, Any], checklist: Checklist, is_repeat: bool
) -> list[str]:
    referral_day = parse_iso(form.text(doc, "referral", "referral_date")) or date.today()
    incidents, _ = form.incident_dates(doc)
    result = assess(
        CriteriaInput(
            dash_score=dash_score(doc, checklist),
            judgement_chosen=bool(form.text(doc, "criteria", "judgement")),
            judgement_reason=form.text(doc, "criteria", "judgement_reason"),
            incidents_in_period=incidents_in_period(incidents, referral_day, rules),
            is_repeat=is_repeat,
        ),
        rules,
    )
    return [c.value for c in result.met]


def check(vault: Vault, doc: Mapping[str, Any], *, complete: bool, today: date) -> list[Finding]:
    """Every finding on the form, as the form screen shows them."""
    codes = tuple(r[0] for r in vault.conn.execute("SELECT code FROM agencies WHERE active = 1"))
    return form.validate(
        doc,
        checklist=checklists.for_referral(doc, vault.conn),
        rules=settings_store.rules(vault),
        today=today,
        agencies=codes,
        complete=complete,
    )


def next_reference_number(conn: Connection, year: int) -> int:
    """The next free number of the references M<year>-NNNNN."""
    prefix = f"M{year}-"
    row = conn.execute(
        "SELECT max(CAST(substr(reference, ?) AS INTEGER)) FROM cases WHERE reference LIKE ?",
        (len(prefix) + 1, prefix + "%"),
    ).fetchone()
    return int(row[0] or 0) + 1


def reference_for(year: int, number: int) -> str:
    return f"M{year}-{number:05d}"


def _person_values(person: Mapping[str, Any], now: str) -> tuple[Any, ...]:
    def get(key: str) -> str:
        value = person.get(key)
        return "" if value is None or isinstance(value, bool) else str(value).strip()

    born = parse_iso(get("date_of_birth"))
    details = {k: v for k, v in person.items() if k not in _PERSON_COLUMNS and v not in ("", None)}
    return (
        get("surname"),
        get("forenames"),
        born.isoformat() if born else None,
        int(bool(person.get("dob_approximate"))),
        get("gender"),
        json.dumps(form.split_aliases(get("aliases")), ensure_ascii=False),
        get("address"),
        json.dumps(details, ensure_ascii=False, sort_keys=True),
        now,
        now,
    )


def _write_people(conn: Connection, case_id: int, doc: Mapping[str, Any], now: str) -> None:
    """Write the form's people, keeping each person's row (and id) where the form keeps
    them: research and agendas refer to people by id, so editing a referral must not
    turn its victim into a new person."""
    existing: dict[tuple[str, int], int] = {
        (role, int(position)): int(pid)
        for pid, role, position in conn.execute(
            "SELECT person_id, role, position FROM case_persons WHERE case_id = ?", (case_id,)
        )
    }
    kept: set[int] = set()
    for section, role in _ROLE_SECTIONS:
        if section == "victim":
            # A case always has exactly one victim row, even while the draft has no name yet.
            victim = doc.get("victim")
            group: list[Mapping[str, Any]] = [victim if isinstance(victim, Mapping) else {}]
        else:
            group = form.people(doc, section)
        for position, person in enumerate(group):
            values = _person_values(person, now)
            pid = existing.get((role.value, position))
            if pid is None:
                pid = insert(
                    conn,
                    "INSERT INTO persons (surname, forenames, date_of_birth, dob_approximate, "
                    "gender, aliases, address, details, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values,
                )
                conn.execute(
                    "INSERT INTO case_persons (case_id, person_id, role, position) "
                    "VALUES (?, ?, ?, ?)",
                    (case_id, pid, role.value, position),
                )
            else:
                conn.execute(
                    "UPDATE persons SET surname = ?, forenames = ?, date_of_birth = ?, "
                    "dob_approximate = ?, gender = ?, aliases = ?, address = ?, details = ?, "
                    "updated_at = ? WHERE id = ?",
                    (*values[:8], now, pid),
                )
            kept.add(pid)
    stale = [(pid,) for pid in existing.values() if pid not in kept]
    conn.executemany("DELETE FROM case_persons WHERE person_id = ?", stale)
    conn.executemany("DELETE FROM persons WHERE id = ?", stale)


def search_body(conn: Connection, case_id: int) -> str:
    """What the register's full-text search finds a case by."""
    reference, transfer = conn.execute(
        "SELECT reference, transfer_from FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    parts = [reference, reference.replace("-", " "), transfer]
    for forenames, surname, aliases, address, details in conn.execute(
        "SELECT p.forenames, p.surname, p.aliases, p.address, p.details FROM persons p "
        "JOIN case_persons cp ON cp.person_id = p.id WHERE cp.case_id = ?",
        (case_id,),
    ):
        postcode = json.loads(details).get("postcode", "")
        written = [f"{forenames} {surname}", *json.loads(aliases), address, str(postcode)]
        parts.extend(written)
        parts.extend(fold(w) for w in written)  # romanised: a Latin search finds any script
    return "\n".join(p for p in parts if p)


def reindex(conn: Connection, case_id: int) -> None:
    conn.execute("DELETE FROM case_search WHERE rowid = ?", (case_id,))
    conn.execute(
        "INSERT INTO case_search (rowid, body) VALUES (?, ?)", (case_id, search_body(conn, case_id))
    )


def save_draft(
    vault: Vault, doc: Doc, case_id: int | None = None, *, today: date | None = None
) -> SavedReferral:
    """Store the form exactly as typed. Never refuses for what is missing or wrong."""
    vault.require(Permission.EDIT_CASES)
    today = today or date.today()
    findings = check(vault, doc, complete=False, today=today)
    return _store(vault, doc, case_id, today=today, complete=False, findings=findings)


def complete(
    vault: Vault, doc: Doc, case_id: int | None = None, *, today: date | None = None
) -> SavedReferral:
    """Complete the referral: refused, with every blocking problem named, until it is right."""
    vault.require(Permission.EDIT_CASES)
    today = today or date.today()
    findings = check(vault, doc, complete=True, today=today)
    blocking = form.blocking(findings)
    if blocking:
        listed = "; ".join(f.message for f in blocking[:8])
        more = f" (and {len(blocking) - 8} more)" if len(blocking) > 8 else ""
        raise ValidationError(f"The referral cannot be completed yet: {listed}{more}")
    return _store(vault, doc, case_id, today=today, complete=True, findings=findings)


def _store(
    vault: Vault,
    doc: Doc,
    case_id: int | None,
    *,
    today: date,
    complete: bool,
    findings: list[Finding],
) -> SavedReferral:
    rules = settings_store.rules(vault)
    with vault.transaction() as conn:
        written = write_case(
            conn, vault.actor, doc, case_id, today=today, complete=complete, rules=rules
        )
        vault.audit(
            "referral_completed" if complete else "referral_saved",
            {"case_id": written.case_id, "reference": written.reference},
        )
    return SavedReferral(written.case_id, written.referral_id, written.reference, findings)


@dataclass(frozen=True)
class Written:
    case_id: int
    referral_id: int
    reference: str


def write_case(
    conn: Connection,
    actor: str,
    doc: Mapping[str, Any],
    case_id: int | None,
    *,
    today: date,
    complete: bool,
    rules: RuleSettings,
    reference: str | None = None,
    status: str | None = None,
    is_repeat: bool | None = None,
    created_at: str | None = None,
) -> Written:
    """Write one referral and its case inside the caller's transaction (no checks, no audit).

    Services check permissions and validate first; bulk writers (training data, the
    register import) call this many times in one transaction. `reference`, `status`,
    `is_repeat` and `created_at` are for those bulk writers, which bring their own.
    """
    checklist = checklists.for_referral(doc, conn)
    document = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    now = audit.now_iso()
    created = created_at or now
    referral_day = parse_iso(form.text(doc, "referral", "referral_date"))
    if case_id is None:
        reference = reference or reference_for(today.year, next_reference_number(conn, today.year))
        case_id = int(
            conn.execute(
                "INSERT INTO cases (reference, status, is_repeat, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (reference, status or "draft", int(bool(is_repeat)), created, now),
            ).lastrowid
            or 0
        )
        referral_id = int(
            conn.execute(
                "INSERT INTO referrals (case_id, created_at, created_by, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (case_id, created, actor, now),
            ).lastrowid
            or 0
        )
    else:
        row = conn.execute(
            "SELECT c.reference, r.id, r.state FROM cases c "
            "JOIN referrals r ON r.case_id = c.id WHERE c.id = ? ORDER BY r.id DESC LIMIT 1",
            (case_id,),
        ).fetchone()
        if row is None:
            raise ValidationError("That case is no longer in the vault.")
        # Editing a completed referral saves it as a draft again: it is checked anew
        # when it is completed again, and nothing typed meanwhile is lost.
        reference, referral_id = row[0], int(row[1])
    repeat = bool(
        conn.execute("SELECT is_repeat FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
    )
    conn.execute(
        "UPDATE referrals SET state = ?, referral_date = ?, referring_agency = ?, "
        "dash_checklist = ?, dash_score = ?, criteria = ?, form = ?, updated_at = ? "
        "WHERE id = ?",
        (
            "complete" if complete else "draft",
            referral_day.isoformat() if referral_day else None,
            form.text(doc, "referral", "referring_agency"),
            checklist.key,
            dash_score(doc, checklist),
            json.dumps(criteria_met(rules, doc, checklist, repeat)),
            document,
            now,
            referral_id,
        ),
    )
    conn.execute(
        "UPDATE cases SET transfer_from = ?, last_referral_on = ?, updated_at = ? WHERE id = ?",
        (
            form.text(doc, "referral", "transfer_from"),
            referral_day.isoformat() if referral_day else None,
            now,
            case_id,
        ),
    )
    if complete and status is None:
        # Completing a referral is the coordinator accepting it; a case already further
        # on (listed, heard) keeps its status.
        conn.execute(
            "UPDATE cases SET status = 'accepted' WHERE id = ? AND status IN ('draft', 'returned')",
            (case_id,),
        )
    _write_people(conn, case_id, doc, now)
    reindex(conn, case_id)
    return Written(case_id, referral_id, str(reference))


def load(vault: Vault, case_id: int) -> tuple[Doc, str, str]:
    """The latest referral form of a case, its state and the case reference. Audited as a view."""
    vault.require(Permission.VIEW_ALL_CASES)
    row = vault.conn.execute(
        "SELECT r.form, r.state, c.reference FROM referrals r JOIN cases c ON c.id = r.case_id "
        "WHERE r.case_id = ? ORDER BY r.id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if row is None:
        raise ValidationError("That case has no referral in the vault.")
    with vault.transaction():
        vault.audit("case_viewed", {"case_id": case_id, "reference": row[2]})
    return json.loads(row[0]), row[1], row[2]


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
    written = write_case(
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
    return case_id
