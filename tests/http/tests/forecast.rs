//! The wait forecast over real HTTP, on a synthetic history made through the kiosk and the
//! window console: ten tickets of the 企业开办 group at the city hall on one Monday, five taken at
//! 10 o'clock and called after 10–50 minutes, five taken at 14 o'clock and called after 2–10
//! minutes. The forecast then names 14 o'clock as Monday's best time, with the medians, and
//! other weekdays fall back to the same hours across the week.
//!
//! The history is made on a day in October 2026, far from the days other tests queue on, at a
//! window no other test opens (city D01).

#![allow(clippy::unwrap_used)]

use hall_domain::booking::{unix_of, TimeOfDay};
use hall_domain::calendar::Date;
use hall_domain::dto::{ConsoleView, TicketView};
use hall_domain::forecast::{Basis, WaitForecast};
use hall_http_tests::{call, error_code, session_cookie, unique_client, DEMO_PASSWORD};
use serde_json::json;

const HALL: &str = "city";
const WINDOW: &str = "D01";
const ITEM: &str = "SJ-DJ-001";

fn at(date: Date, hour: u8, minute: u8) -> i64 {
    unix_of(date, TimeOfDay::new(hour, minute).unwrap())
}

fn manager(at: i64) -> String {
    let r = call("POST", "/api/v1/staff/sign-in")
        .clock(at)
        .client(&unique_client())
        .json(json!({ "username": "manager", "password": DEMO_PASSWORD }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    session_cookie(&r, "hall_staff")
}

fn console(at: i64, staff: &str, action: &str) -> ConsoleView {
    let r = call(
        "POST",
        &format!("/api/v1/staff/windows/{HALL}/{WINDOW}/{action}"),
    )
    .clock(at)
    .cookie(staff)
    .send();
    assert_eq!(r.status, 200, "{action}: {}", r.body);
    r.json()
}

fn event(at: i64, staff: &str, id: &str, name: &str) {
    let r = call("POST", &format!("/api/v1/staff/tickets/{id}"))
        .clock(at)
        .cookie(staff)
        .json(json!({ "event": name, "hall": HALL, "window": WINDOW }))
        .send();
    assert_eq!(r.status, 200, "{name}: {}", r.body);
}

/// Five walk-ins at `hour`:00, called one by one after `waits` minutes (each finished at
/// once, so the next call finds the window free). The manager signs in for the hour: a staff
/// session ends after 30 minutes without use.
fn served(day: Date, hour: u8, waits: [u8; 5]) {
    let queued = at(day, hour, 0);
    let staff = &manager(queued);
    let mut ids = Vec::new();
    for i in 0..5 {
        let r = call("POST", &format!("/api/v1/halls/{HALL}/tickets"))
            .clock(queued + i)
            .json(json!({ "item": ITEM, "idempotency_key": format!("fc-{}", unique_client().replace('.', "-")) }))
            .send();
        assert_eq!(r.status, 200, "{}", r.body);
        ids.push(r.json::<TicketView>().id);
    }
    for (id, wait) in ids.iter().zip(waits) {
        let called = queued + i64::from(wait) * 60;
        let view = console(called, staff, "call");
        let current = view
            .windows
            .iter()
            .find(|w| w.hall_code == HALL && w.code == WINDOW)
            .and_then(|w| w.current.clone())
            .unwrap();
        assert_eq!(&current.id, id, "first come, first called");
        event(called, staff, id, "start");
        event(called + 30, staff, id, "finish");
    }
}

#[test]
fn the_forecast_names_the_quietest_hour_from_the_served_tickets() {
    let monday = Date::new(2026, 10, 12).unwrap();
    console(at(monday, 9, 0), &manager(at(monday, 9, 0)), "open");
    served(monday, 10, [10, 20, 30, 40, 50]);
    served(monday, 14, [2, 4, 6, 8, 10]);
    console(at(monday, 16, 0), &manager(at(monday, 16, 0)), "close");

    let wednesday = at(Date::new(2026, 10, 14).unwrap(), 9, 0);
    let r = call("GET", &format!("/api/v1/halls/{HALL}/forecast?item={ITEM}"))
        .clock(wednesday)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.cache_control.contains("public"), "{}", r.cache_control);
    let f: WaitForecast = r.json();
    assert_eq!((f.hall.as_str(), f.group, f.weeks), (HALL, 'D', 8));
    assert_eq!(f.days.len(), 5);
    let mon = &f.days[0];
    assert_eq!((mon.weekday, mon.label.as_str()), (1, "周一"));
    let hours: Vec<(u8, u32, Basis)> = mon
        .hours
        .iter()
        .map(|h| (h.hour, h.minutes, h.basis))
        .collect();
    assert!(hours.contains(&(10, 30, Basis::Weekday)), "{hours:?}");
    assert!(hours.contains(&(14, 6, Basis::Weekday)), "{hours:?}");
    assert_eq!(mon.best_hour, Some(14));
    // Tuesday has no history of its own: the hours across the week stand, marked as such.
    let tue = &f.days[1];
    assert_eq!(tue.best_hour, Some(14));
    assert!(tue.hours.iter().all(|h| h.basis == Basis::AnyWeekday));

    // Eight weeks on, the history has aged out.
    let later = at(Date::new(2026, 12, 9).unwrap(), 9, 0);
    let f: WaitForecast = call("GET", &format!("/api/v1/halls/{HALL}/forecast?item={ITEM}"))
        .clock(later)
        .send()
        .json();
    assert!(
        f.days[0]
            .hours
            .iter()
            .all(|h| h.hour != 14 || h.minutes != 6),
        "{:?}",
        f.days[0]
    );

    // Refusals.
    let r = call("GET", &format!("/api/v1/halls/{HALL}/forecast?item=nope")).send();
    assert_eq!(
        (r.status, error_code(&r)),
        (400, "param.invalid".to_string())
    );
    let r = call("GET", &format!("/api/v1/halls/nohall/forecast?item={ITEM}")).send();
    assert_eq!(r.status, 404);
    let r = call(
        "GET",
        &format!("/api/v1/halls/{HALL}/forecast?item=GA-XX-999"),
    )
    .send();
    assert_eq!(r.status, 404);
}
