"""Taking access away takes the key away: a switched-off account, or a password that was
reset, no longer opens today's vault, even with a copy of the old key-slot file and the
raw sqlcipher3 and cryptography APIs in the hands of whoever knows the old password."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3

from marac_desk.domain.roles import Role
from marac_desk.errors import NotAVaultError, WrongCredentialsError
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import accounts, audit, backup
from marac_desk.storage.connection import key_pragma, open_vault_file
from marac_desk.storage.vault import Vault, sign_in
from tests.conftest import ADMIN, PASSWORD

COLLEAGUE = "colleague"
THEIR_PASSWORD = "their own long password 7"


def _colleague(vault: Vault, data_dir: Path) -> Vault:
    """A coordinator who has chosen their own password; returns the administrator's vault,
    opened again (one marac-desk at a time: the colleague's sign-in rewrote the slots)."""
    accounts.create_user(
        vault,
        username=COLLEAGUE,
        full_name="A Colleague",
        user_roles=frozenset({Role.COORDINATOR}),
        temporary_password="a temporary long password",
    )
    vault.close(action=None)
    mine = sign_in(data_dir, COLLEAGUE, "a temporary long password")
    accounts.change_own_password(mine, "a temporary long password", THEIR_PASSWORD)
    mine.close(action=None)
    return sign_in(data_dir, ADMIN, PASSWORD)


def _opens_with_old_slots(copy: Path, data_dir: Path, password: str) -> bool:
    """What the insider does: unseal every key the old slot file gives for the password,
    then try each on today's vault.db directly."""
    keys = KeySlots.load(copy).user_keys(COLLEAGUE, password)
    for key in keys:
        try:
            open_vault_file(data_dir / "vault.db", key).close()
        except NotAVaultError:
            continue
        return True
    return False


@pytest.mark.parametrize("how", ["switched_off", "reset"])
def test_the_old_slot_file_and_password_open_nothing_of_today(
    vault: Vault, data_dir: Path, tmp_path: Path, how: str
) -> None:
    vault = _colleague(vault, data_dir)
    copy = tmp_path / "keyslots-copied-earlier.json"
    shutil.copy2(data_dir / "keyslots.json", copy)
    assert _opens_with_old_slots(copy, data_dir, THEIR_PASSWORD)  # the copy works today
    if how == "switched_off":
        accounts.update_user(
            vault,
            COLLEAGUE,
            full_name="A Colleague",
            user_roles=frozenset({Role.COORDINATOR}),
            agency_code=None,
            active=False,
        )
    else:
        accounts.reset_password(vault, COLLEAGUE, "an administrator's temporary one")
    assert not _opens_with_old_slots(copy, data_dir, THEIR_PASSWORD)
    # With the raw library too: the old key reads nothing.
    (old_key,) = KeySlots.load(copy).user_keys(COLLEAGUE, THEIR_PASSWORD)
    raw = sqlcipher3.connect(str(data_dir / "vault.db"))
    raw.execute(key_pragma(old_key))
    with pytest.raises(sqlcipher3.DatabaseError):
        raw.execute("SELECT count(*) FROM users").fetchone()
    raw.close()
    # Everyone else, and the recovery key, go on as before.
    vault.close(action=None)
    sign_in(data_dir, ADMIN, PASSWORD).close(action=None)
    if how == "switched_off":
        with pytest.raises(WrongCredentialsError):
            sign_in(data_dir, COLLEAGUE, THEIR_PASSWORD)
    else:
        sign_in(data_dir, COLLEAGUE, "an administrator's temporary one").close(action=None)


def test_the_backups_made_before_are_named(vault: Vault, data_dir: Path, tmp_path: Path) -> None:
    vault = _colleague(vault, data_dir)
    made = backup.create_backup(vault, tmp_path)
    started = audit.now_iso()
    accounts.reset_password(vault, COLLEAGUE, "an administrator's temporary one")
    (named,) = accounts.backups_made_before(vault, started)
    assert made.path.name in named
    rotated = [e for e in audit.entries(vault.conn) if e.action == "key_rotated"]
    assert rotated[-1].detail["reason"] == f"reset:{COLLEAGUE}"
    vault.close(action=None)
