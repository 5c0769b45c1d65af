-- Accounts, sessions, rate limits, the audit trail and the development outbox.
-- Times are Unix seconds.

-- Citizens sign in with a mobile number; the identity document is registered once.
CREATE TABLE citizens (
  id            TEXT PRIMARY KEY,              -- random, never derived from personal data
  phone         TEXT NOT NULL UNIQUE,          -- sign-in number, 11 digits
  name          TEXT,
  id_kind       TEXT CHECK (id_kind IN ('resident', 'hk_macau_permit', 'taiwan_permit', 'passport')),
  id_number     TEXT,
  contact_phone TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  CHECK ((id_kind IS NULL) = (id_number IS NULL))
);
CREATE UNIQUE INDEX citizens_id_document ON citizens (id_kind, id_number) WHERE id_number IS NOT NULL;

-- The live one-time code of each number (a new code replaces the old one).
CREATE TABLE sign_in_codes (
  phone      TEXT PRIMARY KEY,
  code_hash  TEXT NOT NULL,                    -- SHA-256 of phone and code, hex
  sent_at    INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  used       INTEGER NOT NULL DEFAULT 0
);

-- Fixed-window counters: key names the limit and its subject, window is the hour's start.
CREATE TABLE rate_counters (
  key    TEXT NOT NULL,
  window INTEGER NOT NULL,
  count  INTEGER NOT NULL,
  PRIMARY KEY (key, window)
);

CREATE TABLE staff (
  id                   TEXT PRIMARY KEY,
  username             TEXT NOT NULL UNIQUE,
  display_name         TEXT NOT NULL,
  password_hash        TEXT NOT NULL,          -- pbkdf2-sha256$iterations$salt$hash
  must_change_password INTEGER NOT NULL DEFAULT 1,
  failed_attempts      INTEGER NOT NULL DEFAULT 0,
  locked_until         INTEGER,
  disabled             INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);

CREATE TABLE staff_roles (
  staff_id TEXT NOT NULL REFERENCES staff (id),
  role     TEXT NOT NULL CHECK (role IN ('window_clerk', 'application_officer', 'consultation_officer',
                                         'complaint_officer', 'hall_manager', 'content_editor', 'administrator')),
  PRIMARY KEY (staff_id, role)
);

CREATE TABLE staff_departments (
  staff_id        TEXT NOT NULL REFERENCES staff (id),
  department_code TEXT NOT NULL REFERENCES departments (code),
  PRIMARY KEY (staff_id, department_code)
);

CREATE TABLE staff_windows (
  staff_id    TEXT NOT NULL REFERENCES staff (id),
  window_code TEXT NOT NULL,
  PRIMARY KEY (staff_id, window_code)
);

-- Server-side sessions; the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('citizen', 'staff')),
  subject_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_subject ON sessions (kind, subject_id);

-- Staff actions on personal data and changes of permissions. Append-only: the triggers refuse
-- every update and delete, whoever asks.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_role  TEXT,
  actor_departments TEXT NOT NULL DEFAULT '',  -- department codes, comma-separated
  action      TEXT NOT NULL,                   -- e.g. citizen.open, staff.create, staff.update
  target_kind TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  citizen_id  TEXT,                            -- whose personal data, for "who read my data"
  detail      TEXT NOT NULL DEFAULT '',        -- what changed (never personal data)
  reason      TEXT NOT NULL,
  client      TEXT NOT NULL,                   -- client address, last part hidden
  user_agent  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_citizen ON audit_log (citizen_id, at) WHERE citizen_id IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Messages handed to the notifier. The development provider stops here and /dev/outbox shows
-- them; a production SMS gateway would send them from here.
CREATE TABLE outbox (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  channel   TEXT NOT NULL CHECK (channel IN ('sms')),
  recipient TEXT NOT NULL,
  body      TEXT NOT NULL
);
