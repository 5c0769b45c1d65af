//! Consultations, their events, and the public FAQ. A staff action writes over the row only if
//! its version is unchanged, then records the event.

use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

pub use super::Note;
use super::{all, batch, exec, first, n, opt, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct ConsultRow {
    pub id: String,
    pub citizen_id: Option<String>,
    pub channel: String,
    pub item_code: Option<String>,
    pub question: String,
    pub asker_name: String,
    pub asker_phone: String,
    pub state: String,
    pub owner_id: Option<String>,
    pub routed_to: Option<String>,
    pub answer: String,
    pub answered_at: Option<f64>,
    pub asked_on: String,
    pub due_on: Option<String>,
    pub faq_id: Option<String>,
    pub idempotency_key: String,
    pub version: f64,
    pub created_at: f64,
}

const COLUMNS: &str = "id, citizen_id, channel, item_code, question, asker_name, asker_phone,
    state, owner_id, routed_to, answer, answered_at, asked_on, due_on, faq_id, idempotency_key,
    version, created_at";

#[derive(Debug, Clone, Deserialize)]
pub struct ConsultEventRow {
    pub at: f64,
    pub action: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub note: String,
    pub said: Option<String>,
}

/// One event to record.
pub struct ConsultEvent<'a> {
    pub consultation_id: &'a str,
    pub at: i64,
    pub action: &'a str,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub note: Note<'a>,
}

impl ConsultEvent<'_> {
    fn insert(&self, db: &D1Database) -> Result<D1PreparedStatement, Error> {
        let [note, said] = self.note.values();
        stmt(
            db,
            "INSERT INTO consultation_events (consultation_id, at, action, actor_kind, actor_id,
                 note, said) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[
                s(self.consultation_id),
                n(self.at),
                s(self.action),
                s(self.actor_kind),
                opt(self.actor_id),
                note,
                said,
            ],
        )
    }
}

/// Inserts a question with its first event, unless its idempotency key was used before.
/// Returns whether it was inserted.
pub async fn insert(db: &D1Database, r: &ConsultRow, e: &ConsultEvent<'_>) -> Result<bool, Error> {
    let changed = exec(
        db,
        "consultation insert",
        "INSERT INTO consultations (id, citizen_id, channel, item_code, question, asker_name,
             asker_phone, state, owner_id, asked_on, due_on, idempotency_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (idempotency_key) DO NOTHING",
        &[
            s(&r.id),
            opt(r.citizen_id.as_deref()),
            s(&r.channel),
            opt(r.item_code.as_deref()),
            s(&r.question),
            s(&r.asker_name),
            s(&r.asker_phone),
            s(&r.state),
            opt(r.owner_id.as_deref()),
            s(&r.asked_on),
            opt(r.due_on.as_deref()),
            s(&r.idempotency_key),
            n(r.created_at as i64),
        ],
    )
    .await?;
    if changed == 1 {
        batch(db, "consultation event", vec![e.insert(db)?]).await?;
    }
    Ok(changed == 1)
}

pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<ConsultRow>, Error> {
    first(
        db,
        "consultation",
        &format!("SELECT {COLUMNS} FROM consultations WHERE id = ?1"),
        &[s(id)],
    )
    .await
}

pub async fn by_key(db: &D1Database, key: &str) -> Result<Option<ConsultRow>, Error> {
    first(
        db,
        "consultation by key",
        &format!("SELECT {COLUMNS} FROM consultations WHERE idempotency_key = ?1"),
        &[s(key)],
    )
    .await
}

pub async fn of_citizen(db: &D1Database, citizen_id: &str) -> Result<Vec<ConsultRow>, Error> {
    all(
        db,
        "consultations of citizen",
        &format!(
            "SELECT {COLUMNS} FROM consultations WHERE citizen_id = ?1
             ORDER BY created_at DESC LIMIT 50"
        ),
        &[s(citizen_id)],
    )
    .await
}

/// Unanswered questions (oldest first), then the 50 latest answered.
pub async fn for_staff(db: &D1Database) -> Result<Vec<ConsultRow>, Error> {
    let mut rows: Vec<ConsultRow> = all(
        db,
        "consultations open",
        &format!(
            "SELECT {COLUMNS} FROM consultations WHERE state != 'answered'
             ORDER BY created_at LIMIT 300"
        ),
        &[],
    )
    .await?;
    let answered: Vec<ConsultRow> = all(
        db,
        "consultations answered",
        &format!(
            "SELECT {COLUMNS} FROM consultations WHERE state = 'answered'
             ORDER BY answered_at DESC LIMIT 50"
        ),
        &[],
    )
    .await?;
    rows.extend(answered);
    Ok(rows)
}

pub async fn events(db: &D1Database, id: &str) -> Result<Vec<ConsultEventRow>, Error> {
    all(
        db,
        "consultation events",
        "SELECT at, action, actor_kind, actor_id, note, said FROM consultation_events
         WHERE consultation_id = ?1 ORDER BY at, rowid",
        &[s(id)],
    )
    .await
}

/// Writes `next` over the row if its version is still `version`, then records the event and
/// `more`. Returns false when the row had moved on.
pub async fn save(
    db: &D1Database,
    version: f64,
    next: &ConsultRow,
    e: &ConsultEvent<'_>,
    more: Vec<D1PreparedStatement>,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "consultation step",
        "UPDATE consultations SET state = ?2, owner_id = ?3, routed_to = ?4, answer = ?5,
             answered_at = ?6, faq_id = ?7, version = version + 1
         WHERE id = ?1 AND version = ?8",
        &[
            s(&next.id),
            s(&next.state),
            opt(next.owner_id.as_deref()),
            opt(next.routed_to.as_deref()),
            s(&next.answer),
            next.answered_at
                .map_or(wasm_bindgen::JsValue::NULL, wasm_bindgen::JsValue::from_f64),
            opt(next.faq_id.as_deref()),
            n(version as i64),
        ],
    )
    .await?;
    if changed != 1 {
        return Ok(false);
    }
    let mut stmts = vec![e.insert(db)?];
    stmts.extend(more);
    batch(db, "consultation step records", stmts).await?;
    Ok(true)
}

#[derive(Debug, Clone, Deserialize)]
pub struct FaqRow {
    pub id: String,
    pub item_code: Option<String>,
    pub question: String,
    pub answer: String,
    pub published_at: f64,
}

/// The statement that publishes a FAQ (run with the consultation's step).
pub fn publish(
    db: &D1Database,
    r: &FaqRow,
    consultation_id: &str,
    by: &str,
) -> Result<D1PreparedStatement, Error> {
    stmt(
        db,
        "INSERT INTO faqs (id, item_code, question, answer, consultation_id, published_by,
             published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            s(&r.id),
            opt(r.item_code.as_deref()),
            s(&r.question),
            s(&r.answer),
            s(consultation_id),
            s(by),
            n(r.published_at as i64),
        ],
    )
}

/// Every published FAQ, newest first (the FAQ is small: a few hundred entries).
pub async fn faqs(db: &D1Database) -> Result<Vec<FaqRow>, Error> {
    all(
        db,
        "faqs",
        "SELECT id, item_code, question, answer, published_at FROM faqs
         ORDER BY published_at DESC LIMIT 1000",
        &[],
    )
    .await
}
