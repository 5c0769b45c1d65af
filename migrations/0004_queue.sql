-- Tickets and the live queue (standard 6.2), booking reminders and the no-show policy (5.5.2).

-- Online booking suspended after no-shows, until then (Unix seconds).
ALTER TABLE citizens ADD COLUMN booking_suspended_until INTEGER;
-- Which reminders a booking has had (the day before, the hour before).
ALTER TABLE bookings ADD COLUMN reminded_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN reminded_hour INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_due ON bookings (status, starts_at);

-- The last ticket sequence of a group in a hall on a day.
CREATE TABLE ticket_counters (
  hall_code  TEXT NOT NULL REFERENCES halls (code),
  day        TEXT NOT NULL,
  group_code TEXT NOT NULL REFERENCES item_groups (code),
  seq        INTEGER NOT NULL,
  PRIMARY KEY (hall_code, day, group_code)
);

-- Tickets. The id is random and is the only key to the citizen's ticket page.
CREATE TABLE tickets (
  id              TEXT PRIMARY KEY,
  hall_code       TEXT NOT NULL REFERENCES halls (code),
  day             TEXT NOT NULL,              -- YYYY-MM-DD, hall time
  number          TEXT NOT NULL,              -- e.g. A023
  group_code      TEXT NOT NULL REFERENCES item_groups (code), -- changes on transfer
  item_code       TEXT NOT NULL REFERENCES items (code),
  origin          TEXT NOT NULL CHECK (origin IN ('walk_in', 'booked')),
  booking_id      TEXT UNIQUE REFERENCES bookings (id),
  citizen_id      TEXT REFERENCES citizens (id),
  phone           TEXT,                       -- a walk-in's number for the reminder, if given
  idempotency_key TEXT UNIQUE,
  state           TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'missed')),
  queued_at       INTEGER NOT NULL,
  window_code     TEXT,
  called_at       INTEGER,
  missed_at       INTEGER,
  rejoined        INTEGER NOT NULL DEFAULT 0,
  reminded        INTEGER NOT NULL DEFAULT 0,
  served_by       TEXT REFERENCES staff (id),
  finished_at     INTEGER,
  version         INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL
);
CREATE INDEX tickets_queue ON tickets (hall_code, day, state);

-- Who has a window open, and how many bookings it called in a row (the serving order).
CREATE TABLE window_state (
  hall_code     TEXT NOT NULL,
  window_code   TEXT NOT NULL,
  staff_id      TEXT REFERENCES staff (id),
  open          INTEGER NOT NULL DEFAULT 0,
  booked_streak INTEGER NOT NULL DEFAULT 0,
  changed_at    INTEGER NOT NULL,
  PRIMARY KEY (hall_code, window_code)   -- windows are reloaded with the set-up: no foreign key
);

-- Everything that happened to a ticket, with the window and clerk: the hand-over record of
-- transfers (首办负责) and the calls the display board shows.
CREATE TABLE ticket_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id   TEXT NOT NULL REFERENCES tickets (id),
  hall_code   TEXT NOT NULL,
  at          INTEGER NOT NULL,
  event       TEXT NOT NULL,   -- issued, checked_in, called, recalled, started, finished, missed, rejoined, transferred
  window_code TEXT,
  staff_id    TEXT,
  detail      TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id);
CREATE INDEX ticket_events_hall ON ticket_events (hall_code, event, id);

-- A counter per hall, bumped by every change to its queue: the ETag of the ticket page and
-- the board.
CREATE TABLE queue_versions (
  hall_code TEXT PRIMARY KEY,
  version   INTEGER NOT NULL
);

-- Services delivered: one row per finished ticket (the ratings rely on it).
CREATE TABLE services (
  ticket_id   TEXT PRIMARY KEY REFERENCES tickets (id),
  citizen_id  TEXT REFERENCES citizens (id),
  booking_id  TEXT,
  hall_code   TEXT NOT NULL,
  window_code TEXT NOT NULL,
  staff_id    TEXT NOT NULL REFERENCES staff (id),
  item_code   TEXT NOT NULL,
  finished_at INTEGER NOT NULL
);
CREATE INDEX services_citizen ON services (citizen_id, finished_at);
