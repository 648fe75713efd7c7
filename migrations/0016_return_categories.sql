-- marac-desk schema 16: agency types become the data return's referring-agency
-- categories, kept as data (resources/agency_categories.json plus an area's own), so the
-- table no longer fixes the list. SQLite cannot drop a CHECK, so the table is rebuilt;
-- no table refers to agencies by id (referrals, accounts and logs name agencies by code).

CREATE TABLE agencies_new (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL CHECK (length(type) BETWEEN 2 AND 40),
    spoc_name        TEXT NOT NULL DEFAULT '',
    spoc_role        TEXT NOT NULL DEFAULT '',
    spoc_email       TEXT NOT NULL DEFAULT '',
    spoc_phone       TEXT NOT NULL DEFAULT '',
    isa_signed_on    TEXT,
    isa_review_on    TEXT,
    export_password  TEXT,
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    receives         TEXT NOT NULL DEFAULT 'minutes' CHECK (receives IN ('minutes', 'actions')),
    exchange_keys    TEXT,
    key_recorded_at  TEXT,
    key_confirmed_at TEXT,
    key_confirmed_by TEXT NOT NULL DEFAULT ''
) STRICT;

INSERT INTO agencies_new (
    id, code, name, type, spoc_name, spoc_role, spoc_email, spoc_phone, isa_signed_on,
    isa_review_on, export_password, active, created_at, updated_at, receives,
    exchange_keys, key_recorded_at, key_confirmed_at, key_confirmed_by)
SELECT
    id, code, name, type, spoc_name, spoc_role, spoc_email, spoc_phone, isa_signed_on,
    isa_review_on, export_password, active, created_at, updated_at, receives,
    exchange_keys, key_recorded_at, key_confirmed_at, key_confirmed_by
FROM agencies;

DROP TABLE agencies;
ALTER TABLE agencies_new RENAME TO agencies;

-- The three health agencies a new vault was given, still under the names it gave them,
-- are the return's three health categories. Any other 'health' agency keeps that type
-- and the directory asks an administrator to choose: which kind of health service it
-- is cannot be read from a name.
UPDATE agencies SET type = 'acute_health'
    WHERE type = 'health' AND code = 'HEALTH-ACUTE' AND name = 'Acute hospital trust';
UPDATE agencies SET type = 'mental_health'
    WHERE type = 'health' AND code = 'HEALTH-MH' AND name = 'Mental health trust';
UPDATE agencies SET type = 'primary_care'
    WHERE type = 'health' AND code = 'GP' AND name = 'Primary care (GP safeguarding lead)';
