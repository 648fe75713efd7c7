"""Actions in the vault: agreed at a meeting, reviewed at later ones, and updated by their
owner agency between meetings. An agency representative sees and updates only the
actions their own agency owns; the services check this, whatever the screen shows."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from marac_desk.domain.actions import Action, ActionStatus, action_problems, update_problems
from marac_desk.domain.roles import Permission
from marac_desk.errors import PermissionDeniedError, ValidationError
from marac_desk.storage import audit, meetings
from marac_desk.storage.conference import amending, next_position, record_amendment, touch
from marac_desk.storage.connection import Connection, insert
from marac_desk.storage.research import directory, on_agenda, own_agency
from marac_desk.storage.vault import Vault

_COLUMNS = "x.id, x.text, x.owner_agency, x.owner_name, x.due_on, x.status, x.status_note"


def _action(row: tuple[Any, ...]) -> Action:
    return Action(
        text=row[1],
        owner_agency=row[2].upper(),
        owner_name=row[3],
        due_on=date.fromisoformat(row[4]) if row[4] else None,
        status=ActionStatus(row[5]),
        status_note=row[6],
        action_id=int(row[0]),
    )


def for_case(conn: Connection, meeting_id: int, case_id: int) -> list[Action]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM actions x WHERE meeting_id = ? AND case_id = ? "
        "ORDER BY position, id",
        (meeting_id, case_id),
    )
    return [_action(r) for r in rows]


def for_meeting(conn: Connection, meeting_id: int) -> list[tuple[int, Action]]:
    """(case id, action) for every action agreed at the meeting, in agenda order."""
    rows = conn.execute(
        f"SELECT x.case_id, {_COLUMNS} FROM actions x LEFT JOIN agenda_items a "
        "ON a.meeting_id = x.meeting_id AND a.case_id = x.case_id WHERE x.meeting_id = ? "
        "ORDER BY a.position, x.position, x.id",
        (meeting_id,),
    )
    return [(int(r[0]), _action(r[1:])) for r in rows]


def _clean(action: Action) -> Action:
    return Action(
        text=action.text.strip(),
        owner_agency=action.owner_agency.strip().upper(),
        owner_name=action.owner_name.strip(),
        due_on=action.due_on,
        status=action.status,
        status_note=action.status_note.strip(),
        action_id=action.action_id,
    )


def _values(action: Action) -> tuple[Any, ...]:
    due = action.due_on.isoformat() if action.due_on else None
    return (action.text, action.owner_agency, action.owner_name, due)


def save(
    vault: Vault, meeting_id: int, case_id: int, action: Action, reason: str | None = None
) -> int:
    """Agree a new action (no id) or change one agreed at this meeting; its id. Gaps (no
    owner, no date) are allowed here and listed by the close check."""
    vault.require(Permission.EDIT_CASES)
    action = _clean(action)
    problems = action_problems(action, directory(vault.conn))
    if problems:
        raise ValidationError(" ".join(problems))
    now = audit.now_iso()
    with vault.transaction() as conn:
        amended = amending(conn, meeting_id, reason)
        on_agenda(conn, meeting_id, case_id)
        before: Action | None = None
        if action.action_id is None:
            position = next_position(conn, "actions", meeting_id, case_id)
            action_id = insert(
                conn,
                "INSERT INTO actions (meeting_id, case_id, text, owner_agency, owner_name, "
                "due_on, position, created_at, created_by, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (meeting_id, case_id, *_values(action), position, now, vault.actor, now),
            )
            event = "action_created"
        else:
            action_id = action.action_id
            before = next(
                (a for a in for_case(conn, meeting_id, case_id) if a.action_id == action_id), None
            )
            if before is None:
                raise ValidationError("That action is not in this case's record.")
            conn.execute(
                "UPDATE actions SET text = ?, owner_agency = ?, owner_name = ?, due_on = ?, "
                "updated_at = ? WHERE id = ?",
                (*_values(action), now, action_id),
            )
            event = "action_changed"
        if amended is not None:
            record_amendment(
                vault,
                conn,
                meeting_id,
                case_id,
                "Action",
                asdict(before) if before else None,
                asdict(Action(**{**asdict(action), "action_id": action_id})),
                amended,
            )
        vault.audit(
            event,
            {
                "meeting_id": meeting_id,
                "case_id": case_id,
                "action_id": action_id,
                "owner_agency": action.owner_agency,
                "due_on": action.due_on.isoformat() if action.due_on else None,
            },
        )
        touch(conn, meeting_id)
    return action_id


def remove(vault: Vault, meeting_id: int, case_id: int, action_id: int) -> None:
    """Take back an action typed in error while the meeting is open. Once the meeting is
    closed an action is never removed: mark it no longer required instead."""
    vault.require(Permission.EDIT_CASES)
    with vault.transaction() as conn:
        if meetings.read(conn, meeting_id).closed:
            raise ValidationError(
                "This meeting is closed: mark the action “No longer required” instead."
            )
        gone = conn.execute(
            "DELETE FROM actions WHERE id = ? AND meeting_id = ? AND case_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM action_updates u WHERE u.action_id = actions.id)",
            (action_id, meeting_id, case_id),
        ).rowcount
        if not gone:
            raise ValidationError("That action has been updated since, so it stays on record.")
        vault.audit(
            "action_removed", {"meeting_id": meeting_id, "case_id": case_id, "action_id": action_id}
        )
        touch(conn, meeting_id)


# -- progress: reviews at meetings, and updates between them ---------------------------


def _owner(conn: Connection, action_id: int) -> str:
    row = conn.execute("SELECT owner_agency FROM actions WHERE id = ?", (action_id,)).fetchone()
    if row is None:
        raise ValidationError("That action is no longer in the vault.")
    return str(row[0]).upper()


def _require_update(vault: Vault, owner: str) -> None:
    if vault.may(Permission.EDIT_CASES):
        return
    vault.require(Permission.UPDATE_OWN_AGENCY_ACTIONS)
    if own_agency(vault) != owner or not owner:
        raise PermissionDeniedError("You can only update your own agency's actions.")


def update_status(
    vault: Vault,
    action_id: int,
    status: ActionStatus,
    note: str,
    at_meeting: int | None = None,
) -> None:
    """Record how an action went, with a note; kept as one line of its history.
    `at_meeting`: the meeting whose review of outstanding actions records it."""
    problems = update_problems(status, note)
    if problems:
        raise ValidationError(" ".join(problems))
    with vault.transaction() as conn:
        owner = _owner(conn, action_id)
        _require_update(vault, owner)
        if at_meeting is not None:
            if not vault.may(Permission.EDIT_CASES):
                raise PermissionDeniedError("Only the coordinator records the meeting's review.")
            amending(conn, at_meeting, None)
        now = audit.now_iso()
        conn.execute(
            "UPDATE actions SET status = ?, status_note = ?, updated_at = ? WHERE id = ?",
            (status.value, note.strip(), now, action_id),
        )
        conn.execute(
            "INSERT INTO action_updates (action_id, meeting_id, status, note, at, by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (action_id, at_meeting, status.value, note.strip(), now, vault.actor),
        )
        case_id = conn.execute("SELECT case_id FROM actions WHERE id = ?", (action_id,)).fetchone()
        vault.audit(
            "action_status_changed",
            {
                "action_id": action_id,
                "case_id": int(case_id[0]),
                "status": status.value,
                "meeting_id": at_meeting,
                "owner_agency": owner,
            },
        )
        if at_meeting is not None:
            touch(conn, at_meeting)


@dataclass(frozen=True)
class ActionRow:
    """An action with where it came from, for the review and the tracker."""

    action: Action
    case_id: int
    reference: str
    victim: str
    agreed_on: date  # the meeting that agreed it
    reviewed_at: int | None = None  # the meeting whose review last recorded it, if any

    def overdue(self, today: date) -> bool:
        return self.action.overdue(today)


_ROW_SQL = (
    f"SELECT {_COLUMNS}, x.case_id, c.reference, "
    "coalesce((SELECT name_upper(p.surname) || ', ' || p.forenames FROM case_persons cp "
    "  JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = c.id "
    "  AND cp.role = 'victim' LIMIT 1), ''), m.meeting_date, "
    "(SELECT u.meeting_id FROM action_updates u WHERE u.action_id = x.id "
    "  ORDER BY u.id DESC LIMIT 1) "
    "FROM actions x JOIN cases c ON c.id = x.case_id JOIN meetings m ON m.id = x.meeting_id "
)


def _rows(conn: Connection, where: str, params: tuple[Any, ...]) -> list[ActionRow]:
    rows = conn.execute(
        _ROW_SQL + where + " ORDER BY x.due_on IS NULL, x.due_on, c.reference, x.id", params
    )
    return [
        ActionRow(
            _action(r[:7]),
            int(r[7]),
            r[8],
            r[9].strip(", "),
            date.fromisoformat(r[10]),
            None if r[11] is None else int(r[11]),
        )
        for r in rows
    ]


def for_review(vault: Vault, meeting_id: int) -> list[ActionRow]:
    """Actions agreed at earlier meetings that are still outstanding, with those already
    reviewed at this meeting (so a review in progress keeps its lines)."""
    vault.require(Permission.VIEW_ALL_CASES)
    return review_rows(vault.conn, meeting_id)


def review_rows(conn: Connection, meeting_id: int) -> list[ActionRow]:
    """`for_review`, for services that checked the caller."""
    day = conn.execute("SELECT meeting_date FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    if day is None:
        raise ValidationError("That meeting is no longer in the vault.")
    statuses = ("open", "in_progress", "not_completed")
    return _rows(
        conn,
        "WHERE m.meeting_date < ? AND (x.status IN (?, ?, ?) OR EXISTS (SELECT 1 FROM "
        "action_updates u WHERE u.action_id = x.id AND u.meeting_id = ?))",
        (day[0], *statuses, meeting_id),
    )


def tracker(vault: Vault, *, outstanding_only: bool = True) -> list[ActionRow]:
    """Every action (or only those outstanding), soonest due first. A representative
    gets only their own agency's."""
    where = "WHERE 1 = 1"
    params: tuple[Any, ...] = ()
    if not vault.may(Permission.VIEW_ALL_CASES):
        vault.require(Permission.UPDATE_OWN_AGENCY_ACTIONS)
        agency = own_agency(vault)
        if agency is None:
            return []
        where += " AND x.owner_agency = ?"
        params += (agency,)
    if outstanding_only:
        where += " AND x.status IN ('open', 'in_progress', 'not_completed')"
    return _rows(vault.conn, where, params)


def outstanding_for(conn: Connection, agency_code: str) -> list[ActionRow]:
    """One agency's outstanding actions, soonest due first: for services that checked the
    caller (an action plan sent to the agency)."""
    return _rows(
        conn,
        "WHERE x.owner_agency = ? AND x.status IN ('open', 'in_progress', 'not_completed')",
        (agency_code,),
    )


@dataclass(frozen=True)
class Update:
    at: str
    by: str
    status: ActionStatus
    note: str
    at_meeting: bool


def updates(vault: Vault, action_id: int) -> list[Update]:
    """An action's history of status changes, oldest first (same rule as the tracker)."""
    conn = vault.conn
    owner = _owner(conn, action_id)
    if not vault.may(Permission.VIEW_ALL_CASES):
        _require_update(vault, owner)
    rows = conn.execute(
        "SELECT at, by, status, note, meeting_id FROM action_updates WHERE action_id = ? "
        "ORDER BY id",
        (action_id,),
    )
    return [Update(r[0], r[1], ActionStatus(r[2]), r[3], r[4] is not None) for r in rows]


def earlier(conn: Connection, case_ids: list[int], before: date) -> list[ActionRow]:
    """Actions agreed for these cases at meetings before `before`: the summary's history."""
    if not case_ids:
        return []
    marks = ", ".join("?" for _ in case_ids)
    return _rows(
        conn,
        f"WHERE x.case_id IN ({marks}) AND m.meeting_date < ?",
        (*case_ids, before.isoformat()),
    )
