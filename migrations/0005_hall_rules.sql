-- The rules a hall manager sets (booking horizon, cancellation cut-off, check-in window,
-- no-show policy, serving order), as one JSON document; absent means the published defaults.
CREATE TABLE hall_rules (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  rules      TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT REFERENCES staff (id)
);
