"""Where each agency stands with each case's research, for the coordinator's grid and
for an agency representative's own list of cases to research."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marac_desk.domain.meetings import AgendaCase
from marac_desk.domain.research import ReturnContent, Standing, standing
from marac_desk.domain.roles import Permission
from marac_desk.errors import PermissionDeniedError
from marac_desk.storage import case_file, meetings
from marac_desk.storage.case_file import CasePerson
from marac_desk.storage.research import directory, load_returns, own_agency
from marac_desk.storage.research_packs import PackInfo, packs
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class Grid:
    """Per agency and case: requested, returned, nil return or overdue."""

    agencies: list[str]  # codes, in directory order
    names: dict[str, str]
    cases: list[AgendaCase]
    cells: dict[tuple[str, int], Standing]
    sent: dict[str, str]  # agency -> when and how the latest pack was sent

    def count(self, agency: str, state: Standing) -> int:
        return sum(1 for c in self.cases if self.cells[(agency, c.case_id)] is state)


def grid(vault: Vault, meeting_id: int, today: date) -> Grid:
    vault.require(Permission.VIEW_ALL_CASES)
    conn = vault.conn
    meeting = meetings.read(conn, meeting_id)
    listed = meetings.agenda_cases(conn, meeting_id)
    made_packs = packs(vault, meeting_id)
    requested = _sent(made_packs, meeting.details.research_deadline)
    made: dict[str, set[int]] = {}
    sent: dict[str, str] = {}
    for pack in made_packs:
        made.setdefault(pack.agency_code.upper(), set()).update(pack.contents)
        if pack.sent_at:
            sent[pack.agency_code.upper()] = f"{pack.sent_at}, {pack.sent_how}"
    returned: dict[tuple[str, int], ReturnContent] = {}
    for r in load_returns(conn, "meeting_id = ? AND current = 1", (meeting_id,)):
        returned[(r.agency_code, r.case_id)] = r.content
    names = directory(conn)
    active = [
        code.upper()
        for (code,) in conn.execute("SELECT code FROM agencies WHERE active = 1 ORDER BY name")
    ]
    involved = set(made) | {code for code, _ in returned}
    agencies = [c for c in active if c in involved] + sorted(involved - set(active))
    cells = {
        (code, c.case_id): standing(
            (code, c.case_id) in requested,
            returned.get((code, c.case_id)),
            requested.get((code, c.case_id), meeting.details.research_deadline),
            today,
            made=c.case_id in made.get(code, set()),
        )
        for code in agencies
        for c in listed
    }
    return Grid(agencies, names, listed, cells, sent)


def sent_requests(vault: Vault, meeting_id: int) -> dict[tuple[str, int], date | None]:
    """(agency, case) for each request recorded as sent, with the research deadline it
    gave (the earliest, where more than one was sent). A pack made but not recorded as
    sent asks nobody: it is not here. A pack sent after its own deadline gives none, so
    the agency is not overdue the moment it is asked."""
    meeting = meetings.read(vault.conn, meeting_id)
    return _sent(packs(vault, meeting_id), meeting.details.research_deadline)


def _sent(
    made: list[PackInfo], meeting_deadline: date | None
) -> dict[tuple[str, int], date | None]:
    deadlines: dict[tuple[str, int], list[date]] = {}
    for pack in made:
        if not pack.sent_at:
            continue
        deadline = pack.deadline or meeting_deadline
        if deadline is not None and date.fromisoformat(pack.sent_at[:10]) > deadline:
            deadline = None
        for case_id in pack.contents:
            given = deadlines.setdefault((pack.agency_code.upper(), case_id), [])
            given.extend([deadline] if deadline else [])
    return {key: min(given) if given else None for key, given in deadlines.items()}


@dataclass(frozen=True)
class Assignment:
    """A case a representative's agency is asked to research, with where it stands."""

    meeting: meetings.Meeting
    case_id: int
    reference: str
    people: list[CasePerson]
    standing: Standing


def assignments(vault: Vault, today: date) -> list[Assignment]:
    """For an agency representative: the cases on meetings still to be held that collect
    research, with the people to search for. Nothing of other agencies' returns."""
    vault.require(Permission.ENTER_OWN_AGENCY_RESEARCH)
    code = own_agency(vault)
    if code is None:
        raise PermissionDeniedError("Only an agency representative has research to enter.")
    conn = vault.conn
    rows = conn.execute(
        "SELECT m.id, a.case_id, c.reference FROM meetings m "
        "JOIN agenda_items a ON a.meeting_id = m.id JOIN cases c ON c.id = a.case_id "
        "WHERE m.state = 'planned' AND m.research_deadline IS NOT NULL AND m.meeting_date >= ? "
        "ORDER BY m.meeting_date, a.position",
        (today.isoformat(),),
    ).fetchall()
    found: list[Assignment] = []
    held: dict[int, meetings.Meeting] = {}
    for meeting_id, case_id, reference in rows:
        if meeting_id not in held:
            held[meeting_id] = meetings.read(conn, int(meeting_id))
        meeting = held[meeting_id]
        own = load_returns(
            conn,
            "meeting_id = ? AND case_id = ? AND agency_code = ? AND current = 1",
            (meeting_id, case_id, code),
        )
        returned = own[0].content if own else None
        deadline = meeting.details.research_deadline
        found.append(
            Assignment(
                meeting,
                int(case_id),
                reference,
                case_file.people(conn, int(case_id)),
                standing(True, returned, deadline, today),
            )
        )
    return found
