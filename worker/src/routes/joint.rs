//! 联审联办 (standard 5.6): a joint package received once at the window, with one tracking
//! number, becomes one application per member item; joint acceptance starts them all under the
//! package's promised deadline; each department's officer then works its own member through
//! the ordinary steps; the applicant follows every department on one page.

use hall_domain::application::{
    check_applicant, checklist, format_tracking, parse_tracking, tracking_number,
    working_days_left, MaterialCheck, MaterialState, Status,
};
use hall_domain::calendar::Date;
use hall_domain::directory::Directory;
use hall_domain::dto::{JointCreate, JointView, MemberView};
use hall_domain::error::FieldError;
use hall_domain::idempotency::Caller;
use hall_domain::identity::{mask_id, mask_name, mask_phone};
use hall_domain::joint::{joint_acceptance_problems, joint_due, joint_status};
use hall_domain::language::Lang;
use hall_domain::said::Said;
use hall_domain::Error;
use worker::{D1Database, Response};

use super::applications::{materials_from, staff_audit_of, Names};
use super::today;
use crate::auth::{CitizenSession, StaffSession};
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::notify::{self, Notifier};
use crate::store::applications::{self as apps, AppRow, Event, Note, Receipt};
use crate::store::{audit, bookings, citizens, joint};
use crate::{crypto, http, state};

/// Five random bytes for a tracking number.
fn random() -> Result<[u8; 5], Error> {
    crypto::random_bytes(5)?
        .try_into()
        .map_err(|_| Error::Unavailable)
}

/// Who is looking.
pub enum JointViewer {
    Staff,
    Applicant,
    Public,
}

/// The package and its members as `viewer` may see them.
pub async fn joint_view(
    db: &D1Database,
    dir: &Directory,
    row: &joint::JointRow,
    viewer: JointViewer,
    now: i64,
) -> Result<JointView, Error> {
    let (setup, rules) = bookings::hall(db).await?;
    let members = apps::of_joint(db, &row.id).await?;
    let names = Names(apps::staff_names(db).await?);
    let package = dir
        .package(&row.package_code, Lang::ZhCn)
        .map_err(|_| Error::ApplicationNotFound)?
        .package;
    let today = today(now)?;
    let statuses: Vec<Status> = members
        .iter()
        .filter_map(|m| Status::parse(&m.status))
        .collect();
    let status = joint_status(&statuses);
    let due_on = row.due_on.as_deref().and_then(Date::parse);
    let open = statuses.iter().any(|s| !s.is_decided() && !s.is_closed());
    let days_left = match due_on {
        Some(due) if open && row.accepted_on.is_some() => {
            Some(working_days_left(dir.calendar(), today, due))
        }
        _ => None,
    };
    let members = members
        .iter()
        .map(|m| {
            let item = dir.item(&m.item_code);
            let s = Status::parse(&m.status).unwrap_or(Status::Submitted);
            MemberView {
                number: format_tracking(&m.id),
                item_code: m.item_code.clone(),
                item_name: item.map(|i| i.name.clone()).unwrap_or_default(),
                department: item
                    .and_then(|i| dir.department_name_of(&i.department))
                    .unwrap_or_default()
                    .to_string(),
                status: s,
                status_label: s.label().to_string(),
                decided_on: m.decided_on.as_deref().and_then(Date::parse),
                responsible: names.label(&rules, m.owner_id.as_deref()),
            }
        })
        .collect();
    let (applicant, id_number, phone) = match viewer {
        JointViewer::Staff => (
            row.applicant_name.clone(),
            row.id_number.clone(),
            row.phone.clone(),
        ),
        JointViewer::Applicant => (
            row.applicant_name.clone(),
            mask_id(&row.id_number),
            mask_phone(&row.phone),
        ),
        JointViewer::Public => (
            mask_name(&row.applicant_name),
            mask_id(&row.id_number),
            mask_phone(&row.phone),
        ),
    };
    Ok(JointView {
        number: format_tracking(&row.id),
        package_code: package.code.clone(),
        package_name: package.name.clone(),
        hall_name: setup
            .halls
            .iter()
            .find(|h| h.code == row.hall_code)
            .map(|h| h.name.clone())
            .unwrap_or_default(),
        applicant,
        id_number,
        phone,
        responsible: names.label(&rules, row.owner_id.as_deref()),
        received_on: Date::parse(&row.received_on).ok_or(Error::Unavailable)?,
        accepted_on: row.accepted_on.as_deref().and_then(Date::parse),
        promised_workdays: u32::from(package.promised_limit_workdays),
        due_on,
        days_left,
        status_label: status.label(),
        members,
        can_accept: matches!(viewer, JointViewer::Staff) && row.accepted_on.is_none(),
    })
}

/// `POST /api/v1/staff/joint-applications`: one form, one tracking number, one application per
/// member item.
pub async fn create(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: JointCreate = ctx.json()?;
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let (setup, _) = bookings::hall(&db).await?;
    let today = today(ctx.now)?;
    let mut problems = Vec::new();
    let who = check_applicant(
        &req.idempotency_key,
        &req.applicant_name,
        req.id_kind,
        &req.id_number,
        &req.phone,
        today,
        &mut problems,
    );
    let package = dir
        .package(&req.package, Lang::ZhCn)
        .ok()
        .map(|p| p.package);
    if package.is_none() {
        problems.push(FieldError::new(
            "package",
            "请选择联办事项",
            "package: no such joint package",
        ));
    }
    super::applications::check_hall(&setup, &req.hall, &mut problems);
    let (Some(package), Some(who), true) = (package, who, problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let idem = Idem::new(ctx, Caller::Staff(&me.staff.row.id), &req.idempotency_key).await?;
    if idem.seen(&db).await? {
        if let Some(row) = joint::by_key(&db, idem.key()).await? {
            return respond_staff(ctx, &db, &dir, me, &row, "joint.create").await;
        }
    }
    idem.claim(&db, ctx.now).await?;
    // Each member's checklist, from the guide and the states sent for that item.
    let mut members: Vec<(String, Vec<MaterialCheck>)> = Vec::new();
    for code in &package.items {
        let item = dir.item(code).ok_or(Error::Unavailable)?;
        let fresh = checklist(&item.materials, MaterialState::Missing);
        let sent = req
            .materials
            .iter()
            .find(|m| m.item == *code)
            .map(|m| m.materials.as_slice())
            .unwrap_or_default();
        members.push((code.clone(), materials_from(&fresh, sent)?));
    }
    let citizen = citizens::by_document(&db, who.id_kind, &who.id_number).await?;
    let citizen_id = citizen.map(|c| c.id);
    let id = tracking_number(today, random()?);
    let row = joint::JointRow {
        id: id.clone(),
        package_code: package.code.clone(),
        hall_code: req.hall.clone(),
        citizen_id: citizen_id.clone(),
        applicant_name: who.name.clone(),
        id_kind: who.id_kind.as_str().into(),
        id_number: who.id_number.clone(),
        phone: who.phone.as_str().into(),
        owner_id: Some(me.staff.row.id.clone()),
        received_on: today.to_string(),
        accepted_on: None,
        due_on: None,
        idempotency_key: idem.key().to_string(),
        created_at: ctx.now as f64,
    };
    let mut rows = Vec::new();
    for (i, (code, checks)) in members.iter().enumerate() {
        let mut member = AppRow::received(Receipt {
            id: tracking_number(today, random()?),
            item_code: code,
            hall_code: &req.hall,
            channel: "window",
            citizen_id: citizen_id.clone(),
            applicant: &who,
            owner_id: Some(me.staff.row.id.clone()),
            materials: serde_json::to_string(checks).map_err(|_| Error::Unavailable)?,
            received_on: today.to_string(),
            idempotency_key: format!("{}:{i}", idem.key()),
            now: ctx.now,
        });
        member.joint_id = Some(id.clone());
        rows.push(member);
    }
    if joint::insert(&db, &row, &rows, &me.staff.row.id, ctx.now).await? {
        notify::Outbox {
            db: &db,
            now: ctx.now,
        }
        .send(
            &who.phone,
            &notify::received_text(&format_tracking(&id), &package.name),
        )
        .await?;
    }
    let row = joint::by_key(&db, idem.key())
        .await?
        .ok_or(Error::Unavailable)?;
    respond_staff(ctx, &db, &dir, me, &row, "joint.create").await
}

async fn respond_staff(
    ctx: &Ctx,
    db: &D1Database,
    dir: &Directory,
    me: &StaffSession,
    row: &joint::JointRow,
    action: &str,
) -> Result<Response, Error> {
    let v = joint_view(db, dir, row, JointViewer::Staff, ctx.now).await?;
    audit::append(
        db,
        &staff_audit_of(
            me,
            ctx,
            action,
            "joint_application",
            &row.id,
            row.citizen_id.as_deref(),
            &row.package_code,
            "",
        ),
    )?
    .run()
    .await
    .map_err(|e| http::unavailable("audit append", e))?;
    http::private(&v)
}

async fn load(db: &D1Database, number: &str) -> Result<joint::JointRow, Error> {
    let id = parse_tracking(number).ok_or(Error::ApplicationNotFound)?;
    joint::by_id(db, &id)
        .await?
        .ok_or(Error::ApplicationNotFound)
}

/// `GET /api/v1/staff/joint-applications/{no}` (audited).
pub async fn open(ctx: &Ctx, me: &StaffSession, number: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let row = load(&db, number).await?;
    // An officer reads a package that holds an item of their departments.
    let package = dir
        .package(&row.package_code, Lang::ZhCn)
        .map_err(|_| Error::ApplicationNotFound)?
        .package;
    if !package
        .items
        .iter()
        .any(|code| super::applications::readable(me, &dir, code))
    {
        return Err(Error::ApplicationNotFound);
    }
    respond_staff(ctx, &db, &dir, me, &row, "joint.open").await
}

/// `POST /api/v1/staff/joint-applications/{no}/accept`: joint acceptance (综合受理) of every
/// member at once, under the package's deadline; refused, naming each member's missing
/// materials, unless all are complete.
pub async fn accept(ctx: &Ctx, me: &StaffSession, number: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let row = load(&db, number).await?;
    // Joint acceptance is the window's (like any acceptance).
    if !me
        .staff
        .roles
        .contains(&hall_domain::access::Role::WindowClerk)
    {
        return Err(Error::Forbidden);
    }
    if row.accepted_on.is_some() {
        return respond_staff(ctx, &db, &dir, me, &row, "joint.accept").await;
    }
    let package = dir
        .package(&row.package_code, Lang::ZhCn)
        .map_err(|_| Error::ApplicationNotFound)?
        .package;
    let members = apps::of_joint(&db, &row.id).await?;
    let mut checks = Vec::new();
    for m in &members {
        let name = dir
            .item(&m.item_code)
            .map(|i| i.name.clone())
            .unwrap_or_default();
        let c: Vec<MaterialCheck> =
            serde_json::from_str(&m.materials).map_err(|_| Error::Unavailable)?;
        if Status::parse(&m.status)
            .is_some_and(|s| matches!(s, Status::Submitted | Status::Correcting))
        {
            checks.push((name, c));
        }
    }
    let problems = joint_acceptance_problems(&checks);
    if !problems.is_empty() {
        return Err(Error::Checklist(
            hall_domain::application::ChecklistRefusal::NotComplete(problems),
        ));
    }
    let today = today(ctx.now)?;
    let due = joint_due(
        dir.calendar(),
        today,
        u32::from(package.promised_limit_workdays),
    )
    .ok_or(Error::Unavailable)?;
    for m in &members {
        let Some(from) = Status::parse(&m.status) else {
            continue;
        };
        if !matches!(from, Status::Submitted | Status::Correcting) {
            continue;
        }
        let mut next = m.clone();
        next.status = Status::Accepted.as_str().into();
        next.accepted_on = Some(today.to_string());
        next.due_on = Some(due.to_string());
        next.paused_since = None;
        next.updated_at = ctx.now as f64;
        let said = Said::JointAccept { due };
        let event = Event {
            application_id: &m.id,
            at: ctx.now,
            step: "accept",
            status: Status::Accepted.as_str(),
            actor_kind: "staff",
            actor_id: Some(&me.staff.row.id),
            note: Note::Said(&said),
        };
        if !apps::save(&db, m.version, &next, &event, Vec::new()).await? {
            return Err(Error::ApplicationChanged);
        }
    }
    joint::accept(&db, &row.id, &today.to_string(), &due.to_string()).await?;
    let row = load(&db, number).await?;
    respond_staff(ctx, &db, &dir, me, &row, "joint.accept").await
}

/// `GET /api/v1/joint-applications/{no}`: my joint application.
pub async fn mine(ctx: &Ctx, me: &CitizenSession, number: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let row = load(&db, number).await?;
    if row.citizen_id.as_deref() != Some(me.citizen_id.as_str()) {
        return Err(Error::ApplicationNotFound);
    }
    http::private(&joint_view(&db, &dir, &row, JointViewer::Applicant, ctx.now).await?)
}
