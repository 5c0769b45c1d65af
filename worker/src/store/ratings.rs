//! Ratings (好差评), their work orders and events. A rating is inserted once per service
//! (`UNIQUE (kind, subject)`), with its work order in the same transaction when it is bad.
//! Invariant: no query that serves staff selects `citizen_id` — `RatedRow` has no such field.

use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{all, batch, exec, first, n, opt, s, stmt};

/// A new rating.
pub struct NewRating<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub citizen_id: Option<&'a str>,
    pub level: &'a str,
    pub dimensions: &'a str,
    pub comment: &'a str,
    pub hall_code: Option<&'a str>,
    pub window_code: Option<&'a str>,
    pub item_code: &'a str,
    pub rated_on: &'a str,
    pub now: i64,
    /// For a bad rating: the contact and fix deadlines of its work order.
    pub order: Option<(String, String)>,
}

/// A rating as the public figures count it: level, place, item, day — nothing more.
#[derive(Debug, Clone, Deserialize)]
pub struct RatedRow {
    pub level: String,
    pub hall_code: Option<String>,
    pub window_code: Option<String>,
    pub item_code: String,
    pub rated_on: String,
}

/// Inserts the rating (and its work order), unless the service was rated already. Returns
/// whether it was inserted.
pub async fn insert(db: &D1Database, r: &NewRating<'_>) -> Result<bool, Error> {
    let changed = exec(
        db,
        "rating insert",
        "INSERT INTO ratings (id, kind, subject, citizen_id, level, dimensions, comment,
             hall_code, window_code, item_code, rated_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (kind, subject) DO NOTHING",
        &[
            s(r.id),
            s(r.kind),
            s(r.subject),
            opt(r.citizen_id),
            s(r.level),
            s(r.dimensions),
            s(r.comment),
            opt(r.hall_code),
            opt(r.window_code),
            s(r.item_code),
            s(r.rated_on),
            n(r.now),
        ],
    )
    .await?;
    if changed != 1 {
        return Ok(false);
    }
    if let Some((contact, fix)) = &r.order {
        batch(
            db,
            "rating order",
            vec![stmt(
                db,
                "INSERT INTO rating_orders (rating_id, contact_due, fix_due, created_at)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (rating_id) DO NOTHING",
                &[s(r.id), s(contact), s(fix), n(r.now)],
            )?],
        )
        .await?;
    }
    Ok(true)
}

/// The rating of one service, for the citizen who gave it (with the work order's reply).
#[derive(Debug, Clone, Deserialize)]
pub struct MyRatingRow {
    pub kind: String,
    pub subject: String,
    pub level: String,
    pub dimensions: String,
    pub comment: String,
    pub is_default: f64,
    pub rated_on: String,
    pub reply: Option<String>,
    pub created_at: f64,
}

const MINE: &str = "SELECT r.kind, r.subject, r.level, r.dimensions, r.comment,
    r.is_default, r.rated_on, o.reply, r.created_at
    FROM ratings r LEFT JOIN rating_orders o ON o.rating_id = r.id";

pub async fn of_subject(
    db: &D1Database,
    kind: &str,
    subject: &str,
) -> Result<Option<MyRatingRow>, Error> {
    first(
        db,
        "rating of subject",
        &format!("{MINE} WHERE r.kind = ?1 AND r.subject = ?2"),
        &[s(kind), s(subject)],
    )
    .await
}

pub async fn of_citizen(db: &D1Database, citizen_id: &str) -> Result<Vec<MyRatingRow>, Error> {
    all(
        db,
        "ratings of citizen",
        &format!("{MINE} WHERE r.citizen_id = ?1 ORDER BY r.created_at DESC LIMIT 50"),
        &[s(citizen_id)],
    )
    .await
}

/// An on-site service as the rating needs it: whose ticket, whether finished, where.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceRow {
    pub citizen_id: Option<String>,
    pub phone: Option<String>,
    pub state: String,
    pub item_code: String,
    pub hall_code: String,
    pub window_code: Option<String>,
    pub finished_at: Option<f64>,
}

pub async fn service(db: &D1Database, ticket: &str) -> Result<Option<ServiceRow>, Error> {
    first(
        db,
        "rated service",
        "SELECT t.citizen_id, t.phone, t.state, t.item_code, t.hall_code, s.window_code,
             s.finished_at
         FROM tickets t LEFT JOIN services s ON s.ticket_id = t.id WHERE t.id = ?1",
        &[s(ticket)],
    )
    .await
}

/// A work order with its rating (never who gave it).
#[derive(Debug, Clone, Deserialize)]
pub struct OrderRow {
    pub id: String,
    pub kind: String,
    pub level: String,
    pub dimensions: String,
    pub comment: String,
    pub hall_code: Option<String>,
    pub window_code: Option<String>,
    pub item_code: String,
    pub rated_on: String,
    pub state: String,
    pub appeal_pending: f64,
    pub appealed: f64,
    pub contact_due: String,
    pub fix_due: String,
    pub fix_report: String,
    pub reply: String,
    pub version: f64,
}

fn orders_sql(filter: &str) -> String {
    format!(
        "SELECT r.id, r.kind, r.level, r.dimensions, r.comment, r.hall_code, r.window_code,
             r.item_code, r.rated_on, o.state, o.appeal_pending, o.appealed, o.contact_due, o.fix_due,
             o.fix_report, o.reply, o.version
         FROM rating_orders o JOIN ratings r ON r.id = o.rating_id {filter}"
    )
}

/// Open work orders oldest first, then the 50 latest closed.
pub async fn orders(db: &D1Database) -> Result<Vec<OrderRow>, Error> {
    let mut rows: Vec<OrderRow> = all(
        db,
        "rating orders open",
        &orders_sql(
            "WHERE o.state NOT IN ('replied', 'voided') OR o.appeal_pending = 1
             ORDER BY o.created_at LIMIT 300",
        ),
        &[],
    )
    .await?;
    let closed: Vec<OrderRow> = all(
        db,
        "rating orders closed",
        &orders_sql(
            "WHERE o.state IN ('replied', 'voided') AND o.appeal_pending = 0
             ORDER BY o.created_at DESC LIMIT 50",
        ),
        &[],
    )
    .await?;
    rows.extend(closed);
    Ok(rows)
}

pub async fn order(db: &D1Database, id: &str) -> Result<Option<OrderRow>, Error> {
    first(
        db,
        "rating order",
        &orders_sql("WHERE o.rating_id = ?1"),
        &[s(id)],
    )
    .await
}

/// The rating's owner, to tell them the hall's reply (read by the Worker itself, never
/// returned to staff).
pub async fn rater_phone(db: &D1Database, id: &str) -> Result<Option<String>, Error> {
    #[derive(Deserialize)]
    struct Phone {
        phone: String,
    }
    Ok(first::<Phone>(
        db,
        "rater phone",
        "SELECT c.phone FROM ratings r JOIN citizens c ON c.id = r.citizen_id WHERE r.id = ?1",
        &[s(id)],
    )
    .await?
    .map(|p| p.phone))
}

/// One event with the rating it belongs to.
#[derive(Debug, Clone, Deserialize)]
pub struct OrderEventRow {
    pub rating_id: String,
    pub at: f64,
    pub action: String,
    pub actor_id: Option<String>,
    pub note: String,
}

/// The events of several ratings in one query, oldest first.
pub async fn events_of(db: &D1Database, ids: &[String]) -> Result<Vec<OrderEventRow>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(ids).map_err(|_| Error::Unavailable)?;
    all(
        db,
        "rating events of orders",
        "SELECT rating_id, at, action, actor_id, note FROM rating_events
         WHERE rating_id IN (SELECT value FROM json_each(?1)) ORDER BY at, rowid",
        &[s(&ids)],
    )
    .await
}

/// The order's new state, written if its version is unchanged.
pub struct OrderChange<'a> {
    pub state: &'a str,
    pub appeal_pending: bool,
    pub appealed: bool,
    pub fix_report: &'a str,
    pub reply: &'a str,
    /// Void the rating (an upheld appeal).
    pub void: bool,
}

/// Writes the change and its event if the order's version is still `version`; false when it
/// moved on.
pub async fn save(
    db: &D1Database,
    id: &str,
    version: f64,
    c: &OrderChange<'_>,
    event: (i64, &str, &str, &str),
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "rating order step",
        "UPDATE rating_orders SET state = ?2, appeal_pending = ?3, appealed = ?4,
             fix_report = ?5, reply = ?6, version = version + 1
         WHERE rating_id = ?1 AND version = ?7",
        &[
            s(id),
            s(c.state),
            n(i64::from(c.appeal_pending)),
            n(i64::from(c.appealed)),
            s(c.fix_report),
            s(c.reply),
            n(version as i64),
        ],
    )
    .await?;
    if changed != 1 {
        return Ok(false);
    }
    let (at, action, actor, note) = event;
    let mut stmts: Vec<D1PreparedStatement> = vec![stmt(
        db,
        "INSERT INTO rating_events (rating_id, at, action, actor_id, note)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &[s(id), n(at), s(action), s(actor), s(note)],
    )?];
    if c.void {
        stmts.push(stmt(
            db,
            "UPDATE ratings SET voided = 1 WHERE id = ?1",
            &[s(id)],
        )?);
    }
    batch(db, "rating order records", stmts).await?;
    Ok(true)
}

/// Every counted rating since `since` (a day), for the public figures.
pub async fn counted_since(db: &D1Database, since: &str) -> Result<Vec<RatedRow>, Error> {
    all(
        db,
        "ratings counted",
        "SELECT level, hall_code, window_code, item_code, rated_on FROM ratings
         WHERE voided = 0 AND rated_on >= ?1 LIMIT 50000",
        &[s(since)],
    )
    .await
}

/// Records 基本满意 by default for services finished and applications decided at least 7 days
/// ago (and at most 60, so the pass stays small) that nobody rated. Returns how many.
pub async fn record_defaults(
    db: &D1Database,
    now: i64,
    rated_on: &str,
    decided_before: &str,
    decided_after: &str,
) -> Result<u32, Error> {
    let cutoff = now - hall_domain::rating::RATE_WITHIN_SECS;
    let on_site = exec(
        db,
        "default ratings on site",
        "INSERT INTO ratings (id, kind, subject, level, is_default, hall_code, window_code,
             item_code, rated_on, created_at)
         SELECT 'r_' || lower(hex(randomblob(8))), 'on_site', s.ticket_id, 'basic', 1,
             s.hall_code, s.window_code, s.item_code, ?1, ?2
         FROM services s
         WHERE s.finished_at <= ?3 AND s.finished_at > ?3 - 53 * 86400
           AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.kind = 'on_site'
                           AND r.subject = s.ticket_id)
         ON CONFLICT (kind, subject) DO NOTHING",
        &[s(rated_on), n(now), n(cutoff)],
    )
    .await?;
    let online = exec(
        db,
        "default ratings online",
        "INSERT INTO ratings (id, kind, subject, level, is_default, hall_code, item_code,
             rated_on, created_at)
         SELECT 'r_' || lower(hex(randomblob(8))), 'online', a.id, 'basic', 1, a.hall_code,
             a.item_code, ?1, ?2
         FROM applications a
         WHERE a.citizen_id IS NOT NULL AND a.decided_on IS NOT NULL
           AND a.decided_on <= ?3 AND a.decided_on > ?4
           AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.kind = 'online' AND r.subject = a.id)
         ON CONFLICT (kind, subject) DO NOTHING",
        &[s(rated_on), n(now), s(decided_before), s(decided_after)],
    )
    .await?;
    Ok((on_site + online) as u32)
}
