"""Accounts and roles are signed by the administrators' key, which coordinators' slots do
not hold: a coordinator who changes `users` with the raw sqlcipher3 API cannot make the
app obey it, cannot open the key with their own credentials, and an administrator who
loses the role loses the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3

from marac_desk.domain.roles import Role
from marac_desk.security import accounts_key, sealing
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import accounts, audit, integrity, signed_accounts
from marac_desk.storage.connection import key_pragma
from marac_desk.storage.vault import Vault, sign_in
from tests.conftest import ADMIN, PASSWORD

CORA_PASSWORD = "cora's own long password"


def coordinator(vault: Vault, data_dir: Path, name: str = "cora") -> Vault:
    """A coordinator with her own password; the administrator's vault, opened again (her
    sign-in rewrote the slots)."""
    accounts.create_user(
        vault,
        username=name,
        full_name="Cora Coordinator",
        user_roles=frozenset({Role.COORDINATOR}),
        temporary_password="a temporary long password",
    )
    vault.close(action=None)
    mine = sign_in(data_dir, name, "a temporary long password")
    accounts.change_own_password(mine, "a temporary long password", CORA_PASSWORD)
    mine.close(action=None)
    return sign_in(data_dir, ADMIN, PASSWORD)


def raw_sql(data_dir: Path, key: bytes, statement: str, params: tuple = ()) -> None:
    raw = sqlcipher3.connect(str(data_dir / "vault.db"))
    raw.execute(key_pragma(key))
    raw.execute(statement, params)
    raw.commit()
    raw.close()


def cora_key(data_dir: Path) -> tuple[bytes, bytes]:
    """What the coordinator's own credentials give: the vault key and her private key."""
    (key,), private = KeySlots.load(data_dir / "keyslots.json").unlock("cora", CORA_PASSWORD)
    return key, private


@pytest.mark.parametrize(
    "tamper",
    [
        ("UPDATE users SET roles = 'administrator,coordinator' WHERE username = 'cora'", ()),
        (
            "INSERT INTO users (username, full_name, roles, created_at, updated_at) "
            "VALUES ('mallory', 'M', 'administrator', 'x', 'x')",
            (),
        ),
        ("UPDATE users SET active = 1 WHERE username = 'gone'", ()),
    ],
    ids=["role added", "account added", "switched back on"],
)
def test_accounts_changed_with_sql_are_refused_not_obeyed(vault, data_dir, tamper) -> None:
    vault = coordinator(vault, data_dir)
    vault = coordinator(vault, data_dir, "gone")
    accounts.update_user(
        vault,
        "gone",
        full_name="Gone",
        user_roles=frozenset({Role.COORDINATOR}),
        agency_code=None,
        active=False,
    )
    vault.close(action=None)
    key, _ = cora_key(data_dir)
    raw_sql(data_dir, key, *tamper)
    with pytest.raises(signed_accounts.AccountsChangedError, match="review the accounts"):
        sign_in(data_dir, "cora", CORA_PASSWORD)
    admin = sign_in(data_dir, ADMIN, PASSWORD)  # an administrator is let in to review
    try:
        assert any("changed outside marac-desk" in n for n in admin.notices)
        assert audit.entries(admin.conn, action="accounts_signature_mismatch")
        report = integrity.verify(admin)
        assert not report.ok and report.accounts
        # The review: the administrator puts the account right, which signs the list.
        accounts.update_user(
            admin,
            "cora",
            full_name="Cora Coordinator",
            user_roles=frozenset({Role.COORDINATOR}),
            agency_code=None,
            active=True,
        )
        assert integrity.verify(admin).accounts == []
    finally:
        admin.close(action=None)


def test_a_coordinator_cannot_open_the_administrators_key(vault, data_dir) -> None:
    vault = coordinator(vault, data_dir)
    vault.close(action=None)
    _, private = cora_key(data_dir)
    slots = KeySlots.load(data_dir / "keyslots.json")
    assert slots.accounts_key is not None and "user:cora" not in slots.accounts_key.sealed
    for recipient, sealed in slots.accounts_key.sealed.items():
        for aad in (recipient, f"accounts-key:{recipient}", "accounts-key:user:cora"):
            with pytest.raises(sealing.UnsealError):
                sealing.unseal(sealed, private, f"marac-desk|{slots.vault_id}|{aad}".encode())


def test_losing_the_administrator_role_loses_the_key(vault, data_dir, tmp_path) -> None:
    accounts.create_user(
        vault,
        username="ann",
        full_name="Ann Second Admin",
        user_roles=frozenset({Role.ADMINISTRATOR}),
        temporary_password="ann's temporary long password 9",
    )
    vault.close(action=None)
    ann = sign_in(data_dir, "ann", "ann's temporary long password 9")
    accounts.change_own_password(
        ann, "ann's temporary long password 9", "ann's own password is long 4"
    )
    assert ann.accounts_seed is not None
    old_seed = ann.accounts_seed
    ann.close(action=None)
    copy = tmp_path / "keyslots-before.json"
    shutil.copy2(data_dir / "keyslots.json", copy)
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    accounts.update_user(
        admin,
        "ann",
        full_name="Ann",
        user_roles=frozenset({Role.COORDINATOR}),
        agency_code=None,
        active=True,
    )
    new_public = admin.slots.accounts_key.public
    assert new_public != accounts_key.public_of(old_seed)
    assert "user:ann" not in admin.slots.accounts_key.sealed
    assert audit.entries(admin.conn, action="accounts_key_rotated")
    rows = signed_accounts.rows(admin.conn)
    admin.close(action=None)
    # With the old key she kept, Ann signs herself administrator again: refused.
    (key,), _ = KeySlots.load(data_dir / "keyslots.json").unlock(
        "ann", "ann's own password is long 4"
    )
    raw_sql(data_dir, key, "UPDATE users SET roles = 'administrator' WHERE username = 'ann'")
    forged = [
        accounts_key.AccountRow(
            r.user_id,
            r.username,
            "administrator" if r.username == "ann" else r.roles,
            r.agency_code,
            r.active,
        )
        for r in rows
    ]
    import base64

    signature = accounts_key.sign(old_seed, accounts_key.content(admin.slots.vault_id, forged))
    raw_sql(
        data_dir,
        key,
        "UPDATE meta SET value = ? WHERE key = 'accounts.signature'",
        (base64.b64encode(signature).decode(),),
    )
    with pytest.raises(signed_accounts.AccountsChangedError):
        sign_in(data_dir, "ann", "ann's own password is long 4")


def test_a_vault_made_before_signing_gets_its_key_from_an_administrator(vault, data_dir) -> None:
    vault = coordinator(vault, data_dir)
    vault.close(action=None)
    key, _ = cora_key(data_dir)
    slots = KeySlots.load(data_dir / "keyslots.json")
    slots.accounts_key = None
    slots.set_password(ADMIN, PASSWORD, key)  # a slot as vaults made before held it
    slots.save(data_dir / "keyslots.json")
    raw_sql(data_dir, key, "DELETE FROM meta WHERE key = 'accounts.signature'")
    sign_in(data_dir, "cora", CORA_PASSWORD).close(action=None)  # nothing to check yet
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    assert admin.slots.accounts_key is not None and admin.accounts_seed is not None
    assert audit.entries(admin.conn, action="accounts_key_created")
    # The administrator's slot is bound to the key from now on.
    assert admin.slots.users[ADMIN].bound_to == admin.slots.accounts_key.public
    admin.close(action=None)
    sign_in(data_dir, "cora", CORA_PASSWORD).close(action=None)


def test_a_remembered_key_falls_back_to_the_password_when_accounts_were_changed(
    vault, data_dir
) -> None:
    from marac_desk.storage.vault import open_remembered

    vault = coordinator(vault, data_dir)
    assert vault.remember_key()
    key = vault.key
    vault.close(action=None)
    raw_sql(data_dir, key, "UPDATE users SET roles = 'administrator' WHERE username = 'cora'")
    assert open_remembered(data_dir) is None  # the sign-in screen, not a crash
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    assert any("changed outside marac-desk" in n for n in admin.notices)
    admin.close(action=None)


def test_an_administrators_key_removed_or_replaced_in_the_slot_file_is_noticed(
    vault, data_dir
) -> None:
    """The downgrade: a coordinator changes a role, then strips the administrators' key
    and the signature so the vault looks as if made before signing. The administrator's
    own slot names the key it was given, so their sign-in says so and signs nothing."""
    vault = coordinator(vault, data_dir)
    vault.close(action=None)
    key, _ = cora_key(data_dir)
    raw_sql(data_dir, key, "UPDATE users SET roles = 'administrator' WHERE username = 'cora'")
    raw_sql(data_dir, key, "DELETE FROM meta WHERE key = 'accounts.signature'")
    slots = KeySlots.load(data_dir / "keyslots.json")
    for replaced in (None, "own key"):
        if replaced is None:
            slots.accounts_key = None
        else:  # or a key of the coordinator's own, sealed to the administrator too
            seed = accounts_key.new_seed()
            slots.set_accounts_key(seed, ["admin", "cora"], accounts_key.public_of(seed))
        slots.save(data_dir / "keyslots.json")
        admin = sign_in(data_dir, ADMIN, PASSWORD)
        try:
            assert any("not the one your account was given" in n for n in admin.notices)
            assert admin.accounts_seed is None
            assert audit.entries(admin.conn, action="accounts_key_replaced")
            with pytest.raises(Exception, match="administrators' key"):
                accounts.reset_password(admin, "cora", "another temporary long one")
        finally:
            admin.close(action=None)
