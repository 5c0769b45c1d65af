//! The outbox: every message handed to the notifier.

use hall_domain::dto::OutboxMessage;
use hall_domain::identity::mask_phone;
use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{all, exec, n, s};

pub async fn put(db: &D1Database, now: i64, recipient: &str, body: &str) -> Result<(), Error> {
    exec(
        db,
        "outbox put",
        "INSERT INTO outbox (at, channel, recipient, body) VALUES (?1, 'sms', ?2, ?3)",
        &[n(now), s(recipient), s(body)],
    )
    .await
    .map(|_| ())
}

#[derive(Deserialize)]
struct Row {
    id: f64,
    at: f64,
    channel: String,
    recipient: String,
    body: String,
}

/// The newest messages, optionally only those to one recipient.
pub async fn list(db: &D1Database, recipient: Option<&str>) -> Result<Vec<OutboxMessage>, Error> {
    let rows: Vec<Row> = match recipient {
        Some(r) => {
            all(
                db,
                "outbox list",
                "SELECT id, at, channel, recipient, body FROM outbox WHERE recipient = ?1 ORDER BY id DESC LIMIT 50",
                &[s(r)],
            )
            .await?
        }
        None => {
            all(
                db,
                "outbox list",
                "SELECT id, at, channel, recipient, body FROM outbox ORDER BY id DESC LIMIT 50",
                &[],
            )
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| OutboxMessage {
            id: r.id as i64,
            at: r.at as i64,
            channel: r.channel,
            to_masked: mask_phone(&r.recipient),
            body: r.body,
        })
        .collect())
}
