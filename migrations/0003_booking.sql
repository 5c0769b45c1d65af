-- Halls, item groups, windows and bookings (standard 6.1). Times are Unix seconds; slot dates
-- are YYYY-MM-DD and slot starts HH:MM in the hall's time (UTC+8).

-- A city hall and its district halls.
CREATE TABLE halls (
  code     TEXT PRIMARY KEY,               -- e.g. city, tianhe
  name     TEXT NOT NULL,
  address  TEXT NOT NULL,
  area     TEXT NOT NULL,                  -- floor / area where the kiosk and windows are
  periods  TEXT NOT NULL,                  -- JSON [{start, end}] of a working day
  sort     INTEGER NOT NULL
);

-- Item groups: the letter of their ticket numbers, and the items they serve.
CREATE TABLE item_groups (
  code TEXT PRIMARY KEY CHECK (length(code) = 1),
  name TEXT NOT NULL
);
CREATE TABLE item_group_items (
  group_code TEXT NOT NULL REFERENCES item_groups (code),
  item_code  TEXT NOT NULL REFERENCES items (code),
  PRIMARY KEY (item_code)
);

-- Places per slot for each hall and item group.
CREATE TABLE booking_capacity (
  hall_code  TEXT NOT NULL REFERENCES halls (code),
  group_code TEXT NOT NULL REFERENCES item_groups (code),
  places     INTEGER NOT NULL CHECK (places >= 0),
  PRIMARY KEY (hall_code, group_code)
);

-- Windows of a hall and the item groups each serves.
CREATE TABLE windows (
  hall_code TEXT NOT NULL REFERENCES halls (code),
  code      TEXT NOT NULL,                 -- e.g. A01
  name      TEXT NOT NULL,
  groups    TEXT NOT NULL,                 -- group letters, e.g. "AB"
  PRIMARY KEY (hall_code, code)
);

-- Bookings. A booking takes a place only while active or checked in.
CREATE TABLE bookings (
  id              TEXT PRIMARY KEY,        -- appointment number, e.g. Y2609290001
  citizen_id      TEXT NOT NULL REFERENCES citizens (id),
  idempotency_key TEXT NOT NULL,
  hall_code       TEXT NOT NULL REFERENCES halls (code),
  item_code       TEXT NOT NULL REFERENCES items (code),
  group_code      TEXT NOT NULL REFERENCES item_groups (code),
  date            TEXT NOT NULL,
  start           TEXT NOT NULL,
  starts_at       INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('active', 'cancelled', 'checked_in', 'no_show')),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (citizen_id, idempotency_key)
);
CREATE INDEX bookings_slot ON bookings (hall_code, group_code, date, start, status);
CREATE INDEX bookings_citizen ON bookings (citizen_id, date);
