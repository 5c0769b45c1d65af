//! Complaints over real HTTP: a citizen complains online (checked, idempotent, told each step),
//! adds images (type-checked by their bytes, size-limited, three at most) and information while
//! it is open; the complaint office accepts and assigns the department, which investigates and
//! handles; the office replies, visits back and archives; the complainant rates the handling
//! once. A confidential complaint never shows the department who complained. Staff log
//! complaints from other channels, which the complainant finds in My Hall; deadlines count in
//! working days; the monthly figures count what happened.

#![allow(clippy::unwrap_used)]

use base64::Engine;
use hall_domain::complaint::{ComplaintAction, ComplaintState};
use hall_domain::dto::{ComplaintList, ComplaintStats, ComplaintView, MyMatters};
use hall_http_tests::{
    call, citizen_sign_in, error_code, now, outbox, session_cookie, staff_sign_in, unique_client,
    unique_phone, Reply, DEMO_PASSWORD,
};
use serde_json::{json, Value};

fn key() -> String {
    format!("ts-{}", unique_client().replace('.', "-"))
}

fn ok(r: Reply) -> ComplaintView {
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

/// A citizen with a name on their account.
fn citizen(name: &str) -> (String, String) {
    let phone = unique_phone("136");
    let cookie = citizen_sign_in(&phone, &unique_client());
    let r = call("PUT", "/api/v1/me")
        .cookie(&cookie)
        .json(json!({ "name": name }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    (cookie, phone)
}

fn submit(cookie: &str, body: Value) -> Reply {
    call("POST", "/api/v1/complaints")
        .cookie(cookie)
        .json(body)
        .send()
}

fn complaint(cookie: &str, confidential: bool) -> ComplaintView {
    ok(submit(
        cookie,
        json!({ "category": "conduct", "window": "A01", "staff_no": "GZ0012",
                "item": "GA-HZ-004",
                "facts": "窗口工作人员态度生硬，不解释材料为什么不合格，让我来回跑了三次。",
                "confidential": confidential, "idempotency_key": key() }),
    ))
}

fn act(staff: &str, no: &str, body: Value) -> Reply {
    call("POST", &format!("/api/v1/staff/complaints/{no}"))
        .cookie(staff)
        .json(body)
        .send()
}

fn open(staff: &str, no: &str) -> Reply {
    call("GET", &format!("/api/v1/staff/complaints/{no}"))
        .cookie(staff)
        .send()
}

fn mine(cookie: &str, no: &str) -> ComplaintView {
    ok(call("GET", &format!("/api/v1/complaints/{no}"))
        .cookie(cookie)
        .send())
}

fn png() -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    b.extend_from_slice(b"\0\0\0\rIHDR-test-image");
    b
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn attach(cookie: &str, no: &str, content_type: &str, bytes: &[u8], k: &str) -> Reply {
    call("POST", &format!("/api/v1/complaints/{no}/attachments"))
        .cookie(cookie)
        .json(json!({ "content_type": content_type, "data": b64(bytes), "idempotency_key": k }))
        .send()
}

#[test]
fn a_complaint_goes_from_intake_to_archive_and_the_complainant_follows_every_step() {
    let (cookie, phone) = citizen("邓投诉");
    // Bad input: every problem named, nothing stored.
    let r = submit(
        &cookie,
        json!({ "category": "conduct", "item": "XX-XX-999", "window": "第一百二十三号综合窗口",
                "facts": "太慢", "idempotency_key": "bad key" }),
    );
    assert_eq!(
        fields(&r),
        ["facts", "idempotency_key", "item", "window"],
        "{}",
        r.body
    );
    let r = submit(&cookie, json!({ "category": "rudeness", "facts": "x" }));
    assert_eq!(r.status, 400);
    assert_eq!(error_code(&r), "body.invalid");

    let k = key();
    let body = json!({ "category": "conduct", "window": "A01",
                       "facts": "窗口工作人员态度生硬，不解释材料为什么不合格。",
                       "idempotency_key": k });
    let c = ok(submit(&cookie, body.clone()));
    assert!(
        hall_domain::codes::is_complaint_number(&c.no) && c.no.starts_with("TS"),
        "{}",
        c.no
    );
    assert_eq!(c.state, ComplaintState::Submitted);
    assert_eq!(
        c.complainant, "邓投诉",
        "the complainant sees their own name"
    );
    assert!(c.due_on.is_some() && c.actions.is_empty());
    assert!(c.may_add_information && !c.may_rate);
    // A retry on a flaky network returns the same complaint.
    assert_eq!(ok(submit(&cookie, body)).no, c.no);
    assert!(
        outbox(&phone).iter().any(|m| m.contains(&c.no)),
        "the complainant is told the number"
    );

    // Images: by their bytes, at most 1 MB, three in all; a retried upload adds nothing.
    let k1 = key();
    let v = ok(attach(&cookie, &c.no, "image/png", &png(), &k1));
    assert_eq!(v.attachments.len(), 1);
    assert_eq!(
        ok(attach(&cookie, &c.no, "image/png", &png(), &k1))
            .attachments
            .len(),
        1
    );
    let r = attach(&cookie, &c.no, "image/jpeg", &png(), &key());
    assert_eq!(fields(&r), ["attachments"], "a PNG called a JPEG");
    let r = attach(&cookie, &c.no, "application/pdf", b"%PDF-1.7 ...", &key());
    assert_eq!(fields(&r), ["attachments"]);
    let mut big = vec![0xFF, 0xD8, 0xFF];
    big.resize(1_000_001, 0);
    let r = attach(&cookie, &c.no, "image/jpeg", &big, &key());
    assert!(
        r.status == 400 || r.status == 413,
        "over 1 MB: {}",
        r.status
    );
    ok(attach(&cookie, &c.no, "image/png", &png(), &key()));
    ok(attach(&cookie, &c.no, "image/png", &png(), &key()));
    let r = attach(&cookie, &c.no, "image/png", &png(), &key());
    assert_eq!(fields(&r), ["attachments"], "a fourth image");
    let img = call("GET", &format!("/api/v1/complaints/{}/attachments/0", c.no))
        .cookie(&cookie)
        .send();
    assert_eq!(img.status, 200);
    assert_eq!(img.content_type, "image/png");
    assert_eq!(img.bytes, png());

    // Information added while open (a retried key adds it once).
    let k2 = key();
    let inform = |k: &str| {
        call("POST", &format!("/api/v1/complaints/{}/information", c.no))
            .cookie(&cookie)
            .json(json!({ "text": "补充：当天是上午十点左右，A01 窗口。", "idempotency_key": k }))
            .send()
    };
    ok(inform(&k2));
    let v = ok(inform(&k2));
    let added = v
        .events
        .iter()
        .filter(|e| e.label == "投诉人补充情况")
        .count();
    assert_eq!(added, 1);

    // The office: masked in the list, in full when opened (an audited read).
    let office = staff_sign_in("complaint", DEMO_PASSWORD);
    let list: ComplaintList = call("GET", "/api/v1/staff/complaints")
        .cookie(&office)
        .send()
        .json();
    let listed = list.complaints.iter().find(|x| x.no == c.no).unwrap();
    assert_eq!(listed.complainant, "邓**");
    assert!(!listed.complainant_phone.contains(&phone[3..7]));
    assert_eq!(
        listed.actions,
        [ComplaintAction::Accept, ComplaintAction::Decline]
    );
    let full = ok(open(&office, &c.no));
    assert_eq!(
        (full.complainant.as_str(), full.complainant_phone.as_str()),
        ("邓投诉", phone.as_str())
    );
    let reads = call("GET", "/api/v1/me/reads").cookie(&cookie).send();
    assert!(
        reads.body.contains("complaint") || reads.body.contains("投诉"),
        "{}",
        reads.body
    );

    // Accept for the 公安局; the department investigates and handles, but may not reply.
    let v = ok(act(
        &office,
        &c.no,
        json!({ "action": "accept", "department": "gaj", "version": full.version }),
    ));
    assert_eq!(v.state, ComplaintState::Accepted);
    assert_eq!(v.due_on, v.reply_due, "now the reply is what is due");
    assert!(outbox(&phone).iter().any(|m| m.contains("已受理")));
    let dept = staff_sign_in("officer", DEMO_PASSWORD);
    let other = staff_sign_in("officer_sc", DEMO_PASSWORD);
    assert_eq!(open(&other, &c.no).status, 404, "another department");
    let seen = ok(open(&dept, &c.no));
    assert_eq!(seen.actions, [ComplaintAction::Investigate]);
    let r = act(
        &dept,
        &c.no,
        json!({ "action": "decline", "reason": "no_subject" }),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    let r = act(&dept, &c.no, json!({ "action": "investigate", "note": "" }));
    assert_eq!(fields(&r), ["note"]);
    ok(act(
        &dept,
        &c.no,
        json!({ "action": "investigate", "note": "调取了当天窗口录像，情况属实。" }),
    ));
    let r = act(
        &office,
        &c.no,
        json!({ "action": "reply", "note": "答复内容" }),
    );
    assert_eq!(r.status, 409, "not handled yet: {}", r.body);
    ok(act(
        &dept,
        &c.no,
        json!({ "action": "handle", "note": "已对该工作人员批评教育并通报。" }),
    ));
    let r = act(
        &dept,
        &c.no,
        json!({ "action": "reply", "note": "答复内容已核实" }),
    );
    assert_eq!(r.status, 403, "the office replies");

    // The office replies; the complainant can no longer add, but may rate, once.
    let v = ok(act(
        &office,
        &c.no,
        json!({ "action": "reply", "note": "经核实，已对工作人员批评教育，感谢您的监督。" }),
    ));
    assert_eq!(v.state, ComplaintState::Replied);
    assert_eq!(v.replied_on_time, Some(true));
    let r = inform(&key());
    assert_eq!(r.status, 409);
    assert_eq!(error_code(&r), "complaint.step_illegal");
    let seen = mine(&cookie, &c.no);
    assert!(seen.may_rate && !seen.may_add_information);
    assert_eq!(seen.reply, "经核实，已对工作人员批评教育，感谢您的监督。");
    let rate = |level: &str| {
        call("POST", &format!("/api/v1/complaints/{}/rating", c.no))
            .cookie(&cookie)
            .json(json!({ "level": level, "resolved": true, "comment": "处理及时" }))
            .send()
    };
    let v = ok(rate("satisfied"));
    assert_eq!(v.rating.as_ref().map(|r| r.label.as_str()), Some("满意"));
    assert!(!v.may_rate);
    assert_eq!(ok(rate("satisfied")).rating, v.rating, "a retry");
    assert_eq!(rate("very_dissatisfied").status, 409, "rated already");

    // Return visit, then archive; every step is in the timeline.
    let r = act(&office, &c.no, json!({ "action": "visit" }));
    assert_eq!(fields(&r), ["resolved"]);
    let v = ok(act(
        &office,
        &c.no,
        json!({ "action": "visit", "resolved": true, "satisfied": true }),
    ));
    assert_eq!(
        (v.visit_resolved, v.visit_satisfied),
        (Some(true), Some(true))
    );
    let v = ok(act(&office, &c.no, json!({ "action": "archive" })));
    assert_eq!(v.state, ComplaintState::Archived);
    let labels: Vec<&str> = v.events.iter().map(|e| e.label.as_str()).collect();
    for step in [
        "提交投诉",
        "投诉人补充图片",
        "投诉人补充情况",
        "受理",
        "调查核实",
        "处理完毕",
        "答复投诉人",
        "投诉人评价处理结果",
        "回访",
        "归档",
    ] {
        assert!(labels.contains(&step), "{step} in {labels:?}");
    }
    // Each entry also names what happened by code, for readers in other languages.
    let records: Vec<String> = v.events.iter().map(|e| e.record.code()).collect();
    for code in [
        "act.complaint_submit",
        "act.complaint_attach",
        "complaint.accept",
        "complaint.reply",
        "act.complaint_rate",
        "complaint.archive",
    ] {
        assert!(records.iter().any(|r| r == code), "{code} in {records:?}");
    }
    for e in &v.events {
        assert_eq!(e.label, e.record.label());
    }
    // Who made each entry, by code: the complainant by part, staff by name or number.
    use hall_domain::record::Actor;
    let submitted = &v.events[0];
    assert_eq!(
        (submitted.actor, submitted.by.as_str()),
        (Actor::Complainant, "投诉人")
    );
    assert!(v.events.iter().any(|e| e.actor == Actor::Staff
        && e.record.code() == "complaint.reply"
        && !e.by.is_empty()));
    // Acceptance, the return visit and the complainant's rating are the hall's words, by code.
    use hall_domain::said::Said;
    let said = |code: &str| {
        v.events
            .iter()
            .find(|e| e.record.code() == code)
            .and_then(|e| e.said.clone())
    };
    assert!(
        matches!(
            said("complaint.accept"),
            Some(Said::ComplaintAccepted { .. })
        ),
        "{:?}",
        v.events
    );
    assert!(matches!(
        said("complaint.visit"),
        Some(Said::Visited { .. })
    ));
    assert!(matches!(
        said("act.complaint_rate"),
        Some(Said::ComplaintRated { .. })
    ));
    for e in &v.events {
        if let Some(s) = &e.said {
            assert_eq!(e.note, s.zh(), "the 简体 note is the same words");
        }
    }

    // My Hall lists it; another citizen cannot find it.
    let matters: MyMatters = call("GET", "/api/v1/me/matters")
        .cookie(&cookie)
        .send()
        .json();
    assert!(matters.complaints.iter().any(|m| m.id == c.no));
    let (stranger, _) = citizen("路人");
    let r = call("GET", &format!("/api/v1/complaints/{}", c.no))
        .cookie(&stranger)
        .send();
    assert_eq!(r.status, 404);
    let r = call("GET", &format!("/api/v1/complaints/{}/attachments/0", c.no))
        .cookie(&stranger)
        .send();
    assert_eq!(r.status, 404);
}

#[test]
fn a_confidential_complaint_hides_the_complainant_from_the_department() {
    let (cookie, phone) = citizen("欧阳保密");
    let c = complaint(&cookie, true);
    let plain = complaint(&cookie, false);
    let office = staff_sign_in("complaint", DEMO_PASSWORD);
    for no in [&c.no, &plain.no] {
        ok(act(
            &office,
            no,
            json!({ "action": "accept", "department": "gaj" }),
        ));
    }
    let dept = staff_sign_in("officer", DEMO_PASSWORD);
    let r = open(&dept, &c.no);
    let seen: ComplaintView = ok(r.clone());
    assert!(seen.confidential);
    assert_eq!(seen.complainant, "保密（仅投诉受理人员可见）");
    // Why nobody is named comes by code too, for readers in other languages.
    assert_eq!(
        seen.complainant_unnamed,
        Some(hall_domain::dto::Unnamed::Confidential)
    );
    assert_eq!(seen.complainant_phone, "");
    for secret in ["欧阳", &phone[..], &phone[7..]] {
        assert!(
            !r.body.contains(secret),
            "{secret} in the department's view"
        );
    }
    let list = call("GET", "/api/v1/staff/complaints").cookie(&dept).send();
    assert_eq!(list.status, 200);
    let l: ComplaintList = list.json();
    let listed = l.complaints.iter().find(|x| x.no == c.no).unwrap();
    assert_eq!(listed.complainant, "保密（仅投诉受理人员可见）");
    let listed_plain = l.complaints.iter().find(|x| x.no == plain.no).unwrap();
    assert_eq!(
        listed_plain.complainant, "欧***",
        "not confidential: masked"
    );
    assert_eq!(listed_plain.complainant_unnamed, None);
    // The complaint office still sees who it is, to reply.
    assert_eq!(ok(open(&office, &c.no)).complainant, "欧阳保密");
    // Another department does not see it at all.
    let other = staff_sign_in("officer_sc", DEMO_PASSWORD);
    let l: ComplaintList = call("GET", "/api/v1/staff/complaints")
        .cookie(&other)
        .send()
        .json();
    assert!(l
        .complaints
        .iter()
        .all(|x| x.no != c.no && x.no != plain.no));
}

#[test]
fn declining_needs_a_reason_and_steps_follow_the_workflow() {
    let (cookie, phone) = citizen("钟先生");
    let c = complaint(&cookie, false);
    let office = staff_sign_in("complaint", DEMO_PASSWORD);
    let r = act(&office, &c.no, json!({ "action": "decline" }));
    assert_eq!(fields(&r), ["reason"]);
    let r = act(
        &office,
        &c.no,
        json!({ "action": "accept", "department": "nope" }),
    );
    assert_eq!(fields(&r), ["department"]);
    let r = act(
        &office,
        &c.no,
        json!({ "action": "investigate", "note": "先查一查再说" }),
    );
    assert_eq!(r.status, 409);
    assert_eq!(error_code(&r), "complaint.step_illegal");
    let r = act(
        &office,
        &c.no,
        json!({ "action": "decline", "reason": "under_review", "version": c.version + 1 }),
    );
    assert_eq!(error_code(&r), "complaint.changed");
    let v = ok(act(
        &office,
        &c.no,
        json!({ "action": "decline", "reason": "under_review", "note": "已申请行政复议" }),
    ));
    assert_eq!(v.state, ComplaintState::Declined);
    assert_eq!(v.decline_reason, "已进入行政复议或诉讼程序");
    assert_eq!(v.due_on, None);
    assert!(outbox(&phone).iter().any(|m| m.contains("不予受理")));
    assert_eq!(v.actions, [ComplaintAction::Archive]);
    let seen = mine(&cookie, &c.no);
    assert!(!seen.may_rate && !seen.may_add_information);
    let r = call("POST", &format!("/api/v1/complaints/{}/rating", c.no))
        .cookie(&cookie)
        .json(json!({ "level": "basic", "resolved": false }))
        .send();
    assert_eq!(r.status, 409, "nothing to rate before a reply");
    ok(act(&office, &c.no, json!({ "action": "archive" })));
}

#[test]
fn staff_log_complaints_from_other_channels_which_the_complainant_finds() {
    let office = staff_sign_in("complaint", DEMO_PASSWORD);
    let phone = unique_phone("135");
    let log = |body: Value| {
        call("POST", "/api/v1/staff/complaints")
            .cookie(&office)
            .json(body)
            .send()
    };
    let r = log(
        json!({ "channel": "web", "category": "suggestion", "facts": "建议大厅增加两台自助打印机",
                        "complainant_phone": "12345", "idempotency_key": key() }),
    );
    assert_eq!(fields(&r), ["channel", "complainant_phone"]);
    let k = key();
    let body = json!({ "channel": "hotline", "category": "suggestion",
                       "facts": "12345 转来：建议大厅增加周六上午的社保窗口。",
                       "complainant_name": "韦女士", "complainant_phone": phone,
                       "idempotency_key": k });
    let c = ok(log(body.clone()));
    assert_eq!(c.channel_label, "12345 热线");
    assert_eq!(ok(log(body)).no, c.no, "a retry");
    // Nobody but the office logs complaints.
    let dept = staff_sign_in("officer", DEMO_PASSWORD);
    let r = call("POST", "/api/v1/staff/complaints")
        .cookie(&dept)
        .json(json!({}))
        .send();
    assert_eq!(r.status, 403);
    // The complainant signs in with that number and finds it.
    let cookie = citizen_sign_in(&phone, &unique_client());
    let list: ComplaintList = call("GET", "/api/v1/complaints")
        .cookie(&cookie)
        .send()
        .json();
    assert!(list.complaints.iter().any(|x| x.no == c.no));
    assert_eq!(mine(&cookie, &c.no).complainant, "韦女士");
}

#[test]
fn deadlines_count_working_days_and_the_figures_count_the_month() {
    let (cookie, _) = citizen("莫先生");
    let c = complaint(&cookie, false);
    // Ten days on, the acceptance (due in one working day) is overdue.
    let later = now() + 10 * 86_400;
    let r = call("POST", "/api/v1/staff/sign-in")
        .client(&unique_client())
        .clock(later)
        .json(json!({ "username": "complaint", "password": DEMO_PASSWORD }))
        .send();
    let office_later = session_cookie(&r, "hall_staff");
    let list: ComplaintList = call("GET", "/api/v1/staff/complaints")
        .cookie(&office_later)
        .clock(later)
        .send()
        .json();
    let listed = list.complaints.iter().find(|x| x.no == c.no).unwrap();
    assert!(listed.days_left.unwrap() < 0, "{:?}", listed.days_left);
    assert!(list.overdue >= 1);
    let fresh: ComplaintList = call("GET", "/api/v1/staff/complaints")
        .cookie(&staff_sign_in("complaint", DEMO_PASSWORD))
        .send()
        .json();
    let listed = fresh.complaints.iter().find(|x| x.no == c.no).unwrap();
    assert!(listed.days_left.unwrap() >= 0);

    // The month's figures: the hall's for the office, a department's own for its staff.
    let month = &c.submitted_on.to_string()[..7];
    let stats = |cookie: &str, m: &str| {
        call("GET", &format!("/api/v1/staff/complaint-stats?month={m}"))
            .cookie(cookie)
            .send()
    };
    let manager = staff_sign_in("manager", DEMO_PASSWORD);
    let s: ComplaintStats = stats(&manager, month).json();
    assert!(s.total >= 1);
    let conduct = s.by_category.iter().find(|r| r.key == "conduct").unwrap();
    assert!(conduct.count >= 1);
    let web = s.by_channel.iter().find(|r| r.key == "web").unwrap();
    assert!(web.count >= 1);
    assert_eq!(s.by_category.iter().map(|r| r.count).sum::<u32>(), s.total);
    assert!(s.replied_on_time <= s.replied);
    let dept: ComplaintStats = stats(&staff_sign_in("officer_sc", DEMO_PASSWORD), month).json();
    assert!(
        dept.by_department.iter().all(|r| r.key == "scjgj"),
        "{dept:?}"
    );
    assert_eq!(stats(&manager, "2026-13").status, 400);
}
