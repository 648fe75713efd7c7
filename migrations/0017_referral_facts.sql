-- marac-desk schema 17: what the quarterly data return and the dashboard read about each
-- referral, kept beside it by triggers, so that counting a year reads a few short rows
-- instead of every form whole (about four times faster at 20,000 cases). It is derived
-- data: the form is the record, and SQLite itself keeps this in step on every insert,
-- change and deletion, whichever code (or tool) writes the referral.
--
-- `fields` is one JSON array, in this order (storage/data_return.py reads it so):
-- referral date, heard on, ethnic group, ethnicity as written, LGBT+, disability,
-- gender, date of birth, age band, children, perpetrators, IDVA outcome.
-- Written so that it can run again over itself (IF NOT EXISTS, OR REPLACE).
CREATE TABLE IF NOT EXISTS referral_facts (
    referral_id      INTEGER PRIMARY KEY REFERENCES referrals (id) ON DELETE CASCADE,
    case_id          INTEGER NOT NULL,
    referring_agency TEXT NOT NULL,
    heard_on         TEXT,
    fields           TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS referral_facts_heard_on ON referral_facts (heard_on, case_id);

CREATE TRIGGER IF NOT EXISTS referral_facts_inserted AFTER INSERT ON referrals BEGIN
    INSERT OR REPLACE INTO referral_facts VALUES (
        new.id, new.case_id, new.referring_agency,
        json_extract(new.form, '$.referral.heard_on'),
        json_extract(new.form, '$.referral.referral_date', '$.referral.heard_on',
            '$.victim.ethnicity_category', '$.victim.ethnicity', '$.victim.lgbt',
            '$.victim.disability', '$.victim.gender', '$.victim.date_of_birth',
            '$.victim.age_band', '$.children', '$.perpetrators', '$.idva.outcome'));
END;

CREATE TRIGGER IF NOT EXISTS referral_facts_changed
AFTER UPDATE OF form, case_id, referring_agency ON referrals BEGIN
    INSERT OR REPLACE INTO referral_facts VALUES (
        new.id, new.case_id, new.referring_agency,
        json_extract(new.form, '$.referral.heard_on'),
        json_extract(new.form, '$.referral.referral_date', '$.referral.heard_on',
            '$.victim.ethnicity_category', '$.victim.ethnicity', '$.victim.lgbt',
            '$.victim.disability', '$.victim.gender', '$.victim.date_of_birth',
            '$.victim.age_band', '$.children', '$.perpetrators', '$.idva.outcome'));
END;

-- Also without foreign keys switched on: a deleted referral leaves nothing of itself here.
CREATE TRIGGER IF NOT EXISTS referral_facts_deleted AFTER DELETE ON referrals BEGIN
    DELETE FROM referral_facts WHERE referral_id = old.id;
END;

INSERT OR REPLACE INTO referral_facts
SELECT id, case_id, referring_agency,
       json_extract(form, '$.referral.heard_on'),
       json_extract(form, '$.referral.referral_date', '$.referral.heard_on',
           '$.victim.ethnicity_category', '$.victim.ethnicity', '$.victim.lgbt',
           '$.victim.disability', '$.victim.gender', '$.victim.date_of_birth',
           '$.victim.age_band', '$.children', '$.perpetrators', '$.idva.outcome')
FROM referrals;

-- Referrals received by month: found by date, with their case, from the index alone.
CREATE INDEX IF NOT EXISTS referrals_referral_date ON referrals (referral_date, case_id);
