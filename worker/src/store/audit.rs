//! The audit trail: append and read, nothing else (the table's triggers refuse updates and
//! deletes). Entries hold references, never personal data in clear.

use hall_domain::access::Role;
use hall_domain::dto::AuditEntry;
use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{all, n, opt, s, stmt};

/// What a staff action did, and why.
pub struct What<'a> {
    /// e.g. `citizen.open`, `staff.create`, `staff.update`.
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: &'a str,
    /// Whose personal data it touched, for "who read my data".
    pub citizen_id: Option<&'a str>,
    pub detail: &'a str,
    pub reason: &'a str,
}

/// One staff action to record: who, when, from where, and what.
pub struct Record<'a> {
    pub at: i64,
    pub actor_id: &'a str,
    pub actor_role: Option<Role>,
    pub actor_departments: &'a [String],
    pub client: String,
    pub user_agent: &'a str,
    pub what: What<'a>,
}

/// The insert statement, to run alone or inside the transaction of the action it records.
pub fn append(db: &D1Database, r: &Record<'_>) -> Result<D1PreparedStatement, Error> {
    stmt(
        db,
        "INSERT INTO audit_log (at, actor_id, actor_role, actor_departments, action, target_kind,
             target_id, citizen_id, detail, reason, client, user_agent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        &[
            n(r.at),
            s(r.actor_id),
            opt(r.actor_role.map(Role::as_str)),
            s(&r.actor_departments.join(",")),
            s(r.what.action),
            s(r.what.target_kind),
            s(r.what.target_id),
            opt(r.what.citizen_id),
            s(r.what.detail),
            s(r.what.reason),
            s(&r.client),
            s(r.user_agent),
        ],
    )
}

/// A security event (等保 2.0 security audit): a failed sign-in, a lock-out, a refused
/// authorisation or a refused cross-site request. `actor` is the staff account concerned, or
/// `anonymous`; nothing a person typed is kept (an unknown username is only "unknown").
pub struct Security<'a> {
    pub at: i64,
    pub actor: &'a str,
    /// `security.sign_in_failed`, `security.locked`, `security.forbidden`, `security.csrf`.
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: &'a str,
    pub detail: &'a str,
    /// The client address with its last part hidden.
    pub client: String,
    pub user_agent: &'a str,
}

/// Appends a security event. A failure to write it is logged and does not change the answer
/// the request gets.
pub async fn security(db: &D1Database, e: &Security<'_>) {
    let result = stmt(
        db,
        "INSERT INTO audit_log (at, actor_id, action, target_kind, target_id, detail, reason,
             client, user_agent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8)",
        &[
            n(e.at),
            s(e.actor),
            s(e.action),
            s(e.target_kind),
            s(e.target_id),
            s(e.detail),
            s(&e.client),
            s(e.user_agent),
        ],
    );
    let ran = match result {
        Ok(st) => st.run().await.map(|_| ()).map_err(|e| e.to_string()),
        Err(e) => Err(format!("{e:?}")),
    };
    if let Err(e) = ran {
        worker::console_error!("audit: security event not written: {e}");
    }
}

/// One entry of the export, every column.
#[derive(Deserialize)]
pub struct ExportRow {
    pub id: f64,
    pub at: f64,
    pub actor_id: String,
    pub username: Option<String>,
    pub actor_role: Option<String>,
    pub actor_departments: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub citizen_id: Option<String>,
    pub detail: String,
    pub reason: String,
    pub client: String,
    pub user_agent: String,
}

/// The entries from `from` up to (not including) `until`, oldest first, at most `limit`.
pub async fn export(
    db: &D1Database,
    from: i64,
    until: i64,
    limit: u32,
) -> Result<Vec<ExportRow>, Error> {
    all(
        db,
        "audit export",
        "SELECT a.id, a.at, a.actor_id, s.username, a.actor_role, a.actor_departments, a.action,
                a.target_kind, a.target_id, a.citizen_id, a.detail, a.reason, a.client,
                a.user_agent
         FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id
         WHERE a.at >= ?1 AND a.at < ?2 ORDER BY a.id LIMIT ?3",
        &[n(from), n(until), n(i64::from(limit))],
    )
    .await
}

#[derive(Deserialize)]
pub struct ReadRow {
    pub at: f64,
    pub action: String,
    pub actor_role: Option<String>,
    pub actor_departments: String,
    pub reason: String,
}

/// Every opening of one citizen's personal data, newest first.
pub async fn reads_of(db: &D1Database, citizen_id: &str) -> Result<Vec<ReadRow>, Error> {
    all(
        db,
        "audit reads",
        "SELECT at, action, actor_role, actor_departments, reason FROM audit_log
         WHERE citizen_id = ?1 ORDER BY id DESC LIMIT 200",
        &[s(citizen_id)],
    )
    .await
}

#[derive(Deserialize)]
struct Row {
    id: f64,
    at: f64,
    actor_id: String,
    username: Option<String>,
    actor_role: Option<String>,
    action: String,
    target_kind: String,
    target_id: String,
    detail: String,
    reason: String,
    client: String,
}

/// The newest entries, before an entry id when paging.
pub async fn list(db: &D1Database, before: Option<i64>) -> Result<Vec<AuditEntry>, Error> {
    let rows: Vec<Row> = all(
        db,
        "audit list",
        "SELECT a.id, a.at, a.actor_id, s.username, a.actor_role, a.action, a.target_kind,
                a.target_id, a.detail, a.reason, a.client
         FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id
         WHERE a.id < ?1 ORDER BY a.id DESC LIMIT 100",
        &[n(before.unwrap_or(i64::MAX >> 11))],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id as i64,
            at: r.at as i64,
            actor_id: r.actor_id,
            actor_username: r.username.unwrap_or_default(),
            actor_role: r.actor_role.as_deref().and_then(Role::parse),
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            detail: r.detail,
            reason: r.reason,
            client: r.client,
        })
        .collect())
}
