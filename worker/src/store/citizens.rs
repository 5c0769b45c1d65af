//! Citizens and their one-time sign-in codes.

use hall_domain::account::CodeState;
use hall_domain::identity::IdKind;
use hall_domain::language::Lang;
use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{all, exec, first, n, opt, s};

#[derive(Deserialize)]
struct CodeRow {
    sent_at: f64,
    expires_at: f64,
    attempts: f64,
    used: f64,
}

impl From<CodeRow> for CodeState {
    fn from(r: CodeRow) -> CodeState {
        CodeState {
            sent_at: r.sent_at as i64,
            expires_at: r.expires_at as i64,
            attempts: r.attempts as u32,
            used: r.used != 0.0,
        }
    }
}

/// The stored code state of a number, if a code was ever sent.
pub async fn code_state(db: &D1Database, phone: &str) -> Result<Option<CodeState>, Error> {
    let row: Option<CodeRow> = first(
        db,
        "code state",
        "SELECT sent_at, expires_at, attempts, used FROM sign_in_codes WHERE phone = ?1",
        &[s(phone)],
    )
    .await?;
    Ok(row.map(CodeState::from))
}

/// Stores a new code, replacing any earlier one.
pub async fn put_code(
    db: &D1Database,
    phone: &str,
    code_hash: &str,
    state: &CodeState,
) -> Result<(), Error> {
    exec(
        db,
        "code put",
        "INSERT INTO sign_in_codes (phone, code_hash, sent_at, expires_at, attempts, used)
         VALUES (?1, ?2, ?3, ?4, 0, 0)
         ON CONFLICT (phone) DO UPDATE SET code_hash = ?2, sent_at = ?3, expires_at = ?4, attempts = 0, used = 0",
        &[s(phone), s(code_hash), n(state.sent_at), n(state.expires_at)],
    )
    .await
    .map(|_| ())
}

#[derive(Deserialize)]
struct Attempt {
    code_hash: String,
    sent_at: f64,
    expires_at: f64,
    attempts: f64,
}

/// Counts one entry against the live code atomically and returns the stored hash with the
/// state before this entry; `None` when no live code can take another entry.
pub async fn take_attempt(
    db: &D1Database,
    phone: &str,
    now: i64,
    max_attempts: u32,
) -> Result<Option<(String, CodeState)>, Error> {
    let row: Option<Attempt> = first(
        db,
        "code attempt",
        "UPDATE sign_in_codes SET attempts = attempts + 1
         WHERE phone = ?1 AND used = 0 AND expires_at > ?2 AND attempts < ?3
         RETURNING code_hash, sent_at, expires_at, attempts",
        &[s(phone), n(now), n(i64::from(max_attempts))],
    )
    .await?;
    Ok(row.map(|r| {
        (
            r.code_hash,
            CodeState {
                sent_at: r.sent_at as i64,
                expires_at: r.expires_at as i64,
                attempts: (r.attempts as u32).saturating_sub(1),
                used: false,
            },
        )
    }))
}

/// Forgets codes that expired more than a day ago.
pub async fn prune_codes(db: &D1Database, now: i64) -> Result<(), Error> {
    exec(
        db,
        "code prune",
        "DELETE FROM sign_in_codes WHERE expires_at < ?1",
        &[n(now - 24 * 3600)],
    )
    .await
    .map(|_| ())
}

/// Marks the code used; false if another request used it first.
pub async fn use_code(db: &D1Database, phone: &str) -> Result<bool, Error> {
    let changed = exec(
        db,
        "code use",
        "UPDATE sign_in_codes SET used = 1 WHERE phone = ?1 AND used = 0",
        &[s(phone)],
    )
    .await?;
    Ok(changed == 1)
}

#[derive(Debug, Clone, Deserialize)]
pub struct CitizenRow {
    pub id: String,
    pub phone: String,
    pub name: Option<String>,
    pub id_kind: Option<String>,
    pub id_number: Option<String>,
    pub contact_phone: Option<String>,
    pub created_at: f64,
    /// Online booking suspended until then (Unix seconds), after no-shows.
    pub booking_suspended_until: Option<f64>,
    /// The `lang` tag messages are written in.
    #[serde(default)]
    pub lang: String,
    /// When the identity platform vouched for the name and document (else none of them is
    /// verified).
    #[serde(default)]
    pub id_verified_at: Option<f64>,
}

impl CitizenRow {
    pub fn id_kind(&self) -> Option<IdKind> {
        self.id_kind.as_deref().and_then(IdKind::parse)
    }
}

const COLUMNS: &str = "id, phone, name, id_kind, id_number, contact_phone, created_at,
    booking_suspended_until, lang, id_verified_at";

/// The citizen signing in with this number, created on first sign-in.
pub async fn find_or_create(
    db: &D1Database,
    phone: &str,
    new_id: &str,
    now: i64,
) -> Result<String, Error> {
    exec(
        db,
        "citizen create",
        "INSERT INTO citizens (id, phone, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (phone) DO NOTHING",
        &[s(new_id), s(phone), n(now)],
    )
    .await?;
    let row: Option<CitizenRow> = by_phone(db, phone).await?;
    row.map(|r| r.id).ok_or(Error::Unavailable)
}

pub async fn by_phone(db: &D1Database, phone: &str) -> Result<Option<CitizenRow>, Error> {
    first(
        db,
        "citizen by phone",
        &format!("SELECT {COLUMNS} FROM citizens WHERE phone = ?1"),
        &[s(phone)],
    )
    .await
}

pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<CitizenRow>, Error> {
    first(
        db,
        "citizen by id",
        &format!("SELECT {COLUMNS} FROM citizens WHERE id = ?1"),
        &[s(id)],
    )
    .await
}

/// Citizens whose sign-in or contact number is `phone`.
pub async fn search_phone(db: &D1Database, phone: &str) -> Result<Vec<CitizenRow>, Error> {
    all(
        db,
        "citizen search",
        &format!("SELECT {COLUMNS} FROM citizens WHERE phone = ?1 OR contact_phone = ?1 LIMIT 20"),
        &[s(phone)],
    )
    .await
}

/// The citizen whose identity document the identity platform verified as this one, if any (a
/// document a citizen only typed in links nothing).
pub async fn by_document(
    db: &D1Database,
    kind: IdKind,
    number: &str,
) -> Result<Option<CitizenRow>, Error> {
    first(
        db,
        "citizen by document",
        &format!(
            "SELECT {COLUMNS} FROM citizens
             WHERE id_kind = ?1 AND id_number = ?2 AND id_verified_at IS NOT NULL"
        ),
        &[s(kind.as_str()), s(number)],
    )
    .await
}

/// Writes the profile fields a citizen may change: the name (while not verified) and the
/// contact number.
pub async fn update(
    db: &D1Database,
    id: &str,
    name: Option<&str>,
    contact_phone: Option<&str>,
    now: i64,
) -> Result<(), Error> {
    exec(
        db,
        "citizen update",
        "UPDATE citizens SET name = ?2, contact_phone = ?3, updated_at = ?4 WHERE id = ?1",
        &[s(id), opt(name), opt(contact_phone), n(now)],
    )
    .await
    .map(|_| ())
}

/// The language the citizen holding `phone` (as sign-in or contact number) reads messages in;
/// 简体 when no citizen holds it.
pub async fn lang_of_phone(db: &D1Database, phone: &str) -> Result<Lang, Error> {
    #[derive(Deserialize)]
    struct Row {
        lang: String,
    }
    let row: Option<Row> = first(
        db,
        "citizen language",
        "SELECT lang FROM citizens WHERE phone = ?1 OR contact_phone = ?1
         ORDER BY phone = ?1 DESC LIMIT 1",
        &[s(phone)],
    )
    .await?;
    Ok(row.and_then(|r| Lang::parse(&r.lang)).unwrap_or_default())
}

/// Sets the language the citizen reads messages in.
pub async fn set_lang(db: &D1Database, id: &str, lang: Lang, now: i64) -> Result<(), Error> {
    exec(
        db,
        "citizen language",
        "UPDATE citizens SET lang = ?2, updated_at = ?3 WHERE id = ?1",
        &[s(id), s(lang.tag()), n(now)],
    )
    .await
    .map(|_| ())
}
