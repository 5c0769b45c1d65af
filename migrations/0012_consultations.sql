-- Consultation (咨询, standard 5.1, 6.3.5, 6.4): questions from every channel in one table. The
-- first staff member to take one is its 首问 owner until it is answered; `version` guards
-- concurrent staff actions.
CREATE TABLE consultations (
  id TEXT PRIMARY KEY,                  -- 'q_' + 16 hex digits
  citizen_id TEXT,                      -- NULL for on-site or phone questions
  channel TEXT NOT NULL CHECK (channel IN ('online', 'on_site', 'phone')),
  item_code TEXT,
  question TEXT NOT NULL,
  asker_name TEXT NOT NULL DEFAULT '',
  asker_phone TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'answered')),
  owner_id TEXT,
  routed_to TEXT,                       -- department code
  answer TEXT NOT NULL DEFAULT '',
  answered_at INTEGER,
  asked_on TEXT NOT NULL,
  due_on TEXT,
  faq_id TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX consultations_by_citizen ON consultations (citizen_id, created_at);
CREATE INDEX consultations_by_state ON consultations (state, created_at);

CREATE TABLE consultation_events (
  consultation_id TEXT NOT NULL REFERENCES consultations(id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,                 -- 'ask', 'log' or a ConsultAction
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff')),
  actor_id TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consultation_events_by_consultation ON consultation_events (consultation_id, at);

-- The public FAQ: anonymised questions and answers, published by staff.
CREATE TABLE faqs (
  id TEXT PRIMARY KEY,                  -- 'f_' + 16 hex digits
  item_code TEXT,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  consultation_id TEXT,
  published_by TEXT NOT NULL,
  published_at INTEGER NOT NULL
);
CREATE INDEX faqs_by_item ON faqs (item_code, published_at);
