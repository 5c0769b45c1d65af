//! Consultation over real HTTP: a citizen asks online (checked, idempotent, told when it is
//! due); staff see the asker masked, the first to act is the 首问 owner and stays so when the
//! question is routed to a department; the answer reaches the asker; staff log on-site and
//! phone questions; near-due and overdue counts follow the working-day deadline; an answer is
//! published, anonymised, to the FAQ, which the guides' search finds.

#![allow(clippy::unwrap_used)]

use hall_domain::consultation::{ConsultAction, ConsultState};
use hall_domain::dto::{ConsultList, ConsultView, FaqList, MyMatters};
use hall_http_tests::{
    call, citizen_sign_in, error_code, get, outbox, session_cookie, unique_client, unique_phone,
    Reply, DEMO_PASSWORD,
};
use serde_json::{json, Value};

fn key() -> String {
    format!("q-{}", unique_client().replace('.', "-"))
}

fn ok(r: Reply) -> ConsultView {
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn fields(r: &Reply) -> Vec<String> {
    assert_eq!(r.status, 400, "{}", r.body);
    let mut f: Vec<String> = r.value()["fields"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    f.sort();
    f
}

/// The consultation officer, signed in as of `t` (staff sessions expire by the server clock).
fn officer_at(t: Option<i64>) -> String {
    let mut c = call("POST", "/api/v1/staff/sign-in")
        .client(&unique_client())
        .json(json!({ "username": "consult", "password": DEMO_PASSWORD }));
    if let Some(t) = t {
        c = c.clock(t);
    }
    let r = c.send();
    assert_eq!(r.status, 200, "{}", r.body);
    session_cookie(&r, "hall_staff")
}

fn act(staff: &str, id: &str, body: Value) -> Reply {
    call("POST", &format!("/api/v1/staff/consultations/{id}"))
        .cookie(staff)
        .json(body)
        .send()
}

fn staff_list(staff: &str, t: Option<i64>) -> ConsultList {
    let mut c = call("GET", "/api/v1/staff/consultations").cookie(staff);
    if let Some(t) = t {
        c = c.clock(t);
    }
    let r = c.send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

#[test]
fn a_question_is_asked_owned_routed_answered_and_published_to_the_faq() {
    let phone = unique_phone("137");
    let citizen = citizen_sign_in(&phone, &unique_client());
    let r = call("PUT", "/api/v1/me")
        .cookie(&citizen)
        .json(json!({ "name": "黄先生" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let ask = |body: Value| {
        call("POST", "/api/v1/consultations")
            .cookie(&citizen)
            .json(body)
            .send()
    };
    let r = ask(json!({ "item": "XX-XX-999", "question": "能办吗", "idempotency_key": key() }));
    assert_eq!(fields(&r), ["item", "question"]);
    // Dotted, so the public text never holds a run of digits that looks like a phone number.
    let marker = unique_client();
    let question = format!("我的身份证丢了，在广州能补办吗？急用（{marker}）");
    let k = key();
    let body = json!({ "item": "ga-hz-004", "question": question, "idempotency_key": k });
    let q = ok(ask(body.clone()));
    assert_eq!(q.state, ConsultState::Open);
    assert_eq!(q.item_code.as_deref(), Some("GA-HZ-004"));
    assert!(q.due_on.is_some() && q.days_left.is_some());
    assert_eq!(ok(ask(body)).id, q.id, "a retry is the same question");
    assert!(outbox(&phone).iter().any(|m| m.contains("已收到您的咨询")));

    // Staff: masked asker, the actions an open question allows.
    let officer = officer_at(None);
    let list = staff_list(&officer, None);
    let row = list.consultations.iter().find(|c| c.id == q.id).unwrap();
    assert!(row.asker.contains('*'), "{}", row.asker);
    assert_eq!(
        row.actions,
        [
            ConsultAction::Take,
            ConsultAction::Route,
            ConsultAction::Answer
        ]
    );
    // Routed to a department: taken, and the router is the 首问 owner.
    let r = act(
        &officer,
        &q.id,
        json!({ "action": "route", "department": "nowhere" }),
    );
    assert_eq!(fields(&r), ["department"]);
    let routed = ok(act(
        &officer,
        &q.id,
        json!({ "action": "route", "department": "gaj", "version": q.version }),
    ));
    assert_eq!(routed.state, ConsultState::Taken);
    assert!(!routed.owner.is_empty() && !routed.routed_to.is_empty());
    let r = act(
        &officer,
        &q.id,
        json!({ "action": "answer", "answer": "可以办理补领。", "version": q.version }),
    );
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "consultation.changed")
    );
    let r = act(
        &officer,
        &q.id,
        json!({ "action": "answer", "answer": "可以" }),
    );
    assert_eq!(fields(&r), ["answer"]);
    let answer = "可以。居民身份证补领可在全省任一公安户政窗口办理，请携带户口簿，收费 40 元。";
    let answered = ok(act(
        &officer,
        &q.id,
        json!({ "action": "answer", "answer": answer }),
    ));
    assert_eq!(answered.state, ConsultState::Answered);
    assert_eq!(answered.owner, routed.owner, "the owner stays responsible");
    assert_eq!(answered.actions, [ConsultAction::Publish]);
    assert!(outbox(&phone).iter().any(|m| m.contains("咨询已答复")));
    let mine: ConsultList = call("GET", "/api/v1/consultations")
        .cookie(&citizen)
        .send()
        .json();
    let own = mine.consultations.iter().find(|c| c.id == q.id).unwrap();
    assert_eq!(own.answer, answer);
    // The history names the asker by part and the staff who answered.
    let actors: Vec<&str> = own.events.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors.first(), Some(&"asker"), "{actors:?}");
    assert_eq!(own.events[0].by, "咨询人");
    assert!(actors[1..].iter().all(|a| *a == "staff"), "{actors:?}");
    let matters: MyMatters = call("GET", "/api/v1/me/matters")
        .cookie(&citizen)
        .send()
        .json();
    assert!(matters.consultations.iter().any(|m| m.id == q.id));

    // Publishing refuses personal data; then it is public and found by colloquial search.
    let r = act(
        &officer,
        &q.id,
        json!({ "action": "publish", "question": format!("{question} 电话 {phone}"), "answer": answer }),
    );
    assert_eq!(fields(&r), ["question"]);
    let public_q = format!("身份证丢了，在广州能补办吗？（{marker}）");
    let p = ok(act(
        &officer,
        &q.id,
        json!({ "action": "publish", "question": public_q, "answer": answer }),
    ));
    assert!(p.published && p.actions.is_empty());
    let r = act(
        &officer,
        &q.id,
        json!({ "action": "publish", "question": public_q, "answer": answer }),
    );
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "consultation.step_illegal")
    );
    let found: FaqList = get(&format!("/api/v1/faqs?q={}", "身份证丢了怎么办")).json();
    assert!(
        found.faqs.iter().any(|f| f.question == public_q),
        "{found:?}"
    );
    // 繁體 and English readers find it too.
    for q in ["身份證丟了怎麼辦", "lost%20ID%20card"] {
        let found: FaqList = get(&format!("/api/v1/faqs?q={q}")).json();
        assert!(
            found.faqs.iter().any(|f| f.question == public_q),
            "{q}: {found:?}"
        );
    }
    let of_item: FaqList = get("/api/v1/faqs?item=GA-HZ-004").json();
    assert!(of_item.faqs.iter().any(|f| f.question == public_q));
    let other: FaqList = get("/api/v1/faqs?item=GA-CRJ-001").json();
    assert!(!other.faqs.iter().any(|f| f.question == public_q));
    assert!(!found.faqs.iter().any(|f| f.answer.contains(&phone)));
}

#[test]
fn staff_log_phone_questions_and_see_what_is_near_due_or_overdue() {
    let officer = officer_at(None);
    let log = |body: Value| {
        call("POST", "/api/v1/staff/consultations")
            .cookie(&officer)
            .json(body)
            .send()
    };
    let r = log(
        json!({ "channel": "online", "question": "社保卡怎么补办？", "asker_phone": "123",
                        "idempotency_key": key() }),
    );
    assert_eq!(fields(&r), ["asker_phone", "channel"]);
    let phone = unique_phone("137");
    let q = ok(log(
        json!({ "channel": "phone", "question": "社保卡丢了怎么补办？",
                            "asker_name": "李女士", "asker_phone": phone, "idempotency_key": key() }),
    ));
    assert_eq!(q.state, ConsultState::Taken);
    assert!(!q.owner.is_empty(), "whoever logs it owns it");
    assert_eq!(q.asker, "李**");
    assert_eq!(q.asker_unnamed, None);
    // A caller who gives neither name nor number is anonymous, by code as well.
    let anon = ok(log(
        json!({ "channel": "phone", "question": "居住证要带什么材料？", "idempotency_key": key() }),
    ));
    assert_eq!(
        (anon.asker.as_str(), anon.asker_unnamed),
        ("匿名", Some(hall_domain::dto::Unnamed::Anonymous))
    );
    // Far past the due day it counts as overdue.
    let later = hall_http_tests::now() + 30 * 86_400;
    let officer_later = officer_at(Some(later));
    let list = staff_list(&officer_later, Some(later));
    let row = list.consultations.iter().find(|c| c.id == q.id).unwrap();
    assert!(row.days_left.unwrap() < 0, "{row:?}");
    assert!(list.overdue >= 1);
    let answered = ok(act(
        &officer,
        &q.id,
        json!({ "action": "answer", "answer": "可在社保卡服务网点或粤省事办理补换。" }),
    ));
    assert_eq!(answered.days_left, None);
    assert!(outbox(&phone).iter().any(|m| m.contains("咨询已答复")));
    let r = act(&officer, "q_0000000000000000", json!({ "action": "take" }));
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (404, "consultation.not_found")
    );
}
