//! Tickets and the queue (standard 6.2): the kiosk (walk-in tickets, booking check-in), the
//! citizen's ticket page, the window console and the display board.
//!
//! The ticket page and the board poll with `If-None-Match`: their ETag is the hall's queue
//! version, which every change to the hall's queue moves, so an unchanged poll costs one small
//! read and a 304.

use std::collections::BTreeMap;

use hall_domain::access::Role;
use hall_domain::booking::{check_in, local_of, HallRules, Slot, TimeOfDay};
use hall_domain::calendar::Date;
use hall_domain::dto::{
    BoardCall, BoardGroup, BoardView, CheckInRequest, ConsoleView, GroupBrief, HallBrief, HallList,
    KioskGroup, KioskItem, KioskView, TicketBrief, TicketEventRequest, TicketView, WalkInRequest,
    WindowBrief, WindowStatus,
};
use hall_domain::hall_setup::{Hall, HallSetup, Window};
use hall_domain::idempotency::is_key;
use hall_domain::identity::{mask_name, Phone};
use hall_domain::queue::{
    call_order, estimated_wait, next_to_call, should_remind, streak_after, walk_ins_open, Event,
    Origin, ServingOrder, State, Ticket, REJOIN_SECS,
};
use hall_domain::Error;
use hall_domain::{device, forecast};
use worker::{D1Database, Response};

use super::devices::Kiosk;
use crate::auth::StaffSession;
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::notify::{self, Notifier};
use crate::store::queue::{self as store, TicketRow};
use crate::store::{bookings, limits, queue::Step};
use crate::{crypto, http, state};

/// Calls the board shows.
const BOARD_CALLS: u32 = 8;

fn day_of(now: i64) -> Result<String, Error> {
    local_of(now)
        .map(|(d, _)| d.to_string())
        .ok_or(Error::Unavailable)
}

fn hall_of<'a>(setup: &'a HallSetup, code: &str) -> Result<&'a Hall, Error> {
    setup.hall(code).ok_or(Error::HallNotFound)
}

fn item_name(dir: &hall_domain::directory::Directory, code: &str) -> String {
    dir.item(code).map(|i| i.name.clone()).unwrap_or_default()
}

/// `GET /api/v1/halls`.
pub async fn halls(ctx: &Ctx) -> Result<Response, Error> {
    let setup = bookings::setup(&ctx.db()?).await?;
    http::json(
        &HallList {
            halls: setup
                .halls
                .iter()
                .map(|h| HallBrief {
                    code: h.code.clone(),
                    name: h.name.clone(),
                    address: h.address.clone(),
                    area: h.area.clone(),
                })
                .collect(),
        },
        http::CATALOGUE_MAX_AGE,
    )
    .map_err(|e| http::unavailable("halls", e))
}

/// Waiting tickets per group.
fn waiting_by_group(live: &[TicketRow]) -> BTreeMap<char, u32> {
    let mut out = BTreeMap::new();
    for t in live.iter().filter(|t| t.state() == State::Waiting) {
        *out.entry(t.group()).or_insert(0) += 1;
    }
    out
}

/// `GET /api/v1/halls/{hall}/kiosk`.
pub async fn kiosk(ctx: &Ctx, hall: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let setup = bookings::setup(&db).await?;
    let h = hall_of(&setup, hall)?;
    let dir = state::directory(&ctx.env).await?;
    let live = store::live(&db, hall, &day_of(ctx.now)?).await?;
    let waiting = waiting_by_group(&live);
    let groups = setup
        .groups
        .iter()
        .filter(|g| serves(&setup, hall, g.code))
        .map(|g| KioskGroup {
            code: g.code,
            name: g.name.clone(),
            waiting: waiting.get(&g.code).copied().unwrap_or(0),
            items: g
                .items
                .iter()
                .map(|code| KioskItem {
                    code: code.clone(),
                    name: item_name(&dir, code),
                })
                .collect(),
        })
        .collect();
    let closed = walk_ins_open(dir.calendar(), &h.periods, ctx.now).err();
    http::private(&KioskView {
        hall_code: h.code.clone(),
        hall_name: h.name.clone(),
        area: h.area.clone(),
        groups,
        open: closed.is_none(),
        opens_at: closed.and_then(|c| c.opens),
    })
}

/// Whether a window of the hall serves the group.
fn serves(setup: &HallSetup, hall: &str, group: char) -> bool {
    setup
        .windows
        .iter()
        .any(|w| w.hall == hall && w.groups.contains(&group))
}

/// `POST /api/v1/halls/{hall}/tickets`: a walk-in ticket.
pub async fn walk_in(ctx: &Ctx, hall: &str) -> Result<Response, Error> {
    let req: WalkInRequest = ctx.json()?;
    let mut problems = Vec::new();
    if !is_key(req.idempotency_key.trim()) {
        problems.push(crate::idem::key_problem());
    }
    let phone = match req
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        None => None,
        Some(p) => match Phone::parse(p) {
            Some(p) => Some(p),
            None => {
                problems.push(hall_domain::error::FieldError::new(
                    "phone",
                    "手机号码应为 11 位数字，以 1 开头；也可以不填",
                    "phone: an 11-digit mainland mobile number, or nothing",
                ));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let db = ctx.db()?;
    let hall_rules = bookings::hall(&db).await?;
    let setup = &hall_rules.0;
    let periods = hall_of(setup, hall)?.periods.clone();
    let dir = state::directory(&ctx.env).await?;
    let item = dir
        .item(&req.item)
        .ok_or_else(|| Error::ItemNotFound(req.item.chars().take(40).collect()))?;
    let group = setup
        .group_of(&item.code)
        .map(|g| g.code)
        .filter(|g| serves(setup, hall, *g))
        .ok_or_else(|| {
            Error::invalid(
                "item",
                "本大厅不办理此事项，请到其他大厅或咨询服务台",
                "No window of this hall serves the item",
            )
        })?;
    // The kiosk has no session: its idempotency keys are scoped to the device.
    let kiosk = Kiosk::of(ctx, &db, hall).await?;
    let idem = Idem::new(ctx, kiosk.caller(), &req.idempotency_key).await?;
    if idem.seen(&db).await? {
        if let Some(t) = store::by_key(&db, idem.key()).await? {
            return ticket_response(ctx, &db, &hall_rules, t).await;
        }
    }
    // Outside opening hours no ticket is issued: the kiosk says when the hall opens.
    walk_ins_open(dir.calendar(), &periods, ctx.now).map_err(Error::HallClosed)?;
    kiosk
        .count(&db, ctx.now, "walk_in", device::WALK_INS_PER_KIOSK_HOUR)
        .await?;
    idem.claim(&db, ctx.now).await?;
    let id = crypto::id("t")?;
    store::issue(
        &db,
        &store::NewTicket {
            id: &id,
            hall,
            day: &day_of(ctx.now)?,
            group,
            item: &item.code,
            origin: Origin::WalkIn,
            booking: None,
            citizen: None,
            phone: phone.as_ref().map(Phone::as_str),
            key: Some(idem.key()),
            now: ctx.now,
        },
    )
    .await?;
    let t = store::by_key(&db, idem.key())
        .await?
        .ok_or(Error::Unavailable)?;
    ticket_response(ctx, &db, &hall_rules, t).await
}

/// `POST /api/v1/halls/{hall}/check-in`: a booking checks in and gets its ticket. Checking in
/// twice returns the same ticket.
pub async fn check_in_booking(ctx: &Ctx, hall: &str) -> Result<Response, Error> {
    let req: CheckInRequest = ctx.json()?;
    let number = req.booking.trim().to_uppercase();
    if number.is_empty() || number.len() > 32 {
        return Err(Error::invalid(
            "booking",
            "请输入预约号，如 Y260929A1B2C3",
            "booking: the appointment number",
        ));
    }
    let db = ctx.db()?;
    let hall_rules = bookings::hall(&db).await?;
    let (setup, policy) = (&hall_rules.0, &hall_rules.1.policy);
    hall_of(setup, hall)?;
    // Appointment numbers cannot be tried without limit: each number a few times an hour, and
    // each kiosk a few numbers that match nothing (a found booking gives its count back).
    let kiosk = Kiosk::of(ctx, &db, hall).await?;
    limits::hit(
        &db,
        &device::booking_counter(&number),
        ctx.now,
        device::CHECK_INS_PER_BOOKING_HOUR,
    )
    .await?;
    let miss = "check_in_miss";
    kiosk
        .count(&db, ctx.now, miss, device::CHECK_IN_MISSES_PER_KIOSK_HOUR)
        .await?;
    let b = bookings::by_id(&db, &number)
        .await?
        .ok_or(Error::BookingNotFound)?;
    kiosk.give_back(&db, ctx.now, miss).await?;
    if b.row.status == "checked_in" {
        if let Some(t) = store::by_booking(&db, &number).await? {
            return ticket_response(ctx, &db, &hall_rules, t).await;
        }
    }
    let date = Date::parse(&b.row.date).ok_or(Error::Unavailable)?;
    let start = TimeOfDay::parse(&b.row.start).ok_or(Error::Unavailable)?;
    let slot = Slot {
        date,
        start,
        end: start.plus(policy.slot_minutes).unwrap_or(start),
    };
    check_in(
        policy,
        &slot,
        b.row.status == "active",
        &b.row.hall_code,
        hall,
        ctx.now,
    )
    .map_err(Error::CheckInRefused)?;
    let group = b.group_code.chars().next().unwrap_or('?');
    let id = crypto::id("t")?;
    store::issue(
        &db,
        &store::NewTicket {
            id: &id,
            hall,
            day: &day_of(ctx.now)?,
            group,
            item: &b.row.item_code,
            origin: Origin::Booked,
            booking: Some(&number),
            citizen: Some(&b.citizen_id),
            phone: None,
            key: None,
            now: ctx.now,
        },
    )
    .await?;
    let t = store::by_booking(&db, &number)
        .await?
        .ok_or(Error::Unavailable)?;
    ticket_response(ctx, &db, &hall_rules, t).await
}

fn etag(hall: &str, version: i64) -> String {
    format!("\"{hall}-{version}\"")
}

/// `GET /api/v1/tickets/{id}`.
pub async fn ticket(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let (t, version) = store::by_id_with_version(&db, id)
        .await?
        .ok_or(Error::TicketNotFound)?;
    let tag = etag(&t.hall_code, version);
    if hall_domain::etag::none_match_hits(ctx.if_none_match.as_deref(), &tag) {
        return http::not_modified(&tag);
    }
    // One more round trip for everything the answer needs.
    let ((setup, rules), queue) = store::snapshot_with_hall(&db, &t.hall_code, &t.day).await?;
    let view = ticket_view(ctx, &setup, rules.order, &queue, t).await?;
    http::private_tagged(&view, &tag)
}

async fn ticket_response(
    ctx: &Ctx,
    db: &D1Database,
    (setup, rules): &(HallSetup, HallRules),
    t: TicketRow,
) -> Result<Response, Error> {
    let queue = store::snapshot(db, &t.hall_code, &t.day).await?;
    let view = ticket_view(ctx, setup, rules.order, &queue, t).await?;
    http::private(&view)
}

/// Waiting tickets of one group in call order (a fresh window's view: no booked streak).
fn group_order(live: &[TicketRow], group: char, order: ServingOrder) -> Vec<&TicketRow> {
    let rows: Vec<&TicketRow> = live
        .iter()
        .filter(|t| t.state() == State::Waiting && t.group() == group)
        .collect();
    let tickets: Vec<Ticket> = rows.iter().map(|t| t.ticket()).collect();
    let refs: Vec<&Ticket> = tickets.iter().collect();
    call_order(&refs, 0, order)
        .into_iter()
        .map(|i| rows[i])
        .collect()
}

async fn ticket_view(
    ctx: &Ctx,
    setup: &HallSetup,
    order: ServingOrder,
    queue: &store::Snapshot,
    t: TicketRow,
) -> Result<TicketView, Error> {
    let dir = state::directory(&ctx.env).await?;
    let hall = hall_of(setup, &t.hall_code)?;
    let state = t.state();
    let (ahead, wait) = if state == State::Waiting {
        let order = group_order(&queue.live, t.group(), order);
        let ahead = order.iter().position(|x| x.id == t.id).unwrap_or(0);
        let open = open_windows(&queue.windows, setup, &t.hall_code, t.group());
        (
            Some(u32::try_from(ahead).unwrap_or(u32::MAX)),
            Some(estimated_wait(ahead, open)),
        )
    } else {
        (None, None)
    };
    let window = t
        .window_code
        .as_ref()
        .filter(|_| matches!(state, State::Called | State::Serving));
    let window_name = window.and_then(|w| {
        setup
            .windows
            .iter()
            .find(|x| x.hall == t.hall_code && &x.code == w)
            .map(|x| x.name.clone())
    });
    let rejoin_until = match (state, t.missed_at) {
        (State::Missed, Some(m)) if t.rejoined == 0.0 && ctx.now - (m as i64) <= REJOIN_SECS => {
            Some(m as i64 + REJOIN_SECS)
        }
        _ => None,
    };
    Ok(TicketView {
        id: t.id.clone(),
        number: t.number.clone(),
        hall_code: hall.code.clone(),
        hall_name: hall.name.clone(),
        area: hall.area.clone(),
        item_code: t.item_code.clone(),
        item_name: item_name(&dir, &t.item_code),
        group: t.group(),
        origin: t.origin(),
        state,
        state_label: state.label().into(),
        ahead,
        wait_minutes: wait,
        window: window.cloned(),
        window_name,
        rejoin_until,
        issued_at: t.created_at as i64,
        booking: t.booking_id.clone(),
        name_masked: t
            .holder_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(mask_name),
    })
}

fn open_windows(
    states: &[store::WindowStateRow],
    setup: &HallSetup,
    hall: &str,
    group: char,
) -> usize {
    setup
        .windows
        .iter()
        .filter(|w| w.hall == hall && w.groups.contains(&group))
        .filter(|w| {
            states
                .iter()
                .any(|s| s.hall_code == hall && s.window_code == w.code && s.open != 0.0)
        })
        .count()
}

/// `POST /api/v1/tickets/{id}/rejoin`: a missed ticket joins again at the back, once.
pub async fn rejoin(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let t = store::by_id(&db, id).await?.ok_or(Error::TicketNotFound)?;
    let next = t
        .ticket()
        .apply(&Event::Rejoin, ctx.now)
        .map_err(Error::TicketRefused)?;
    let step = Step {
        event: "rejoined",
        window: None,
        staff: None,
        detail: None,
    };
    if !store::apply(&db, &t, &next, &step, ctx.now).await? {
        return Err(Error::TicketRefused(hall_domain::queue::Refused::NotNow(
            t.state(),
        )));
    }
    let hall_rules = bookings::hall(&db).await?;
    let t = store::by_id(&db, id).await?.ok_or(Error::TicketNotFound)?;
    ticket_response(ctx, &db, &hall_rules, t).await
}

/// `GET /api/v1/halls/{hall}/board`.
pub async fn board(ctx: &Ctx, hall: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let setup = bookings::setup(&db).await?;
    let h = hall_of(&setup, hall)?;
    let version = store::version(&db, hall).await?;
    // Weak: the board carries the server's clock, which moves on while the calls stay.
    let tag = format!("W/{}", etag(hall, version));
    if hall_domain::etag::none_match_hits(ctx.if_none_match.as_deref(), &tag) {
        return http::not_modified(&tag);
    }
    let day = day_of(ctx.now)?;
    let calls = store::latest_calls(&db, hall, &day, BOARD_CALLS).await?;
    let live = store::live(&db, hall, &day).await?;
    let waiting = waiting_by_group(&live);
    let view = BoardView {
        hall_code: h.code.clone(),
        hall_name: h.name.clone(),
        now: ctx.now,
        calls: calls
            .into_iter()
            .map(|c| BoardCall {
                window_name: window_name(&setup, hall, &c.window_code),
                number: c.number,
                window: c.window_code,
                at: c.at as i64,
            })
            .collect(),
        groups: setup
            .groups
            .iter()
            .filter(|g| serves(&setup, hall, g.code))
            .map(|g| BoardGroup {
                code: g.code,
                name: g.name.clone(),
                waiting: waiting.get(&g.code).copied().unwrap_or(0),
            })
            .collect(),
    };
    http::private_tagged(&view, &tag)
}

fn window_name(setup: &HallSetup, hall: &str, code: &str) -> String {
    setup
        .windows
        .iter()
        .find(|w| w.hall == hall && w.code == code)
        .map(|w| w.name.clone())
        .unwrap_or_default()
}

// ---- The window console -------------------------------------------------------------------

fn is_manager(me: &StaffSession) -> bool {
    me.staff.roles.contains(&Role::HallManager)
}

/// The windows a staff member may run: a clerk's assigned windows, every window for the hall
/// manager.
fn my_windows<'a>(me: &StaffSession, setup: &'a HallSetup) -> Vec<&'a Window> {
    setup
        .windows
        .iter()
        .filter(|w| is_manager(me) || me.staff.windows.contains(&w.assignment()))
        .collect()
}

fn my_window<'a>(
    me: &StaffSession,
    setup: &'a HallSetup,
    hall: &str,
    code: &str,
) -> Result<&'a Window, Error> {
    let w = setup
        .windows
        .iter()
        .find(|w| w.hall == hall && w.code == code)
        .ok_or(Error::WindowNotFound)?;
    if is_manager(me) || me.staff.windows.contains(&w.assignment()) {
        Ok(w)
    } else {
        Err(Error::WindowNotYours)
    }
}

fn brief(dir: &hall_domain::directory::Directory, t: &TicketRow) -> TicketBrief {
    TicketBrief {
        id: t.id.clone(),
        number: t.number.clone(),
        group: t.group(),
        item_code: t.item_code.clone(),
        item_name: item_name(dir, &t.item_code),
        origin: t.origin(),
        state: t.state(),
        queued_at: t.queued_at as i64,
        booking: t.booking_id.clone(),
    }
}

/// Whether a waiting ticket is for this window: transferred to it, or of a group it serves
/// and not handed to another window.
fn waits_for(t: &TicketRow, w: &Window) -> bool {
    t.state() == State::Waiting
        && match t.window_code.as_deref() {
            Some(code) => code == w.code,
            None => w.groups.contains(&t.group()),
        }
}

/// The console: every window I may run, with its current ticket and its queue.
/// `setup` and `rules` are those the calling handler read, so an action reads them once.
async fn console(
    ctx: &Ctx,
    db: &D1Database,
    me: &StaffSession,
    (setup, rules): &(HallSetup, HallRules),
) -> Result<ConsoleView, Error> {
    let dir = state::directory(&ctx.env).await?;
    let day = day_of(ctx.now)?;
    let states = store::windows(db).await?;
    let mut live_by_hall: BTreeMap<String, Vec<TicketRow>> = BTreeMap::new();
    let mut out = Vec::new();
    for w in my_windows(me, setup) {
        if !live_by_hall.contains_key(&w.hall) {
            let live = store::live(db, &w.hall, &day).await?;
            live_by_hall.insert(w.hall.clone(), live);
        }
        let live = live_by_hall.get(&w.hall).map(Vec::as_slice).unwrap_or(&[]);
        let st = states
            .iter()
            .find(|s| s.hall_code == w.hall && s.window_code == w.code);
        let open = st.is_some_and(|s| s.open != 0.0);
        let streak = st.map_or(0, |s| s.booked_streak as u32);
        let rows: Vec<&TicketRow> = live.iter().filter(|t| waits_for(t, w)).collect();
        let tickets: Vec<Ticket> = rows.iter().map(|t| t.ticket()).collect();
        let refs: Vec<&Ticket> = tickets.iter().collect();
        let waiting = call_order(&refs, streak, rules.order)
            .into_iter()
            .map(|i| brief(&dir, rows[i]))
            .collect();
        let current = live
            .iter()
            .find(|t| {
                matches!(t.state(), State::Called | State::Serving)
                    && t.window_code.as_deref() == Some(w.code.as_str())
            })
            .map(|t| brief(&dir, t));
        let missed = live
            .iter()
            .filter(|t| t.state() == State::Missed && t.window_code.as_deref() == Some(&w.code))
            .map(|t| brief(&dir, t))
            .collect();
        out.push(WindowStatus {
            hall_code: w.hall.clone(),
            hall_name: hall_of(setup, &w.hall)
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            code: w.code.clone(),
            name: w.name.clone(),
            groups: w.groups.clone(),
            open,
            mine: open && st.and_then(|s| s.staff_id.as_deref()) == Some(me.staff.row.id.as_str()),
            current,
            waiting,
            missed,
        });
    }
    let halls: Vec<&str> = out.iter().map(|w| w.hall_code.as_str()).collect();
    let peers = setup
        .windows
        .iter()
        .filter(|w| halls.contains(&w.hall.as_str()))
        .map(|w| WindowBrief {
            hall_code: w.hall.clone(),
            code: w.code.clone(),
            name: w.name.clone(),
        })
        .collect();
    Ok(ConsoleView {
        peers,
        windows: out,
        groups: setup
            .groups
            .iter()
            .map(|g| GroupBrief {
                code: g.code,
                name: g.name.clone(),
            })
            .collect(),
    })
}

/// `GET /api/v1/staff/windows`.
pub async fn console_view(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let db = ctx.db()?;
    let hall = bookings::hall(&db).await?;
    http::private(&console(ctx, &db, me, &hall).await?)
}

/// Whether the window is open by me.
async fn require_open(db: &D1Database, me: &StaffSession, w: &Window) -> Result<u32, Error> {
    let states = store::windows(db).await?;
    let st = states
        .iter()
        .find(|s| s.hall_code == w.hall && s.window_code == w.code)
        .filter(|s| s.open != 0.0)
        .ok_or(Error::WindowClosed)?;
    if st.staff_id.as_deref() != Some(me.staff.row.id.as_str()) {
        return Err(Error::WindowTaken);
    }
    Ok(st.booked_streak as u32)
}

/// `POST /api/v1/staff/windows/{hall}/{window}/open`.
pub async fn open(ctx: &Ctx, me: &StaffSession, hall: &str, code: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let loaded = bookings::hall(&db).await?;
    let w = my_window(me, &loaded.0, hall, code)?;
    if !store::open(&db, &w.hall, &w.code, &me.staff.row.id, ctx.now).await? {
        return Err(Error::WindowTaken);
    }
    http::private(&console(ctx, &db, me, &loaded).await?)
}

/// `POST /api/v1/staff/windows/{hall}/{window}/close`: only with no ticket at the window.
pub async fn close(
    ctx: &Ctx,
    me: &StaffSession,
    hall: &str,
    code: &str,
) -> Result<Response, Error> {
    let db = ctx.db()?;
    let loaded = bookings::hall(&db).await?;
    let w = my_window(me, &loaded.0, hall, code)?;
    require_open(&db, me, w).await?;
    let live = store::live(&db, &w.hall, &day_of(ctx.now)?).await?;
    if live.iter().any(|t| {
        matches!(t.state(), State::Called | State::Serving)
            && t.window_code.as_deref() == Some(w.code.as_str())
    }) {
        return Err(Error::WindowBusy);
    }
    store::close(&db, &w.hall, &w.code, ctx.now).await?;
    http::private(&console(ctx, &db, me, &loaded).await?)
}

/// `POST /api/v1/staff/windows/{hall}/{window}/call`: calls the next ticket in the serving
/// order. Two windows calling at once never get the same ticket: the update is conditional on
/// the version read, and the loser tries the next one.
pub async fn call_next(
    ctx: &Ctx,
    me: &StaffSession,
    hall: &str,
    code: &str,
) -> Result<Response, Error> {
    let db = ctx.db()?;
    let loaded = bookings::hall(&db).await?;
    let (setup, rules) = (&loaded.0, &loaded.1);
    let w = my_window(me, setup, hall, code)?;
    let streak = require_open(&db, me, w).await?;
    let day = day_of(ctx.now)?;
    for _ in 0..5 {
        let live = store::live(&db, &w.hall, &day).await?;
        if live.iter().any(|t| {
            matches!(t.state(), State::Called | State::Serving)
                && t.window_code.as_deref() == Some(w.code.as_str())
        }) {
            return Err(Error::WindowBusy);
        }
        let rows: Vec<&TicketRow> = live.iter().filter(|t| waits_for(t, w)).collect();
        let tickets: Vec<Ticket> = rows.iter().map(|t| t.ticket()).collect();
        let refs: Vec<&Ticket> = tickets.iter().collect();
        let Some(i) = next_to_call(&refs, streak, rules.order) else {
            return Err(Error::QueueEmpty);
        };
        let row = rows[i];
        let next = row
            .ticket()
            .apply(
                &Event::Call {
                    window: w.code.clone(),
                },
                ctx.now,
            )
            .map_err(Error::TicketRefused)?;
        let step = Step {
            event: "called",
            window: Some(&w.code),
            staff: Some(&me.staff.row.id),
            detail: None,
        };
        if store::apply(&db, row, &next, &step, ctx.now).await? {
            store::set_streak(&db, &w.hall, &w.code, streak_after(streak, row.origin())).await?;
            remind_near(ctx, &db, &w.hall, &day, rules.order).await?;
            return http::private(&console(ctx, &db, me, &loaded).await?);
        }
    }
    Err(Error::Unavailable)
}

/// `POST /api/v1/staff/tickets/{id}`: recall, start, finish, missed or transfer, from my window.
pub async fn ticket_event(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: TicketEventRequest = ctx.json()?;
    let db = ctx.db()?;
    let loaded = bookings::hall(&db).await?;
    let (setup, rules) = (&loaded.0, &loaded.1);
    let w = my_window(me, setup, &req.hall, &req.window)?;
    require_open(&db, me, w).await?;
    let row = store::by_id(&db, id).await?.ok_or(Error::TicketNotFound)?;
    if row.hall_code != w.hall {
        return Err(Error::TicketNotFound);
    }
    let at_my_window = row.window_code.as_deref() == Some(w.code.as_str());
    let (event, name, detail) = match req.event.as_str() {
        "recall" => (Event::Recall, "recalled", None),
        "start" => (Event::Start, "started", None),
        "finish" => (Event::Finish, "finished", None),
        "missed" => (Event::MarkMissed, "missed", None),
        "transfer" => {
            let group = req
                .group
                .filter(|g| setup.groups.iter().any(|x| x.code == *g))
                .ok_or_else(|| {
                    Error::invalid(
                        "group",
                        "请选择转往的业务类别",
                        "group: an item group letter",
                    )
                })?;
            if group == row.group() {
                return Err(Error::invalid(
                    "group",
                    "号票已在该业务类别",
                    "group: the ticket is already in this group",
                ));
            }
            (
                Event::Transfer { group },
                "transferred",
                Some(format!("{}→{group}", row.group())),
            )
        }
        "transfer_window" => {
            let to = req
                .to_window
                .as_deref()
                .filter(|c| {
                    setup
                        .windows
                        .iter()
                        .any(|x| x.hall == w.hall && x.code == *c)
                })
                .ok_or_else(|| {
                    Error::invalid(
                        "to_window",
                        "请选择本大厅的窗口",
                        "to_window: a window of this hall",
                    )
                })?;
            if to == w.code {
                return Err(Error::invalid(
                    "to_window",
                    "不能转给本窗口",
                    "to_window: another window than this one",
                ));
            }
            (
                Event::TransferToWindow {
                    window: to.to_string(),
                },
                "transferred",
                Some(format!("{}→{to}", w.code)),
            )
        }
        _ => {
            return Err(Error::invalid(
                "event",
                "不支持的操作",
                "event: recall, start, finish, missed, transfer or transfer_window",
            ))
        }
    };
    // A clerk acts on the ticket at their window; a transfer may also move a waiting ticket of
    // a group the window serves.
    let may = at_my_window
        || (matches!(
            event,
            Event::Transfer { .. } | Event::TransferToWindow { .. }
        ) && waits_for(&row, w));
    if !may {
        return Err(Error::TicketRefused(hall_domain::queue::Refused::NotNow(
            row.state(),
        )));
    }
    let next = row
        .ticket()
        .apply(&event, ctx.now)
        .map_err(Error::TicketRefused)?;
    let step = Step {
        event: name,
        window: Some(&w.code),
        staff: Some(&me.staff.row.id),
        detail: detail.as_deref(),
    };
    if !store::apply(&db, &row, &next, &step, ctx.now).await? {
        return Err(Error::TicketRefused(hall_domain::queue::Refused::NotNow(
            row.state(),
        )));
    }
    if matches!(event, Event::Finish) {
        store::served(&db, &row, &w.code, &me.staff.row.id, ctx.now).await?;
    }
    if matches!(
        event,
        Event::MarkMissed | Event::Transfer { .. } | Event::TransferToWindow { .. }
    ) {
        remind_near(ctx, &db, &w.hall, &row.day, rules.order).await?;
    }
    http::private(&console(ctx, &db, me, &loaded).await?)
}

/// Sends the "almost your turn" message (6.2.2) to waiting tickets with at most
/// [`hall_domain::queue::REMIND_AHEAD`] ahead, once each.
async fn remind_near(
    ctx: &Ctx,
    db: &D1Database,
    hall: &str,
    day: &str,
    order: ServingOrder,
) -> Result<(), Error> {
    let live = store::live(db, hall, day).await?;
    let mut due = Vec::new();
    let groups: std::collections::BTreeSet<char> = live.iter().map(TicketRow::group).collect();
    for g in groups {
        for (ahead, t) in group_order(&live, g, order).into_iter().enumerate() {
            if should_remind(ahead, t.reminded != 0.0) {
                due.push((t.id.clone(), t.number.clone(), ahead));
            }
        }
    }
    if due.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = due.iter().map(|d| d.0.clone()).collect();
    let contacts = store::contacts(db, &ids).await?;
    let outbox = notify::Outbox { db, now: ctx.now };
    for (id, number, ahead) in &due {
        let phone = contacts
            .iter()
            .find(|c| &c.id == id)
            .and_then(|c| c.phone.as_deref())
            .and_then(Phone::parse);
        if let Some(phone) = phone {
            outbox
                .send(&phone, &notify::queue_text(number, *ahead))
                .await?;
        }
        store::mark_reminded(db, id).await?;
    }
    Ok(())
}

/// `GET /api/v1/tickets/{id}/qr.svg`: the ticket page's address as a QR code, to follow the
/// queue on a phone.
pub async fn ticket_qr(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let t = store::by_id(&ctx.db()?, id)
        .await?
        .ok_or(Error::TicketNotFound)?;
    let url = format!("{}/ticket/{}", ctx.url.origin().ascii_serialization(), t.id);
    let svg = crate::qr::svg(&url).ok_or(Error::Unavailable)?;
    http::svg(svg, 86_400)
}

/// `GET /api/v1/halls/{hall}/forecast?item=`: the expected wait of the item's queue group in the
/// hall, by working weekday and hour, from the served tickets of the last weeks (the method is in
/// `hall_domain::forecast`).
pub async fn forecast(ctx: &Ctx, hall: &str) -> Result<Response, Error> {
    let code = ctx.query("item").unwrap_or_default();
    if !hall_domain::catalogue::is_item_code(&code) {
        return Err(Error::bad_param(
            "item",
            "请提供事项编码",
            "item must be a service item code",
        ));
    }
    let db = ctx.db()?;
    let (setup, _) = bookings::hall(&db).await?;
    let hall = hall_of(&setup, hall)?;
    let group = setup
        .group_of(&code)
        .ok_or_else(|| Error::ItemNotFound(code.clone()))?
        .code;
    let today = super::today(ctx.now)?;
    let since = Date::from_days_since_epoch(
        today.days_since_epoch() - 7 * i64::from(forecast::HISTORY_WEEKS),
    )
    .unwrap_or(today);
    let rows = store::waits(&db, &hall.code, group, &since.to_string()).await?;
    let history: Vec<forecast::Sample> = rows
        .iter()
        .filter_map(|r| {
            let weekday = forecast::weekday_of_sqlite(r.weekday as u8)?;
            Some(forecast::samples_of(
                group,
                weekday,
                r.hour as u8,
                r.wait as u32,
                r.count as u32,
            ))
        })
        .flatten()
        .collect();
    let out = forecast::WaitForecast {
        item_code: code,
        hall: hall.code.clone(),
        group,
        weeks: forecast::HISTORY_WEEKS,
        days: forecast::week(&history, group, &forecast::open_hours(&hall.periods)),
    };
    http::json(&out, "public, max-age=300").map_err(|e| http::unavailable("forecast", e))
}
