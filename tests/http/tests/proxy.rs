//! 代办服务 (standard 6.7) over real HTTP: a citizen's request checked field by field (the
//! elderly reason by the age in the registered resident ID), idempotent on retry; staff see it
//! masked in the list and in full only through an audited open; a 代办员 is assigned, starts
//! and completes it with the application it led to; declines need a reason; the citizen may
//! cancel until it is done; every action is told to the citizen.

#![allow(clippy::unwrap_used)]

use hall_domain::dto::{DataReadList, ProxyList, ProxyView};
use hall_domain::proxy::{ProxyAction, ProxyState};
use hall_http_tests::{
    call, citizen_sign_in, error_code, outbox, real_name_sign_in, register, resident_id_born,
    staff_sign_in, unique_client, unique_phone, Reply, Resident, DEMO_PASSWORD,
};
use serde_json::{json, Value};

/// A citizen signed in with the identity platform, which vouches for a name and a resident
/// ID born in `born` (`YYYY-MM`); returns (cookie, phone).
fn citizen_born(born: &str) -> (String, String) {
    let phone = unique_phone("138");
    let resident = Resident {
        username: format!("px{}", unique_client().replace('.', "")),
        name: "梁婆婆".into(),
        id_kind: "resident".into(),
        id_number: resident_id_born(born),
        phone: phone.clone(),
    };
    register(&resident);
    (real_name_sign_in(&resident, &unique_client()), phone)
}

fn ask(cookie: &str, body: Value) -> Reply {
    call("POST", "/api/v1/proxy-requests")
        .cookie(cookie)
        .json(body)
        .send()
}

fn ok(r: Reply) -> ProxyView {
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn act(staff: &str, id: &str, body: Value) -> Reply {
    call("POST", &format!("/api/v1/staff/proxy-requests/{id}"))
        .cookie(staff)
        .json(body)
        .send()
}

fn key() -> String {
    format!("px-{}", unique_client().replace('.', "-"))
}

fn fields(r: &Reply) -> Vec<String> {
    let mut f: Vec<String> = r.value()["fields"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    f.sort();
    f
}

#[test]
fn an_elderly_citizen_is_helped_from_request_to_the_application() {
    let (citizen, phone) = citizen_born("1950-05");
    // Every problem named at once, nothing stored.
    let r = ask(
        &citizen,
        json!({ "item": "XX-XX-999", "reason": null, "way": "home", "address": "",
                "contact_phone": "12345", "idempotency_key": key() }),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(fields(&r), ["address", "contact_phone", "item", "reason"]);
    // The elderly reason needs 60 or over by the registered ID.
    let (young, _) = citizen_born("1990-05");
    let r = ask(
        &young,
        json!({ "item": "GA-HZ-004", "reason": "elderly", "way": "hall", "idempotency_key": key() }),
    );
    assert_eq!(fields(&r), ["reason"]);
    // Without a name in the profile the 代办员 would not know whom to call.
    let nameless = citizen_sign_in(&unique_phone("138"), &unique_client());
    let r = ask(
        &nameless,
        json!({ "item": "GA-HZ-004", "reason": "disabled", "way": "hall", "idempotency_key": key() }),
    );
    assert_eq!(fields(&r), ["name"]);
    let listed: ProxyList = call("GET", "/api/v1/proxy-requests")
        .cookie(&citizen)
        .send()
        .json();
    assert!(listed.requests.is_empty(), "nothing stored from refusals");

    // A good request; the retry answers the same one.
    let k = key();
    let body = json!({ "item": "GA-HZ-004", "reason": "elderly", "way": "home",
                       "address": "广州市天河区体育西路 100 号 3 栋 502", "note": "腿脚不便",
                       "idempotency_key": k });
    let p = ok(ask(&citizen, body.clone()));
    assert_eq!(p.state, ProxyState::Requested);
    assert_eq!(p.phone, phone, "the owner sees their number");
    assert_eq!(p.actions, [ProxyAction::Cancel]);
    assert_eq!(ok(ask(&citizen, body)).id, p.id);
    let mine: ProxyList = call("GET", "/api/v1/proxy-requests")
        .cookie(&citizen)
        .send()
        .json();
    assert_eq!(mine.requests.len(), 1);
    assert!(outbox(&phone).iter().any(|m| m.contains("免费代办申请")));

    // Staff: masked in the list, in full through an audited open.
    let clerk = staff_sign_in("clerk", DEMO_PASSWORD);
    let list: ProxyList = call("GET", "/api/v1/staff/proxy-requests")
        .cookie(&clerk)
        .send()
        .json();
    let row = list.requests.iter().find(|r| r.id == p.id).unwrap();
    assert!(
        row.applicant.contains('*') && row.phone.contains("****"),
        "{row:?}"
    );
    assert!(!row.address.contains("502"), "{}", row.address);
    assert_eq!(row.actions, [ProxyAction::Assign, ProxyAction::Decline]);
    let opened = ok(
        call("GET", &format!("/api/v1/staff/proxy-requests/{}", p.id))
            .cookie(&clerk)
            .send(),
    );
    assert_eq!(opened.phone, phone);
    assert!(opened.address.contains("502"));
    let reads: DataReadList = call("GET", "/api/v1/me/reads")
        .cookie(&citizen)
        .send()
        .json();
    assert!(
        reads.reads.iter().any(|r| r.reason == "联系代办申请人"),
        "{reads:?}"
    );

    // Start before assignment is illegal; assign to someone who does not exist is refused.
    let r = act(&clerk, &p.id, json!({ "action": "start" }));
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "proxy.step_illegal")
    );
    let r = act(
        &clerk,
        &p.id,
        json!({ "action": "assign", "assignee": "nobody" }),
    );
    assert_eq!(fields(&r), ["assignee"]);
    let a = ok(act(
        &clerk,
        &p.id,
        json!({ "action": "assign", "assignee": "clerk", "version": opened.version }),
    ));
    assert_eq!(a.state, ProxyState::Assigned);
    assert!(!a.assignee.is_empty());
    assert!(outbox(&phone).iter().any(|m| m.contains("安排代办员")));
    // A stale version is refused; only the assigned 代办员 starts it.
    let r = act(
        &clerk,
        &p.id,
        json!({ "action": "start", "version": opened.version }),
    );
    assert_eq!((r.status, error_code(&r).as_str()), (409, "proxy.changed"));
    let officer = staff_sign_in("officer", DEMO_PASSWORD);
    let r = act(&officer, &p.id, json!({ "action": "start" }));
    assert_eq!(r.status, 403, "{}", r.body);
    let s = ok(act(&clerk, &p.id, json!({ "action": "start" })));
    assert_eq!(s.state, ProxyState::InProgress);
    let r = act(
        &clerk,
        &p.id,
        json!({ "action": "complete", "application": "261127-XXXX-XXXX" }),
    );
    assert_eq!(fields(&r), ["application"]);
    let done = ok(act(
        &clerk,
        &p.id,
        json!({ "action": "complete", "note": "已代为提交" }),
    ));
    assert_eq!(done.state, ProxyState::Done);
    assert!(done.actions.is_empty());
    let labels: Vec<&str> = done.events.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        ["提出代办申请", "安排代办员", "开始代办", "代办办结"]
    );
    let records: Vec<String> = done.events.iter().map(|e| e.record.code()).collect();
    let actors: Vec<&str> = done.events.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors, ["applicant", "staff", "staff", "staff"]);
    // The assignment is the hall's own words, by code; the completion note is the clerk's.
    let codes: Vec<Option<String>> = done
        .events
        .iter()
        .map(|e| e.said.as_ref().map(|s| s.code()))
        .collect();
    assert_eq!(
        codes,
        [None, Some("proxy_assigned".into()), None, None],
        "{:?}",
        done.events
    );
    assert_eq!(done.events[3].note, "已代为提交");
    assert_eq!(
        records,
        [
            "act.proxy_request",
            "proxy.assign",
            "proxy.start",
            "proxy.complete"
        ]
    );
    // The citizen can no longer cancel it.
    let r = call("POST", &format!("/api/v1/proxy-requests/{}/cancel", p.id))
        .cookie(&citizen)
        .send();
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "proxy.step_illegal")
    );
}

#[test]
fn declines_need_a_reason_and_the_citizen_may_cancel() {
    let (citizen, phone) = citizen_born("1980-03");
    let clerk = staff_sign_in("clerk", DEMO_PASSWORD);
    let p = ok(ask(
        &citizen,
        json!({ "item": "GA-HZ-006", "reason": "other", "way": "hall",
                "note": "长期卧床，家属无法请假", "idempotency_key": key() }),
    ));
    let r = act(&clerk, &p.id, json!({ "action": "decline", "note": "不" }));
    assert_eq!(fields(&r), ["note"]);
    let d = ok(act(
        &clerk,
        &p.id,
        json!({ "action": "decline", "note": "该事项须本人到场采集指纹" }),
    ));
    assert_eq!(d.state, ProxyState::Declined);
    assert!(outbox(&phone)
        .iter()
        .any(|m| m.contains("须本人到场采集指纹")));

    let q = ok(ask(
        &citizen,
        json!({ "item": "GA-HZ-006", "reason": "disabled", "way": "hall", "idempotency_key": key() }),
    ));
    // Someone else's request reads as not found.
    let (stranger, _) = citizen_born("1970-01");
    let r = call("POST", &format!("/api/v1/proxy-requests/{}/cancel", q.id))
        .cookie(&stranger)
        .send();
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (404, "proxy.not_found")
    );
    for _ in 0..2 {
        let c = ok(
            call("POST", &format!("/api/v1/proxy-requests/{}/cancel", q.id))
                .cookie(&citizen)
                .send(),
        );
        assert_eq!(c.state, ProxyState::Cancelled);
        assert!(c.actions.is_empty());
    }
    let r = act(
        &clerk,
        &q.id,
        json!({ "action": "assign", "assignee": "clerk" }),
    );
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "proxy.step_illegal")
    );
    let r = act(&clerk, "px_0000000000000000", json!({ "action": "assign" }));
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (404, "proxy.not_found")
    );
}
