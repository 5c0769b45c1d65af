//! 代办 requests and their events. A staff action writes over the row only if its version is
//! unchanged, with the event in the same transaction.

use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

pub use super::Note;
use super::{all, first, n, opt, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct ProxyRow {
    pub id: String,
    pub citizen_id: String,
    pub item_code: String,
    pub reason: String,
    pub way: String,
    pub address: String,
    pub applicant_name: String,
    pub phone: String,
    pub note: String,
    pub state: String,
    pub assignee_id: Option<String>,
    pub application_id: Option<String>,
    pub idempotency_key: String,
    pub version: f64,
    pub created_at: f64,
}

const COLUMNS: &str = "id, citizen_id, item_code, reason, way, address, applicant_name, phone,
    note, state, assignee_id, application_id, idempotency_key, version, created_at";

#[derive(Debug, Clone, Deserialize)]
pub struct ProxyEventRow {
    pub at: f64,
    pub action: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub note: String,
    pub said: Option<String>,
}

/// One event to record.
pub struct ProxyEvent<'a> {
    pub proxy_id: &'a str,
    pub at: i64,
    pub action: &'a str,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub note: Note<'a>,
}

fn event(db: &D1Database, e: &ProxyEvent<'_>) -> Result<D1PreparedStatement, Error> {
    let [note, said] = e.note.values();
    stmt(
        db,
        "INSERT INTO proxy_events (proxy_id, at, action, actor_kind, actor_id, note, said)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            s(e.proxy_id),
            n(e.at),
            s(e.action),
            s(e.actor_kind),
            opt(e.actor_id),
            note,
            said,
        ],
    )
}

/// Inserts a request with its first event, unless its idempotency key was used (then nothing).
pub async fn insert(db: &D1Database, r: &ProxyRow) -> Result<(), Error> {
    let insert = stmt(
        db,
        "INSERT INTO proxy_requests (id, citizen_id, item_code, reason, way, address,
             applicant_name, phone, note, idempotency_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)
         ON CONFLICT (idempotency_key) DO NOTHING",
        &[
            s(&r.id),
            s(&r.citizen_id),
            s(&r.item_code),
            s(&r.reason),
            s(&r.way),
            s(&r.address),
            s(&r.applicant_name),
            s(&r.phone),
            s(&r.note),
            s(&r.idempotency_key),
            n(r.created_at as i64),
        ],
    )?;
    // The event only for the row this insert made.
    let first_event = stmt(
        db,
        "INSERT INTO proxy_events (proxy_id, at, action, actor_kind, actor_id, note)
         SELECT id, created_at, 'request', 'citizen', citizen_id, ''
         FROM proxy_requests WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM proxy_events WHERE proxy_id = ?1)",
        &[s(&r.id)],
    )?;
    super::batch(db, "proxy insert", vec![insert, first_event]).await
}

pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<ProxyRow>, Error> {
    first(
        db,
        "proxy",
        &format!("SELECT {COLUMNS} FROM proxy_requests WHERE id = ?1"),
        &[s(id)],
    )
    .await
}

pub async fn by_key(db: &D1Database, key: &str) -> Result<Option<ProxyRow>, Error> {
    first(
        db,
        "proxy by key",
        &format!("SELECT {COLUMNS} FROM proxy_requests WHERE idempotency_key = ?1"),
        &[s(key)],
    )
    .await
}

pub async fn of_citizen(db: &D1Database, citizen_id: &str) -> Result<Vec<ProxyRow>, Error> {
    all(
        db,
        "proxy of citizen",
        &format!(
            "SELECT {COLUMNS} FROM proxy_requests WHERE citizen_id = ?1
             ORDER BY created_at DESC LIMIT 50"
        ),
        &[s(citizen_id)],
    )
    .await
}

/// Open requests first (oldest first: they have waited longest), then the 50 latest closed.
pub async fn for_staff(db: &D1Database) -> Result<Vec<ProxyRow>, Error> {
    let mut rows: Vec<ProxyRow> = all(
        db,
        "proxy open",
        &format!(
            "SELECT {COLUMNS} FROM proxy_requests
             WHERE state IN ('requested', 'assigned', 'in_progress')
             ORDER BY created_at LIMIT 200"
        ),
        &[],
    )
    .await?;
    let closed: Vec<ProxyRow> = all(
        db,
        "proxy closed",
        &format!(
            "SELECT {COLUMNS} FROM proxy_requests
             WHERE state IN ('done', 'declined', 'cancelled')
             ORDER BY updated_at DESC LIMIT 50"
        ),
        &[],
    )
    .await?;
    rows.extend(closed);
    Ok(rows)
}

pub async fn events(db: &D1Database, id: &str) -> Result<Vec<ProxyEventRow>, Error> {
    all(
        db,
        "proxy events",
        "SELECT at, action, actor_kind, actor_id, note, said FROM proxy_events WHERE proxy_id = ?1
         ORDER BY at, rowid",
        &[s(id)],
    )
    .await
}

/// Writes `next` over the row if its version is still `version`, then records the event and
/// `more` (an audit record). Returns false when the row had moved on.
pub async fn save(
    db: &D1Database,
    version: f64,
    next: &ProxyRow,
    e: &ProxyEvent<'_>,
    more: Vec<D1PreparedStatement>,
) -> Result<bool, Error> {
    let changed = super::exec(
        db,
        "proxy step",
        "UPDATE proxy_requests SET state = ?2, assignee_id = ?3, application_id = ?4,
             version = version + 1, updated_at = ?5
         WHERE id = ?1 AND version = ?6",
        &[
            s(&next.id),
            s(&next.state),
            opt(next.assignee_id.as_deref()),
            opt(next.application_id.as_deref()),
            n(e.at),
            n(version as i64),
        ],
    )
    .await?;
    if changed != 1 {
        return Ok(false);
    }
    let mut stmts = vec![event(db, e)?];
    stmts.extend(more);
    super::batch(db, "proxy step records", stmts).await?;
    Ok(true)
}
