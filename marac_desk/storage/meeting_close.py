"""Closing a meeting: the check of what is missing, then the record is frozen. Later
changes go through the services with a reason and are kept as amendments."""

from __future__ import annotations

import json
from dataclasses import asdict

from marac_desk.domain import conference as rules
from marac_desk.domain.conference import Missing
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import actions, attendance, audit, conference, meetings
from marac_desk.storage.vault import Vault


def check(vault: Vault, meeting_id: int) -> list[Missing]:
    """What the record lacks, in agenda order (empty: nothing missing)."""
    vault.require(Permission.VIEW_ALL_CASES)
    conn = vault.conn
    found = conference.read(conn, meeting_id)
    statement_read = found is not None and found.statement_read
    records = conference.records(conn, meeting_id)
    listed = meetings.agenda_cases(conn, meeting_id)
    references = {c.case_id: c.reference for c in listed}
    return rules.close_check(
        statement_read,
        attendance.read_register(conn, meeting_id),
        [(c.case_id, c.reference, records.get(c.case_id)) for c in listed],
        [(references.get(case_id, ""), a) for case_id, a in actions.for_meeting(conn, meeting_id)],
    )


def close(vault: Vault, meeting_id: int, *, accept_missing: bool = False) -> None:
    """Close the meeting and freeze its record. With gaps still listed by the check, the
    coordinator must say they accept them (`accept_missing`): they are kept with the
    record. Cases opened at the meeting are marked heard; any never opened go back to
    accepted, ready for the next meeting."""
    vault.require(Permission.EDIT_CASES)
    missing = check(vault, meeting_id)
    if missing and not accept_missing:
        raise ValidationError(
            f"{len(missing)} things are missing from the record: put them right, or close "
            "the meeting accepting them as they are."
        )
    now = audit.now_iso()
    with vault.transaction() as conn:
        meeting = meetings.read(conn, meeting_id)
        if meeting.closed:
            raise ValidationError("This meeting is already closed.")
        if conference.read(conn, meeting_id) is None:
            raise ValidationError("This meeting has not started: there is nothing to close.")
        conn.execute(
            "UPDATE meetings SET state = 'closed', updated_at = ? WHERE id = ?", (now, meeting_id)
        )
        conn.execute(
            "UPDATE conferences SET closed_at = ?, closed_by = ?, running = 0, stage = 'close', "
            "left_open = ? WHERE meeting_id = ?",
            (now, vault.actor, json.dumps([asdict(m) for m in missing]), meeting_id),
        )
        heard = set(conference.records(conn, meeting_id))
        listed = {c.case_id for c in meetings.agenda_cases(conn, meeting_id)}
        # A case never opened was not heard: it waits, accepted, for the next meeting.
        for status, case_ids in (("heard", heard), ("accepted", listed - heard)):
            conn.executemany(
                "UPDATE cases SET status = ? WHERE id = ? AND status = 'listed'",
                [(status, case_id) for case_id in sorted(case_ids)],
            )
        vault.audit(
            "meeting_closed",
            {
                "meeting_id": meeting_id,
                "meeting_date": meeting.details.meeting_date.isoformat(),
                "missing": len(missing),
                "cases_heard": len(heard),
                "cases_not_heard": len(listed - heard),
            },
        )
