//! Complaints, their events and attachments. A new complaint, its attachments and its first
//! event are one transaction, and a retried idempotency key adds nothing; a staff action writes
//! over the row only if its version is unchanged, then records the event.

use hall_domain::Error;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

pub use super::Note;
use super::{all, batch, exec, first, n, opt, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct ComplaintRow {
    pub id: String,
    pub citizen_id: Option<String>,
    pub channel: String,
    pub category: String,
    pub window_no: String,
    pub staff_no: String,
    pub item_code: Option<String>,
    pub facts: String,
    pub complainant_name: String,
    pub complainant_phone: String,
    pub confidential: f64,
    pub state: String,
    pub department: Option<String>,
    pub joint: f64,
    pub decline_reason: Option<String>,
    pub reply: String,
    pub submitted_on: String,
    pub accepted_on: Option<String>,
    pub replied_on: Option<String>,
    pub visit_resolved: Option<f64>,
    pub visit_satisfied: Option<f64>,
    pub rating: Option<String>,
    pub rating_resolved: Option<f64>,
    pub rating_comment: String,
    pub officer_id: Option<String>,
    pub idempotency_key: String,
    pub version: f64,
    pub created_at: f64,
}

const COLUMNS: &str = "id, citizen_id, channel, category, window_no, staff_no, item_code, facts,
    complainant_name, complainant_phone, confidential, state, department, joint, decline_reason,
    reply, submitted_on, accepted_on, replied_on, visit_resolved, visit_satisfied, rating,
    rating_resolved, rating_comment, officer_id, idempotency_key, version, created_at";

#[derive(Debug, Clone, Deserialize)]
pub struct EventRow {
    pub at: f64,
    pub action: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub note: String,
    pub said: Option<String>,
}

/// One event to record.
#[derive(Clone, Copy)]
pub struct Event<'a> {
    pub complaint_id: &'a str,
    pub at: i64,
    pub action: &'a str,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub note: Note<'a>,
    /// Set for the complainant's additions, so a retry adds nothing.
    pub key: Option<&'a str>,
}

impl Event<'_> {
    fn insert(&self, db: &D1Database) -> Result<D1PreparedStatement, Error> {
        // Only for a complaint that exists: a retried submission inserts no second event.
        let [note, said] = self.note.values();
        stmt(
            db,
            "INSERT INTO complaint_events (complaint_id, at, action, actor_kind, actor_id, note,
                 idempotency_key, said)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM complaints WHERE id = ?1)
             ON CONFLICT (idempotency_key) DO NOTHING",
            &[
                s(self.complaint_id),
                n(self.at),
                s(self.action),
                s(self.actor_kind),
                opt(self.actor_id),
                note,
                opt(self.key),
                said,
            ],
        )
    }
}

/// An attachment to store.
pub struct NewAttachment {
    pub content_type: &'static str,
    pub size: usize,
    pub base64: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AttachmentMeta {
    pub n: f64,
    pub content_type: String,
    pub size: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AttachmentData {
    pub content_type: String,
    pub data: String,
}

/// Inserts a complaint with its first event in one transaction, unless its idempotency key was
/// used before or (once in 2^65) its number is taken: then nothing is written.
pub async fn insert(db: &D1Database, r: &ComplaintRow, e: &Event<'_>) -> Result<(), Error> {
    let mut stmts = vec![stmt(
        db,
        "INSERT INTO complaints (id, citizen_id, channel, category, window_no, staff_no, item_code,
             facts, complainant_name, complainant_phone, confidential, state, submitted_on,
             idempotency_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'submitted', ?12, ?13, ?14)
         ON CONFLICT DO NOTHING",
        &[
            s(&r.id),
            opt(r.citizen_id.as_deref()),
            s(&r.channel),
            s(&r.category),
            s(&r.window_no),
            s(&r.staff_no),
            opt(r.item_code.as_deref()),
            s(&r.facts),
            s(&r.complainant_name),
            s(&r.complainant_phone),
            n(r.confidential as i64),
            s(&r.submitted_on),
            s(&r.idempotency_key),
            n(r.created_at as i64),
        ],
    )?];
    // The first event only when this very complaint was written.
    let [note, said] = e.note.values();
    stmts.push(stmt(
        db,
        "INSERT INTO complaint_events (complaint_id, at, action, actor_kind, actor_id, note, said)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
         WHERE EXISTS (SELECT 1 FROM complaints WHERE id = ?1 AND idempotency_key = ?8)",
        &[
            s(e.complaint_id),
            n(e.at),
            s(e.action),
            s(e.actor_kind),
            opt(e.actor_id),
            note,
            said,
            s(&r.idempotency_key),
        ],
    )?);
    batch(db, "complaint insert", stmts).await
}

pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<ComplaintRow>, Error> {
    first(
        db,
        "complaint",
        &format!("SELECT {COLUMNS} FROM complaints WHERE id = ?1"),
        &[s(id)],
    )
    .await
}

pub async fn by_key(db: &D1Database, key: &str) -> Result<Option<ComplaintRow>, Error> {
    first(
        db,
        "complaint by key",
        &format!("SELECT {COLUMNS} FROM complaints WHERE idempotency_key = ?1"),
        &[s(key)],
    )
    .await
}

/// A citizen's complaints: those they sent, and those staff logged with their phone number.
pub async fn of_citizen(
    db: &D1Database,
    citizen_id: &str,
    phone: &str,
) -> Result<Vec<ComplaintRow>, Error> {
    all(
        db,
        "complaints of citizen",
        &format!(
            "SELECT {COLUMNS} FROM complaints WHERE citizen_id = ?1
             UNION SELECT {COLUMNS} FROM complaints WHERE complainant_phone = ?2 AND ?2 != ''
             ORDER BY created_at DESC LIMIT 50"
        ),
        &[s(citizen_id), s(phone)],
    )
    .await
}

/// Open complaints oldest first, then the 50 latest closed ones; only one department's when
/// `departments` is given.
pub async fn for_staff(
    db: &D1Database,
    departments: Option<&[String]>,
) -> Result<Vec<ComplaintRow>, Error> {
    // ?1 is NULL for everyone's complaints, else a JSON array of department codes.
    let scope = match departments {
        None => JsValue::NULL,
        Some([]) => return Ok(Vec::new()),
        Some(codes) => s(&serde_json::to_string(codes).map_err(|_| Error::Unavailable)?),
    };
    let filter = "(?1 IS NULL OR department IN (SELECT value FROM json_each(?1)))";
    let mut rows: Vec<ComplaintRow> = all(
        db,
        "complaints open",
        &format!(
            "SELECT {COLUMNS} FROM complaints
             WHERE state NOT IN ('declined', 'visited', 'archived') AND {filter}
             ORDER BY created_at LIMIT 300"
        ),
        std::slice::from_ref(&scope),
    )
    .await?;
    let closed: Vec<ComplaintRow> = all(
        db,
        "complaints closed",
        &format!(
            "SELECT {COLUMNS} FROM complaints
             WHERE state IN ('declined', 'visited', 'archived') AND {filter}
             ORDER BY created_at DESC LIMIT 50"
        ),
        &[scope],
    )
    .await?;
    rows.extend(closed);
    Ok(rows)
}

/// The complaints submitted in a month (`YYYY-MM`), for the figures.
pub async fn of_month(db: &D1Database, month: &str) -> Result<Vec<ComplaintRow>, Error> {
    all(
        db,
        "complaints of month",
        &format!(
            "SELECT {COLUMNS} FROM complaints WHERE submitted_on >= ?1 AND submitted_on < ?2
             LIMIT 10000"
        ),
        &[s(&format!("{month}-01")), s(&format!("{month}-32"))],
    )
    .await
}

pub async fn events(db: &D1Database, id: &str) -> Result<Vec<EventRow>, Error> {
    all(
        db,
        "complaint events",
        "SELECT at, action, actor_kind, actor_id, note, said FROM complaint_events
         WHERE complaint_id = ?1 ORDER BY at, rowid",
        &[s(id)],
    )
    .await
}

pub async fn attachments(db: &D1Database, id: &str) -> Result<Vec<AttachmentMeta>, Error> {
    all(
        db,
        "complaint attachments",
        "SELECT n, content_type, size FROM complaint_attachments WHERE complaint_id = ?1
         ORDER BY n",
        &[s(id)],
    )
    .await
}

pub async fn attachment(
    db: &D1Database,
    id: &str,
    index: i64,
) -> Result<Option<AttachmentData>, Error> {
    first(
        db,
        "complaint attachment",
        "SELECT content_type, data FROM complaint_attachments WHERE complaint_id = ?1 AND n = ?2",
        &[s(id), n(index)],
    )
    .await
}

fn flag(v: Option<f64>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_f64)
}

/// Writes `next` over the row if its version is still `version`, then records the event.
/// Returns false when the row had moved on.
pub async fn save(
    db: &D1Database,
    version: f64,
    next: &ComplaintRow,
    e: &Event<'_>,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "complaint step",
        "UPDATE complaints SET state = ?2, department = ?3, joint = ?4, decline_reason = ?5,
             reply = ?6, accepted_on = ?7, replied_on = ?8, visit_resolved = ?9,
             visit_satisfied = ?10, rating = ?11, rating_resolved = ?12, rating_comment = ?13,
             officer_id = ?14, version = version + 1
         WHERE id = ?1 AND version = ?15",
        &[
            s(&next.id),
            s(&next.state),
            opt(next.department.as_deref()),
            n(next.joint as i64),
            opt(next.decline_reason.as_deref()),
            s(&next.reply),
            opt(next.accepted_on.as_deref()),
            opt(next.replied_on.as_deref()),
            flag(next.visit_resolved),
            flag(next.visit_satisfied),
            opt(next.rating.as_deref()),
            flag(next.rating_resolved),
            s(&next.rating_comment),
            opt(next.officer_id.as_deref()),
            n(version as i64),
        ],
    )
    .await?;
    if changed != 1 {
        return Ok(false);
    }
    batch(db, "complaint step event", vec![e.insert(db)?]).await?;
    Ok(true)
}

/// Adds an image as the next of the complaint's attachments, unless it has `MAX_ATTACHMENTS`
/// already or the key was used; then records the event. Returns whether it was added.
pub async fn attach(
    db: &D1Database,
    a: &NewAttachment,
    key: &str,
    e: &Event<'_>,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "complaint attach",
        "INSERT INTO complaint_attachments (complaint_id, n, content_type, size, data,
             idempotency_key)
         SELECT ?1, (SELECT COALESCE(MAX(n) + 1, 0) FROM complaint_attachments
                     WHERE complaint_id = ?1), ?2, ?3, ?4, ?5
         WHERE (SELECT COUNT(*) FROM complaint_attachments WHERE complaint_id = ?1) < ?6
         ON CONFLICT DO NOTHING",
        &[
            s(e.complaint_id),
            s(a.content_type),
            n(a.size as i64),
            s(&a.base64),
            s(key),
            n(hall_domain::complaint::MAX_ATTACHMENTS as i64),
        ],
    )
    .await?;
    if changed == 1 {
        add_event(db, e).await?;
    }
    Ok(changed == 1)
}

/// Whether an upload with this key was stored (a retry of it).
pub async fn attached_with(db: &D1Database, key: &str) -> Result<bool, Error> {
    #[derive(Deserialize)]
    struct One {
        #[allow(dead_code)]
        n: f64,
    }
    Ok(first::<One>(
        db,
        "complaint attachment by key",
        "SELECT n FROM complaint_attachments WHERE idempotency_key = ?1",
        &[s(key)],
    )
    .await?
    .is_some())
}

/// Records the complainant's addition (once per key).
pub async fn add_event(db: &D1Database, e: &Event<'_>) -> Result<(), Error> {
    batch(db, "complaint addition", vec![e.insert(db)?]).await
}
