//! The scheduled job over real HTTP, run as of a chosen time: through the Worker's scheduled
//! entry (`wrangler dev --test-scheduled`, `/cdn-cgi/handler/scheduled?time=`) when
//! `HALL_TEST_SCHEDULED` is set, as `cargo xtask test` does on a server without static assets
//! (wrangler 4.86 cannot deliver scheduled events to a Worker with assets); otherwise through
//! the development route `POST /api/v1/dev/jobs`, which runs the same `jobs::run`. It checks
//! reminders the day before and the hour before, each once; a booking not checked in becomes a no-show with a warning; a second
//! no-show within 30 days suspends online booking, and a new booking is refused until then.
//!
//! This file runs alone (its own test binary): the job looks at every booking in the database.

#![allow(clippy::unwrap_used)]

use hall_domain::booking::unix_of;
use hall_domain::dto::{BookingList, BookingOptions, BookingView};
use hall_http_tests::{call, citizen_sign_in, error_code, outbox, unique_client, unique_phone};
use serde_json::json;

const ITEM: &str = "GA-CRJ-001";

fn run_job(at: i64) {
    if std::env::var_os("HALL_TEST_SCHEDULED").is_some() {
        let r = call(
            "GET",
            &format!(
                "/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time={}",
                at * 1000
            ),
        )
        .send();
        assert_eq!(
            (r.status, r.body.as_str()),
            (200, "ok"),
            "the scheduled entry ran"
        );
    } else {
        let r = call("POST", "/api/v1/dev/jobs").clock(at).send();
        assert_eq!(r.status, 200, "{}", r.body);
    }
}

#[test]
fn the_development_route_runs_the_same_job() {
    // Far in the past: nothing is due, and the answer says what was done.
    let r = call("POST", "/api/v1/dev/jobs").clock(1_000_000_000).send();
    assert_eq!(r.status, 200, "{}", r.body);
    let run: hall_domain::dto::JobRun = r.json();
    assert_eq!(run, hall_domain::dto::JobRun::default());
}

fn book(cookie: &str, day_index: usize, hour: u8) -> hall_http_tests::Reply {
    let o: BookingOptions = call("GET", &format!("/api/v1/booking/options?item={ITEM}"))
        .send()
        .json();
    let h = o.halls.iter().find(|h| h.code == "haizhu").unwrap();
    let day = &h.days[day_index];
    let start = format!("{hour:02}:00");
    call("POST", "/api/v1/bookings")
        .cookie(cookie)
        .json(
            json!({ "item": ITEM, "hall": "haizhu", "date": day.date, "start": start, "name": "林定时",
                      "idempotency_key": format!("job-{}", unique_client().replace('.', "-")) }),
        )
        .send()
}

fn status_of(cookie: &str, id: &str) -> String {
    let l: BookingList = call("GET", "/api/v1/bookings").cookie(cookie).send().json();
    l.bookings.into_iter().find(|b| b.id == id).unwrap().status
}

#[test]
fn reminders_no_shows_and_suspension() {
    let phone = unique_phone("139");
    let cookie = citizen_sign_in(&phone, &unique_client());
    let r = book(&cookie, 2, 10);
    assert_eq!(r.status, 200, "{}", r.body);
    let b: BookingView = r.json();
    let start = unix_of(b.date, b.start);
    let reminders = || {
        outbox(&phone)
            .into_iter()
            .filter(|m| m.contains("提醒"))
            .collect::<Vec<_>>()
    };

    // The day before (from 09:00), once.
    run_job(start - 20 * 3600);
    run_job(start - 19 * 3600);
    let sent = reminders();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("明天") && sent[0].contains(&b.id));

    // The hour before, once.
    run_job(start - 3600);
    run_job(start - 1800);
    let sent = reminders();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[0].contains("1 小时后"));

    // Not checked in by 15 minutes after the start: a no-show and a warning.
    run_job(start + 10 * 60);
    assert_eq!(status_of(&cookie, &b.id), "active");
    run_job(start + 16 * 60);
    assert_eq!(status_of(&cookie, &b.id), "no_show");
    let last = outbox(&phone);
    assert!(
        last[0].contains("已记为未到") && last[0].contains("30 天内预约未到累计 2 次"),
        "{last:?}"
    );

    // A second no-show within 30 days suspends online booking for 90 days.
    let r = book(&cookie, 3, 11);
    assert_eq!(r.status, 200, "{}", r.body);
    let b2: BookingView = r.json();
    let start2 = unix_of(b2.date, b2.start);
    run_job(start2 + 16 * 60);
    assert_eq!(status_of(&cookie, &b2.id), "no_show");
    assert!(outbox(&phone)[0].contains("暂停"), "{:?}", outbox(&phone));
    let r = book(&cookie, 4, 14);
    assert_eq!(
        (r.status, error_code(&r)),
        (403, "booking.suspended".to_string())
    );
    assert!(
        r.value()["message"].as_str().unwrap().contains("暂停至"),
        "{}",
        r.body
    );
}
