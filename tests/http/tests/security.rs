//! What a clever client tries: racing the password lock-out, keeping sessions alive after a
//! password change, and a test clock set far ahead. Each test failed before its fix.

#![allow(clippy::unwrap_used)]

use hall_http_tests::{
    call, citizen_sign_in, error_code, new_staff, now, outbox_code, session_cookie, staff_sign_in,
    unique_client, unique_phone, DEMO_PASSWORD,
};
use serde_json::json;

/// A new staff account with `role`, made by the demo administrators; returns its username.
fn new_account(prefix: &str, role: &str, password: &str) -> String {
    let username = format!("{prefix}.{}", unique_client().replace('.', ""));
    new_staff(
        json!({ "username": username, "display_name": "测试", "initial_password": password }),
        &[role],
    );
    username
}

#[test]
fn parallel_wrong_passwords_each_count() {
    let username = new_account("race", "consultation_officer", "Start2026pass");
    // Ten wrong passwords at once, each from its own address (no client limit is reached).
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let username = username.clone();
            std::thread::spawn(move || {
                call("POST", "/api/v1/staff/sign-in")
                    .client(&unique_client())
                    .json(json!({ "username": username, "password": "Wrong2026pass" }))
                    .send()
            })
        })
        .collect();
    let replies: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    for r in &replies {
        assert!(matches!(r.status, 401 | 423), "{}", r.body);
    }
    // Ten failures are more than five: the account is locked, even for the right password.
    let r = call("POST", "/api/v1/staff/sign-in")
        .client(&unique_client())
        .json(json!({ "username": username, "password": "Start2026pass" }))
        .send();
    assert_eq!(r.status, 423, "{}", r.body);
    assert_eq!(error_code(&r), "staff.locked");
}

#[test]
fn a_password_change_ends_the_other_sessions() {
    let username = new_account("pwend", "content_editor", "Start2026pass");
    let here = staff_sign_in(&username, "Start2026pass");
    let other = staff_sign_in(&username, "Start2026pass");
    let me = |cookie: &str| call("GET", "/api/v1/staff/me").cookie(cookie).send().status;
    assert_eq!(me(&other), 200);
    let r = call("POST", "/api/v1/staff/password")
        .cookie(&here)
        .json(json!({ "current": "Start2026pass", "new": "Better2026pass" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(me(&here), 200, "the session that changed it goes on");
    assert_eq!(me(&other), 401, "every other session ends");
}

#[test]
fn a_test_clock_far_ahead_ends_no_live_session() {
    let phone = unique_phone("137");
    let cookie = citizen_sign_in(&phone, &unique_client());
    // Another citizen signs in with the clock 40 days ahead: the sign-in prunes sessions.
    let later = now() + 40 * 24 * 3600;
    let other = unique_phone("137");
    let client = unique_client();
    let r = call("POST", "/api/v1/auth/code")
        .client(&client)
        .clock(later)
        .json(json!({ "phone": other }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call("POST", "/api/v1/auth/verify")
        .client(&client)
        .clock(later)
        .json(json!({ "phone": other, "code": outbox_code(&other) }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    session_cookie(&r, "hall_citizen");
    let r = call("GET", "/api/v1/me").cookie(&cookie).send();
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn a_test_clock_far_ahead_keeps_the_hours_rate_counters() {
    let client = unique_client();
    let code = |phone: &str, client: &str, clock: Option<i64>| {
        let c = call("POST", "/api/v1/auth/code")
            .client(client)
            .json(json!({ "phone": phone }));
        match clock {
            Some(t) => c.clock(t),
            None => c,
        }
        .send()
    };
    for i in 0..hall_domain::account::CODES_PER_CLIENT_HOUR {
        let r = code(&unique_phone("136"), &client, None);
        assert_eq!(r.status, 200, "code {i}: {}", r.body);
    }
    // A request with the clock 40 days ahead prunes old rate windows.
    let r = code(
        &unique_phone("136"),
        &unique_client(),
        Some(now() + 40 * 24 * 3600),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // This hour's count for the client still stands.
    let r = code(&unique_phone("136"), &client, None);
    assert_eq!(r.status, 429, "{}", r.body);
}

/// A key no earlier request used.
fn fresh_key(tag: &str) -> String {
    format!("{tag}-{}", unique_client().replace('.', "-"))
}

/// Sends `bodies[i]` with `cookies[i]` to `path`, all at the same moment.
fn at_once(
    path: &str,
    cookies: &[String],
    bodies: &[serde_json::Value],
) -> Vec<hall_http_tests::Reply> {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(cookies.len()));
    let threads: Vec<_> = cookies
        .iter()
        .cloned()
        .zip(bodies.iter().cloned())
        .map(|(cookie, body)| {
            let (barrier, path) = (barrier.clone(), path.to_string());
            std::thread::spawn(move || {
                barrier.wait();
                call("POST", &path).cookie(&cookie).json(body).send()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

fn complaint_body(facts: &str, key: &str) -> serde_json::Value {
    json!({ "category": "conduct", "window": "A01", "staff_no": "GZ0012", "item": "GA-HZ-004",
            "facts": facts, "confidential": false, "idempotency_key": key })
}

#[test]
fn two_citizens_racing_with_one_key_each_keep_their_own_complaint() {
    let cookies: Vec<String> = (0..2)
        .map(|_| citizen_sign_in(&unique_phone("135"), &unique_client()))
        .collect();
    for round in 0..3 {
        let key = fresh_key("race");
        let facts: Vec<String> = (0..2)
            .map(|i| {
                format!("第{round}轮第{i}位群众：窗口工作人员态度生硬，不解释材料为什么不合格。")
            })
            .collect();
        let bodies: Vec<_> = facts.iter().map(|f| complaint_body(f, &key)).collect();
        let replies = at_once("/api/v1/complaints", &cookies, &bodies);
        let mut numbers = Vec::new();
        for (r, f) in replies.iter().zip(&facts) {
            assert_eq!(r.status, 200, "{}", r.body);
            let v = r.value();
            assert_eq!(v["facts"], f.as_str(), "a caller got another's complaint");
            numbers.push(v["no"].as_str().unwrap().to_string());
        }
        assert_ne!(numbers[0], numbers[1]);
        for (cookie, no) in cookies.iter().zip(&numbers) {
            let r = call("GET", &format!("/api/v1/complaints/{no}"))
                .cookie(cookie)
                .send();
            assert_eq!(
                r.status, 200,
                "each complaint is its own caller's: {}",
                r.body
            );
        }
    }
}

#[test]
fn two_citizens_racing_with_one_key_each_keep_their_own_question() {
    let cookies: Vec<String> = (0..2)
        .map(|_| citizen_sign_in(&unique_phone("135"), &unique_client()))
        .collect();
    for round in 0..3 {
        let key = fresh_key("ask");
        let questions: Vec<String> = (0..2)
            .map(|i| format!("第{round}轮问题{i}：办理居住证需要带什么材料？"))
            .collect();
        let bodies: Vec<_> = questions
            .iter()
            .map(|q| json!({ "item": "GA-HZ-004", "question": q, "idempotency_key": key }))
            .collect();
        let replies = at_once("/api/v1/consultations", &cookies, &bodies);
        for (r, q) in replies.iter().zip(&questions) {
            assert_eq!(r.status, 200, "{}", r.body);
            assert_eq!(
                r.value()["question"],
                q.as_str(),
                "a caller got another's question"
            );
        }
    }
}

#[test]
fn a_key_with_another_body_is_refused_and_the_same_body_answers_the_first_record() {
    let cookie = citizen_sign_in(&unique_phone("135"), &unique_client());
    let key = fresh_key("same");
    let first = complaint_body("窗口工作人员态度生硬，让我来回跑了三次，希望改进。", &key);
    let r = call("POST", "/api/v1/complaints")
        .cookie(&cookie)
        .json(first.clone())
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let no = r.value()["no"].clone();
    // The same request again (key order and spacing do not matter): the first complaint.
    let r = call("POST", "/api/v1/complaints")
        .cookie(&cookie)
        .raw(
            "application/json",
            &format!(
                "{{ \"idempotency_key\": \"{key}\", {} }}",
                first
                    .as_object()
                    .unwrap()
                    .iter()
                    .filter(|(k, _)| *k != "idempotency_key")
                    .map(|(k, v)| format!("\"{k}\" : {v}"))
                    .collect::<Vec<_>>()
                    .join(" , ")
            ),
        )
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.value()["no"], no);
    // Another body under the same key: refused, nothing stored.
    let other = complaint_body("另一件事：大厅空调太冷，等候区没有热水。", &key);
    let r = call("POST", "/api/v1/complaints")
        .cookie(&cookie)
        .json(other)
        .send();
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(error_code(&r), "idempotency.mismatch");
    let list = call("GET", "/api/v1/complaints")
        .cookie(&cookie)
        .send()
        .value();
    assert_eq!(list["complaints"].as_array().unwrap().len(), 1, "{list}");

    // Two different bodies at once under one key: one is stored, the other refused.
    let key = fresh_key("both");
    let bodies = vec![
        complaint_body("同时提交一：窗口工作人员态度生硬，不解释材料。", &key),
        complaint_body("同时提交二：等候区座位不够，老人只能站着。", &key),
    ];
    let replies = at_once(
        "/api/v1/complaints",
        &[cookie.clone(), cookie.clone()],
        &bodies,
    );
    let mut statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 422], "{replies:?}");

    // The same body twice at once: one complaint, the same answer to both.
    let key = fresh_key("twice");
    let body = complaint_body("重复提交：叫号屏不显示窗口号，错过了叫号。", &key);
    let replies = at_once(
        "/api/v1/complaints",
        &[cookie.clone(), cookie.clone()],
        &[body.clone(), body],
    );
    assert_eq!(replies[0].status, 200, "{}", replies[0].body);
    assert_eq!(replies[1].status, 200, "{}", replies[1].body);
    assert_eq!(replies[0].value()["no"], replies[1].value()["no"]);
    let list = call("GET", "/api/v1/complaints")
        .cookie(&cookie)
        .send()
        .value();
    assert_eq!(list["complaints"].as_array().unwrap().len(), 3, "{list}");
}

#[test]
fn complaint_numbers_carry_65_random_bits() {
    let cookie = citizen_sign_in(&unique_phone("135"), &unique_client());
    let r = call("POST", "/api/v1/complaints")
        .cookie(&cookie)
        .json(complaint_body(
            "叫号屏不显示窗口号，错过了两次叫号。",
            &fresh_key("no"),
        ))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let no = r.value()["no"].as_str().unwrap().to_string();
    assert!(hall_domain::codes::is_complaint_number(&no), "{no}");
    assert_eq!(no.len(), 2 + 8 + hall_domain::codes::RANDOM_CHARS, "{no}");
}

#[test]
fn ticket_numbers_never_repeat_in_a_day_past_999() {
    // 10:00 China time on a working day about 200 days ahead, when no other test queues here
    // and the hall is open.
    let date = hall_http_tests::working_day_ahead(200);
    let day = date.days_since_epoch();
    let at =
        hall_domain::booking::unix_of(date, hall_domain::booking::TimeOfDay::new(10, 0).unwrap());
    let threads: Vec<_> = (0..4)
        .map(|t| {
            std::thread::spawn(move || {
                (0..251)
                    .map(|i| {
                        let r = call("POST", "/api/v1/halls/haizhu/tickets")
                            .clock(at)
                            .json(json!({ "item": "MZ-HY-001", "idempotency_key": format!("many-{day}-{t}-{i}") }))
                            .send();
                        assert_eq!(r.status, 200, "{}", r.body);
                        r.value()["number"].as_str().unwrap().to_string()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut numbers: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(numbers.len(), 1004);
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 1004, "a ticket number was issued twice");
    for n in ["E001", "E999", "E1000", "E1004"] {
        assert!(numbers.iter().any(|x| x == n), "{n} missing");
    }
}

#[test]
fn a_window_assignment_reaches_only_its_own_halls_window() {
    let admin = staff_sign_in("admin", DEMO_PASSWORD);
    let username = format!("win.{}", unique_client().replace('.', ""));
    // A bare window code is no assignment (codes repeat across halls), nor is a window the
    // hall does not have.
    for (windows, _why) in [
        (json!(["01"]), "no hall"),
        (json!(["tianhe/Z9"]), "no such window"),
    ] {
        let r = call("POST", "/api/v1/admin/staff")
            .cookie(&admin)
            .json(json!({
                "username": username, "display_name": "测试", "initial_password": "Start2026pass",
                "windows": windows, "reason": "窗口分配测试"
            }))
            .send();
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.value()["fields"]["windows"].is_string(), "{}", r.body);
    }
    new_staff(
        json!({
            "username": username, "display_name": "测试", "initial_password": "Start2026pass",
            "windows": ["tianhe/01"]
        }),
        &["window_clerk"],
    );
    let clerk = staff_sign_in(&username, "Start2026pass");
    // Window 01 of haizhu has the same code: not this clerk's.
    let r = call("POST", "/api/v1/staff/windows/haizhu/01/open")
        .cookie(&clerk)
        .send();
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(error_code(&r), "window.not_yours");
    let list = call("GET", "/api/v1/staff/windows")
        .cookie(&clerk)
        .send()
        .value();
    let halls: Vec<&str> = list["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["hall_code"].as_str().unwrap())
        .collect();
    assert_eq!(halls, ["tianhe"], "{list}");
}

#[test]
fn pages_carry_a_real_content_security_policy_and_no_inline_script() {
    for path in ["/", "/search", "/me", "/progress", "/window", "/kiosk/city"] {
        let r = hall_http_tests::get(path);
        assert_eq!(r.status, 200, "{path}");
        let csp = r
            .headers
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        for part in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval';",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'self'",
        ] {
            assert!(csp.contains(part), "{path}: {part} missing from {csp}");
        }
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_default();
        assert!(
            !scripts.contains("unsafe-inline") && !scripts.contains("'unsafe-eval'"),
            "{path}: {scripts}"
        );
        assert_eq!(
            r.headers.get("x-content-type-options").map(String::as_str),
            Some("nosniff")
        );
        // Every script is a file of the site, loaded with its integrity.
        for tag in r.body.split("<script").skip(1) {
            let head = tag.split('>').next().unwrap_or_default();
            assert!(
                head.contains("src="),
                "{path}: an inline script: <script{head}>"
            );
        }
        // The start script and the glue it names are served, as scripts, not sniffed.
        let boot = r
            .body
            .split("src=")
            .filter_map(|s| s.split([' ', '>']).next())
            .find(|s| s.contains("boot-"))
            .unwrap_or_else(|| panic!("{path}: no start script"))
            .to_string();
        let js = hall_http_tests::get(&boot);
        assert_eq!(js.status, 200, "{boot}");
        assert!(
            js.content_type.contains("javascript"),
            "{boot}: {}",
            js.content_type
        );
        assert_eq!(
            js.headers.get("x-content-type-options").map(String::as_str),
            Some("nosniff"),
            "{boot}"
        );
    }
}

#[test]
fn a_staff_session_ends_after_thirty_idle_minutes_and_twelve_hours_in_all() {
    let username = new_account("idle", "content_editor", "Start2026pass");
    let t = now();
    let cookie = staff_sign_in(&username, "Start2026pass");
    let me_at = |cookie: &str, at: i64| {
        call("GET", "/api/v1/staff/me")
            .cookie(cookie)
            .clock(at)
            .send()
    };
    // Used within 30 minutes, it goes on; each use moves the limit.
    assert_eq!(me_at(&cookie, t + 29 * 60).status, 200);
    assert_eq!(me_at(&cookie, t + 58 * 60).status, 200);
    // 30 minutes without a request: it ends, and says why.
    let r = me_at(&cookie, t + 88 * 60);
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(error_code(&r), "auth.session_idle");
    // Ended for good, whatever the clock.
    let r = me_at(&cookie, t + 58 * 60 + 60);
    assert_eq!(r.status, 401);
    assert_eq!(error_code(&r), "auth.required");

    // Busy all day: still ends 12 hours after sign-in.
    let t = now();
    let cookie = staff_sign_in(&username, "Start2026pass");
    let mut at = t;
    while at < t + 12 * 3600 - 20 * 60 {
        at += 20 * 60;
        assert_eq!(me_at(&cookie, at).status, 200, "at +{} min", (at - t) / 60);
    }
    let r = me_at(&cookie, t + 12 * 3600 + 60);
    assert_eq!(r.status, 401, "{}", r.body);
}

#[test]
fn security_events_are_audited_and_the_audit_trail_exports_as_csv() {
    let username = new_account("evt", "consultation_officer", "Start2026pass");
    let client = unique_client();
    let sign_in = |name: &str, password: &str| {
        call("POST", "/api/v1/staff/sign-in")
            .client(&client)
            .json(json!({ "username": name, "password": password }))
            .send()
    };
    for _ in 0..5 {
        sign_in(&username, "Wrong2026pass");
    }
    // A name nobody has (perhaps a password typed in the wrong field) is not kept.
    let typed = format!("Typed{}Secret", unique_client().replace('.', ""));
    assert_eq!(sign_in(&typed, "Whatever2026").status, 401);
    // A role refused, and a request without the same-origin proof.
    let clerk = staff_sign_in("clerk", DEMO_PASSWORD);
    assert_eq!(
        call("GET", "/api/v1/admin/staff")
            .cookie(&clerk)
            .send()
            .status,
        403
    );
    let r = call("PUT", "/api/v1/me")
        .client(&client)
        .no_csrf()
        .json(json!({ "name": "x" }))
        .send();
    assert_eq!(r.status, 403);

    let auditor = staff_sign_in("auditor", DEMO_PASSWORD);
    let r = call("GET", "/api/v1/admin/audit.csv")
        .cookie(&auditor)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.content_type.starts_with("text/csv"), "{}", r.content_type);
    assert!(r
        .body
        .starts_with("id,time,actor_id,actor_username,actor_role"));
    let lines: Vec<&str> = r.body.lines().collect();
    let of = |action: &str, who: &str| {
        lines
            .iter()
            .filter(|l| l.contains(&format!(",{action},")) && l.contains(who))
            .count()
    };
    assert_eq!(of("security.sign_in_failed", &username), 4, "{}", r.body);
    assert_eq!(of("security.locked", &username), 1);
    assert!(of("security.forbidden", ",clerk,") >= 1);
    assert!(lines
        .iter()
        .any(|l| l.contains(",security.csrf,route,/api/v1/me,")));
    assert!(!r.body.contains(&typed), "a typed name was kept");
    let masked = client.rsplit_once('.').unwrap().0.to_string() + ".*";
    assert!(r.body.contains(&masked) && !r.body.contains(&format!("{client},")));
    // Only the audit trail's readers export it; dates are checked.
    assert_eq!(
        call("GET", "/api/v1/admin/audit.csv")
            .cookie(&clerk)
            .send()
            .status,
        403
    );
    for q in [
        "?from=2026-13-01",
        "?from=2026-01-01&to=2026-12-31",
        "?from=2026-12-08&to=2026-12-01",
    ] {
        let r = call("GET", &format!("/api/v1/admin/audit.csv{q}"))
            .cookie(&auditor)
            .send();
        assert_eq!(r.status, 400, "{q}: {}", r.body);
    }
}

#[test]
fn staff_sign_in_with_a_second_factor_each_code_once() {
    use hall_domain::totp::{code_at, unbase32, STEP_SECS};
    let username = new_account("totp", "content_editor", "Start2026pass");
    let t = now();
    let cookie = staff_sign_in(&username, "Start2026pass");
    let post = |path: &str, cookie: &str, body: serde_json::Value, at: i64| {
        call("POST", path)
            .cookie(cookie)
            .clock(at)
            .json(body)
            .send()
    };
    let r = post("/api/v1/staff/totp/enrol", &cookie, json!({}), t);
    assert_eq!(r.status, 200, "{}", r.body);
    let e = r.value();
    let secret = unbase32(e["secret"].as_str().unwrap()).unwrap();
    assert_eq!(secret.len(), 20);
    assert!(e["otpauth_uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/"));
    assert!(e["qr_svg"].as_str().unwrap().contains("<svg"));
    // A wrong first code turns nothing on; the right one does, with ten recovery codes.
    let wrong = if code_at(&secret, t) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let r = post(
        "/api/v1/staff/totp/confirm",
        &cookie,
        json!({ "code": wrong }),
        t,
    );
    assert_eq!((r.status, error_code(&r)), (401, "staff.totp_wrong".into()));
    let r = post(
        "/api/v1/staff/totp/confirm",
        &cookie,
        json!({ "code": code_at(&secret, t) }),
        t,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let recovery: Vec<String> = r.value()["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(recovery.len(), 10);
    let me = call("GET", "/api/v1/staff/me")
        .cookie(&cookie)
        .clock(t)
        .send()
        .value();
    assert_eq!(me["totp_enabled"], true);

    let sign_in = |totp: Option<&str>, at: i64| {
        let mut body = json!({ "username": username, "password": "Start2026pass" });
        if let Some(c) = totp {
            body["totp"] = json!(c);
        }
        call("POST", "/api/v1/staff/sign-in")
            .client(&unique_client())
            .clock(at)
            .json(body)
            .send()
    };
    let r = sign_in(None, t + STEP_SECS);
    assert_eq!(
        (r.status, error_code(&r)),
        (401, "staff.totp_required".into())
    );
    let later = t + 2 * STEP_SECS;
    let code = code_at(&secret, later);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = sign_in(Some(wrong), later);
    assert_eq!((r.status, error_code(&r)), (401, "staff.totp_wrong".into()));
    let r = sign_in(Some(&code), later);
    assert_eq!(r.status, 200, "{}", r.body);
    // The same code again (a replay): refused.
    let r = sign_in(Some(&code), later);
    assert_eq!((r.status, error_code(&r)), (401, "staff.totp_wrong".into()));
    // A recovery code works once, however typed.
    let typed = recovery[3].to_lowercase().replace('-', " ");
    assert_eq!(sign_in(Some(&typed), later).status, 200);
    let r = sign_in(Some(&recovery[3]), later);
    assert_eq!((r.status, error_code(&r)), (401, "staff.totp_wrong".into()));
}
