-- The hall's kiosks (defect: check-ins could be guessed and walk-in tickets taken without
-- limit). The hall manager registers a kiosk for one hall and gets its key once; only the
-- key's SHA-256 is kept. A revoked key stays, so the audit trail can name the device.
CREATE TABLE kiosk_devices (
  id            TEXT PRIMARY KEY,
  hall_code     TEXT NOT NULL,
  name          TEXT NOT NULL,
  key_hash      TEXT NOT NULL UNIQUE,
  registered_at INTEGER NOT NULL,
  registered_by TEXT NOT NULL REFERENCES staff (id),
  -- The registration's idempotency key (scoped to the manager), so a retry finds it.
  request_key   TEXT UNIQUE,
  revoked_at    INTEGER,
  revoked_by    TEXT REFERENCES staff (id)
);
CREATE INDEX kiosk_devices_hall ON kiosk_devices (hall_code, registered_at);
