"""Accounts and roles: permissions are enforced by the services, not the screens."""

from __future__ import annotations

import pytest

from marac_desk.domain.roles import Permission, Role
from marac_desk.errors import PermissionDeniedError, ValidationError, WrongCredentialsError
from marac_desk.storage import accounts, audit, backup, integrity, keyrotation, settings
from marac_desk.storage.cases import register
from marac_desk.storage.vault import sign_in
from tests.conftest import ADMIN, PASSWORD
from tests.storage.test_meetings import legacy_representative

TEMP = "temporary pass 1"


def add(vault, username: str, roles: frozenset[Role], agency: str | None = None) -> None:
    accounts.create_user(
        vault,
        username=username,
        full_name=username.title(),
        user_roles=roles,
        temporary_password=TEMP,
        agency_code=agency,
    )


def test_new_account_must_choose_a_password_first(vault, data_dir) -> None:
    add(vault, "cora", frozenset({Role.COORDINATOR}))
    cora = sign_in(data_dir, "cora", TEMP)
    assert cora.user.must_change_password
    with pytest.raises(PermissionDeniedError, match="new password"):
        register(cora)
    accounts.change_own_password(cora, TEMP, "cora's own password")
    assert not cora.user.must_change_password
    assert register(cora) == []
    cora.close()
    sign_in(data_dir, "cora", "cora's own password").close()


@pytest.mark.parametrize(
    ("roles", "agency", "allowed"),
    [
        (frozenset({Role.COORDINATOR}), None, {Permission.VIEW_ALL_CASES, Permission.EDIT_CASES}),
        (
            frozenset({Role.AGENCY_REPRESENTATIVE}),
            "POLICE",
            {Permission.ENTER_OWN_AGENCY_RESEARCH, Permission.UPDATE_OWN_AGENCY_ACTIONS},
        ),
    ],
)
def test_services_refuse_what_a_role_may_not_do(vault, data_dir, roles, agency, allowed) -> None:
    if Role.AGENCY_REPRESENTATIVE in roles:
        # As vaults held them before agency workspaces: the services refuse them still.
        other = legacy_representative(vault, data_dir, agency, "someone")
    else:
        add(vault, "someone", roles, agency)
        other = sign_in(data_dir, "someone", TEMP)
        accounts.change_own_password(other, TEMP, "their own password")
    calls = {
        Permission.MANAGE_ACCOUNTS: lambda: accounts.list_users(other),
        Permission.CHANGE_SETTINGS: lambda: settings.change(other, "marac.name", "X"),
        Permission.BACKUP_RESTORE: lambda: backup.create_backup(other, data_dir.parent),
        Permission.ROTATE_KEY: lambda: keyrotation.rotate_key(other),
        Permission.VERIFY_VAULT: lambda: integrity.verify(other),
        Permission.VIEW_ALL_CASES: lambda: register(other),
    }
    for permission, call in calls.items():
        if permission in allowed:
            call()
        else:
            with pytest.raises(PermissionDeniedError):
                call()
    other.close()


def test_bad_account_details_change_nothing(vault) -> None:
    before = len(accounts.list_users(vault))
    slots_before = set(vault.slots.users)
    for username, password in (("X", TEMP), ("good.name", "short"), (ADMIN, TEMP)):
        with pytest.raises(ValidationError):
            accounts.create_user(
                vault,
                username=username,
                full_name="Name",
                user_roles=frozenset({Role.COORDINATOR}),
                temporary_password=password,
            )
    assert len(accounts.list_users(vault)) == before
    assert set(vault.slots.users) == slots_before


def test_administrator_resets_a_password(vault, data_dir) -> None:
    add(vault, "cora", frozenset({Role.COORDINATOR}))
    accounts.reset_password(vault, "cora", "another temporary")
    with pytest.raises(WrongCredentialsError):
        sign_in(data_dir, "cora", TEMP)
    cora = sign_in(data_dir, "cora", "another temporary")
    assert cora.user.must_change_password
    cora.close()


def test_switched_off_account_cannot_sign_in(vault, data_dir) -> None:
    add(vault, "cora", frozenset({Role.COORDINATOR}))
    accounts.update_user(
        vault,
        "cora",
        full_name="Cora",
        user_roles=frozenset({Role.COORDINATOR}),
        agency_code=None,
        active=False,
    )
    with pytest.raises(WrongCredentialsError):
        sign_in(data_dir, "cora", TEMP)
    assert "cora" not in vault.slots.users


def test_last_administrator_cannot_be_removed(vault) -> None:
    with pytest.raises(ValidationError, match="your own account"):
        accounts.update_user(
            vault,
            ADMIN,
            full_name="A",
            user_roles=frozenset({Role.ADMINISTRATOR}),
            agency_code=None,
            active=False,
        )
    with pytest.raises(ValidationError, match="last active administrator"):
        accounts.update_user(
            vault,
            ADMIN,
            full_name="A",
            user_roles=frozenset({Role.COORDINATOR}),
            agency_code=None,
            active=True,
        )


def test_own_password_change_needs_the_current_password(vault) -> None:
    with pytest.raises(WrongCredentialsError):
        accounts.change_own_password(vault, "not my password", "a new good password")


def test_account_changes_are_audited(vault) -> None:
    add(vault, "cora", frozenset({Role.COORDINATOR}))
    accounts.reset_password(vault, "cora", "another temporary")
    settings.change(vault, "security.idle_lock_minutes", 10)
    actions = [e.action for e in audit.entries(vault.conn)]
    # A reset changes the vault's key with it (tests/storage/test_revocation.py).
    assert actions[-4:] == ["account_created", "password_reset", "key_rotated", "setting_changed"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("security.idle_lock_minutes", 0),
        ("security.idle_lock_minutes", "5"),
        ("marac.name", "  "),
        ("no.such", 1),
    ],
)
def test_bad_setting_is_refused_and_changes_nothing(vault, key, value) -> None:
    before = settings.all_settings(vault)
    with pytest.raises(ValidationError):
        settings.change(vault, key, value)
    assert settings.all_settings(vault) == before


def test_failed_slot_save_rolls_back_the_account(vault, monkeypatch) -> None:
    def full_disk(path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vault.slots, "save", full_disk)
    with pytest.raises(OSError):
        add(vault, "cora", frozenset({Role.COORDINATOR}))
    monkeypatch.undo()
    assert "cora" not in {u.username for u in accounts.list_users(vault)}
    assert "cora" not in vault.slots.users


def test_a_temporary_password_expires_and_a_reset_renews_it(vault, data_dir) -> None:
    from marac_desk.domain import settings as defs

    add(vault, "cora", frozenset({Role.COORDINATOR}))
    temporary = "cora's first password here"
    accounts.reset_password(vault, "cora", temporary)
    settings.change(vault, defs.TEMPORARY_PASSWORD_HOURS, 24)
    vault.close(action=None)
    sign_in(data_dir, "cora", temporary).close(action=None)  # within its time

    admin = sign_in(data_dir, ADMIN, PASSWORD)
    with admin.transaction() as conn:  # as if set 25 hours ago
        conn.execute(
            "UPDATE users SET temporary_set_at = '2000-01-01T00:00:00.000000Z' "
            "WHERE username = 'cora'"
        )
    admin.close(action=None)
    with pytest.raises(WrongCredentialsError, match=r"expired.*lasts 24 hours"):
        sign_in(data_dir, "cora", temporary)

    admin = sign_in(data_dir, ADMIN, PASSWORD)
    accounts.reset_password(admin, "cora", "a second temporary password")
    admin.close(action=None)
    mine = sign_in(data_dir, "cora", "a second temporary password")
    accounts.change_own_password(mine, "a second temporary password", "cora's own good phrase")
    mine.close(action=None)
    # Her own password never expires.
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    with admin.transaction() as conn:
        row = conn.execute("SELECT temporary_set_at FROM users WHERE username = 'cora'").fetchone()
    admin.close(action=None)
    assert row[0] is None
