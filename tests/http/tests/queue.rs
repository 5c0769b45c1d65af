//! Tickets and the queue over real HTTP: the kiosk (walk-in tickets, booking check-in), the
//! ticket page with its ETag, the window console from open to finish (serving order, busy,
//! missed and rejoin, transfer), the "almost your turn" message and the display board.
//!
//! The flow runs at the Tianhe district hall as the hall manager (who may run any window), on
//! the day of a booking made for it, so it shares no queue with other tests.

#![allow(clippy::unwrap_used)]

use hall_domain::booking::{unix_of, TimeOfDay};
use hall_domain::device::HEADER as DEVICE_HEADER;
use hall_domain::dto::{
    BoardView, BookingOptions, BookingView, ConsoleView, DeviceRegistered, KioskDevice,
    KioskDeviceList, KioskView, TicketView,
};
use hall_domain::error::ErrorBody;
use hall_domain::queue::{Origin, State};
use hall_http_tests::{
    call, citizen_sign_in, error_code, outbox, session_cookie, staff_sign_in, unique_client,
    unique_phone, working_day_ahead, Reply, DEMO_PASSWORD,
};
use serde_json::json;

const BOOKABLE: &str = "GA-CRJ-001";
const HALL: &str = "tianhe";
/// Where the kiosk tests issue tickets: not the flow's hall, whose ticket ETag must stay still.
const KIOSK_HALL: &str = "haizhu";

fn key() -> String {
    format!("k-{}", unique_client().replace('.', "-"))
}

/// A citizen with a booking at `hall`: its cookie, phone, the booking, and the slot's start.
fn booked(hall: &str, day_index: usize) -> (String, String, BookingView, i64) {
    let phone = unique_phone("136");
    let cookie = citizen_sign_in(&phone, &unique_client());
    let o: BookingOptions = call("GET", &format!("/api/v1/booking/options?item={BOOKABLE}"))
        .send()
        .json();
    let h = o.halls.iter().find(|h| h.code == hall).unwrap();
    let day = &h.days[day_index];
    let slot = day
        .slots
        .iter()
        .find(|s| s.left > 0 && s.start >= TimeOfDay::new(10, 0).unwrap())
        .unwrap();
    let r = call("POST", "/api/v1/bookings")
        .cookie(&cookie)
        .json(json!({ "item": BOOKABLE, "hall": hall, "date": day.date, "start": slot.start, "idempotency_key": key(), "name": "林排队" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let b: BookingView = r.json();
    let start = unix_of(b.date, b.start);
    (cookie, phone, b, start)
}

fn walk_in(at: i64, item: &str, phone: Option<&str>, k: &str) -> Reply {
    call("POST", &format!("/api/v1/halls/{HALL}/tickets"))
        .clock(at)
        .json(json!({ "item": item, "idempotency_key": k, "phone": phone }))
        .send()
}

fn ticket(at: i64, id: &str) -> TicketView {
    let r = call("GET", &format!("/api/v1/tickets/{id}"))
        .clock(at)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn console(at: i64, staff: &str, action: &str) -> Reply {
    call("POST", &format!("/api/v1/staff/windows/{HALL}/01/{action}"))
        .clock(at)
        .cookie(staff)
        .send()
}

fn event(at: i64, staff: &str, id: &str, name: &str, group: Option<char>) -> Reply {
    call("POST", &format!("/api/v1/staff/tickets/{id}"))
        .clock(at)
        .cookie(staff)
        .json(json!({ "event": name, "hall": HALL, "window": "01", "group": group }))
        .send()
}

fn current(r: &Reply) -> Option<String> {
    assert_eq!(r.status, 200, "{}", r.body);
    let c: ConsoleView = r.json();
    let w = c
        .windows
        .iter()
        .find(|w| w.hall_code == HALL && w.code == "01")
        .unwrap();
    w.current.as_ref().map(|t| t.number.clone())
}

/// Signs a staff member in as of `at` (sessions expire by the server's clock).
fn staff_at(at: i64, username: &str) -> String {
    let r = call("POST", "/api/v1/staff/sign-in")
        .clock(at)
        .client(&unique_client())
        .json(json!({ "username": username, "password": DEMO_PASSWORD }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    session_cookie(&r, "hall_staff")
}

/// Outside opening hours (the night, the lunch break) the kiosk issues no ticket and says when
/// the hall opens; the refused request loses nothing and is a ticket once the hall is open.
#[test]
fn the_kiosk_issues_no_walk_in_ticket_while_the_hall_is_closed() {
    // The city hall, on a working day no other test queues on (tianhe's ETag stays still).
    let day = working_day_ahead(59);
    let at = |h: u8, m: u8| unix_of(day, TimeOfDay::new(h, m).unwrap());
    let take = |t: i64, k: &str| {
        call("POST", "/api/v1/halls/city/tickets")
            .clock(t)
            .json(json!({ "item": "GA-HZ-001", "idempotency_key": k }))
            .send()
    };
    let waiting = || {
        let k: KioskView = call("GET", "/api/v1/halls/city/kiosk")
            .clock(at(13, 0))
            .send()
            .json();
        k.groups.iter().map(|g| g.waiting).sum::<u32>()
    };
    let before = waiting();
    let k = key();
    let r = take(at(21, 30), &k);
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "queue.hall_closed"),
        "{}",
        r.body
    );
    let e: ErrorBody = r.json();
    assert!(
        e.message.contains("下次开放")
            && e.message.contains("09:00")
            && e.message.contains("网上预约"),
        "{}",
        e.message
    );
    assert!(
        e.message_en.contains("opens again") && e.message_en.contains("09:00"),
        "{}",
        e.message_en
    );
    assert!(e.message_hk.contains("下次開放"), "{}", e.message_hk);
    let r = take(at(12, 30), &key());
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.json::<ErrorBody>().message.contains("今天 13:00"),
        "{}",
        r.body
    );
    let r = take(at(7, 45), &key());
    assert!(
        r.json::<ErrorBody>().message.contains("今天 09:00"),
        "{}",
        r.body
    );
    assert_eq!(waiting(), before, "nothing was issued while closed");
    // The same request once the hall is open: a ticket.
    let r = take(at(13, 0), &k);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json::<TicketView>().state, State::Waiting);
    assert_eq!(waiting(), before + 1);
}

#[test]
fn the_queue_from_kiosk_to_finished_service() {
    let (_cookie, booker_phone, booking, start) = booked(HALL, 0);
    let at = start - 10 * 60;

    // The kiosk lists the hall's groups with their items.
    let r = call("GET", &format!("/api/v1/halls/{HALL}/kiosk"))
        .clock(at)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let k: KioskView = r.json();
    assert!(k
        .groups
        .iter()
        .any(|g| g.code == 'A' && g.items.iter().any(|i| i.code == "GA-HZ-001")));
    assert_eq!(call("GET", "/api/v1/halls/nohall/kiosk").send().status, 404);

    // Walk-in tickets; a retried request returns the same ticket.
    let phone1 = unique_phone("137");
    let k1 = key();
    let r = walk_in(at, "GA-HZ-001", Some(&phone1), &k1);
    assert_eq!(r.status, 200, "{}", r.body);
    let w1: TicketView = r.json();
    assert!(
        w1.number.starts_with('A') && w1.number.len() == 4,
        "{}",
        w1.number
    );
    assert_eq!((w1.state, w1.origin), (State::Waiting, Origin::WalkIn));
    let again: TicketView = walk_in(at, "GA-HZ-001", Some(&phone1), &k1).json();
    assert_eq!((again.id, again.number), (w1.id.clone(), w1.number.clone()));
    let w2: TicketView = walk_in(at, "GA-HZ-002", None, &key()).json();
    let phone3 = unique_phone("137");
    let w3: TicketView = walk_in(at, "GA-HZ-001", Some(&phone3), &key()).json();
    assert_ne!(w1.number, w2.number);

    // Refusals name the field.
    let r = walk_in(at, "GA-HZ-001", Some("12345"), &key());
    assert_eq!(
        (r.status, error_code(&r)),
        (400, "input.invalid".to_string())
    );
    assert!(r.value()["fields"]["phone"].is_string(), "{}", r.body);
    let r = walk_in(at, "GA-XX-999", None, &key());
    assert_eq!(r.status, 404);
    let r = walk_in(at, "GA-HZ-001", None, "short");
    assert_eq!(r.status, 400);

    // Check-in: at the wrong hall, too early, then in time (twice gives the same ticket).
    let check_in = |hall: &str, at: i64, number: &str| {
        call("POST", &format!("/api/v1/halls/{hall}/check-in"))
            .clock(at)
            .json(json!({ "booking": number }))
            .send()
    };
    let r = check_in("haizhu", at, &booking.id);
    assert_eq!(
        (r.status, error_code(&r)),
        (409, "check_in.other_hall".to_string())
    );
    let r = check_in(HALL, start - 3600, &booking.id);
    assert_eq!(
        (r.status, error_code(&r)),
        (409, "check_in.too_early".to_string())
    );
    // It names the appointment's day and time, in every language.
    let day = format!(
        "{}月{}日 {}",
        booking.date.month(),
        booking.date.day(),
        booking.start
    );
    let v = r.value();
    assert!(v["message"].as_str().unwrap().contains(&day), "{}", r.body);
    assert!(
        v["message_en"]
            .as_str()
            .unwrap()
            .contains(&format!("at {}", booking.start)),
        "{}",
        r.body
    );
    assert_eq!(check_in(HALL, at, "Y000000NOPE").status, 404);
    let r = check_in(HALL, at, &booking.id.to_lowercase());
    assert_eq!(r.status, 200, "{}", r.body);
    let b: TicketView = r.json();
    assert_eq!(b.origin, Origin::Booked);
    assert_eq!(b.booking.as_deref(), Some(booking.id.as_str()));
    let again: TicketView = check_in(HALL, at, &booking.id).json();
    assert_eq!(again.id, b.id);
    let r = call("GET", &format!("/api/v1/tickets/{}/qr.svg", b.id)).send();
    assert_eq!((r.status, r.content_type.as_str()), (200, "image/svg+xml"));
    assert!(r.body.starts_with("<svg") && r.body.ends_with("</svg>"));

    // A checked-in booking goes first: nobody is ahead of it; the first walk-in has one ahead.
    assert_eq!(ticket(at, &b.id).ahead, Some(0));
    let t1 = ticket(at, &w1.id);
    assert_eq!(t1.ahead, Some(1));
    assert!(t1.wait_minutes.is_some());

    // The ticket page's ETag: unchanged queue → 304 with no body.
    let r = call("GET", &format!("/api/v1/tickets/{}", w1.id))
        .clock(at)
        .send();
    let tag = r.etag.clone().expect("an ETag");
    let r = call("GET", &format!("/api/v1/tickets/{}", w1.id))
        .clock(at)
        .header("if-none-match", &tag)
        .send();
    assert_eq!((r.status, r.body.as_str()), (304, ""));
    // Compared as RFC 9110 says: weakly (a compressing proxy passes the tag on as `W/"…"`), in
    // a list, or `*`; another version is answered in full.
    for field in [
        format!("W/{tag}"),
        format!("\"{HALL}-0\", {tag}"),
        "*".to_string(),
    ] {
        let r = call("GET", &format!("/api/v1/tickets/{}", w1.id))
            .clock(at)
            .header("if-none-match", &field)
            .send();
        assert_eq!(r.status, 304, "{field}");
    }
    let r = call("GET", &format!("/api/v1/tickets/{}", w1.id))
        .clock(at)
        .header("if-none-match", &format!("\"{HALL}-0\""))
        .send();
    assert_eq!(r.status, 200, "another version");
    assert_eq!(
        call("GET", "/api/v1/tickets/t_0000000000000000")
            .send()
            .status,
        404
    );

    // The window: a clerk of other windows may not open it; the manager opens it.
    let clerk = staff_at(at, "clerk");
    let r = console(at, &clerk, "open");
    assert_eq!(
        (r.status, error_code(&r)),
        (403, "window.not_yours".to_string())
    );
    let manager = staff_at(at, "manager");
    let r = console(at, &manager, "call");
    assert_eq!(
        (r.status, error_code(&r)),
        (409, "window.closed".to_string())
    );
    assert_eq!(current(&console(at, &manager, "open")), None);

    // Call: the booking first; the ticket page shows the window; the ETag moved.
    assert_eq!(
        current(&console(at, &manager, "call")).as_deref(),
        Some(b.number.as_str())
    );
    let r = call("GET", &format!("/api/v1/tickets/{}", b.id))
        .clock(at)
        .header("if-none-match", &tag)
        .send();
    assert_eq!(r.status, 200);
    let called: TicketView = r.json();
    assert_eq!(
        (called.state, called.window.as_deref()),
        (State::Called, Some("01"))
    );
    assert!(called.window_name.is_some());
    let r = console(at, &manager, "call");
    assert_eq!((r.status, error_code(&r)), (409, "window.busy".to_string()));
    let r = console(at, &manager, "close");
    assert_eq!((r.status, error_code(&r)), (409, "window.busy".to_string()));

    // The board shows the call.
    let r = call("GET", &format!("/api/v1/halls/{HALL}/board"))
        .clock(at)
        .send();
    assert_eq!(r.status, 200);
    let board: BoardView = r.json();
    assert_eq!(board.calls[0].number, b.number);
    assert_eq!(board.calls[0].window, "01");
    assert_eq!(board.now, at, "the board's clock is the server's");
    let board_tag = r.etag.unwrap();
    assert!(
        board_tag.starts_with("W/"),
        "{board_tag}: the clock moves, the calls stay"
    );
    let r = call("GET", &format!("/api/v1/halls/{HALL}/board"))
        .clock(at)
        .header("if-none-match", &board_tag)
        .send();
    assert_eq!(r.status, 304);

    // Finish needs a start; start, finish.
    let r = event(at, &manager, &b.id, "finish", None);
    assert_eq!(
        (r.status, error_code(&r)),
        (409, "ticket.not_now".to_string())
    );
    current(&event(at, &manager, &b.id, "recall", None));
    current(&event(at, &manager, &b.id, "start", None));
    assert_eq!(
        current(&event(at + 300, &manager, &b.id, "finish", None)),
        None
    );
    assert_eq!(ticket(at, &b.id).state, State::Done);
    assert_eq!(ticket(at, &b.id).window, None);
    let mine: hall_domain::dto::BookingList = call("GET", "/api/v1/bookings")
        .cookie(&_cookie)
        .send()
        .json();
    assert_eq!(mine.bookings[0].status, "checked_in");
    assert_eq!(mine.bookings[0].ticket.as_deref(), Some(b.id.as_str()));

    // The first walk-in is called; with three or fewer ahead, the walk-ins who left a number
    // were told it is almost their turn.
    assert_eq!(
        current(&console(at + 300, &manager, "call")).as_deref(),
        Some(w1.number.as_str())
    );
    assert!(
        outbox(&phone3)
            .iter()
            .any(|m| m.contains(&w3.number) && m.contains("前面还有")),
        "{:?}",
        outbox(&phone3)
    );
    assert!(
        outbox(&booker_phone)
            .iter()
            .all(|m| !m.contains("前面还有")),
        "no reminder after being served"
    );

    // Missed, then rejoins at the back, once.
    let r = call("POST", &format!("/api/v1/tickets/{}/rejoin", w1.id))
        .clock(at + 300)
        .send();
    assert_eq!(
        (r.status, error_code(&r)),
        (409, "ticket.not_now".to_string())
    );
    assert_eq!(
        current(&event(at + 360, &manager, &w1.id, "missed", None)),
        None
    );
    let missed = ticket(at + 360, &w1.id);
    assert_eq!(missed.state, State::Missed);
    assert_eq!(missed.rejoin_until, Some(at + 360 + 600));
    let r = call("POST", &format!("/api/v1/tickets/{}/rejoin", w1.id))
        .clock(at + 420)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let back: TicketView = r.json();
    assert_eq!(back.state, State::Waiting);
    assert_eq!(
        back.ahead,
        Some(2),
        "at the back, behind the two other walk-ins"
    );

    // Transfer keeps the number and moves it to another group.
    assert_eq!(
        current(&console(at + 420, &manager, "call")).as_deref(),
        Some(w2.number.as_str())
    );
    let r = event(at + 430, &manager, &w2.id, "transfer", Some('A'));
    assert_eq!(r.status, 400, "same group");
    assert_eq!(
        current(&event(at + 430, &manager, &w2.id, "transfer", Some('C'))),
        None
    );
    let moved = ticket(at + 430, &w2.id);
    assert_eq!(
        (moved.group, moved.number, moved.state),
        ('C', w2.number.clone(), State::Waiting)
    );
    let r = event(at + 430, &manager, &w2.id, "launch", None);
    assert_eq!(r.status, 400);

    // A hand-over to a colleague's window keeps the place; only that window calls it.
    assert_eq!(
        current(&console(at + 440, &manager, "call")).as_deref(),
        Some(w2.number.as_str())
    );
    let hand = |to: &str| {
        call("POST", &format!("/api/v1/staff/tickets/{}", w2.id))
            .clock(at + 450)
            .cookie(&manager)
            .json(json!({ "event": "transfer_window", "hall": HALL, "window": "01", "to_window": to }))
            .send()
    };
    assert_eq!(hand("01").status, 400, "not to itself");
    assert_eq!(hand("99").status, 400, "a window of this hall");
    assert_eq!(current(&hand("02")), None);
    let handed = ticket(at + 450, &w2.id);
    assert_eq!(
        (handed.state, handed.window.as_deref()),
        (State::Waiting, None)
    );
    assert_eq!(
        current(&console(at + 460, &manager, "call")).as_deref(),
        Some(w3.number.as_str()),
        "window 01 skips it"
    );
    current(&event(at + 460, &manager, &w3.id, "start", None));
    assert_eq!(
        current(&event(at + 470, &manager, &w3.id, "finish", None)),
        None
    );
    let at02 = |action: &str| {
        call("POST", &format!("/api/v1/staff/windows/{HALL}/02/{action}"))
            .clock(at + 480)
            .cookie(&manager)
            .send()
    };
    assert_eq!(at02("open").status, 200);
    let r = at02("call");
    assert_eq!(r.status, 200, "{}", r.body);
    let c: ConsoleView = r.json();
    let w02 = c
        .windows
        .iter()
        .find(|w| w.hall_code == HALL && w.code == "02")
        .unwrap();
    assert_eq!(
        w02.current.as_ref().map(|t| t.number.as_str()),
        Some(w2.number.as_str())
    );
    for step in ["start", "finish"] {
        let r = call("POST", &format!("/api/v1/staff/tickets/{}", w2.id))
            .clock(at + 490)
            .cookie(&manager)
            .json(json!({ "event": step, "hall": HALL, "window": "02" }))
            .send();
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(at02("close").status, 200);

    // Serve the rest so the hall's queue is empty again, then close.
    for _ in 0..3 {
        let r = console(at + 500, &manager, "call");
        if r.status == 409 {
            assert_eq!(error_code(&r), "queue.empty");
            break;
        }
        let number = current(&r).unwrap();
        let c: ConsoleView = r.json();
        let id = c
            .windows
            .iter()
            .find(|w| w.hall_code == HALL && w.code == "01")
            .unwrap()
            .current
            .clone()
            .unwrap()
            .id;
        current(&event(at + 500, &manager, &id, "start", None));
        assert_eq!(
            current(&event(at + 500, &manager, &id, "finish", None)),
            None,
            "{number}"
        );
    }
    let r = console(at + 600, &manager, "close");
    assert_eq!(r.status, 200, "{}", r.body);
    let r = console(at + 600, &manager, "call");
    assert_eq!(error_code(&r), "window.closed");
}

#[test]
fn the_calendar_file_holds_the_appointment() {
    let (cookie, _, booking, start) = booked("haizhu", 1);
    let r = call(
        "GET",
        &format!("/api/v1/bookings/{}/calendar.ics", booking.id),
    )
    .cookie(&cookie)
    .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.content_type.starts_with("text/calendar"),
        "{}",
        r.content_type
    );
    assert!(r.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(r.body.contains(&format!("UID:{}@hall", booking.id)));
    let utc = time_utc(start);
    assert!(r.body.contains(&format!("DTSTART:{utc}")), "{}", r.body);
    assert!(r.body.contains("SUMMARY:政务服务预约："), "{}", r.body);
    // In the reader's language when asked; an unknown language is refused by name.
    let ics = |lang: &str| {
        call(
            "GET",
            &format!("/api/v1/bookings/{}/calendar.ics?lang={lang}", booking.id),
        )
        .cookie(&cookie)
        .send()
    };
    let en = ics("en");
    assert_eq!(en.status, 200, "{}", en.body);
    assert!(
        en.body.contains("SUMMARY:Government service booking: "),
        "{}",
        en.body
    );
    assert!(
        en.body.contains(&format!("Booking number {}", booking.id)),
        "{}",
        en.body
    );
    let hk = ics("zh-HK");
    assert!(hk.body.contains("SUMMARY:政務服務預約："), "{}", hk.body);
    let r = ics("fr");
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (400, "param.invalid"),
        "{}",
        r.body
    );
    let r = call("GET", &format!("/api/v1/bookings/{}/qr.svg", booking.id))
        .cookie(&cookie)
        .send();
    assert_eq!((r.status, r.content_type.as_str()), (200, "image/svg+xml"));
    assert!(r.body.contains("<path d=\"M"));
    let other = citizen_sign_in(&unique_phone("138"), &unique_client());
    let r = call(
        "GET",
        &format!("/api/v1/bookings/{}/calendar.ics", booking.id),
    )
    .cookie(&other)
    .send();
    assert_eq!(r.status, 404, "another citizen's booking");
    let r = call("GET", &format!("/api/v1/bookings/{}/qr.svg", booking.id))
        .cookie(&other)
        .send();
    assert_eq!(r.status, 404, "another citizen's QR code");
}

/// Unix seconds as the iCalendar UTC form, computed independently of the domain's code.
fn time_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn register_device(manager: &str, hall: &str, name: &str, k: &str) -> Reply {
    call("POST", &format!("/api/v1/halls/{hall}/devices"))
        .cookie(manager)
        .json(json!({ "name": name, "idempotency_key": k }))
        .send()
}

/// A new kiosk of `hall` and its key.
fn device_key(manager: &str, hall: &str) -> String {
    let r = register_device(manager, hall, "测试取号机", &key());
    assert_eq!(r.status, 200, "{}", r.body);
    r.json::<DeviceRegistered>().key.unwrap()
}

#[test]
fn a_kiosk_key_is_shown_once_serves_its_hall_only_and_stops_when_revoked() {
    let manager = staff_sign_in("manager", DEMO_PASSWORD);
    // A working day no other test queues on.
    let day = working_day_ahead(41);
    let at = unix_of(day, TimeOfDay::new(10, 0).unwrap());
    let k = key();
    let r = register_device(&manager, KIOSK_HALL, "  海珠一楼取号机  ", &k);
    assert_eq!(r.status, 200, "{}", r.body);
    let reg: DeviceRegistered = r.json();
    let device_key = reg.key.clone().unwrap();
    assert!(
        hall_domain::device::well_formed(&device_key),
        "{device_key}"
    );
    assert_eq!(reg.device.name, "海珠一楼取号机");
    assert_eq!(
        (reg.device.hall_code.as_str(), reg.device.revoked_at),
        (KIOSK_HALL, None)
    );
    assert_eq!(reg.device.registered_by, "黄主任");
    // A retried registration registers nothing new and never shows the key again; the same
    // key with another body is refused.
    let again: DeviceRegistered =
        register_device(&manager, KIOSK_HALL, "  海珠一楼取号机  ", &k).json();
    assert_eq!(
        (again.device.id.as_str(), again.key),
        (reg.device.id.as_str(), None)
    );
    let r = register_device(&manager, KIOSK_HALL, "别的名字", &k);
    assert_eq!(
        (r.status, error_code(&r)),
        (422, "idempotency.mismatch".to_string())
    );
    let r = register_device(&manager, KIOSK_HALL, "   ", &key());
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.value()["fields"]["name"].is_string(), "{}", r.body);
    let r = register_device(&manager, "nohall", "某机", &key());
    assert_eq!(r.status, 404, "{}", r.body);
    // The list names the device and never holds a key.
    let r = call("GET", &format!("/api/v1/halls/{KIOSK_HALL}/devices"))
        .cookie(&manager)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.body.contains("hdk_"), "{}", r.body);
    let list: KioskDeviceList = r.json();
    assert_eq!(
        list.devices
            .iter()
            .filter(|d| d.id == reg.device.id)
            .count(),
        1
    );

    let take = |hall: &str, device: &str| {
        call("POST", &format!("/api/v1/halls/{hall}/tickets"))
            .clock(at)
            .header(DEVICE_HEADER, device)
            .json(json!({ "item": "GA-HZ-001", "idempotency_key": key() }))
            .send()
    };
    let r = take(KIOSK_HALL, &device_key);
    assert_eq!(r.status, 200, "{}", r.body);
    // Another hall's kiosk, a made-up key and a malformed one are refused.
    let made_up = format!("hdk_{}", "0".repeat(64));
    for (hall, device) in [
        ("city", device_key.as_str()),
        (KIOSK_HALL, made_up.as_str()),
        (KIOSK_HALL, "hdk_short"),
    ] {
        let r = take(hall, device);
        assert_eq!(
            (r.status, error_code(&r)),
            (401, "device.refused".to_string()),
            "{hall} {device}"
        );
    }
    let r = call("POST", &format!("/api/v1/halls/{KIOSK_HALL}/check-in"))
        .clock(at)
        .header(DEVICE_HEADER, "hdk_short")
        .json(json!({ "booking": "Y000000NOPE" }))
        .send();
    assert_eq!(
        (r.status, error_code(&r)),
        (401, "device.refused".to_string())
    );

    // Only the hall manager revokes; the key stops at once; revoking twice changes nothing.
    let revoke = |cookie: &str| {
        call(
            "POST",
            &format!(
                "/api/v1/halls/{KIOSK_HALL}/devices/{}/revoke",
                reg.device.id
            ),
        )
        .cookie(cookie)
        .send()
    };
    assert_eq!(revoke(&staff_sign_in("clerk", DEMO_PASSWORD)).status, 403);
    let r = revoke(&manager);
    assert_eq!(r.status, 200, "{}", r.body);
    let revoked: KioskDevice = r.json();
    assert!(revoked.revoked_at.is_some());
    assert_eq!(revoked.revoked_by.as_deref(), Some("黄主任"));
    let twice: KioskDevice = revoke(&manager).json();
    assert_eq!(twice.revoked_at, revoked.revoked_at);
    let r = take(KIOSK_HALL, &device_key);
    assert_eq!(
        (r.status, error_code(&r)),
        (401, "device.refused".to_string())
    );
    let r = call(
        "POST",
        &format!("/api/v1/halls/{KIOSK_HALL}/devices/d_0000000000000000/revoke"),
    )
    .cookie(&manager)
    .send();
    assert_eq!(
        (r.status, error_code(&r)),
        (404, "device.not_found".to_string())
    );

    // Both steps are in the audit trail, once each.
    let audit = call("GET", "/api/v1/admin/audit")
        .cookie(&staff_sign_in("auditor", DEMO_PASSWORD))
        .send();
    let entries = audit.value()["entries"].as_array().unwrap().clone();
    for action in ["device.register", "device.revoke"] {
        let n = entries
            .iter()
            .filter(|e| e["action"] == action && e["target_id"] == reg.device.id.as_str())
            .count();
        assert_eq!(n, 1, "{action}: {}", audit.body);
    }
}

#[test]
fn appointment_numbers_cannot_be_tried_without_limit() {
    let manager = staff_sign_in("manager", DEMO_PASSWORD);
    let (_cookie, _phone, booking, start) = booked(KIOSK_HALL, 1);
    let at = start - 10 * 60;
    let check_in = |device: Option<&str>, number: &str| {
        let mut c = call("POST", &format!("/api/v1/halls/{KIOSK_HALL}/check-in"))
            .clock(at)
            .client(&unique_client());
        if let Some(d) = device {
            c = c.header(DEVICE_HEADER, d);
        }
        c.json(json!({ "booking": number })).send()
    };
    let misses = hall_domain::device::CHECK_IN_MISSES_PER_KIOSK_HOUR as usize;
    let guess = |i: usize| format!("Y000{}{i:04}", unique_client().replace('.', ""));

    // One kiosk tries 10 more numbers than it may, all at once: exactly the limit are looked
    // up, the rest refused, and then even a real booking waits for the next hour.
    let first = device_key(&manager, KIOSK_HALL);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..misses + 10)
            .map(|i| {
                let (first, number) = (&first, guess(i));
                let check_in = &check_in;
                s.spawn(move || check_in(Some(first.as_str()), &number).status)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let count = |status: u16| statuses.iter().filter(|s| **s == status).count();
    assert_eq!((count(404), count(429)), (misses, 10), "{statuses:?}");
    let r = check_in(Some(first.as_str()), &booking.id);
    assert_eq!(
        (r.status, error_code(&r)),
        (429, "rate.limited".to_string())
    );
    assert!(r.retry_after.is_some(), "{}", r.body);

    // Another kiosk checks the booking in; found bookings give their count back, so it still
    // has every look-up left.
    let second = device_key(&manager, KIOSK_HALL);
    for _ in 0..3 {
        let r = check_in(Some(second.as_str()), &booking.id);
        assert_eq!(r.status, 200, "{}", r.body);
    }
    for i in 0..misses {
        let r = check_in(Some(second.as_str()), &guess(i));
        assert_eq!(r.status, 404, "miss {i}: {}", r.body);
    }
    let r = check_in(Some(second.as_str()), &guess(0));
    assert_eq!(r.status, 429, "{}", r.body);

    // One number is tried a few times an hour, whichever kiosk or address asks.
    let number = guess(0);
    for i in 0..hall_domain::device::CHECK_INS_PER_BOOKING_HOUR {
        assert_eq!(check_in(None, &number).status, 404, "try {i}");
    }
    let third = device_key(&manager, KIOSK_HALL);
    let r = check_in(Some(third.as_str()), &number);
    assert_eq!(
        (r.status, error_code(&r)),
        (429, "rate.limited".to_string())
    );
}

#[test]
fn a_kiosk_issues_a_bounded_number_of_walk_in_tickets_an_hour() {
    let manager = staff_sign_in("manager", DEMO_PASSWORD);
    // Another hall than the flow above, whose ticket page's ETag must stay still while it
    // runs, on a day and an hour no other test queues on.
    let hall = KIOSK_HALL;
    let day = working_day_ahead(47);
    let at = unix_of(day, TimeOfDay::new(14, 10).unwrap());
    let limit = hall_domain::device::WALK_INS_PER_KIOSK_HOUR as usize;
    let kiosk = device_key(&manager, hall);
    let take = |device: &str, k: &str| {
        call("POST", &format!("/api/v1/halls/{hall}/tickets"))
            .clock(at)
            .client(&unique_client())
            .header(DEVICE_HEADER, device)
            .json(json!({ "item": "GA-HZ-002", "idempotency_key": k }))
            .send()
    };
    // Ten more than the limit, eight at a time: exactly the limit are issued, each its own
    // number, and the rest refused with a time to come back.
    let keys: Vec<String> = (0..limit + 10).map(|_| key()).collect();
    let replies: Vec<(u16, Option<String>)> = std::thread::scope(|s| {
        let chunks: Vec<_> = keys
            .chunks(keys.len().div_ceil(8))
            .map(|chunk| {
                let (take, kiosk) = (&take, &kiosk);
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|k| {
                            let r = take(kiosk, k);
                            let number = (r.status == 200).then(|| r.json::<TicketView>().number);
                            (r.status, number)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        chunks.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let count = |status: u16| replies.iter().filter(|(s, _)| *s == status).count();
    assert_eq!((count(200), count(429)), (limit, 10));
    let numbers: std::collections::BTreeSet<&String> =
        replies.iter().filter_map(|(_, n)| n.as_ref()).collect();
    assert_eq!(numbers.len(), limit, "ticket numbers repeat");
    // A retried request of an issued ticket still answers it; another kiosk still issues.
    let issued = keys
        .iter()
        .zip(&replies)
        .find(|(_, (s, _))| *s == 200)
        .map(|(k, _)| k)
        .unwrap();
    assert_eq!(take(&kiosk, issued).status, 200);
    let r = take(&kiosk, &key());
    assert_eq!(
        (r.status, error_code(&r)),
        (429, "rate.limited".to_string())
    );
    assert!(r.retry_after.is_some(), "{}", r.body);
    assert_eq!(take(&device_key(&manager, hall), &key()).status, 200);
}
