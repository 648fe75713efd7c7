"""Agency types are the data return's referring-agency categories, kept as data: the
shipped list, an area's own additions, and agencies recorded under the old single
'health' type kept as recorded until an administrator chooses."""

from __future__ import annotations

import pytest

from marac_desk.domain import agency_categories, settings
from marac_desk.domain.agencies import Agency
from marac_desk.errors import ValidationError
from marac_desk.storage import agencies
from marac_desk.storage import settings as settings_store
from marac_desk.storage.vault import Vault, sign_in
from tests.conftest import ADMIN, PASSWORD

OLD_TABLE = """
CREATE TABLE agencies_old (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('police', 'idva', 'health', 'childrens_social_care',
        'adult_social_care', 'housing', 'probation', 'education', 'substance_use',
        'specialist_da', 'other')),
    spoc_name TEXT NOT NULL DEFAULT '', spoc_role TEXT NOT NULL DEFAULT '',
    spoc_email TEXT NOT NULL DEFAULT '', spoc_phone TEXT NOT NULL DEFAULT '',
    isa_signed_on TEXT, isa_review_on TEXT, export_password TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    receives TEXT NOT NULL DEFAULT 'minutes' CHECK (receives IN ('minutes', 'actions')),
    exchange_keys TEXT, key_recorded_at TEXT, key_confirmed_at TEXT,
    key_confirmed_by TEXT NOT NULL DEFAULT ''
) STRICT
"""


def as_schema_15(vault: Vault) -> None:
    """The agency table as schema 15 held it, with the defaults' old 'health' types and
    one health agency an administrator added and named."""
    with vault.transaction() as conn:
        conn.execute(OLD_TABLE)
        conn.execute(
            "UPDATE agencies SET type = 'other' WHERE type NOT IN ('police', 'idva', "
            "'childrens_social_care', 'adult_social_care', 'housing', 'probation', "
            "'education', 'substance_use', 'specialist_da', 'other')"
        )
        conn.execute("INSERT INTO agencies_old SELECT * FROM agencies")
        conn.execute(
            "UPDATE agencies_old SET type = 'health' "
            "WHERE code IN ('HEALTH-ACUTE', 'HEALTH-MH', 'HEALTH-HV', 'GP')"
        )
        conn.execute(
            "INSERT INTO agencies_old (code, name, type, spoc_email, created_at, updated_at) "
            "VALUES ('NHS-NORTH', 'North community health', 'health', 'n@nhs.net', 'x', 'x')"
        )
        conn.execute("DROP TABLE agencies")
        conn.execute("ALTER TABLE agencies_old RENAME TO agencies")
        conn.execute("PRAGMA user_version = 15")


def test_old_health_agencies_migrate_without_a_guess(vault: Vault, data_dir) -> None:
    before = {a.code: a for a in agencies.list_agencies(vault)}
    as_schema_15(vault)
    vault.close(action=None)
    admin = sign_in(data_dir, ADMIN, PASSWORD)
    try:
        after = {a.code: a for a in agencies.list_agencies(admin)}
        assert set(after) == set(before) | {"NHS-NORTH"}
        assert after["HEALTH-ACUTE"].type == "acute_health"
        assert after["HEALTH-MH"].type == "mental_health"
        assert after["GP"].type == "primary_care"
        # Not among the names the migration knows: kept, and the directory asks.
        assert after["HEALTH-HV"].type == "health"
        assert after["NHS-NORTH"].type == "health"
        assert after["NHS-NORTH"].spoc_email == "n@nhs.net"
        known = agencies.categories(admin.conn)
        assert agency_categories.needs_choice("health", known)
        # Other details change while the category waits to be chosen...
        agencies.save(admin, Agency(**{**after["NHS-NORTH"].__dict__, "spoc_name": "Ann"}))
        # ...but no agency moves to it.
        with pytest.raises(ValidationError, match="category"):
            agencies.save(admin, Agency(**{**after["POLICE"].__dict__, "type": "health"}))
        # The new table no longer fixes the list: a local category can be stored.
        settings_store.change(admin, settings.EXTRA_AGENCY_CATEGORIES, "Fire and rescue")
        agencies.save(admin, Agency("FIRE", "Fire and rescue service", "local_fire_and_rescue"))
        assert agencies.get(admin, "FIRE").type == "local_fire_and_rescue"
    finally:
        admin.close(action=None)


def test_an_unknown_category_is_refused(vault: Vault) -> None:
    with pytest.raises(ValidationError, match="category"):
        agencies.save(vault, Agency("FIRE", "Fire service", "fire"))
    assert agencies.get(vault, "FIRE") is None


def test_an_area_category_in_use_cannot_be_removed(vault: Vault) -> None:
    settings_store.change(vault, settings.EXTRA_AGENCY_CATEGORIES, "Fire and rescue\nFaith groups")
    labels = [c.label for c in agencies.categories(vault.conn)]
    assert labels[-2:] == ["Fire and rescue", "Faith groups"]
    agencies.save(vault, Agency("FIRE", "Fire and rescue service", "local_fire_and_rescue"))
    with pytest.raises(ValidationError, match="FIRE"):
        settings_store.change(vault, settings.EXTRA_AGENCY_CATEGORIES, "Faith groups")
    assert "Fire" in settings_store.get(vault, settings.EXTRA_AGENCY_CATEGORIES)
    settings_store.change(vault, settings.EXTRA_AGENCY_CATEGORIES, "Fire and rescue")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Police", "already a category"),
        ("Fire\nfire", "twice"),
        ("123", "needs letters"),
        ("x" * 61, "longer than 60"),
    ],
)
def test_bad_area_categories_are_explained(vault: Vault, typed: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        settings_store.change(vault, settings.EXTRA_AGENCY_CATEGORIES, typed)
    assert settings_store.get(vault, settings.EXTRA_AGENCY_CATEGORIES) == ""


def test_the_shipped_list_has_one_police_category() -> None:
    shipped = agencies.shipped_categories()
    assert [c.key for c in shipped if c.police] == ["police"]
    assert [c.key for c in shipped if c.legacy] == ["health"]
    assert "substance_use" in {c.key for c in agency_categories.offered(shipped)}
