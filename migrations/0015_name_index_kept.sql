-- The repeat check's name index, kept inside the vault, so that an unlock reads it back in
-- one piece instead of preparing every name in the register again. It is derived data:
-- persons and case_persons are the record, and the index is built again from them
-- whenever the kept one was made by other name rules or cannot be read.
CREATE TABLE name_index_kept (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    rules TEXT NOT NULL,  -- the fingerprint of the name rules its forms were made with
    data  TEXT NOT NULL   -- the index as JSON
) STRICT;

-- Every change to a person or to who is in a case, made by marac-desk or by anyone with
-- SQL, marks the case here, so the index reads it again before its next search and can
-- never miss a person. Marks up to the kept index's own are cleared when it is kept.
CREATE TABLE name_index_marks (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL
) STRICT;

CREATE TRIGGER name_index_person_linked AFTER INSERT ON case_persons BEGIN
    INSERT INTO name_index_marks (case_id) VALUES (NEW.case_id);
END;
CREATE TRIGGER name_index_person_unlinked AFTER DELETE ON case_persons BEGIN
    INSERT INTO name_index_marks (case_id) VALUES (OLD.case_id);
END;
CREATE TRIGGER name_index_link_changed AFTER UPDATE ON case_persons BEGIN
    INSERT INTO name_index_marks (case_id) VALUES (OLD.case_id);
    INSERT INTO name_index_marks (case_id) VALUES (NEW.case_id);
END;
CREATE TRIGGER name_index_person_changed AFTER UPDATE ON persons BEGIN
    INSERT INTO name_index_marks (case_id)
        SELECT case_id FROM case_persons WHERE person_id IN (OLD.id, NEW.id);
END;
