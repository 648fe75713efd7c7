-- Each time the coordinator chases an agency for research it has not returned: when, by
-- whom, and how many cases were still missing (the chaser's text is not kept: it is
-- made again from the grid).
CREATE TABLE research_chases (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agency_code TEXT NOT NULL,
    chased_at   TEXT NOT NULL,
    chased_by   TEXT NOT NULL,
    missing     INTEGER NOT NULL CHECK (missing >= 0)
) STRICT;
CREATE INDEX research_chases_meeting ON research_chases (meeting_id, agency_code);
