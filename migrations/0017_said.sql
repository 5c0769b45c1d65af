-- The hall's own words in a history entry, by code and values (JSON of hall_domain::said::Said),
-- beside the 简体 note, so each reader composes them in its language. NULL where a person wrote
-- the note.
ALTER TABLE application_events ADD COLUMN said TEXT;
ALTER TABLE complaint_events ADD COLUMN said TEXT;
ALTER TABLE consultation_events ADD COLUMN said TEXT;
ALTER TABLE proxy_events ADD COLUMN said TEXT;
ALTER TABLE credit_list ADD COLUMN said TEXT;
