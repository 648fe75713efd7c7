-- marac-desk schema 5: the case view's timeline reads a case's own audit entries. The
-- case is copied out of each entry's detail into an indexed column when it is written,
-- so the timeline does not read the whole log. The detail (which the hash chain covers)
-- stays the record; this column is only a way to find it.

ALTER TABLE audit_log ADD COLUMN case_id INTEGER;
UPDATE audit_log SET case_id = json_extract(detail, '$.case_id')
    WHERE json_type(detail, '$.case_id') = 'integer';
CREATE INDEX audit_log_case ON audit_log (case_id) WHERE case_id IS NOT NULL;
