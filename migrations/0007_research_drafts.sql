-- marac-desk schema 7: research typed on screen but not yet saved as a return. A draft
-- belongs to the person typing it (an agency representative, or the coordinator taking
-- a phone call), is saved as they type and before the window locks, and is dropped when
-- the return is saved. A draft is never research: nothing else reads it.

CREATE TABLE research_drafts (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    agency_code TEXT NOT NULL COLLATE NOCASE,
    username    TEXT NOT NULL COLLATE NOCASE,
    content     TEXT NOT NULL,          -- JSON, as ReturnContent
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (meeting_id, case_id, agency_code, username)
) STRICT;
