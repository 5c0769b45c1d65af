//! 好差评 (standard 5.9, 7.4): the served citizen rates a finished service once (a ticket on
//! site, a decided application online); staff are refused, whoever they are. A bad rating opens
//! a work order the complaint office runs (contact, fix, reply); a staff member appeals a
//! malicious rating and the hall manager decides. Staff views never carry who rated: the
//! citizen is contacted and answered through the hall's messages. The public figures hide
//! groups of fewer than 5. The rules are `hall_domain::rating`'s.

use hall_domain::access::Role;
use hall_domain::application::{working_days_left, Status};
use hall_domain::calendar::Date;
use hall_domain::complaint::NOTE_MAX;
use hall_domain::directory::Directory;
use hall_domain::dto::{
    DimensionLevel, MatterSummary, RatingOrderList, RatingOrderStep, RatingOrderView, RatingSubmit,
    RatingTarget, RatingView, Satisfaction, SatisfactionRow, TimelineEvent,
};
use hall_domain::identity::Phone;
use hall_domain::rating::{
    actions, check, dimensions, next, order_deadlines, tally, Kind, Level, Order, OrderAction,
    OrderState, Refusal, Served, MIN_GROUP,
};
use hall_domain::record::{Actor, Record};
use hall_domain::Error;
use worker::{D1Database, Response};

use super::today;
use super::{desk, Desk};
use crate::auth::{self, CitizenSession, Guard, StaffSession};
use crate::ctx::Ctx;
use crate::notify::{self, Notifier};
use crate::store::ratings::{
    self as store, MyRatingRow, NewRating, OrderChange, OrderEventRow, OrderRow,
};
use crate::store::{applications as apps, bookings, citizens};
use crate::{crypto, http, state};

fn date(s: &str) -> Result<Date, Error> {
    Date::parse(s).ok_or(Error::Unavailable)
}

fn parse_dimensions(json: &str) -> Vec<DimensionLevel> {
    serde_json::from_str(json).unwrap_or_default()
}

fn my_view(r: &MyRatingRow) -> Result<RatingView, Error> {
    let level = Level::parse(&r.level).ok_or(Error::Unavailable)?;
    Ok(RatingView {
        kind: Kind::parse(&r.kind).ok_or(Error::Unavailable)?,
        subject: r.subject.clone(),
        level,
        label: level.label().into(),
        dimensions: parse_dimensions(&r.dimensions),
        comment: r.comment.clone(),
        is_default: r.is_default != 0.0,
        rated_on: date(&r.rated_on)?,
        reply: r.reply.clone().unwrap_or_default(),
    })
}

/// What is rated, from the server's records: where, what, whether finished, whose.
struct Subject {
    title: String,
    item_name: String,
    finished: bool,
    yours: bool,
    hall: Option<String>,
    window: Option<String>,
    item: String,
}

async fn subject(
    db: &D1Database,
    dir: &Directory,
    me: &CitizenSession,
    kind: Kind,
    id: &str,
) -> Result<Subject, Error> {
    let item_name = |code: &str| dir.item(code).map(|i| i.name.clone()).unwrap_or_default();
    match kind {
        Kind::OnSite => {
            let t = store::service(db, id)
                .await?
                .ok_or(Error::RatingSubjectNotFound)?;
            let phone = citizens::by_id(db, &me.citizen_id)
                .await?
                .map(|c| c.phone)
                .unwrap_or_default();
            let yours = t.citizen_id.as_deref() == Some(me.citizen_id.as_str())
                || t.phone
                    .as_deref()
                    .is_some_and(|p| !p.is_empty() && p == phone);
            Ok(Subject {
                title: format!(
                    "{}（{} 号窗口）",
                    item_name(&t.item_code),
                    t.window_code.clone().unwrap_or_default()
                ),
                item_name: item_name(&t.item_code),
                finished: t.state == "done" && t.finished_at.is_some(),
                yours,
                hall: Some(t.hall_code),
                window: t.window_code,
                item: t.item_code,
            })
        }
        Kind::Online => {
            let a = apps::by_id(db, id)
                .await?
                .ok_or(Error::RatingSubjectNotFound)?;
            let decided = Status::parse(&a.status).is_some_and(|s| s.is_decided());
            Ok(Subject {
                title: format!("{}（受理编号 {}）", item_name(&a.item_code), a.id),
                item_name: item_name(&a.item_code),
                finished: decided,
                yours: a.citizen_id.as_deref() == Some(me.citizen_id.as_str()),
                hall: Some(a.hall_code),
                window: None,
                item: a.item_code,
            })
        }
    }
}

fn kind_of(s: &str) -> Result<Kind, Error> {
    Kind::parse(s).ok_or(Error::RatingSubjectNotFound)
}

/// The subject as stored: an application number without its grouping.
fn canonical(kind: Kind, subject: &str) -> String {
    match kind {
        Kind::OnSite => subject.trim().to_string(),
        Kind::Online => hall_domain::application::parse_tracking(subject)
            .unwrap_or_else(|| subject.trim().to_string()),
    }
}

/// Whether the request also carries a signed-in staff member's session.
async fn staff_too(ctx: &Ctx) -> bool {
    auth::authorize(ctx, Guard::AnyStaff, true).await.is_ok()
}

/// `GET /api/v1/ratings/{kind}/{subject}`: what is about to be rated, and whether I may.
pub async fn target(
    ctx: &Ctx,
    me: &CitizenSession,
    kind: &str,
    id: &str,
) -> Result<Response, Error> {
    let kind = kind_of(kind)?;
    let id = &canonical(kind, id);
    let db = ctx.db()?;
    let dir = state::directory(&ctx.env).await?;
    let s = subject(&db, &dir, me, kind, id).await?;
    let given = store::of_subject(&db, kind.as_str(), id).await?;
    let refusal = check(Served {
        finished: s.finished,
        yours: s.yours,
        rated: given.is_some(),
        staff: staff_too(ctx).await,
    })
    .err();
    // Someone else's rating is never shown.
    let rating = match (&given, s.yours) {
        (Some(r), true) => Some(my_view(r)?),
        _ => None,
    };
    http::private(&RatingTarget {
        kind,
        subject: id.to_string(),
        title: if s.yours { s.title } else { String::new() },
        item_name: if s.yours { s.item_name } else { String::new() },
        window: s.window.filter(|_| s.yours),
        dimensions: kind.dimensions().to_vec(),
        refusal: refusal.map(|r| r.code().to_string()),
        refusal_message: refusal.map(|r| r.message_zh()).unwrap_or_default().into(),
        rating,
    })
}

/// `POST /api/v1/ratings`: rate a finished service, once. A bad rating opens a work order.
pub async fn rate(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let mut req: RatingSubmit = ctx.json()?;
    req.subject = canonical(req.kind, &req.subject);
    if req.comment.chars().count() > 500 {
        return Err(Error::invalid(
            "comment",
            "评价内容不超过 500 个字",
            "comment: at most 500 characters",
        ));
    }
    let db = ctx.db()?;
    let dir = state::directory(&ctx.env).await?;
    let s = subject(&db, &dir, me, req.kind, &req.subject).await?;
    let given = store::of_subject(&db, req.kind.as_str(), &req.subject).await?;
    check(Served {
        finished: s.finished,
        yours: s.yours,
        rated: given.is_some(),
        staff: staff_too(ctx).await,
    })
    .map_err(Error::Rating)?;
    let given: Vec<_> = req
        .dimensions
        .iter()
        .map(|d| (d.dimension, d.level))
        .collect();
    let dims: Vec<DimensionLevel> = dimensions(req.kind, req.level, &given)
        .map_err(Error::Rating)?
        .into_iter()
        .map(|(dimension, level)| DimensionLevel { dimension, level })
        .collect();
    let dims_json = serde_json::to_string(&dims).map_err(|_| Error::Unavailable)?;
    let day = today(ctx.now)?;
    let order = if req.level.is_bad() {
        let (contact, fix) = order_deadlines(dir.calendar(), day).ok_or(Error::Unavailable)?;
        Some((contact.to_string(), fix.to_string()))
    } else {
        None
    };
    let id = crypto::id("r")?;
    let inserted = store::insert(
        &db,
        &NewRating {
            id: &id,
            kind: req.kind.as_str(),
            subject: &req.subject,
            citizen_id: Some(&me.citizen_id),
            level: req.level.as_str(),
            dimensions: &dims_json,
            comment: req.comment.trim(),
            hall_code: s.hall.as_deref(),
            window_code: s.window.as_deref(),
            item_code: &s.item,
            rated_on: &day.to_string(),
            now: ctx.now,
            order,
        },
    )
    .await?;
    if !inserted {
        // A race with another request for the same service: one of them wins.
        return Err(Error::Rating(Refusal::AlreadyRated));
    }
    let stored = store::of_subject(&db, req.kind.as_str(), &req.subject)
        .await?
        .ok_or(Error::Unavailable)?;
    http::private(&my_view(&stored)?)
}

/// Whether the staff member works in the complaint office or runs the hall (they run work
/// orders; others may only appeal).
fn office(me: &StaffSession) -> bool {
    me.staff
        .roles
        .iter()
        .any(|r| matches!(r, Role::ComplaintOfficer | Role::HallManager))
}

fn manager(me: &StaffSession) -> bool {
    me.staff.roles.contains(&Role::HallManager)
}

fn order_of(row: &OrderRow) -> Result<Order, Error> {
    Ok(Order {
        state: OrderState::parse(&row.state).ok_or(Error::Unavailable)?,
        appeal_pending: row.appeal_pending != 0.0,
        appealed: row.appealed != 0.0,
    })
}

/// What this staff member may do to the order.
fn allowed(me: &StaffSession, o: Order) -> Vec<OrderAction> {
    actions(o)
        .into_iter()
        .filter(|a| {
            if a.is_decision() {
                manager(me)
            } else {
                office(me) || *a == OrderAction::Appeal
            }
        })
        .collect()
}

fn order_view(
    d: &Desk,
    me: &StaffSession,
    row: &OrderRow,
    events: Vec<OrderEventRow>,
    now: i64,
) -> Result<RatingOrderView, Error> {
    let (dir, rules, names) = (&*d.dir, &d.rules, &d.names);
    let o = order_of(row)?;
    let kind = Kind::parse(&row.kind).ok_or(Error::Unavailable)?;
    let level = Level::parse(&row.level).ok_or(Error::Unavailable)?;
    let contact_due = date(&row.contact_due)?;
    let fix_due = date(&row.fix_due)?;
    let due = match o.state {
        OrderState::Open => Some(contact_due),
        OrderState::Contacted => Some(fix_due),
        _ => None,
    };
    let days_left = due
        .map(|d| Ok::<_, Error>(working_days_left(dir.calendar(), today(now)?, d)))
        .transpose()?;
    let events = events
        .into_iter()
        .map(|e| {
            TimelineEvent::new(
                e.at as i64,
                Record::of_order_event(&e.action),
                Actor::Staff,
                names.label(rules, e.actor_id.as_deref()),
                e.note,
                None,
            )
        })
        .collect();
    let place = match (&row.hall_code, &row.window_code) {
        (Some(h), Some(w)) => format!("{h} · {w} 号窗口"),
        (Some(h), None) => h.clone(),
        _ => String::new(),
    };
    Ok(RatingOrderView {
        id: row.id.clone(),
        kind,
        kind_label: kind.label().into(),
        level,
        label: level.label().into(),
        dimensions: parse_dimensions(&row.dimensions),
        comment: row.comment.clone(),
        item_name: dir
            .item(&row.item_code)
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        place,
        hall: row.hall_code.clone(),
        window: row.window_code.clone(),
        rated_on: date(&row.rated_on)?,
        contact_due,
        fix_due,
        days_left,
        state: o.state,
        state_label: if o.appeal_pending {
            "申诉待大厅负责人决定".into()
        } else {
            o.state.label().into()
        },
        appeal_pending: o.appeal_pending,
        fix_report: row.fix_report.clone(),
        reply: row.reply.clone(),
        events,
        actions: allowed(me, o),
        version: row.version as i64,
    })
}

/// `GET /api/v1/staff/rating-orders`: bad ratings' work orders, open first; never who rated.
pub async fn orders(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let d = desk(ctx).await?;
    let rows = store::orders(&d.db).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_rating: std::collections::BTreeMap<String, Vec<OrderEventRow>> =
        std::collections::BTreeMap::new();
    for e in store::events_of(&d.db, &ids).await? {
        by_rating.entry(e.rating_id.clone()).or_default().push(e);
    }
    let mut orders = Vec::new();
    for row in &rows {
        let events = by_rating.remove(&row.id).unwrap_or_default();
        orders.push(order_view(&d, me, row, events, ctx.now)?);
    }
    let overdue = orders
        .iter()
        .filter(|o| o.days_left.is_some_and(|d| d < 0))
        .count() as u32;
    let appeals = orders.iter().filter(|o| o.appeal_pending).count() as u32;
    http::private(&RatingOrderList {
        orders,
        overdue,
        appeals,
    })
}

/// `POST /api/v1/staff/rating-orders/{id}`: contact (the hall's message goes to the citizen),
/// report the fix, reply (told to the citizen), appeal, or the manager's decision.
pub async fn step(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: RatingOrderStep = ctx.json()?;
    let action = req
        .action
        .ok_or_else(|| Error::invalid("action", "请选择要进行的操作", "action is required"))?;
    let d = desk(ctx).await?;
    let db = &d.db;
    let row = store::order(db, id)
        .await?
        .ok_or(Error::RatingSubjectNotFound)?;
    if req.version.is_some_and(|v| v != row.version as i64) {
        return Err(Error::RatingOrderChanged);
    }
    let o = order_of(&row)?;
    let to = next(o, action).ok_or(Error::RatingOrderStepIllegal)?;
    if !allowed(me, o).contains(&action) {
        return Err(Error::Forbidden);
    }
    let note = req.note.trim();
    let needs_note = !matches!(action, OrderAction::Contact);
    let n = note.chars().count();
    if needs_note && !(2..=NOTE_MAX).contains(&n) {
        return Err(Error::invalid(
            "note",
            format!("请填写说明（2 至 {NOTE_MAX} 个字）"),
            format!("note: 2 to {NOTE_MAX} characters"),
        ));
    }
    let mut fix_report = row.fix_report.clone();
    let mut reply = row.reply.clone();
    let mut message = None;
    match action {
        OrderAction::Contact => {
            message = Some(notify::rating_contact_text());
        }
        OrderAction::Fix => fix_report = note.to_string(),
        OrderAction::Reply => {
            reply = note.to_string();
            message = Some(notify::rating_reply_text());
        }
        OrderAction::Appeal | OrderAction::Uphold | OrderAction::Reject => {}
    }
    let change = OrderChange {
        state: to.state.as_str(),
        appeal_pending: to.appeal_pending,
        appealed: to.appealed,
        fix_report: &fix_report,
        reply: &reply,
        void: to.state == OrderState::Voided,
    };
    let event = (ctx.now, action.as_str(), me.staff.row.id.as_str(), note);
    if !store::save(db, id, row.version, &change, event).await? {
        return Err(Error::RatingOrderChanged);
    }
    if let Some(text) = message {
        // The Worker reads the rater's number itself; no staff member ever sees it.
        if let Some(phone) = store::rater_phone(db, id)
            .await?
            .and_then(|p| Phone::parse(&p))
        {
            notify::Outbox { db, now: ctx.now }
                .send(&phone, &text)
                .await?;
        }
    }
    let row = store::order(db, id).await?.ok_or(Error::Unavailable)?;
    let events = store::events_of(db, std::slice::from_ref(&row.id)).await?;
    http::private(&order_view(&d, me, &row, events, ctx.now)?)
}

fn row_of(key: &str, label: &str, levels: &[Level]) -> Option<SatisfactionRow> {
    tally(levels).map(|t| SatisfactionRow {
        key: key.into(),
        label: label.into(),
        count: t.count,
        per_level: t.per_level,
        satisfied_permille: t.satisfied_permille,
        average_centi: t.average_centi,
    })
}

/// `GET /api/v1/satisfaction`: the last twelve months' figures by hall, window, item and month;
/// aggregates only, groups of fewer than 5 left out.
pub async fn satisfaction(ctx: &Ctx) -> Result<Response, Error> {
    let db = ctx.db()?;
    let dir = state::directory(&ctx.env).await?;
    let (setup, _) = bookings::hall(&db).await?;
    let day = today(ctx.now)?;
    let since =
        Date::from_days_since_epoch(day.days_since_epoch() - 365).ok_or(Error::Unavailable)?;
    let rows = store::counted_since(&db, &since.to_string()).await?;
    let mut hidden = 0u32;
    let mut group = |keys: Vec<(String, String, Level)>| -> Vec<SatisfactionRow> {
        let mut groups: Vec<(String, String, Vec<Level>)> = Vec::new();
        for (k, label, l) in keys {
            match groups.iter_mut().find(|(g, _, _)| *g == k) {
                Some((_, _, ls)) => ls.push(l),
                None => groups.push((k, label, vec![l])),
            }
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        groups
            .iter()
            .filter_map(|(k, label, ls)| {
                let r = row_of(k, label, ls);
                if r.is_none() {
                    hidden += 1;
                }
                r
            })
            .collect()
    };
    let levels: Vec<(&store::RatedRow, Level)> = rows
        .iter()
        .filter_map(|r| Level::parse(&r.level).map(|l| (r, l)))
        .collect();
    let hall_name = |code: &str| {
        setup
            .halls
            .iter()
            .find(|h| h.code == code)
            .map(|h| h.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let by_hall = group(
        levels
            .iter()
            .filter_map(|(r, l)| r.hall_code.as_ref().map(|h| (h.clone(), hall_name(h), *l)))
            .collect(),
    );
    let by_window = group(
        levels
            .iter()
            .filter_map(|(r, l)| match (&r.hall_code, &r.window_code) {
                (Some(h), Some(w)) => Some((format!("{h}/{w}"), hall_name(h), *l)),
                _ => None,
            })
            .collect(),
    );
    let by_item = group(
        levels
            .iter()
            .map(|(r, l)| {
                let name = dir
                    .item(&r.item_code)
                    .map(|i| i.name.clone())
                    .unwrap_or_default();
                (r.item_code.clone(), name, *l)
            })
            .collect(),
    );
    let by_month = group(
        levels
            .iter()
            .map(|(r, l)| {
                let m = r.rated_on.get(..7).unwrap_or_default().to_string();
                (m.clone(), m, *l)
            })
            .collect(),
    );
    let all: Vec<Level> = levels.iter().map(|(_, l)| *l).collect();
    http::json(
        &Satisfaction {
            total: row_of("all", "全部", &all),
            by_hall,
            by_window,
            by_item,
            by_month,
            hidden_groups: hidden,
            min_group: MIN_GROUP,
        },
        "public, max-age=300",
    )
    .map_err(|e| http::unavailable("satisfaction", e))
}

/// My Hall's list of the ratings I gave.
pub async fn summaries(ctx: &Ctx, me: &CitizenSession) -> Result<Vec<MatterSummary>, Error> {
    let db = ctx.db()?;
    Ok(store::of_citizen(&db, &me.citizen_id)
        .await?
        .into_iter()
        .filter_map(|r| {
            let level = Level::parse(&r.level)?;
            let kind = Kind::parse(&r.kind)?;
            Some(MatterSummary::new(
                r.subject.clone(),
                format!("{}评价", kind.label()),
                Record::Rating(level),
                r.created_at as i64,
                Some(format!("/rate/{}/{}", kind.as_str(), r.subject)),
            ))
        })
        .collect())
}
