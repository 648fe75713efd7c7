-- marac-desk schema 18: incidents an agency notifies between meetings, against a case.
-- One inside the repeat window of a heard case is a repeat: Home lists it until the
-- coordinator starts a repeat referral from it or records why not.
CREATE TABLE IF NOT EXISTS incidents (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    incident_date    TEXT NOT NULL,                  -- ISO date
    agency_code      TEXT NOT NULL COLLATE NOCASE,   -- who told the coordinator
    what             TEXT NOT NULL,
    police_reference TEXT NOT NULL DEFAULT '',
    decision         TEXT NOT NULL DEFAULT ''
                         CHECK (decision IN ('', 'referred', 'not_referred')),
    decision_note    TEXT NOT NULL DEFAULT '',
    repeat_case_id   INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL,
    decided_at       TEXT,
    decided_by       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX IF NOT EXISTS incidents_case ON incidents (case_id, incident_date);
CREATE INDEX IF NOT EXISTS incidents_open ON incidents (decision, incident_date);
