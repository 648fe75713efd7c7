-- marac-desk schema 6: meetings and their agendas, the research packs sent to agencies,
-- and the research they return, item by item, each with who may read it.

CREATE TABLE meetings (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,         -- random; printed in packs, read back
    meeting_date      TEXT NOT NULL,                -- ISO date
    start_time        TEXT NOT NULL,                -- HH:MM, local time
    online            INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    venue             TEXT NOT NULL DEFAULT '',     -- a room, or how to join online
    chair             TEXT NOT NULL DEFAULT '',
    minute_taker      TEXT NOT NULL DEFAULT '',
    minutes_per_case  INTEGER NOT NULL DEFAULT 15 CHECK (minutes_per_case BETWEEN 1 AND 120),
    opening_minutes   INTEGER NOT NULL DEFAULT 15 CHECK (opening_minutes BETWEEN 0 AND 120),
    research_deadline TEXT,                         -- ISO date; NULL: research not collected
    hand_ordered      INTEGER NOT NULL DEFAULT 0 CHECK (hand_ordered IN (0, 1)),
    state             TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'closed')),
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX meetings_date ON meetings (meeting_date);

-- The cases listed on a meeting, in agenda order. time_box overrides the meeting's
-- minutes per case for one case.
CREATE TABLE agenda_items (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
    position   INTEGER NOT NULL,
    time_box   INTEGER CHECK (time_box BETWEEN 1 AND 120),
    added_at   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, case_id)
) STRICT;
CREATE INDEX agenda_items_case ON agenda_items (case_id);

-- One research request pack made for one agency: which cases and people it asked about.
CREATE TABLE research_packs (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agency_code TEXT NOT NULL COLLATE NOCASE,
    token       TEXT NOT NULL UNIQUE,   -- printed in the pack; a return names it
    contents    TEXT NOT NULL,          -- JSON {"<case id>": [person id, ...]}
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    sent_at     TEXT,                   -- recorded by the coordinator
    sent_how    TEXT NOT NULL DEFAULT '',
    sent_by     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX research_packs_meeting ON research_packs (meeting_id, agency_code);

-- What one agency returned about one case for one meeting. A replaced return is kept
-- (current = 0, replaced_by set) so that history shows what was said before.
CREATE TABLE research_returns (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    agency_code TEXT NOT NULL COLLATE NOCASE,
    source      TEXT NOT NULL CHECK (source IN ('pack', 'screen', 'phone', 'email')),
    source_note TEXT NOT NULL DEFAULT '',   -- the file's name, or who phoned or emailed
    pack_id     INTEGER REFERENCES research_packs (id),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    current     INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
    replaced_by INTEGER REFERENCES research_returns (id)
) STRICT;
CREATE UNIQUE INDEX research_returns_current
    ON research_returns (meeting_id, case_id, agency_code) WHERE current = 1;
CREATE INDEX research_returns_case ON research_returns (case_id);

-- Whether each person asked about is known to the agency. The person's role and name
-- are kept as they were when the return came in: a person later taken off the referral
-- leaves the research about them readable, and never blocks the referral's edit.
CREATE TABLE research_people (
    return_id INTEGER NOT NULL REFERENCES research_returns (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('victim', 'perpetrator', 'child', 'other')),
    name      TEXT NOT NULL,
    known     TEXT NOT NULL CHECK (known IN ('yes', 'no', 'unanswered')),
    PRIMARY KEY (return_id, person_id)
) STRICT;

-- Each piece of research about one person. Shared items (involvement, risk, share) carry
-- their audience; held items are never shared, only counted with their reasons.
CREATE TABLE research_items (
    id                INTEGER PRIMARY KEY,
    return_id         INTEGER NOT NULL REFERENCES research_returns (id) ON DELETE CASCADE,
    person_id         INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('involvement', 'risk', 'share', 'held')),
    body              TEXT NOT NULL,
    nature            TEXT NOT NULL DEFAULT '' CHECK (nature IN ('', 'fact', 'opinion')),
    audience          TEXT NOT NULL DEFAULT 'involved'
                          CHECK (audience IN ('involved', 'named', 'record')),
    audience_agencies TEXT NOT NULL DEFAULT '[]',   -- JSON list of codes when 'named'
    position          INTEGER NOT NULL
) STRICT;
CREATE INDEX research_items_return ON research_items (return_id);
