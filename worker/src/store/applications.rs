//! Applications, their events, correction notices and the 失信名单. A step is one versioned
//! update of the application row (so two clerks cannot both take it), then one batch with its
//! event, audit record and side records.

use hall_domain::said::Said;
use hall_domain::Error;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

pub use super::Note;
use super::{all, batch, exec, first, n, opt, s, stmt};

/// One application as stored. Numbers are doubles as D1 returns them.
#[derive(Debug, Clone, Deserialize)]
pub struct AppRow {
    pub id: String,
    pub item_code: String,
    pub hall_code: String,
    pub channel: String,
    pub citizen_id: Option<String>,
    pub applicant_name: String,
    pub id_kind: String,
    pub id_number: String,
    pub phone: String,
    pub ticket_id: Option<String>,
    pub status: String,
    pub owner_id: Option<String>,
    pub materials: String,
    pub received_on: String,
    pub accepted_on: Option<String>,
    pub paused_since: Option<String>,
    pub paused_days: f64,
    pub due_on: Option<String>,
    pub rongque_due_on: Option<String>,
    pub rongque_reminded: f64,
    pub rongque_listed: f64,
    pub decided_on: Option<String>,
    pub approved: Option<f64>,
    pub reasons: String,
    pub certificate_no: String,
    pub collect_place: String,
    pub courier: String,
    pub mail_tracking: String,
    pub idempotency_key: String,
    pub version: f64,
    pub created_at: f64,
    pub updated_at: f64,
    /// The joint application this is a member of.
    #[serde(default)]
    pub joint_id: Option<String>,
    /// `collect` or `mail`.
    pub delivery: String,
    /// JSON of the mailing address.
    pub mail_address: Option<String>,
    /// JSON of the place that handles it, when not the accepting hall (通办).
    pub handled_at: Option<String>,
    /// When the applicant signed the 容缺 commitment online.
    #[serde(default)]
    pub commitment_signed_at: Option<f64>,
}

/// Who handed in a new application, and where.
pub struct Receipt<'a> {
    pub id: String,
    pub item_code: &'a str,
    pub hall_code: &'a str,
    pub channel: &'a str,
    pub citizen_id: Option<String>,
    pub applicant: &'a hall_domain::application::Applicant,
    pub owner_id: Option<String>,
    pub materials: String,
    pub received_on: String,
    pub idempotency_key: String,
    pub now: i64,
}

impl AppRow {
    /// A new application, just received: nothing decided, collected at the hall, handled
    /// where accepted.
    pub fn received(r: Receipt<'_>) -> AppRow {
        AppRow {
            id: r.id,
            item_code: r.item_code.to_string(),
            hall_code: r.hall_code.to_string(),
            channel: r.channel.to_string(),
            citizen_id: r.citizen_id,
            applicant_name: r.applicant.name.clone(),
            id_kind: r.applicant.id_kind.as_str().to_string(),
            id_number: r.applicant.id_number.clone(),
            phone: r.applicant.phone.as_str().to_string(),
            ticket_id: None,
            status: hall_domain::application::Status::Submitted
                .as_str()
                .to_string(),
            owner_id: r.owner_id,
            materials: r.materials,
            received_on: r.received_on,
            accepted_on: None,
            paused_since: None,
            paused_days: 0.0,
            due_on: None,
            rongque_due_on: None,
            rongque_reminded: 0.0,
            rongque_listed: 0.0,
            decided_on: None,
            approved: None,
            reasons: String::new(),
            certificate_no: String::new(),
            collect_place: String::new(),
            courier: String::new(),
            mail_tracking: String::new(),
            idempotency_key: r.idempotency_key,
            version: 0.0,
            created_at: r.now as f64,
            updated_at: r.now as f64,
            joint_id: None,
            delivery: "collect".into(),
            mail_address: None,
            handled_at: None,
            commitment_signed_at: None,
        }
    }
}

const COLUMNS: &str = "id, item_code, hall_code, channel, citizen_id, applicant_name, id_kind,
    id_number, phone, ticket_id, status, owner_id, materials, received_on, accepted_on,
    paused_since, paused_days, due_on, rongque_due_on, rongque_reminded, rongque_listed,
    decided_on, approved, reasons, certificate_no, collect_place, courier, mail_tracking,
    idempotency_key, version, created_at, updated_at, joint_id, delivery, mail_address, handled_at,
    commitment_signed_at";

/// Inserts a new application (nothing when the idempotency key was used before). Returns
/// whether it was inserted.
pub async fn insert(db: &D1Database, r: &AppRow, event: &Event<'_>) -> Result<bool, Error> {
    let changed = exec(
        db,
        "application insert",
        "INSERT INTO applications (id, item_code, hall_code, channel, citizen_id, applicant_name,
             id_kind, id_number, phone, ticket_id, status, owner_id, materials, received_on,
             idempotency_key, version, created_at, updated_at, delivery, mail_address,
             handled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, ?16,
             ?17, ?18, ?19)
         ON CONFLICT (idempotency_key) DO NOTHING",
        &[
            s(&r.id),
            s(&r.item_code),
            s(&r.hall_code),
            s(&r.channel),
            opt(r.citizen_id.as_deref()),
            s(&r.applicant_name),
            s(&r.id_kind),
            s(&r.id_number),
            s(&r.phone),
            opt(r.ticket_id.as_deref()),
            s(&r.status),
            opt(r.owner_id.as_deref()),
            s(&r.materials),
            s(&r.received_on),
            s(&r.idempotency_key),
            n(r.created_at as i64),
            s(&r.delivery),
            opt(r.mail_address.as_deref()),
            opt(r.handled_at.as_deref()),
        ],
    )
    .await?;
    if changed == 1 {
        batch(db, "application created", vec![event.insert(db)?]).await?;
    }
    Ok(changed == 1)
}

/// One application by tracking number.
pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<AppRow>, Error> {
    first(
        db,
        "application",
        &format!("SELECT {COLUMNS} FROM applications WHERE id = ?1"),
        &[s(id)],
    )
    .await
}

/// The application a retried create made.
pub async fn by_key(db: &D1Database, key: &str) -> Result<Option<AppRow>, Error> {
    first(
        db,
        "application by key",
        &format!("SELECT {COLUMNS} FROM applications WHERE idempotency_key = ?1"),
        &[s(key)],
    )
    .await
}

/// A citizen's applications, newest first.
pub async fn of_citizen(db: &D1Database, citizen_id: &str) -> Result<Vec<AppRow>, Error> {
    all(
        db,
        "my applications",
        &format!(
            "SELECT {COLUMNS} FROM applications WHERE citizen_id = ?1 AND joint_id IS NULL
             ORDER BY created_at DESC LIMIT 100"
        ),
        &[s(citizen_id)],
    )
    .await
}

/// The members of a joint application, in the package's order of insertion.
pub async fn of_joint(db: &D1Database, joint_id: &str) -> Result<Vec<AppRow>, Error> {
    all(
        db,
        "joint members",
        &format!("SELECT {COLUMNS} FROM applications WHERE joint_id = ?1 ORDER BY idempotency_key"),
        &[s(joint_id)],
    )
    .await
}

/// The staff list: open applications and those decided in the last 90 days, newest first.
pub async fn recent(db: &D1Database, since: i64) -> Result<Vec<AppRow>, Error> {
    all(
        db,
        "applications",
        &format!(
            "SELECT {COLUMNS} FROM applications
             WHERE status NOT IN ('archived', 'withdrawn') OR updated_at >= ?1
             ORDER BY created_at DESC LIMIT 500"
        ),
        &[n(since)],
    )
    .await
}

/// Applications with an outstanding 容缺 deadline (for the scheduled job).
pub async fn rongque_open(db: &D1Database) -> Result<Vec<AppRow>, Error> {
    all(
        db,
        "rongque open",
        &format!(
            "SELECT {COLUMNS} FROM applications
             WHERE rongque_due_on IS NOT NULL AND rongque_listed = 0
               AND status NOT IN ('withdrawn', 'archived')
               AND materials LIKE '%\"waived\"%'"
        ),
        &[],
    )
    .await
}

/// Records the applicant's online signature of the 容缺 commitment, once, with its event.
/// Returns whether this call signed it.
pub async fn sign_commitment(db: &D1Database, id: &str, event: &Event<'_>) -> Result<bool, Error> {
    let changed = exec(
        db,
        "application commitment",
        "UPDATE applications SET commitment_signed_at = ?2
         WHERE id = ?1 AND commitment_signed_at IS NULL",
        &[s(id), n(event.at)],
    )
    .await?;
    if changed == 1 {
        batch(db, "application commitment event", vec![event.insert(db)?]).await?;
    }
    Ok(changed == 1)
}

/// Who did a step.
pub struct Event<'a> {
    pub application_id: &'a str,
    pub at: i64,
    pub step: &'a str,
    pub status: &'a str,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub note: Note<'a>,
}

impl Event<'_> {
    pub fn insert(&self, db: &D1Database) -> Result<D1PreparedStatement, Error> {
        let [note, said] = self.note.values();
        stmt(
            db,
            "INSERT INTO application_events (application_id, at, step, status, actor_kind,
                 actor_id, note, said) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &[
                s(self.application_id),
                n(self.at),
                s(self.step),
                s(self.status),
                s(self.actor_kind),
                opt(self.actor_id),
                note,
                said,
            ],
        )
    }
}

fn num_or_null(v: Option<f64>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_f64)
}

/// Writes `next` over the row if nobody changed it since `version`, then records the event and
/// `more` (notice, audit, listing) in one batch. Returns false when the row had moved on.
pub async fn save(
    db: &D1Database,
    version: f64,
    next: &AppRow,
    event: &Event<'_>,
    more: Vec<D1PreparedStatement>,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "application step",
        "UPDATE applications SET status = ?3, owner_id = ?4, materials = ?5, accepted_on = ?6,
             paused_since = ?7, paused_days = ?8, due_on = ?9, rongque_due_on = ?10,
             rongque_reminded = ?11, rongque_listed = ?12, decided_on = ?13, approved = ?14,
             reasons = ?15, certificate_no = ?16, collect_place = ?17, courier = ?18,
             mail_tracking = ?19, updated_at = ?20, delivery = ?21, mail_address = ?22,
             version = version + 1
         WHERE id = ?1 AND version = ?2",
        &[
            s(&next.id),
            JsValue::from_f64(version),
            s(&next.status),
            opt(next.owner_id.as_deref()),
            s(&next.materials),
            opt(next.accepted_on.as_deref()),
            opt(next.paused_since.as_deref()),
            JsValue::from_f64(next.paused_days),
            opt(next.due_on.as_deref()),
            opt(next.rongque_due_on.as_deref()),
            JsValue::from_f64(next.rongque_reminded),
            JsValue::from_f64(next.rongque_listed),
            opt(next.decided_on.as_deref()),
            num_or_null(next.approved),
            s(&next.reasons),
            s(&next.certificate_no),
            s(&next.collect_place),
            s(&next.courier),
            s(&next.mail_tracking),
            n(next.updated_at as i64),
            s(&next.delivery),
            opt(next.mail_address.as_deref()),
        ],
    )
    .await?;
    if changed != 1 {
        return Ok(false);
    }
    let mut stmts = vec![event.insert(db)?];
    stmts.extend(more);
    batch(db, "application step records", stmts).await?;
    Ok(true)
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventRow {
    pub at: f64,
    pub step: String,
    pub status: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub note: String,
    pub said: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NoticeRow {
    pub seq: f64,
    pub issued_on: String,
    pub issued_by: String,
    pub lines: String,
    pub deadline: String,
    pub repeat_reason: String,
    pub late: f64,
}

/// The timeline and the notices of one application, in one round trip.
pub async fn history(db: &D1Database, id: &str) -> Result<(Vec<EventRow>, Vec<NoticeRow>), Error> {
    let results = db
        .batch(vec![
            stmt(
                db,
                "SELECT at, step, status, actor_kind, actor_id, note, said FROM application_events
                 WHERE application_id = ?1 ORDER BY id",
                &[s(id)],
            )?,
            stmt(
                db,
                "SELECT seq, issued_on, issued_by, lines, deadline, repeat_reason, late
                 FROM correction_notices WHERE application_id = ?1 ORDER BY seq",
                &[s(id)],
            )?,
        ])
        .await
        .map_err(|e| crate::http::unavailable("application history", e))?;
    let events = results
        .first()
        .ok_or(Error::Unavailable)?
        .results()
        .map_err(|e| crate::http::unavailable("events", e))?;
    let notices = results
        .get(1)
        .ok_or(Error::Unavailable)?
        .results()
        .map_err(|e| crate::http::unavailable("notices", e))?;
    Ok((events, notices))
}

/// Applications with more than one notice (a second round trip), for the manager.
pub async fn repeat_noticed(db: &D1Database) -> Result<Vec<String>, Error> {
    #[derive(Deserialize)]
    struct Row {
        application_id: String,
    }
    let rows: Vec<Row> = all(
        db,
        "repeat notices",
        "SELECT DISTINCT application_id FROM correction_notices WHERE seq > 1",
        &[],
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.application_id).collect())
}

/// A correction notice to insert with its step.
pub struct NewNotice<'a> {
    pub application_id: &'a str,
    pub seq: u32,
    pub issued_on: &'a str,
    pub issued_by: &'a str,
    pub lines: &'a str,
    pub deadline: &'a str,
    pub repeat_reason: &'a str,
    pub late: bool,
}

pub fn notice(db: &D1Database, x: &NewNotice<'_>) -> Result<D1PreparedStatement, Error> {
    stmt(
        db,
        "INSERT INTO correction_notices (application_id, seq, issued_on, issued_by, lines,
             deadline, repeat_reason, late) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[
            s(x.application_id),
            n(i64::from(x.seq)),
            s(x.issued_on),
            s(x.issued_by),
            s(x.lines),
            s(x.deadline),
            s(x.repeat_reason),
            n(i64::from(x.late)),
        ],
    )
}

/// Whether the person (hash of their identity document) is on the list now.
pub async fn listed(db: &D1Database, person: &str) -> Result<bool, Error> {
    #[derive(Deserialize)]
    struct Row {
        #[allow(dead_code)]
        id: f64,
    }
    let row: Option<Row> = first(
        db,
        "credit list check",
        "SELECT id FROM credit_list WHERE person = ?1 AND removed_on IS NULL LIMIT 1",
        &[s(person)],
    )
    .await?;
    Ok(row.is_some())
}

/// A listing to insert with the step that makes it.
pub struct NewListing<'a> {
    pub person: &'a str,
    pub name_masked: &'a str,
    pub item_code: &'a str,
    pub application_id: &'a str,
    pub listed_on: &'a str,
    pub reason: &'a Said,
}

pub fn list(db: &D1Database, x: &NewListing<'_>) -> Result<D1PreparedStatement, Error> {
    let [reason, said] = Note::Said(x.reason).values();
    stmt(
        db,
        "INSERT INTO credit_list (person, name_masked, item_code, application_id, listed_on,
             reason, said) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (application_id) DO NOTHING",
        &[
            s(x.person),
            s(x.name_masked),
            s(x.item_code),
            s(x.application_id),
            s(x.listed_on),
            reason,
            said,
        ],
    )
}

/// Ends the listing made for an application (the materials were supplied).
pub fn unlist(
    db: &D1Database,
    application_id: &str,
    on: &str,
    reason: &str,
) -> Result<D1PreparedStatement, Error> {
    stmt(
        db,
        "UPDATE credit_list SET removed_on = ?2, removal_reason = ?3
         WHERE application_id = ?1 AND removed_on IS NULL",
        &[s(application_id), s(on), s(reason)],
    )
}

#[derive(Debug, Clone, Deserialize)]
pub struct ListingRow {
    pub id: f64,
    pub name_masked: String,
    pub item_code: String,
    pub application_id: String,
    pub listed_on: String,
    pub reason: String,
    pub said: Option<String>,
}

/// The current listings, newest first.
pub async fn listings(db: &D1Database) -> Result<Vec<ListingRow>, Error> {
    all(
        db,
        "credit list",
        "SELECT id, name_masked, item_code, application_id, listed_on, reason, said
         FROM credit_list
         WHERE removed_on IS NULL ORDER BY listed_on DESC, id DESC LIMIT 500",
        &[],
    )
    .await
}

/// Ends a listing whose period ran out.
pub async fn expire_listing(db: &D1Database, id: f64, on: &str) -> Result<(), Error> {
    exec(
        db,
        "credit list expiry",
        "UPDATE credit_list SET removed_on = ?2, removal_reason = '公示期满'
         WHERE id = ?1 AND removed_on IS NULL",
        &[JsValue::from_f64(id), s(on)],
    )
    .await?;
    Ok(())
}

/// Staff names for the timeline and the responsible person: id → (display name, username).
pub async fn staff_names(db: &D1Database) -> Result<Vec<(String, String, String)>, Error> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        display_name: String,
        username: String,
    }
    let rows: Vec<Row> = all(
        db,
        "staff names",
        "SELECT id, display_name, username FROM staff",
        &[],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.display_name, r.username))
        .collect())
}
