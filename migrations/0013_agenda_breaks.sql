-- Breaks on a meeting's agenda. A break is placed by how many cases come before it, not
-- after a particular case: it keeps its place in the day (coffee after the tenth case)
-- when cases are reordered, listed or taken off.
CREATE TABLE agenda_breaks (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    after_cases INTEGER NOT NULL CHECK (after_cases >= 0),
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 120),
    title       TEXT NOT NULL DEFAULT 'Break'
) STRICT;
CREATE INDEX agenda_breaks_meeting ON agenda_breaks (meeting_id);
