//! 代办服务 (standard 6.7): a signed-in citizen asks for free proxy service; staff assign a
//! 代办员, who starts and completes it (linking the application it led to) or the hall declines
//! with a reason; the citizen follows it and may cancel. The rules are `hall_domain::proxy`'s.

use hall_domain::application::{format_tracking, parse_tracking};
use hall_domain::booking::HallRules;
use hall_domain::dto::{ProxyCreate, ProxyList, ProxyStep, ProxyView, TimelineEvent};
use hall_domain::error::FieldError;
use hall_domain::idempotency::Caller;
use hall_domain::identity::{mask_name, mask_phone, IdKind, Phone};
use hall_domain::proxy::{
    age_on, birth_date, check_request, next, staff_actions, ProxyAction, ProxyState, Reason,
    RequestFacts, Way,
};
use hall_domain::record::{Actor, Record};
use hall_domain::said::Said;
use hall_domain::Error;
use worker::{D1Database, Response};

use super::applications::Names;
use super::today;
use crate::auth::{CitizenSession, StaffSession};
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::notify::{self, Notifier};
use crate::store::proxy::{self as store, Note, ProxyEvent, ProxyRow};
use crate::store::{applications as apps, audit, bookings, citizens, staff};
use crate::{crypto, http, state};

/// Who is looking: the citizen sees their own request in full and may cancel; staff see it
/// masked in the list and in full when they open it.
#[derive(Clone, Copy)]
enum Viewer {
    Citizen,
    StaffList,
    StaffOpen,
}

async fn view(
    db: &D1Database,
    dir: &hall_domain::directory::Directory,
    rules: &HallRules,
    names: &Names,
    row: &ProxyRow,
    viewer: Viewer,
) -> Result<ProxyView, Error> {
    let state = ProxyState::parse(&row.state).ok_or(Error::Unavailable)?;
    let reason = Reason::parse(&row.reason).ok_or(Error::Unavailable)?;
    let way = Way::parse(&row.way).ok_or(Error::Unavailable)?;
    let events = match viewer {
        Viewer::StaffList => Vec::new(),
        _ => store::events(db, &row.id)
            .await?
            .into_iter()
            .map(|e| {
                TimelineEvent::new(
                    e.at as i64,
                    Record::of_proxy_event(&e.action),
                    Actor::of_stored(&e.actor_kind, Actor::Applicant),
                    names.label(rules, e.actor_id.as_deref()),
                    e.note,
                    e.said.as_deref(),
                )
            })
            .collect(),
    };
    let full = !matches!(viewer, Viewer::StaffList);
    Ok(ProxyView {
        id: row.id.clone(),
        item_code: row.item_code.clone(),
        item_name: dir
            .item(&row.item_code)
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        reason,
        reason_label: reason.label().into(),
        way,
        way_label: way.label().into(),
        address: match (full, row.address.is_empty()) {
            (true, _) | (_, true) => row.address.clone(),
            (false, false) => format!("{}……", row.address.chars().take(6).collect::<String>()),
        },
        applicant: if full {
            row.applicant_name.clone()
        } else {
            mask_name(&row.applicant_name)
        },
        phone: if full {
            row.phone.clone()
        } else {
            mask_phone(&row.phone)
        },
        note: row.note.clone(),
        state,
        state_label: state.label().into(),
        assignee: names.label(rules, row.assignee_id.as_deref()),
        application: row.application_id.as_deref().map(format_tracking),
        created_at: row.created_at as i64,
        events,
        actions: match viewer {
            Viewer::Citizen => next(state, ProxyAction::Cancel)
                .map(|_| vec![ProxyAction::Cancel])
                .unwrap_or_default(),
            _ => staff_actions(state),
        },
        version: row.version as i64,
    })
}

async fn context(ctx: &Ctx) -> Result<(D1Database, HallRules, Names), Error> {
    let db = ctx.db()?;
    let (_, rules) = bookings::hall(&db).await?;
    let names = Names(apps::staff_names(&db).await?);
    Ok((db, rules, names))
}

async fn tell(ctx: &Ctx, db: &D1Database, phone: &str, text: &notify::Text) -> Result<(), Error> {
    if let Some(phone) = Phone::parse(phone) {
        notify::Outbox { db, now: ctx.now }
            .send(&phone, text)
            .await?;
    }
    Ok(())
}

/// `POST /api/v1/proxy-requests`: ask for free 代办; a retried key returns the same request.
pub async fn create(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let req: ProxyCreate = ctx.json()?;
    let dir = state::directory(&ctx.env).await?;
    let (db, rules, names) = context(ctx).await?;
    let idem = Idem::new(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    if idem.seen(&db).await? {
        if let Some(done) = store::by_key(&db, idem.key()).await? {
            return http::private(&view(&db, &dir, &rules, &names, &done, Viewer::Citizen).await?);
        }
    }
    let key = idem.key();
    let citizen = citizens::by_id(&db, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let age = match (citizen.id_kind(), citizen.id_number.as_deref()) {
        (Some(IdKind::Resident), Some(number)) => {
            birth_date(number).map(|born| age_on(born, today(ctx.now).unwrap_or(born)))
        }
        _ => None,
    };
    let mut problems = check_request(&RequestFacts {
        reason: req.reason,
        way: req.way,
        address: &req.address,
        note: &req.note,
        age,
        item_known: dir.item(&req.item).is_some(),
    });
    let name = citizen.name.clone().unwrap_or_default();
    if name.trim().is_empty() {
        problems.push(FieldError::new(
            "name",
            "请先在“我的大厅”填写姓名，代办员需要知道如何称呼您",
            "name: fill in your name in My Hall first",
        ));
    }
    let phone = if req.contact_phone.trim().is_empty() {
        Some(citizen.phone.clone())
    } else {
        Phone::parse(&req.contact_phone).map(|p| p.as_str().to_string())
    };
    if phone.is_none() {
        problems.push(hall_domain::identity::phone_problem("contact_phone"));
    }
    let (Some(reason), Some(way), Some(phone), true) =
        (req.reason, req.way, phone, problems.is_empty())
    else {
        return Err(Error::Invalid(problems));
    };
    let row = ProxyRow {
        id: crypto::id("px")?,
        citizen_id: me.citizen_id.clone(),
        item_code: req.item.clone(),
        reason: reason.as_str().into(),
        way: way.as_str().into(),
        address: if way == Way::Home {
            req.address.trim().to_string()
        } else {
            String::new()
        },
        applicant_name: name.trim().to_string(),
        phone,
        note: req.note.trim().to_string(),
        state: ProxyState::Requested.as_str().into(),
        assignee_id: None,
        application_id: None,
        idempotency_key: key.to_string(),
        version: 0.0,
        created_at: ctx.now as f64,
    };
    idem.claim(&db, ctx.now).await?;
    store::insert(&db, &row).await?;
    let row = store::by_key(&db, key).await?.ok_or(Error::Unavailable)?;
    let v = view(&db, &dir, &rules, &names, &row, Viewer::Citizen).await?;
    tell(
        ctx,
        &db,
        &row.phone,
        &notify::proxy_requested_text(&v.item_name),
    )
    .await?;
    http::private(&v)
}

/// `GET /api/v1/proxy-requests`: my requests.
pub async fn mine(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let (db, rules, names) = context(ctx).await?;
    let mut requests = Vec::new();
    for row in store::of_citizen(&db, &me.citizen_id).await? {
        requests.push(view(&db, &dir, &rules, &names, &row, Viewer::Citizen).await?);
    }
    http::private(&ProxyList { requests })
}

/// `POST /api/v1/proxy-requests/{id}/cancel`: I no longer need it (harmless when repeated).
pub async fn cancel(ctx: &Ctx, me: &CitizenSession, id: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let (db, rules, names) = context(ctx).await?;
    let row = store::by_id(&db, id)
        .await?
        .filter(|r| r.citizen_id == me.citizen_id)
        .ok_or(Error::ProxyNotFound)?;
    let from = ProxyState::parse(&row.state).ok_or(Error::Unavailable)?;
    if from != ProxyState::Cancelled {
        let to = next(from, ProxyAction::Cancel).ok_or(Error::ProxyStepIllegal)?;
        let mut changed = row.clone();
        changed.state = to.as_str().into();
        let event = ProxyEvent {
            proxy_id: &row.id,
            at: ctx.now,
            action: ProxyAction::Cancel.as_str(),
            actor_kind: "citizen",
            actor_id: Some(&me.citizen_id),
            note: Note::NONE,
        };
        if !store::save(&db, row.version, &changed, &event, Vec::new()).await? {
            return Err(Error::ProxyChanged);
        }
    }
    let row = store::by_id(&db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&view(&db, &dir, &rules, &names, &row, Viewer::Citizen).await?)
}

/// `GET /api/v1/staff/proxy-requests`: open requests (oldest first) and recent closed ones,
/// personal data masked.
pub async fn list(ctx: &Ctx) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let (db, rules, names) = context(ctx).await?;
    let mut requests = Vec::new();
    for row in store::for_staff(&db).await? {
        requests.push(view(&db, &dir, &rules, &names, &row, Viewer::StaffList).await?);
    }
    http::private(&ProxyList { requests })
}

fn audit_record<'a>(
    me: &'a StaffSession,
    ctx: &'a Ctx,
    action: &'a str,
    row: &'a ProxyRow,
    note: &'a str,
) -> audit::Record<'a> {
    me.record(
        ctx,
        audit::What {
            action,
            target_kind: "proxy_request",
            target_id: &row.id,
            citizen_id: Some(&row.citizen_id),
            detail: &row.item_code,
            reason: note,
        },
    )
}

/// `GET /api/v1/staff/proxy-requests/{id}`: one request in full, to contact the citizen; the
/// read is audited before the data is returned.
pub async fn open(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let dir = state::directory(&ctx.env).await?;
    let (db, rules, names) = context(ctx).await?;
    let row = store::by_id(&db, id).await?.ok_or(Error::ProxyNotFound)?;
    let record = audit_record(me, ctx, "proxy.open", &row, "联系代办申请人");
    crate::store::batch(&db, "proxy open audit", vec![audit::append(&db, &record)?]).await?;
    http::private(&view(&db, &dir, &rules, &names, &row, Viewer::StaffOpen).await?)
}

/// `POST /api/v1/staff/proxy-requests/{id}`: assign, start, complete or decline.
pub async fn step(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: ProxyStep = ctx.json()?;
    let action = req
        .action
        .filter(|a| *a != ProxyAction::Cancel)
        .ok_or_else(|| Error::invalid("action", "请选择要进行的操作", "action is required"))?;
    let dir = state::directory(&ctx.env).await?;
    let (db, rules, names) = context(ctx).await?;
    let row = store::by_id(&db, id).await?.ok_or(Error::ProxyNotFound)?;
    if req.version.is_some_and(|v| v != row.version as i64) {
        return Err(Error::ProxyChanged);
    }
    let from = ProxyState::parse(&row.state).ok_or(Error::Unavailable)?;
    let to = next(from, action).ok_or(Error::ProxyStepIllegal)?;
    let mine = row.assignee_id.as_deref() == Some(me.staff.row.id.as_str());
    if matches!(action, ProxyAction::Start | ProxyAction::Complete) && !mine {
        return Err(Error::Forbidden);
    }
    let mut changed = row.clone();
    changed.state = to.as_str().into();
    let note = req.note.trim().to_string();
    let mut message = None;
    let mut said = None;
    let event_note = match action {
        ProxyAction::Assign => {
            let who = staff::by_username(&db, req.assignee.trim())
                .await?
                .filter(|s| s.disabled == 0.0)
                .ok_or_else(|| {
                    Error::invalid(
                        "assignee",
                        "请填写在岗工作人员的用户名",
                        "assignee: an active staff username",
                    )
                })?;
            changed.assignee_id = Some(who.id.clone());
            let label = hall_domain::application::owner_label(
                rules.applications.owner_shown,
                &who.display_name,
                &who.username,
            );
            message = Some(notify::proxy_assigned_text(&label));
            said = Some(Said::ProxyAssigned { assignee: label });
            String::new()
        }
        ProxyAction::Decline => {
            if note.chars().count() < 4 {
                return Err(Error::invalid(
                    "note",
                    "不予代办须写明原因（至少 4 个字）",
                    "note: a decline needs a reason of at least 4 characters",
                ));
            }
            message = Some(notify::proxy_declined_text(&note));
            note.clone()
        }
        ProxyAction::Complete => {
            if !req.application.trim().is_empty() {
                let app_id = parse_tracking(&req.application).ok_or_else(bad_application)?;
                apps::by_id(&db, &app_id)
                    .await?
                    .ok_or_else(bad_application)?;
                changed.application_id = Some(app_id);
            }
            message = Some(notify::proxy_done_text(
                changed
                    .application_id
                    .as_deref()
                    .map(format_tracking)
                    .as_deref(),
            ));
            note.clone()
        }
        _ => note.clone(),
    };
    let audit_action = format!("proxy.{}", action.as_str());
    let event_note = Note::of(&event_note, said.as_ref());
    let text = event_note.text();
    let record = audit_record(me, ctx, &audit_action, &row, &text);
    let event = ProxyEvent {
        proxy_id: &row.id,
        at: ctx.now,
        action: action.as_str(),
        actor_kind: "staff",
        actor_id: Some(&me.staff.row.id),
        note: event_note,
    };
    if !store::save(
        &db,
        row.version,
        &changed,
        &event,
        vec![audit::append(&db, &record)?],
    )
    .await?
    {
        return Err(Error::ProxyChanged);
    }
    if let Some(text) = message {
        tell(ctx, &db, &row.phone, &text).await?;
    }
    let row = store::by_id(&db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&view(&db, &dir, &rules, &names, &row, Viewer::StaffOpen).await?)
}

fn bad_application() -> Error {
    Error::invalid(
        "application",
        "没有找到该受理编号的申请",
        "application: no such tracking number",
    )
}
