-- marac-desk schema 11: sealed exchange files between a MARAC and agency workspaces.
-- The same schema serves both kinds of vault (meta 'vault_kind' says which); each uses
-- its own tables and leaves the other's empty.

-- This vault's exchange identity. The private keys are only ever inside the vault.
CREATE TABLE exchange_identity (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    seal_private BLOB NOT NULL CHECK (length(seal_private) = 32),  -- X25519
    sign_private BLOB NOT NULL CHECK (length(sign_private) = 32),  -- Ed25519 seed
    created_at   TEXT NOT NULL
) STRICT;

-- An agency's exchange key from its key card, and whether the fingerprint was read back
-- over the phone and confirmed (by whom, when).
ALTER TABLE agencies ADD COLUMN exchange_keys TEXT;   -- JSON {"seal": b64, "verify": b64}
ALTER TABLE agencies ADD COLUMN key_recorded_at TEXT;
ALTER TABLE agencies ADD COLUMN key_confirmed_at TEXT;
ALTER TABLE agencies ADD COLUMN key_confirmed_by TEXT NOT NULL DEFAULT '';

-- A research pack goes out as a Word form or as a sealed research request file.
ALTER TABLE research_packs ADD COLUMN form TEXT NOT NULL DEFAULT 'word'
    CHECK (form IN ('word', 'sealed'));
ALTER TABLE research_packs ADD COLUMN file_id TEXT;

-- Every exchange file taken in here, so that the same file is never taken twice.
CREATE TABLE exchange_received (
    file_id            TEXT PRIMARY KEY,
    kind               TEXT NOT NULL,
    sender_fingerprint TEXT NOT NULL,
    file_name          TEXT NOT NULL DEFAULT '',
    received_at        TEXT NOT NULL,
    received_by        TEXT NOT NULL
) STRICT;

-- An agency workspace: the agency it researches for, and the MARAC it works with, whose
-- key is recorded from the MARAC's key card and confirmed by fingerprint.
CREATE TABLE workspace (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    agency_code        TEXT NOT NULL,
    agency_name        TEXT NOT NULL,
    marac_name         TEXT NOT NULL DEFAULT '',
    marac_keys         TEXT,
    marac_recorded_at  TEXT,
    marac_confirmed_at TEXT,
    marac_confirmed_by TEXT NOT NULL DEFAULT ''
) STRICT;

-- Research requests opened in a workspace, as they came (the cases and people to search
-- for), and when the research was sent back.
CREATE TABLE workspace_requests (
    id           INTEGER PRIMARY KEY,
    file_id      TEXT NOT NULL UNIQUE,
    token        TEXT NOT NULL,
    meeting_date TEXT NOT NULL,
    deadline     TEXT,
    content      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    received_by  TEXT NOT NULL,
    returned_at  TEXT,
    returned_by  TEXT NOT NULL DEFAULT ''
) STRICT;

-- What the agency has entered for each case of a request (domain.research JSON).
CREATE TABLE workspace_research (
    request_id INTEGER NOT NULL REFERENCES workspace_requests (id) ON DELETE CASCADE,
    case_key   TEXT NOT NULL,
    content    TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    saved_by   TEXT NOT NULL,
    PRIMARY KEY (request_id, case_key)
) STRICT;

-- Exchange files this MARAC sent that a reply names (an action plan: which actions).
CREATE TABLE exchange_sent (
    file_id     TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    agency_code TEXT NOT NULL COLLATE NOCASE,
    contents    TEXT NOT NULL,   -- JSON, e.g. {"actions": [id, ...]}
    file_name   TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    made_by     TEXT NOT NULL
) STRICT;

-- An agency workspace's own actions, as the MARAC's latest action plan gave them, and the
-- agency's update to each until it is sent back.
CREATE TABLE workspace_actions (
    action_key    INTEGER PRIMARY KEY,   -- the MARAC's id for the action
    plan_file_id  TEXT NOT NULL,
    reference     TEXT NOT NULL,
    victim        TEXT NOT NULL,
    agreed_on     TEXT NOT NULL,
    text          TEXT NOT NULL,
    owner_name    TEXT NOT NULL,
    due_on        TEXT,
    status        TEXT NOT NULL,         -- as the MARAC last recorded it
    status_note   TEXT NOT NULL,
    update_status TEXT,                  -- the agency's update, not yet sent
    update_note   TEXT NOT NULL DEFAULT '',
    updated_at    TEXT,
    updated_by    TEXT NOT NULL DEFAULT '',
    sent_at       TEXT                   -- when the last update went back
) STRICT;

-- Agency representatives no longer sign in to the MARAC's vault: each works in its
-- agency's own workspace, with its own key. Their accounts are switched off here and
-- listed in meta, so that the next sign-in takes their key slots away (a rekey, which
-- SQL cannot do) and the next administrator is told what replaced them. Their research
-- drafts are kept: a research request to the agency goes out with them filled in.
INSERT INTO meta (key, value)
    SELECT 'representatives_switched_off',
           json_group_array(json_object('username', username, 'agency', agency_code))
    FROM users
    WHERE active = 1 AND ',' || roles || ',' LIKE '%,agency_representative,%'
    HAVING count(*) > 0;
UPDATE users SET active = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE ',' || roles || ',' LIKE '%,agency_representative,%';
