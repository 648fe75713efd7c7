"""The repeat and transfer check: earlier cases that may be the same victim, and the decision.

The app proposes; the coordinator decides. A decision is recorded with who made it, the
score and the reasons shown, and only a confirmed match of the same victim and
perpetrator within the repeat window makes a case a repeat.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from marac_desk.domain import referral_form as form
from marac_desk.domain.cases import CaseRole, CaseStatus
from marac_desk.domain.criteria import (
    Decision,
    confirms_repeat,
    counted_to,
    is_repeat,
    repeat_window_end,
)
from marac_desk.domain.dates import parse_iso
from marac_desk.domain.matching import Candidate, entry_names
from marac_desk.domain.names import PersonMatch, compare_people
from marac_desk.domain.repeat_bands import Band, band
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, name_index
from marac_desk.storage import settings as settings_store
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class EarlierCase:
    case_id: int
    reference: str
    status: CaseStatus
    victim: str
    last_referral_on: date | None
    window_ends: date | None
    within_window: bool
    victim_match: PersonMatch
    perpetrator_match: PersonMatch | None  # best match between the perpetrators, if any
    transfer_from: str
    decision: Decision | None  # what the coordinator decided before, if anything
    counted_to: date | None = None  # the incident date the window is compared with
    counted_to_referral: bool = False  # no incident date: the referral date stood in

    @property
    def score(self) -> float:
        return self.victim_match.score

    @property
    def band(self) -> Band:
        return band(self.victim_match)

    @property
    def same_pair_likely(self) -> bool:
        return self.perpetrator_match is not None and self.perpetrator_match.score >= 70


def _query_people(doc: Mapping[str, Any], section: str) -> list[Mapping[str, Any]]:
    if section == "victim":
        victim = doc.get("victim")
        return [victim] if isinstance(victim, Mapping) else []
    return form.people(doc, section)


def _forms(person: Mapping[str, Any]) -> tuple[Any, ...]:
    def get(key: str) -> str:
        value = person.get(key)
        return "" if value is None or isinstance(value, bool) else str(value)

    return (
        entry_names(get("surname"), get("forenames"), form.split_aliases(get("aliases"))),
        parse_iso(get("date_of_birth")),
        bool(person.get("dob_approximate")),
    )


def find_earlier(
    vault: Vault, doc: Mapping[str, Any], case_id: int | None = None, *, record: bool = False
) -> list[EarlierCase]:
    """Earlier cases whose victim may be this referral's victim, best band first and by
    score within a band (see domain.repeat_bands).

    Each carries whether this referral's incident falls inside its repeat window (the
    referral date stands in when no incident date is recorded, and says so) and how well
    the perpetrators match (the victim-perpetrator pair).
    """
    vault.require(Permission.VIEW_ALL_CASES)
    victims = _query_people(doc, "victim")
    if not victims:
        return []
    names, dob, approx = _forms(victims[0])
    if not names:
        return []
    with name_index.searching(vault) as index:
        found: list[Candidate] = index.search(
            names, dob, approx, roles=frozenset({CaseRole.VICTIM}), exclude_case=case_id
        )
    rules = settings_store.rules(vault)
    incident_day, from_referral = counted_to(
        parse_iso(form.text(doc, "referral", "incident_date")),
        parse_iso(form.text(doc, "referral", "referral_date")) or date.today(),
    )
    assert incident_day is not None
    perpetrators = [_forms(p) for p in _query_people(doc, "perpetrators")]
    decisions = _decisions(vault, case_id)
    results: list[EarlierCase] = []
    ids = [c.entry.case_id for c in found]
    marks = ",".join("?" * len(ids))
    details = {
        int(r[0]): r[1:]
        for r in vault.conn.execute(
            "SELECT id, reference, status, last_referral_on, transfer_from FROM cases "
            f"WHERE id IN ({marks})",
            ids,
        )
    }
    for candidate in found:
        row = details.get(candidate.entry.case_id)
        if row is None:
            continue
        last = parse_iso(row[2] or "")
        pair = _best_perpetrator_match(vault, candidate.entry.case_id, perpetrators)
        results.append(
            EarlierCase(
                case_id=candidate.entry.case_id,
                reference=row[0],
                status=CaseStatus(row[1]),
                victim=candidate.entry.display_name,
                last_referral_on=last,
                window_ends=repeat_window_end(last, rules) if last else None,
                within_window=bool(last and is_repeat(last, incident_day, rules)),
                victim_match=candidate.match,
                perpetrator_match=pair,
                transfer_from=row[3],
                decision=decisions.get(candidate.entry.case_id),
                counted_to=incident_day,
                counted_to_referral=from_referral,
            )
        )
    # Best band first; within a band, by score (the index's order for equal scores).
    results.sort(key=lambda e: e.band.rank)
    if record:
        with vault.transaction():
            vault.audit("repeat_check", {"case_id": case_id, "candidates": len(results)})
    return results


def _best_perpetrator_match(
    vault: Vault, earlier_case: int, perpetrators: list[tuple[Any, ...]]
) -> PersonMatch | None:
    if not perpetrators:
        return None
    with name_index.searching(vault) as index:
        theirs = [e for e in index.people_of_case(earlier_case) if e.role is CaseRole.PERPETRATOR]
    best: PersonMatch | None = None
    for names, dob, approx in perpetrators:
        for entry in theirs:
            match = compare_people(names, dob, approx, entry.names, entry.dob, entry.dob_approx)
            if best is None or match.score > best.score:
                best = match
    return best


def _decisions(vault: Vault, case_id: int | None) -> dict[int, Decision]:
    if case_id is None:
        return {}
    rows = vault.conn.execute(
        "SELECT earlier_case_id, decision FROM case_links WHERE case_id = ?", (case_id,)
    )
    return {int(r[0]): Decision(r[1]) for r in rows}


def decide(vault: Vault, case_id: int, earlier: EarlierCase, decision: Decision) -> bool:
    """Record the coordinator's decision on one candidate; returns whether the case is a repeat.

    Deciding again replaces the earlier decision (the audit log keeps both).
    """
    vault.require(Permission.EDIT_CASES)
    if earlier.case_id == case_id:
        raise ValidationError("A case cannot be linked to itself.")
    now = audit.now_iso()
    with vault.transaction() as conn:
        if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
            raise ValidationError("Save the referral as a draft before recording a decision.")
        conn.execute(
            "INSERT INTO case_links (case_id, earlier_case_id, decision, within_window, score, "
            "reasons, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (case_id, earlier_case_id) DO UPDATE SET decision = excluded.decision, "
            "within_window = excluded.within_window, score = excluded.score, "
            "reasons = excluded.reasons, decided_by = excluded.decided_by, "
            "decided_at = excluded.decided_at",
            (
                case_id,
                earlier.case_id,
                decision.value,
                int(earlier.within_window),
                earlier.score,
                json.dumps(earlier.victim_match.reasons),
                vault.actor,
                now,
            ),
        )
        repeat = confirms_repeat(
            (Decision(d), bool(w))
            for d, w in conn.execute(
                "SELECT decision, within_window FROM case_links WHERE case_id = ?", (case_id,)
            )
        )
        conn.execute("UPDATE cases SET is_repeat = ? WHERE id = ?", (int(repeat), case_id))
        vault.audit(
            "match_decided",
            {
                "case_id": case_id,
                "earlier_case_id": earlier.case_id,
                "decision": decision.value,
                "within_window": earlier.within_window,
                "score": earlier.score,
            },
        )
    return repeat


@dataclass(frozen=True)
class LinkRecord:
    earlier_case_id: int
    reference: str
    decision: Decision
    within_window: bool
    decided_by: str
    decided_at: str


def links_of(vault: Vault, case_id: int) -> list[LinkRecord]:
    """Decisions recorded for a case, both ways: its earlier cases and later ones."""
    vault.require(Permission.VIEW_ALL_CASES)
    rows = vault.conn.execute(
        "SELECT l.earlier_case_id, c.reference, l.decision, l.within_window, l.decided_by, "
        "l.decided_at FROM case_links l JOIN cases c ON c.id = l.earlier_case_id "
        "WHERE l.case_id = ? UNION ALL "
        "SELECT l.case_id, c.reference, l.decision, l.within_window, l.decided_by, "
        "l.decided_at FROM case_links l JOIN cases c ON c.id = l.case_id "
        "WHERE l.earlier_case_id = ? ORDER BY 6",
        (case_id, case_id),
    )
    return [LinkRecord(int(r[0]), r[1], Decision(r[2]), bool(r[3]), r[4], r[5]) for r in rows]
