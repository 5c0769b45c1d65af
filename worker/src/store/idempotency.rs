//! Idempotency keys and the fingerprint of the request each was first sent with.

use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{first, n, s};

#[derive(Deserialize)]
struct Fingerprint {
    fingerprint: String,
}

/// The fingerprint stored with a key, if the key was claimed.
pub async fn fingerprint(db: &D1Database, key: &str) -> Result<Option<String>, Error> {
    let row: Option<Fingerprint> = first(
        db,
        "idempotency read",
        "SELECT fingerprint FROM idempotency_keys WHERE key = ?1",
        &[s(key)],
    )
    .await?;
    Ok(row.map(|r| r.fingerprint))
}

/// Claims a key for a fingerprint in one statement and returns the fingerprint that holds it:
/// this one, or the one of a request that claimed it first.
pub async fn claim(
    db: &D1Database,
    key: &str,
    fingerprint: &str,
    now: i64,
) -> Result<String, Error> {
    let row: Option<Fingerprint> = first(
        db,
        "idempotency claim",
        "INSERT INTO idempotency_keys (key, fingerprint, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET key = excluded.key
         RETURNING fingerprint",
        &[s(key), s(fingerprint), n(now)],
    )
    .await?;
    row.map(|r| r.fingerprint).ok_or(Error::Unavailable)
}

/// Gives up a claim whose request was refused after all, so the key may carry another request.
pub async fn release(db: &D1Database, key: &str, fingerprint: &str) -> Result<(), Error> {
    super::exec(
        db,
        "idempotency release",
        "DELETE FROM idempotency_keys WHERE key = ?1 AND fingerprint = ?2",
        &[s(key), s(fingerprint)],
    )
    .await
    .map(|_| ())
}
