//! Applications over real HTTP: received at the window, the one correction notice (and the
//! flagged second one), the five-working-day rule, acceptance and the promised deadline in
//! working days, review by the item's department only, result and delivery, the anonymous
//! progress query with its digits and rate limit, the applicant's own view and withdrawal,
//! 容缺 with its commitment, reminder, 失信名单 listing by the scheduled job, refusal while
//! listed, and removal on supply.
//!
//! Everything runs on fixed days in December 2026 (set with the development clock), so the
//! deadlines are exact.

#![allow(clippy::unwrap_used)]

use hall_domain::application::{MaterialState, Status};
use hall_domain::booking::{unix_of, TimeOfDay};
use hall_domain::calendar::Date;
use hall_domain::dto::{
    ApplicationList, ApplicationView, CreditList, DataReadList, JobRun, JointView, MyMatters,
    ProgressView,
};
use hall_domain::identity::resident_check_char;
use hall_http_tests::{
    call, citizen_sign_in, error_code, now, outbox, real_name_sign_in, register, session_cookie,
    unique_client, unique_phone, Reply, Resident, DEMO_PASSWORD,
};
use serde_json::{json, Value};

/// 夫妻投靠户口迁入: 公安局, 10 working days, four required materials.
const FAMILY: &str = "GA-HZ-006";
/// 食品经营许可（新办）: 市场监管局, 5 working days, material 2 may be waived (容缺).
const FOOD: &str = "SJ-XK-001";

fn at(day: &str, hour: u8) -> i64 {
    unix_of(Date::parse(day).unwrap(), TimeOfDay::new(hour, 0).unwrap())
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A staff session opened at `t` (sessions expire by the server's clock).
fn staff_at(username: &str, t: i64) -> String {
    let r = call("POST", "/api/v1/staff/sign-in")
        .clock(t)
        .client(&unique_client())
        .json(json!({ "username": username, "password": DEMO_PASSWORD }))
        .send();
    assert_eq!(r.status, 200, "{username}: {}", r.body);
    session_cookie(&r, "hall_staff")
}

/// A valid resident ID number no other test uses: the birth date and sequence come from a
/// counter unique in this run.
fn resident_id() -> String {
    let n: u32 = unique_client()
        .split('.')
        .skip(1)
        .fold(0, |acc, p| acc * 256 + p.parse::<u32>().unwrap());
    let born = Date::from_days_since_epoch(
        Date::parse("1960-01-01").unwrap().days_since_epoch() + i64::from(n / 1000 % 15_000),
    )
    .unwrap();
    let first17 = format!("440106{}{:03}", born.to_string().replace('-', ""), n % 1000);
    let check = resident_check_char(first17.as_bytes()).unwrap();
    format!("{first17}{}", char::from(check))
}

fn key() -> String {
    format!("app-{}", unique_client().replace('.', "-"))
}

struct Applicant {
    phone: String,
    id: String,
}

fn applicant() -> Applicant {
    Applicant {
        phone: unique_phone("135"),
        id: resident_id(),
    }
}

/// The applicant signed in with the identity platform, which vouches for the identity
/// document (so the hall's applications under it show in My Hall).
fn citizen_with_id(who: &Applicant) -> String {
    let resident = Resident {
        username: format!("app{}", unique_client().replace('.', "")),
        name: "张三丰".into(),
        id_kind: "resident".into(),
        id_number: who.id.clone(),
        phone: who.phone.clone(),
    };
    register(&resident);
    real_name_sign_in(&resident, &unique_client())
}

/// Another citizen, signed in with a verified identity of their own.
fn stranger() -> String {
    real_name_sign_in(
        &hall_http_tests::new_resident("路人甲", &unique_phone("135")),
        &unique_client(),
    )
}

fn receive(t: i64, staff: &str, item: &str, who: &Applicant, states: &[&str], k: &str) -> Reply {
    let materials: Vec<Value> = states
        .iter()
        .enumerate()
        .map(|(i, s)| json!({ "index": i, "state": s, "note": if *s == "incorrect" { "复印件不清晰，请提供原件" } else { "" } }))
        .collect();
    call("POST", "/api/v1/staff/applications")
        .clock(t)
        .cookie(staff)
        .json(json!({
            "item": item, "hall": "city", "applicant_name": "张三丰", "id_kind": "resident",
            "id_number": who.id, "phone": who.phone, "materials": materials, "idempotency_key": k
        }))
        .send()
}

fn step(t: i64, staff: &str, number: &str, body: Value) -> Reply {
    call(
        "POST",
        &format!("/api/v1/staff/applications/{number}/steps"),
    )
    .clock(t)
    .cookie(staff)
    .json(body)
    .send()
}

fn ok(r: Reply) -> ApplicationView {
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn progress(number: &str, digits: &str, client: &str) -> Reply {
    call("POST", "/api/v1/progress")
        .client(client)
        .json(json!({ "number": number, "digits": digits }))
        .send()
}

#[test]
fn window_to_result_with_one_notice_and_the_promised_deadline() {
    let t = at("2026-12-07", 10);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    // The applicant has an account with the same identity document: the application shows
    // in My Hall.
    let citizen = citizen_with_id(&who);

    // Bad input: every problem named at once, nothing stored.
    let r = call("POST", "/api/v1/staff/applications")
        .clock(t)
        .cookie(&clerk)
        .json(json!({
            "item": "XX-XX-999", "hall": "nowhere", "applicant_name": "", "id_kind": "resident",
            "id_number": "440106198802140000", "phone": "12345", "idempotency_key": "x",
            "ticket": "t_0000000000000000"
        }))
        .send();
    assert_eq!(r.status, 400, "{}", r.body);
    let fields = r.value()["fields"].clone();
    for f in [
        "item",
        "hall",
        "applicant_name",
        "id_number",
        "phone",
        "idempotency_key",
        "ticket",
    ] {
        assert!(fields[f].is_string(), "{f} in {fields}");
    }

    // Received with one material missing and one wrong.
    let k = key();
    let states = ["received", "received", "missing", "incorrect"];
    let a = ok(receive(t, &clerk, FAMILY, &who, &states, &k));
    assert_eq!(a.status, Status::Submitted);
    assert_eq!(a.number.len(), 16);
    assert!(a.number.starts_with("261207-"), "{}", a.number);
    assert_eq!(a.responsible, "工号 clerk");
    assert_eq!(a.applicant, "张三丰", "staff see the applicant in clear");
    // A retried request is the same application.
    let again = ok(receive(t, &clerk, FAMILY, &who, &states, &k));
    assert_eq!(again.number, a.number);
    assert_eq!(again.events.len(), 1);
    assert!(outbox(&who.phone)
        .iter()
        .any(|m| m.contains(&a.number) && m.contains("已收件")));

    // Accepting with materials missing is refused, naming them.
    let r = step(t, &clerk, &a.number, json!({ "step": "accept" }));
    assert_eq!(r.status, 409);
    assert_eq!(error_code(&r), "application.materials_incomplete");
    assert!(r.value()["message"].as_str().unwrap().contains("结婚证"));

    // The one notice lists both problems at once.
    let n = ok(step(t, &clerk, &a.number, json!({ "step": "notice" })));
    assert_eq!(n.status, Status::Correcting);
    assert_eq!(n.notices.len(), 1);
    let notice = &n.notices[0];
    assert_eq!(notice.lines.len(), 2);
    assert_eq!(notice.lines[0].problem, MaterialState::Missing);
    assert_eq!(notice.lines[1].problem, MaterialState::Incorrect);
    assert_eq!(notice.lines[1].requirement, "复印件不清晰，请提供原件");
    assert_eq!(notice.lines[1].said, None, "the clerk's words");
    // The notice names the applicant and who issued it, as a document handed over must.
    assert_eq!(notice.applicant, "张三丰");
    assert_eq!(
        notice.issued_by, "工号 clerk",
        "as the hall names its staff"
    );
    // A line the clerk left blank is worded by the hall, and sent by code too.
    assert_eq!(
        notice.lines[0].said,
        Some(hall_domain::said::Said::Provide {
            material: notice.lines[0].name.clone()
        })
    );
    assert_eq!(
        notice.lines[0].requirement,
        format!("请提供{}", notice.lines[0].name)
    );
    assert_eq!(
        n.events.last().unwrap().said,
        Some(hall_domain::said::Said::Notice {
            lines: 2,
            deadline: d("2026-12-21")
        })
    );
    assert!(!notice.late);
    assert_eq!(notice.issued_on, d("2026-12-07"));
    assert_eq!(
        notice.deadline,
        d("2026-12-21"),
        "10 working days to supply"
    );
    assert!(notice.number.starts_with("BZ"));
    assert!(outbox(&who.phone)
        .iter()
        .any(|m| m.contains("需补正 2 项材料")));

    // A second notice needs a reason, and is flagged to the manager.
    let r = step(t, &clerk, &a.number, json!({ "step": "notice" }));
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.value()["fields"]["reason"].is_string());
    let n2 = ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "notice", "reason": "申请人补交的结婚证为复印件" }),
    ));
    assert_eq!(n2.notices.len(), 2);
    assert_eq!(n2.notices[1].repeat_reason, "申请人补交的结婚证为复印件");
    match &n2.events.last().unwrap().said {
        Some(hall_domain::said::Said::Renotice { seq: 2, reason, .. }) => {
            assert_eq!(reason, "申请人补交的结婚证为复印件")
        }
        other => panic!("a second notice by code: {other:?}"),
    }
    let manager = staff_at("manager", t);
    let list: ApplicationList = call("GET", "/api/v1/staff/applications?filter=repeat")
        .clock(t)
        .cookie(&manager)
        .send()
        .json();
    let brief = list
        .applications
        .iter()
        .find(|b| b.number == a.number)
        .expect("flagged to the manager");
    assert!(brief.repeat_notice);
    assert_eq!(brief.applicant, "张**", "lists mask names");

    // Supplied and accepted two days later: the clock starts at acceptance.
    let t2 = at("2026-12-09", 15);
    let clerk = staff_at("clerk", t2);
    let s = ok(step(
        t2,
        &clerk,
        &a.number,
        json!({ "step": "supply", "materials": [
            { "index": 2, "state": "received" }, { "index": 3, "state": "received" }
        ] }),
    ));
    assert_eq!(s.status, Status::Correcting);
    let acc = ok(step(
        t2,
        &clerk,
        &a.number,
        json!({ "step": "accept", "version": s.version }),
    ));
    assert_eq!(acc.status, Status::Accepted);
    assert_eq!(acc.deadline.accepted_on, Some(d("2026-12-09")));
    assert_eq!(acc.deadline.promised_workdays, 10);
    assert_eq!(acc.deadline.due_on, Some(d("2026-12-23")));
    assert_eq!(acc.deadline.days_left, Some(10));
    // The same step retried with the old version (a lost answer) is answered, not repeated.
    let replay = ok(step(
        t2,
        &clerk,
        &a.number,
        json!({ "step": "accept", "version": s.version }),
    ));
    assert_eq!(replay.events.len(), acc.events.len());
    // Another's step against an old version is refused.
    let r = step(
        t2,
        &clerk,
        &a.number,
        json!({ "step": "notice", "version": s.version }),
    );
    assert_eq!(error_code(&r), "application.changed");

    // Review is the department's: a clerk may not, an officer of another department may not.
    let r = step(t2, &clerk, &a.number, json!({ "step": "start_review" }));
    assert_eq!(r.status, 403);
    let other = staff_at("officer_sc", t2);
    let r = step(t2, &other, &a.number, json!({ "step": "start_review" }));
    assert_eq!(r.status, 403);
    assert_eq!(error_code(&r), "application.other_department");
    let officer = staff_at("officer", t2);
    let rev = ok(step(
        t2,
        &officer,
        &a.number,
        json!({ "step": "start_review" }),
    ));
    assert!(rev.steps.contains(&hall_domain::application::Step::Approve));
    assert!(!rev.steps.contains(&hall_domain::application::Step::Deliver));
    // A refusal needs reasons.
    let r = step(t2, &officer, &a.number, json!({ "step": "refuse" }));
    assert_eq!(r.status, 400);
    let t3 = at("2026-12-14", 11);
    let officer = staff_at("officer", t3);
    let ap = ok(step(
        t3,
        &officer,
        &a.number,
        json!({ "step": "approve", "certificate_no": "准迁字 2026-0001" }),
    ));
    assert_eq!(ap.status, Status::Approved);
    assert_eq!(ap.deadline.decided_on, Some(d("2026-12-14")));
    let clerk = staff_at("clerk", t3);
    let r = step(t3, &clerk, &a.number, json!({ "step": "result_ready" }));
    assert_eq!(r.status, 400, "a place to collect is needed");
    let rr = ok(step(
        t3,
        &clerk,
        &a.number,
        json!({ "step": "result_ready", "collect_place": "市民中心 1 楼 A01 窗口" }),
    ));
    assert_eq!(rr.status, Status::ResultReady);
    assert!(outbox(&who.phone).iter().any(|m| m.contains("已办结")));
    let r = step(
        t3,
        &clerk,
        &a.number,
        json!({ "step": "deliver", "courier": "EMS" }),
    );
    assert_eq!(r.status, 400, "courier without a tracking number");
    let dl = ok(step(t3, &clerk, &a.number, json!({ "step": "deliver" })));
    assert_eq!(dl.status, Status::Delivered);
    let ar = ok(step(t3, &clerk, &a.number, json!({ "step": "archive" })));
    assert_eq!(ar.status, Status::Archived);
    assert!(ar.steps.is_empty());
    let r = step(t3, &officer, &a.number, json!({ "step": "approve" }));
    assert_eq!(r.status, 409);
    assert_eq!(error_code(&r), "application.step_illegal");

    // Every step is in the timeline with who did it.
    let labels: Vec<&str> = ar.events.iter().map(|e| e.step.as_str()).collect();
    assert_eq!(
        labels,
        [
            "receive",
            "notice",
            "notice",
            "supply",
            "accept",
            "start_review",
            "approve",
            "result_ready",
            "deliver",
            "archive"
        ]
    );
    assert!(ar
        .events
        .iter()
        .any(|e| e.by == "工号 officer" && e.actor == hall_domain::record::Actor::Staff));
    assert_eq!(ar.events[0].record.code(), "act.receive");
    assert_eq!(ar.events[1].record.code(), "step.notice");
    assert_eq!(ar.events[1].label, "出具补正告知书");

    // The applicant sees it in My Hall, in full; another citizen does not.
    let mine: MyMatters = call("GET", "/api/v1/me/matters")
        .cookie(&citizen)
        .send()
        .json();
    let summary = mine
        .applications
        .iter()
        .find(|m| m.title.contains(&a.number))
        .expect("the application is listed");
    assert_eq!(summary.record.code(), "status.archived");
    assert_eq!(summary.status, "已归档");
    let r = call("GET", &format!("/api/v1/applications/{}", a.number))
        .cookie(&citizen)
        .send();
    let own: ApplicationView = ok(r);
    assert_eq!(own.applicant, "张三丰");
    assert_eq!(
        own.result.as_ref().unwrap().certificate_no,
        "准迁字 2026-0001"
    );
    assert!(own.steps.is_empty(), "no withdrawal after a decision");
    // Another citizen: with a phone code, asked for real-name sign-in; signed in with their
    // own verified identity, not found.
    let phone_only = citizen_sign_in(&unique_phone("135"), &unique_client());
    let r = call("GET", &format!("/api/v1/applications/{}", a.number))
        .cookie(&phone_only)
        .send();
    assert_eq!(r.status, 401);
    let r = call("GET", &format!("/api/v1/applications/{}", a.number))
        .cookie(&stranger())
        .send();
    assert_eq!(r.status, 404);

    // Staff reads of the application are in the applicant's "who read my data".
    let reads: DataReadList = call("GET", "/api/v1/me/reads")
        .cookie(&citizen)
        .send()
        .json();
    assert!(reads.reads.len() >= 10, "{}", reads.reads.len());

    // The on-time rate counts this one as on time.
    let manager = staff_at("manager", t3);
    let list: ApplicationList = call("GET", "/api/v1/staff/applications")
        .clock(t3)
        .cookie(&manager)
        .send()
        .json();
    assert!(list.decided >= 1);
    assert!(list.on_time_permille.is_some());
}

#[test]
fn a_late_notice_counts_as_accepted_on_receipt_and_waiting_does_not_count() {
    let t = at("2026-12-07", 9);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let a = ok(receive(
        t,
        &clerk,
        FAMILY,
        &who,
        &["received", "received", "missing", "received"],
        &key(),
    ));
    // Six working days later (8, 9, 10, 11, 14, 15 Dec): too late to notify.
    let t2 = at("2026-12-15", 10);
    let clerk = staff_at("clerk", t2);
    let n = ok(step(t2, &clerk, &a.number, json!({ "step": "notice" })));
    assert!(n.notices[0].late);
    assert_eq!(n.deadline.accepted_on, Some(d("2026-12-07")));
    assert!(
        n.deadline.paused,
        "the clock stops while the citizen supplies"
    );
    // Supplied and accepted two working days later: those two days do not count.
    let t3 = at("2026-12-17", 10);
    let clerk = staff_at("clerk", t3);
    ok(step(
        t3,
        &clerk,
        &a.number,
        json!({ "step": "supply", "materials": [{ "index": 2, "state": "received" }] }),
    ));
    let acc = ok(step(t3, &clerk, &a.number, json!({ "step": "accept" })));
    assert_eq!(acc.deadline.accepted_on, Some(d("2026-12-07")));
    assert!(!acc.deadline.paused);
    // 10 promised + 2 paused working days after 7 Dec.
    assert_eq!(acc.deadline.due_on, Some(d("2026-12-23")));

    // The anonymous progress query: masked, with the right digits only.
    let client = unique_client();
    let last4 = &who.phone[7..];
    let r = progress(&a.number, last4, &client);
    assert_eq!(r.status, 200, "{}", r.body);
    let v: ApplicationView = r.json::<ProgressView>().application.unwrap();
    assert_eq!(v.applicant, "张**");
    assert!(
        v.notices.iter().all(|n| n.applicant == "张**"),
        "a notice read by number is masked too"
    );
    assert!(v.phone.contains("****"));
    assert!(!v.id_number.contains(&who.id[6..14]), "birth date masked");
    assert!(v.steps.is_empty());
    assert_eq!(v.deadline.due_on, Some(d("2026-12-23")));
    let r = progress(
        &a.number.to_lowercase().replace('-', " "),
        &who.id[12..],
        &client,
    );
    assert_eq!(
        r.status, 200,
        "last 6 of the ID number, any spacing: {}",
        r.body
    );
    let wrong = if last4 == "0000" { "1111" } else { "0000" };
    let r = progress(&a.number, wrong, &client);
    assert_eq!(r.status, 404);
    assert_eq!(error_code(&r), "application.not_found");
    let r = progress("261207-2222-2222", last4, &client);
    assert_eq!(r.status, 404, "an unknown number answers the same");
    let r = progress("12345", last4, &client);
    assert_eq!(r.status, 400);
    let r = progress(&a.number, "12", &client);
    assert_eq!(r.status, 400);
    // Guessing is rate-limited per number (10 an hour), whatever the address.
    let mut limited = false;
    for _ in 0..10 {
        let r = progress(&a.number, wrong, &unique_client());
        if r.status == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited, "the number's hourly limit stops guessing");

    // The applicant withdraws? Not this one: decided steps are not withdrawable, but an open
    // one is (below).
}

#[test]
fn the_applicant_withdraws_before_a_decision() {
    let t = at("2026-12-08", 10);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let citizen = citizen_with_id(&who);
    let a = ok(receive(
        t,
        &clerk,
        FAMILY,
        &who,
        &["received", "received", "received", "received"],
        &key(),
    ));
    let own: ApplicationView = ok(call("GET", &format!("/api/v1/applications/{}", a.number))
        .cookie(&citizen)
        .send());
    assert_eq!(own.steps, [hall_domain::application::Step::Withdraw]);
    assert!(
        own.id_number.contains('*'),
        "even the owner's view masks the number on screen"
    );
    let w = ok(call(
        "POST",
        &format!("/api/v1/applications/{}/withdraw", a.number),
    )
    .cookie(&citizen)
    .send());
    assert_eq!(w.status, Status::Withdrawn);
    // Withdrawing again is harmless; staff can no longer accept it.
    let w = ok(call(
        "POST",
        &format!("/api/v1/applications/{}/withdraw", a.number),
    )
    .cookie(&citizen)
    .send());
    assert_eq!(w.events.len(), 2);
    let r = step(t, &clerk, &a.number, json!({ "step": "accept" }));
    assert_eq!(error_code(&r), "application.step_illegal");
}

/// A material named in a correction notice and then taken in under 容缺 has one deadline: the
/// 容缺 one, which the SMS says replaces the notice's, and which never shortens a deadline the
/// notice gave when the promise leaves room.
#[test]
fn a_material_noticed_then_waived_has_one_deadline() {
    let t = at("2026-12-07", 11);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let a = ok(receive(
        t,
        &clerk,
        FOOD,
        &who,
        &["received", "received", "missing", "received"],
        &key(),
    ));
    let n = ok(step(t, &clerk, &a.number, json!({ "step": "notice" })));
    let noticed = n.notices[0].deadline;
    let waived = n.notices[0].lines[0].name.clone();
    assert_eq!(noticed, d("2026-12-21"), "10 working days");
    let acc = ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "accept_rongque", "commitment": true }),
    ));
    let rq = acc.rongque.clone().unwrap();
    assert_eq!(rq.outstanding, [waived]);
    // The promise (5 working days) ends before the notice's deadline: the 容缺 deadline is the
    // promise's, and it is the one that stands.
    assert_eq!(acc.deadline.due_on, Some(d("2026-12-14")));
    assert_eq!(rq.deadline, d("2026-12-14"));
    let sms: Vec<String> = outbox(&who.phone);
    let rongque_sms: Vec<&String> = sms.iter().filter(|m| m.contains("已容缺受理")).collect();
    assert_eq!(rongque_sms.len(), 1, "{sms:?}");
    assert!(
        rongque_sms[0].contains("2026-12-14")
            && rongque_sms[0].contains("补正告知书所列材料也以此为准")
            && !rongque_sms[0].contains("2026-12-21"),
        "{}",
        rongque_sms[0]
    );
    // Supplied in time: nothing is left for the 失信 job (another test counts its listings).
    let done = ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "supply", "materials": [{ "index": 2, "state": "received" }] }),
    ));
    assert!(done.rongque.unwrap().outstanding.is_empty());
}

#[test]
fn rongque_commitment_reminder_listing_and_removal() {
    let t = at("2026-12-07", 11);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let states = ["received", "received", "missing", "received"];
    let a = ok(receive(t, &clerk, FOOD, &who, &states, &key()));
    // A main material cannot be waived; a 容缺 needs the signed commitment.
    let main_missing = ok(receive(
        t,
        &clerk,
        FOOD,
        &applicant(),
        &["received", "missing", "missing", "received"],
        &key(),
    ));
    let r = step(
        t,
        &clerk,
        &main_missing.number,
        json!({ "step": "accept_rongque", "commitment": true }),
    );
    assert_eq!(error_code(&r), "application.rongque_not_waivable");
    assert!(r.value()["message"].as_str().unwrap().contains("营业执照"));
    let r = step(t, &clerk, &a.number, json!({ "step": "accept_rongque" }));
    assert_eq!(error_code(&r), "application.rongque_no_commitment");
    // An item without 容缺 refuses it.
    let fam = ok(receive(
        t,
        &clerk,
        FAMILY,
        &applicant(),
        &["received", "received", "missing", "received"],
        &key(),
    ));
    let r = step(
        t,
        &clerk,
        &fam.number,
        json!({ "step": "accept_rongque", "commitment": true }),
    );
    assert_eq!(error_code(&r), "application.rongque_not_allowed");

    let acc = ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "accept_rongque", "commitment": true }),
    ));
    assert_eq!(acc.status, Status::AcceptedRongque);
    assert_eq!(acc.materials[2].state, MaterialState::Waived);
    assert_eq!(acc.deadline.due_on, Some(d("2026-12-14")), "5 working days");
    let rq = acc.rongque.clone().unwrap();
    assert_eq!(
        rq.deadline,
        d("2026-12-14"),
        "never after the promised deadline"
    );
    assert_eq!(rq.outstanding, ["主要设备设施布局及操作流程等文件"]);
    assert!(outbox(&who.phone)
        .iter()
        .any(|m| m.contains("容缺受理") && m.contains("2026-12-14")));

    // Review and approval may go on; the result waits for the waived material.
    let officer = staff_at("officer_sc", t);
    ok(step(
        t,
        &officer,
        &a.number,
        json!({ "step": "start_review" }),
    ));
    ok(step(t, &officer, &a.number, json!({ "step": "approve" })));
    let r = step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "result_ready", "collect_place": "A01" }),
    );
    assert_eq!(error_code(&r), "application.waived_outstanding");

    // Two working days before: one reminder, however often the job runs.
    let jobs = |t: i64| -> JobRun {
        let r = call("POST", "/api/v1/dev/jobs").clock(t).send();
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    };
    let reminders_before = outbox(&who.phone)
        .iter()
        .filter(|m| m.contains("提醒"))
        .count();
    jobs(at("2026-12-10", 10));
    jobs(at("2026-12-10", 11));
    let reminders = outbox(&who.phone)
        .iter()
        .filter(|m| m.contains("提醒"))
        .count();
    assert_eq!(reminders, reminders_before + 1);

    // The day after the deadline the applicant is listed, once.
    let before: CreditList = call("GET", "/api/v1/credit-list").send().json();
    let run = jobs(at("2026-12-15", 10));
    assert!(run.listings >= 1);
    jobs(at("2026-12-15", 11));
    let list: CreditList = call("GET", "/api/v1/credit-list").send().json();
    // The new entry, once however often the job ran: masked name, item, day, reason (counted
    // by those, as other tests' applicants may be listed by the same runs and earlier runs on
    // the same database may hold an equal entry).
    let ours = |e: &&hall_domain::dto::CreditEntry| {
        e.name == "张**"
            && e.item_name == "食品经营许可（新办）"
            && e.listed_on == d("2026-12-15")
            && e.reason.contains("2026-12-14")
    };
    assert_eq!(
        list.entries.iter().filter(ours).count(),
        before.entries.iter().filter(ours).count() + 1,
        "listed once"
    );
    assert!(outbox(&who.phone).iter().any(|m| m.contains("失信名单")));
    let t5 = at("2026-12-15", 14);
    let clerk = staff_at("clerk", t5);
    let listed: ApplicationView = ok(call(
        "GET",
        &format!("/api/v1/staff/applications/{}", a.number),
    )
    .clock(t5)
    .cookie(&clerk)
    .send());
    assert!(listed.rongque.as_ref().unwrap().listed);
    assert!(listed.events.iter().any(|e| e.step == "list"));

    // Listed: no 容缺 for the same person's next application.
    let next = ok(receive(t5, &clerk, FOOD, &who, &states, &key()));
    let r = step(
        t5,
        &clerk,
        &next.number,
        json!({ "step": "accept_rongque", "commitment": true }),
    );
    assert_eq!(error_code(&r), "application.rongque_listed");

    // Supplying the material takes the applicant off the list, and that is recorded.
    let s = ok(step(
        t5,
        &clerk,
        &a.number,
        json!({ "step": "supply", "materials": [{ "index": 2, "state": "received" }] }),
    ));
    assert!(!s.rongque.as_ref().unwrap().listed);
    assert!(s.events.last().unwrap().note.contains("移出失信名单"));
    // The hall's words come by code too, so every reader composes them in its language.
    assert_eq!(
        s.events.last().unwrap().said,
        Some(hall_domain::said::Said::RongqueCompleteUnlisted)
    );
    let after: CreditList = call("GET", "/api/v1/credit-list").send().json();
    assert_eq!(
        after.entries.len() + 1,
        list.entries.len(),
        "exactly this listing ended"
    );
    let r = step(
        t5,
        &clerk,
        &next.number,
        json!({ "step": "accept_rongque", "commitment": true }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let rr = ok(step(
        t5,
        &clerk,
        &a.number,
        json!({ "step": "result_ready", "collect_place": "A01 窗口" }),
    ));
    assert_eq!(rr.status, Status::ResultReady);
}

#[test]
fn a_joint_package_runs_one_task_per_department_under_one_deadline() {
    let t = at("2026-12-07", 14);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let citizen = citizen_with_id(&who);
    // 企业开办一件事: six items of five departments, promised in 1 working day as a whole.
    let k = key();
    let body = |materials: Value| {
        json!({
            "package": "LB-QYKB", "hall": "city", "applicant_name": "张三丰", "id_kind": "resident",
            "id_number": who.id, "phone": who.phone, "materials": materials, "idempotency_key": k
        })
    };
    let all_in = |code: &str, n: usize| json!({ "item": code, "materials": (0..n).map(|i| json!({ "index": i, "state": "received" })).collect::<Vec<_>>() });
    // Every material received but the seal registration's business licence.
    let materials = vec![
        all_in("SJ-DJ-001", 4),
        json!({ "item": "GA-ZA-001", "materials": [{ "index": 0, "state": "missing" }, { "index": 1, "state": "received" }] }),
        all_in("SW-DJ-001", 2),
        all_in("SW-FP-001", 2),
        all_in("RS-SB-003", 2),
        all_in("GJJ-JC-001", 3),
    ];
    let r = call("POST", "/api/v1/staff/joint-applications")
        .clock(t)
        .cookie(&clerk)
        .json(body(json!(materials.clone())))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let j: JointView = r.json();
    assert_eq!(j.members.len(), 6);
    assert_eq!(j.package_name, "企业开办一件事");
    assert!(j.can_accept);
    let departments: std::collections::BTreeSet<&str> =
        j.members.iter().map(|m| m.department.as_str()).collect();
    assert_eq!(departments.len(), 5, "{departments:?}");
    // Retried: the same joint application.
    let again: JointView = call("POST", "/api/v1/staff/joint-applications")
        .clock(t)
        .cookie(&clerk)
        .json(body(json!(materials.clone())))
        .send()
        .json();
    assert_eq!(again.number, j.number);

    // Joint acceptance names the missing material of the member that lacks it.
    let accept = |staff: &str| {
        call(
            "POST",
            &format!("/api/v1/staff/joint-applications/{}/accept", j.number),
        )
        .clock(t)
        .cookie(staff)
        .send()
    };
    let r = accept(&clerk);
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.value()["message"]
        .as_str()
        .unwrap()
        .contains("公章刻制备案：营业执照"));
    // The clerk records it on the member, then accepts jointly.
    let seal = j
        .members
        .iter()
        .find(|m| m.item_code == "GA-ZA-001")
        .unwrap();
    ok(step(t, &clerk, &seal.number, json!({ "step": "notice" })));
    ok(step(
        t,
        &clerk,
        &seal.number,
        json!({ "step": "supply", "materials": [{ "index": 0, "state": "received" }] }),
    ));
    let officer = staff_at("officer", t);
    assert_eq!(
        accept(&officer).status,
        403,
        "joint acceptance is the window's"
    );
    let r = accept(&clerk);
    assert_eq!(r.status, 200, "{}", r.body);
    let j: JointView = r.json();
    assert!(!j.can_accept);
    assert_eq!(
        j.due_on,
        Some(d("2026-12-08")),
        "the package's 1 working day"
    );
    assert!(j.members.iter().all(|m| m.status == Status::Accepted));

    // Each department works its own member; not another's.
    let company = j
        .members
        .iter()
        .find(|m| m.item_code == "SJ-DJ-001")
        .unwrap();
    let r = step(
        t,
        &officer,
        &company.number,
        json!({ "step": "start_review" }),
    );
    assert_eq!(error_code(&r), "application.other_department");
    ok(step(
        t,
        &officer,
        &seal.number,
        json!({ "step": "start_review" }),
    ));
    let member = ok(step(
        t,
        &officer,
        &seal.number,
        json!({ "step": "approve" }),
    ));
    assert_eq!(member.joint.as_deref(), Some(j.number.as_str()));
    assert_eq!(member.deadline.due_on, Some(d("2026-12-08")));
    let sc = staff_at("officer_sc", t);
    ok(step(
        t,
        &sc,
        &company.number,
        json!({ "step": "start_review" }),
    ));

    // The applicant sees every department on one page: in My Hall, and by the progress query.
    let mine: MyMatters = call("GET", "/api/v1/me/matters")
        .cookie(&citizen)
        .send()
        .json();
    let listed: Vec<_> = mine
        .applications
        .iter()
        .filter(|m| m.title.contains("企业开办一件事"))
        .collect();
    assert_eq!(listed.len(), 1, "the package once, not its members");
    assert!(
        !mine
            .applications
            .iter()
            .any(|m| m.title.contains(&seal.number)),
        "members show through the package"
    );
    let own: JointView = ok_joint(
        call("GET", &format!("/api/v1/joint-applications/{}", j.number))
            .cookie(&citizen)
            .send(),
    );
    let by_dept: Vec<(&str, Status)> = own
        .members
        .iter()
        .map(|m| (m.item_code.as_str(), m.status))
        .collect();
    assert!(by_dept.contains(&("GA-ZA-001", Status::Approved)));
    assert!(by_dept.contains(&("SJ-DJ-001", Status::UnderReview)));
    assert!(own.status_label.contains("1/6"), "{}", own.status_label);
    assert_eq!(
        own.state(),
        hall_domain::joint::JointStatus::InProgress {
            decided: 1,
            total: 6
        }
    );
    let r = progress(&j.number, &who.phone[7..], &unique_client());
    assert_eq!(r.status, 200, "{}", r.body);
    let p: ProgressView = r.json();
    let pj = p.joint.unwrap();
    assert!(p.application.is_none());
    assert_eq!(pj.applicant, "张**");
    assert_eq!(pj.members.len(), 6);
    let stranger = stranger();
    let r = call("GET", &format!("/api/v1/joint-applications/{}", j.number))
        .cookie(&stranger)
        .send();
    assert_eq!(r.status, 404);
}

fn ok_joint(r: Reply) -> JointView {
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

#[test]
fn the_result_is_mailed_to_a_validated_address() {
    let t = at("2026-12-10", 10);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let citizen = citizen_with_id(&who);
    let create = |item: &str, address: Value| {
        call("POST", "/api/v1/staff/applications")
            .clock(t)
            .cookie(&clerk)
            .json(json!({
                "item": item, "hall": "city", "applicant_name": "张三丰", "id_kind": "resident",
                "id_number": who.id, "phone": who.phone, "idempotency_key": key(),
                "materials": (0..4).map(|i| json!({ "index": i, "state": "received" })).collect::<Vec<_>>(),
                "delivery": { "mail": true, "address": address }
            }))
            .send()
    };
    let good = json!({
        "recipient": "张三丰", "phone": who.phone, "region": "广东省广州市天河区",
        "detail": "天河路 100 号 1201 房"
    });
    // A bad address: every field named; an item whose result cannot be mailed: refused.
    let r = create(
        FOOD,
        json!({ "recipient": "", "phone": "1", "region": "x", "detail": "" }),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    for f in [
        "address.recipient",
        "address.phone",
        "address.region",
        "address.detail",
    ] {
        assert!(r.value()["fields"][f].is_string(), "{f}: {}", r.body);
    }
    let r = create(FAMILY, good.clone());
    assert_eq!(r.status, 400);
    assert!(r.value()["fields"]["delivery"].is_string(), "{}", r.body);

    let a = ok(create(FOOD, good));
    assert!(a.delivery.offered && a.delivery.mail);
    assert!(
        a.delivery.address.as_ref().unwrap().contains("1201"),
        "staff see it in full"
    );

    // The applicant switches to collection and back, to a new address, before the result.
    let set = |body: Value| {
        call(
            "POST",
            &format!("/api/v1/applications/{}/delivery", a.number),
        )
        .cookie(&citizen)
        .json(body)
        .send()
    };
    let v = ok(set(json!({ "mail": false })));
    assert!(!v.delivery.mail && v.delivery.address.is_none());
    let v = ok(set(json!({ "mail": true, "address": {
        "recipient": "李四", "phone": "13900001111", "region": "广东省深圳市南山区",
        "detail": "科技园路 1 号 5 楼"
    } })));
    assert!(v.delivery.can_change);
    assert_eq!(
        v.delivery.address.as_deref(),
        Some("广东省深圳市南山区科技园路 1 号 5 楼（李四，13900001111）")
    );
    let r = set(json!({ "mail": true }));
    assert_eq!(r.status, 400, "no address");
    // The progress query shows the region only.
    let r = progress(&a.number, &who.phone[7..], &unique_client());
    let p: ProgressView = r.json();
    let masked = p.application.unwrap().delivery.address.unwrap();
    assert_eq!(masked, "广东省深圳市南山区****（李*，139****1111）");

    // No place to collect is needed; the courier and tracking number are.
    ok(step(t, &clerk, &a.number, json!({ "step": "accept" })));
    let sc = staff_at("officer_sc", t);
    ok(step(t, &sc, &a.number, json!({ "step": "start_review" })));
    ok(step(t, &sc, &a.number, json!({ "step": "approve" })));
    let rr = ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "result_ready" }),
    ));
    assert_eq!(rr.status, Status::ResultReady);
    assert!(!rr.delivery.can_change);
    let r = step(t, &clerk, &a.number, json!({ "step": "deliver" }));
    assert_eq!(r.status, 400);
    assert!(r.value()["fields"]["mail_tracking"].is_string());
    let dl = ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "deliver", "courier": "EMS", "mail_tracking": "1186012345678" }),
    ));
    assert_eq!(dl.result.as_ref().unwrap().mail_tracking, "1186012345678");
    let r = set(json!({ "mail": false }));
    assert_eq!(r.status, 409, "too late to change");
}

#[test]
fn tongban_records_where_it_was_accepted_and_where_it_is_handled() {
    let t = at("2026-12-10", 15);
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let create = |item: &str, n: usize, place: Value| {
        call("POST", "/api/v1/staff/applications")
            .clock(t)
            .cookie(&clerk)
            .json(json!({
                "item": item, "hall": "tianhe", "applicant_name": "张三丰", "id_kind": "resident",
                "id_number": who.id, "phone": who.phone, "idempotency_key": key(),
                "materials": (0..n).map(|i| json!({ "index": i, "state": "received" })).collect::<Vec<_>>(),
                "handled_at": place
            }))
            .send()
    };
    let haizhu = json!({ "kind": "hall", "name": "haizhu" });
    let shenzhen = json!({ "kind": "city", "name": "深圳市" });
    // 本地: only where accepted.
    let r = create(FAMILY, 4, haizhu.clone());
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.value()["fields"]["handled_at"]
        .as_str()
        .unwrap()
        .contains("属地"));
    let here = ok(create(
        FAMILY,
        4,
        json!({ "kind": "hall", "name": "tianhe" }),
    ));
    assert!(!here.places.forwarded);
    // 同城通办 (居住证申领): another hall of the city, not another city.
    let same = ok(create("GA-HZ-009", 3, haizhu));
    assert!(same.places.forwarded);
    assert_eq!(same.places.scope, "同城通办");
    assert_eq!(same.places.accepted_at, "天河区政务服务中心");
    assert_eq!(same.places.handled_at, "海珠区政务服务中心");
    assert_eq!(same.places.handled_city, None, "one of this hall's own");
    let r = create("GA-HZ-009", 3, shenzhen.clone());
    assert_eq!(r.status, 400);
    // 全省通办 (普通护照): another city of Guangdong; not a city elsewhere.
    let far = ok(create("GA-CRJ-001", 4, shenzhen));
    assert_eq!(far.places.handled_at, "深圳市政务服务中心");
    assert_eq!(
        far.places.handled_city.as_deref(),
        Some("深圳市"),
        "the city, by name"
    );
    let r = create("GA-CRJ-001", 4, json!({ "kind": "city", "name": "上海市" }));
    assert_eq!(r.status, 400);
    // The desk lists what it forwarded.
    let manager = staff_at("manager", t);
    let list: ApplicationList = call("GET", "/api/v1/staff/applications?filter=forwarded")
        .clock(t)
        .cookie(&manager)
        .send()
        .json();
    let numbers: Vec<&str> = list
        .applications
        .iter()
        .map(|b| b.number.as_str())
        .collect();
    assert!(numbers.contains(&same.number.as_str()) && numbers.contains(&far.number.as_str()));
    assert!(!numbers.contains(&here.number.as_str()));
    assert!(list.applications.iter().all(|b| b.forwarded));
}

#[test]
fn responsibility_passes_on_only_with_a_named_successor_and_a_reason() {
    let t = at("2026-12-11", 10);
    let clerk = staff_at("clerk", t);
    let a = ok(receive(
        t,
        &clerk,
        FAMILY,
        &applicant(),
        &["received", "received", "received", "received"],
        &key(),
    ));
    assert_eq!(
        a.responsible, "工号 clerk",
        "the first to handle it is responsible"
    );
    let hand = |to: &str, reason: &str| {
        step(
            t,
            &clerk,
            &a.number,
            json!({ "step": "hand_over", "new_owner": to, "reason": reason }),
        )
    };
    let r = hand("officer", "");
    assert_eq!(r.status, 400);
    assert!(r.value()["fields"]["reason"].is_string());
    let r = hand("nobody_here", "窗口调整岗位");
    assert!(r.value()["fields"]["new_owner"].is_string(), "{}", r.body);
    let r = hand("clerk", "窗口调整岗位");
    assert!(r.value()["fields"]["new_owner"].is_string(), "{}", r.body);
    let v = ok(hand("officer", "窗口调整岗位"));
    assert_eq!(v.responsible, "工号 officer");
    assert_eq!(v.status, Status::Submitted, "a hand-over changes no state");
    let last = v.events.last().unwrap();
    assert_eq!(last.step, "hand_over");
    assert!(last.note.contains("officer") && last.note.contains("窗口调整岗位"));
    assert_eq!(
        last.said,
        Some(hall_domain::said::Said::HandedOver {
            to: "officer".into(),
            reason: "窗口调整岗位".into()
        })
    );
    assert_eq!(last.by, "工号 clerk");
}

#[test]
fn a_citizen_applies_online_and_the_first_staff_member_to_act_is_responsible() {
    let who = applicant();
    let apply = |cookie: &str, item: &str, k: &str| {
        call("POST", "/api/v1/applications")
            .cookie(cookie)
            .json(json!({ "item": item, "hall": "city", "ready": [0, 1, 2], "idempotency_key": k }))
            .send()
    };
    // Without a verified identity there is no applicant: a phone-code session is asked for
    // real-name sign-in.
    let anonymous = citizen_sign_in(&unique_phone("135"), &unique_client());
    let r = apply(&anonymous, FAMILY, &key());
    assert_eq!(r.status, 401);
    assert_eq!(error_code(&r), "auth.real_name_required");
    let citizen = citizen_with_id(&who);
    // Only items that offer the online channel (补领身份证 is window and kiosk only).
    let r = apply(&citizen, "GA-HZ-004", &key());
    assert_eq!(r.status, 400);
    assert!(r.value()["fields"]["item"].is_string());
    let r = call("POST", "/api/v1/applications")
        .cookie(&citizen)
        .json(json!({ "item": FAMILY, "hall": "city", "ready": [9], "idempotency_key": key() }))
        .send();
    assert!(r.value()["fields"]["ready"].is_string(), "{}", r.body);

    let k = key();
    let a = ok(apply(&citizen, FAMILY, &k));
    assert_eq!(a.status, Status::Submitted);
    assert_eq!(a.applicant, "张三丰", "the registered identity");
    assert_eq!(a.responsible, "待工作人员接手");
    assert_eq!(a.materials[2].state, MaterialState::Received);
    assert_eq!(
        a.materials[2].said,
        Some(hall_domain::said::Said::DeclaredOnline),
        "declared online, by code"
    );
    assert_eq!(a.materials[3].state, MaterialState::Missing);
    assert_eq!(
        ok(apply(&citizen, FAMILY, &k)).number,
        a.number,
        "a retry is the same"
    );
    let mine: MyMatters = call("GET", "/api/v1/me/matters")
        .cookie(&citizen)
        .send()
        .json();
    assert!(mine
        .applications
        .iter()
        .any(|m| m.title.contains(&a.number)));
    assert!(outbox(&who.phone).iter().any(|m| m.contains(&a.number)));

    // The clerk who examines it issues the notice and becomes responsible.
    let t = now();
    let clerk = staff_at("clerk", t);
    let n = ok(step(t, &clerk, &a.number, json!({ "step": "notice" })));
    assert_eq!(n.responsible, "工号 clerk");
    assert_eq!(n.notices[0].lines.len(), 1);
    // The applicant sees the step among the reads of their data, by what was done.
    let reads: DataReadList = call("GET", "/api/v1/me/reads")
        .cookie(&citizen)
        .send()
        .json();
    assert!(
        reads.reads.iter().any(|r| r.action == "application.notice"),
        "{reads:?}"
    );
}

/// 居民身份证补领: 公安局, a fee of 40 元, two materials (the first only when it applies).
const REISSUE_ID: &str = "GA-HZ-004";

/// The development sandbox's signing key (`worker/src/pay.rs`), as its gateway signs callbacks.
const SANDBOX_SECRET: &[u8] = b"hall-sandbox-development-only";

fn callback(t: i64, body: &str, signature: Option<&str>) -> Reply {
    let mut c = call("POST", "/api/v1/payments/callback")
        .no_csrf()
        .clock(t)
        .raw("application/json", body);
    if let Some(sig) = signature {
        c = c.header("x-hall-pay-signature", sig);
    }
    c.send()
}

/// The applicant starts paying (by real time: citizen sessions last 7 days by the server's
/// clock, and the test days are further off).
fn start_payment(citizen: &str, number: &str) -> Reply {
    call("POST", &format!("/api/v1/applications/{number}/payments"))
        .cookie(citizen)
        .send()
}

fn mine(citizen: &str, number: &str) -> ApplicationView {
    ok(call("GET", &format!("/api/v1/applications/{number}"))
        .cookie(citizen)
        .send())
}

/// The hidden form token of the sandbox pay page.
/// A clerk's session, an applicant signed in, and their 补领身份证 application (40 元) received
/// at the window on `t`, not accepted yet.
struct FeeCase {
    clerk: String,
    who: Applicant,
    citizen: String,
    a: ApplicationView,
}

fn fee_case(t: i64) -> FeeCase {
    let clerk = staff_at("clerk", t);
    let who = applicant();
    let citizen = citizen_with_id(&who);
    let a = ok(receive(
        t,
        &clerk,
        REISSUE_ID,
        &who,
        &["not_applicable", "received"],
        &key(),
    ));
    FeeCase {
        clerk,
        who,
        citizen,
        a,
    }
}

fn page_token(html: &str) -> String {
    let at = html.find(r#"name="token" value=""#).unwrap() + r#"name="token" value=""#.len();
    html[at..].split('"').next().unwrap().to_string()
}

#[test]
fn a_fee_is_paid_once_through_the_signed_callback_and_refunded_on_refusal() {
    use hall_domain::dto::{CallbackAck, PaymentStart};
    use hall_domain::payment::{sign, PayState};
    let t = at("2026-12-08", 10);
    let FeeCase {
        clerk,
        who,
        citizen,
        a,
    } = fee_case(t);
    // Not payable before acceptance.
    let r = start_payment(&citizen, &a.number);
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(error_code(&r), "payment.not_payable");
    ok(step(t, &clerk, &a.number, json!({ "step": "accept" })));
    let v = mine(&citizen, &a.number);
    let p = v.payment.clone().unwrap();
    assert_eq!((p.amount_fen, p.amount_words.as_str()), (4000, "肆拾元整"));
    assert!(p.due && p.state.is_none(), "{p:?}");
    // Another citizen cannot pay (or see) it.
    let stranger = stranger();
    let r = start_payment(&stranger, &a.number);
    assert_eq!(r.status, 404, "{}", r.body);
    // Starting twice resumes the same order.
    let s: PaymentStart = start_payment(&citizen, &a.number).json();
    let again: PaymentStart = start_payment(&citizen, &a.number).json();
    assert_eq!(s, again);
    assert_eq!(s.amount_fen, 4000);
    assert_eq!(s.pay_url, format!("/api/v1/dev/pay/{}", s.order));
    let v = mine(&citizen, &a.number);
    assert_eq!(v.payment.unwrap().state, Some(PayState::Pending));

    // Callbacks: unsigned, forged, stale, for another amount or an unknown order are refused.
    // Transaction numbers unique to this run (the development database outlives runs).
    let tx = format!("SBXT{}", unique_client().replace('.', ""));
    let body = json!({ "order": s.order, "provider_ref": tx, "amount_fen": 4000 }).to_string();
    let r = callback(t, &body, None);
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (401, "payment.signature")
    );
    let r = callback(t, &body, Some(&sign(b"guessed", t, body.as_bytes())));
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (401, "payment.signature")
    );
    let r = callback(
        t,
        &body,
        Some(&sign(SANDBOX_SECRET, t - 301, body.as_bytes())),
    );
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (401, "payment.signature")
    );
    let cheap = json!({ "order": s.order, "provider_ref": tx, "amount_fen": 1 }).to_string();
    let r = callback(t, &cheap, Some(&sign(SANDBOX_SECRET, t, cheap.as_bytes())));
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "payment.amount_mismatch")
    );
    let ghost = json!({ "order": "PO0000000000000000", "provider_ref": "X", "amount_fen": 4000 })
        .to_string();
    let r = callback(t, &ghost, Some(&sign(SANDBOX_SECRET, t, ghost.as_bytes())));
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (404, "payment.not_found")
    );
    assert_eq!(
        mine(&citizen, &a.number).payment.unwrap().state,
        Some(PayState::Pending),
        "nothing refused changed the order"
    );

    // The signed callback pays it; repeating it changes nothing; another transaction for the
    // same order is refused.
    let signed = sign(SANDBOX_SECRET, t + 5, body.as_bytes());
    let ack: CallbackAck = callback(t + 5, &body, Some(&signed)).json();
    assert_eq!(ack.state, PayState::Paid);
    let r = callback(
        t + 60,
        &body,
        Some(&sign(SANDBOX_SECRET, t + 60, body.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json::<CallbackAck>().state, PayState::Paid);
    let other = json!({ "order": s.order, "provider_ref": format!("{tx}B"), "amount_fen": 4000 })
        .to_string();
    let r = callback(t, &other, Some(&sign(SANDBOX_SECRET, t, other.as_bytes())));
    assert_eq!((r.status, error_code(&r).as_str()), (409, "payment.paid"));
    let v = mine(&citizen, &a.number);
    let p = v.payment.clone().unwrap();
    assert_eq!(p.state, Some(PayState::Paid));
    assert!(!p.due);
    assert_eq!(p.paid_at, Some(t + 5));
    assert_eq!(p.provider_ref.as_deref(), Some(tx.as_str()));
    let receipt = p.receipt_no.clone().unwrap();
    assert!(receipt.starts_with("JF"), "{receipt}");
    assert_eq!(
        v.events.iter().filter(|e| e.step == "pay").count(),
        1,
        "one payment event however often the callback came"
    );
    let r = start_payment(&citizen, &a.number);
    assert_eq!((r.status, error_code(&r).as_str()), (409, "payment.paid"));
    let sent = outbox(&who.phone);
    assert_eq!(
        sent.iter().filter(|m| m.contains(&receipt)).count(),
        1,
        "{sent:?}"
    );

    // Refused: the fee goes back, once, and the applicant is told.
    let officer = staff_at("officer", t);
    ok(step(
        t,
        &officer,
        &a.number,
        json!({ "step": "start_review" }),
    ));
    let refused = ok(step(
        t,
        &officer,
        &a.number,
        json!({ "step": "refuse", "reason": "申请人不属于补领情形" }),
    ));
    let p = refused.payment.unwrap();
    assert_eq!(p.state, Some(PayState::Refunded));
    assert!(!p.refund_pending);
    let refund = p.refund.unwrap();
    assert!(refund.reason.contains("不予许可"), "{}", refund.reason);
    assert!(refund.reference.starts_with("SBXR"));
    assert_eq!(
        refused.events.iter().filter(|e| e.step == "refund").count(),
        1
    );
    assert!(outbox(&who.phone).iter().any(|m| m.contains("已原路退还")));
    // A late repeat of the paying callback does not pay it again.
    let r = callback(
        t + 90,
        &body,
        Some(&sign(SANDBOX_SECRET, t + 90, body.as_bytes())),
    );
    assert_eq!(r.json::<CallbackAck>().state, PayState::Refunded);
}

#[test]
fn the_sandbox_pay_page_pays_or_cancels_and_withdrawal_refunds() {
    use hall_domain::dto::PaymentStart;
    use hall_domain::payment::PayState;
    let t = at("2026-12-09", 10);
    let FeeCase {
        clerk,
        who,
        citizen,
        a,
    } = fee_case(t);
    ok(step(t, &clerk, &a.number, json!({ "step": "accept" })));
    let s: PaymentStart = start_payment(&citizen, &a.number).json();
    let page = call("GET", &s.pay_url).clock(t).send();
    assert_eq!(page.status, 200);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert!(page.body.contains("40.00 元") && page.body.contains("肆拾元整"));
    assert!(
        page.body.contains("不会产生真实扣款"),
        "the sandbox says it is one"
    );
    let token = page_token(&page.body);
    let submit = |form: &str| {
        call("POST", &s.pay_url)
            .no_csrf()
            .no_redirect()
            .clock(t)
            .raw("application/x-www-form-urlencoded", form)
            .send()
    };
    // A form without the page's token is refused.
    let r = submit("token=0000&outcome=paid");
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (401, "payment.signature")
    );
    // Cancelling returns to the application, still to pay.
    let r = submit(&format!("token={token}&outcome=cancel"));
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/applications/{}?payment=cancelled", a.number).as_str())
    );
    assert_eq!(
        mine(&citizen, &a.number).payment.unwrap().state,
        Some(PayState::Pending)
    );
    // Paying returns to the application, paid.
    let r = submit(&format!("token={token}&outcome=paid"));
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/applications/{}?payment=paid", a.number).as_str())
    );
    let p = mine(&citizen, &a.number).payment.unwrap();
    assert_eq!(p.state, Some(PayState::Paid));
    assert!(p.provider.contains("沙箱"));
    // The page now says so and offers no form.
    let page = call("GET", &s.pay_url).clock(t).send();
    assert!(page.body.contains("已缴费") && !page.body.contains("<form"));
    // Withdrawn: refunded.
    let w = ok(call(
        "POST",
        &format!("/api/v1/applications/{}/withdraw", a.number),
    )
    .cookie(&citizen)
    .send());
    let p = w.payment.unwrap();
    assert_eq!(p.state, Some(PayState::Refunded));
    assert!(p.refund.unwrap().reason.contains("撤回"));
    // A free item has no payment.
    let free = ok(receive(
        t,
        &clerk,
        FAMILY,
        &who,
        &["received", "received", "received", "received"],
        &key(),
    ));
    assert!(mine(&citizen, &free.number).payment.is_none());
    ok(step(t, &clerk, &free.number, json!({ "step": "accept" })));
    let r = start_payment(&citizen, &free.number);
    assert_eq!((r.status, error_code(&r).as_str()), (409, "payment.no_fee"));
}

#[test]
fn the_applicant_signs_the_rongque_commitment_online_before_acceptance() {
    let t = at("2026-12-10", 10);
    let who = applicant();
    let citizen = citizen_with_id(&who);
    let apply = |item: &str| {
        ok(call("POST", "/api/v1/applications")
            .cookie(&citizen)
            .json(json!({ "item": item, "hall": "city", "ready": [0, 1, 3], "idempotency_key": key() }))
            .send())
    };
    let sign = |cookie: &str, number: &str| {
        call("POST", &format!("/api/v1/applications/{number}/commitment"))
            .cookie(cookie)
            .send()
    };
    let a = apply(FOOD);
    let c = a.commitment.clone().unwrap();
    assert!(c.can_sign && c.signed_at.is_none(), "{c:?}");
    assert!(c.text.contains("失信名单"));
    // Only the applicant signs; twice is harmless and records one event.
    let stranger = stranger();
    assert_eq!(sign(&stranger, &a.number).status, 404);
    let s = ok(sign(&citizen, &a.number));
    let signed = s.commitment.clone().unwrap();
    assert!(signed.signed_at.is_some() && !signed.can_sign);
    let again = ok(sign(&citizen, &a.number));
    assert_eq!(again.commitment.unwrap().signed_at, signed.signed_at);
    assert_eq!(
        again.events.iter().filter(|e| e.step == "commit").count(),
        1
    );
    // The clerk accepts with 容缺 without ticking a paper signature.
    let clerk = staff_at("clerk", t);
    let staff_view = ok(
        call("GET", &format!("/api/v1/staff/applications/{}", a.number))
            .clock(t)
            .cookie(&clerk)
            .send(),
    );
    assert_eq!(staff_view.commitment.unwrap().signed_at, signed.signed_at);
    let acc = ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "accept_rongque", "materials": [
            { "index": 0, "state": "received" }, { "index": 1, "state": "received" },
            { "index": 2, "state": "missing" }, { "index": 3, "state": "received" }
        ] }),
    ));
    assert_eq!(acc.status, Status::AcceptedRongque);
    assert!(
        acc.events.last().unwrap().note.contains("在线签署"),
        "{:?}",
        acc.events.last()
    );
    match &acc.events.last().unwrap().said {
        Some(hall_domain::said::Said::Rongque {
            online: true,
            materials,
            deadline,
            due,
        }) => {
            assert_eq!(materials.len(), 1, "{materials:?}");
            assert!(deadline <= due);
        }
        other => panic!("the 容缺 acceptance by code: {other:?}"),
    }
    // Online application, signature and acceptance: each in the hall's words, by code, with
    // the 简体 note the same words.
    let codes: Vec<String> = acc
        .events
        .iter()
        .filter_map(|e| e.said.as_ref().map(|s| s.code()))
        .collect();
    assert_eq!(codes, ["applied_online", "commitment", "rongque"]);
    for e in &acc.events {
        assert_eq!(Some(e.note.clone()), e.said.as_ref().map(|s| s.zh()));
    }
    // Supplied at once (so the scheduled job the other tests run never lists this applicant).
    ok(step(
        t,
        &clerk,
        &a.number,
        json!({ "step": "supply", "materials": [{ "index": 2, "state": "received" }] }),
    ));
    // An item without 容缺 has no commitment to sign.
    let fam = apply(FAMILY);
    assert!(fam.commitment.is_none());
    let r = sign(&citizen, &fam.number);
    assert_eq!(
        (r.status, error_code(&r).as_str()),
        (409, "application.step_illegal")
    );
}

#[test]
fn an_officer_reads_only_the_applications_of_their_departments() {
    let t = at("2026-12-07", 10);
    let clerk = staff_at("clerk", t);
    let a = ok(receive(
        t,
        &clerk,
        FAMILY,
        &applicant(),
        &["received", "received", "received", "received"],
        &key(),
    ));
    let open = |staff: &str| {
        call("GET", &format!("/api/v1/staff/applications/{}", a.number))
            .clock(t)
            .cookie(staff)
            .send()
    };
    let listed = |staff: &str| {
        let list: ApplicationList = call("GET", "/api/v1/staff/applications")
            .clock(t)
            .cookie(staff)
            .send()
            .json();
        list.applications.iter().any(|x| x.number == a.number)
    };
    // 市场监管局's officer: another department's application is not there at all.
    let other = staff_at("officer_sc", t);
    let r = open(&other);
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(!r.body.contains("张三丰"));
    assert!(!listed(&other));
    // 公安局's officer and the clerks who received it read it.
    let own = staff_at("officer", t);
    assert_eq!(open(&own).status, 200);
    assert!(listed(&own));
    assert_eq!(open(&clerk).status, 200);
}
