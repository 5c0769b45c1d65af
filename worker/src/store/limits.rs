//! Fixed one-hour rate windows kept in D1 (`rate_counters`).

use hall_domain::account::{hour_window, until_next_hour};
use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{exec, first, n, s};

#[derive(Deserialize)]
struct Count {
    count: f64,
}

/// Counts one more event under `key` in the current hour; refuses once `limit` is passed.
pub async fn hit(db: &D1Database, key: &str, now: i64, limit: u32) -> Result<(), Error> {
    let window = hour_window(now);
    let row: Option<Count> = first(
        db,
        "rate counter",
        "INSERT INTO rate_counters (key, window, count) VALUES (?1, ?2, 1)
         ON CONFLICT (key, window) DO UPDATE SET count = count + 1
         RETURNING count",
        &[s(key), n(window)],
    )
    .await?;
    match row {
        Some(r) if r.count > f64::from(limit) => Err(Error::RateLimited {
            wait_secs: until_next_hour(now),
        }),
        _ => Ok(()),
    }
}

/// Gives back the event [`hit`] counted under `key` this hour (an attempt that turned out to be
/// allowed without limit, such as a kiosk check-in that found its booking).
pub async fn give_back(db: &D1Database, key: &str, now: i64) -> Result<(), Error> {
    exec(
        db,
        "rate give back",
        "UPDATE rate_counters SET count = count - 1
          WHERE key = ?1 AND window = ?2 AND count > 0",
        &[s(key), n(hour_window(now))],
    )
    .await
    .map(|_| ())
}

/// Counts one sign-in attempt (code or password) from a client address.
pub async fn sign_in_attempt(db: &D1Database, client: &str, now: i64) -> Result<(), Error> {
    hit(
        db,
        &format!("sign-in:client:{client}"),
        now,
        hall_domain::account::SIGN_INS_PER_CLIENT_HOUR,
    )
    .await
}

/// Forgets windows older than the previous hour.
pub async fn prune(db: &D1Database, now: i64) -> Result<(), Error> {
    exec(
        db,
        "rate prune",
        "DELETE FROM rate_counters WHERE window < ?1",
        &[n(hour_window(now) - 3600)],
    )
    .await
    .map(|_| ())
}
