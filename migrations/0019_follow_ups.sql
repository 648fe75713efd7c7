-- marac-desk schema 19: follow-ups of heard cases, for long-term safety: a date to check
-- on the case again and what to check, listed on Home as the date comes, until done.
CREATE TABLE IF NOT EXISTS follow_ups (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    due_on    TEXT NOT NULL,            -- ISO date
    what      TEXT NOT NULL,
    set_at    TEXT NOT NULL,
    set_by    TEXT NOT NULL,
    done_on   TEXT,                     -- ISO date; NULL while open
    done_note TEXT NOT NULL DEFAULT '',
    done_by   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX IF NOT EXISTS follow_ups_open ON follow_ups (done_on, due_on);
CREATE INDEX IF NOT EXISTS follow_ups_case ON follow_ups (case_id);
