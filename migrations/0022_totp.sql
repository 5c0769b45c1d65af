-- Two-factor sign-in for staff (TOTP, RFC 6238). A secret is pending until the first code
-- confirms it; the last step used is kept so a code works once. Recovery codes are stored as
-- their SHA-256, each used once.
CREATE TABLE staff_totp (
  staff_id   TEXT PRIMARY KEY REFERENCES staff (id),
  secret     TEXT NOT NULL,            -- base32
  enabled_at INTEGER,                  -- NULL while pending
  last_step  INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE staff_recovery_codes (
  staff_id  TEXT NOT NULL REFERENCES staff (id),
  code_hash TEXT NOT NULL,
  used_at   INTEGER,
  PRIMARY KEY (staff_id, code_hash)
);
