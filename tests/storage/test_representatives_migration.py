"""Schema 11 takes agency representatives out of the MARAC's vault: their accounts are
switched off, their key slots go and the key is replaced at the next sign-in, the next
administrator is told what replaced them, and their drafts go out with the agency's
next research request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3

from marac_desk.domain.research import Item, ItemKind, Known, PersonResearch, ReturnContent
from marac_desk.errors import ValidationError, WrongCredentialsError
from marac_desk.exchange import research_exchange, workspace
from marac_desk.security.keyslots import KeySlots
from marac_desk.storage import audit, case_file, research_drafts
from marac_desk.storage.connection import key_pragma
from marac_desk.storage.vault import Vault, sign_in
from tests.conftest import ADMIN, PASSWORD
from tests.fixtures.exchange_parties import introduce, new_workspace
from tests.storage.test_meetings import legacy_representative
from tests.storage.test_research import planned_meeting

SCHEMA_11_TABLES = (
    "exchange_identity",
    "exchange_received",
    "exchange_sent",
    "workspace",
    "workspace_requests",
    "workspace_research",
    "workspace_actions",
)
SCHEMA_11_COLUMNS = {
    "agencies": ("exchange_keys", "key_recorded_at", "key_confirmed_at", "key_confirmed_by"),
    "research_packs": ("form", "file_id"),
}


def as_schema_10(vault: Vault) -> None:
    """Put the vault back to what schema 10 held, as a vault made before agency workspaces
    would be, so that the real migration runs on it at the next sign-in."""
    with vault.transaction() as conn:
        conn.execute("DROP TABLE name_index_kept")  # schema 15, with its triggers
        conn.execute("DROP TABLE name_index_marks")
        for trigger in ("person_linked", "person_unlinked", "link_changed", "person_changed"):
            conn.execute(f"DROP TRIGGER name_index_{trigger}")
        conn.execute("DROP TABLE research_chases")  # schema 14
        conn.execute("DROP TABLE agenda_breaks")  # schema 13
        conn.execute("ALTER TABLE research_packs DROP COLUMN deadline")  # schema 12
        for table in SCHEMA_11_TABLES:
            conn.execute(f"DROP TABLE {table}")
        for table, names in SCHEMA_11_COLUMNS.items():
            for name in names:
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
        conn.execute("PRAGMA user_version = 10")


def test_representatives_are_switched_off_and_their_key_taken(vault, data_dir, tmp_path) -> None:
    meeting, (case_id, _) = planned_meeting(vault)
    rep = legacy_representative(vault, data_dir, "HOUSING")
    person = case_file.people(rep.conn, case_id)[0].person_id
    typed = ReturnContent(
        (PersonResearch(person, Known.YES, (Item(ItemKind.SHARE, "Rent arrears since May"),)),)
    )
    research_drafts.save_draft(rep, meeting, case_id, "HOUSING", typed)
    rep.close(action=None)
    old_slots = tmp_path / "keyslots-before.json"
    shutil.copy2(data_dir / "keyslots.json", old_slots)
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    as_schema_10(admin)
    admin.close(action=None)

    admin = sign_in(data_dir, ADMIN, PASSWORD)  # migrates to 11, then finishes it
    try:
        assert any("rep (HOUSING)" in n and "agency workspace" in n for n in admin.notices)
        assert "rep" not in admin.slots.users
        assert audit.entries(admin.conn, action="representative_accounts_switched_off")
        assert audit.entries(admin.conn, action="key_rotated")[-1].detail["reason"] == (
            "representatives_switched_off"
        )
        # The representative's old slot file and password open nothing of today's vault.
        (old_key,) = KeySlots.load(old_slots).user_keys("rep", "rep own password")
        raw = sqlcipher3.connect(str(data_dir / "vault.db"))
        raw.execute(key_pragma(old_key))
        with pytest.raises(sqlcipher3.DatabaseError):
            raw.execute("SELECT count(*) FROM users").fetchone()
        raw.close()
        # Their draft goes out filled in with the agency's first request.
        housing = new_workspace(tmp_path / "housing", "HOUSING")
        introduce(admin, housing)
        (tmp_path / "out").mkdir()
        made = research_exchange.make_request(admin, meeting, "HOUSING", tmp_path / "out")
        request_id = workspace.open_request(housing, made.path.read_bytes(), made.path.name)
        _, entered = workspace.load_request(housing, request_id)
        assert entered[case_id] == typed
        housing.close(action=None)
    finally:
        admin.close(action=None)
    with pytest.raises(WrongCredentialsError):
        sign_in(data_dir, "rep", "rep own password")
    # Told once: the next sign-in carries no notice.
    again = sign_in(data_dir, ADMIN, PASSWORD)
    assert not any("agency workspace" in n for n in again.notices)
    again.close(action=None)


def test_no_representative_account_can_be_made_in_the_marac_vault(vault) -> None:
    from marac_desk.domain.roles import Role
    from marac_desk.storage import accounts

    with pytest.raises(ValidationError, match="own agency workspace"):
        accounts.create_user(
            vault,
            username="newrep",
            full_name="New Rep",
            user_roles=frozenset({Role.AGENCY_REPRESENTATIVE}),
            temporary_password="temporary pass 1",
            agency_code="POLICE",
        )


def test_a_vault_without_representatives_is_not_rekeyed(data_dir: Path) -> None:
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    as_schema_10(admin)
    admin.close(action=None)
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    assert not audit.entries(admin.conn, action="key_rotated")
    assert not admin.notices
    admin.close(action=None)
