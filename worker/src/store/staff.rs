//! Staff accounts with their roles, departments and windows.

use hall_domain::access::Role;
use hall_domain::dto::StaffAccount;
use hall_domain::hall_setup::parse_assignment;
use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{all, batch, exec, first, n, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct StaffRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: f64,
    pub locked_until: Option<f64>,
    pub disabled: f64,
    pub created_at: f64,
    /// When two-factor sign-in was turned on, if it is.
    #[serde(default)]
    pub totp_enabled_at: Option<f64>,
}

/// A staff row with its assignments.
#[derive(Debug, Clone)]
pub struct Staff {
    pub row: StaffRow,
    pub roles: Vec<Role>,
    pub departments: Vec<String>,
    pub windows: Vec<String>,
}

impl Staff {
    pub fn account(&self) -> StaffAccount {
        StaffAccount {
            id: self.row.id.clone(),
            username: self.row.username.clone(),
            display_name: self.row.display_name.clone(),
            roles: self.roles.clone(),
            departments: self.departments.clone(),
            windows: self.windows.clone(),
            disabled: self.row.disabled != 0.0,
            locked_until: self.row.locked_until.map(|t| t as i64),
            must_change_password: self.row.must_change_password != 0.0,
            created_at: self.row.created_at as i64,
        }
    }
}

const COLUMNS: &str = "id, username, display_name, password_hash, must_change_password, \
    locked_until, disabled, created_at, \
    (SELECT enabled_at FROM staff_totp t WHERE t.staff_id = staff.id) AS totp_enabled_at";

pub async fn by_username(db: &D1Database, username: &str) -> Result<Option<StaffRow>, Error> {
    first(
        db,
        "staff by username",
        &format!("SELECT {COLUMNS} FROM staff WHERE username = ?1"),
        &[s(username)],
    )
    .await
}

#[derive(Deserialize)]
struct Assignment {
    staff_id: String,
    kind: String,
    value: String,
}

const ASSIGNMENTS: &str = "SELECT staff_id, 'role' AS kind, role AS value FROM staff_roles
    UNION ALL SELECT staff_id, 'department', department_code FROM staff_departments
    UNION ALL SELECT staff_id, 'window', hall_code || '/' || window_code FROM staff_windows";

fn assemble(row: StaffRow, assignments: &[Assignment]) -> Staff {
    let mut staff = Staff {
        row,
        roles: Vec::new(),
        departments: Vec::new(),
        windows: Vec::new(),
    };
    for a in assignments.iter().filter(|a| a.staff_id == staff.row.id) {
        match a.kind.as_str() {
            "role" => staff.roles.extend(Role::parse(&a.value)),
            "department" => staff.departments.push(a.value.clone()),
            _ => staff.windows.push(a.value.clone()),
        }
    }
    staff.roles.sort();
    staff.departments.sort();
    staff.windows.sort();
    staff
}

/// One account with its assignments.
pub async fn get(db: &D1Database, id: &str) -> Result<Option<Staff>, Error> {
    let row: Option<StaffRow> = first(
        db,
        "staff by id",
        &format!("SELECT {COLUMNS} FROM staff WHERE id = ?1"),
        &[s(id)],
    )
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let assignments: Vec<Assignment> = all(
        db,
        "staff assignments",
        &format!("SELECT * FROM ({ASSIGNMENTS}) WHERE staff_id = ?1"),
        &[s(id)],
    )
    .await?;
    Ok(Some(assemble(row, &assignments)))
}

/// Every account, by username.
pub async fn list(db: &D1Database) -> Result<Vec<Staff>, Error> {
    let rows: Vec<StaffRow> = all(
        db,
        "staff list",
        &format!("SELECT {COLUMNS} FROM staff ORDER BY username"),
        &[],
    )
    .await?;
    let assignments: Vec<Assignment> = all(db, "staff assignments", ASSIGNMENTS, &[]).await?;
    Ok(rows
        .into_iter()
        .map(|r| assemble(r, &assignments))
        .collect())
}

/// What a wrong password did to the account.
#[derive(Deserialize)]
pub struct Failure {
    /// Until when the account is locked, if this failure (or a parallel one) locked it.
    pub locked_until: Option<f64>,
}

/// Counts a wrong password in one statement, so parallel failures count one each: the
/// `max`-th failure in a row locks the account until `lock_until` and starts the count anew
/// (the rule of `hall_domain::account::PASSWORD_MAX_FAILURES` and `LOCKOUT_SECS`).
pub async fn record_failure(
    db: &D1Database,
    id: &str,
    max: u32,
    lock_until: i64,
) -> Result<Failure, Error> {
    let row: Option<Failure> = first(
        db,
        "staff failure",
        "UPDATE staff SET
           failed_attempts = CASE WHEN failed_attempts + 1 >= ?2 THEN 0 ELSE failed_attempts + 1 END,
           locked_until = CASE WHEN failed_attempts + 1 >= ?2 THEN ?3 ELSE locked_until END
         WHERE id = ?1
         RETURNING locked_until",
        &[s(id), n(i64::from(max)), n(lock_until)],
    )
    .await?;
    Ok(row.unwrap_or(Failure { locked_until: None }))
}

pub async fn record_success(db: &D1Database, id: &str) -> Result<(), Error> {
    exec(
        db,
        "staff success",
        "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
        &[s(id)],
    )
    .await
    .map(|_| ())
}

/// Sets a new password and ends every other session of the account (all of them when
/// `keep` is `None`), with the audit entry if there is one, in one transaction.
pub async fn set_password(
    db: &D1Database,
    id: &str,
    hash: &str,
    must_change: bool,
    keep: Option<&str>,
    now: i64,
    audit: Option<D1PreparedStatement>,
) -> Result<(), Error> {
    batch(
        db,
        "staff password",
        [
            stmt(
                db,
                "UPDATE staff SET password_hash = ?2, must_change_password = ?4, updated_at = ?3,
                   failed_attempts = 0, locked_until = NULL
                 WHERE id = ?1",
                &[s(id), s(hash), n(now), n(i64::from(must_change))],
            )?,
            stmt(
                db,
                "UPDATE sessions SET revoked_at = ?2
                 WHERE kind = 'staff' AND subject_id = ?1 AND revoked_at IS NULL
                   AND token_hash IS NOT ?3",
                &[s(id), n(now), keep.map_or(wasm_bindgen::JsValue::NULL, s)],
            )?,
        ]
        .into_iter()
        .chain(audit)
        .collect(),
    )
    .await
}

/// The new values of an account, for create and update (roles are set on their own, by
/// `set_roles`).
pub struct Assignments<'a> {
    pub display_name: &'a str,
    pub departments: &'a [String],
    /// Window assignments, `hall/code`.
    pub windows: &'a [String],
    pub disabled: bool,
}

fn assignment_statements(
    db: &D1Database,
    id: &str,
    a: &Assignments<'_>,
) -> Result<Vec<D1PreparedStatement>, Error> {
    let mut out = Vec::new();
    for table in ["staff_departments", "staff_windows"] {
        out.push(stmt(
            db,
            &format!("DELETE FROM {table} WHERE staff_id = ?1"),
            &[s(id)],
        )?);
    }
    for d in a.departments {
        out.push(stmt(
            db,
            "INSERT INTO staff_departments (staff_id, department_code) VALUES (?1, ?2)",
            &[s(id), s(d)],
        )?);
    }
    for w in a.windows {
        let (hall, code) = parse_assignment(w).ok_or(Error::Unavailable)?;
        out.push(stmt(
            db,
            "INSERT INTO staff_windows (staff_id, hall_code, window_code) VALUES (?1, ?2, ?3)",
            &[s(id), s(&hall), s(&code)],
        )?);
    }
    Ok(out)
}

/// Creates an account with its assignments and its audit entry, in one transaction.
pub async fn create(
    db: &D1Database,
    id: &str,
    username: &str,
    password_hash: &str,
    a: &Assignments<'_>,
    now: i64,
    audit: D1PreparedStatement,
) -> Result<(), Error> {
    let mut stmts = vec![stmt(
        db,
        "INSERT INTO staff (id, username, display_name, password_hash, must_change_password, disabled, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?6)",
        &[
            s(id),
            s(username),
            s(a.display_name),
            s(password_hash),
            n(i64::from(a.disabled)),
            n(now),
        ],
    )?];
    stmts.extend(assignment_statements(db, id, a)?);
    stmts.push(audit);
    batch(db, "staff create", stmts).await
}

/// Replaces an account's name, state and assignments, with its audit entry, in one
/// transaction. Disabling also ends the account's sessions.
pub async fn update(
    db: &D1Database,
    id: &str,
    a: &Assignments<'_>,
    now: i64,
    audit: D1PreparedStatement,
) -> Result<(), Error> {
    let mut stmts = vec![stmt(
        db,
        "UPDATE staff SET display_name = ?2, disabled = ?3, updated_at = ?4 WHERE id = ?1",
        &[s(id), s(a.display_name), n(i64::from(a.disabled)), n(now)],
    )?];
    stmts.extend(assignment_statements(db, id, a)?);
    if a.disabled {
        stmts.push(stmt(
            db,
            "UPDATE sessions SET revoked_at = ?2 WHERE kind = 'staff' AND subject_id = ?1 AND revoked_at IS NULL",
            &[s(id), n(now)],
        )?);
    }
    stmts.push(audit);
    batch(db, "staff update", stmts).await
}

/// Replaces an account's roles, with the audit entry, in one transaction.
pub async fn set_roles(
    db: &D1Database,
    id: &str,
    roles: &[Role],
    now: i64,
    audit: D1PreparedStatement,
) -> Result<(), Error> {
    let mut stmts = vec![
        stmt(
            db,
            "UPDATE staff SET updated_at = ?2 WHERE id = ?1",
            &[s(id), n(now)],
        )?,
        stmt(db, "DELETE FROM staff_roles WHERE staff_id = ?1", &[s(id)])?,
    ];
    for r in roles {
        stmts.push(stmt(
            db,
            "INSERT INTO staff_roles (staff_id, role) VALUES (?1, ?2)",
            &[s(id), s(r.as_str())],
        )?);
    }
    stmts.push(audit);
    batch(db, "staff roles", stmts).await
}

/// Whether a username is taken.
pub async fn username_taken(db: &D1Database, username: &str) -> Result<bool, Error> {
    Ok(by_username(db, username).await?.is_some())
}
