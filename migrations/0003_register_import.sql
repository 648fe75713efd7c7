-- marac-desk schema 3: cases brought in from an earlier register remember which row
-- they came from, so that importing the same file again creates nothing new.

ALTER TABLE cases ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX cases_import_key ON cases (import_key) WHERE import_key IS NOT NULL;
