"""The name index kept inside the vault: read back at unlock, and never behind the record,
whoever changed it and however."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.matching import NameIndex, entry_names, rules_fingerprint
from marac_desk.storage import name_index
from marac_desk.storage.training import make_training_vault
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault, sign_in

NEW_NAME = ("Quartermaine", "Zebedee")


def victims_named(vault: Vault, surname: str, forenames: str) -> set[int]:
    found = name_index.get(vault).search(
        entry_names(surname, forenames, ()), None, roles=frozenset({CaseRole.VICTIM})
    )
    return {c.entry.person_id for c in found if c.match.score >= 90}


def a_victim(vault: Vault) -> tuple[int, int, str, str]:
    person_id, case_id, surname, forenames = vault.conn.execute(
        "SELECT p.id, cp.case_id, p.surname, p.forenames FROM persons p "
        "JOIN case_persons cp ON cp.person_id = p.id WHERE cp.role = 'victim' "
        "ORDER BY p.id LIMIT 1"
    ).fetchone()
    return int(person_id), int(case_id), str(surname), str(forenames)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault = make_training_vault(tmp_path / "vault", 40)
    name_index.get(vault)  # built from the record, and kept
    vault.close(action=None)
    return tmp_path / "vault"


def reopened(folder: Path) -> Vault:
    return sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)


def test_at_unlock_the_kept_index_is_read_back_not_built_again(folder, monkeypatch) -> None:
    def built(_entries: object) -> NameIndex:
        raise AssertionError("the index was built again from every name")

    monkeypatch.setattr(NameIndex, "of_rows", built)
    vault = reopened(folder)
    person_id, _, surname, forenames = a_victim(vault)
    assert person_id in victims_named(vault, surname, forenames)
    vault.close(action=None)


def test_a_change_made_with_sql_is_in_the_next_search_and_the_next_unlock(folder) -> None:
    vault = reopened(folder)
    person_id, case_id, surname, forenames = a_victim(vault)
    assert person_id in victims_named(vault, surname, forenames)
    # Straight to the tables, as a script or another tool would: no service is told.
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE persons SET surname = ?, forenames = ? WHERE id = ?", (*NEW_NAME, person_id)
        )
    assert person_id in victims_named(vault, *NEW_NAME)
    assert person_id not in victims_named(vault, surname, forenames)
    vault.close(action=None)
    vault = reopened(folder)
    assert person_id in victims_named(vault, *NEW_NAME)
    # A case deleted, its people with it; a person linked to another case in a new role.
    other_person, other_case, other_surname, other_forenames = vault.conn.execute(
        "SELECT p.id, cp.case_id, p.surname, p.forenames FROM persons p "
        "JOIN case_persons cp ON cp.person_id = p.id WHERE cp.role = 'victim' AND p.id != ? "
        "ORDER BY p.id LIMIT 1",
        (person_id,),
    ).fetchone()
    with vault.transaction() as conn:
        conn.execute("DELETE FROM case_persons WHERE case_id = ?", (case_id,))
        conn.execute(
            "INSERT INTO case_persons (case_id, person_id, role) VALUES (?, ?, 'victim')",
            (other_case, person_id),
        )
    assert person_id in victims_named(vault, *NEW_NAME)
    entries = name_index.get(vault).people_of_case(other_case)
    assert {e.person_id for e in entries} >= {person_id, other_person}
    assert name_index.get(vault).people_of_case(case_id) == []
    assert other_person in victims_named(vault, other_surname, other_forenames)
    vault.close(action=None)


@pytest.mark.parametrize(
    "kept",
    [
        "UPDATE name_index_kept SET rules = 'rules of an older marac-desk'",
        "UPDATE name_index_kept SET data = 'not json at all'",
        "UPDATE name_index_kept SET data = '{\"format\": 1}'",
        "UPDATE name_index_kept SET data = json_set(data, '$.row_entry[0]', 999999)",
        "UPDATE name_index_kept SET data = json_set(data, '$.entries[0]', json('[1, 2]'))",
        "UPDATE name_index_kept SET data = json_set(data, '$.format', 99)",
        "UPDATE name_index_kept SET data = json_set(data, '$.by_case', json('{\"1\": [99999]}'))",
        "UPDATE name_index_kept SET data = json_set(data, '$.by_sound', json('{\"x\": [\"y\"]}'))",
    ],
)
def test_a_kept_index_of_other_rules_or_that_cannot_be_read_is_built_again(
    folder, kept: str
) -> None:
    vault = reopened(folder)
    with vault.transaction() as conn:
        conn.execute(kept)
    vault.close(action=None)
    vault = reopened(folder)
    person_id, _, surname, forenames = a_victim(vault)
    assert person_id in victims_named(vault, surname, forenames)
    # ... and kept again, sound this time.
    rules, data = vault.conn.execute("SELECT rules, data FROM name_index_kept").fetchone()
    assert rules == rules_fingerprint()
    NameIndex.from_snapshot(json.loads(data))
    vault.close(action=None)


def test_marks_read_at_unlock_are_cleared_once_the_index_is_kept_again(folder, monkeypatch) -> None:
    monkeypatch.setattr(name_index, "_KEEP_AFTER", 50)
    vault = reopened(folder)
    with vault.transaction() as conn:
        conn.execute("UPDATE persons SET updated_at = updated_at")  # every person marked
    marks = vault.conn.execute("SELECT COUNT(*) FROM name_index_marks").fetchone()[0]
    assert marks > name_index._KEEP_AFTER
    vault.close(action=None)
    vault = reopened(folder)
    name_index.get(vault)
    assert vault.conn.execute("SELECT COUNT(*) FROM name_index_marks").fetchone()[0] == 0
    vault.close(action=None)
