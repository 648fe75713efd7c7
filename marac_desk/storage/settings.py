"""Reading and changing settings, with validation and an audit entry per change."""

from __future__ import annotations

from typing import Any

from marac_desk.domain import agency_categories, settings
from marac_desk.domain.criteria import RuleSettings
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import checklists
from marac_desk.storage.vault import Vault, read_setting, write_setting


def get(vault: Vault, key: str) -> Any:
    return read_setting(vault.conn, key)


def all_settings(vault: Vault) -> dict[str, Any]:
    return {key: read_setting(vault.conn, key) for key in settings.DEFINITIONS}


def change(vault: Vault, key: str, value: Any) -> bool:
    """Validate and store a setting; True when it actually changed."""
    vault.require(Permission.CHANGE_SETTINGS)
    if isinstance(value, str):
        value = value.strip()
    problem = settings.problem(key, value)
    if problem:
        raise ValidationError(problem)
    if key == settings.DASH_CHECKLIST and value not in checklists.available(vault.conn):
        raise ValidationError(
            f"There is no risk checklist {value} in this vault: add its file first."
        )
    if key == settings.EXTRA_AGENCY_CATEGORIES:
        from marac_desk.storage import agencies

        found = agency_categories.extra_problem(value, agencies.shipped_categories())
        if found:
            raise ValidationError(found)
        _refuse_removing_used_category(vault, value)
    old = read_setting(vault.conn, key)
    if old == value:
        return False
    with vault.transaction() as conn:
        write_setting(conn, key, value, vault.actor)
        vault.audit("setting_changed", {"setting": key, "from": old, "to": value})
    if key == settings.ALLOW_REMEMBER and not value:
        # Off from now: this computer's keychain lets go of the key at once; other
        # computers' do at their next start (storage.vault.open_remembered).
        vault.forget_key()
    return True


def _refuse_removing_used_category(vault: Vault, extra: str) -> None:
    """An area's category stays while an agency is recorded under it: removing it would
    leave that agency's referrals counted under nothing."""
    kept = {agency_categories.local_key(line) for line in agency_categories.extra_lines(extra)}
    rows = vault.conn.execute(
        "SELECT code, type FROM agencies WHERE type LIKE 'local\\_%' ESCAPE '\\' ORDER BY code"
    ).fetchall()
    orphaned = [str(code) for code, kind in rows if kind not in kept]
    if orphaned:
        raise ValidationError(
            f"{', '.join(orphaned)} {'is' if len(orphaned) == 1 else 'are'} recorded under a "
            "category this change removes: give them another category in the agency "
            "directory first."
        )


def rules(vault: Vault) -> RuleSettings:
    """The referral rules as this MARAC has set them."""
    conn = vault.conn
    return RuleSettings(
        dash_threshold=int(read_setting(conn, settings.DASH_THRESHOLD)),
        escalation_incidents=int(read_setting(conn, settings.ESCALATION_INCIDENTS)),
        escalation_months=int(read_setting(conn, settings.ESCALATION_MONTHS)),
        repeat_months=int(read_setting(conn, settings.REPEAT_MONTHS)),
        minimum_age=int(read_setting(conn, settings.MINIMUM_AGE)),
    )
