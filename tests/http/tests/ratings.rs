//! 好差评 over real HTTP: a walk-in is served at a window and rates the service — not before it
//! is finished, not twice, not for someone else, never as staff; a bad rating opens a work order
//! the complaint office runs (the citizen is contacted and answered through the hall's
//! messages), whose views never carry who rated; an appeal is decided by the hall manager only;
//! a service nobody rates gets 基本满意 by default after 7 days; the public figures show only
//! groups of five or more.
//!
//! The services happen at the Haizhu hall's window on a working day ahead, found from the
//! booking options, so they share no queue with the queue tests.

#![allow(clippy::unwrap_used)]

use hall_domain::booking::{unix_of, TimeOfDay};
use hall_domain::dto::{
    BookingOptions, ConsoleView, RatingOrderList, RatingOrderView, RatingTarget, RatingView,
    Satisfaction, TicketView,
};
use hall_domain::rating::{OrderAction, OrderState};
use hall_http_tests::{
    call, citizen_sign_in, error_code, outbox, session_cookie, unique_client, unique_phone, Reply,
    DEMO_PASSWORD,
};
use serde_json::{json, Value};

const HALL: &str = "haizhu";

fn key() -> String {
    format!("rt-{}", unique_client().replace('.', "-"))
}

/// 10:00 on the second working day the hall takes bookings for.
fn service_time() -> i64 {
    let o: BookingOptions = call("GET", "/api/v1/booking/options?item=GA-CRJ-001")
        .send()
        .json();
    let h = o.halls.iter().find(|h| h.code == HALL).unwrap();
    unix_of(h.days[1].date, TimeOfDay::new(10, 0).unwrap())
}

fn staff_at(at: i64, username: &str) -> String {
    let r = call("POST", "/api/v1/staff/sign-in")
        .clock(at)
        .client(&unique_client())
        .json(json!({ "username": username, "password": DEMO_PASSWORD }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    session_cookie(&r, "hall_staff")
}

fn window(at: i64, staff: &str, action: &str) -> ConsoleView {
    let r = call("POST", &format!("/api/v1/staff/windows/{HALL}/01/{action}"))
        .clock(at)
        .cookie(staff)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn ticket_event(at: i64, staff: &str, id: &str, name: &str) {
    let r = call("POST", &format!("/api/v1/staff/tickets/{id}"))
        .clock(at)
        .cookie(staff)
        .json(json!({ "event": name, "hall": HALL, "window": "01" }))
        .send();
    assert_eq!(r.status, 200, "{name}: {}", r.body);
}

/// A walk-in ticket for `phone`, not yet served.
fn walk_in(at: i64, phone: &str) -> TicketView {
    let r = call("POST", &format!("/api/v1/halls/{HALL}/tickets"))
        .clock(at)
        .json(json!({ "item": "GA-HZ-001", "idempotency_key": key(), "phone": phone }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

/// One test at a time runs the window.
static WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Serves `ticket` at the window: others called before it are marked missed.
fn serve(at: i64, staff: &str, ticket: &str) {
    let _turn = WINDOW.lock().unwrap_or_else(|e| e.into_inner());
    window(at, staff, "open");
    for _ in 0..60 {
        let c = window(at, staff, "call");
        let current = c
            .windows
            .iter()
            .find(|w| w.hall_code == HALL && w.code == "01")
            .and_then(|w| w.current.clone())
            .expect("a ticket was called");
        if current.id == ticket {
            ticket_event(at, staff, ticket, "start");
            ticket_event(at + 300, staff, ticket, "finish");
            return;
        }
        ticket_event(at, staff, &current.id, "missed");
    }
    panic!("ticket {ticket} never called");
}

fn rate(cookie: &str, body: Value) -> Reply {
    call("POST", "/api/v1/ratings")
        .cookie(cookie)
        .json(body)
        .send()
}

fn target(cookie: &str, kind: &str, subject: &str) -> RatingTarget {
    let r = call("GET", &format!("/api/v1/ratings/{kind}/{subject}"))
        .cookie(cookie)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn orders(staff: &str) -> Reply {
    call("GET", "/api/v1/staff/rating-orders")
        .cookie(staff)
        .send()
}

fn order_step(staff: &str, id: &str, action: &str, note: &str) -> Reply {
    call("POST", &format!("/api/v1/staff/rating-orders/{id}"))
        .cookie(staff)
        .json(json!({ "action": action, "note": note }))
        .send()
}

fn find_order(staff: &str, marker: &str) -> RatingOrderView {
    let r = orders(staff);
    assert_eq!(r.status, 200, "{}", r.body);
    let list: RatingOrderList = r.json();
    list.orders
        .into_iter()
        .find(|o| o.comment.contains(marker))
        .expect("the bad rating's work order")
}

#[test]
fn only_the_served_citizen_rates_once_and_a_bad_rating_is_worked_off_without_naming_them() {
    let at = service_time();
    let phone = unique_phone("139");
    let me = citizen_sign_in(&phone, &unique_client());
    let r = call("PUT", "/api/v1/me")
        .cookie(&me)
        .json(json!({ "name": "冯评价" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let t = walk_in(at, &phone);
    let marker = unique_client();
    let bad = json!({ "kind": "on_site", "subject": t.id, "level": "dissatisfied",
                      "dimensions": [{ "dimension": "attitude", "level": "very_dissatisfied" }],
                      "comment": format!("等了很久，窗口态度也不好（{marker}）") });

    // Before the service is finished: refused.
    let seen = target(&me, "on_site", &t.id);
    assert_eq!(seen.refusal.as_deref(), Some("rating.not_finished"));
    let r = rate(&me, bad.clone());
    assert_eq!(
        (r.status, error_code(&r)),
        (409, "rating.not_finished".into())
    );

    let manager = staff_at(at, "manager");
    serve(at, &manager, &t.id);

    // Someone else, staff alone, and staff with a citizen session: refused.
    let other = citizen_sign_in(&unique_phone("139"), &unique_client());
    let r = rate(&other, bad.clone());
    assert_eq!((r.status, error_code(&r)), (403, "rating.not_yours".into()));
    let theirs = target(&other, "on_site", &t.id);
    assert_eq!(theirs.refusal.as_deref(), Some("rating.not_yours"));
    assert!(theirs.title.is_empty() && theirs.rating.is_none());
    assert!(theirs.item_name.is_empty() && theirs.window.is_none());
    // The served citizen is told what they rate, by parts a reader names in its language.
    let mine = target(&me, "on_site", &t.id);
    assert!(!mine.item_name.is_empty() && mine.title.starts_with(&mine.item_name));
    assert!(mine.window.is_some(), "{mine:?}");
    let clerk = hall_http_tests::staff_sign_in("clerk", DEMO_PASSWORD);
    assert_eq!(rate(&clerk, bad.clone()).status, 401);
    let both = format!("{me}; {clerk}");
    let r = rate(&both, bad.clone());
    assert_eq!((r.status, error_code(&r)), (403, "rating.staff".into()));

    // A dimension of online service: refused; then the rating, once.
    let mut wrong = bad.clone();
    wrong["dimensions"] = json!([{ "dimension": "guide_accuracy", "level": "basic" }]);
    let r = rate(&me, wrong);
    assert_eq!(
        (r.status, error_code(&r)),
        (400, "rating.bad_dimension".into())
    );
    let r = rate(&me, bad.clone());
    assert_eq!(r.status, 200, "{}", r.body);
    let v: RatingView = r.json();
    assert_eq!(v.label, "不满意");
    assert_eq!(
        v.dimensions.len(),
        3,
        "missing dimensions take the overall level"
    );
    assert!(!v.is_default);
    let r = rate(&me, bad.clone());
    assert_eq!(
        (r.status, error_code(&r)),
        (409, "rating.already_rated".into())
    );
    assert_eq!(target(&me, "on_site", &t.id).rating, Some(v));

    // The work order: deadlines, and nothing that says who rated.
    let office = hall_http_tests::staff_sign_in("complaint", DEMO_PASSWORD);
    let raw = orders(&office);
    for secret in [phone.as_str(), &phone[7..], "冯评价", "冯*"] {
        assert!(!raw.body.contains(secret), "{secret} in the staff view");
    }
    let o = find_order(&office, &marker);
    assert_eq!(o.state, OrderState::Open);
    assert_eq!(o.actions, [OrderAction::Contact, OrderAction::Appeal]);
    assert!(o.contact_due < o.fix_due);
    assert!(o.place.contains("01"));
    // The hall and window by code too, so the place reads in any language.
    assert!(o.hall.is_some(), "{o:?}");
    assert!(
        o.window.as_deref().is_some_and(|w| w.contains("01")),
        "{o:?}"
    );

    // Contact (the hall's message reaches the citizen), fix, reply.
    let before = outbox(&phone).len();
    let r = order_step(&office, &o.id, "contact", "");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(outbox(&phone).len(), before + 1, "the citizen is told");
    assert!(!r.body.contains(&phone));
    let r = order_step(&office, &o.id, "fix", "");
    assert_eq!(r.status, 400);
    let r = order_step(&office, &o.id, "reply", "已整改");
    assert_eq!(r.status, 409, "the fix comes first");
    let r = order_step(
        &office,
        &o.id,
        "fix",
        "已对窗口人员进行服务规范培训，增开午间窗口。",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = order_step(
        &office,
        &o.id,
        "reply",
        "感谢您的评价，我们已增开午间窗口并加强培训。",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let done: RatingOrderView = r.json();
    assert_eq!(done.state, OrderState::Replied);
    assert_eq!(done.events.len(), 3);
    assert!(!r.body.contains(&phone) && !r.body.contains("冯评价"));
    assert!(target(&me, "on_site", &t.id)
        .rating
        .unwrap()
        .reply
        .contains("午间窗口"));
}

#[test]
fn a_malicious_rating_is_appealed_and_only_the_manager_decides() {
    let at = service_time();
    let phone = unique_phone("139");
    let me = citizen_sign_in(&phone, &unique_client());
    let t = walk_in(at, &phone);
    serve(at, &staff_at(at, "manager"), &t.id);
    let marker = unique_client();
    let r = rate(
        &me,
        json!({ "kind": "on_site", "subject": t.id, "level": "very_dissatisfied",
                "comment": format!("随便给个差评（{marker}）") }),
    );
    assert_eq!(r.status, 200, "{}", r.body);

    // A window clerk sees it (never who gave it) and may only appeal.
    let clerk = hall_http_tests::staff_sign_in("clerk", DEMO_PASSWORD);
    let o = find_order(&clerk, &marker);
    assert_eq!(o.actions, [OrderAction::Appeal]);
    assert_eq!(order_step(&clerk, &o.id, "contact", "").status, 403);
    let r = order_step(&clerk, &o.id, "appeal", "");
    assert_eq!(r.status, 400, "an appeal states its grounds");
    let r = order_step(
        &clerk,
        &o.id,
        "appeal",
        "该群众未在本窗口办理业务，评价与事实不符。",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let pending: RatingOrderView = r.json();
    assert!(pending.appeal_pending);
    assert!(pending.actions.is_empty(), "the clerk cannot decide");

    // The complaint office cannot decide either; the manager upholds it.
    let office = hall_http_tests::staff_sign_in("complaint", DEMO_PASSWORD);
    let r = order_step(&office, &o.id, "uphold", "同意");
    assert_eq!(r.status, 403);
    let manager = hall_http_tests::staff_sign_in("manager", DEMO_PASSWORD);
    let seen = find_order(&manager, &marker);
    assert_eq!(seen.actions, [OrderAction::Uphold, OrderAction::Reject]);
    let r = order_step(
        &manager,
        &o.id,
        "uphold",
        "经调取录像，该群众当天未到本窗口，属恶意差评。",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v: RatingOrderView = r.json();
    assert_eq!(v.state, OrderState::Voided);
    let labels: Vec<&str> = v.events.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["申诉恶意差评", "申诉成立"]);
    let records: Vec<String> = v.events.iter().map(|e| e.record.code()).collect();
    assert_eq!(records, ["order.appeal", "order.uphold"]);
    assert!(v.events[1].note.contains("恶意差评"));
    assert_eq!(
        order_step(&clerk, &o.id, "appeal", "再次申诉理由").status,
        409
    );
}

#[test]
fn an_unrated_service_is_basic_by_default_after_seven_days_and_figures_hide_small_groups() {
    let at = service_time();
    let phone = unique_phone("139");
    let me = citizen_sign_in(&phone, &unique_client());
    let t = walk_in(at, &phone);
    serve(at, &staff_at(at, "manager"), &t.id);
    let r = call("POST", "/api/v1/dev/jobs")
        .clock(at + 8 * 86_400)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let seen = target(&me, "on_site", &t.id);
    let given = seen.rating.expect("a default rating");
    assert!(given.is_default);
    assert_eq!(given.label, "基本满意");
    assert_eq!(seen.refusal.as_deref(), Some("rating.already_rated"));
    let r = rate(
        &me,
        json!({ "kind": "on_site", "subject": t.id, "level": "satisfied" }),
    );
    assert_eq!(r.status, 409);

    // Not decided online applications cannot be rated either.
    let r = call("GET", "/api/v1/ratings/online/261127-0000-0000")
        .cookie(&me)
        .send();
    assert_eq!(r.status, 404);

    let s: Satisfaction = call("GET", "/api/v1/satisfaction").send().json();
    assert_eq!(s.min_group, 5);
    for row in s
        .by_hall
        .iter()
        .chain(&s.by_window)
        .chain(&s.by_item)
        .chain(&s.by_month)
        .chain(&s.total)
    {
        assert!(row.count >= 5, "{row:?}");
        assert_eq!(row.per_level.iter().sum::<u32>(), row.count);
    }
    // A window's row is keyed `<hall>/<window>` and named by its hall.
    for row in &s.by_window {
        let (hall, _) = row.key.split_once('/').expect("a window key");
        assert!(
            s.by_hall
                .iter()
                .all(|h| h.key != hall || h.label == row.label),
            "{row:?}"
        );
    }
}

#[test]
fn an_online_application_is_rated_once_decided_under_its_dimensions() {
    use hall_domain::dto::{ApplicationView, ItemGuide};
    let phone = unique_phone("139");
    let resident = hall_http_tests::Resident {
        username: format!("rt{}", unique_client().replace('.', "")),
        name: "钱网办".into(),
        id_kind: "resident".into(),
        id_number: hall_http_tests::resident_id_born("1979-03"),
        phone: phone.clone(),
    };
    hall_http_tests::register(&resident);
    let me = hall_http_tests::real_name_sign_in(&resident, &unique_client());
    let guide: ItemGuide = call("GET", "/api/v1/items/GA-HZ-006").send().json();
    let ready: Vec<usize> = (0..guide.item.materials.len()).collect();
    let r = call("POST", "/api/v1/applications")
        .cookie(&me)
        .json(json!({ "item": "GA-HZ-006", "hall": "city", "ready": ready, "idempotency_key": key() }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let a: ApplicationView = r.json();

    // Not decided yet: refused.
    let seen = target(&me, "online", &a.number);
    assert_eq!(seen.refusal.as_deref(), Some("rating.not_finished"));
    assert_eq!(seen.dimensions.len(), 4);

    let step = |staff: &str, body: Value| {
        let r = call(
            "POST",
            &format!("/api/v1/staff/applications/{}/steps", a.number),
        )
        .cookie(staff)
        .json(body)
        .send();
        assert_eq!(r.status, 200, "{}", r.body);
    };
    let clerk = hall_http_tests::staff_sign_in("clerk", DEMO_PASSWORD);
    let officer = hall_http_tests::staff_sign_in("officer", DEMO_PASSWORD);
    step(&clerk, json!({ "step": "accept" }));
    step(&officer, json!({ "step": "start_review" }));
    step(&officer, json!({ "step": "approve" }));

    // Decided: an on-site dimension is refused; the online ones are rated, once.
    let r = rate(
        &me,
        json!({ "kind": "online", "subject": a.number, "level": "very_satisfied",
                "dimensions": [{ "dimension": "attitude", "level": "basic" }] }),
    );
    assert_eq!(
        (r.status, error_code(&r)),
        (400, "rating.bad_dimension".into())
    );
    let body = json!({ "kind": "online", "subject": a.number, "level": "very_satisfied",
                       "dimensions": [{ "dimension": "guide_accuracy", "level": "satisfied" }] });
    let r = rate(&me, body.clone());
    assert_eq!(r.status, 200, "{}", r.body);
    let v: RatingView = r.json();
    assert_eq!(v.dimensions.len(), 4);
    assert!(v
        .dimensions
        .iter()
        .any(|d| d.level == hall_domain::rating::Level::Satisfied));
    assert_eq!(rate(&me, body).status, 409, "once per matter");
    let matters: hall_domain::dto::MyMatters =
        call("GET", "/api/v1/me/matters").cookie(&me).send().json();
    assert!(matters.ratings.iter().any(|m| m.status == "非常满意"));
}
