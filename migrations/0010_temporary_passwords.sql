-- marac-desk schema 10: a temporary password set by an administrator lasts a limited time
-- (a setting, 72 hours unless changed). When it was set is kept with the account; NULL for
-- an account whose password its owner chose.
ALTER TABLE users ADD COLUMN temporary_set_at TEXT;
