-- Complaints (投诉, standard 5.8, 6.5, 7.3, GB/T 36113): every channel in one table, each step
-- logged in complaint_events; `version` guards concurrent staff actions. The complainant's
-- identity of a confidential complaint is shown only to the complaint office.
CREATE TABLE complaints (
  id TEXT PRIMARY KEY,                  -- 'TS' + yyyymmdd + 6 digits, the number the complainant tracks
  citizen_id TEXT,                      -- NULL when staff logged it for someone without an account
  channel TEXT NOT NULL CHECK (channel IN ('web', 'on_site', 'hotline', 'box', 'phone', 'email')),
  category TEXT NOT NULL CHECK (category IN ('conduct', 'department', 'suggestion')),
  window_no TEXT NOT NULL DEFAULT '',
  staff_no TEXT NOT NULL DEFAULT '',
  item_code TEXT,
  facts TEXT NOT NULL,
  complainant_name TEXT NOT NULL DEFAULT '',
  complainant_phone TEXT NOT NULL DEFAULT '',
  confidential INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'accepted', 'declined',
    'investigating', 'handled', 'replied', 'visited', 'archived')),
  department TEXT,                      -- the department handling it (code)
  joint INTEGER NOT NULL DEFAULT 0,     -- several departments involved: the longer reply deadline
  decline_reason TEXT,
  reply TEXT NOT NULL DEFAULT '',
  submitted_on TEXT NOT NULL,
  accepted_on TEXT,
  replied_on TEXT,
  visit_resolved INTEGER,
  visit_satisfied INTEGER,
  rating TEXT,                          -- the complainant's rating of the handling (a rating level)
  rating_resolved INTEGER,
  rating_comment TEXT NOT NULL DEFAULT '',
  officer_id TEXT,                      -- who accepted or declined it
  idempotency_key TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX complaints_by_citizen ON complaints (citizen_id, created_at);
CREATE INDEX complaints_by_phone ON complaints (complainant_phone, created_at);
CREATE INDEX complaints_by_state ON complaints (state, created_at);
CREATE INDEX complaints_by_department ON complaints (department, created_at);
CREATE INDEX complaints_by_day ON complaints (submitted_on);

CREATE TABLE complaint_events (
  complaint_id TEXT NOT NULL REFERENCES complaints(id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,                 -- 'submit', 'log', 'inform', 'rate' or a ComplaintAction
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff')),
  actor_id TEXT,
  note TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT UNIQUE           -- the complainant's additions, safe to retry
);
CREATE INDEX complaint_events_by_complaint ON complaint_events (complaint_id, at);

-- Images the complainant sent, type-checked by their bytes and at most 1 MB each.
CREATE TABLE complaint_attachments (
  complaint_id TEXT NOT NULL REFERENCES complaints(id),
  n INTEGER NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size INTEGER NOT NULL,
  data TEXT NOT NULL,                   -- base64
  idempotency_key TEXT NOT NULL UNIQUE, -- one upload, safe to retry
  PRIMARY KEY (complaint_id, n)
);
