"""Agencies' minutes passwords are sealed in the vault like keys: the vault key alone (a
copy from a computer's keychain) reads only sealed text, a switched-off account's old
slot opens nothing of them, and they are opened for the export and the administrator."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlcipher3

from marac_desk.domain.roles import Role
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import accounts, agencies, audit, distribution, minutes_passwords
from marac_desk.storage.connection import key_pragma
from marac_desk.storage.vault import sign_in
from tests.conftest import ADMIN, PASSWORD

SECRET = "Police minutes 2026!"


def stored(data_dir, key: bytes) -> str:
    raw = sqlcipher3.connect(str(data_dir / "vault.db"))
    raw.execute(key_pragma(key))
    (value,) = raw.execute("SELECT export_password FROM agencies WHERE code = 'POLICE'").fetchone()
    raw.close()
    return str(value)


def set_password(vault) -> None:
    police = agencies.get(vault, "POLICE")
    agencies.save(vault, replace(police, export_password=SECRET))


def test_the_vault_key_alone_reads_only_sealed_text(vault, data_dir) -> None:
    set_password(vault)
    key = vault.key
    assert agencies.get(vault, "POLICE").export_password == SECRET  # the administrator
    assert distribution.export_password(vault, "POLICE") == SECRET  # the export
    vault.close(action=None)
    value = stored(data_dir, key)
    assert value.startswith(minutes_passwords.PREFIX) and SECRET not in value


def test_a_remembered_key_does_not_open_them(vault, data_dir) -> None:
    set_password(vault)
    vault.passwords_key = None  # as after a start with a key remembered on this computer
    police = agencies.get(vault, "POLICE")
    assert police.export_password == "" and police.export_password_set
    with pytest.raises(minutes_passwords.PasswordKeyMissingError, match="sign in with your"):
        distribution.export_password(vault, "POLICE")
    # Other changes keep the password as it was.
    agencies.save(vault, replace(police, spoc_name="DS Ray"))
    vault.close(action=None)
    again = sign_in(data_dir, ADMIN, PASSWORD)
    assert agencies.get(again, "POLICE").export_password == SECRET
    again.close(action=None)


def test_passwords_from_before_are_sealed_at_the_next_sign_in(vault, data_dir) -> None:
    key = vault.key
    vault.close(action=None)
    slots = KeySlots.load(data_dir / "keyslots.json")
    slots.passwords_key = None
    slots.save(data_dir / "keyslots.json")
    raw = sqlcipher3.connect(str(data_dir / "vault.db"))
    raw.execute(key_pragma(key))
    raw.execute("UPDATE agencies SET export_password = ? WHERE code = 'POLICE'", (SECRET,))
    raw.commit()
    raw.close()
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    assert audit.entries(admin.conn, action="minutes_passwords_sealed")
    assert distribution.export_password(admin, "POLICE") == SECRET
    key = admin.key
    admin.close(action=None)
    assert stored(data_dir, key).startswith(minutes_passwords.PREFIX)


def test_a_switched_off_account_keeps_nothing_of_them(vault, data_dir, tmp_path) -> None:
    set_password(vault)
    accounts.create_user(
        vault,
        username="cora",
        full_name="Cora",
        user_roles=frozenset({Role.COORDINATOR}),
        temporary_password="a temporary long password",
    )
    vault.close(action=None)
    cora = sign_in(data_dir, "cora", "a temporary long password")
    assert cora.passwords_key is not None
    old_passwords_key = cora.passwords_key
    cora.close(action=None)
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    accounts.update_user(
        admin,
        "cora",
        full_name="Cora",
        user_roles=frozenset({Role.COORDINATOR}),
        agency_code=None,
        active=False,
    )
    key = admin.key
    assert distribution.export_password(admin, "POLICE") == SECRET
    admin.close(action=None)
    raw = sqlcipher3.connect(str(data_dir / "vault.db"))
    raw.execute(key_pragma(key))
    police_id, value = raw.execute(
        "SELECT id, export_password FROM agencies WHERE code = 'POLICE'"
    ).fetchone()
    raw.close()
    with pytest.raises(Exception, match="cannot be opened"):
        minutes_passwords.open_stored(
            old_passwords_key, KeySlots.load(data_dir / "keyslots.json").vault_id, police_id, value
        )
