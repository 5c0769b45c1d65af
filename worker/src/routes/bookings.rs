//! Appointments (standard 6.1): where and when an item can be booked, booking with an
//! idempotency key, my bookings, cancelling before the cut-off.

use hall_domain::booking::{
    bookable_dates, can_cancel, check_booking, check_in_window, slots_on, BookingPolicy, Slot,
    Standing,
};
use hall_domain::calendar::Date;
use hall_domain::catalogue::is_item_code;
use hall_domain::dto::{
    BookingList, BookingOptions, BookingRequest, BookingView, DayOption, HallOption,
    RescheduleRequest, SlotOption,
};
use hall_domain::hall_setup::HallSetup;
use hall_domain::identity::{mask_name, name_error, validate_name, Phone};
use hall_domain::Error;
use worker::Response;

use super::today;
use crate::auth::CitizenSession;
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::notify::{self, Notifier};
use crate::store::{bookings, citizens};
use crate::{crypto, http, state};
use hall_domain::codes::booking_number;
use hall_domain::idempotency::Caller;
use hall_domain::language::Lang;

const WALK_IN_NOTE: &str = "此事项无需预约，请在办公时间直接到大厅取号办理。";

/// `GET /api/v1/booking/options?item=&lang=`: the item named in the reader's language.
pub async fn options(ctx: &Ctx) -> Result<Response, Error> {
    let code = ctx.query("item").unwrap_or_default();
    if !is_item_code(&code) {
        return Err(Error::bad_param(
            "item",
            "请提供事项编码",
            "item must be a service item code",
        ));
    }
    let lang = Lang::from_param(ctx.query("lang").as_deref())?;
    let dir = state::directory(&ctx.env).await?;
    let item = dir
        .item(&code)
        .ok_or_else(|| Error::ItemNotFound(code.clone()))?;
    let db = ctx.db()?;
    let (setup, rules) = bookings::hall(&db).await?;
    let policy = &rules.policy;
    let mut out = BookingOptions {
        item_code: item.code.clone(),
        item_name: item.name_in(lang).to_string(),
        bookable: false,
        note: WALK_IN_NOTE.into(),
        halls: Vec::new(),
        policy: *policy,
    };
    let group = match setup.group_of(&code) {
        Some(g) if item.appointment => g.code,
        _ => return http::private(&out),
    };
    let dates = bookable_dates(dir.calendar(), policy, today(ctx.now)?);
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return http::private(&out);
    };
    for hall in &setup.halls {
        let places = setup.places(&hall.code, group);
        if places == 0 {
            continue;
        }
        let taken = bookings::taken(
            &db,
            &hall.code,
            group,
            &first.to_string(),
            &last.to_string(),
        )
        .await?;
        let days = dates
            .iter()
            .map(|date| {
                let slots: Vec<SlotOption> = slots_on(dir.calendar(), &hall.periods, policy, *date)
                    .into_iter()
                    .filter(|s| s.starts_at() > ctx.now)
                    .map(|s| {
                        let used = taken
                            .iter()
                            .find(|(d, st, _)| *d == date.to_string() && *st == s.start.to_string())
                            .map_or(0, |t| t.2);
                        SlotOption {
                            start: s.start,
                            end: s.end,
                            left: places.saturating_sub(used),
                        }
                    })
                    .collect();
                DayOption {
                    date: *date,
                    full: slots.iter().all(|s| s.left == 0),
                    slots,
                }
            })
            .collect();
        out.halls.push(HallOption {
            code: hall.code.clone(),
            name: hall.name.clone(),
            address: hall.address.clone(),
            area: hall.area.clone(),
            days,
        });
    }
    out.bookable = !out.halls.is_empty();
    if out.bookable {
        out.note = String::new();
    }
    http::private(&out)
}

fn view(
    policy: &BookingPolicy,
    row: &bookings::BookingRow,
    setup: &HallSetup,
    item_name: &str,
    name: Option<&str>,
    now: i64,
) -> Result<BookingView, Error> {
    let date = Date::parse(&row.date).ok_or(Error::Unavailable)?;
    let start = hall_domain::booking::TimeOfDay::parse(&row.start).ok_or(Error::Unavailable)?;
    let hall = setup.halls.iter().find(|h| h.code == row.hall_code);
    let end = start.plus(policy.slot_minutes).unwrap_or(start);
    let slot = Slot { date, start, end };
    let (from, until) = check_in_window(policy, &slot);
    Ok(BookingView {
        id: row.id.clone(),
        item_code: row.item_code.clone(),
        item_name: item_name.to_string(),
        hall_code: row.hall_code.clone(),
        hall_name: hall.map(|h| h.name.clone()).unwrap_or_default(),
        address: hall.map(|h| h.address.clone()).unwrap_or_default(),
        area: hall.map(|h| h.area.clone()).unwrap_or_default(),
        date,
        start,
        end,
        status: row.status.clone(),
        name_masked: name.map(mask_name),
        check_in_from: from,
        check_in_until: until,
        cancellable: row.status == "active" && can_cancel(policy, &slot, now),
        ticket: row.ticket_id.clone(),
        moved_to: row.moved_to.clone(),
    })
}

/// `POST /api/v1/bookings`.
pub async fn create(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let req: BookingRequest = ctx.json()?;
    let idem = Idem::new(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    let dir = state::directory(&ctx.env).await?;
    let item = dir
        .item(&req.item)
        .ok_or_else(|| Error::ItemNotFound(req.item.chars().take(40).collect()))?;
    let db = ctx.db()?;
    let (setup, rules) = bookings::hall(&db).await?;
    let policy = &rules.policy;
    let citizen = citizens::by_id(&db, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let answer = |row: &bookings::BookingRow, name: Option<&str>| {
        view(policy, row, &setup, &item.name, name, ctx.now)
    };
    if idem.seen(&db).await? {
        if let Some(row) = bookings::by_key(&db, &me.citizen_id, idem.key()).await? {
            return http::private(&answer(&row, citizen.name.as_deref())?);
        }
    }
    let hall = setup
        .halls
        .iter()
        .find(|h| h.code == req.hall)
        .ok_or_else(|| Error::invalid("hall", "没有这个办事大厅", "No such hall"))?;
    let group = setup
        .group_of(&item.code)
        .map(|g| g.code)
        .filter(|_| item.appointment)
        .ok_or(Error::NotBookable)?;
    let places = setup.places(&hall.code, group);
    if places == 0 {
        return Err(Error::NotBookable);
    }
    let slot = slots_on(dir.calendar(), &hall.periods, policy, req.date)
        .into_iter()
        .find(|s| s.start == req.start)
        .unwrap_or(Slot {
            date: req.date,
            start: req.start,
            end: req.start,
        });
    // One booking per item and day is enforced by the insert itself (and told apart below when
    // it inserts nothing), which keeps the common path to one write and one read. A retried
    // request finds its booking through the idempotency key.
    let standing = Standing {
        booked_same_item_that_day: false,
        suspended_until: citizen.booking_suspended_until.map(|t| t as i64),
    };
    check_booking(
        dir.calendar(),
        &hall.periods,
        policy,
        ctx.now,
        &slot,
        standing,
    )
    .map_err(Error::BookingRefused)?;
    // The confirmation names the booker: the verified or profile name, else the one given now
    // (a phone-only account), which the profile keeps.
    let given = req.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let (name, new_name) = match (&citizen.name, given) {
        (Some(n), _) => (n.clone(), false),
        (None, Some(g)) => (
            validate_name(g).ok_or_else(|| Error::Invalid(vec![name_error()]))?,
            true,
        ),
        (None, None) => {
            return Err(Error::invalid(
                "name",
                "请填写预约人姓名",
                "name: the name of the person who will come",
            ))
        }
    };
    if new_name {
        citizens::update(
            &db,
            &me.citizen_id,
            Some(&name),
            citizen.contact_phone.as_deref(),
            ctx.now,
        )
        .await?;
    }
    idem.claim(&db, ctx.now).await?;
    // 65 random bits make a clash of booking numbers all but impossible; should one happen,
    // the insert writes nothing and the booking is tried again under a new number.
    let (mut inserted, mut row) = (false, None);
    for _ in 0..3 {
        let id = booking_number(req.date, &crypto::random_array()?);
        inserted = bookings::insert(
            &db,
            &bookings::NewBooking {
                id: &id,
                citizen_id: &me.citizen_id,
                key: idem.key(),
                hall: &hall.code,
                item: &item.code,
                group,
                slot: &slot,
                places,
                now: ctx.now,
            },
        )
        .await?;
        row = bookings::by_key(&db, &me.citizen_id, idem.key()).await?;
        if inserted || row.is_some() || bookings::by_id(&db, &id).await?.is_none() {
            break;
        }
    }
    let row = match (inserted, row) {
        (_, Some(row)) => row,
        _ => {
            idem.release(&db).await?;
            return Err(Error::BookingRefused(
                if standing_now(&db, me, &item.code, &req.date).await? {
                    hall_domain::booking::Refusal::AlreadyBooked
                } else {
                    hall_domain::booking::Refusal::Full
                },
            ));
        }
    };
    let booking = answer(&row, Some(&name))?;
    if inserted {
        if let Some(phone) = Phone::parse(&citizen.phone) {
            notify::Outbox {
                db: &db,
                now: ctx.now,
            }
            .send(&phone, &notify::booking_text(&booking))
            .await?;
        }
    }
    http::private(&booking)
}

async fn standing_now(
    db: &worker::D1Database,
    me: &CitizenSession,
    item: &str,
    date: &Date,
) -> Result<bool, Error> {
    bookings::holds(db, &me.citizen_id, item, &date.to_string()).await
}

/// `GET /api/v1/bookings`.
pub async fn list(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    http::private(&BookingList {
        bookings: views_of(ctx, me).await?,
    })
}

/// The citizen's bookings as views (also used by My Hall).
pub async fn views_of(ctx: &Ctx, me: &CitizenSession) -> Result<Vec<BookingView>, Error> {
    let db = ctx.db()?;
    let rows = bookings::of_citizen(&db, &me.citizen_id).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let (setup, rules) = bookings::hall(&db).await?;
    let policy = &rules.policy;
    let dir = state::directory(&ctx.env).await?;
    let name = citizens::by_id(&db, &me.citizen_id)
        .await?
        .and_then(|c| c.name);
    rows.iter()
        .map(|r| {
            let item = dir
                .item(&r.item_code)
                .map(|i| i.name.as_str())
                .unwrap_or_default();
            view(policy, r, &setup, item, name.as_deref(), ctx.now)
        })
        .collect()
}

/// One of my bookings as I see it, under the rules in force.
async fn own_view(
    ctx: &Ctx,
    db: &worker::D1Database,
    me: &CitizenSession,
    id: &str,
) -> Result<BookingView, Error> {
    let row = bookings::own(db, &me.citizen_id, id)
        .await?
        .ok_or(Error::BookingNotFound)?;
    let (setup, rules) = bookings::hall(db).await?;
    let dir = state::directory(&ctx.env).await?;
    let item = dir
        .item(&row.item_code)
        .map(|i| i.name.as_str())
        .unwrap_or_default();
    let name = citizens::by_id(db, &me.citizen_id)
        .await?
        .and_then(|c| c.name);
    view(&rules.policy, &row, &setup, item, name.as_deref(), ctx.now)
}

/// `POST /api/v1/bookings/{id}/cancel`.
pub async fn cancel(ctx: &Ctx, me: &CitizenSession, id: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let v = own_view(ctx, &db, me, id).await?;
    if v.status != "active" {
        return Err(Error::BookingNotActive);
    }
    if !v.cancellable {
        return Err(Error::CancelTooLate);
    }
    if !bookings::cancel(&db, &me.citizen_id, id, ctx.now).await? {
        return Err(Error::BookingNotActive);
    }
    http::private(&own_view(ctx, &db, me, id).await?)
}

/// `POST /api/v1/bookings/{id}/reschedule` (改约): my active booking moved to another hall,
/// date or time before the cancellation cut-off. The new booking is made and the old one
/// released in one transaction; the answer is the new booking, and one SMS says so.
pub async fn reschedule(ctx: &Ctx, me: &CitizenSession, id: &str) -> Result<Response, Error> {
    let req: RescheduleRequest = ctx.json()?;
    let idem = Idem::new(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    let db = ctx.db()?;
    if idem.seen(&db).await? {
        if let Some(row) = bookings::by_key(&db, &me.citizen_id, idem.key()).await? {
            return http::private(&own_view(ctx, &db, me, &row.id).await?);
        }
    }
    let old = own_view(ctx, &db, me, id).await?;
    if old.status != "active" {
        return Err(Error::BookingNotActive);
    }
    if !old.cancellable {
        return Err(Error::CancelTooLate);
    }
    let dir = state::directory(&ctx.env).await?;
    let item = dir
        .item(&old.item_code)
        .ok_or_else(|| Error::ItemNotFound(old.item_code.clone()))?;
    let (setup, rules) = bookings::hall(&db).await?;
    let policy = &rules.policy;
    let hall = setup
        .halls
        .iter()
        .find(|h| h.code == req.hall)
        .ok_or_else(|| Error::invalid("hall", "没有这个办事大厅", "No such hall"))?;
    if hall.code == old.hall_code && req.date == old.date && req.start == old.start {
        return Err(Error::invalid(
            "start",
            "新的时段与原预约相同，请选择其他时段",
            "start: the same time as the booking; choose another",
        ));
    }
    let group = setup
        .group_of(&item.code)
        .map(|g| g.code)
        .filter(|_| item.appointment)
        .ok_or(Error::NotBookable)?;
    let places = setup.places(&hall.code, group);
    if places == 0 {
        return Err(Error::NotBookable);
    }
    let slot = slots_on(dir.calendar(), &hall.periods, policy, req.date)
        .into_iter()
        .find(|s| s.start == req.start)
        .unwrap_or(Slot {
            date: req.date,
            start: req.start,
            end: req.start,
        });
    let citizen = citizens::by_id(&db, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let standing = Standing {
        booked_same_item_that_day: false,
        suspended_until: citizen.booking_suspended_until.map(|t| t as i64),
    };
    check_booking(
        dir.calendar(),
        &hall.periods,
        policy,
        ctx.now,
        &slot,
        standing,
    )
    .map_err(Error::BookingRefused)?;
    idem.claim(&db, ctx.now).await?;
    let new_id = booking_number(req.date, &crypto::random_array()?);
    let moved = bookings::reschedule(
        &db,
        &old.id,
        &bookings::NewBooking {
            id: &new_id,
            citizen_id: &me.citizen_id,
            key: idem.key(),
            hall: &hall.code,
            item: &item.code,
            group,
            slot: &slot,
            places,
            now: ctx.now,
        },
    )
    .await?;
    if !moved {
        idem.release(&db).await?;
        // The old booking may have changed meanwhile (checked in, cancelled, moved twice at
        // once); else the new time was full or another booking holds that day.
        let now_old = own_view(ctx, &db, me, &old.id).await?;
        return Err(if now_old.status != "active" {
            Error::BookingNotActive
        } else if standing_now(&db, me, &item.code, &req.date).await? {
            Error::BookingRefused(hall_domain::booking::Refusal::AlreadyBooked)
        } else {
            Error::BookingRefused(hall_domain::booking::Refusal::Full)
        });
    }
    let booking = own_view(ctx, &db, me, &new_id).await?;
    if let Some(phone) = Phone::parse(&citizen.phone) {
        notify::Outbox {
            db: &db,
            now: ctx.now,
        }
        .send(&phone, &notify::rescheduled_text(&booking, &old.id))
        .await?;
    }
    http::private(&booking)
}

/// `GET /api/v1/bookings/{id}/calendar.ics?lang=`: my booking as a calendar event, in the
/// reader's language (简体 unless `lang` says `zh-HK` or `en`).
pub async fn calendar(ctx: &Ctx, me: &CitizenSession, id: &str) -> Result<Response, Error> {
    let lang = Lang::from_param(ctx.query("lang").as_deref())?;
    let v = own_view(ctx, &ctx.db()?, me, id).await?;
    let start = hall_domain::booking::unix_of(v.date, v.start);
    let end = hall_domain::booking::unix_of(v.date, v.end);
    let (summary, note) = hall_domain::booking::calendar_words(
        lang,
        &v.item_name,
        &v.id,
        (start - v.check_in_from) / 60,
        (v.check_in_until - start) / 60,
    );
    let place = [v.hall_name.as_str(), &v.address, &v.area].join(lang.pick("，", "，", ", "));
    let text = hall_domain::booking::ics(&v.id, &summary, &place, &note, start, end, ctx.now);
    http::download(
        text,
        "text/calendar; charset=utf-8",
        &format!("{}.ics", v.id),
    )
}

/// `GET /api/v1/bookings/{id}/qr.svg`: the appointment number as a QR code, for the kiosk.
pub async fn qr(ctx: &Ctx, me: &CitizenSession, id: &str) -> Result<Response, Error> {
    let row = bookings::own(&ctx.db()?, &me.citizen_id, id)
        .await?
        .ok_or(Error::BookingNotFound)?;
    let svg = crate::qr::svg(&row.id).ok_or(Error::Unavailable)?;
    http::svg(svg, 0)
}
