"""Holds a planned training meeting through the conference services, as a coordinator
would: the register, the review of earlier actions, every case recorded with what was
shared (some of it for named agencies only, some for the record only) and actions
agreed, then the close. What the minutes, the benchmarks and training rooms start from."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from marac_desk.domain.actions import REVIEW_CHOICES, Action
from marac_desk.domain.conference import Attendance, CaseRecord, RiskLevel, SharedInfo
from marac_desk.domain.research import ALL_INVOLVED, RECORD_ONLY, named
from marac_desk.storage import actions, attendance, conference, meeting_close, meetings
from marac_desk.storage.vault import Vault

_SHARED = (
    ("POLICE", "Fictional: two call-outs since the referral; bail conditions in place."),
    ("IDVA", "Fictional: the victim has engaged and wants a safety plan."),
    ("HOUSING", "Fictional: the tenancy is joint; a management transfer was discussed."),
    ("CSC", "Fictional: the children are on a child-in-need plan."),
    ("GP", "Fictional: attended the surgery with injuries last month."),
    ("EDUCATION", "Fictional: attendance has dropped since half term."),
)
_ACTIONS = (
    ("IDVA", "Complete a safety plan with the victim and report back."),
    ("POLICE", "Flag the address for an urgent response."),
    ("HOUSING", "Fit a door alarm and change the locks."),
    ("CSC", "Hold a strategy discussion about the children."),
    ("GP", "Add a safeguarding alert to the records."),
    ("EDUCATION", "Tell the designated safeguarding lead; watch attendance."),
)


def hold(vault: Vault, meeting_id: int, seed: int = 2026) -> None:
    """Run the whole conference for a planned meeting and close it."""
    rng = random.Random(seed)
    conference.start(vault, meeting_id)
    for line in attendance.register(vault, meeting_id):
        status = Attendance.APOLOGIES if rng.random() < 0.15 else Attendance.PRESENT
        present = status is Attendance.PRESENT
        attendance.save(
            vault,
            meeting_id,
            replace(
                line,
                name=line.name or f"Training {line.organisation or line.agency_code} officer",
                status=status,
                info_sent=not present,
                agreed=present,
            ),
        )
    conference.mark_statement_read(vault, meeting_id)
    for row in actions.for_review(vault, meeting_id):
        reviewed = rng.choice(REVIEW_CHOICES)
        actions.update_status(
            vault,
            row.action.action_id or 0,
            reviewed,
            "Fictional: reviewed.",
            at_meeting=meeting_id,
        )
    day = meetings.get(vault, meeting_id).details.meeting_date
    for case in meetings.agenda_cases(vault.conn, meeting_id):
        conference.open_case(vault, meeting_id, case.case_id)
        for code, text in rng.sample(_SHARED, rng.randint(1, 3)):
            roll = rng.random()
            audience = RECORD_ONLY if roll < 0.1 else named("IDVA", code) if roll < 0.3 else None
            conference.save_shared(
                vault, meeting_id, case.case_id, SharedInfo(code, text, audience or ALL_INVOLVED)
            )
        conference.save_record(
            vault,
            meeting_id,
            case.case_id,
            CaseRecord(
                notes="Fictional: the chair summarised the risks; all agencies agreed.",
                risk_victim="Fictional: threats to kill; recent strangulation.",
                risk_children="Fictional: the children witnessed the last incident.",
                risk_perpetrator="Fictional: breached bail twice.",
                risk_level=RiskLevel.HIGH,
                informs_agency="IDVA",
                informs_person="Training IDVA",
                seconds=rng.randint(8, 16) * 60,
            ),
        )
        for code, text in rng.sample(_ACTIONS, rng.randint(1, 3)):
            due = day + timedelta(days=rng.choice((1, 7, 14, 28)))
            actions.save(
                vault, meeting_id, case.case_id, Action(text, code, f"Training {code} officer", due)
            )
    meeting_close.close(vault, meeting_id, accept_missing=True)
