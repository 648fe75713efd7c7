-- marac-desk schema 1: vault metadata, settings, accounts, the audit log and
-- the people-and-cases core that referrals build on.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Settings are JSON values under a dotted name, e.g. "security.idle_lock_minutes".
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    full_name            TEXT NOT NULL,
    roles                TEXT NOT NULL,          -- comma-separated Role values
    agency_code          TEXT,                   -- agency representatives only
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;

-- Hash-chained: hash = sha256(prev_hash, seq, at, actor, action, detail).
-- meta holds the head (audit.head_seq, audit.head_hash) so truncation shows.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_action ON audit_log (action);

CREATE TABLE persons (
    id              INTEGER PRIMARY KEY,
    surname         TEXT NOT NULL,
    forenames       TEXT NOT NULL DEFAULT '',
    date_of_birth   TEXT,                        -- ISO date
    dob_approximate INTEGER NOT NULL DEFAULT 0 CHECK (dob_approximate IN (0, 1)),
    gender          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    status     TEXT NOT NULL DEFAULT 'draft',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Every person is linked to a case with an explicit role: never inferred,
-- because confusing victim and perpetrator is a known, dangerous failure.
CREATE TABLE case_persons (
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE RESTRICT,
    role      TEXT NOT NULL CHECK (role IN ('victim', 'perpetrator', 'child', 'other')),
    PRIMARY KEY (case_id, person_id, role)
) STRICT;
CREATE INDEX case_persons_person ON case_persons (person_id);
