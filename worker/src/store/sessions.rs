//! Server-side sessions. The cookie carries a random token; only its SHA-256 is stored.

use hall_domain::dto::SessionKind;
use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{exec, first, n, s};

fn kind_str(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Citizen => "citizen",
        SessionKind::Staff => "staff",
    }
}

/// How sure a session is of who signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assurance {
    /// A code sent to the mobile number (citizens), or a password (staff).
    Phone,
    /// The province's identity platform vouched for the citizen's name and document.
    RealName,
}

impl Assurance {
    fn as_str(self) -> &'static str {
        match self {
            Assurance::Phone => "phone",
            Assurance::RealName => "real_name",
        }
    }
}

pub async fn create(
    db: &D1Database,
    token_hash: &str,
    kind: SessionKind,
    subject: &str,
    assurance: Assurance,
    now: i64,
    expires_at: i64,
) -> Result<(), Error> {
    exec(
        db,
        "session create",
        "INSERT INTO sessions (token_hash, kind, subject_id, assurance, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            s(token_hash),
            s(kind_str(kind)),
            s(subject),
            s(assurance.as_str()),
            n(now),
            n(expires_at),
        ],
    )
    .await
    .map(|_| ())
}

#[derive(Deserialize)]
struct LiveRow {
    subject_id: String,
    assurance: String,
    created_at: f64,
    last_seen: Option<f64>,
}

/// A live (unexpired, unrevoked) session.
pub struct Live {
    pub subject: String,
    /// How sure the session is of its subject.
    pub assurance: Assurance,
    /// When it was last used (its opening when not since).
    pub last_seen: i64,
}

pub async fn subject(
    db: &D1Database,
    token_hash: &str,
    kind: SessionKind,
    now: i64,
) -> Result<Option<Live>, Error> {
    let row: Option<LiveRow> = first(
        db,
        "session lookup",
        "SELECT subject_id, assurance, created_at, last_seen FROM sessions
         WHERE token_hash = ?1 AND kind = ?2 AND revoked_at IS NULL AND expires_at > ?3",
        &[s(token_hash), s(kind_str(kind)), n(now)],
    )
    .await?;
    Ok(row.map(|r| Live {
        subject: r.subject_id,
        assurance: if r.assurance == "real_name" {
            Assurance::RealName
        } else {
            Assurance::Phone
        },
        last_seen: r.last_seen.unwrap_or(r.created_at) as i64,
    }))
}

/// Records that the session was used now, at most once every `every` seconds.
pub async fn touch(db: &D1Database, token_hash: &str, now: i64, every: i64) -> Result<(), Error> {
    exec(
        db,
        "session touch",
        "UPDATE sessions SET last_seen = ?2
         WHERE token_hash = ?1 AND (last_seen IS NULL OR last_seen <= ?3)",
        &[s(token_hash), n(now), n(now - every)],
    )
    .await
    .map(|_| ())
}

pub async fn revoke(db: &D1Database, token_hash: &str, now: i64) -> Result<(), Error> {
    exec(
        db,
        "session revoke",
        "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
        &[s(token_hash), n(now)],
    )
    .await
    .map(|_| ())
}

/// Revokes every live session of a subject; returns how many.
pub async fn revoke_all(
    db: &D1Database,
    kind: SessionKind,
    subject: &str,
    now: i64,
) -> Result<u64, Error> {
    exec(
        db,
        "session revoke all",
        "UPDATE sessions SET revoked_at = ?3
         WHERE kind = ?1 AND subject_id = ?2 AND revoked_at IS NULL AND expires_at > ?3",
        &[s(kind_str(kind)), s(subject), n(now)],
    )
    .await
}

/// Forgets sessions that ended (expired or revoked) more than 30 days ago.
pub async fn prune(db: &D1Database, now: i64) -> Result<(), Error> {
    let cutoff = now - 30 * 24 * 3600;
    exec(
        db,
        "session prune",
        "DELETE FROM sessions WHERE expires_at < ?1 OR revoked_at < ?1",
        &[n(cutoff)],
    )
    .await
    .map(|_| ())
}
