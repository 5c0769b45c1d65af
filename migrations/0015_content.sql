-- Published content (standard 5.4, 6.3.7, 6.6): notices, guide edits and the history of every
-- change (who, when, what). A guide's edits live beside the seeded catalogue and are applied to
-- it when the catalogue loads, so re-seeding never undoes them and every view reads one record.
CREATE TABLE notices (
  id TEXT PRIMARY KEY,                  -- 'n_' + 16 hex digits
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX notices_by_time ON notices (published_at);

CREATE TABLE guide_edits (
  item_code TEXT PRIMARY KEY REFERENCES items (code),
  conditions TEXT NOT NULL CHECK (json_valid(conditions)),
  steps TEXT NOT NULL CHECK (json_valid(steps)),
  updated_at INTEGER NOT NULL
);

CREATE TABLE content_history (
  kind TEXT NOT NULL CHECK (kind IN ('notice', 'faq', 'guide')),
  ref_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  staff_id TEXT NOT NULL,
  created INTEGER NOT NULL DEFAULT 0,
  changes TEXT NOT NULL CHECK (json_valid(changes))  -- [{field, before, after}]
);
CREATE INDEX content_history_by_ref ON content_history (kind, ref_id, at);
CREATE INDEX content_history_by_time ON content_history (at);

ALTER TABLE faqs ADD COLUMN updated_at INTEGER;
ALTER TABLE faqs ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- When the seeded catalogue last changed (Unix seconds), for a guide's "last updated".
INSERT INTO meta (key, value) VALUES ('catalogue_loaded_at', '0');
