-- marac-desk schema 9: what leaves the room. Every minutes file produced is logged with
-- a document id printed in its footer, so a file found where it should not be leads
-- back to who made it, for whom, and how it was sent. Agencies that only need their
-- tasks can be set to receive the action plan instead of the minutes.

-- 'minutes': the agency's version of the minutes; 'actions': its action plan only.
ALTER TABLE agencies ADD COLUMN receives TEXT NOT NULL DEFAULT 'minutes'
    CHECK (receives IN ('minutes', 'actions'));

CREATE TABLE distribution_log (
    id             INTEGER PRIMARY KEY,
    document_id    TEXT NOT NULL UNIQUE,            -- printed on every page; never reused
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id),
    agency_code    TEXT NOT NULL DEFAULT '' COLLATE NOCASE,  -- '' for the MARAC's record
    kind           TEXT NOT NULL CHECK (kind IN ('minutes', 'actions')),
    format         TEXT NOT NULL CHECK (format IN ('pdf', 'docx')),
    file_name      TEXT NOT NULL,
    content_hash   TEXT NOT NULL,                   -- SHA-256 of the file as written
    protected      INTEGER NOT NULL CHECK (protected IN (0, 1)),  -- password on the file
    override       TEXT NOT NULL DEFAULT '',        -- why it went without a current agreement
    produced_at    TEXT NOT NULL,
    produced_by    TEXT NOT NULL,
    sent_at        TEXT,                            -- when the coordinator says it was sent
    sent_how       TEXT NOT NULL DEFAULT '',        -- "Secure email to the SPOC", ...
    sent_by        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX distribution_meeting ON distribution_log (meeting_id, agency_code);
