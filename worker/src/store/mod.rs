//! All SQL lives here, one module per resource, with bound parameters only.

pub mod applications;
pub mod audit;
pub mod bookings;
pub mod catalogue;
pub mod citizens;
pub mod complaints;
pub mod consultations;
pub mod content;
pub mod devices;
pub mod idempotency;
pub mod identities;
pub mod joint;
pub mod limits;
pub mod outbox;
pub mod payments;
pub mod proxy;
pub mod queue;
pub mod ratings;
pub mod sessions;
pub mod staff;
pub mod totp;

use hall_domain::said::Said;
use hall_domain::Error;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::http::unavailable;

/// A text value.
pub fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// An integer value (D1 numbers are doubles; every integer here is far below 2^53).
pub fn n(v: i64) -> JsValue {
    JsValue::from_f64(v as f64)
}

/// Text or NULL.
pub fn opt(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_str)
}

/// The note of a history entry: what a person wrote, or the hall's own words, stored as their
/// 简体 sentence in `note` and by code in `said`.
#[derive(Debug, Clone, Copy)]
pub enum Note<'a> {
    Wrote(&'a str),
    Said(&'a Said),
}

impl<'a> Note<'a> {
    pub const NONE: Note<'static> = Note::Wrote("");

    /// The `note` and `said` values.
    pub fn values(self) -> [JsValue; 2] {
        match self {
            Note::Wrote(text) => [s(text), JsValue::NULL],
            Note::Said(said) => [s(&said.zh()), s(&said.to_json())],
        }
    }

    /// The hall's words when there are any, else what the person wrote.
    pub fn of(wrote: &'a str, said: Option<&'a Said>) -> Note<'a> {
        said.map_or(Note::Wrote(wrote), Note::Said)
    }

    /// The sentence as stored in `note` (for the audit trail).
    pub fn text(self) -> String {
        match self {
            Note::Wrote(text) => text.to_string(),
            Note::Said(said) => said.zh(),
        }
    }
}

/// A prepared statement with its values bound.
pub fn stmt(db: &D1Database, sql: &str, values: &[JsValue]) -> Result<D1PreparedStatement, Error> {
    db.prepare(sql)
        .bind(values)
        .map_err(|e| unavailable("bind", e))
}

/// Runs a statement for its effect; returns the number of rows changed.
pub async fn exec(
    db: &D1Database,
    what: &str,
    sql: &str,
    values: &[JsValue],
) -> Result<u64, Error> {
    let result = stmt(db, sql, values)?
        .run()
        .await
        .map_err(|e| unavailable(what, e))?;
    Ok(result
        .meta()
        .ok()
        .flatten()
        .and_then(|m| m.changes)
        .unwrap_or(0) as u64)
}

/// The first row of a query.
pub async fn first<T: serde::de::DeserializeOwned>(
    db: &D1Database,
    what: &str,
    sql: &str,
    values: &[JsValue],
) -> Result<Option<T>, Error> {
    stmt(db, sql, values)?
        .first(None)
        .await
        .map_err(|e| unavailable(what, e))
}

/// Every row of a query.
pub async fn all<T: serde::de::DeserializeOwned>(
    db: &D1Database,
    what: &str,
    sql: &str,
    values: &[JsValue],
) -> Result<Vec<T>, Error> {
    stmt(db, sql, values)?
        .all()
        .await
        .map_err(|e| unavailable(what, e))?
        .results()
        .map_err(|e| unavailable(what, e))
}

/// Runs statements in one transaction.
pub async fn batch(
    db: &D1Database,
    what: &str,
    stmts: Vec<D1PreparedStatement>,
) -> Result<(), Error> {
    db.batch(stmts).await.map_err(|e| unavailable(what, e))?;
    Ok(())
}
