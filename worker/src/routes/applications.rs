//! Applications (standard 5.2, 5.3, 5.5, 5.7, 6.3.3–6.3.4): received at the window, stepped
//! through the state machine by clerks and officers, followed by the applicant in My Hall or by
//! anyone holding the tracking number and the applicant's digits, and the public 失信名单.
//! The rules are the domain's (`hall_domain::application`); this module reads, checks who may,
//! and stores.

use hall_domain::access::Role;
use hall_domain::application::{
    self as app, acceptance_day, check_accept, check_applicant, check_rongque, checklist,
    digits_match, due_date, format_tracking, legal_steps, notice_is_late, notice_lines,
    owner_label, parse_tracking, rongque_deadline, tracking_number, waived_outstanding,
    working_days_left, MaterialCheck, MaterialState, Status, Step,
};
use hall_domain::booking::HallRules;
use hall_domain::calendar::{Calendar, Date};
use hall_domain::catalogue::Item;
use hall_domain::delivery::{validate_address, MailAddress};
use hall_domain::directory::Directory;
use hall_domain::dto::{
    ApplicationBrief, ApplicationCreate, ApplicationList, ApplicationView, CommitmentView,
    CreditEntry, CreditList, DeadlineView, DeliveryRequest, DeliveryView, EventView, MaterialInput,
    MatterSummary, NoticeLine, NoticeView, OnlineApplication, PlacesView, ProgressQuery,
    ProgressView, ResultView, RongqueView, StepRequest,
};
use hall_domain::error::FieldError;
use hall_domain::hall_setup::HallSetup;
use hall_domain::idempotency::Caller;
use hall_domain::identity::{mask_id, mask_name, mask_phone, Phone};
use hall_domain::record::{by, Actor, Record};
use hall_domain::said::{self, Said};
use hall_domain::tongban::{check_place, Place};
use hall_domain::Error;
use worker::{D1Database, D1PreparedStatement, Response};

use super::today;
use crate::auth::{CitizenSession, StaffSession};
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::notify::{self, Notifier};
use crate::store::applications::{
    self as store, AppRow, Event, NewListing, NewNotice, Note, Receipt,
};
use crate::store::{audit, bookings, citizens, limits, staff};
use crate::{crypto, http, state};

/// Anonymous progress queries per client address per hour, and per tracking number.
const PROGRESS_PER_CLIENT_HOUR: u32 = 30;
const PROGRESS_PER_NUMBER_HOUR: u32 = 10;

fn date(s: &str) -> Result<Date, Error> {
    Date::parse(s).ok_or(Error::Unavailable)
}

fn opt_date(s: Option<&str>) -> Option<Date> {
    s.and_then(Date::parse)
}

fn checks_of(row: &AppRow) -> Result<Vec<MaterialCheck>, Error> {
    serde_json::from_str(&row.materials).map_err(|_| Error::Unavailable)
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|_| Error::Unavailable)
}

/// The hash that recognises a person on the 失信名单 without keeping their number there.
async fn person_of(row_kind: &str, number: &str) -> Result<String, Error> {
    crypto::sha256_hex(format!("credit:{row_kind}:{}", number.to_uppercase()).as_bytes()).await
}

/// Who is looking, which decides what is masked and which steps are offered.
enum Viewer<'a> {
    Applicant,
    Staff(&'a StaffSession),
    Public,
}

pub(crate) struct Names(pub(crate) Vec<(String, String, String)>);

impl Names {
    pub(crate) fn label(&self, rules: &HallRules, id: Option<&str>) -> String {
        id.and_then(|id| self.0.iter().find(|(i, _, _)| i == id))
            .map(|(_, name, user)| owner_label(rules.applications.owner_shown, name, user))
            .unwrap_or_default()
    }
}

fn roles_for(me: &StaffSession, step: Step) -> bool {
    step.roles().iter().any(|r| me.staff.roles.contains(r))
}

/// Whether the staff member may take `step` on an application for `item`: the role must do
/// this step, and an officer only for the departments they serve (clerks receive for all).
fn may(me: &StaffSession, step: Step, item: &Item) -> Result<(), Error> {
    if !roles_for(me, step) {
        return Err(Error::Forbidden);
    }
    let as_clerk =
        me.staff.roles.contains(&Role::WindowClerk) && step.roles().contains(&Role::WindowClerk);
    if !as_clerk && !me.staff.departments.contains(&item.department) {
        return Err(Error::OtherDepartment);
    }
    Ok(())
}

/// Whether this staff member may read applications of the item (`application::may_read`).
pub(crate) fn readable(me: &StaffSession, dir: &Directory, item_code: &str) -> bool {
    dir.item(item_code)
        .is_some_and(|i| app::may_read(&me.staff.roles, &me.staff.departments, &i.department))
}

pub(crate) struct Loaded {
    pub(crate) row: AppRow,
    pub(crate) item: Item,
}

async fn load(db: &D1Database, dir: &Directory, number: &str) -> Result<Loaded, Error> {
    let id = parse_tracking(number).ok_or(Error::ApplicationNotFound)?;
    let row = store::by_id(db, &id)
        .await?
        .ok_or(Error::ApplicationNotFound)?;
    let item = dir
        .item(&row.item_code)
        .cloned()
        .ok_or(Error::ApplicationNotFound)?;
    Ok(Loaded { row, item })
}

/// The signed-in citizen's own application; anyone else's reads as not found.
pub(crate) async fn load_mine(
    db: &D1Database,
    dir: &Directory,
    me: &CitizenSession,
    number: &str,
) -> Result<Loaded, Error> {
    let l = load(db, dir, number).await?;
    if l.row.citizen_id.as_deref() != Some(me.citizen_id.as_str()) {
        return Err(Error::ApplicationNotFound);
    }
    Ok(l)
}

#[allow(clippy::too_many_arguments)]
async fn view(
    db: &D1Database,
    dir: &Directory,
    setup: &HallSetup,
    rules: &HallRules,
    l: &Loaded,
    viewer: Viewer<'_>,
    now: i64,
) -> Result<ApplicationView, Error> {
    let row = &l.row;
    let status = Status::parse(&row.status).ok_or(Error::Unavailable)?;
    let (events, notices) = store::history(db, &row.id).await?;
    let names = Names(store::staff_names(db).await?);
    let hall = setup.halls.iter().find(|h| h.code == row.hall_code);
    let hall_name = hall.map(|h| h.name.clone()).unwrap_or_default();
    let hall_address = hall.map(|h| h.address.clone()).unwrap_or_default();
    let cal = dir.calendar();
    let today = today(now)?;
    let materials = checks_of(row)?;
    let due_on = opt_date(row.due_on.as_deref());
    let paused = row.paused_since.is_some();
    let days_left = match due_on {
        Some(due) if status.clock_runs() && !paused => Some(working_days_left(cal, today, due)),
        _ => None,
    };
    let outstanding: Vec<String> = materials
        .iter()
        .filter(|c| c.state == MaterialState::Waived)
        .map(|c| c.name.clone())
        .collect();
    let rongque = opt_date(row.rongque_due_on.as_deref()).map(|deadline| RongqueView {
        deadline,
        outstanding,
        listed: row.rongque_listed == 1.0,
    });
    let notices = notices
        .into_iter()
        .map(|n| {
            let lines: Vec<NoticeLine> = serde_json::from_str(&n.lines).unwrap_or_default();
            Ok(NoticeView {
                number: format!("BZ{}-{}", row.id, n.seq as u32),
                seq: n.seq as u32,
                issued_on: date(&n.issued_on)?,
                hall_name: hall_name.clone(),
                hall_address: hall_address.clone(),
                item_name: l.item.name.clone(),
                applicant: match viewer {
                    Viewer::Public => mask_name(&row.applicant_name),
                    _ => row.applicant_name.clone(),
                },
                issued_by: names.label(rules, Some(&n.issued_by)),
                lines,
                deadline: date(&n.deadline)?,
                contact: format!("{hall_name}综合受理窗口（{hall_address}），政务服务热线 12345"),
                repeat_reason: n.repeat_reason,
                late: n.late != 0.0,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let events = events
        .into_iter()
        .map(|e| {
            let record = Record::of_application_event(&e.step);
            (e, record)
        })
        .map(|(e, record)| {
            let actor = Actor::of_stored(&e.actor_kind, Actor::Applicant);
            EventView {
                at: e.at as i64,
                record,
                label: record.label().to_string(),
                step: e.step,
                status: Status::parse(&e.status).unwrap_or(status),
                actor,
                by: by(actor, names.label(rules, e.actor_id.as_deref())),
                note: e.note,
                said: Said::from_stored(e.said.as_deref()),
            }
        })
        .collect();
    let result = row.approved.map(|a| ResultView {
        approved: a != 0.0,
        reasons: row.reasons.clone(),
        certificate_no: row.certificate_no.clone(),
        collect_place: row.collect_place.clone(),
        courier: row.courier.clone(),
        mail_tracking: row.mail_tracking.clone(),
    });
    let address: Option<MailAddress> = row
        .mail_address
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok());
    let before_result = !matches!(
        status,
        Status::ResultReady | Status::Delivered | Status::Archived | Status::Withdrawn
    );
    let delivery = DeliveryView {
        offered: l.item.mail_delivery,
        mail: row.delivery == "mail",
        address: address.as_ref().map(|a| match viewer {
            Viewer::Public => a.masked(),
            _ => a.full(),
        }),
        can_change: l.item.mail_delivery && before_result && !matches!(viewer, Viewer::Public),
    };
    let handled: Option<Place> = row
        .handled_at
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok());
    let places = PlacesView {
        scope: l.item.tongban.label().to_string(),
        accepted_at: hall_name.clone(),
        handled_at: match &handled {
            Some(Place::Hall(code)) => setup
                .halls
                .iter()
                .find(|h| h.code == *code)
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            Some(Place::City(city)) => format!("{city}政务服务中心"),
            None => hall_name.clone(),
        },
        handled_city: match &handled {
            Some(Place::City(city)) => Some(city.clone()),
            _ => None,
        },
        forwarded: handled.is_some(),
    };
    let (applicant, id_number, phone, steps) = match viewer {
        Viewer::Applicant => (
            row.applicant_name.clone(),
            mask_id(&row.id_number),
            mask_phone(&row.phone),
            legal_steps(status)
                .into_iter()
                .filter(|s| *s == Step::Withdraw)
                .collect(),
        ),
        Viewer::Staff(me) => (
            row.applicant_name.clone(),
            row.id_number.clone(),
            row.phone.clone(),
            legal_steps(status)
                .into_iter()
                .filter(|s| may(me, *s, &l.item).is_ok())
                .collect(),
        ),
        Viewer::Public => (
            mask_name(&row.applicant_name),
            mask_id(&row.id_number),
            mask_phone(&row.phone),
            Vec::new(),
        ),
    };
    Ok(ApplicationView {
        number: format_tracking(&row.id),
        item_code: l.item.code.clone(),
        item_name: l.item.name.clone(),
        department: dir
            .department_name_of(&l.item.department)
            .unwrap_or_default()
            .to_string(),
        hall_name,
        status,
        status_label: status.label().to_string(),
        applicant,
        id_number,
        phone,
        responsible: match names.label(rules, row.owner_id.as_deref()) {
            r if r.is_empty() => hall_domain::application::UNASSIGNED.into(),
            r => r,
        },
        received_on: date(&row.received_on)?,
        materials,
        deadline: DeadlineView {
            accepted_on: opt_date(row.accepted_on.as_deref()),
            promised_workdays: u32::from(l.item.promised_limit_workdays),
            due_on,
            days_left,
            paused,
            decided_on: opt_date(row.decided_on.as_deref()),
        },
        rongque,
        notices,
        result,
        events,
        steps,
        version: row.version as i64,
        joint: row.joint_id.as_deref().map(format_tracking),
        delivery,
        places,
        payment: match viewer {
            Viewer::Public => None,
            _ => super::payments::view_of(db, &l.item, row, status).await?,
        },
        commitment: (l.item.rongque && !matches!(viewer, Viewer::Public)).then(|| CommitmentView {
            text: app::RONGQUE_COMMITMENT.into(),
            signed_at: row.commitment_signed_at.map(|t| t as i64),
            can_sign: matches!(viewer, Viewer::Applicant)
                && row.commitment_signed_at.is_none()
                && app::may_sign_commitment(true, status),
        }),
    })
}

/// Checklist states from the request, every bad index named.
pub(crate) fn materials_from(
    checks: &[MaterialCheck],
    input: &[MaterialInput],
) -> Result<Vec<MaterialCheck>, Error> {
    let states: Vec<(usize, MaterialState, String)> = input
        .iter()
        .map(|m| (m.index, m.state, m.note.clone()))
        .collect();
    app::apply_states(checks, &states).map_err(|bad| {
        Error::Invalid(
            bad.into_iter()
                .map(|i| {
                    FieldError::new(
                        "materials",
                        format!("第 {} 项材料不存在或不能这样标记", i + 1),
                        format!("materials[{i}]: no such material, or state not allowed"),
                    )
                })
                .collect(),
        )
    })
}

fn staff_audit<'a>(
    me: &'a StaffSession,
    ctx: &'a Ctx,
    action: &'a str,
    row: &'a AppRow,
    reason: &'a str,
) -> audit::Record<'a> {
    staff_audit_of(
        me,
        ctx,
        action,
        "application",
        &row.id,
        row.citizen_id.as_deref(),
        &row.item_code,
        reason,
    )
}

/// The audit record of a staff action on an application or a joint application: it touches
/// the applicant's personal data.
#[allow(clippy::too_many_arguments)]
pub(crate) fn staff_audit_of<'a>(
    me: &'a StaffSession,
    ctx: &'a Ctx,
    action: &'a str,
    target_kind: &'a str,
    target_id: &'a str,
    citizen_id: Option<&'a str>,
    detail: &'a str,
    reason: &'a str,
) -> audit::Record<'a> {
    me.record(
        ctx,
        audit::What {
            action,
            target_kind,
            target_id,
            citizen_id,
            detail,
            reason,
        },
    )
}

/// `POST /api/v1/staff/applications`: a clerk receives an application at the window.
pub async fn create(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: ApplicationCreate = ctx.json()?;
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let (setup, rules) = bookings::hall(&db).await?;
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
    let item = dir.item(&req.item);
    if item.is_none() {
        problems.push(FieldError::new(
            "item",
            "请选择办理的事项",
            "item: no such service item",
        ));
    }
    check_hall(&setup, &req.hall, &mut problems);
    let mail = mail_choice(req.delivery.as_ref(), item, &mut problems);
    let halls: Vec<&str> = setup.halls.iter().map(|h| h.code.as_str()).collect();
    let place = match (&req.handled_at, item) {
        (Some(p), Some(item)) => match check_place(item.tongban, &req.hall, p, &halls) {
            Ok(()) if *p == Place::Hall(req.hall.clone()) => None,
            Ok(()) => Some(p.clone()),
            Err(r) => {
                problems.push(FieldError::new(
                    "handled_at",
                    r.message_zh(),
                    r.message_en(),
                ));
                None
            }
        },
        _ => None,
    };
    if let Some(t) = &req.ticket {
        if crate::store::queue::by_id(&db, t).await?.is_none() {
            problems.push(FieldError::new(
                "ticket",
                "没有这张号票",
                "ticket: not found",
            ));
        }
    }
    let (Some(item), Some(who), true) = (item, who, problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let materials = materials_from(
        &checklist(&item.materials, MaterialState::Missing),
        &req.materials,
    )?;
    let idem = Idem::new(ctx, Caller::Staff(&me.staff.row.id), &req.idempotency_key).await?;
    if let Some(row) = replay(&db, &idem).await? {
        return respond_staff(
            ctx,
            &db,
            &dir,
            &setup,
            &rules,
            me,
            row,
            "application.create",
        )
        .await;
    }
    idem.claim(&db, ctx.now).await?;
    let random: [u8; 5] = crypto::random_bytes(5)?
        .try_into()
        .map_err(|_| Error::Unavailable)?;
    let citizen = citizens::by_document(&db, who.id_kind, &who.id_number).await?;
    let mut row = AppRow::received(Receipt {
        id: tracking_number(today, random),
        item_code: &item.code,
        hall_code: &req.hall,
        channel: "window",
        citizen_id: citizen.map(|c| c.id),
        applicant: &who,
        owner_id: Some(me.staff.row.id.clone()),
        materials: json(&materials)?,
        received_on: today.to_string(),
        idempotency_key: idem.key().to_string(),
        now: ctx.now,
    });
    row.ticket_id = req.ticket.clone();
    row.delivery = if mail.is_some() { "mail" } else { "collect" }.into();
    row.mail_address = mail.as_ref().map(json).transpose()?;
    row.handled_at = place.as_ref().map(json).transpose()?;
    let event = Event {
        application_id: &row.id,
        at: ctx.now,
        step: "receive",
        status: Status::Submitted.as_str(),
        actor_kind: "staff",
        actor_id: Some(&me.staff.row.id),
        note: Note::NONE,
    };
    let row = insert_and_tell(&db, &row, &event, &who.phone, &item.name, ctx.now).await?;
    respond_staff(
        ctx,
        &db,
        &dir,
        &setup,
        &rules,
        me,
        row,
        "application.create",
    )
    .await
}

/// `POST /api/v1/applications`: a signed-in citizen applies online. The hall examines the
/// declared materials before acceptance (the first staff member to take a step becomes
/// responsible).
pub async fn create_online(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let req: OnlineApplication = ctx.json()?;
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let (setup, rules) = bookings::hall(&db).await?;
    let today = today(ctx.now)?;
    let idem = Idem::new(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    if let Some(row) = replay(&db, &idem).await? {
        return respond_applicant(&db, &dir, &setup, &rules, row, ctx.now).await;
    }
    let citizen = citizens::by_id(&db, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let (Some(name), Some(kind), Some(number)) = (
        citizen.name.clone(),
        citizen.id_kind(),
        citizen.id_number.clone(),
    ) else {
        return Err(Error::invalid(
            "profile",
            "网上申请须先在“我的大厅”登记姓名和证件",
            "profile: register your name and identity document first",
        ));
    };
    let mut problems = Vec::new();
    let who = check_applicant(
        &req.idempotency_key,
        &name,
        kind,
        &number,
        &citizen.phone,
        today,
        &mut problems,
    );
    let item = dir.item(&req.item);
    match item {
        None => problems.push(FieldError::new(
            "item",
            "请选择办理的事项",
            "item: no such service item",
        )),
        Some(i)
            if !i
                .channels
                .contains(&hall_domain::catalogue::Channel::Online) =>
        {
            problems.push(FieldError::new(
                "item",
                "该事项不提供网上申请，请预约后到大厅窗口办理",
                "item: not offered online",
            ))
        }
        Some(i) if req.ready.iter().any(|n| *n >= i.materials.len()) => {
            problems.push(FieldError::new(
                "ready",
                "材料清单有误，请刷新页面后重试",
                "ready: no such material",
            ))
        }
        Some(_) => {}
    }
    check_hall(&setup, &req.hall, &mut problems);
    let mail = mail_choice(req.delivery.as_ref(), item, &mut problems);
    let (Some(item), Some(who), true) = (item, who, problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let mut materials = checklist(&item.materials, MaterialState::Missing);
    for n in &req.ready {
        if let Some(m) = materials.get_mut(*n) {
            m.state = MaterialState::Received;
            m.note = Said::DeclaredOnline.zh();
            m.said = Some(Said::DeclaredOnline);
        }
    }
    idem.claim(&db, ctx.now).await?;
    let random: [u8; 5] = crypto::random_bytes(5)?
        .try_into()
        .map_err(|_| Error::Unavailable)?;
    let key = idem.key().to_string();
    let mut row = AppRow::received(Receipt {
        id: tracking_number(today, random),
        item_code: &item.code,
        hall_code: &req.hall,
        channel: "online",
        citizen_id: Some(me.citizen_id.clone()),
        applicant: &who,
        owner_id: None,
        materials: json(&materials)?,
        received_on: today.to_string(),
        idempotency_key: key.clone(),
        now: ctx.now,
    });
    row.delivery = if mail.is_some() { "mail" } else { "collect" }.into();
    row.mail_address = mail.as_ref().map(json).transpose()?;
    let event = Event {
        application_id: &row.id,
        at: ctx.now,
        step: "receive",
        status: Status::Submitted.as_str(),
        actor_kind: "citizen",
        actor_id: Some(&me.citizen_id),
        note: Note::Said(&Said::AppliedOnline),
    };
    let row = insert_and_tell(&db, &row, &event, &who.phone, &item.name, ctx.now).await?;
    respond_applicant(&db, &dir, &setup, &rules, row, ctx.now).await
}

/// The application this very request stored before, if it was made before; a different
/// request under the same key is refused.
async fn replay(db: &D1Database, idem: &Idem) -> Result<Option<AppRow>, Error> {
    if idem.seen(db).await? {
        store::by_key(db, idem.key()).await
    } else {
        Ok(None)
    }
}

async fn respond_applicant(
    db: &D1Database,
    dir: &Directory,
    setup: &HallSetup,
    rules: &HallRules,
    row: AppRow,
    now: i64,
) -> Result<Response, Error> {
    let item = dir
        .item(&row.item_code)
        .cloned()
        .ok_or(Error::ApplicationNotFound)?;
    let l = Loaded { row, item };
    http::private(&view(db, dir, setup, rules, &l, Viewer::Applicant, now).await?)
}

/// Stores a new application (once per idempotency key), tells the applicant its tracking
/// number the first time, and returns the stored row (the earlier one for a retry).
async fn insert_and_tell(
    db: &D1Database,
    row: &AppRow,
    event: &Event<'_>,
    phone: &Phone,
    item_name: &str,
    now: i64,
) -> Result<AppRow, Error> {
    if store::insert(db, row, event).await? {
        notify::Outbox { db, now }
            .send(
                phone,
                &notify::received_text(&format_tracking(&row.id), item_name),
            )
            .await?;
    }
    store::by_key(db, &row.idempotency_key)
        .await?
        .ok_or(Error::Unavailable)
}

/// The staff view of a row, with the read audited (it shows personal data in clear).
#[allow(clippy::too_many_arguments)]
async fn respond_staff(
    ctx: &Ctx,
    db: &D1Database,
    dir: &Directory,
    setup: &HallSetup,
    rules: &HallRules,
    me: &StaffSession,
    row: AppRow,
    action: &str,
) -> Result<Response, Error> {
    let item = dir
        .item(&row.item_code)
        .cloned()
        .ok_or(Error::ApplicationNotFound)?;
    let l = Loaded { row, item };
    let v = view(db, dir, setup, rules, &l, Viewer::Staff(me), ctx.now).await?;
    audit::append(db, &staff_audit(me, ctx, action, &l.row, ""))?
        .run()
        .await
        .map_err(|e| http::unavailable("audit append", e))?;
    http::private(&v)
}

/// `GET /api/v1/staff/applications/{no}`: one application, audited.
pub async fn open(ctx: &Ctx, me: &StaffSession, number: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let l = load(&db, &dir, number).await?;
    // Another department's application reads as not found, as for the anonymous query.
    if !readable(me, &dir, &l.row.item_code) {
        return Err(Error::ApplicationNotFound);
    }
    let (setup, rules) = bookings::hall(&db).await?;
    respond_staff(
        ctx,
        &db,
        &dir,
        &setup,
        &rules,
        me,
        l.row,
        "application.open",
    )
    .await
}

/// `GET /api/v1/staff/applications?filter=`: open and recent applications, masked, with the
/// hall's deadline figures.
pub async fn list(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let filter = ctx.query("filter").unwrap_or_else(|| "all".into());
    if !matches!(
        filter.as_str(),
        "all" | "mine" | "near_due" | "overdue" | "repeat" | "forwarded"
    ) {
        return Err(Error::bad_param(
            "filter",
            "筛选条件应为 all、mine、near_due、overdue、repeat 或 forwarded",
            "filter: all, mine, near_due, overdue, repeat or forwarded",
        ));
    }
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let (_, rules) = bookings::hall(&db).await?;
    let cal = dir.calendar();
    let today = today(ctx.now)?;
    let rows = store::recent(&db, ctx.now - 90 * 86_400).await?;
    let repeat = store::repeat_noticed(&db).await?;
    let names = Names(store::staff_names(&db).await?);
    let mut out = ApplicationList {
        applications: Vec::new(),
        on_time_permille: None,
        decided: 0,
        near_due: 0,
        overdue: 0,
        repeat_notices: 0,
    };
    let mut decided = Vec::new();
    for row in rows {
        let Some(status) = Status::parse(&row.status) else {
            continue;
        };
        if !readable(me, &dir, &row.item_code) {
            continue;
        }
        let due = opt_date(row.due_on.as_deref());
        let left = match due {
            Some(d) if status.clock_runs() && row.paused_since.is_none() => {
                Some(working_days_left(cal, today, d))
            }
            _ => None,
        };
        if let (Some(due), Some(on)) = (due, opt_date(row.decided_on.as_deref())) {
            decided.push((due, on));
        }
        let near = left.is_some_and(|d| (0..=app::NEAR_DUE_WORKDAYS).contains(&d));
        let over = left.is_some_and(|d| d < 0);
        let repeated = repeat.contains(&row.id);
        out.near_due += u32::from(near);
        out.overdue += u32::from(over);
        out.repeat_notices += u32::from(repeated);
        let keep = match filter.as_str() {
            "mine" => row.owner_id.as_deref() == Some(me.staff.row.id.as_str()),
            "near_due" => near,
            "overdue" => over,
            "repeat" => repeated,
            "forwarded" => row.handled_at.is_some(),
            _ => true,
        };
        if !keep {
            continue;
        }
        out.applications.push(ApplicationBrief {
            number: format_tracking(&row.id),
            item_name: dir
                .item(&row.item_code)
                .map(|i| i.name.clone())
                .unwrap_or_default(),
            applicant: mask_name(&row.applicant_name),
            status,
            status_label: status.label().to_string(),
            responsible: names.label(&rules, row.owner_id.as_deref()),
            received_on: date(&row.received_on)?,
            due_on: due,
            days_left: left,
            repeat_notice: repeated,
            forwarded: row.handled_at.is_some(),
        });
    }
    out.decided = u32::try_from(decided.len()).unwrap_or(u32::MAX);
    out.on_time_permille = app::on_time_permille(&decided);
    http::private(&out)
}

/// What a step changes besides the status, and the records that go with it.
struct Outcome {
    next: AppRow,
    /// The clerk's words, unless the hall's own (`said`) stand for the step.
    note: String,
    said: Option<Said>,
    more: Vec<D1PreparedStatement>,
    /// A message for the applicant.
    message: Option<notify::Text>,
}

#[allow(clippy::too_many_arguments)]
async fn apply_step(
    ctx: &Ctx,
    db: &D1Database,
    cal: &Calendar,
    rules: &HallRules,
    me: &StaffSession,
    l: &Loaded,
    step: Step,
    req: &StepRequest,
    to: Status,
) -> Result<Outcome, Error> {
    let row = &l.row;
    let today = today(ctx.now)?;
    let received = date(&row.received_on)?;
    let number = format_tracking(&row.id);
    let promised = u32::from(l.item.promised_limit_workdays);
    let mut next = row.clone();
    next.status = to.as_str().into();
    next.updated_at = ctx.now as f64;
    // 首办: an online application's first staff step makes that person responsible.
    if next.owner_id.is_none() {
        next.owner_id = Some(me.staff.row.id.clone());
    }
    let checks = materials_from(&checks_of(row)?, &req.materials)?;
    next.materials = json(&checks)?;
    let reason: String = req.reason.trim().chars().take(500).collect();
    let mut more = Vec::new();
    let mut message = None;
    let note = reason.clone();
    let mut said = None;
    // Acceptance (normal or 容缺) starts the clock; the art. 32 rule may date it back.
    let accept = |next: &mut AppRow, notices_first: Option<Date>| -> Result<Date, Error> {
        let accepted = match opt_date(row.accepted_on.as_deref()) {
            Some(deemed) => deemed,
            None => acceptance_day(cal, received, notices_first, today),
        };
        if let Some(since) = opt_date(row.paused_since.as_deref()) {
            next.paused_days += f64::from(cal.working_days_between(since, today));
            next.paused_since = None;
        }
        let due =
            due_date(cal, accepted, promised, next.paused_days as u32).ok_or(Error::Unavailable)?;
        next.accepted_on = Some(accepted.to_string());
        next.due_on = Some(due.to_string());
        Ok(due)
    };
    let (_, notices) = store::history(db, &row.id).await?;
    let first_notice = notices.first().and_then(|n| Date::parse(&n.issued_on));
    match step {
        Step::Notice => {
            let lines = notice_lines(&checks).map_err(Error::Checklist)?;
            let seq = u32::try_from(notices.len() + 1).unwrap_or(u32::MAX);
            if seq > 1 && reason.chars().count() < 4 {
                return Err(Error::invalid(
                    "reason",
                    "已出具过补正告知书；再次告知须写明原因（至少 4 个字），并将报大厅负责人",
                    "reason: a second notice needs a reason of at least 4 characters",
                ));
            }
            let late = notice_is_late(cal, received, today);
            if late && row.accepted_on.is_none() && first_notice.is_none() {
                // Art. 32: too late to notify; it counts as accepted on receipt, and the clock
                // stops while the citizen supplies the materials.
                let due = due_date(cal, received, promised, 0).ok_or(Error::Unavailable)?;
                next.accepted_on = Some(received.to_string());
                next.due_on = Some(due.to_string());
            }
            if next.accepted_on.is_some() && next.paused_since.is_none() {
                next.paused_since = Some(today.to_string());
            }
            let deadline = cal
                .add_working_days(today, rules.applications.correction_workdays)
                .ok_or(Error::Unavailable)?;
            let lines: Vec<NoticeLine> = lines
                .into_iter()
                .map(|c| {
                    let said = c.note.is_empty().then(|| Said::Provide {
                        material: c.name.clone(),
                    });
                    NoticeLine {
                        requirement: said.as_ref().map_or_else(|| c.note.clone(), Said::zh),
                        said,
                        name: c.name,
                        problem: c.state,
                    }
                })
                .collect();
            more.push(store::notice(
                db,
                &NewNotice {
                    application_id: &row.id,
                    seq,
                    issued_on: &today.to_string(),
                    issued_by: &me.staff.row.id,
                    lines: &json(&lines)?,
                    deadline: &deadline.to_string(),
                    repeat_reason: if seq > 1 { &reason } else { "" },
                    late,
                },
            )?);
            let count = u32::try_from(lines.len()).unwrap_or(u32::MAX);
            said = Some(if seq > 1 {
                Said::Renotice {
                    seq,
                    reason: reason.clone(),
                    lines: count,
                    deadline,
                }
            } else {
                Said::Notice {
                    lines: count,
                    deadline,
                }
            });
            message = Some(notify::notice_text(
                &number,
                &l.item.name,
                lines.len(),
                &deadline.to_string(),
            ));
        }
        Step::Accept => {
            check_accept(&checks).map_err(Error::Checklist)?;
            let due = accept(&mut next, first_notice)?;
            said = Some(Said::Promise { due });
        }
        Step::AcceptRongque => {
            let listed = store::listed(db, &person_of(&row.id_kind, &row.id_number).await?).await?;
            let signed_online = row.commitment_signed_at.is_some();
            let waived = check_rongque(
                l.item.rongque,
                &checks,
                listed,
                req.commitment || signed_online,
            )
            .map_err(Error::Checklist)?;
            let due = accept(&mut next, first_notice)?;
            let outstanding: Vec<String> = waived
                .iter()
                .filter(|c| c.state == MaterialState::Waived)
                .map(|c| c.name.clone())
                .collect();
            // The latest deadline a correction notice gave any of these materials.
            let noticed = notices
                .iter()
                .filter(|n| {
                    serde_json::from_str::<Vec<NoticeLine>>(&n.lines)
                        .unwrap_or_default()
                        .iter()
                        .any(|l| outstanding.contains(&l.name))
                })
                .filter_map(|n| Date::parse(&n.deadline))
                .max();
            let deadline = rongque_deadline(
                cal,
                today,
                rules.applications.rongque_workdays,
                noticed,
                due,
            )
            .ok_or(Error::Unavailable)?;
            next.materials = json(&waived)?;
            next.rongque_due_on = Some(deadline.to_string());
            next.rongque_reminded = 0.0;
            said = Some(Said::Rongque {
                online: signed_online,
                deadline,
                materials: outstanding.clone(),
                due,
            });
            message = Some(notify::rongque_text(
                &number,
                &l.item.name,
                &outstanding,
                &deadline.to_string(),
                noticed.is_some(),
            ));
        }
        Step::Supply => {
            if req.materials.is_empty() {
                return Err(Error::invalid(
                    "materials",
                    "请勾选补交的材料",
                    "materials: name what was supplied",
                ));
            }
            let still = waived_outstanding(&checks);
            let from = Status::parse(&row.status).ok_or(Error::Unavailable)?;
            if from == Status::AcceptedRongque && still {
                next.status = row.status.clone();
            }
            if row.rongque_due_on.is_some() && !still && row.rongque_listed == 1.0 {
                next.rongque_listed = 2.0;
                more.push(store::unlist(
                    db,
                    &row.id,
                    &today.to_string(),
                    "已补齐容缺材料",
                )?);
                said = Some(Said::RongqueCompleteUnlisted);
            } else if row.rongque_due_on.is_some() && !still {
                said = Some(Said::RongqueComplete);
            } else {
                said = Some(Said::Supplied);
            }
        }
        Step::StartReview => {}
        Step::Approve => {
            next.approved = Some(1.0);
            next.decided_on = Some(today.to_string());
            next.certificate_no = req.certificate_no.trim().chars().take(60).collect();
        }
        Step::Refuse => {
            if reason.chars().count() < 4 {
                return Err(Error::invalid(
                    "reason",
                    "不予许可须写明理由和依据（至少 4 个字）",
                    "reason: a refusal needs reasons of at least 4 characters",
                ));
            }
            next.approved = Some(0.0);
            next.decided_on = Some(today.to_string());
            next.reasons = reason.clone();
        }
        Step::ResultReady => {
            if waived_outstanding(&checks) {
                return Err(Error::WaivedOutstanding);
            }
            let mut place: String = req.collect_place.trim().chars().take(120).collect();
            let mailed = row.delivery == "mail" && place.is_empty();
            if mailed {
                place = said::MAILED.into();
            }
            if place.is_empty() {
                return Err(Error::invalid(
                    "collect_place",
                    "请填写领取结果的地点和时间",
                    "collect_place: where and when to collect",
                ));
            }
            next.collect_place = place.clone();
            said = Some(if mailed {
                Said::ResultByMail
            } else {
                Said::CollectAt {
                    place: place.clone(),
                }
            });
            message = Some(notify::result_text(
                &number,
                &l.item.name,
                row.approved == Some(1.0),
                &place,
            ));
        }
        Step::Deliver => {
            let courier: String = req.courier.trim().chars().take(30).collect();
            let tracking: String = req.mail_tracking.trim().chars().take(40).collect();
            if row.delivery == "mail" && (courier.is_empty() || tracking.is_empty()) {
                return Err(Error::invalid(
                    "mail_tracking",
                    "申请人选择了邮寄，请填写快递公司和运单号",
                    "the applicant chose mail: courier and mail_tracking are required",
                ));
            }
            if courier.is_empty() != tracking.is_empty() {
                return Err(Error::invalid(
                    "mail_tracking",
                    "邮寄送达须同时填写快递公司和运单号",
                    "courier and mail_tracking go together",
                ));
            }
            said = Some(if courier.is_empty() {
                Said::Collected
            } else {
                Said::Posted {
                    courier: courier.clone(),
                    tracking: tracking.clone(),
                }
            });
            next.courier = courier;
            next.mail_tracking = tracking;
        }
        Step::Archive => {}
        Step::HandOver => {
            let new_owner = staff::by_username(db, req.new_owner.trim())
                .await?
                .filter(|s| s.disabled == 0.0)
                .ok_or_else(|| {
                    Error::invalid(
                        "new_owner",
                        "没有这个工作人员账号",
                        "new_owner: no such active staff account",
                    )
                })?;
            if Some(&new_owner.id) == row.owner_id.as_ref() {
                return Err(Error::invalid(
                    "new_owner",
                    "请选择另一位工作人员",
                    "new_owner: already responsible",
                ));
            }
            if reason.chars().count() < 4 {
                return Err(Error::invalid(
                    "reason",
                    "移交首办责任须写明原因（至少 4 个字）",
                    "reason: a hand-over needs a reason of at least 4 characters",
                ));
            }
            next.owner_id = Some(new_owner.id);
            said = Some(Said::HandedOver {
                to: new_owner.username.clone(),
                reason: reason.clone(),
            });
        }
        Step::Withdraw => {
            next.paused_since = None;
        }
    }
    Ok(Outcome {
        next,
        note,
        said,
        more,
        message,
    })
}

/// `POST /api/v1/staff/applications/{no}/steps`.
pub async fn step(ctx: &Ctx, me: &StaffSession, number: &str) -> Result<Response, Error> {
    let req: StepRequest = ctx.json()?;
    let step = req
        .step
        .ok_or_else(|| Error::invalid("step", "请选择要办理的操作", "step is required"))?;
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let l = load(&db, &dir, number).await?;
    let (setup, rules) = bookings::hall(&db).await?;
    may(me, step, &l.item)?;
    if let Some(v) = req.version {
        if v != l.row.version as i64 {
            return replay_or_changed(ctx, &db, &dir, &setup, &rules, me, l, step).await;
        }
    }
    let from = Status::parse(&l.row.status).ok_or(Error::Unavailable)?;
    let to = app::next(from, step).map_err(Error::StepIllegal)?;
    let out = apply_step(ctx, &db, dir.calendar(), &rules, me, &l, step, &req, to).await?;
    let note = Note::of(&out.note, out.said.as_ref());
    let text = note.text();
    let record = staff_audit(me, ctx, step_action(step), &l.row, &text);
    let mut more = out.more;
    more.push(audit::append(&db, &record)?);
    let event = Event {
        application_id: &l.row.id,
        at: ctx.now,
        step: step.as_str(),
        status: &out.next.status,
        actor_kind: "staff",
        actor_id: Some(&me.staff.row.id),
        note,
    };
    if !store::save(&db, l.row.version, &out.next, &event, more).await? {
        return Err(Error::ApplicationChanged);
    }
    super::payments::refund_if_paid(ctx, &db, &out.next).await?;
    if let (Some(text), Some(phone)) = (&out.message, Phone::parse(&l.row.phone)) {
        notify::Outbox {
            db: &db,
            now: ctx.now,
        }
        .send(&phone, text)
        .await?;
    }
    let row = store::by_id(&db, &l.row.id)
        .await?
        .ok_or(Error::Unavailable)?;
    let l = Loaded { row, item: l.item };
    http::private(&view(&db, &dir, &setup, &rules, &l, Viewer::Staff(me), ctx.now).await?)
}

fn step_action(step: Step) -> &'static str {
    match step {
        Step::Notice => "application.notice",
        Step::Accept => "application.accept",
        Step::AcceptRongque => "application.accept_rongque",
        Step::Supply => "application.supply",
        Step::StartReview => "application.start_review",
        Step::Approve => "application.approve",
        Step::Refuse => "application.refuse",
        Step::ResultReady => "application.result_ready",
        Step::Deliver => "application.deliver",
        Step::Archive => "application.archive",
        Step::Withdraw => "application.withdraw",
        Step::HandOver => "application.hand_over",
    }
}

/// A step sent against an older version: when the last thing that happened is this very step by
/// this staff member (a retry after a lost answer), answer as if it were taken now; otherwise
/// the application moved on and the client must reload.
#[allow(clippy::too_many_arguments)]
async fn replay_or_changed(
    ctx: &Ctx,
    db: &D1Database,
    dir: &Directory,
    setup: &HallSetup,
    rules: &HallRules,
    me: &StaffSession,
    l: Loaded,
    step: Step,
) -> Result<Response, Error> {
    let (events, _) = store::history(db, &l.row.id).await?;
    match events.last() {
        Some(e)
            if e.step == step.as_str()
                && e.actor_id.as_deref() == Some(me.staff.row.id.as_str()) =>
        {
            http::private(&view(db, dir, setup, rules, &l, Viewer::Staff(me), ctx.now).await?)
        }
        _ => Err(Error::ApplicationChanged),
    }
}

/// `GET /api/v1/applications/{no}`: my own application.
pub async fn mine(ctx: &Ctx, me: &CitizenSession, number: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let l = load_mine(&db, &dir, me, number).await?;
    let (setup, rules) = bookings::hall(&db).await?;
    http::private(&view(&db, &dir, &setup, &rules, &l, Viewer::Applicant, ctx.now).await?)
}

/// Adds a problem unless `hall` is one of the halls.
pub(crate) fn check_hall(setup: &HallSetup, hall: &str, problems: &mut Vec<FieldError>) {
    if !setup.halls.iter().any(|h| h.code == hall) {
        problems.push(FieldError::new(
            "hall",
            "请选择办理大厅",
            "hall: no such hall",
        ));
    }
}

/// The mailing address when the request asks for mail, adding the problems with it.
fn mail_choice(
    delivery: Option<&DeliveryRequest>,
    item: Option<&Item>,
    problems: &mut Vec<FieldError>,
) -> Option<MailAddress> {
    match (delivery, item) {
        (Some(d), Some(item)) if d.mail => match mail_address(item, d) {
            Ok(a) => Some(a),
            Err(mut p) => {
                problems.append(&mut p);
                None
            }
        },
        _ => None,
    }
}

/// A validated mailing address for an item that allows mailing, or the fields to fix.
fn mail_address(item: &Item, d: &DeliveryRequest) -> Result<MailAddress, Vec<FieldError>> {
    if !item.mail_delivery {
        return Err(vec![FieldError::new(
            "delivery",
            "该事项的办理结果不提供邮寄，请到窗口领取",
            "delivery: this item's result cannot be mailed",
        )]);
    }
    validate_address(&d.address.clone().unwrap_or_default())
}

/// `POST /api/v1/applications/{no}/delivery`: the applicant chooses collection or mail (with the
/// address) before the result is ready.
pub async fn set_delivery(ctx: &Ctx, me: &CitizenSession, number: &str) -> Result<Response, Error> {
    let req: DeliveryRequest = ctx.json()?;
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let l = load_mine(&db, &dir, me, number).await?;
    let status = Status::parse(&l.row.status).ok_or(Error::Unavailable)?;
    let address = if req.mail {
        Some(mail_address(&l.item, &req).map_err(Error::Invalid)?)
    } else {
        None
    };
    if matches!(
        status,
        Status::ResultReady | Status::Delivered | Status::Archived | Status::Withdrawn
    ) {
        return Err(Error::StepIllegal(app::IllegalStep {
            from: status,
            step: Step::ResultReady,
        }));
    }
    let mut next = l.row.clone();
    next.delivery = if req.mail { "mail" } else { "collect" }.into();
    next.mail_address = address.as_ref().map(json).transpose()?;
    next.updated_at = ctx.now as f64;
    let said = match &address {
        Some(a) => Said::MailTo {
            region: a.region.clone(),
        },
        None => Said::AtWindow,
    };
    let event = Event {
        application_id: &l.row.id,
        at: ctx.now,
        step: "delivery",
        status: &l.row.status,
        actor_kind: "citizen",
        actor_id: Some(&me.citizen_id),
        note: Note::Said(&said),
    };
    if !store::save(&db, l.row.version, &next, &event, Vec::new()).await? {
        return Err(Error::ApplicationChanged);
    }
    let row = store::by_id(&db, &l.row.id)
        .await?
        .ok_or(Error::Unavailable)?;
    let (setup, rules) = bookings::hall(&db).await?;
    let l = Loaded { row, item: l.item };
    http::private(&view(&db, &dir, &setup, &rules, &l, Viewer::Applicant, ctx.now).await?)
}

/// `POST /api/v1/applications/{no}/commitment`: the applicant signs the 容缺 commitment online
/// before acceptance (harmless when repeated).
pub async fn sign_commitment(
    ctx: &Ctx,
    me: &CitizenSession,
    number: &str,
) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let l = load_mine(&db, &dir, me, number).await?;
    let (setup, rules) = bookings::hall(&db).await?;
    let status = Status::parse(&l.row.status).ok_or(Error::Unavailable)?;
    if l.row.commitment_signed_at.is_none() {
        if !app::may_sign_commitment(l.item.rongque, status) {
            return Err(Error::StepIllegal(app::IllegalStep {
                from: status,
                step: Step::AcceptRongque,
            }));
        }
        let event = Event {
            application_id: &l.row.id,
            at: ctx.now,
            step: "commit",
            status: &l.row.status,
            actor_kind: "citizen",
            actor_id: Some(&me.citizen_id),
            note: Note::Said(&Said::Commitment),
        };
        store::sign_commitment(&db, &l.row.id, &event).await?;
    }
    let row = store::by_id(&db, &l.row.id)
        .await?
        .ok_or(Error::Unavailable)?;
    let l = Loaded { row, item: l.item };
    http::private(&view(&db, &dir, &setup, &rules, &l, Viewer::Applicant, ctx.now).await?)
}

/// `POST /api/v1/applications/{no}/withdraw`: the applicant withdraws before a decision.
pub async fn withdraw(ctx: &Ctx, me: &CitizenSession, number: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let l = load_mine(&db, &dir, me, number).await?;
    let (setup, rules) = bookings::hall(&db).await?;
    let from = Status::parse(&l.row.status).ok_or(Error::Unavailable)?;
    if from != Status::Withdrawn {
        let to = app::next(from, Step::Withdraw).map_err(Error::StepIllegal)?;
        let mut next = l.row.clone();
        next.status = to.as_str().into();
        next.paused_since = None;
        next.updated_at = ctx.now as f64;
        let event = Event {
            application_id: &l.row.id,
            at: ctx.now,
            step: Step::Withdraw.as_str(),
            status: to.as_str(),
            actor_kind: "citizen",
            actor_id: Some(&me.citizen_id),
            note: Note::Said(&Said::Withdrawn),
        };
        if !store::save(&db, l.row.version, &next, &event, Vec::new()).await? {
            return Err(Error::ApplicationChanged);
        }
        super::payments::refund_if_paid(ctx, &db, &next).await?;
    }
    let row = store::by_id(&db, &l.row.id)
        .await?
        .ok_or(Error::Unavailable)?;
    let l = Loaded { row, item: l.item };
    http::private(&view(&db, &dir, &setup, &rules, &l, Viewer::Applicant, ctx.now).await?)
}

/// `POST /api/v1/progress`: anyone with the tracking number and the applicant's digits.
pub async fn progress(ctx: &Ctx) -> Result<Response, Error> {
    let req: ProgressQuery = ctx.json()?;
    let db = ctx.db()?;
    limits::hit(
        &db,
        &format!("progress:client:{}", ctx.client),
        ctx.now,
        PROGRESS_PER_CLIENT_HOUR,
    )
    .await?;
    let Some(id) = parse_tracking(&req.number) else {
        return Err(Error::invalid(
            "number",
            "受理编号应为 14 位，如 261127-K7M4-QX9P",
            "number: 14 characters, e.g. 261127-K7M4-QX9P",
        ));
    };
    let digits = req.digits.trim();
    if !(digits.len() == 4 || digits.len() == 6) || !digits.is_ascii() {
        return Err(Error::invalid(
            "digits",
            "请输入申请人手机号后 4 位，或证件号码后 6 位",
            "digits: last 4 of the phone or last 6 of the ID number",
        ));
    }
    limits::hit(
        &db,
        &format!("progress:number:{id}"),
        ctx.now,
        PROGRESS_PER_NUMBER_HOUR,
    )
    .await?;
    let dir = state::directory(&ctx.env).await?;
    if let Some(j) = crate::store::joint::by_id(&db, &id).await? {
        if !digits_match(&j.phone, &j.id_number, digits) {
            return Err(Error::ApplicationNotFound);
        }
        let v = super::joint::joint_view(&db, &dir, &j, super::joint::JointViewer::Public, ctx.now)
            .await?;
        return http::private(&ProgressView {
            application: None,
            joint: Some(v),
        });
    }
    let l = load(&db, &dir, &id).await?;
    if !digits_match(&l.row.phone, &l.row.id_number, digits) {
        return Err(Error::ApplicationNotFound);
    }
    let (setup, rules) = bookings::hall(&db).await?;
    http::private(&ProgressView {
        application: Some(view(&db, &dir, &setup, &rules, &l, Viewer::Public, ctx.now).await?),
        joint: None,
    })
}

/// My applications and joint applications, for My Hall (members of a joint application show
/// through it).
pub async fn summaries(ctx: &Ctx, me: &CitizenSession) -> Result<Vec<MatterSummary>, Error> {
    // Applications show only to a real-name session (a phone code proves no identity).
    if !me.real_name {
        return Ok(Vec::new());
    }
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let rows = store::of_citizen(&db, &me.citizen_id).await?;
    let joints = crate::store::joint::of_citizen(&db, &me.citizen_id).await?;
    let joints = joints.into_iter().map(|j| {
        let name = dir
            .package(&j.package_code, hall_domain::language::Lang::ZhCn)
            .map(|p| p.package.name)
            .unwrap_or_default();
        MatterSummary::new(
            j.id.clone(),
            format!("{name} · {}", format_tracking(&j.id)),
            Record::Status(if j.accepted_on.is_some() {
                Status::Accepted
            } else {
                Status::Submitted
            }),
            j.created_at as i64,
            Some(format!("/applications/joint/{}", j.id)),
        )
    });
    let singles = rows.into_iter().map(|r| {
        let item = dir
            .item(&r.item_code)
            .map(|i| i.name.clone())
            .unwrap_or_default();
        MatterSummary::new(
            r.id.clone(),
            format!("{item} · {}", format_tracking(&r.id)),
            Record::Status(Status::parse(&r.status).unwrap_or(Status::Submitted)),
            r.created_at as i64,
            Some(format!("/applications/{}", r.id)),
        )
    });
    Ok(joints.chain(singles).collect())
}

/// `GET /api/v1/credit-list`: the public 失信名单, names masked.
pub async fn credit_list(ctx: &Ctx) -> Result<Response, Error> {
    let db = ctx.db()?;
    let dir = state::directory(&ctx.env).await?;
    let (_, rules) = bookings::hall(&db).await?;
    let entries = store::listings(&db)
        .await?
        .into_iter()
        .map(|r| {
            Ok(CreditEntry {
                name: r.name_masked,
                item_name: dir
                    .item(&r.item_code)
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                listed_on: date(&r.listed_on)?,
                reason: r.reason,
                said: Said::from_stored(r.said.as_deref()),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    http::private(&CreditList {
        entries,
        listing_days: rules.applications.listing_days,
    })
}

/// The scheduled pass over 容缺 deadlines: remind once before, list after, and end listings
/// whose period ran out. Returns (reminders, listings).
pub async fn rongque_pass(
    db: &D1Database,
    dir: &Directory,
    rules: &HallRules,
    now: i64,
) -> Result<(u32, u32), Error> {
    let today = today(now)?;
    let cal = dir.calendar();
    let outbox = notify::Outbox { db, now };
    let (mut reminded, mut listed) = (0, 0);
    for row in store::rongque_open(db).await? {
        let Some(deadline) = opt_date(row.rongque_due_on.as_deref()) else {
            continue;
        };
        if !waived_outstanding(&checks_of(&row)?) {
            continue;
        }
        let number = format_tracking(&row.id);
        let phone = Phone::parse(&row.phone);
        match app::rongque_due(
            cal,
            today,
            deadline,
            rules.applications.rongque_remind_workdays,
            row.rongque_reminded != 0.0,
        ) {
            app::RongqueDue::Nothing => {}
            app::RongqueDue::Remind => {
                let mut next = row.clone();
                next.rongque_reminded = 1.0;
                let event = system_event(&row, "remind", now, Note::NONE);
                if store::save(db, row.version, &next, &event, Vec::new()).await? {
                    if let Some(p) = &phone {
                        outbox
                            .send(
                                p,
                                &notify::rongque_reminder_text(&number, &deadline.to_string()),
                            )
                            .await?;
                    }
                    reminded += 1;
                }
            }
            app::RongqueDue::List => {
                let mut next = row.clone();
                next.rongque_listed = 1.0;
                let reason = Said::Overdue { deadline };
                let listing = store::list(
                    db,
                    &NewListing {
                        person: &person_of(&row.id_kind, &row.id_number).await?,
                        name_masked: &mask_name(&row.applicant_name),
                        item_code: &row.item_code,
                        application_id: &row.id,
                        listed_on: &today.to_string(),
                        reason: &reason,
                    },
                )?;
                let event = system_event(&row, "list", now, Note::Said(&reason));
                if store::save(db, row.version, &next, &event, vec![listing]).await? {
                    if let Some(p) = &phone {
                        outbox
                            .send(p, &notify::listed_text(&number, &deadline.to_string()))
                            .await?;
                    }
                    listed += 1;
                }
            }
        }
    }
    for l in store::listings(db).await? {
        if let Some(on) = Date::parse(&l.listed_on) {
            if app::listing_expired(on, today, rules.applications.listing_days) {
                store::expire_listing(db, l.id, &today.to_string()).await?;
                if let Some(row) = store::by_id(db, &l.application_id).await? {
                    let mut next = row.clone();
                    next.rongque_listed = 2.0;
                    let event =
                        system_event(&row, "unlist", now, Note::Said(&Said::ListingExpired));
                    store::save(db, row.version, &next, &event, Vec::new()).await?;
                }
            }
        }
    }
    Ok((reminded, listed))
}

fn system_event<'a>(row: &'a AppRow, step: &'a str, now: i64, note: Note<'a>) -> Event<'a> {
    Event {
        application_id: &row.id,
        at: now,
        step,
        status: &row.status,
        actor_kind: "system",
        actor_id: None,
        note,
    }
}
