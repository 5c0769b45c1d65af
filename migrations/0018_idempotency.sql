-- Idempotency keys, each scoped to its caller, method and path: the stored key is the SHA-256
-- of hall_domain::idempotency::scope_text, and record tables store that same hash in their
-- idempotency_key column, so two callers can never meet on one key. The fingerprint is the
-- SHA-256 of the first request's canonical body: the same key with another body is refused.
CREATE TABLE idempotency_keys (
  key         TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
