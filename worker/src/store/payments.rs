//! Payment orders of applications' fees. A provider's callback marks an order paid only while it
//! is pending, and a refund only while it is paid, so repeated callbacks and retried refunds
//! change nothing.

use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::applications::Event;
use super::{first, n, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct PayRow {
    pub id: String,
    pub application_id: String,
    pub amount_fen: f64,
    pub provider: String,
    pub state: String,
    pub created_at: f64,
    pub paid_at: Option<f64>,
    pub provider_ref: Option<String>,
    pub receipt_no: Option<String>,
    pub refunded_at: Option<f64>,
    pub refund_ref: Option<String>,
    pub refund_reason: Option<String>,
}

const COLUMNS: &str = "id, application_id, amount_fen, provider, state, created_at, paid_at,
    provider_ref, receipt_no, refunded_at, refund_ref, refund_reason";

/// The application's latest order: the paid one if any, else the newest pending one.
pub async fn of_application(
    db: &D1Database,
    application_id: &str,
) -> Result<Option<PayRow>, Error> {
    first(
        db,
        "payment",
        &format!(
            "SELECT {COLUMNS} FROM payments WHERE application_id = ?1
             ORDER BY state = 'pending', created_at DESC LIMIT 1"
        ),
        &[s(application_id)],
    )
    .await
}

pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<PayRow>, Error> {
    first(
        db,
        "payment",
        &format!("SELECT {COLUMNS} FROM payments WHERE id = ?1"),
        &[s(id)],
    )
    .await
}

/// The order a provider's transaction paid, if any.
pub async fn by_provider_ref(
    db: &D1Database,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<PayRow>, Error> {
    first(
        db,
        "payment by transaction",
        &format!("SELECT {COLUMNS} FROM payments WHERE provider = ?1 AND provider_ref = ?2"),
        &[s(provider), s(provider_ref)],
    )
    .await
}

/// A new pending order.
pub async fn insert(db: &D1Database, r: &PayRow) -> Result<(), Error> {
    super::exec(
        db,
        "payment insert",
        "INSERT INTO payments (id, application_id, amount_fen, provider, state, created_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5)",
        &[
            s(&r.id),
            s(&r.application_id),
            n(r.amount_fen as i64),
            s(&r.provider),
            n(r.created_at as i64),
        ],
    )
    .await?;
    Ok(())
}

/// Marks a pending order paid, with the application's event, in one transaction. Returns false
/// when the order was not pending (a repeated callback).
pub async fn mark_paid(
    db: &D1Database,
    id: &str,
    provider_ref: &str,
    receipt_no: &str,
    event: &Event<'_>,
) -> Result<bool, Error> {
    let update = stmt(
        db,
        "UPDATE payments SET state = 'paid', paid_at = ?2, provider_ref = ?3, receipt_no = ?4
         WHERE id = ?1 AND state = 'pending'",
        &[s(id), n(event.at), s(provider_ref), s(receipt_no)],
    )?;
    changed_with_event(db, "payment paid", update, id, "paid", event).await
}

/// Marks a paid order refunded, with the application's event. Returns false when it was not
/// paid (already refunded).
pub async fn mark_refunded(
    db: &D1Database,
    id: &str,
    refund_ref: &str,
    reason: &str,
    event: &Event<'_>,
) -> Result<bool, Error> {
    let update = stmt(
        db,
        "UPDATE payments SET state = 'refunded', refunded_at = ?2, refund_ref = ?3,
             refund_reason = ?4
         WHERE id = ?1 AND state = 'paid'",
        &[s(id), n(event.at), s(refund_ref), s(reason)],
    )?;
    changed_with_event(db, "payment refund", update, id, "refunded", event).await
}

/// Runs `update` and records the event in one transaction; the event is written only while the
/// order is in its new `state` and the application has no event of that step yet (one order per
/// application is ever paid). Returns whether the update changed the order.
async fn changed_with_event(
    db: &D1Database,
    what: &str,
    update: D1PreparedStatement,
    id: &str,
    state: &str,
    event: &Event<'_>,
) -> Result<bool, Error> {
    let [note, said] = event.note.values();
    let record = stmt(
        db,
        "INSERT INTO application_events (application_id, at, step, status, actor_kind,
             actor_id, note, said)
         SELECT ?1, ?2, ?3, ?4, ?5, NULL, ?6, ?9
         WHERE EXISTS (SELECT 1 FROM payments WHERE id = ?7 AND state = ?8)
           AND NOT EXISTS (SELECT 1 FROM application_events WHERE application_id = ?1 AND step = ?3)",
        &[
            s(event.application_id),
            n(event.at),
            s(event.step),
            s(event.status),
            s(event.actor_kind),
            note,
            s(id),
            s(state),
            said,
        ],
    )?;
    let results = db
        .batch(vec![update, record])
        .await
        .map_err(|e| crate::http::unavailable(what, e))?;
    Ok(results
        .first()
        .and_then(|r| r.meta().ok().flatten())
        .and_then(|m| m.changes)
        .unwrap_or(0)
        > 0)
}
