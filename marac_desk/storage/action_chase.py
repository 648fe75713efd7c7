"""Actions to chase between meetings: from the tracker, those overdue by more than the
setting, by owner agency with its single point of contact; the chaser for each, and the
chase recorded in the audit log."""

from __future__ import annotations

from datetime import date

from marac_desk.domain import action_chase as rules
from marac_desk.domain import settings
from marac_desk.domain.action_chase import Contact, Late, LateAction
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import actions, agencies
from marac_desk.storage.actions import ActionRow
from marac_desk.storage.vault import Vault, read_setting


def chase_after_days(vault: Vault) -> int:
    return int(read_setting(vault.conn, settings.ACTION_CHASE_DAYS))


def late(vault: Vault, today: date, tracked: list[ActionRow] | None = None) -> list[Late]:
    """Each agency's outstanding actions overdue by more than the setting (coordinators).
    `tracked`: the tracker's rows when the caller has read them already (Home)."""
    vault.require(Permission.VIEW_ALL_CASES)
    after = chase_after_days(vault)
    found = [
        (
            row.action.owner_agency,
            LateAction(row.action.action_id or 0, row.reference, row.agreed_on, row.action.due_on),
        )
        for row in (actions.tracker(vault) if tracked is None else tracked)
        if row.action.due_on is not None
        and rules.to_chase(row.action.due_on, row.action.status.outstanding, today, after)
    ]
    directory = agencies.list_agencies(vault)
    names = {a.code.upper(): a.name for a in directory}
    contacts = {a.code.upper(): Contact(a.spoc_name, a.spoc_email, a.spoc_phone) for a in directory}
    return rules.late_agencies(found, names, contacts)


def text_for(vault: Vault, found: Late, today: date) -> str:
    return rules.chaser_text(
        found,
        marac_name=str(vault.setting(settings.MARAC_NAME)),
        coordinator=vault.user.full_name,
        today=today,
    )


def record(vault: Vault, chased: list[Late]) -> None:
    """The agencies chased, each with the actions named (their ids, never their words)."""
    vault.require(Permission.VIEW_ALL_CASES)
    if not chased:
        raise ValidationError("Tick the agencies you chased first.")
    with vault.transaction():
        for found in chased:
            vault.audit(
                "actions_chased",
                {"agency": found.agency_code, "actions": [a.action_id for a in found.actions]},
            )
