"""What needs doing today, for the Home page: read from the vault, for the signed-in user.

Each list is what the user may read anyway (the services' own checks apply), and each item
names where it is dealt with, so Home can open it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from marac_desk.domain.action_chase import Late
from marac_desk.domain.criteria import repeat_window_end
from marac_desk.domain.research import Standing
from marac_desk.domain.roles import Permission
from marac_desk.domain.settings import BACKUP_REMINDER_DAYS
from marac_desk.storage import (
    action_chase,
    actions,
    cases,
    follow_ups,
    incidents,
    meetings,
    research_status,
)
from marac_desk.storage import settings as settings_store
from marac_desk.storage.actions import ActionRow
from marac_desk.storage.meetings import Meeting
from marac_desk.storage.vault import Vault

# With no meeting planned, Home looks this far ahead for repeat windows about to end.
LOOK_AHEAD = timedelta(days=28)


@dataclass(frozen=True)
class AgencyResearch:
    """One agency's research for one meeting: cases asked, returned, overdue."""

    code: str
    name: str
    asked: int
    returned: int
    overdue: int


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    agencies: tuple[AgencyResearch, ...]  # the agencies asked, in directory order
    not_sent: int  # agencies whose pack is made but not recorded as sent

    @property
    def overdue(self) -> tuple[AgencyResearch, ...]:
        return tuple(a for a in self.agencies if a.overdue)


@dataclass(frozen=True)
class CaseLine:
    case_id: int
    reference: str
    victim: str
    on: date | None  # the date that matters for the list (window end, referral date)


@dataclass(frozen=True)
class Waiting:
    """Referrals a coordinator still has to decide about."""

    drafts: tuple[CaseLine, ...]  # started, not completed
    returned: tuple[CaseLine, ...]  # returned to the referrer for more information
    not_listed: tuple[CaseLine, ...]  # accepted, on no meeting yet


@dataclass(frozen=True)
class Backup:
    last: datetime | None  # the last backup verified, UTC
    reminder_days: int

    def due(self, now: datetime) -> bool:
        return self.last is None or now - self.last > timedelta(days=self.reminder_days)


@dataclass(frozen=True)
class Home:
    next_meeting: NextMeeting | None
    actions_overdue: tuple[ActionRow, ...]
    actions_this_week: tuple[ActionRow, ...]
    reaching_12_months: tuple[CaseLine, ...] | None  # None: not the user's to see
    reaching_until: date
    waiting: Waiting | None
    backup: Backup | None
    # Incidents that are repeats of heard cases, waiting for a repeat referral or a reason
    # not to (None: not the user's to see).
    repeat_incidents: tuple[incidents.Prompt, ...] | None = None
    # Referrals marked urgent, until they are heard (None: not the user's to see).
    urgent: tuple[CaseLine, ...] | None = None
    # Follow-ups of heard cases due within a week or overdue (None: not the user's).
    follow_ups: tuple[follow_ups.DueLine, ...] | None = None
    # Agencies with actions overdue by more than the setting (None: not the user's).
    to_chase: tuple[Late, ...] | None = None


def read(vault: Vault, today: date) -> Home:
    """Everything Home shows for this user on `today`."""
    coordinator = vault.may(Permission.VIEW_ALL_CASES)
    upcoming = _next_meeting(vault, today) if coordinator else None
    until = upcoming.details.meeting_date if upcoming else today + LOOK_AHEAD
    tracked = _tracked(vault)
    week_end = today + timedelta(days=7)
    return Home(
        next_meeting=_research(vault, upcoming, today) if upcoming else None,
        actions_overdue=tuple(r for r in tracked if r.overdue(today)),
        actions_this_week=tuple(
            r
            for r in tracked
            if not r.overdue(today) and r.action.due_on and r.action.due_on <= week_end
        ),
        reaching_12_months=_reaching(vault, today, until) if coordinator else None,
        reaching_until=until,
        waiting=_waiting(vault) if coordinator else None,
        backup=_backup(vault) if vault.may(Permission.BACKUP_RESTORE) else None,
        repeat_incidents=tuple(incidents.waiting(vault)) if coordinator else None,
        urgent=_urgent(vault) if coordinator else None,
        follow_ups=tuple(follow_ups.due(vault, today)) if coordinator else None,
        to_chase=tuple(action_chase.late(vault, today, tracked)) if coordinator else None,
    )


def _tracked(vault: Vault) -> list[ActionRow]:
    # The tracker gives a representative only their own agency's actions.
    if vault.may(Permission.VIEW_ALL_CASES) or vault.may(Permission.UPDATE_OWN_AGENCY_ACTIONS):
        return actions.tracker(vault)
    return []


def _next_meeting(vault: Vault, today: date) -> Meeting | None:
    planned = [
        m for m in meetings.listed(vault) if not m.closed and m.details.meeting_date >= today
    ]
    return min(planned, key=lambda m: (m.details.meeting_date, m.details.start_time), default=None)


def _research(vault: Vault, meeting: Meeting, today: date) -> NextMeeting:
    if not meeting.collects_research:
        return NextMeeting(meeting, (), 0)
    grid = research_status.grid(vault, meeting.meeting_id, today)
    found: list[AgencyResearch] = []
    not_sent = 0
    for code in grid.agencies:
        states = [grid.cells[(code, c.case_id)] for c in grid.cases]
        asked = sum(1 for s in states if s not in (Standing.NOT_REQUESTED, Standing.NOT_SENT))
        if not asked:
            not_sent += any(s is Standing.NOT_SENT for s in states)
            continue
        found.append(
            AgencyResearch(
                code,
                grid.names.get(code, code),
                asked,
                sum(1 for s in states if s in (Standing.RETURNED, Standing.NIL)),
                sum(1 for s in states if s is Standing.OVERDUE),
            )
        )
    return NextMeeting(meeting, tuple(found), not_sent)


def _reaching(vault: Vault, today: date, until: date) -> tuple[CaseLine, ...]:
    """Cases whose 12 months since the last referral end from today up to `until`: a new
    referral after that is no longer a repeat."""
    rules = settings_store.rules(vault)
    # closed_windows(since, end) finds windows whose last day is in [since, end).
    ids = cases.closed_windows(vault.conn, rules, today, until + timedelta(days=1))
    rows = cases.register_rows(vault.conn, ids)
    open_rows = [r for r in rows if r.status.value not in ("declined", "transferred_out")]
    return tuple(
        CaseLine(
            r.case_id,
            r.reference,
            r.victim,
            repeat_window_end(date.fromisoformat(r.last_referral_on), rules),
        )
        for r in sorted(open_rows, key=lambda r: r.last_referral_on)
    )


def _waiting(vault: Vault) -> Waiting:
    conn = vault.conn
    listed = {
        int(case_id)
        for (case_id,) in conn.execute(
            "SELECT a.case_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id "
            "WHERE m.state != 'closed'"
        )
    }
    by_status: dict[str, list[CaseLine]] = {"draft": [], "returned": [], "accepted": []}
    ids = [
        int(i)
        for (i,) in conn.execute(
            "SELECT id FROM cases WHERE status IN ('draft', 'returned', 'accepted') ORDER BY id"
        )
    ]
    for row in cases.register_rows(conn, ids):
        if row.status.value == "accepted" and row.case_id in listed:
            continue
        on = date.fromisoformat(row.last_referral_on) if row.last_referral_on else None
        by_status[row.status.value].append(CaseLine(row.case_id, row.reference, row.victim, on))
    return Waiting(
        tuple(by_status["draft"]), tuple(by_status["returned"]), tuple(by_status["accepted"])
    )


def _urgent(vault: Vault) -> tuple[CaseLine, ...]:
    """Cases whose latest referral is marked urgent and that have not been heard (nor
    declined or sent to another MARAC), longest waiting first."""
    ids = [
        int(i)
        for (i,) in vault.conn.execute(
            "SELECT c.id FROM cases c WHERE c.status IN ('draft', 'accepted', 'listed', "
            "'returned') AND (SELECT json_extract(r.form, '$.referral.urgent') FROM referrals r "
            "WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1) = 'Yes' "
            "ORDER BY c.last_referral_on, c.id"
        )
    ]
    by_id = {row.case_id: row for row in cases.register_rows(vault.conn, ids)}
    return tuple(
        CaseLine(
            r.case_id,
            r.reference,
            r.victim,
            date.fromisoformat(r.last_referral_on) if r.last_referral_on else None,
        )
        for r in (by_id[i] for i in ids if i in by_id)
    )


def _backup(vault: Vault) -> Backup:
    row = vault.conn.execute(
        "SELECT max(at) FROM audit_log WHERE action = 'backup_verified'"
    ).fetchone()
    last = datetime.fromisoformat(row[0].replace("Z", "+00:00")) if row and row[0] else None
    return Backup(last, int(settings_store.get(vault, BACKUP_REMINDER_DAYS)))
