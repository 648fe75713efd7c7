"""One case as the case view shows it: its people, its referrals and Dash history, the
earlier and later referrals of the same victim, its timeline and its transfer documents.

Opening a case file is a view of the case and is audited as one.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from typing import Any

from marac_desk.domain import referral_form as form
from marac_desk.domain import timeline
from marac_desk.domain.cases import CaseRole, CaseStatus
from marac_desk.domain.criteria import Criterion, Decision
from marac_desk.domain.dates import uk_from_iso
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, checklists, transfer_documents
from marac_desk.storage import settings as settings_store
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault

ROLE_ORDER = {CaseRole.VICTIM: 0, CaseRole.PERPETRATOR: 1, CaseRole.CHILD: 2, CaseRole.OTHER: 3}


@dataclass(frozen=True)
class CasePerson:
    person_id: int
    role: CaseRole
    position: int
    name: str
    date_of_birth: str
    dob_approximate: bool
    gender: str
    aliases: tuple[str, ...]
    address: str
    note: str  # relationship, unborn, who the person is in the household

    @property
    def born(self) -> str:
        if not self.date_of_birth:
            return ""
        shown = uk_from_iso(self.date_of_birth)  # 07/07/2003, as screens and documents say
        return f"{shown} (approx.)" if self.dob_approximate else shown


@dataclass(frozen=True)
class ReferralEntry:
    """One referral of the same victim: this case's own, or a linked earlier or later one."""

    case_id: int
    reference: str
    status: CaseStatus
    referral_date: str
    referring_agency: str
    checklist: str
    dash_score: int | None
    criteria: tuple[str, ...]  # labels
    state: str  # draft / complete
    relation: str  # "This case", or how the coordinator linked it

    @property
    def is_this_case(self) -> bool:
        return self.relation == THIS_CASE


THIS_CASE = "This case"


@dataclass(frozen=True)
class LinkEntry:
    """A decision recorded about a possible earlier (or later) referral of the victim."""

    case_id: int
    reference: str
    direction: str  # "Earlier" or "Later"
    decision: Decision
    within_window: bool
    decided_by: str
    decided_at: str


@dataclass(frozen=True)
class CaseFile:
    case_id: int
    reference: str
    status: CaseStatus
    is_repeat: bool
    transfer_from: str
    last_referral_on: str
    imported: bool
    victim: str
    reason: str
    consent: str
    people: list[CasePerson]
    referrals: list[ReferralEntry]  # oldest first, this case among them
    links: list[LinkEntry]
    timeline: list[timeline.Event]
    documents: list[transfer_documents.DocumentInfo]
    dash_threshold: int
    urgent: str = ""  # why the referral is urgent, when it is marked so


def people(conn: Connection, case_id: int) -> list[CasePerson]:
    """The people on a case by role (victim, perpetrators, children, others), in form order."""
    rows = conn.execute(
        "SELECT p.id, cp.role, cp.position, p.surname, p.forenames, coalesce(p.date_of_birth, ''), "
        "p.dob_approximate, p.gender, p.aliases, p.address, p.details FROM case_persons cp "
        "JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = ?",
        (case_id,),
    )
    found: list[CasePerson] = []
    for row in rows:
        pid, role, position, surname, forenames, born, approx, gender, aliases, address, raw = row
        details: dict[str, Any] = json.loads(raw)
        notes = []
        if details.get("unborn"):
            notes.append("Unborn (date is the expected date)")
        for key in ("relationship", "relationship_to_victim", "lives_with"):
            if details.get(key):
                notes.append(str(details[key]))
        name = f"{surname.upper()}, {forenames}".strip().strip(",") or "(no name yet)"
        found.append(
            CasePerson(
                int(pid),
                CaseRole(role),
                int(position),
                name,
                born,
                bool(approx),
                gender,
                tuple(json.loads(aliases)),
                address,
                "; ".join(notes),
            )
        )
    return sorted(found, key=lambda p: (ROLE_ORDER[p.role], p.position))


def related(conn: Connection, case_id: int) -> dict[int, str]:
    """Every case confirmed as the same victim, following links both ways, with how it
    was linked. A case ruled "not the same" is not followed."""
    relation = {case_id: THIS_CASE}
    queue = deque([case_id])
    while queue:
        current = queue.popleft()
        for other, decision in conn.execute(
            "SELECT earlier_case_id, decision FROM case_links WHERE case_id = ? "
            "AND decision <> 'not_same' UNION ALL "
            "SELECT case_id, decision FROM case_links WHERE earlier_case_id = ? "
            "AND decision <> 'not_same'",
            (current, current),
        ):
            if other not in relation:
                relation[int(other)] = Decision(decision).label
                queue.append(int(other))
    return relation


@dataclass(frozen=True)
class LatestReferral:
    """A case's latest referral, as the combined summary and the minutes show it."""

    reference: str
    is_repeat: bool
    transfer_from: str
    doc: dict[str, Any]  # the referral form
    dash_score: int | None
    criteria: tuple[str, ...]  # in words
    referral_date: str
    referring_agency: str  # its code, upper case

    @property
    def reason(self) -> str:
        return form.text(self.doc, "referral", "reason")


def latest_referral(conn: Connection, case_id: int) -> LatestReferral | None:
    row = conn.execute(
        "SELECT c.reference, c.is_repeat, c.transfer_from, r.form, r.dash_score, r.criteria, "
        "coalesce(r.referral_date, ''), r.referring_agency FROM cases c "
        "JOIN referrals r ON r.case_id = c.id WHERE c.id = ? ORDER BY r.id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if row is None:
        return None
    reference, is_repeat, transfer_from, raw, score, criteria, day, agency = row
    return LatestReferral(
        reference,
        bool(is_repeat),
        transfer_from,
        json.loads(raw),
        None if score is None else int(score),
        criteria_labels(criteria),
        day,
        agency.upper(),
    )


def criteria_labels(stored: str) -> tuple[str, ...]:
    """The criteria a referral met, as stored (JSON), in words."""
    labels = []
    for value in json.loads(stored):
        try:
            labels.append(Criterion(value).label)
        except ValueError:
            labels.append(str(value))
    return tuple(labels)


def referral_history(conn: Connection, relation: dict[int, str]) -> list[ReferralEntry]:
    marks = ",".join("?" * len(relation))
    rows = conn.execute(
        "SELECT c.id, c.reference, c.status, coalesce(r.referral_date, ''), r.referring_agency, "
        "r.dash_checklist, r.dash_score, r.criteria, r.state FROM cases c "
        f"JOIN referrals r ON r.case_id = c.id WHERE c.id IN ({marks})",
        list(relation),
    )
    entries = []
    for case_id, reference, status, day, agency, checklist, score, criteria, state in rows:
        labels = criteria_labels(criteria)
        entries.append(
            ReferralEntry(
                int(case_id),
                reference,
                CaseStatus(status),
                day,
                agency,
                checklist,
                None if score is None else int(score),
                labels,
                state,
                relation[int(case_id)],
            )
        )
    return sorted(entries, key=lambda e: (e.referral_date or "9999", e.reference))


def _links(conn: Connection, case_id: int) -> list[LinkEntry]:
    rows = conn.execute(
        "SELECT l.earlier_case_id, c.reference, 'Earlier', l.decision, l.within_window, "
        "l.decided_by, l.decided_at FROM case_links l JOIN cases c ON c.id = l.earlier_case_id "
        "WHERE l.case_id = ? UNION ALL "
        "SELECT l.case_id, c.reference, 'Later', l.decision, l.within_window, l.decided_by, "
        "l.decided_at FROM case_links l JOIN cases c ON c.id = l.case_id "
        "WHERE l.earlier_case_id = ? ORDER BY 7",
        (case_id, case_id),
    )
    return [LinkEntry(int(r[0]), r[1], r[2], Decision(r[3]), bool(r[4]), r[5], r[6]) for r in rows]


def _timeline(
    conn: Connection,
    case_id: int,
    doc: dict[str, Any],
    links: list[LinkEntry],
    imported: bool,
) -> list[timeline.Event]:
    entries = audit.for_case(conn, case_id)
    wanted = sorted(
        {
            e.detail["earlier_case_id"]
            for e in entries
            if isinstance(e.detail.get("earlier_case_id"), int)
        }
    )
    references: dict[int, str] = dict(
        conn.execute(
            f"SELECT id, reference FROM cases WHERE id IN ({','.join('?' * len(wanted))})",
            wanted,
        )
    )
    facts: list[timeline.Event] = []
    referral_day = form.text(doc, "referral", "referral_date")
    if referral_day:
        agency = form.text(doc, "referral", "referring_agency")
        referrer = form.text(doc, "referral", "referrer_name")
        by = ", ".join(p for p in (referrer, agency) if p)
        facts.append(timeline.Event(referral_day, by, "Referral made", ""))
    if imported:
        facts.append(
            timeline.Event(referral_day or "", "", "Brought in from the earlier register", "")
        )
    for link in links:
        if link.direction == "Later":
            facts.append(
                timeline.Event(
                    link.decided_at,
                    link.decided_by,
                    "Later referral checked against this case",
                    f"{link.reference}: {link.decision.label}",
                )
            )
    return timeline.build(
        ((e.at, e.actor, e.action, e.detail) for e in entries),
        facts,
        audit.ACTION_LABELS,
        references,
    )


def load(vault: Vault, case_id: int) -> CaseFile:
    vault.require(Permission.VIEW_ALL_CASES)
    conn = vault.conn
    row = conn.execute(
        "SELECT c.reference, c.status, c.is_repeat, c.transfer_from, "
        "coalesce(c.last_referral_on, ''), c.import_key IS NOT NULL, r.form FROM cases c "
        "JOIN referrals r ON r.case_id = c.id WHERE c.id = ? ORDER BY r.id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if row is None:
        raise ValidationError("That case is no longer in the vault.")
    reference, status, is_repeat, transfer_from, last, imported, raw = row
    doc: dict[str, Any] = json.loads(raw)
    found = people(conn, case_id)
    links = _links(conn, case_id)
    with vault.transaction():
        vault.audit("case_viewed", {"case_id": case_id, "reference": reference})
    consent = form.text(doc, "consent", "consent")
    return CaseFile(
        case_id=case_id,
        reference=reference,
        status=CaseStatus(status),
        is_repeat=bool(is_repeat),
        transfer_from=transfer_from,
        last_referral_on=last,
        imported=bool(imported),
        victim=next((p.name for p in found if p.role is CaseRole.VICTIM), ""),
        reason=form.text(doc, "referral", "reason"),
        consent=consent,
        people=found,
        referrals=referral_history(conn, related(conn, case_id)),
        links=links,
        timeline=_timeline(conn, case_id, doc, links, bool(imported)),
        documents=transfer_documents.listed(conn, case_id),
        dash_threshold=settings_store.rules(vault).dash_threshold,
        urgent=(
            form.text(doc, "referral", "urgent_reason") or "Marked urgent"
            if form.text(doc, "referral", "urgent") == "Yes"
            else ""
        ),
    )


def checklist_title(key: str, conn: Connection) -> str:
    """A checklist key as people read it (the key itself when it is not installed)."""
    found = checklists.available(conn).get(key)
    return f"{found.title}, version {found.version}" if found else key
