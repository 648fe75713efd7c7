"""Who may do what: the three roles and the permissions each holds."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    COORDINATOR = "coordinator"
    AGENCY_REPRESENTATIVE = "agency_representative"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMINISTRATOR: "Administrator",
    Role.COORDINATOR: "Coordinator",
    Role.AGENCY_REPRESENTATIVE: "Agency representative",
}


class Permission(StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_AGENCIES = "manage_agencies"
    CHANGE_SETTINGS = "change_settings"
    BACKUP_RESTORE = "backup_restore"
    ROTATE_KEY = "rotate_key"
    VIEW_AUDIT_LOG = "view_audit_log"
    VERIFY_VAULT = "verify_vault"
    IMPORT_REGISTER = "import_register"
    VIEW_ALL_CASES = "view_all_cases"
    EDIT_CASES = "edit_cases"
    ENTER_OWN_AGENCY_RESEARCH = "enter_own_agency_research"
    UPDATE_OWN_AGENCY_ACTIONS = "update_own_agency_actions"
    EXPORT_MINUTES = "export_minutes"
    MAKE_DATA_RETURN = "make_data_return"  # counts only; the cases behind them need VIEW_ALL_CASES


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.MANAGE_ACCOUNTS,
            Permission.MANAGE_AGENCIES,
            Permission.CHANGE_SETTINGS,
            Permission.BACKUP_RESTORE,
            Permission.ROTATE_KEY,
            Permission.VIEW_AUDIT_LOG,
            Permission.VERIFY_VAULT,
            # Bringing the earlier register in is set-up work, done by either.
            Permission.IMPORT_REGISTER,
            # Administrators export and send the minutes; they need not browse cases.
            Permission.EXPORT_MINUTES,
            # And send the quarterly return, which holds counts, never a case.
            Permission.MAKE_DATA_RETURN,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            Permission.VIEW_ALL_CASES,
            Permission.EDIT_CASES,
            Permission.IMPORT_REGISTER,
            Permission.EXPORT_MINUTES,
            Permission.MAKE_DATA_RETURN,
        }
    ),
    # Bound to one agency: later features scope these to that agency's cases.
    Role.AGENCY_REPRESENTATIVE: frozenset(
        {
            Permission.ENTER_OWN_AGENCY_RESEARCH,
            Permission.UPDATE_OWN_AGENCY_ACTIONS,
        }
    ),
}


def permissions_of(roles: frozenset[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= _GRANTS[role]
    return frozenset(granted)


def may(roles: frozenset[Role], permission: Permission) -> bool:
    return permission in permissions_of(roles)


def role_problems(
    roles: frozenset[Role], agency_code: str | None, *, workspace: bool = False
) -> list[str]:
    """Why this combination of roles cannot be given to one account (empty when it can).

    In a small MARAC the coordinator is also the administrator, so those two combine.
    The MARAC's vault holds no agency representative. An agency workspace holds one
    agency's work only: every account there is that agency's representative, and may
    also administer the workspace; nobody is a coordinator.
    """
    problems: list[str] = []
    if not roles:
        problems.append("Choose at least one role.")
    if workspace:
        if Role.COORDINATOR in roles or Role.AGENCY_REPRESENTATIVE not in roles:
            problems.append("Every account in an agency workspace is an agency representative.")
        if not agency_code:
            problems.append("Choose the agency this representative belongs to.")
        return problems
    if Role.AGENCY_REPRESENTATIVE in roles:
        # Whoever signs in to the MARAC's vault holds its key, and so could read every
        # agency's research with sqlcipher3: a representative works in the agency's own
        # workspace instead, and exchanges sealed files with the MARAC.
        problems.append(
            "Agency representatives no longer have accounts in the MARAC's vault: each "
            "researches in its own agency workspace (marac-desk's 'I research for an "
            "agency'). Record that workspace's key card in the Agency directory instead."
        )
    elif agency_code:
        problems.append("Only an agency representative is bound to an agency.")
    return problems


def parse_roles(text: str) -> frozenset[Role]:
    return frozenset(Role(part) for part in text.split(",") if part)


def format_roles(roles: frozenset[Role]) -> str:
    return ",".join(sorted(role.value for role in roles))
