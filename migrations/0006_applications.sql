-- Applications from hand-over to result (standard 5.2, 5.3, 5.5, 5.7, 6.3.3–6.3.4).
-- Dates are YYYY-MM-DD in hall time; instants are Unix seconds.

CREATE TABLE applications (
  id              TEXT PRIMARY KEY,           -- tracking number, e.g. 261127K7M4QX9P
  item_code       TEXT NOT NULL REFERENCES items (code),
  hall_code       TEXT NOT NULL,
  channel         TEXT NOT NULL CHECK (channel IN ('window', 'online')),
  citizen_id      TEXT REFERENCES citizens (id), -- the applicant's account, when there is one
  applicant_name  TEXT NOT NULL,
  id_kind         TEXT NOT NULL,
  id_number       TEXT NOT NULL,
  phone           TEXT NOT NULL,
  ticket_id       TEXT,
  status          TEXT NOT NULL,
  owner_id        TEXT REFERENCES staff (id), -- 首办负责人
  materials       TEXT NOT NULL,              -- JSON checklist
  received_on     TEXT NOT NULL,
  accepted_on     TEXT,
  paused_since    TEXT,                       -- waiting for the citizen since (clock stopped)
  paused_days     INTEGER NOT NULL DEFAULT 0, -- working days the clock stood still
  due_on          TEXT,
  rongque_due_on  TEXT,
  rongque_reminded INTEGER NOT NULL DEFAULT 0,
  rongque_listed  INTEGER NOT NULL DEFAULT 0, -- 0 never, 1 listed now, 2 listing ended
  decided_on      TEXT,
  approved        INTEGER,
  reasons         TEXT NOT NULL DEFAULT '',
  certificate_no  TEXT NOT NULL DEFAULT '',
  collect_place   TEXT NOT NULL DEFAULT '',
  courier         TEXT NOT NULL DEFAULT '',
  mail_tracking   TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL UNIQUE,
  version         INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX applications_citizen ON applications (citizen_id);
CREATE INDEX applications_open ON applications (status, due_on);
CREATE INDEX applications_rongque ON applications (rongque_due_on) WHERE rongque_due_on IS NOT NULL;

-- Every step: who, when, why, and the state it led to.
CREATE TABLE application_events (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id TEXT NOT NULL REFERENCES applications (id),
  at             INTEGER NOT NULL,
  step           TEXT NOT NULL,
  status         TEXT NOT NULL,               -- after the step
  actor_kind     TEXT NOT NULL CHECK (actor_kind IN ('staff', 'citizen', 'system')),
  actor_id       TEXT,
  note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_of ON application_events (application_id, id);

-- 材料补正告知书. seq 2+ is a second round trip: it carries a reason and is flagged.
CREATE TABLE correction_notices (
  application_id TEXT NOT NULL REFERENCES applications (id),
  seq            INTEGER NOT NULL,
  issued_on      TEXT NOT NULL,
  issued_by      TEXT NOT NULL REFERENCES staff (id),
  lines          TEXT NOT NULL,               -- JSON
  deadline       TEXT NOT NULL,
  repeat_reason  TEXT NOT NULL DEFAULT '',
  late           INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (application_id, seq)
);

-- 失信名单: applicants who missed a 容缺 deadline. The person is a hash of the identity
-- document (so a listed applicant is recognised at the next application) and a masked name.
CREATE TABLE credit_list (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  person         TEXT NOT NULL,               -- SHA-256 of id_kind:id_number
  name_masked    TEXT NOT NULL,
  item_code      TEXT NOT NULL,
  application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
  listed_on      TEXT NOT NULL,
  reason         TEXT NOT NULL,
  removed_on     TEXT,
  removal_reason TEXT
);
CREATE INDEX credit_list_person ON credit_list (person) WHERE removed_on IS NULL;
