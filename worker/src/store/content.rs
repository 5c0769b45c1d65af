//! Notices, guide edits, FAQ edits and the history of every change. A change and its history
//! entry are one transaction; an edit writes only over the version it read.

use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{all, batch, exec, first, n, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct NoticeRow {
    pub id: String,
    pub title: String,
    pub body: String,
    pub published_at: f64,
    pub updated_at: f64,
    pub version: f64,
}

const NOTICE: &str = "SELECT id, title, body, published_at, updated_at, version FROM notices";

/// The history entry of a change (run in the change's transaction).
pub fn history(
    db: &D1Database,
    kind: &str,
    ref_id: &str,
    at: i64,
    staff_id: &str,
    created: bool,
    changes_json: &str,
) -> Result<D1PreparedStatement, Error> {
    stmt(
        db,
        "INSERT INTO content_history (kind, ref_id, at, staff_id, created, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            s(kind),
            s(ref_id),
            n(at),
            s(staff_id),
            n(i64::from(created)),
            s(changes_json),
        ],
    )
}

pub async fn notices(db: &D1Database) -> Result<Vec<NoticeRow>, Error> {
    all(
        db,
        "notices",
        &format!("{NOTICE} ORDER BY published_at DESC LIMIT 100"),
        &[],
    )
    .await
}

pub async fn notice(db: &D1Database, id: &str) -> Result<Option<NoticeRow>, Error> {
    first(db, "notice", &format!("{NOTICE} WHERE id = ?1"), &[s(id)]).await
}

pub async fn notice_by_key(db: &D1Database, key: &str) -> Result<Option<NoticeRow>, Error> {
    first(
        db,
        "notice by key",
        &format!("{NOTICE} WHERE idempotency_key = ?1"),
        &[s(key)],
    )
    .await
}

/// Publishes a notice with its history entry, unless the key was used.
pub async fn insert_notice(
    db: &D1Database,
    r: &NoticeRow,
    key: &str,
    history: D1PreparedStatement,
) -> Result<(), Error> {
    let changed = exec(
        db,
        "notice insert",
        "INSERT INTO notices (id, title, body, published_at, updated_at, idempotency_key)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5) ON CONFLICT (idempotency_key) DO NOTHING",
        &[
            s(&r.id),
            s(&r.title),
            s(&r.body),
            n(r.published_at as i64),
            s(key),
        ],
    )
    .await?;
    if changed == 1 {
        batch(db, "notice history", vec![history]).await?;
    }
    Ok(())
}

/// Writes a notice's new text if its version is still `version`. Returns false when it moved.
pub async fn update_notice(
    db: &D1Database,
    r: &NoticeRow,
    version: i64,
    history: D1PreparedStatement,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "notice update",
        "UPDATE notices SET title = ?2, body = ?3, updated_at = ?4, version = version + 1
         WHERE id = ?1 AND version = ?5",
        &[
            s(&r.id),
            s(&r.title),
            s(&r.body),
            n(r.updated_at as i64),
            n(version),
        ],
    )
    .await?;
    if changed == 1 {
        batch(db, "notice history", vec![history]).await?;
    }
    Ok(changed == 1)
}

#[derive(Debug, Clone, Deserialize)]
pub struct FaqRow {
    pub id: String,
    pub item_code: Option<String>,
    pub question: String,
    pub answer: String,
    pub published_at: f64,
    pub version: f64,
}

pub async fn faq(db: &D1Database, id: &str) -> Result<Option<FaqRow>, Error> {
    first(
        db,
        "faq",
        "SELECT id, item_code, question, answer, published_at, version FROM faqs WHERE id = ?1",
        &[s(id)],
    )
    .await
}

/// Writes a FAQ entry's new text if its version is still `version`.
pub async fn update_faq(
    db: &D1Database,
    id: &str,
    question: &str,
    answer: &str,
    at: i64,
    version: i64,
    history: D1PreparedStatement,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "faq update",
        "UPDATE faqs SET question = ?2, answer = ?3, updated_at = ?4, version = version + 1
         WHERE id = ?1 AND version = ?5",
        &[s(id), s(question), s(answer), n(at), n(version)],
    )
    .await?;
    if changed == 1 {
        batch(db, "faq history", vec![history]).await?;
    }
    Ok(changed == 1)
}

/// Stores a guide's edited conditions and steps if nobody edited it since `read_at` (`None`:
/// never edited), with its history entry, and makes every isolate reload the catalogue.
/// Returns false when someone else edited it meanwhile.
pub async fn edit_guide(
    db: &D1Database,
    code: &str,
    conditions_json: &str,
    steps_json: &str,
    at: i64,
    read_at: Option<i64>,
    history: D1PreparedStatement,
) -> Result<bool, Error> {
    let changed = match read_at {
        None => {
            exec(
                db,
                "guide edit",
                "INSERT INTO guide_edits (item_code, conditions, steps, updated_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (item_code) DO NOTHING",
                &[s(code), s(conditions_json), s(steps_json), n(at)],
            )
            .await?
        }
        Some(read) => {
            exec(
                db,
                "guide edit",
                "UPDATE guide_edits SET conditions = ?2, steps = ?3, updated_at = ?4
             WHERE item_code = ?1 AND updated_at = ?5",
                &[s(code), s(conditions_json), s(steps_json), n(at), n(read)],
            )
            .await?
        }
    };
    if changed != 1 {
        return Ok(false);
    }
    batch(
        db,
        "guide edit records",
        vec![
            history,
            stmt(
                db,
                "UPDATE meta SET value = value || '+' || ?1 WHERE key = 'catalogue_version'",
                &[n(at)],
            )?,
        ],
    )
    .await?;
    Ok(true)
}

#[derive(Debug, Clone, Deserialize)]
pub struct HistoryRow {
    pub kind: String,
    pub ref_id: String,
    pub at: f64,
    pub staff_id: String,
    pub created: f64,
    pub changes: String,
}

/// The history of one piece of content, or the latest changes of all, newest first.
pub async fn history_of(
    db: &D1Database,
    kind: Option<&str>,
    ref_id: Option<&str>,
) -> Result<Vec<HistoryRow>, Error> {
    let cols = "SELECT kind, ref_id, at, staff_id, created, changes FROM content_history";
    match (kind, ref_id) {
        (Some(k), Some(r)) => {
            all(
                db,
                "content history",
                &format!(
                    "{cols} WHERE kind = ?1 AND ref_id = ?2 ORDER BY at DESC, rowid DESC LIMIT 200"
                ),
                &[s(k), s(r)],
            )
            .await
        }
        _ => {
            all(
                db,
                "content history",
                &format!("{cols} ORDER BY at DESC, rowid DESC LIMIT 100"),
                &[],
            )
            .await
        }
    }
}
