-- marac-desk schema 2: the agency directory, referrals with their Dash assessment,
-- decisions about earlier referrals of the same person, transfers in, and the
-- full-text index of the register.

CREATE TABLE agencies (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name            TEXT NOT NULL,
    type            TEXT NOT NULL CHECK (type IN (
                        'police', 'idva', 'health', 'childrens_social_care',
                        'adult_social_care', 'housing', 'probation', 'education',
                        'substance_use', 'specialist_da', 'other')),
    spoc_name       TEXT NOT NULL DEFAULT '',
    spoc_role       TEXT NOT NULL DEFAULT '',
    spoc_email      TEXT NOT NULL DEFAULT '',
    spoc_phone      TEXT NOT NULL DEFAULT '',
    isa_signed_on   TEXT,                      -- information-sharing agreement, ISO dates
    isa_review_on   TEXT,
    export_password TEXT,                      -- for this agency's minutes; only ever in the vault
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- People: aliases and other spellings (JSON list), the current address, and the rest
-- of what the form holds about them (JSON object).
ALTER TABLE persons ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
ALTER TABLE persons ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
CREATE INDEX persons_dob ON persons (date_of_birth);

ALTER TABLE cases ADD COLUMN is_repeat INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1));
ALTER TABLE cases ADD COLUMN transfer_from TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN last_referral_on TEXT;   -- starts the repeat window
CREATE INDEX cases_status ON cases (status);
CREATE INDEX cases_last_referral ON cases (last_referral_on);

ALTER TABLE case_persons ADD COLUMN position INTEGER NOT NULL DEFAULT 0;  -- order on the form

CREATE TABLE referrals (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    state               TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'complete')),
    referral_date       TEXT,
    referring_agency    TEXT NOT NULL DEFAULT '',   -- agency code
    dash_checklist      TEXT NOT NULL DEFAULT '',   -- checklist id@version
    dash_score          INTEGER,
    criteria            TEXT NOT NULL DEFAULT '[]', -- criteria met, JSON list
    form                TEXT NOT NULL DEFAULT '{}', -- the whole form as typed, JSON
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX referrals_case ON referrals (case_id, referral_date);

-- The coordinator's decision on a candidate earlier case: never inferred, always recorded.
CREATE TABLE case_links (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    earlier_case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    decision        TEXT NOT NULL CHECK (decision IN ('same_pair', 'same_victim', 'not_same')),
    within_window   INTEGER NOT NULL CHECK (within_window IN (0, 1)),
    score           REAL NOT NULL,
    reasons         TEXT NOT NULL DEFAULT '[]',
    decided_by      TEXT NOT NULL,
    decided_at      TEXT NOT NULL,
    UNIQUE (case_id, earlier_case_id),
    CHECK (case_id <> earlier_case_id)
) STRICT;
CREATE INDEX case_links_earlier ON case_links (earlier_case_id);

-- Documents that came with a case transferred in from another MARAC.
CREATE TABLE transfer_documents (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    filename    TEXT NOT NULL,
    content     BLOB NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL
) STRICT;

-- Full-text index of the register: rowid is the case id; text holds the reference,
-- every name, alias and address on the case, and their romanised forms.
CREATE VIRTUAL TABLE case_search USING fts5 (
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
