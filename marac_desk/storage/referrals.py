"""Referrals in the vault: drafts saved as typed, completion checked against the rules.

A referral is stored twice over, on purpose: the whole form as typed (so a draft never
loses a keystroke, even one that is not valid yet) and the people on it as rows linked
to the case with an explicit role (so the register, search and repeat check can use
them). Each save is one transaction and rewrites both, with the search index and the
audit entry, together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from marac_desk.domain import referral_form as form
from marac_desk.domain import settings
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
# One person as the search index reads them: forenames, surname, aliases, address, postcode.
_Searched = tuple[str, str, list[str], str, str]
_ROLE_SECTIONS = (
    ("victim", CaseRole.VICTIM),
    ("perpetrators", CaseRole.PERPETRATOR),
    ("children", CaseRole.CHILD),
    ("others", CaseRole.OTHER),
)
# A person's row in `persons` as `_person_values` gives it (after the id, where given),
# and a person's link to a case: written by an edit and by the bulk writer alike.
_PERSON_ROW = (
    "surname, forenames, date_of_birth, dob_approximate, gender, aliases, address, details, "
    "created_at, updated_at"
)
_LINK_PERSON = "INSERT INTO case_persons (case_id, person_id, role, position) VALUES (?, ?, ?, ?)"
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
    met = [c.value for c in result.met]
    local = form.text(doc, "criteria", "local_criterion")
    if local:
        met.append(local_criterion_label(local))
    return met


def local_criterion_label(name: str) -> str:
    return f"{name} (local criterion)"


def local_criteria(vault: Vault) -> tuple[str, ...]:
    """The criteria this MARAC adds to the four built in, as set in Settings."""
    typed = str(settings_store.get(vault, settings.LOCAL_CRITERIA) or "")
    return tuple(line.strip() for line in typed.splitlines() if line.strip())


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


def _person_values(person: Mapping[str, Any], now: str) -> tuple[tuple[Any, ...], _Searched]:
    """A person's row in `persons` (without its id), and what the search index reads of it."""

    def get(key: str) -> str:
        value = person.get(key)
        return "" if value is None or isinstance(value, bool) else str(value).strip()

    born = parse_iso(get("date_of_birth"))
    details = {k: v for k, v in person.items() if k not in _PERSON_COLUMNS and v not in ("", None)}
    surname, forenames, address = get("surname"), get("forenames"), get("address")
    aliases = form.split_aliases(get("aliases"))
    row = (
        surname,
        forenames,
        born.isoformat() if born else None,
        int(bool(person.get("dob_approximate"))),
        get("gender"),
        json.dumps(aliases, ensure_ascii=False),
        address,
        json.dumps(details, ensure_ascii=False, sort_keys=True),
        now,
        now,
    )
    return row, (forenames, surname, aliases, address, str(details.get("postcode", "")))


def _people_of(doc: Mapping[str, Any]) -> Iterable[tuple[CaseRole, int, Mapping[str, Any]]]:
    """Each person on the form with their role and position within it."""
    for section, role in _ROLE_SECTIONS:
        if section == "victim":
            # A case always has exactly one victim row, even while the draft has no name yet.
            victim = doc.get("victim")
            group: list[Mapping[str, Any]] = [victim if isinstance(victim, Mapping) else {}]
        else:
            group = form.people(doc, section)
        for position, person in enumerate(group):
            yield role, position, person


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
    for role, position, person in _people_of(doc):
        values, _ = _person_values(person, now)
        pid = existing.get((role.value, position))
        if pid is None:
            marks = ", ".join("?" * len(values))
            pid = insert(conn, f"INSERT INTO persons ({_PERSON_ROW}) VALUES ({marks})", values)
            conn.execute(_LINK_PERSON, (case_id, pid, role.value, position))
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


def _search_text(reference: str, transfer: str | None, people: Iterable[_Searched]) -> str:
    """What the register's full-text search finds a case by: its reference and each
    person's name, aliases, address and postcode, as written and romanised."""
    parts = [reference, reference.replace("-", " "), transfer]
    for forenames, surname, aliases, address, postcode in people:
        written = [f"{forenames} {surname}", *aliases, address, postcode]
        parts.extend(written)
        parts.extend(fold(w) for w in written)  # romanised: a Latin search finds any script
    return "\n".join(p for p in parts if p)


def search_body(conn: Connection, case_id: int) -> str:
    """What the register's full-text search finds a case by, read from its rows."""
    reference, transfer = conn.execute(
        "SELECT reference, transfer_from FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    return _search_text(
        reference,
        transfer,
        (
            (
                forenames,
                surname,
                json.loads(aliases),
                address,
                str(json.loads(details).get("postcode", "")),
            )
            for forenames, surname, aliases, address, details in conn.execute(
                "SELECT p.forenames, p.surname, p.aliases, p.address, p.details FROM persons p "
                "JOIN case_persons cp ON cp.person_id = p.id WHERE cp.case_id = ?",
                (case_id,),
            )
        ),
    )


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


@dataclass(frozen=True)
class NewReferral:
    """A new case with its first referral, for `write_new_cases`.

    `status` is the case's status when the writer knows it (an imported or training
    case); otherwise a completed referral makes the case accepted and a draft a draft.
    """

    doc: Mapping[str, Any]
    reference: str
    complete: bool
    status: str | None = None
    is_repeat: bool = False
    created_at: str | None = None
    import_key: str | None = None


def _referral_values(
    doc: Mapping[str, Any],
    checklist: Checklist,
    rules: RuleSettings,
    *,
    repeat: bool,
    complete: bool,
    now: str,
) -> tuple[Any, ...]:
    """The referral row's state, referral_date, referring_agency, dash_checklist,
    dash_score, criteria, form and updated_at, as both writers store them."""
    referral_day = parse_iso(form.text(doc, "referral", "referral_date"))
    return (
        "complete" if complete else "draft",
        referral_day.isoformat() if referral_day else None,
        form.text(doc, "referral", "referring_agency"),
        checklist.key,
        dash_score(doc, checklist),
        json.dumps(criteria_met(rules, doc, checklist, repeat)),
        json.dumps(doc, ensure_ascii=False, sort_keys=True),
        now,
    )


def _next_id(conn: Connection, table: str) -> int:
    row = conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
    return int(row[0])


def write_new_cases(
    conn: Connection, actor: str, new: Sequence[NewReferral], *, rules: RuleSettings
) -> list[Written]:
    """Write new cases, each with its first referral, people and search entry, inside the
    caller's transaction (no checks, no audit), in a few statements for all of them.

    Bulk writers (the register import, training data) bring thousands of cases at once;
    writing them row by row cost about 18 statements a case. The rows are the ones an
    edit would write (a test holds the two paths to the same rows). Ids are taken from
    the highest in use, as SQLite would give them: the caller's write transaction keeps
    anyone else from taking them meanwhile.
    """
    if not new:
        return []
    now = audit.now_iso()
    case_id, referral_id, person_id = (_next_id(conn, t) for t in ("cases", "referrals", "persons"))
    first_case = case_id
    cases: list[tuple[Any, ...]] = []
    referral_rows: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    links: list[tuple[Any, ...]] = []
    searched: list[tuple[int, str]] = []
    written: list[Written] = []
    for item in new:
        doc = item.doc
        created = item.created_at or now
        referral = _referral_values(
            doc,
            checklists.for_referral(doc, conn),
            rules,
            repeat=item.is_repeat,
            complete=item.complete,
            now=now,
        )
        status = item.status or ("accepted" if item.complete else "draft")
        transfer = form.text(doc, "referral", "transfer_from")
        cases.append(
            (case_id, item.reference, status, int(item.is_repeat), created, now, transfer,
             referral[1], item.import_key)
        )  # fmt: skip
        referral_rows.append((referral_id, case_id, created, actor, *referral))
        found: list[_Searched] = []
        for role, position, person in _people_of(doc):
            values, searched_as = _person_values(person, now)
            people.append((person_id, *values))
            links.append((case_id, person_id, role.value, position))
            found.append(searched_as)
            person_id += 1
        searched.append((case_id, _search_text(item.reference, transfer, found)))
        written.append(Written(case_id, referral_id, item.reference))
        case_id += 1
        referral_id += 1
    conn.executemany(
        "INSERT INTO cases (id, reference, status, is_repeat, created_at, updated_at, "
        "transfer_from, last_referral_on, import_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cases,
    )
    conn.executemany(
        "INSERT INTO referrals (id, case_id, created_at, created_by, state, referral_date, "
        "referring_agency, dash_checklist, dash_score, criteria, form, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        referral_rows,
    )
    if people:
        marks = ", ".join("?" * len(people[0]))
        conn.executemany(f"INSERT INTO persons (id, {_PERSON_ROW}) VALUES ({marks})", people)
    conn.executemany(_LINK_PERSON, links)
    # A search entry left by a case since deleted must not be found under a new case's
    # id: every id from the first new one up is new.
    conn.execute("DELETE FROM case_search WHERE rowid >= ?", (first_case,))
    conn.executemany("INSERT INTO case_search (rowid, body) VALUES (?, ?)", searched)
    return written


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

    Services check permissions and validate first. `reference`, `status`, `is_repeat`
    and `created_at` are for writers that bring their own.
    """
    if case_id is None:
        new = NewReferral(
            doc,
            reference or reference_for(today.year, next_reference_number(conn, today.year)),
            complete,
            status=status,
            is_repeat=bool(is_repeat),
            created_at=created_at,
        )
        return write_new_cases(conn, actor, [new], rules=rules)[0]
    now = audit.now_iso()
    row = conn.execute(
        "SELECT c.reference, r.id, c.is_repeat FROM cases c "
        "JOIN referrals r ON r.case_id = c.id WHERE c.id = ? ORDER BY r.id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if row is None:
        raise ValidationError("That case is no longer in the vault.")
    # Editing a completed referral saves it as a draft again: it is checked anew
    # when it is completed again, and nothing typed meanwhile is lost.
    written = Written(case_id, int(row[1]), str(row[0]))
    referral = _referral_values(
        doc,
        checklists.for_referral(doc, conn),
        rules,
        repeat=bool(row[2]),
        complete=complete,
        now=now,
    )
    conn.execute(
        "UPDATE referrals SET state = ?, referral_date = ?, referring_agency = ?, "
        "dash_checklist = ?, dash_score = ?, criteria = ?, form = ?, updated_at = ? "
        "WHERE id = ?",
        (*referral, written.referral_id),
    )
    conn.execute(
        "UPDATE cases SET transfer_from = ?, last_referral_on = ?, updated_at = ? WHERE id = ?",
        (form.text(doc, "referral", "transfer_from"), referral[1], now, case_id),
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
    return written


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
