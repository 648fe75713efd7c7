"""Gathers everything a meeting's minutes can carry from the vault, as plain data for
`domain.minutes` to choose from. Nothing here decides who reads what."""

from __future__ import annotations

from marac_desk.domain import settings as defs
from marac_desk.domain.cases import CaseRole
from marac_desk.domain.conference import CaseRecord
from marac_desk.domain.meetings import AgendaCase
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
    latest = case_file.latest_referral(conn, case_id)
    if latest is None:
        raise ValidationError("A case on this meeting's agenda is no longer in the vault.")
    agency = latest.referring_agency
    pairs = (
        ("Referred on", latest.referral_date),
        ("Referred by", names.get(agency, agency)),
        ("Dash score", "Not recorded" if latest.dash_score is None else str(latest.dash_score)),
        ("Criteria met", ", ".join(latest.criteria)),
        ("Repeat referral", "Yes" if latest.is_repeat else "No"),
        ("Transferred from", latest.transfer_from),
        ("Reason for referral", latest.reason),
    )
    return pairs, agency


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


def _case(
    conn: Connection,
    meeting_id: int,
    listed: AgendaCase,
    names: dict[str, str],
    opened: set[int],
) -> CaseFacts:
    case_id = listed.case_id
    referral, referrer = _referral(conn, case_id, names)
    lines, known_to = _research(conn, meeting_id, case_id)
    return CaseFacts(
        case_id,
        listed.reference,
        listed.victim,
        referral,
        referrer,
        frozenset(known_to),
        tuple(lines),
        tuple(conference.shared(conn, meeting_id, case_id)),
        conference.record(conn, meeting_id, case_id) or CaseRecord(),
        tuple(actions.for_case(conn, meeting_id, case_id)),
        discussed=case_id in opened,
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
    # Discussed: opened at the meeting (the close marks the same cases heard).
    opened = set(conference.records(conn, meeting_id))
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
            _case(conn, meeting_id, item, names, opened)
            for item in meetings.agenda_cases(conn, meeting_id)
        ),
        reaching=tuple(
            (n.reference, n.victim, n.last_referral_on) for n in meetings.notices(vault, meeting)
        ),
    )
