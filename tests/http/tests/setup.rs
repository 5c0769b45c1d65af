//! Hall set-up over real HTTP: clerks read it, only the hall manager changes the rules and the
//! places per slot, every change is audited, bad values are named field by field, and the
//! booking options follow the new rules at once.
//!
//! This file runs alone (its own test binary): it changes the hall's rules and restores them.

#![allow(clippy::unwrap_used)]

use hall_domain::dto::{AuditList, BookingOptions, CreditList, SetupView};
use hall_http_tests::{call, error_code, staff_sign_in, DEMO_PASSWORD};
use serde_json::{json, Value};

fn rules(horizon_to: i64, booked_run: i64) -> Value {
    json!({
        "horizon_from": 1, "horizon_to": horizon_to, "cancel_cutoff_hours": 2,
        "check_in_before_minutes": 30, "check_in_after_minutes": 15,
        "no_show_limit": 2, "no_show_window_days": 30, "suspend_days": 90,
        "booked_run": booked_run,
    })
}

fn days_offered() -> usize {
    let o: BookingOptions = call("GET", "/api/v1/booking/options?item=GA-CRJ-001")
        .send()
        .json();
    o.halls[0].days.len()
}

#[test]
fn the_hall_manager_sets_rules_and_places() {
    let clerk = staff_sign_in("clerk", DEMO_PASSWORD);
    let manager = staff_sign_in("manager", DEMO_PASSWORD);

    // Clerks read the set-up; the defaults are the published rules.
    let r = call("GET", "/api/v1/admin/hall").cookie(&clerk).send();
    assert_eq!(r.status, 200, "{}", r.body);
    let v: SetupView = r.json();
    assert_eq!(
        (v.rules.policy.horizon_to, v.rules.order.booked_run),
        (5, 2)
    );
    assert_eq!(v.setup.halls.len(), 3);
    let r = call("PUT", "/api/v1/admin/hall/rules")
        .cookie(&clerk)
        .json(rules(7, 2))
        .send();
    assert_eq!(r.status, 403, "{}", r.body);

    // Out-of-range values are named, all at once; nothing changes.
    let mut bad = rules(40, 0);
    bad["cancel_cutoff_hours"] = json!(-1);
    let r = call("PUT", "/api/v1/admin/hall/rules")
        .cookie(&manager)
        .json(bad)
        .send();
    assert_eq!(
        (r.status, error_code(&r)),
        (400, "input.invalid".to_string())
    );
    let fields = r.value()["fields"].clone();
    for f in ["horizon_to", "cancel_cutoff_hours", "booked_run"] {
        assert!(fields[f].is_string(), "{f}: {fields}");
    }
    assert_eq!(days_offered(), 5);

    // The manager widens the horizon: the options follow at once; then restores it.
    let r = call("PUT", "/api/v1/admin/hall/rules")
        .cookie(&manager)
        .json(rules(7, 3))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let v: SetupView = r.json();
    assert_eq!(
        (v.rules.policy.horizon_to, v.rules.order.booked_run),
        (7, 3)
    );
    assert_eq!(days_offered(), 7);
    let r = call("PUT", "/api/v1/admin/hall/rules")
        .cookie(&manager)
        .json(rules(5, 2))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(days_offered(), 5);

    // Places per slot.
    let capacity = |places: i64| {
        call("PUT", "/api/v1/admin/hall/capacity")
            .cookie(&manager)
            .json(json!({ "hall": "haizhu", "group": "E", "places": places }))
            .send()
    };
    let r = capacity(-3);
    assert_eq!(r.status, 400);
    assert!(r.value()["fields"]["places"].is_string());
    let r = call("PUT", "/api/v1/admin/hall/capacity")
        .cookie(&manager)
        .json(json!({ "hall": "nohall", "group": "Z", "places": 1 }))
        .send();
    assert_eq!(r.status, 400);
    assert!(r.value()["fields"]["hall"].is_string() && r.value()["fields"]["group"].is_string());
    let r = capacity(5);
    assert_eq!(r.status, 200, "{}", r.body);
    let v: SetupView = r.json();
    let places = v
        .setup
        .capacity
        .iter()
        .find(|c| c.hall == "haizhu" && c.group == 'E')
        .unwrap()
        .places;
    assert_eq!(places, 5);
    assert_eq!(capacity(2).status, 200);

    // Halls and windows: bad entries are named; a new window serves its groups at once.
    let r = call("PUT", "/api/v1/admin/hall/halls")
        .cookie(&manager)
        .json(json!({ "code": "haizhu", "name": "", "address": "江南大道 3 号", "area": "一楼", "hours": "17:00-09:00" }))
        .send();
    assert_eq!(r.status, 400);
    assert!(
        r.value()["fields"]["name"].is_string() && r.value()["fields"]["hours"].is_string(),
        "{}",
        r.body
    );
    let r = call("PUT", "/api/v1/admin/hall/halls")
        .cookie(&manager)
        .json(json!({ "code": "haizhu", "name": "海珠区政务服务中心", "address": "广东省某市海珠区江南大道 3 号",
                      "area": "一楼，取号机在服务台旁", "hours": "09:00-12:00, 13:00-17:00" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call("PUT", "/api/v1/admin/hall/windows")
        .cookie(&manager)
        .json(json!({ "hall": "haizhu", "code": "x-1", "name": "", "groups": [] }))
        .send();
    assert_eq!(r.status, 400);
    for f in ["code", "name", "groups"] {
        assert!(r.value()["fields"][f].is_string(), "{f}: {}", r.body);
    }
    let r = call("PUT", "/api/v1/admin/hall/windows")
        .cookie(&manager)
        .json(json!({ "hall": "haizhu", "code": "02", "name": "综合窗口 2", "groups": ["C", "E"] }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let v: SetupView = r.json();
    let w = v
        .setup
        .windows
        .iter()
        .find(|w| w.hall == "haizhu" && w.code == "02")
        .unwrap();
    assert_eq!(w.groups, vec!['C', 'E']);

    // Every change is in the audit trail, under the manager's role.
    let auditor = staff_sign_in("auditor", DEMO_PASSWORD);
    let audit: AuditList = call("GET", "/api/v1/admin/audit")
        .cookie(&auditor)
        .send()
        .json();
    let mine: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.action.starts_with("hall."))
        .collect();
    assert!(
        mine.iter().filter(|e| e.action == "hall.rules").count() >= 2,
        "{mine:?}"
    );
    assert!(mine.iter().any(|e| e.action == "hall.capacity"
        && e.target_id == "haizhu/E"
        && e.detail == "places=5"));
    assert!(mine
        .iter()
        .any(|e| e.action == "hall.window" && e.target_id == "haizhu/02"));
    assert!(mine
        .iter()
        .any(|e| e.action == "hall.hall" && e.target_id == "haizhu"));
    assert!(mine.iter().all(|e| e.actor_username == "manager"));
    // Run here, not as a test of its own: the two would change the rules at the same time.
    application_rules(&manager);
}

/// The hall decides how the responsible person is shown to citizens, and the application
/// periods; absent fields leave them as they are.
fn application_rules(manager: &str) {
    let put = |extra: Value| {
        let mut body = rules(5, 2);
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        call("PUT", "/api/v1/admin/hall/rules")
            .cookie(manager)
            .json(body)
            .send()
    };
    let r = put(json!({ "listing_days": 0, "rongque_workdays": 31 }));
    assert_eq!(r.status, 400);
    assert!(r.value()["fields"]["listing_days"].is_string());
    assert!(r.value()["fields"]["rongque_workdays"].is_string());
    let r = put(json!({ "owner_shown_by_name": true, "listing_days": 365 }));
    assert_eq!(r.status, 200, "{}", r.body);
    let v: SetupView = r.json();
    assert_eq!(
        v.rules.applications.owner_shown,
        hall_domain::application::OwnerShown::Name
    );
    assert_eq!(v.rules.applications.listing_days, 365);
    let credit: CreditList = call("GET", "/api/v1/credit-list").send().json();
    assert_eq!(
        credit.listing_days, 365,
        "the public page tells the period in force"
    );
    // Absent: unchanged.
    let v: SetupView = put(json!({})).json();
    assert_eq!(v.rules.applications.listing_days, 365);
    // Back to the published defaults for the other tests.
    let r = put(json!({ "owner_shown_by_name": false, "listing_days": 180 }));
    assert_eq!(r.status, 200, "{}", r.body);
    let v: SetupView = r.json();
    assert_eq!(
        v.rules.applications,
        hall_domain::application::ApplicationRules::default()
    );
}
