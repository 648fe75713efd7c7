-- The research deadline a pack gave its agency, as it stood when the pack was made: an
-- agency is overdue only from the deadline it was sent, not from a later change to the
-- meeting. Packs made before this column hold NULL and use the meeting's deadline.
ALTER TABLE research_packs ADD COLUMN deadline TEXT;
