//! Appointments over real HTTP: options, booking rules, idempotent retries, cancelling, the
//! confirmation message, and capacity under contention.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Barrier};
use std::time::Instant;

use hall_domain::dto::{BookingList, BookingOptions, BookingView, MyMatters, OutboxList};
use hall_domain::error::ErrorBody;
use hall_http_tests::{call, citizen_sign_in, unique_client, unique_phone, Reply};
use serde_json::json;

/// A bookable item of group A (公安), and one that takes no bookings.
const BOOKABLE: &str = "GA-CRJ-001";
const WALK_IN: &str = "GA-HZ-001";

fn options(item: &str) -> BookingOptions {
    let r = call("GET", &format!("/api/v1/booking/options?item={item}")).send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn book(cookie: &str, hall: &str, date: &str, start: &str, key: &str) -> Reply {
    call("POST", "/api/v1/bookings")
        .cookie(cookie)
        .json(json!({ "item": BOOKABLE, "hall": hall, "date": date, "start": start, "idempotency_key": key, "name": "林预约" }))
        .send()
}

fn code(r: &Reply) -> String {
    r.json::<ErrorBody>().code
}

fn key() -> String {
    format!("k-{}", unique_client().replace('.', "-"))
}

#[test]
fn options_list_halls_days_and_places() {
    let o = options(BOOKABLE);
    assert!(o.bookable, "{o:?}");
    assert_eq!(o.halls.len(), 3);
    let city = &o.halls[0];
    assert_eq!(city.code, "city");
    assert_eq!(city.days.len(), 5, "the next five working days");
    assert_eq!(
        city.days[4].slots.len(),
        14,
        "6 morning + 8 afternoon half-hours"
    );
    assert!(city.days[4].slots.iter().all(|s| s.left <= 24));
    let walk_in = options(WALK_IN);
    assert!(!walk_in.bookable && walk_in.halls.is_empty());
    assert!(walk_in.note.contains("无需预约"));
    let r = call("GET", "/api/v1/booking/options?item=nope").send();
    assert_eq!(r.status, 400);
}

#[test]
fn a_booking_is_made_once_confirmed_listed_and_cancelled() {
    let phone = unique_phone("135");
    let citizen = citizen_sign_in(&phone, &unique_client());
    let r = call("PUT", "/api/v1/me")
        .cookie(&citizen)
        .json(json!({ "name": "陈小明" }))
        .send();
    assert_eq!(r.status, 200);
    let o = options(BOOKABLE);
    let day = o.halls[0].days[1].date.to_string();
    let k = key();
    let r = book(&citizen, "city", &day, "09:00", &k);
    assert_eq!(r.status, 200, "{}", r.body);
    let b: BookingView = r.json();
    assert_eq!(
        (
            b.status.as_str(),
            b.start.to_string().as_str(),
            b.end.to_string().as_str()
        ),
        ("active", "09:00", "09:30")
    );
    assert_eq!(b.name_masked.as_deref(), Some("陈**"));
    assert!(b.cancellable);
    assert_eq!(b.check_in_until - b.check_in_from, 45 * 60);

    // The booking number carries 65 random bits, so nobody can guess another's.
    assert!(hall_domain::codes::is_booking_number(&b.id), "{}", b.id);
    assert_eq!(
        b.id.len(),
        1 + 6 + hall_domain::codes::RANDOM_CHARS,
        "{}",
        b.id
    );

    // A retry with the same key (a flaky network) makes no second booking.
    let again: BookingView = book(&citizen, "city", &day, "09:00", &k).json();
    assert_eq!(again.id, b.id);
    // The same key with another slot is refused: the key belongs to the first request.
    let r = book(&citizen, "city", &day, "10:00", &k);
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(code(&r), "idempotency.mismatch");
    let list: BookingList = call("GET", "/api/v1/bookings")
        .cookie(&citizen)
        .send()
        .json();
    assert_eq!(list.bookings.len(), 1);
    let matters: MyMatters = call("GET", "/api/v1/me/matters")
        .cookie(&citizen)
        .send()
        .json();
    assert_eq!(matters.appointments.len(), 1);
    assert_eq!(matters.appointments[0].id, b.id);

    // The confirmation carries the six facts of 6.1.2, the name masked.
    let sms: OutboxList = call("GET", &format!("/api/v1/dev/outbox?phone={phone}"))
        .send()
        .json();
    let text = &sms.messages[0].body;
    for fact in [
        "陈**",
        &day,
        "09:00",
        "市政务服务中心",
        &b.id,
        &b.item_name,
        "取号",
    ] {
        assert!(text.contains(fact), "{fact} missing in {text}");
    }
    assert!(!text.contains("陈小明"));

    // One booking per item per day.
    let r = book(&citizen, "city", &day, "10:00", &key());
    assert_eq!(
        (r.status, code(&r).as_str()),
        (409, "booking.already_booked")
    );

    // Cancelled: the place is free again, and a second cancel says why not.
    let r = call("POST", &format!("/api/v1/bookings/{}/cancel", b.id))
        .cookie(&citizen)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json::<BookingView>().status, "cancelled");
    let r = call("POST", &format!("/api/v1/bookings/{}/cancel", b.id))
        .cookie(&citizen)
        .send();
    assert_eq!((r.status, code(&r).as_str()), (409, "booking.not_active"));
    // After cancelling, the same day can be booked again.
    assert_eq!(book(&citizen, "city", &day, "10:00", &key()).status, 200);

    // Another citizen cannot cancel or see it.
    let other = citizen_sign_in(&unique_phone("135"), &unique_client());
    let r = call("POST", &format!("/api/v1/bookings/{}/cancel", b.id))
        .cookie(&other)
        .send();
    assert_eq!((r.status, code(&r).as_str()), (404, "booking.not_found"));
}

#[test]
fn cancelling_closes_two_hours_before() {
    let citizen = citizen_sign_in(&unique_phone("135"), &unique_client());
    let o = options(BOOKABLE);
    let day = o.halls[0].days[2].date;
    let b: BookingView = book(&citizen, "city", &day.to_string(), "14:00", &key()).json();
    let start = hall_domain::booking::unix_of(day, b.start);
    let r = call("POST", &format!("/api/v1/bookings/{}/cancel", b.id))
        .cookie(&citizen)
        .clock(start - 2 * 3600 + 1)
        .send();
    assert_eq!(
        (r.status, code(&r).as_str()),
        (409, "booking.cancel_too_late")
    );
}

#[test]
fn every_rule_refuses_with_its_code() {
    let citizen = citizen_sign_in(&unique_phone("135"), &unique_client());
    let o = options(BOOKABLE);
    let day = o.halls[0].days[3].date.to_string();
    let today = hall_domain::booking::local_of(hall_http_tests::now())
        .unwrap()
        .0
        .to_string();
    let cases = [
        (
            book(&citizen, "city", &today, "09:00", &key()),
            400,
            "booking.outside_horizon",
        ),
        (
            book(&citizen, "city", &day, "12:00", &key()),
            400,
            "booking.no_such_slot",
        ),
        (
            book(&citizen, "city", &day, "09:15", &key()),
            400,
            "booking.no_such_slot",
        ),
        (
            book(&citizen, "nowhere", &day, "09:00", &key()),
            400,
            "input.invalid",
        ),
        (
            book(&citizen, "city", &day, "09:00", "short"),
            400,
            "input.invalid",
        ),
    ];
    for (r, status, c) in cases {
        assert_eq!((r.status, code(&r).as_str()), (status, c), "{}", r.body);
    }
    let r = call("POST", "/api/v1/bookings")
        .cookie(&citizen)
        .json(json!({ "item": WALK_IN, "hall": "city", "date": day, "start": "09:00", "idempotency_key": key() }))
        .send();
    assert_eq!((r.status, code(&r).as_str()), (400, "booking.not_offered"));
    let r = call("POST", "/api/v1/bookings")
        .json(json!({ "item": BOOKABLE, "hall": "city", "date": day, "start": "09:00", "idempotency_key": key() }))
        .send();
    assert_eq!(r.status, 401);
}

/// A phone-only account has no name: the booking asks for one, checks it, and the profile
/// keeps it, so the confirmation never says the name is missing.
#[test]
fn a_booking_by_a_phone_only_account_names_the_booker() {
    let citizen = citizen_sign_in(&unique_phone("136"), &unique_client());
    let o = options(BOOKABLE);
    let day = o.halls[0].days[2].date.to_string();
    let body = |name: Option<&str>, k: &str| {
        let mut b = json!({ "item": BOOKABLE, "hall": "city", "date": day, "start": "10:30", "idempotency_key": k });
        if let Some(n) = name {
            b["name"] = json!(n);
        }
        b
    };
    let post = |b: serde_json::Value| {
        call("POST", "/api/v1/bookings")
            .cookie(&citizen)
            .json(b)
            .send()
    };
    for (name, message) in [
        (None, "请填写预约人姓名"),
        (Some("  "), "请填写预约人姓名"),
        (Some("<b>x</b>"), "姓名只能包含"),
    ] {
        let r = post(body(name, &key()));
        assert_eq!(
            (r.status, code(&r).as_str()),
            (400, "input.invalid"),
            "{}",
            r.body
        );
        let e: ErrorBody = r.json();
        let field = |f: &Option<std::collections::BTreeMap<String, String>>| {
            f.as_ref()
                .and_then(|f| f.get("name").cloned())
                .unwrap_or_default()
        };
        assert!(field(&e.fields).contains(message), "{name:?}: {}", r.body);
        assert!(!field(&e.fields_en).is_empty(), "{}", r.body);
    }
    // Nothing was booked or kept by the refusals.
    let list: BookingList = call("GET", "/api/v1/bookings")
        .cookie(&citizen)
        .send()
        .json();
    assert!(list.bookings.is_empty());
    let k = key();
    let r = post(body(Some(" 周小雨 "), &k));
    assert_eq!(r.status, 200, "{}", r.body);
    let b: BookingView = r.json();
    assert_eq!(b.name_masked.as_deref(), Some("周**"));
    // The retried request answers the same booking, the name too.
    let again: BookingView = post(body(Some(" 周小雨 "), &k)).json();
    assert_eq!((again.id, again.name_masked), (b.id.clone(), b.name_masked));
    // The profile keeps the name: the next booking needs none, and a name sent then does not
    // replace it.
    let me = call("GET", "/api/v1/me").cookie(&citizen).send();
    assert_eq!(me.value()["name"], "周小雨");
    let other = o.halls[0].days[3].date.to_string();
    let r = post(
        json!({ "item": BOOKABLE, "hall": "city", "date": other, "start": "10:30", "idempotency_key": key(), "name": "别人" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json::<BookingView>().name_masked.as_deref(), Some("周**"));
}

/// 改约: a booking moves to another time in one write: the new one is made, the old one is
/// cancelled and names it, its place is free again, and one SMS says so; a retry is the same
/// move, a second move of the old booking or a move by someone else is refused, and two moves
/// of one booking at once make one new booking.
#[test]
fn a_booking_moves_to_another_time_in_one_write() {
    let phone = unique_phone("135");
    let citizen = citizen_sign_in(&phone, &unique_client());
    let o = options(BOOKABLE);
    let hall = o.halls.iter().find(|h| h.code == "tianhe").unwrap();
    let day = hall.days[4].date.to_string();
    let left = |start: &str| -> u32 {
        let o = options(BOOKABLE);
        let h = o.halls.iter().find(|h| h.code == "tianhe").unwrap();
        h.days[4]
            .slots
            .iter()
            .find(|s| s.start.to_string() == start)
            .map(|s| s.left)
            .unwrap()
    };
    let r = call("POST", "/api/v1/bookings")
        .cookie(&citizen)
        .json(json!({ "item": BOOKABLE, "hall": "tianhe", "date": day, "start": "15:00", "idempotency_key": key(), "name": "林改约" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let old: BookingView = r.json();
    let (at_three, at_half) = (left("15:00"), left("15:30"));
    let move_to = |id: &str, start: &str, k: &str, who: &str| {
        call("POST", &format!("/api/v1/bookings/{id}/reschedule"))
            .cookie(who)
            .json(json!({ "hall": "tianhe", "date": day, "start": start, "idempotency_key": k }))
            .send()
    };
    // Refused without a change: the same time, a time that is no slot, another's booking.
    let r = move_to(&old.id, "15:00", &key(), &citizen);
    assert_eq!(
        (r.status, code(&r).as_str()),
        (400, "input.invalid"),
        "{}",
        r.body
    );
    let r = move_to(&old.id, "12:15", &key(), &citizen);
    assert_eq!(
        (r.status, code(&r).as_str()),
        (400, "booking.no_such_slot"),
        "{}",
        r.body
    );
    let stranger = citizen_sign_in(&unique_phone("136"), &unique_client());
    let r = move_to(&old.id, "15:30", &key(), &stranger);
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(left("15:00"), at_three, "still held");

    let k = key();
    let r = move_to(&old.id, "15:30", &k, &citizen);
    assert_eq!(r.status, 200, "{}", r.body);
    let new: BookingView = r.json();
    assert_ne!(new.id, old.id);
    assert_eq!(
        (new.status.as_str(), new.start.to_string()),
        ("active", "15:30".to_string())
    );
    assert_eq!(new.name_masked.as_deref(), Some("林**"));
    // The old place is free, the new one taken.
    assert_eq!((left("15:00"), left("15:30")), (at_three + 1, at_half - 1));
    let list: BookingList = call("GET", "/api/v1/bookings")
        .cookie(&citizen)
        .send()
        .json();
    let was = list.bookings.iter().find(|b| b.id == old.id).unwrap();
    assert_eq!(
        (was.status.as_str(), was.moved_to.as_deref()),
        ("cancelled", Some(new.id.as_str()))
    );
    // The retry answers the same move; one SMS names both numbers.
    let again: BookingView = move_to(&old.id, "15:30", &k, &citizen).json();
    assert_eq!(again.id, new.id);
    let sms: Vec<String> = call("GET", &format!("/api/v1/dev/outbox?phone={phone}"))
        .send()
        .json::<OutboxList>()
        .messages
        .into_iter()
        .map(|m| m.body)
        .filter(|b| b.contains("改约"))
        .collect();
    assert_eq!(sms.len(), 1, "{sms:?}");
    assert!(
        sms[0].contains(&old.id) && sms[0].contains(&new.id),
        "{}",
        sms[0]
    );
    // The .ics is the new booking's.
    let ics = call("GET", &format!("/api/v1/bookings/{}/calendar.ics", new.id))
        .cookie(&citizen)
        .send();
    assert_eq!(ics.status, 200);
    assert!(
        ics.body.contains(&new.id) && ics.body.contains("T073000Z"),
        "{}",
        ics.body
    );
    // The old booking moves no more.
    let r = move_to(&old.id, "16:00", &key(), &citizen);
    assert_eq!(
        (r.status, code(&r).as_str()),
        (409, "booking.not_active"),
        "{}",
        r.body
    );

    // Two moves of one booking at once: one new booking, the other refused.
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = ["16:00", "16:30"]
        .into_iter()
        .map(|start| {
            let (barrier, citizen, id, day) = (barrier.clone(), citizen.clone(), new.id.clone(), day.clone());
            std::thread::spawn(move || {
                barrier.wait();
                call("POST", &format!("/api/v1/bookings/{id}/reschedule"))
                    .cookie(&citizen)
                    .json(json!({ "hall": "tianhe", "date": day, "start": start, "idempotency_key": key() }))
                    .send()
                    .status
            })
        })
        .collect();
    let mut statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let list: BookingList = call("GET", "/api/v1/bookings")
        .cookie(&citizen)
        .send()
        .json();
    assert_eq!(
        list.bookings
            .iter()
            .filter(|b| b.status == "active")
            .count(),
        1
    );
}

#[test]
fn capacity_holds_under_two_hundred_concurrent_bookings() {
    let o = options(BOOKABLE);
    let city = &o.halls[0];
    let day = city.days[0].date.to_string();
    let places = 24;
    // 204 citizens, signed in a few at a time.
    let cookies: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..12)
            .map(|_| {
                s.spawn(|| {
                    (0..17)
                        .map(|_| citizen_sign_in(&unique_phone("135"), &unique_client()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(cookies.len(), 204);
    // Four places go first, leaving the last 20.
    for c in &cookies[..places - 20] {
        assert_eq!(book(c, "city", &day, "16:30", &key()).status, 200);
    }
    let barrier = Arc::new(Barrier::new(200));
    let results: Vec<(u16, String, u128)> = std::thread::scope(|s| {
        let handles: Vec<_> = cookies[places - 20..]
            .iter()
            .map(|c| {
                let barrier = barrier.clone();
                let day = day.clone();
                s.spawn(move || {
                    let k = key();
                    barrier.wait();
                    let t0 = Instant::now();
                    let r = book(c, "city", &day, "16:30", &k);
                    let ms = t0.elapsed().as_millis();
                    let c = if r.status == 200 {
                        String::new()
                    } else {
                        code(&r)
                    };
                    (r.status, c, ms)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = results.iter().filter(|r| r.0 == 200).count();
    let full = results
        .iter()
        .filter(|r| r.0 == 409 && r.1 == "booking.full")
        .count();
    let errors = results.iter().filter(|r| r.0 >= 500).count();
    let mut ms: Vec<u128> = results.iter().map(|r| r.2).collect();
    ms.sort_unstable();
    let p95 = ms[ms.len() * 95 / 100];
    println!(
        "contention: 200 concurrent bookings for the last 20 places: {ok} booked, {full} refused (booking.full), {errors} errors, p95 {p95} ms"
    );
    assert_eq!((ok, full, errors), (20, 180, 0), "{results:?}");
    let after = options(BOOKABLE);
    let slot = after.halls[0].days[0]
        .slots
        .iter()
        .find(|s| s.start.to_string() == "16:30")
        .unwrap();
    assert_eq!(slot.left, 0);
}
