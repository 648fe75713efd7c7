"""Chasing overdue research: who is overdue for a meeting, and each chase recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marac_desk.domain import settings as defs
from marac_desk.domain.research import Standing
from marac_desk.domain.research_chase import Overdue, chaser_text, overdue_agencies
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, meetings, research_status
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class Chase:
    agency_code: str
    chased_at: str  # UTC, ISO
    chased_by: str
    missing: int


def overdue(vault: Vault, meeting_id: int, today: date) -> list[Overdue]:
    """The agencies whose research for this meeting is overdue today, with the cases."""
    grid = research_status.grid(vault, meeting_id, today)
    missing = {
        code: [c.reference for c in grid.cases if grid.cells[(code, c.case_id)] is Standing.OVERDUE]
        for code in grid.agencies
    }
    return overdue_agencies(grid.agencies, grid.names, missing)


def text_for(vault: Vault, meeting_id: int, found: Overdue, today: date) -> str:
    meeting = meetings.get(vault, meeting_id)
    deadline = meeting.details.research_deadline
    if deadline is None:
        raise ValidationError("This meeting does not collect written research.")
    return chaser_text(
        found,
        marac_name=str(vault.setting(defs.MARAC_NAME)) or "MARAC",
        meeting_date=meeting.details.meeting_date,
        deadline=deadline,
        coordinator=vault.user.full_name,
        today=today,
    )


def record(vault: Vault, meeting_id: int, chased: list[Overdue]) -> None:
    """Record that these agencies were chased now (by secure email, with the text shown)."""
    vault.require(Permission.EDIT_CASES)
    if not chased:
        raise ValidationError("Tick the agencies you chased.")
    now = audit.now_iso()
    with vault.transaction() as conn:
        meetings.read(conn, meeting_id)
        for found in chased:
            conn.execute(
                "INSERT INTO research_chases (meeting_id, agency_code, chased_at, chased_by, "
                "missing) VALUES (?, ?, ?, ?, ?)",
                (meeting_id, found.agency_code, now, vault.actor, len(found.references)),
            )
            vault.audit(
                "research_chased",
                {
                    "meeting_id": meeting_id,
                    "agency": found.agency_code,
                    "missing": len(found.references),
                },
            )


def chases(vault: Vault, meeting_id: int) -> dict[str, Chase]:
    """The latest chase of each agency for this meeting."""
    vault.require(Permission.VIEW_ALL_CASES)
    latest: dict[str, Chase] = {}
    for code, at, by, missing in vault.conn.execute(
        "SELECT agency_code, chased_at, chased_by, missing FROM research_chases "
        "WHERE meeting_id = ? ORDER BY id",
        (meeting_id,),
    ):
        latest[code] = Chase(code, at, by, int(missing))
    return latest
