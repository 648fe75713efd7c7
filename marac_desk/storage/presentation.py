"""What a shared screen may show of the case under discussion: that case alone, and only
what every agency involved in it may read. Built here, from the vault, for one case, so
the presentation view has nothing else it could show."""

from __future__ import annotations

from dataclasses import dataclass

from marac_desk.domain.actions import Action
from marac_desk.domain.case_summary import CaseSummary
from marac_desk.domain.conference import CaseRecord, SharedInfo
from marac_desk.domain.research import AudienceKind
from marac_desk.domain.roles import Permission
from marac_desk.storage import actions, case_summary, conference, meetings, research
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class PresentedCase:
    summary: CaseSummary  # research every agency involved may read, and counts held back
    shared: tuple[SharedInfo, ...]  # shared at the meeting, for all agencies involved
    # Information shared at the meeting with a narrower audience, left off the screen (the
    # research left off is counted in the summary, under the heading it belongs to).
    not_shown: int
    record: CaseRecord  # risks and outcome (the minute-taker's notes are never shown)
    actions: tuple[Action, ...]
    names: dict[str, str]


def load(vault: Vault, meeting_id: int, case_id: int) -> PresentedCase:
    vault.require(Permission.VIEW_ALL_CASES)
    conn = vault.conn
    research.on_agenda(conn, meeting_id, case_id)
    meetings.read(conn, meeting_id)
    built = case_summary.load(
        vault, meeting_id, case_id, audit_view=False, keep=case_summary.for_everyone
    )
    said = conference.shared(conn, meeting_id, case_id)
    narrower = sum(1 for s in said if s.audience.kind is not AudienceKind.INVOLVED)
    record = conference.record(conn, meeting_id, case_id) or CaseRecord()
    return PresentedCase(
        built,
        tuple(s for s in said if s.audience.kind is AudienceKind.INVOLVED),
        narrower,
        CaseRecord(**{**record.__dict__, "notes": ""}),
        tuple(actions.for_case(conn, meeting_id, case_id)),
        research.directory(conn),
    )
