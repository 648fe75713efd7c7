"""Gathers everything a meeting's minutes can carry from the vault, as plain data for
`domain.minutes` to choose from. Nothing here decides who reads what."""

from __future__ import annotations

import json
from typing import Any

from marac_desk.domain import referral_form as form
from marac_desk.domain import settings as defs
from marac_desk.domain.cases import CaseRole
from marac_desk.domain.conference import CaseRecord
from marac_desk.domain.minutes import CaseFacts, MeetingFacts, ResearchLine, ReviewLine
from marac_desk.domain.research import ItemKind, Known
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import actions, attendance, case_file, conference, meetings, research
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault


def _referral(
    conn: Connection, case_id: int, names: dict[str, str]
) -> tuple[tuple[tuple[str, str], ...], str]:
    """The referral's summary as label and value pairs, and the referring agency's code."""
    row = conn.execute(
        "SELECT r.form, r.dash_score, r.criteria, coalesce(r.referral_date, ''), "
        "r.referring_agency, c.is_repeat, c.transfer_from FROM cases c "
        "JOIN referrals r ON r.case_id = c.id WHERE c.id = ? ORDER BY r.id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if row is None:
        raise ValidationError("A case on this meeting's agenda is no longer in the vault.")
    raw, score, criteria, day, agency, is_repeat, transfer_from = row
    doc: dict[str, Any] = json.loads(raw)
    pairs = (
        ("Referred on", day),
        ("Referred by", names.get(agency.upper(), agency)),
        ("Dash score", "Not recorded" if score is None else str(score)),
        ("Criteria met", ", ".join(case_file.criteria_labels(criteria))),
        ("Repeat referral", "Yes" if is_repeat else "No"),
        ("Transferred from", transfer_from),
        ("Reason for referral", form.text(doc, "referral", "reason")),
    )
    return pairs, agency.upper()


def _research(
    conn: Connection, meeting_id: int, case_id: int
) -> tuple[list[ResearchLine], set[str]]:
    lines: list[ResearchLine] = []
    known_to: set[str] = set()
    for stored in research.current_returns(conn, meeting_id, case_id):
        if any(known is Known.YES for _, _, known in stored.people.values()):
            known_to.add(stored.agency_code)
        for entry in stored.items:
            role, name, _ = stored.people.get(entry.person_id, (CaseRole.OTHER, "", Known.NO))
            item = entry.item
            lines.append(
                ResearchLine(
                    stored.agency_code,
                    f"{role.label}: {name}" if name else role.label,
                    item.kind.label,
                    item.body,
                    item.audience,
                    held=item.kind is ItemKind.HELD,
                )
            )
    return lines, known_to


def _case(conn: Connection, meeting_id: int, case_id: int, names: dict[str, str]) -> CaseFacts:
    reference, victim = conn.execute(
        "SELECT c.reference, coalesce((SELECT upper(p.surname) || ', ' || p.forenames "
        "FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = c.id "
        "AND cp.role = 'victim' LIMIT 1), '') FROM cases c WHERE c.id = ?",
        (case_id,),
    ).fetchone()
    referral, referrer = _referral(conn, case_id, names)
    lines, known_to = _research(conn, meeting_id, case_id)
    return CaseFacts(
        case_id,
        reference,
        victim.strip(", "),
        referral,
        referrer,
        frozenset(known_to),
        tuple(lines),
        tuple(conference.shared(conn, meeting_id, case_id)),
        conference.record(conn, meeting_id, case_id) or CaseRecord(),
        tuple(actions.for_case(conn, meeting_id, case_id)),
    )


def gather(vault: Vault, meeting_id: int) -> MeetingFacts:
    """Everything the minutes of a held meeting can carry. Raises ValidationError when
    the meeting has not been held."""
    vault.require(Permission.EXPORT_MINUTES)
    conn = vault.conn
    meeting = meetings.read(conn, meeting_id)
    held = conference.read(conn, meeting_id)
    if held is None:
        raise ValidationError(
            "This meeting has not been held yet: its minutes come from the conference. "
            "Start the meeting from the Meetings page first."
        )
    names = research.directory(conn)
    details = meeting.details
    reviewed = [
        row for row in actions.review_rows(conn, meeting_id) if row.reviewed_at == meeting_id
    ]
    return MeetingFacts(
        marac_name=str(vault.setting(defs.MARAC_NAME)),
        title=details.title,
        where=details.where,
        chair=details.chair,
        minute_taker=details.minute_taker,
        marking=str(vault.setting(defs.PROTECTIVE_MARKING)),
        statement=held.statement,
        names=names,
        attendees=tuple(attendance.read_register(conn, meeting_id)),
        review=tuple(
            ReviewLine(
                row.reference,
                row.agreed_on,
                row.action.owner_agency.upper(),
                row.action.owner_name,
                row.action.text,
                row.action.status,
                row.action.status_note,
            )
            for row in reviewed
        ),
        cases=tuple(
            _case(conn, meeting_id, item.case_id, names)
            for item in meetings.agenda_cases(conn, meeting_id)
        ),
        reaching=tuple(
            (n.reference, n.victim, n.last_referral_on) for n in meetings.notices(vault, meeting)
        ),
    )
