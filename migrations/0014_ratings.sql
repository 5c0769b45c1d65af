-- 好差评 (standard 5.9, 7.4): one rating per finished service (a ticket on site, an application
-- online); UNIQUE (kind, subject) makes "once" hold under retries and races. `citizen_id` is who
-- rated: no staff route ever reads it. A default rating (基本满意 after 7 days) has none.
CREATE TABLE ratings (
  id TEXT PRIMARY KEY,                  -- 'r_' + 16 hex digits
  kind TEXT NOT NULL CHECK (kind IN ('on_site', 'online')),
  subject TEXT NOT NULL,                -- ticket id or application number
  citizen_id TEXT,
  level TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'basic', 'dissatisfied',
    'very_dissatisfied')),
  dimensions TEXT NOT NULL DEFAULT '[]',-- JSON [{dimension, level}]
  comment TEXT NOT NULL DEFAULT '',
  is_default INTEGER NOT NULL DEFAULT 0,
  hall_code TEXT,
  window_code TEXT,
  item_code TEXT NOT NULL,
  rated_on TEXT NOT NULL,               -- YYYY-MM-DD, hall time
  voided INTEGER NOT NULL DEFAULT 0,    -- an upheld appeal: not counted
  created_at INTEGER NOT NULL,
  UNIQUE (kind, subject)
);
CREATE INDEX ratings_by_citizen ON ratings (citizen_id, created_at);
CREATE INDEX ratings_by_day ON ratings (rated_on);

-- A bad rating's work order: contact within 1 working day, the fix within 15, then the reply.
CREATE TABLE rating_orders (
  rating_id TEXT PRIMARY KEY REFERENCES ratings (id),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'contacted', 'fixed', 'replied',
    'voided')),
  appeal_pending INTEGER NOT NULL DEFAULT 0,
  appealed INTEGER NOT NULL DEFAULT 0,
  contact_due TEXT NOT NULL,
  fix_due TEXT NOT NULL,
  fix_report TEXT NOT NULL DEFAULT '',
  reply TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX rating_orders_by_state ON rating_orders (state, created_at);

CREATE TABLE rating_events (
  rating_id TEXT NOT NULL REFERENCES ratings (id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,                 -- an OrderAction
  actor_id TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rating_events_by_rating ON rating_events (rating_id, at);
