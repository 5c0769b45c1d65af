//! Joint applications (联审联办): the package row; its members are ordinary applications with
//! `joint_id` set, inserted with it in one batch.

use hall_domain::said::Said;
use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::applications::AppRow;
use super::{exec, first, n, opt, s, stmt, Note};

#[derive(Debug, Clone, Deserialize)]
pub struct JointRow {
    pub id: String,
    pub package_code: String,
    pub hall_code: String,
    pub citizen_id: Option<String>,
    pub applicant_name: String,
    pub id_kind: String,
    pub id_number: String,
    pub phone: String,
    pub owner_id: Option<String>,
    pub received_on: String,
    pub accepted_on: Option<String>,
    pub due_on: Option<String>,
    pub idempotency_key: String,
    pub created_at: f64,
}

const COLUMNS: &str = "id, package_code, hall_code, citizen_id, applicant_name, id_kind,
    id_number, phone, owner_id, received_on, accepted_on, due_on, idempotency_key, created_at";

/// Inserts the package and its members in one transaction (nothing when the key was used).
/// Returns whether it was inserted.
pub async fn insert(
    db: &D1Database,
    r: &JointRow,
    members: &[AppRow],
    staff_id: &str,
    now: i64,
) -> Result<bool, Error> {
    if by_key(db, &r.idempotency_key).await?.is_some() {
        return Ok(false);
    }
    let mut stmts = vec![stmt(
        db,
        "INSERT INTO joint_applications (id, package_code, hall_code, citizen_id, applicant_name,
             id_kind, id_number, phone, owner_id, received_on, idempotency_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        &[
            s(&r.id),
            s(&r.package_code),
            s(&r.hall_code),
            opt(r.citizen_id.as_deref()),
            s(&r.applicant_name),
            s(&r.id_kind),
            s(&r.id_number),
            s(&r.phone),
            opt(r.owner_id.as_deref()),
            s(&r.received_on),
            s(&r.idempotency_key),
            n(now),
        ],
    )?];
    for m in members {
        stmts.push(stmt(
            db,
            "INSERT INTO applications (id, item_code, hall_code, channel, citizen_id,
                 applicant_name, id_kind, id_number, phone, status, owner_id, materials,
                 received_on, idempotency_key, joint_id, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, ?16)",
            &[
                s(&m.id),
                s(&m.item_code),
                s(&m.hall_code),
                s(&m.channel),
                opt(m.citizen_id.as_deref()),
                s(&m.applicant_name),
                s(&m.id_kind),
                s(&m.id_number),
                s(&m.phone),
                s(&m.status),
                opt(m.owner_id.as_deref()),
                s(&m.materials),
                s(&m.received_on),
                s(&m.idempotency_key),
                s(&r.id),
                n(now),
            ],
        )?);
        let [note, said] = Note::Said(&Said::JointReceived {
            joint: r.id.clone(),
        })
        .values();
        stmts.push(stmt(
            db,
            "INSERT INTO application_events (application_id, at, step, status, actor_kind,
                 actor_id, note, said)
             VALUES (?1, ?2, 'receive', 'submitted', 'staff', ?3, ?4, ?5)",
            &[s(&m.id), n(now), s(staff_id), note, said],
        )?);
    }
    // A concurrent retry with the same key fails on the unique key as a whole batch.
    match db.batch(stmts).await {
        Ok(_) => Ok(true),
        Err(e) => {
            if by_key(db, &r.idempotency_key).await?.is_some() {
                Ok(false)
            } else {
                Err(crate::http::unavailable("joint insert", e))
            }
        }
    }
}

pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<JointRow>, Error> {
    first(
        db,
        "joint application",
        &format!("SELECT {COLUMNS} FROM joint_applications WHERE id = ?1"),
        &[s(id)],
    )
    .await
}

pub async fn by_key(db: &D1Database, key: &str) -> Result<Option<JointRow>, Error> {
    first(
        db,
        "joint application by key",
        &format!("SELECT {COLUMNS} FROM joint_applications WHERE idempotency_key = ?1"),
        &[s(key)],
    )
    .await
}

/// A citizen's joint applications, newest first.
pub async fn of_citizen(db: &D1Database, citizen_id: &str) -> Result<Vec<JointRow>, Error> {
    super::all(
        db,
        "my joint applications",
        &format!(
            "SELECT {COLUMNS} FROM joint_applications WHERE citizen_id = ?1
             ORDER BY created_at DESC LIMIT 50"
        ),
        &[s(citizen_id)],
    )
    .await
}

/// Records joint acceptance (once).
pub async fn accept(db: &D1Database, id: &str, on: &str, due: &str) -> Result<(), Error> {
    exec(
        db,
        "joint accept",
        "UPDATE joint_applications SET accepted_on = ?2, due_on = ?3
         WHERE id = ?1 AND accepted_on IS NULL",
        &[s(id), s(on), s(due)],
    )
    .await?;
    Ok(())
}
