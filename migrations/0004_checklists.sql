-- marac-desk schema 4: risk checklists an area adds (its licensed wording, another
-- tool) are kept in the vault, so a backup carries them and every referral can always
-- be read against the questions it was scored on. Shipped checklists are not copied
-- here: they come with the app.

CREATE TABLE checklists (
    key      TEXT PRIMARY KEY,   -- id@version, as referrals record it
    document TEXT NOT NULL,      -- the checklist file as it was added, JSON
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
) STRICT;
