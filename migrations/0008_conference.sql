-- marac-desk schema 8: the conference itself. Who attended and agreed to the
-- confidentiality statement, what was said and decided about each case, the actions
-- agreed and how they went, and every change made to the record after it was closed.
-- Every edit in the meeting is its own committed transaction.

-- One row per meeting once its conference has started.
CREATE TABLE conferences (
    meeting_id        INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    started_at        TEXT NOT NULL,
    started_by        TEXT NOT NULL,
    statement         TEXT NOT NULL DEFAULT '',   -- the confidentiality statement as read
    statement_read_at TEXT,                       -- NULL: not read yet; no case opens before
    stage             TEXT NOT NULL DEFAULT 'attendance'
                          CHECK (stage IN ('attendance', 'review', 'case', 'close')),
    current_case_id   INTEGER REFERENCES cases (id),
    -- 1 while the conference screen is open. Still 1 when the app is next opened means the
    -- app stopped without leaving the meeting (a crash, or power lost): it says so.
    running           INTEGER NOT NULL DEFAULT 0 CHECK (running IN (0, 1)),
    saved_at          TEXT NOT NULL,              -- the last edit saved in this meeting
    closed_at         TEXT,
    closed_by         TEXT NOT NULL DEFAULT '',
    left_open         TEXT NOT NULL DEFAULT '[]'  -- JSON: what the close check listed
) STRICT;

-- The attendance register: one row per agency expected from the directory, and one per
-- attendee added on the day (a second person, or someone from outside the directory).
CREATE TABLE attendees (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agency_code  TEXT NOT NULL DEFAULT '' COLLATE NOCASE,  -- '' for outside the directory
    organisation TEXT NOT NULL DEFAULT '',                 -- for outside the directory
    name         TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'observer')),
    status       TEXT NOT NULL DEFAULT 'expected'
                     CHECK (status IN ('expected', 'present', 'apologies', 'absent')),
    info_sent    INTEGER NOT NULL DEFAULT 0 CHECK (info_sent IN (0, 1)),
    agreed       INTEGER NOT NULL DEFAULT 0 CHECK (agreed IN (0, 1)),
    expected     INTEGER NOT NULL DEFAULT 1 CHECK (expected IN (0, 1)),
    position     INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX attendees_meeting ON attendees (meeting_id, position);

-- What the meeting recorded about one case on its agenda.
CREATE TABLE case_records (
    meeting_id       INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    notes            TEXT NOT NULL DEFAULT '',
    risk_victim      TEXT NOT NULL DEFAULT '',
    risk_children    TEXT NOT NULL DEFAULT '',
    risk_adults      TEXT NOT NULL DEFAULT '',
    risk_perpetrator TEXT NOT NULL DEFAULT '',
    risk_level       TEXT NOT NULL DEFAULT ''
                         CHECK (risk_level IN ('', 'high', 'medium', 'standard')),
    informs_agency   TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    informs_person   TEXT NOT NULL DEFAULT '',
    seconds          INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0),  -- time spent so far
    opened_at        TEXT,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (meeting_id, case_id)
) STRICT;

-- Information an agency shared at the meeting, with who may read it in the minutes.
CREATE TABLE shared_info (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id           INTEGER NOT NULL REFERENCES cases (id),
    agency_code       TEXT NOT NULL COLLATE NOCASE,
    body              TEXT NOT NULL,
    audience          TEXT NOT NULL DEFAULT 'involved'
                          CHECK (audience IN ('involved', 'named', 'record')),
    audience_agencies TEXT NOT NULL DEFAULT '[]',
    position          INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX shared_info_case ON shared_info (meeting_id, case_id, position);

-- Actions agreed at a meeting. An action outlives its meeting: it is reviewed at later
-- meetings and updated by its owner agency between them.
CREATE TABLE actions (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id),
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    owner_agency TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    owner_name   TEXT NOT NULL DEFAULT '',
    due_on       TEXT,                                   -- ISO date
    text         TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress',
                     'completed', 'circumstances_changed', 'not_completed', 'not_required')),
    status_note  TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX actions_meeting ON actions (meeting_id, case_id, position);
CREATE INDEX actions_owner ON actions (owner_agency, status);
CREATE INDEX actions_case ON actions (case_id);

-- Every change of an action's status, with its note: at a meeting's review of outstanding
-- actions (meeting_id set) or between meetings (NULL).
CREATE TABLE action_updates (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    meeting_id INTEGER REFERENCES meetings (id),
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    by         TEXT NOT NULL
) STRICT;
CREATE INDEX action_updates_action ON action_updates (action_id);
CREATE INDEX action_updates_meeting ON action_updates (meeting_id);

-- A change to a closed meeting's record, with the reason given and what it was before.
CREATE TABLE amendments (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id    INTEGER,
    part       TEXT NOT NULL,   -- which part of the record, in words
    before     TEXT NOT NULL,   -- JSON
    after      TEXT NOT NULL,   -- JSON
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL,
    by         TEXT NOT NULL
) STRICT;
CREATE INDEX amendments_meeting ON amendments (meeting_id);
