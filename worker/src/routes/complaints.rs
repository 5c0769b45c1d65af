//! Complaints (投诉, standard 5.8, 6.5, 7.3; GB/T 36113). A signed-in citizen complains online
//! (images added one by one); the complaint office logs those from other channels, accepts or
//! declines with a reason, assigns the department, replies, visits back and archives; the
//! department investigates and handles. The complainant follows each step, adds information
//! while it is open and rates the handling once replied. A confidential complaint never shows
//! the department who complained. The rules are `hall_domain::complaint`'s.

use base64::Engine;
use hall_domain::access::Role;
use hall_domain::application::working_days_left;
use hall_domain::calendar::Date;
use hall_domain::codes::{complaint_number, is_complaint_number};
use hall_domain::complaint::{
    actions, check_attachment, check_intake, check_text, department_may, figures, next,
    open_for_information, open_for_rating, replied_on_time, reply_due, step_due, Category, Channel,
    ComplaintAction, ComplaintState, Counted, DeclineReason, Milestones, Subject, MAX_ATTACHMENTS,
};
use hall_domain::directory::Directory;
use hall_domain::dto::{
    AttachmentInfo, AttachmentUpload, ComplaintInformation, ComplaintList, ComplaintLog,
    ComplaintRate, ComplaintStats, ComplaintStep, ComplaintSubmit, ComplaintView, CountRow,
    HandlingRating, MatterSummary, TimelineEvent, Unnamed,
};
use hall_domain::error::FieldError;
use hall_domain::idempotency::{is_key, Caller};
use hall_domain::identity::{mask_name, mask_phone, Phone};
use hall_domain::rating::Level;
use hall_domain::record::{Actor, Record};
use hall_domain::said::Said;
use hall_domain::Error;
use worker::{D1Database, Response};

use super::today;
use super::{desk as context, Desk as Context};
use crate::auth::{CitizenSession, StaffSession};
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::notify::{self, Notifier};
use crate::store::complaints::{self as store, ComplaintRow, Event, NewAttachment, Note};
use crate::store::{audit, citizens};
use crate::{crypto, http};

/// Largest attachment request body: one image of at most 1 MB, base64, in JSON.
pub const MAX_UPLOAD_BYTES: usize = 1_400_000;

/// How much a view carries: lists leave out each complaint's steps and photos (one query each
/// per row otherwise).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    Brief,
    Full,
}

/// Who is looking.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Viewer {
    Complainant,
    /// The complaint office's list: the complainant masked.
    OfficeList,
    /// The complaint office opening one (an audited read): the complainant in full.
    OfficeOpen,
    /// The department handling it: the complainant masked, or hidden when confidential.
    Department,
}

fn date(s: &str) -> Result<Date, Error> {
    Date::parse(s).ok_or(Error::Unavailable)
}

fn milestones(row: &ComplaintRow) -> Result<Milestones, Error> {
    Ok(Milestones {
        submitted_on: Some(date(&row.submitted_on)?),
        accepted_on: row.accepted_on.as_deref().map(date).transpose()?,
        replied_on: row.replied_on.as_deref().map(date).transpose()?,
        joint: row.joint != 0.0,
    })
}

fn flag(v: Option<f64>) -> Option<bool> {
    v.map(|v| v != 0.0)
}

/// Whether the staff member works in the complaint office (or runs the hall).
fn office(me: &StaffSession) -> bool {
    me.staff
        .roles
        .iter()
        .any(|r| matches!(r, Role::ComplaintOfficer | Role::HallManager))
}

fn is_complainant(row: &ComplaintRow, me: &CitizenSession, phone: &str) -> bool {
    row.citizen_id.as_deref() == Some(me.citizen_id.as_str())
        || (!row.complainant_phone.is_empty() && row.complainant_phone == phone)
}

async fn view(
    c: &Context,
    row: &ComplaintRow,
    viewer: Viewer,
    detail: Detail,
    now: i64,
) -> Result<ComplaintView, Error> {
    let state = ComplaintState::parse(&row.state).ok_or(Error::Unavailable)?;
    let category = Category::parse(&row.category).ok_or(Error::Unavailable)?;
    let channel = Channel::parse(&row.channel).ok_or(Error::Unavailable)?;
    let m = milestones(row)?;
    let cal = c.dir.calendar();
    let k = &c.rules.complaints;
    let due_on = step_due(cal, k, state, &m);
    let days_left = due_on
        .map(|due| Ok::<_, Error>(working_days_left(cal, today(now)?, due)))
        .transpose()?;
    let confidential = row.confidential != 0.0;
    let unnamed = match viewer {
        Viewer::Department if confidential => Some(Unnamed::Confidential),
        _ if row.complainant_name.is_empty() => Some(Unnamed::Anonymous),
        _ => None,
    };
    let (complainant, complainant_phone) = match viewer {
        Viewer::Complainant | Viewer::OfficeOpen => {
            (row.complainant_name.clone(), row.complainant_phone.clone())
        }
        Viewer::Department if confidential => (Unnamed::Confidential.label().into(), String::new()),
        Viewer::OfficeList | Viewer::Department => (
            if row.complainant_name.is_empty() {
                Unnamed::Anonymous.label().into()
            } else {
                mask_name(&row.complainant_name)
            },
            if row.complainant_phone.is_empty() {
                String::new()
            } else {
                mask_phone(&row.complainant_phone)
            },
        ),
    };
    let (events, attachments) = match detail {
        Detail::Brief => (Vec::new(), Vec::new()),
        Detail::Full => (
            store::events(&c.db, &row.id).await?,
            store::attachments(&c.db, &row.id).await?,
        ),
    };
    let events = events
        .into_iter()
        .map(|e| {
            TimelineEvent::new(
                e.at as i64,
                Record::of_complaint_event(&e.action),
                Actor::of_stored(&e.actor_kind, Actor::Complainant),
                c.names.label(&c.rules, e.actor_id.as_deref()),
                e.note,
                e.said.as_deref(),
            )
        })
        .collect();
    let attachments = attachments
        .into_iter()
        .map(|a| AttachmentInfo {
            n: a.n as u32,
            content_type: a.content_type,
            size: a.size as u32,
        })
        .collect();
    let staff_actions = |department: bool| {
        actions(state)
            .into_iter()
            .filter(|a| !department || department_may(*a))
            .collect()
    };
    Ok(ComplaintView {
        no: row.id.clone(),
        category,
        category_label: category.label().into(),
        channel,
        channel_label: channel.label().into(),
        window: row.window_no.clone(),
        staff_no: row.staff_no.clone(),
        item_code: row.item_code.clone(),
        item_name: row
            .item_code
            .as_deref()
            .and_then(|code| c.dir.item(code))
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        facts: row.facts.clone(),
        complainant,
        complainant_unnamed: unnamed,
        complainant_phone,
        confidential,
        state,
        state_label: state.label().into(),
        department: row
            .department
            .as_deref()
            .and_then(|d| c.dir.department_name_of(d))
            .unwrap_or_default()
            .to_string(),
        joint: m.joint,
        decline_reason: row
            .decline_reason
            .as_deref()
            .and_then(DeclineReason::parse)
            .map(|r| r.label())
            .unwrap_or_default()
            .to_string(),
        reply: row.reply.clone(),
        submitted_on: date(&row.submitted_on)?,
        due_on,
        days_left,
        reply_due: reply_due(cal, k, &m),
        replied_on_time: replied_on_time(cal, k, &m),
        visit_resolved: flag(row.visit_resolved),
        visit_satisfied: flag(row.visit_satisfied),
        rating: row
            .rating
            .as_deref()
            .and_then(Level::parse)
            .map(|level| HandlingRating {
                level,
                label: level.label().into(),
                resolved: flag(row.rating_resolved).unwrap_or(false),
                comment: row.rating_comment.clone(),
            }),
        attachments,
        events,
        actions: match viewer {
            Viewer::Complainant => Vec::new(),
            Viewer::Department => staff_actions(true),
            Viewer::OfficeList | Viewer::OfficeOpen => staff_actions(false),
        },
        may_add_information: viewer == Viewer::Complainant && open_for_information(state),
        may_rate: viewer == Viewer::Complainant && open_for_rating(state) && row.rating.is_none(),
        version: row.version as i64,
    })
}

/// The complaint this very request stored before, if it was made before; a different request
/// under the same key is refused.
async fn replay(c: &Context, idem: Option<&Idem>) -> Result<Option<ComplaintRow>, Error> {
    match idem {
        Some(idem) if idem.seen(&c.db).await? => store::by_key(&c.db, idem.key()).await,
        _ => Ok(None),
    }
}

fn item_of(dir: &Directory, item: &str) -> Option<(String, bool)> {
    let code = item.trim().to_uppercase();
    (!code.is_empty()).then(|| {
        let known = dir.item(&code).is_some();
        (code, known)
    })
}

/// A new complaint number (65 random bits).
fn number(day: Date) -> Result<String, Error> {
    Ok(complaint_number(day, &crypto::random_array()?))
}

async fn tell(ctx: &Ctx, db: &D1Database, phone: &str, text: &notify::Text) -> Result<(), Error> {
    if let Some(phone) = Phone::parse(phone) {
        notify::Outbox { db, now: ctx.now }
            .send(&phone, text)
            .await?;
    }
    Ok(())
}

struct Intake<'a> {
    category: Category,
    channel: Channel,
    window: &'a str,
    staff_no: &'a str,
    item: &'a str,
    facts: &'a str,
    confidential: bool,
    /// The key as the client sent it (checked with the other fields).
    raw_key: &'a str,
    /// The key as stored (scoped to the caller), once the raw one is well formed.
    key: &'a str,
}

/// Checks an intake and builds its row, or names every problem.
fn intake_row(c: &Context, i: &Intake<'_>, now: i64) -> Result<ComplaintRow, Error> {
    let item = item_of(&c.dir, i.item);
    let mut problems = check_intake(
        i.facts,
        Subject {
            window: i.window,
            staff_no: i.staff_no,
            item: item.as_ref().map(|(code, known)| (code.as_str(), *known)),
        },
        0,
    );
    if !is_key(i.raw_key.trim()) {
        problems.push(crate::idem::key_problem());
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let day = today(now)?;
    Ok(ComplaintRow {
        id: number(day)?,
        citizen_id: None,
        channel: i.channel.as_str().into(),
        category: i.category.as_str().into(),
        window_no: i.window.trim().to_string(),
        staff_no: i.staff_no.trim().to_string(),
        item_code: item.map(|(code, _)| code),
        facts: i.facts.trim().to_string(),
        complainant_name: String::new(),
        complainant_phone: String::new(),
        confidential: if i.confidential { 1.0 } else { 0.0 },
        state: ComplaintState::Submitted.as_str().into(),
        department: None,
        joint: 0.0,
        decline_reason: None,
        reply: String::new(),
        submitted_on: day.to_string(),
        accepted_on: None,
        replied_on: None,
        visit_resolved: None,
        visit_satisfied: None,
        rating: None,
        rating_resolved: None,
        rating_comment: String::new(),
        officer_id: None,
        idempotency_key: i.key.to_string(),
        version: 0.0,
        created_at: now as f64,
    })
}

/// Stores a new complaint (a retried key stores nothing) and answers the stored one. Should
/// the number be taken, the complaint is stored under a new one.
async fn store_new(
    ctx: &Ctx,
    c: &Context,
    mut row: ComplaintRow,
    event: Event<'_>,
    viewer: Viewer,
) -> Result<Response, Error> {
    let mut stored = None;
    for _ in 0..3 {
        let id = row.id.clone();
        store::insert(
            &c.db,
            &row,
            &Event {
                complaint_id: &id,
                ..event
            },
        )
        .await?;
        stored = store::by_key(&c.db, &row.idempotency_key).await?;
        if stored.is_some() {
            break;
        }
        row.id = number(today(ctx.now)?)?;
    }
    let stored = stored.ok_or(Error::Unavailable)?;
    if stored.id == row.id {
        tell(
            ctx,
            &c.db,
            &stored.complainant_phone,
            &notify::complaint_text(
                &stored.id,
                (
                    "已收到，我们将按时受理并答复",
                    "is received; we will take it up and reply in time",
                ),
            ),
        )
        .await?;
    }
    http::private(&view(c, &stored, viewer, Detail::Full, ctx.now).await?)
}

/// `POST /api/v1/complaints`: a signed-in citizen complains online.
pub async fn submit(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let req: ComplaintSubmit = ctx.json()?;
    let c = context(ctx).await?;
    let idem = Idem::maybe(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    if let Some(done) = replay(&c, idem.as_ref()).await? {
        return http::private(&view(&c, &done, Viewer::Complainant, Detail::Full, ctx.now).await?);
    }
    let key = idem.as_ref().map(Idem::key).unwrap_or_default();
    let mut row = intake_row(
        &c,
        &Intake {
            category: req.category,
            channel: Channel::Web,
            window: &req.window,
            staff_no: &req.staff_no,
            item: &req.item,
            facts: &req.facts,
            confidential: req.confidential,
            raw_key: &req.idempotency_key,
            key,
        },
        ctx.now,
    )?;
    let citizen = citizens::by_id(&c.db, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    row.citizen_id = Some(me.citizen_id.clone());
    row.complainant_name = citizen.name.unwrap_or_default();
    row.complainant_phone = citizen.phone;
    idem.as_ref()
        .ok_or(Error::Unavailable)?
        .claim(&c.db, ctx.now)
        .await?;
    let id = row.id.clone();
    let event = Event {
        complaint_id: &id,
        at: ctx.now,
        action: "submit",
        actor_kind: "citizen",
        actor_id: Some(&me.citizen_id),
        note: Note::NONE,
        key: None,
    };
    store_new(ctx, &c, row, event, Viewer::Complainant).await
}

async fn my_phone(db: &D1Database, me: &CitizenSession) -> Result<String, Error> {
    Ok(citizens::by_id(db, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)?
        .phone)
}

/// `GET /api/v1/complaints`: my complaints, including those staff logged with my number.
pub async fn mine(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let phone = my_phone(&c.db, me).await?;
    let mut complaints = Vec::new();
    for row in store::of_citizen(&c.db, &me.citizen_id, &phone).await? {
        complaints.push(view(&c, &row, Viewer::Complainant, Detail::Brief, ctx.now).await?);
    }
    http::private(&ComplaintList {
        complaints,
        near_due: 0,
        overdue: 0,
    })
}

/// The complaint `no` if the signed-in citizen made it (else not found: no one learns which
/// numbers exist).
async fn my_complaint(c: &Context, me: &CitizenSession, no: &str) -> Result<ComplaintRow, Error> {
    if !is_complaint_number(no) {
        return Err(Error::ComplaintNotFound);
    }
    let row = store::by_id(&c.db, no)
        .await?
        .ok_or(Error::ComplaintNotFound)?;
    let phone = my_phone(&c.db, me).await?;
    if is_complainant(&row, me, &phone) {
        Ok(row)
    } else {
        Err(Error::ComplaintNotFound)
    }
}

/// `GET /api/v1/complaints/{no}`: one of my complaints, with every step.
pub async fn one(ctx: &Ctx, me: &CitizenSession, no: &str) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let row = my_complaint(&c, me, no).await?;
    http::private(&view(&c, &row, Viewer::Complainant, Detail::Full, ctx.now).await?)
}

/// `POST /api/v1/complaints/{no}/information`: the complainant adds information while the
/// complaint is open; a retried key adds nothing.
pub async fn inform(ctx: &Ctx, me: &CitizenSession, no: &str) -> Result<Response, Error> {
    let req: ComplaintInformation = ctx.json()?;
    let c = context(ctx).await?;
    let row = my_complaint(&c, me, no).await?;
    let idem = Idem::new(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    if idem.seen(&c.db).await? {
        return http::private(&view(&c, &row, Viewer::Complainant, Detail::Full, ctx.now).await?);
    }
    let problems = check_text("text", &req.text, "补充内容");
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let state = ComplaintState::parse(&row.state).ok_or(Error::Unavailable)?;
    if !open_for_information(state) {
        return Err(Error::ComplaintStepIllegal);
    }
    idem.claim(&c.db, ctx.now).await?;
    store::add_event(
        &c.db,
        &Event {
            complaint_id: &row.id,
            at: ctx.now,
            action: "inform",
            actor_kind: "citizen",
            actor_id: Some(&me.citizen_id),
            note: Note::Wrote(req.text.trim()),
            key: Some(idem.key()),
        },
    )
    .await?;
    http::private(&view(&c, &row, Viewer::Complainant, Detail::Full, ctx.now).await?)
}

/// `POST /api/v1/complaints/{no}/attachments`: the complainant adds one image (at most three in
/// all) while the complaint is open; a retried key adds nothing.
pub async fn attach(ctx: &Ctx, me: &CitizenSession, no: &str) -> Result<Response, Error> {
    let req: AttachmentUpload = ctx.json()?;
    let c = context(ctx).await?;
    let row = my_complaint(&c, me, no).await?;
    let idem = Idem::new(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    if idem.seen(&c.db).await? && store::attached_with(&c.db, idem.key()).await? {
        return http::private(&view(&c, &row, Viewer::Complainant, Detail::Full, ctx.now).await?);
    }
    let key = idem.key();
    let state = ComplaintState::parse(&row.state).ok_or(Error::Unavailable)?;
    if !open_for_information(state) {
        return Err(Error::ComplaintStepIllegal);
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(req.data.trim())
        .unwrap_or_default();
    let count = store::attachments(&c.db, &row.id).await?.len();
    let kind = check_attachment(count.min(MAX_ATTACHMENTS - 1), &req.content_type, &bytes)
        .map_err(|p| Error::Invalid(vec![p]))?;
    idem.claim(&c.db, ctx.now).await?;
    let file = NewAttachment {
        content_type: kind.content_type(),
        size: bytes.len(),
        base64: req.data.trim().to_string(),
    };
    let event = Event {
        complaint_id: &row.id,
        at: ctx.now,
        action: "attach",
        actor_kind: "citizen",
        actor_id: Some(&me.citizen_id),
        note: Note::NONE,
        key: Some(key),
    };
    let added = store::attach(&c.db, &file, key, &event).await?;
    if !added && !store::attached_with(&c.db, key).await? {
        idem.release(&c.db).await?;
        return Err(Error::invalid(
            "attachments",
            format!("最多上传 {MAX_ATTACHMENTS} 张图片"),
            format!("attachments: at most {MAX_ATTACHMENTS}"),
        ));
    }
    http::private(&view(&c, &row, Viewer::Complainant, Detail::Full, ctx.now).await?)
}

/// `GET /api/v1/complaints/{no}/attachments/{n}`: one of my complaint's images.
pub async fn my_attachment(
    ctx: &Ctx,
    me: &CitizenSession,
    no: &str,
    n: &str,
) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let row = my_complaint(&c, me, no).await?;
    image(&c.db, &row.id, n).await
}

async fn image(db: &D1Database, id: &str, n: &str) -> Result<Response, Error> {
    let index: i64 = n.parse().map_err(|_| Error::ComplaintNotFound)?;
    let a = store::attachment(db, id, index)
        .await?
        .ok_or(Error::ComplaintNotFound)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(a.data)
        .map_err(|_| Error::Unavailable)?;
    http::image(bytes, &a.content_type)
}

/// `POST /api/v1/complaints/{no}/rating`: the complainant rates the handling, once, after the
/// reply. Sending the same rating again answers the complaint as it is.
pub async fn rate(ctx: &Ctx, me: &CitizenSession, no: &str) -> Result<Response, Error> {
    let req: ComplaintRate = ctx.json()?;
    let c = context(ctx).await?;
    let row = my_complaint(&c, me, no).await?;
    if req.comment.chars().count() > 500 {
        return Err(Error::invalid(
            "comment",
            "评价内容不超过 500 个字",
            "comment: at most 500 characters",
        ));
    }
    if let Some(given) = row.rating.as_deref() {
        if given == req.level.as_str() {
            return http::private(
                &view(&c, &row, Viewer::Complainant, Detail::Full, ctx.now).await?,
            );
        }
        return Err(Error::ComplaintStepIllegal);
    }
    let state = ComplaintState::parse(&row.state).ok_or(Error::Unavailable)?;
    if !open_for_rating(state) {
        return Err(Error::ComplaintStepIllegal);
    }
    let mut changed = row.clone();
    changed.rating = Some(req.level.as_str().into());
    changed.rating_resolved = Some(if req.resolved { 1.0 } else { 0.0 });
    changed.rating_comment = req.comment.trim().to_string();
    let said = Said::ComplaintRated {
        level: req.level,
        resolved: req.resolved,
    };
    let event = Event {
        complaint_id: &row.id,
        at: ctx.now,
        action: "rate",
        actor_kind: "citizen",
        actor_id: Some(&me.citizen_id),
        note: Note::Said(&said),
        key: None,
    };
    if !store::save(&c.db, row.version, &changed, &event).await? {
        return Err(Error::ComplaintChanged);
    }
    let row = store::by_id(&c.db, &row.id)
        .await?
        .ok_or(Error::Unavailable)?;
    http::private(&view(&c, &row, Viewer::Complainant, Detail::Full, ctx.now).await?)
}

/// `POST /api/v1/staff/complaints`: the complaint office logs a complaint from another channel.
pub async fn log(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: ComplaintLog = ctx.json()?;
    let c = context(ctx).await?;
    let idem = Idem::maybe(ctx, Caller::Staff(&me.staff.row.id), &req.idempotency_key).await?;
    if let Some(done) = replay(&c, idem.as_ref()).await? {
        return http::private(&view(&c, &done, Viewer::OfficeOpen, Detail::Full, ctx.now).await?);
    }
    let key = idem.as_ref().map(Idem::key).unwrap_or_default();
    let mut problems = Vec::new();
    if req.channel == Channel::Web {
        problems.push(FieldError::new(
            "channel",
            "网上投诉由群众自行提交，请选择其他渠道",
            "channel: staff log complaints from other channels",
        ));
    }
    let (phone, more) = hall_domain::identity::optional_contact(
        "complainant_name",
        &req.complainant_name,
        "complainant_phone",
        &req.complainant_phone,
    );
    problems.extend(more);
    let row = intake_row(
        &c,
        &Intake {
            category: req.category,
            channel: req.channel,
            window: &req.window,
            staff_no: &req.staff_no,
            item: &req.item,
            facts: &req.facts,
            confidential: req.confidential,
            raw_key: &req.idempotency_key,
            key,
        },
        ctx.now,
    );
    let mut row = match row {
        Err(Error::Invalid(more)) => {
            problems.extend(more);
            return Err(Error::Invalid(problems));
        }
        Err(e) => return Err(e),
        Ok(_) if !problems.is_empty() => return Err(Error::Invalid(problems)),
        Ok(row) => row,
    };
    row.complainant_name = req.complainant_name.trim().to_string();
    row.complainant_phone = phone.map(|p| p.as_str().to_string()).unwrap_or_default();
    idem.as_ref()
        .ok_or(Error::Unavailable)?
        .claim(&c.db, ctx.now)
        .await?;
    let id = row.id.clone();
    let event = Event {
        complaint_id: &id,
        at: ctx.now,
        action: "log",
        actor_kind: "staff",
        actor_id: Some(&me.staff.row.id),
        note: Note::Said(&Said::ComplaintChannel {
            channel: req.channel,
        }),
        key: None,
    };
    store_new(ctx, &c, row, event, Viewer::OfficeOpen).await
}

/// `GET /api/v1/staff/complaints`: open complaints oldest first, then recent closed ones, with
/// near-due and overdue counts; the department sees only those assigned to it.
pub async fn list(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let (scope, viewer) = if office(me) {
        (None, Viewer::OfficeList)
    } else {
        (Some(me.staff.departments.as_slice()), Viewer::Department)
    };
    let mut complaints = Vec::new();
    for row in store::for_staff(&c.db, scope).await? {
        complaints.push(view(&c, &row, viewer, Detail::Brief, ctx.now).await?);
    }
    let count = |f: &dyn Fn(i64) -> bool| {
        complaints
            .iter()
            .filter(|q| q.days_left.is_some_and(f))
            .count() as u32
    };
    let near_due = count(&|d| (0..=1).contains(&d));
    let overdue = count(&|d| d < 0);
    http::private(&ComplaintList {
        complaints,
        near_due,
        overdue,
    })
}

/// The complaint `no` as this staff member may reach it: the office any, the department only
/// those assigned to it.
async fn staff_complaint(
    c: &Context,
    me: &StaffSession,
    no: &str,
) -> Result<(ComplaintRow, Viewer), Error> {
    if !is_complaint_number(no) {
        return Err(Error::ComplaintNotFound);
    }
    let row = store::by_id(&c.db, no)
        .await?
        .ok_or(Error::ComplaintNotFound)?;
    if office(me) {
        return Ok((row, Viewer::OfficeOpen));
    }
    match &row.department {
        Some(d) if me.staff.departments.contains(d) => Ok((row, Viewer::Department)),
        _ => Err(Error::ComplaintNotFound),
    }
}

fn audit_record<'a>(
    me: &'a StaffSession,
    ctx: &'a Ctx,
    action: &'a str,
    row: &'a ComplaintRow,
    note: &'a str,
) -> audit::Record<'a> {
    me.record(
        ctx,
        audit::What {
            action,
            target_kind: "complaint",
            target_id: &row.id,
            citizen_id: row.citizen_id.as_deref(),
            detail: &row.category,
            reason: note,
        },
    )
}

/// `GET /api/v1/staff/complaints/{no}`: one complaint with every step. The office sees the
/// complainant in full (the read is audited first); the department as `view` says.
pub async fn open(ctx: &Ctx, me: &StaffSession, no: &str) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let (row, viewer) = staff_complaint(&c, me, no).await?;
    if viewer == Viewer::OfficeOpen {
        let record = audit_record(me, ctx, "complaint.open", &row, "处理投诉");
        crate::store::batch(
            &c.db,
            "complaint open audit",
            vec![audit::append(&c.db, &record)?],
        )
        .await?;
    }
    http::private(&view(&c, &row, viewer, Detail::Full, ctx.now).await?)
}

/// `GET /api/v1/staff/complaints/{no}/attachments/{n}`: an image, for those who may open it.
pub async fn staff_attachment(
    ctx: &Ctx,
    me: &StaffSession,
    no: &str,
    n: &str,
) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let (row, _) = staff_complaint(&c, me, no).await?;
    image(&c.db, &row.id, n).await
}

/// `POST /api/v1/staff/complaints/{no}`: one step of the workflow.
pub async fn step(ctx: &Ctx, me: &StaffSession, no: &str) -> Result<Response, Error> {
    let req: ComplaintStep = ctx.json()?;
    let action = req
        .action
        .ok_or_else(|| Error::invalid("action", "请选择要进行的操作", "action is required"))?;
    let c = context(ctx).await?;
    let (row, viewer) = staff_complaint(&c, me, no).await?;
    if viewer == Viewer::Department && !department_may(action) {
        return Err(Error::Forbidden);
    }
    if req.version.is_some_and(|v| v != row.version as i64) {
        return Err(Error::ComplaintChanged);
    }
    let from = ComplaintState::parse(&row.state).ok_or(Error::Unavailable)?;
    let to = next(from, action).ok_or(Error::ComplaintStepIllegal)?;
    let day = today(ctx.now)?.to_string();
    let mut changed = row.clone();
    changed.state = to.as_str().into();
    let note_problems = |what: &str| check_text("note", &req.note, what);
    let mut message = None;
    let mut said = None;
    let note = match action {
        ComplaintAction::Accept => {
            let dept = req.department.trim();
            let name = if dept.is_empty() {
                None
            } else {
                Some(
                    c.dir
                        .department_name_of(dept)
                        .ok_or_else(|| {
                            Error::invalid("department", "请选择承办部门", "department: unknown")
                        })?
                        .to_string(),
                )
            };
            changed.department = (!dept.is_empty()).then(|| dept.to_string());
            changed.joint = if req.joint { 1.0 } else { 0.0 };
            changed.accepted_on = Some(day.clone());
            changed.officer_id = Some(me.staff.row.id.clone());
            message = Some(("已受理", "is accepted"));
            said = Some(Said::ComplaintAccepted {
                department: name,
                joint: req.joint,
            });
            String::new()
        }
        ComplaintAction::Decline => {
            let reason = req.reason.ok_or_else(|| {
                Error::invalid(
                    "reason",
                    "请选择不予受理的理由",
                    "reason: required to decline",
                )
            })?;
            changed.decline_reason = Some(reason.as_str().into());
            changed.officer_id = Some(me.staff.row.id.clone());
            message = Some((
                "不予受理，理由请登录查看",
                "was not accepted; sign in to see why",
            ));
            said = Some(Said::ComplaintDeclined {
                reason,
                more: req.note.trim().to_string(),
            });
            String::new()
        }
        ComplaintAction::Investigate | ComplaintAction::Handle => {
            let problems = note_problems(if action == ComplaintAction::Handle {
                "处理情况"
            } else {
                "调查核实情况"
            });
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            req.note.trim().to_string()
        }
        ComplaintAction::Reply => {
            let problems = note_problems("答复内容");
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            changed.reply = req.note.trim().to_string();
            changed.replied_on = Some(day.clone());
            message = Some((
                "已答复，请登录查看并评价",
                "is answered; sign in to read the reply and rate it",
            ));
            String::new()
        }
        ComplaintAction::Visit => {
            let (Some(resolved), Some(satisfied)) = (req.resolved, req.satisfied) else {
                return Err(Error::invalid(
                    "resolved",
                    "请记录回访结果：问题是否解决、是否满意",
                    "resolved and satisfied are required for a return visit",
                ));
            };
            changed.visit_resolved = Some(if resolved { 1.0 } else { 0.0 });
            changed.visit_satisfied = Some(if satisfied { 1.0 } else { 0.0 });
            said = Some(Said::Visited {
                resolved,
                satisfied,
                more: req.note.trim().to_string(),
            });
            String::new()
        }
        ComplaintAction::Archive => String::new(),
    };
    let event = Event {
        complaint_id: &row.id,
        at: ctx.now,
        action: action.as_str(),
        actor_kind: "staff",
        actor_id: Some(&me.staff.row.id),
        note: Note::of(&note, said.as_ref()),
        key: None,
    };
    if !store::save(&c.db, row.version, &changed, &event).await? {
        return Err(Error::ComplaintChanged);
    }
    if let Some(step) = message {
        tell(
            ctx,
            &c.db,
            &row.complainant_phone,
            &notify::complaint_text(&row.id, step),
        )
        .await?;
    }
    let row = store::by_id(&c.db, &row.id)
        .await?
        .ok_or(Error::Unavailable)?;
    http::private(&view(&c, &row, viewer, Detail::Full, ctx.now).await?)
}

/// `GET /api/v1/staff/complaint-stats?month=YYYY-MM`: the month's figures (default: the
/// current month); the hall's for the hall manager and the complaint office, a department's
/// own for its staff.
pub async fn stats(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let month = match ctx.query("month") {
        Some(m) => m,
        None => today(ctx.now)?.to_string()[..7].to_string(),
    };
    let valid = month.len() == 7
        && Date::parse(&format!("{month}-01")).is_some()
        && month.as_bytes()[4] == b'-';
    if !valid {
        return Err(Error::bad_param(
            "month",
            "月份格式应为 YYYY-MM",
            "month: YYYY-MM",
        ));
    }
    let cal = c.dir.calendar();
    let k = &c.rules.complaints;
    let mut counted = Vec::new();
    let all = office(me);
    for row in store::of_month(&c.db, &month).await? {
        let ours = row
            .department
            .as_ref()
            .is_some_and(|d| me.staff.departments.contains(d));
        if !all && !ours {
            continue;
        }
        let (Some(category), Some(channel)) =
            (Category::parse(&row.category), Channel::parse(&row.channel))
        else {
            continue;
        };
        counted.push(Counted {
            category,
            channel,
            department: row.department.clone(),
            on_time: replied_on_time(cal, k, &milestones(&row)?),
        });
    }
    let f = figures(&counted);
    let row = |key: &str, label: &str, count: u32| CountRow {
        key: key.into(),
        label: label.into(),
        count,
    };
    http::private(&ComplaintStats {
        month,
        total: f.total,
        by_category: f
            .by_category
            .iter()
            .map(|(k, n)| row(k.as_str(), k.label(), *n))
            .collect(),
        by_channel: f
            .by_channel
            .iter()
            .map(|(k, n)| row(k.as_str(), k.label(), *n))
            .collect(),
        by_department: f
            .by_department
            .iter()
            .map(|(code, n)| {
                let label = if code.is_empty() {
                    "大厅自行处理"
                } else {
                    c.dir.department_name_of(code).unwrap_or(code)
                };
                row(code, label, *n)
            })
            .collect(),
        replied: f.replied,
        replied_on_time: f.replied_on_time,
        on_time_permille: f.on_time_permille,
    })
}

/// My Hall's list of my complaints.
pub async fn summaries(ctx: &Ctx, me: &CitizenSession) -> Result<Vec<MatterSummary>, Error> {
    let db = ctx.db()?;
    let phone = my_phone(&db, me).await?;
    Ok(store::of_citizen(&db, &me.citizen_id, &phone)
        .await?
        .into_iter()
        .map(|r| {
            MatterSummary::new(
                r.id.clone(),
                format!("投诉 {}", r.id),
                Record::ComplaintState(
                    ComplaintState::parse(&r.state).unwrap_or(ComplaintState::Submitted),
                ),
                r.created_at as i64,
                Some(format!("/complaints/{}", r.id)),
            )
        })
        .collect())
}
