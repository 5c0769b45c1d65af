//! Accounts over real HTTP: the citizen code flow, sessions, cross-site protection, staff
//! sign-in and lock-out, administration, "who read my data", and the authorisation matrix.

#![allow(clippy::unwrap_used)]

use hall_domain::access::{can, Action, Resource, Role};
use hall_domain::dto::{
    AuditList, CitizenMatches, CitizenProfile, CitizenRecord, CodeSent, DataReadList, MyMatters,
    StaffAccount, StaffMe,
};
use hall_domain::error::ErrorBody;
use hall_http_tests::{
    call, citizen_sign_in, new_staff, now, outbox, outbox_code, real_name_sign_in, register,
    resident_id_born, session_cookie, staff_sign_in, unique_client, unique_phone, Reply, Resident,
    DEMO_PASSWORD,
};
use serde_json::json;

fn code_request(phone: &str, client: &str, clock: Option<i64>) -> Reply {
    let c = call("POST", "/api/v1/auth/code")
        .client(client)
        .json(json!({ "phone": phone }));
    match clock {
        Some(t) => c.clock(t),
        None => c,
    }
    .send()
}

fn verify(phone: &str, code: &str, client: &str, clock: Option<i64>) -> Reply {
    let c = call("POST", "/api/v1/auth/verify")
        .client(client)
        .json(json!({ "phone": phone, "code": code }));
    match clock {
        Some(t) => c.clock(t),
        None => c,
    }
    .send()
}

fn error(r: &Reply, status: u16, code: &str) -> ErrorBody {
    assert_eq!(r.status, status, "{}", r.body);
    let body: ErrorBody = r.json();
    assert_eq!(body.code, code, "{}", r.body);
    assert!(!body.message.is_empty() && !body.message_en.is_empty());
    assert_eq!(r.cache_control, "no-store");
    body
}

/// A different code than `code`.
fn wrong(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

/// An hour-aligned clock, so that a test's requests fall into one rate window.
fn hour_start() -> i64 {
    let t = now();
    t - t % 3600
}

#[test]
fn a_citizen_signs_in_with_a_code() {
    let phone = unique_phone("139");
    let client = unique_client();
    let r = code_request(&phone, &client, None);
    assert_eq!(r.status, 200, "{}", r.body);
    let sent: CodeSent = r.json();
    assert_eq!(sent.resend_after_secs, 60);
    assert_eq!(sent.expires_in_secs, 300);
    assert_eq!(
        sent.phone_masked,
        format!("{}****{}", &phone[..3], &phone[7..])
    );
    assert_eq!(r.cache_control, "no-store");

    let code = outbox_code(&phone);
    let r = verify(&phone, &code, &client, None);
    assert_eq!(r.status, 200, "{}", r.body);
    let cookie_line = r
        .set_cookie
        .iter()
        .find(|c| c.starts_with("hall_citizen="))
        .unwrap();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/api"] {
        assert!(cookie_line.contains(attr), "{cookie_line}");
    }
    assert!(
        !cookie_line.contains("Secure"),
        "plain-HTTP localhost: {cookie_line}"
    );
    let cookie = session_cookie(&r, "hall_citizen");

    let me = call("GET", "/api/v1/me").cookie(&cookie).send();
    assert_eq!(me.status, 200, "{}", me.body);
    let profile: CitizenProfile = me.json();
    assert_eq!(profile.phone, phone);
    assert_eq!(profile.name, None);

    // A code works once.
    error(&verify(&phone, &code, &client, None), 400, "otp.expired");

    // Every list of My Hall exists and is empty for a new account; applications wait for
    // real-name sign-in.
    let matters: MyMatters = call("GET", "/api/v1/me/matters")
        .cookie(&cookie)
        .send()
        .json();
    assert_eq!(
        matters,
        MyMatters {
            applications_need_real_name: true,
            ..MyMatters::default()
        }
    );
}

#[test]
fn unknown_and_known_numbers_get_the_same_answer() {
    let known = unique_phone("139");
    citizen_sign_in(&known, &unique_client());
    let a = code_request(&known, &unique_client(), Some(now() + 120));
    let b = code_request(&unique_phone("139"), &unique_client(), Some(now() + 120));
    assert_eq!((a.status, b.status), (200, 200));
    let (a, b): (CodeSent, CodeSent) = (a.json(), b.json());
    assert_eq!(
        (a.resend_after_secs, a.expires_in_secs),
        (b.resend_after_secs, b.expires_in_secs)
    );
}

#[test]
fn five_wrong_codes_exhaust_the_code() {
    let phone = unique_phone("139");
    let client = unique_client();
    assert_eq!(code_request(&phone, &client, None).status, 200);
    let code = outbox_code(&phone);
    for remaining in (1..=4).rev() {
        let body = error(
            &verify(&phone, &wrong(&code), &client, None),
            400,
            "otp.wrong",
        );
        assert!(
            body.message.contains(&format!("{remaining} 次")),
            "{}",
            body.message
        );
    }
    error(
        &verify(&phone, &wrong(&code), &client, None),
        400,
        "otp.exhausted",
    );
    // Now even the right code is refused; a new code is needed.
    error(&verify(&phone, &code, &client, None), 400, "otp.exhausted");
    assert_eq!(code_request(&phone, &client, Some(now() + 61)).status, 200);
    let fresh = outbox_code(&phone);
    assert_eq!(
        verify(&phone, &fresh, &client, Some(now() + 62)).status,
        200
    );
}

#[test]
fn a_code_expires_after_five_minutes() {
    let phone = unique_phone("139");
    let client = unique_client();
    let t0 = now();
    assert_eq!(code_request(&phone, &client, Some(t0)).status, 200);
    let code = outbox_code(&phone);
    error(
        &verify(&phone, &code, &client, Some(t0 + 300)),
        400,
        "otp.expired",
    );
    // The last second of its life still works.
    assert_eq!(code_request(&phone, &client, Some(t0 + 400)).status, 200);
    let code = outbox_code(&phone);
    assert_eq!(verify(&phone, &code, &client, Some(t0 + 699)).status, 200);
}

#[test]
fn a_new_code_waits_sixty_seconds() {
    let phone = unique_phone("139");
    let client = unique_client();
    let t0 = now();
    assert_eq!(code_request(&phone, &client, Some(t0)).status, 200);
    let r = code_request(&phone, &client, Some(t0 + 30));
    let body = error(&r, 429, "otp.resend_too_soon");
    assert_eq!(r.retry_after.as_deref(), Some("30"));
    assert!(body.message.contains("30 秒"), "{}", body.message);
    assert_eq!(code_request(&phone, &client, Some(t0 + 60)).status, 200);
}

#[test]
fn codes_are_limited_per_number_and_per_client() {
    let t0 = hour_start() + 3 * 3600;
    // Five codes an hour to one number, whatever the client.
    let phone = unique_phone("139");
    for i in 0..5 {
        let r = code_request(&phone, &unique_client(), Some(t0 + i * 61));
        assert_eq!(r.status, 200, "code {i}: {}", r.body);
    }
    let r = code_request(&phone, &unique_client(), Some(t0 + 5 * 61));
    error(&r, 429, "rate.limited");
    assert!(r.retry_after.is_some());
    // The next hour the number may receive codes again.
    assert_eq!(
        code_request(&phone, &unique_client(), Some(t0 + 3600)).status,
        200
    );

    // Twenty codes an hour from one client address, whatever the numbers.
    let client = unique_client();
    for i in 0..20 {
        let r = code_request(&unique_phone("139"), &client, Some(t0));
        assert_eq!(r.status, 200, "code {i}: {}", r.body);
    }
    error(
        &code_request(&unique_phone("139"), &client, Some(t0)),
        429,
        "rate.limited",
    );
}

#[test]
fn bad_input_is_named_field_by_field() {
    let client = unique_client();
    let r = call("POST", "/api/v1/auth/code")
        .client(&client)
        .json(json!({ "phone": "12345" }))
        .send();
    let body = error(&r, 400, "input.invalid");
    assert!(body.fields.unwrap().contains_key("phone"));
    let r = verify("12345", "12", &client, None);
    let fields = error(&r, 400, "input.invalid").fields.unwrap();
    assert!(fields.contains_key("phone") && fields.contains_key("code"));
    let r = call("POST", "/api/v1/auth/code")
        .client(&client)
        .header("content-type", "application/json")
        .send();
    error(&r, 400, "body.invalid");
    let r = call("POST", "/api/v1/auth/code")
        .client(&client)
        .json(json!({ "phone": "1".repeat(20_000) }))
        .send();
    error(&r, 413, "body.too_large");
}

#[test]
fn sessions_expire_and_are_revoked() {
    let phone = unique_phone("139");
    let client = unique_client();
    let a = citizen_sign_in(&phone, &client);
    let me = |cookie: &str, clock: Option<i64>| {
        let c = call("GET", "/api/v1/me").cookie(cookie);
        match clock {
            Some(t) => c.clock(t),
            None => c,
        }
        .send()
        .status
    };
    let t = now();
    assert_eq!(me(&a, Some(t + 7 * 24 * 3600 - 60)), 200);
    assert_eq!(me(&a, Some(t + 7 * 24 * 3600 + 60)), 401);

    // Two more devices.
    assert_eq!(code_request(&phone, &client, Some(now() + 61)).status, 200);
    let b = session_cookie(
        &verify(&phone, &outbox_code(&phone), &client, Some(now() + 62)),
        "hall_citizen",
    );
    assert_eq!(code_request(&phone, &client, Some(now() + 122)).status, 200);
    let c = session_cookie(
        &verify(&phone, &outbox_code(&phone), &client, Some(now() + 123)),
        "hall_citizen",
    );
    // Signing out ends only this device's session, and clears its cookie.
    let r = call("POST", "/api/v1/auth/sign-out").cookie(&a).send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r
        .set_cookie
        .iter()
        .any(|c| c.starts_with("hall_citizen=;") && c.contains("Max-Age=0")));
    assert_eq!(me(&a, None), 401);
    assert_eq!(me(&b, None), 200);
    // Signing out on all devices ends the others.
    let r = call("POST", "/api/v1/me/sign-out-all").cookie(&b).send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.value()["count"], 2);
    assert_eq!(me(&b, None), 401);
    assert_eq!(me(&c, None), 401);
    // A made-up token is no session.
    assert_eq!(me(&format!("hall_citizen={}", "ab".repeat(32)), None), 401);
    assert_eq!(me("hall_citizen=garbage", None), 401);
}

#[test]
fn cross_site_requests_are_refused() {
    let client = unique_client();
    let phone = unique_phone("139");
    let body = json!({ "phone": phone });
    // No same-origin header: what a cross-site form post looks like.
    let r = call("POST", "/api/v1/auth/code")
        .no_csrf()
        .client(&client)
        .json(body.clone())
        .send();
    error(&r, 403, "auth.csrf");
    // The header, but from another site.
    let r = call("POST", "/api/v1/auth/code")
        .header("origin", "https://evil.example")
        .client(&client)
        .json(body.clone())
        .send();
    error(&r, 403, "auth.csrf");
    // A signed-in citizen's cookie does not help a forged request.
    let cookie = citizen_sign_in(&unique_phone("139"), &client);
    let r = call("POST", "/api/v1/me/sign-out-all")
        .no_csrf()
        .cookie(&cookie)
        .send();
    error(&r, 403, "auth.csrf");
    assert_eq!(call("GET", "/api/v1/me").cookie(&cookie).send().status, 200);
    // The same request from this site passes.
    let origin = hall_http_tests::base();
    let r = call("POST", "/api/v1/auth/code")
        .header("origin", &origin)
        .client(&client)
        .json(body)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn the_profile_names_its_problems_and_takes_no_identity_document() {
    let client = unique_client();
    let a = citizen_sign_in(&unique_phone("139"), &client);
    let put = |cookie: &str, body: serde_json::Value| {
        call("PUT", "/api/v1/me").cookie(cookie).json(body).send()
    };
    // Every problem at once, the document among them: it comes only from real-name sign-in.
    let r = put(
        &a,
        json!({ "name": "张3", "contact_phone": "123", "id_kind": "resident", "id_number": "110105194912310021" }),
    );
    let fields = error(&r, 400, "input.invalid").fields.unwrap();
    assert_eq!(fields.len(), 3, "{fields:?}");
    assert!(fields["id_number"].contains("统一身份认证"), "{fields:?}");

    let r = put(
        &a,
        json!({ "name": "张三", "contact_phone": "138 0013 8000" }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let p: CitizenProfile = r.json();
    assert_eq!(p.name.as_deref(), Some("张三"));
    assert_eq!(p.contact_phone.as_deref(), Some("13800138000"));
    assert_eq!(p.id_masked, None);
    assert!(!p.verified && !p.real_name_session);

    // A valid document typed in is refused just the same, and nothing is stored.
    let id = resident_id_born("1990-03");
    let r = put(&a, json!({ "id_kind": "resident", "id_number": id }));
    error(&r, 400, "input.invalid");
    let p: CitizenProfile = call("GET", "/api/v1/me").cookie(&a).send().json();
    assert_eq!(p.id_masked, None);
}

#[test]
fn staff_sign_in_locks_after_five_wrong_passwords() {
    let username = format!("lock.{}", unique_client().replace('.', ""));
    new_staff(
        json!({ "username": username, "display_name": "测试", "initial_password": "Start2026pass" }),
        &["consultation_officer"],
    );
    let client = unique_client();
    let sign_in = |password: &str| {
        call("POST", "/api/v1/staff/sign-in")
            .client(&client)
            .json(json!({ "username": username, "password": password }))
            .send()
    };
    for _ in 0..4 {
        error(&sign_in("Wrong2026pass"), 401, "staff.bad_credentials");
    }
    let r = sign_in("Wrong2026pass");
    error(&r, 423, "staff.locked");
    assert!(r.retry_after.is_some());
    // Locked: even the right password waits.
    error(&sign_in("Start2026pass"), 423, "staff.locked");
    // An unknown username reads exactly like a wrong password.
    let r = call("POST", "/api/v1/staff/sign-in")
        .client(&client)
        .json(json!({ "username": "nobody.here", "password": "Whatever2026" }))
        .send();
    error(&r, 401, "staff.bad_credentials");
}

#[test]
fn administrators_manage_staff_and_every_change_is_audited() {
    let admin = staff_sign_in("admin", DEMO_PASSWORD);
    let security = staff_sign_in("security", DEMO_PASSWORD);
    let auditor = staff_sign_in("auditor", DEMO_PASSWORD);
    let username = format!("new.{}", unique_client().replace('.', ""));
    let create = |body: serde_json::Value| {
        call("POST", "/api/v1/admin/staff")
            .cookie(&admin)
            .json(body)
            .send()
    };
    // Every problem named at once.
    let r = create(json!({
        "username": "1x", "display_name": "", "initial_password": "short",
        "departments": ["nope"], "windows": ["A-1"], "reason": ""
    }));
    let fields = error(&r, 400, "input.invalid").fields.unwrap();
    for f in [
        "username",
        "display_name",
        "initial_password",
        "departments",
        "windows",
        "reason",
    ] {
        assert!(fields.contains_key(f), "{f}: {fields:?}");
    }
    let r = create(json!({
        "username": username, "display_name": "刘窗口", "initial_password": "Start2026pass",
        "windows": ["City/b01"], "reason": "新入职窗口人员"
    }));
    assert_eq!(r.status, 200, "{}", r.body);
    let created: StaffAccount = r.json();
    assert_eq!(created.windows, vec!["city/B01"]);
    assert!(created.roles.is_empty(), "{:?}", created.roles);
    assert!(created.must_change_password);
    assert!(!r.body.contains("Start2026pass") && !r.body.contains("pbkdf2"));
    // The same username again (a retried submission) creates nothing.
    let r = create(json!({
        "username": username, "display_name": "刘窗口", "initial_password": "Start2026pass",
        "windows": ["City/b01"], "reason": "新入职窗口人员"
    }));
    error(&r, 409, "staff.username_taken");

    // The system administrator grants no role; the security administrator does.
    let grant = |who: &str, roles: serde_json::Value, reason: &str| {
        call("PUT", &format!("/api/v1/admin/staff/{}/roles", created.id))
            .cookie(who)
            .json(json!({ "roles": roles, "reason": reason }))
            .send()
    };
    let r = grant(&admin, json!(["window_clerk"]), "新入职窗口人员");
    error(&r, 403, "auth.forbidden");
    let r = grant(&security, json!(["window_clerk"]), "新入职窗口人员");
    assert_eq!(r.status, 200, "{}", r.body);
    let clerk = staff_sign_in(&username, "Start2026pass");
    let me: StaffMe = call("GET", "/api/v1/staff/me").cookie(&clerk).send().json();
    assert_eq!(me.roles, vec![Role::WindowClerk]);

    // Promote, then disable: each change audited with its reason, and disabling ends sessions.
    let r = grant(
        &security,
        json!(["window_clerk", "hall_manager"]),
        "任命为值班负责人",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call("PUT", &format!("/api/v1/admin/staff/{}", created.id))
        .cookie(&admin)
        .json(json!({
            "display_name": "刘窗口", "departments": [], "windows": ["city/B01"],
            "disabled": true, "reason": "调离大厅"
        }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        call("GET", "/api/v1/staff/me").cookie(&clerk).send().status,
        401
    );
    let r = call("POST", "/api/v1/staff/sign-in")
        .client(&unique_client())
        .json(json!({ "username": username, "password": "Start2026pass" }))
        .send();
    error(&r, 403, "staff.disabled");

    // Only the audit administrator reads the trail of that work.
    for who in [&admin, &security] {
        let r = call("GET", "/api/v1/admin/audit").cookie(who).send();
        error(&r, 403, "auth.forbidden");
    }
    let audit: AuditList = call("GET", "/api/v1/admin/audit")
        .cookie(&auditor)
        .send()
        .json();
    let mine: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.target_id == created.id)
        .collect();
    assert_eq!(mine.len(), 4, "{mine:?}");
    assert_eq!(mine[0].action, "staff.update");
    assert!(
        mine[0].detail.contains("disabled: false → true"),
        "{}",
        mine[0].detail
    );
    assert_eq!(mine[0].reason, "调离大厅");
    assert_eq!(mine[1].action, "staff.roles");
    assert!(
        mine[1]
            .detail
            .contains("roles: window_clerk → window_clerk,hall_manager"),
        "{}",
        mine[1].detail
    );
    assert_eq!(mine[1].actor_username, "security");
    assert_eq!(mine[1].actor_role, Some(Role::SecurityAdministrator));
    assert!(
        mine[2].detail.contains("roles:  → window_clerk"),
        "{}",
        mine[2].detail
    );
    assert_eq!(mine[3].action, "staff.create");
    assert_eq!(mine[3].actor_username, "admin");
    assert_eq!(mine[3].actor_role, Some(Role::SystemAdministrator));
    assert!(mine[3].client.ends_with(".*"), "{}", mine[3].client);

    // An administrator cannot lock themselves out.
    let me: StaffMe = call("GET", "/api/v1/staff/me").cookie(&admin).send().json();
    let r = call("PUT", &format!("/api/v1/admin/staff/{}", me.id))
        .cookie(&admin)
        .json(json!({
            "display_name": me.display_name, "departments": [], "windows": [],
            "disabled": true, "reason": "误操作测试"
        }))
        .send();
    let fields = error(&r, 400, "input.invalid").fields.unwrap();
    assert!(fields.contains_key("disabled"), "{fields:?}");
}

/// 三权分立: accounts, roles and the audit trail each have their own administrator, none of
/// them grants themselves anything, and one account never holds two of the three.
#[test]
fn the_three_administrators_keep_their_powers_apart() {
    let admin = staff_sign_in("admin", DEMO_PASSWORD);
    let security = staff_sign_in("security", DEMO_PASSWORD);
    let auditor = staff_sign_in("auditor", DEMO_PASSWORD);
    let manager = staff_sign_in("manager", DEMO_PASSWORD);
    let username = format!("three.{}", unique_client().replace('.', ""));
    let account = new_staff(
        json!({ "username": username, "display_name": "钱三权", "initial_password": "Start2026pass" }),
        &[],
    );
    let grant = |id: &str, roles: serde_json::Value| {
        call("PUT", &format!("/api/v1/admin/staff/{id}/roles"))
            .cookie(&security)
            .json(json!({ "roles": roles, "reason": "岗位调整" }))
            .send()
    };
    // Two administrator roles on one account: refused, each pair.
    for pair in [
        ["system_administrator", "security_administrator"],
        ["security_administrator", "audit_administrator"],
        ["system_administrator", "audit_administrator"],
    ] {
        let fields = error(&grant(&account.id, json!(pair)), 400, "input.invalid")
            .fields
            .unwrap();
        assert!(fields.contains_key("roles"), "{pair:?}: {fields:?}");
    }
    // The security administrator does not change their own roles, not even to drop one.
    let me: StaffMe = call("GET", "/api/v1/staff/me")
        .cookie(&security)
        .send()
        .json();
    for roles in [json!(["security_administrator", "hall_manager"]), json!([])] {
        let fields = error(&grant(&me.id, roles), 400, "input.invalid")
            .fields
            .unwrap();
        assert!(fields.contains_key("roles"), "{fields:?}");
    }
    // What each role needs of the account is named: an officer needs a department.
    let fields = error(
        &grant(&account.id, json!(["application_officer"])),
        400,
        "input.invalid",
    )
    .fields
    .unwrap();
    assert!(fields.contains_key("roles"), "{fields:?}");
    // One administrator role is fine.
    let r = grant(&account.id, json!(["audit_administrator"]));
    assert_eq!(r.status, 200, "{}", r.body);
    let r = grant(&account.id, json!([]));
    assert_eq!(r.status, 200, "{}", r.body);

    // Each administrator is refused the others' work.
    let create = json!({
        "username": format!("{username}x"), "display_name": "钱三权",
        "initial_password": "Start2026pass", "reason": "越权测试"
    });
    for who in [&security, &auditor, &manager] {
        let r = call("POST", "/api/v1/admin/staff")
            .cookie(who)
            .json(create.clone())
            .send();
        error(&r, 403, "auth.forbidden");
        let r = call(
            "POST",
            &format!("/api/v1/admin/staff/{}/password", account.id),
        )
        .cookie(who)
        .json(json!({ "initial_password": "Fresh2026pass", "reason": "越权测试" }))
        .send();
        error(&r, 403, "auth.forbidden");
    }
    for who in [&admin, &auditor, &manager] {
        let r = call("PUT", &format!("/api/v1/admin/staff/{}/roles", account.id))
            .cookie(who)
            .json(json!({ "roles": ["hall_manager"], "reason": "越权测试" }))
            .send();
        error(&r, 403, "auth.forbidden");
    }
    for who in [&admin, &security, &manager] {
        for path in ["/api/v1/admin/audit", "/api/v1/admin/audit.csv"] {
            let r = call("GET", path).cookie(who).send();
            error(&r, 403, "auth.forbidden");
        }
    }
    // The audit administrator reads the trail and nothing of the accounts.
    let r = call("GET", "/api/v1/admin/staff").cookie(&auditor).send();
    error(&r, 403, "auth.forbidden");
    let audit: AuditList = call("GET", "/api/v1/admin/audit")
        .cookie(&auditor)
        .send()
        .json();
    assert!(audit
        .entries
        .iter()
        .any(|e| e.action == "staff.roles" && e.target_id == account.id));
}

#[test]
fn a_system_administrator_resets_a_lost_password() {
    let admin = staff_sign_in("admin", DEMO_PASSWORD);
    let username = format!("lost.{}", unique_client().replace('.', ""));
    let account = new_staff(
        json!({ "username": username, "display_name": "孙忘记", "initial_password": "Start2026pass" }),
        &["content_editor"],
    );
    let phone = staff_sign_in(&username, "Start2026pass");
    let desk = staff_sign_in(&username, "Start2026pass");
    // Locked out by wrong passwords.
    for _ in 0..5 {
        call("POST", "/api/v1/staff/sign-in")
            .client(&unique_client())
            .json(json!({ "username": username, "password": "Wrong2026pass" }))
            .send();
    }
    let reset = |who: &str, id: &str, password: &str| {
        call("POST", &format!("/api/v1/admin/staff/{id}/password"))
            .cookie(who)
            .json(json!({ "initial_password": password, "reason": "本人忘记密码，已核验身份" }))
            .send()
    };
    // A weak password is named; the security administrator may not reset at all.
    let fields = error(&reset(&admin, &account.id, "short"), 400, "input.invalid")
        .fields
        .unwrap();
    assert!(fields.contains_key("initial_password"), "{fields:?}");
    let security = staff_sign_in("security", DEMO_PASSWORD);
    error(
        &reset(&security, &account.id, "Fresh2026pass"),
        403,
        "auth.forbidden",
    );
    let r = reset(&admin, &account.id, "Fresh2026pass");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.body.contains("Fresh2026pass"));
    let after: StaffAccount = r.json();
    assert!(after.must_change_password && after.locked_until.is_none());
    // Every session of the account ended; the old password is gone; the new one signs in.
    for cookie in [&phone, &desk] {
        assert_eq!(
            call("GET", "/api/v1/staff/me").cookie(cookie).send().status,
            401
        );
    }
    let r = call("POST", "/api/v1/staff/sign-in")
        .client(&unique_client())
        .json(json!({ "username": username, "password": "Start2026pass" }))
        .send();
    error(&r, 401, "staff.bad_credentials");
    // (A development server lets the new password stand; production asks for a change first.)
    staff_sign_in(&username, "Fresh2026pass");

    // Not their own password, and not another administrator's: that would hand over the
    // other powers.
    let admin_me: StaffMe = call("GET", "/api/v1/staff/me").cookie(&admin).send().json();
    let security_me: StaffMe = call("GET", "/api/v1/staff/me")
        .cookie(&security)
        .send()
        .json();
    for id in [&admin_me.id, &security_me.id] {
        error(&reset(&admin, id, "Fresh2026pass"), 400, "input.invalid");
    }
    staff_sign_in("security", DEMO_PASSWORD);

    let auditor = staff_sign_in("auditor", DEMO_PASSWORD);
    let audit: AuditList = call("GET", "/api/v1/admin/audit")
        .cookie(&auditor)
        .send()
        .json();
    let e = audit
        .entries
        .iter()
        .find(|e| e.action == "staff.password_reset" && e.target_id == account.id)
        .unwrap();
    assert_eq!(e.reason, "本人忘记密码，已核验身份");
    assert!(!e.detail.contains("Fresh2026pass"));
}

#[test]
fn staff_reads_of_personal_data_are_shown_to_the_citizen() {
    let phone = unique_phone("139");
    // A Hong Kong resident, verified by the identity platform.
    let resident = Resident {
        username: format!("hk{}", unique_client().replace('.', "")),
        name: "李四".into(),
        id_kind: "hk_macau_permit".into(),
        id_number: format!("H{}", &phone[3..]),
        phone: phone.clone(),
    };
    register(&resident);
    let citizen = real_name_sign_in(&resident, &unique_client());
    let reads: DataReadList = call("GET", "/api/v1/me/reads")
        .cookie(&citizen)
        .send()
        .json();
    assert!(reads.reads.is_empty());

    let clerk = staff_sign_in("clerk", DEMO_PASSWORD);
    // Finding shows masked data only.
    let r = call("POST", "/api/v1/staff/citizens/search")
        .cookie(&clerk)
        .json(json!({ "phone": phone }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let found: CitizenMatches = r.json();
    assert_eq!(found.citizens.len(), 1);
    let hit = &found.citizens[0];
    assert_eq!(hit.name_masked.as_deref(), Some("李*"));
    assert!(!r.body.contains(&phone) && !r.body.contains("李四"));
    // Opening needs a reason.
    let open = |body: serde_json::Value| {
        call("POST", &format!("/api/v1/staff/citizens/{}/open", hit.id))
            .cookie(&clerk)
            .json(body)
            .send()
    };
    error(&open(json!({ "reason": "" })), 400, "input.invalid");
    let r = open(json!({ "reason": "窗口核对办事人身份" }));
    assert_eq!(r.status, 200, "{}", r.body);
    let record: CitizenRecord = r.json();
    assert_eq!(record.phone, phone);
    assert_eq!(record.name.as_deref(), Some("李四"));

    // The citizen sees who read, in which role, and why.
    let reads: DataReadList = call("GET", "/api/v1/me/reads")
        .cookie(&citizen)
        .send()
        .json();
    assert_eq!(reads.reads.len(), 1);
    assert_eq!(reads.reads[0].role, Role::WindowClerk);
    assert_eq!(reads.reads[0].reason, "窗口核对办事人身份");
    assert_eq!(reads.reads[0].action, "citizen.open");

    // An officer's read names the department.
    let officer = staff_sign_in("officer", DEMO_PASSWORD);
    let r = call("POST", &format!("/api/v1/staff/citizens/{}/open", hit.id))
        .cookie(&officer)
        .json(json!({ "reason": "审核户籍迁移申请材料" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let reads: DataReadList = call("GET", "/api/v1/me/reads")
        .cookie(&citizen)
        .send()
        .json();
    assert_eq!(reads.reads[0].role, Role::ApplicationOfficer);
    assert_eq!(reads.reads[0].departments, vec!["市公安局"]);

    // The audit trail references the citizen and holds none of their data in clear.
    let auditor = staff_sign_in("auditor", DEMO_PASSWORD);
    let r = call("GET", "/api/v1/admin/audit").cookie(&auditor).send();
    let audit: AuditList = r.json();
    assert!(audit
        .entries
        .iter()
        .any(|e| e.action == "citizen.open" && e.target_id == hit.id));
    assert!(!r.body.contains(&phone) && !r.body.contains("李四"));

    // Unknown citizens are 404, malformed ids too.
    let r = call("POST", "/api/v1/staff/citizens/c_0000000000000000/open")
        .cookie(&clerk)
        .json(json!({ "reason": "核对身份信息" }))
        .send();
    error(&r, 404, "citizen.not_found");
}

#[test]
fn a_citizen_never_reaches_another_citizens_data() {
    let (pa, pb) = (unique_phone("139"), unique_phone("139"));
    let a = citizen_sign_in(&pa, &unique_client());
    let b = citizen_sign_in(&pb, &unique_client());
    let clerk = staff_sign_in("clerk", DEMO_PASSWORD);
    let found: CitizenMatches = call("POST", "/api/v1/staff/citizens/search")
        .cookie(&clerk)
        .json(json!({ "phone": pb }))
        .send()
        .json();
    let b_id = &found.citizens[0].id;
    // Citizen routes take no id: an id in the query or path changes nothing.
    let me: CitizenProfile = call("GET", &format!("/api/v1/me?id={b_id}"))
        .cookie(&a)
        .send()
        .json();
    assert_eq!(me.phone, pa);
    assert_eq!(
        call("GET", &format!("/api/v1/me/{b_id}"))
            .cookie(&a)
            .send()
            .status,
        404
    );
    // The staff route that takes an id refuses a citizen's session.
    let r = call("POST", &format!("/api/v1/staff/citizens/{b_id}/open"))
        .cookie(&a)
        .json(json!({ "reason": "想看看别人的信息" }))
        .send();
    error(&r, 401, "auth.required");
    // A staff cookie name with a citizen token is no staff session either.
    let token = a.split('=').nth(1).unwrap();
    let r = call("GET", "/api/v1/staff/me")
        .cookie(&format!("hall_staff={token}"))
        .send();
    error(&r, 401, "auth.required");
    let me_b: CitizenProfile = call("GET", "/api/v1/me").cookie(&b).send().json();
    assert_eq!(me_b.phone, pb);
}

#[test]
fn staff_change_their_password() {
    let username = format!("pw.{}", unique_client().replace('.', ""));
    new_staff(
        json!({ "username": username, "display_name": "孙编辑", "initial_password": "Start2026pass" }),
        &["content_editor"],
    );
    let me = staff_sign_in(&username, "Start2026pass");
    let change = |current: &str, new: &str| {
        call("POST", "/api/v1/staff/password")
            .cookie(&me)
            .json(json!({ "current": current, "new": new }))
            .send()
    };
    let fields = error(
        &change("Wrong2026pass", "Better2026pass"),
        400,
        "input.invalid",
    )
    .fields
    .unwrap();
    assert!(fields.contains_key("current"));
    let fields = error(&change("Start2026pass", "short"), 400, "input.invalid")
        .fields
        .unwrap();
    assert!(fields.contains_key("new"));
    assert_eq!(change("Start2026pass", "Better2026pass").status, 200);
    staff_sign_in(&username, "Better2026pass");
    let r = call("POST", "/api/v1/staff/sign-in")
        .client(&unique_client())
        .json(json!({ "username": username, "password": "Start2026pass" }))
        .send();
    error(&r, 401, "staff.bad_credentials");
}

/// What a protected route requires, as this test expects it (independently of the server).
#[derive(Debug, Clone, Copy)]
enum Needs {
    Citizen,
    /// A citizen signed in with the identity platform.
    RealName,
    AnyStaff,
    Staff(Action, Resource),
}

/// Every protected route: method, path (ids filled in), what it needs, and whether calling it
/// ends the caller's session (those get a fresh one).
const PROTECTED: &[(&str, &str, Needs, bool)] = &[
    ("POST", "/api/v1/staff/totp/enrol", Needs::AnyStaff, false),
    ("POST", "/api/v1/staff/totp/confirm", Needs::AnyStaff, false),
    ("GET", "/api/v1/me", Needs::Citizen, false),
    ("PUT", "/api/v1/me", Needs::Citizen, false),
    ("GET", "/api/v1/me/matters", Needs::Citizen, false),
    ("GET", "/api/v1/me/reads", Needs::Citizen, false),
    ("POST", "/api/v1/me/sign-out-all", Needs::Citizen, true),
    ("POST", "/api/v1/bookings", Needs::Citizen, false),
    ("GET", "/api/v1/bookings", Needs::Citizen, false),
    (
        "POST",
        "/api/v1/bookings/Y000000000000/cancel",
        Needs::Citizen,
        false,
    ),
    (
        "POST",
        "/api/v1/bookings/Y000000000000/reschedule",
        Needs::Citizen,
        false,
    ),
    (
        "GET",
        "/api/v1/bookings/Y000000000000/calendar.ics",
        Needs::Citizen,
        false,
    ),
    (
        "GET",
        "/api/v1/bookings/Y000000000000/qr.svg",
        Needs::Citizen,
        false,
    ),
    (
        "GET",
        "/api/v1/staff/windows",
        Needs::Staff(Action::Read, Resource::Window),
        false,
    ),
    // A window that does not exist: an allowed caller meets 404 and changes nothing.
    (
        "POST",
        "/api/v1/staff/windows/nohall/X99/open",
        Needs::Staff(Action::Update, Resource::Window),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/windows/nohall/X99/close",
        Needs::Staff(Action::Update, Resource::Window),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/windows/nohall/X99/call",
        Needs::Staff(Action::Update, Resource::Window),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/tickets/t_0000000000000000",
        Needs::Staff(Action::Update, Resource::Window),
        false,
    ),
    (
        "GET",
        "/api/v1/admin/hall",
        Needs::Staff(Action::Read, Resource::Window),
        false,
    ),
    (
        "PUT",
        "/api/v1/admin/hall/rules",
        Needs::Staff(Action::Create, Resource::Window),
        false,
    ),
    (
        "PUT",
        "/api/v1/admin/hall/capacity",
        Needs::Staff(Action::Create, Resource::Window),
        false,
    ),
    (
        "PUT",
        "/api/v1/admin/hall/halls",
        Needs::Staff(Action::Create, Resource::Window),
        false,
    ),
    (
        "PUT",
        "/api/v1/admin/hall/windows",
        Needs::Staff(Action::Create, Resource::Window),
        false,
    ),
    ("GET", "/api/v1/staff/me", Needs::AnyStaff, false),
    ("POST", "/api/v1/staff/password", Needs::AnyStaff, false),
    ("POST", "/api/v1/staff/sign-out", Needs::AnyStaff, true),
    (
        "POST",
        "/api/v1/staff/citizens/search",
        Needs::Staff(Action::Read, Resource::CitizenData),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/citizens/c_0000000000000000/open",
        Needs::Staff(Action::Read, Resource::CitizenData),
        false,
    ),
    (
        "GET",
        "/api/v1/admin/staff",
        Needs::Staff(Action::Read, Resource::StaffAccount),
        false,
    ),
    (
        "POST",
        "/api/v1/admin/staff",
        Needs::Staff(Action::Create, Resource::StaffAccount),
        false,
    ),
    (
        "PUT",
        "/api/v1/admin/staff/s_0000000000000000",
        Needs::Staff(Action::Update, Resource::StaffAccount),
        false,
    ),
    (
        "PUT",
        "/api/v1/admin/staff/s_0000000000000000/roles",
        Needs::Staff(Action::Update, Resource::StaffRole),
        false,
    ),
    (
        "POST",
        "/api/v1/admin/staff/s_0000000000000000/password",
        Needs::Staff(Action::Update, Resource::StaffAccount),
        false,
    ),
    (
        "GET",
        "/api/v1/admin/audit",
        Needs::Staff(Action::Read, Resource::AuditLog),
        false,
    ),
    (
        "GET",
        "/api/v1/admin/audit.csv",
        Needs::Staff(Action::Read, Resource::AuditLog),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/applications",
        Needs::Staff(Action::Create, Resource::Application),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/applications",
        Needs::Staff(Action::Read, Resource::Application),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/applications/261127-2222-2222",
        Needs::Staff(Action::Read, Resource::Application),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/applications/261127-2222-2222/steps",
        Needs::Staff(Action::Update, Resource::Application),
        false,
    ),
    (
        "GET",
        "/api/v1/applications/261127-2222-2222",
        Needs::RealName,
        false,
    ),
    (
        "POST",
        "/api/v1/applications/261127-2222-2222/withdraw",
        Needs::RealName,
        false,
    ),
    (
        "POST",
        "/api/v1/staff/joint-applications",
        Needs::Staff(Action::Create, Resource::Application),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/joint-applications/261127-2222-2222",
        Needs::Staff(Action::Read, Resource::Application),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/joint-applications/261127-2222-2222/accept",
        Needs::Staff(Action::Update, Resource::Application),
        false,
    ),
    (
        "GET",
        "/api/v1/joint-applications/261127-2222-2222",
        Needs::RealName,
        false,
    ),
    (
        "POST",
        "/api/v1/applications/261127-2222-2222/delivery",
        Needs::RealName,
        false,
    ),
    ("POST", "/api/v1/applications", Needs::RealName, false),
    (
        "POST",
        "/api/v1/applications/261127-2222-2222/payments",
        Needs::RealName,
        false,
    ),
    (
        "POST",
        "/api/v1/applications/261127-2222-2222/commitment",
        Needs::RealName,
        false,
    ),
    ("POST", "/api/v1/consultations", Needs::Citizen, false),
    ("GET", "/api/v1/consultations", Needs::Citizen, false),
    (
        "POST",
        "/api/v1/staff/consultations",
        Needs::Staff(Action::Update, Resource::Consultation),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/consultations",
        Needs::Staff(Action::Read, Resource::Consultation),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/consultations/q_0000000000000000",
        Needs::Staff(Action::Update, Resource::Consultation),
        false,
    ),
    ("POST", "/api/v1/proxy-requests", Needs::Citizen, false),
    ("GET", "/api/v1/proxy-requests", Needs::Citizen, false),
    (
        "POST",
        "/api/v1/proxy-requests/px_0000000000000000/cancel",
        Needs::Citizen,
        false,
    ),
    (
        "GET",
        "/api/v1/staff/proxy-requests",
        Needs::Staff(Action::Read, Resource::Application),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/proxy-requests/px_0000000000000000",
        Needs::Staff(Action::Read, Resource::Application),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/proxy-requests/px_0000000000000000",
        Needs::Staff(Action::Update, Resource::Application),
        false,
    ),
    ("POST", "/api/v1/complaints", Needs::Citizen, false),
    ("GET", "/api/v1/complaints", Needs::Citizen, false),
    (
        "GET",
        "/api/v1/complaints/TS20261128000000",
        Needs::Citizen,
        false,
    ),
    (
        "POST",
        "/api/v1/complaints/TS20261128000000/information",
        Needs::Citizen,
        false,
    ),
    (
        "POST",
        "/api/v1/complaints/TS20261128000000/attachments",
        Needs::Citizen,
        false,
    ),
    (
        "GET",
        "/api/v1/complaints/TS20261128000000/attachments/0",
        Needs::Citizen,
        false,
    ),
    (
        "POST",
        "/api/v1/complaints/TS20261128000000/rating",
        Needs::Citizen,
        false,
    ),
    (
        "POST",
        "/api/v1/staff/complaints",
        Needs::Staff(Action::Create, Resource::Complaint),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/complaints",
        Needs::Staff(Action::Read, Resource::Complaint),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/complaint-stats",
        Needs::Staff(Action::Read, Resource::Complaint),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/complaints/TS20261128000000",
        Needs::Staff(Action::Read, Resource::Complaint),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/complaints/TS20261128000000",
        Needs::Staff(Action::Update, Resource::Complaint),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/complaints/TS20261128000000/attachments/0",
        Needs::Staff(Action::Read, Resource::Complaint),
        false,
    ),
    ("GET", "/api/v1/ratings/on_site/x0", Needs::Citizen, false),
    (
        "POST",
        "/api/v1/staff/notices",
        Needs::Staff(Action::Create, Resource::Content),
        false,
    ),
    (
        "PUT",
        "/api/v1/staff/notices/n_0000000000000000",
        Needs::Staff(Action::Update, Resource::Content),
        false,
    ),
    (
        "PUT",
        "/api/v1/staff/faqs/f_0000000000000000",
        Needs::Staff(Action::Update, Resource::Content),
        false,
    ),
    (
        "PUT",
        "/api/v1/staff/guides/GA-HZ-999",
        Needs::Staff(Action::Update, Resource::Content),
        false,
    ),
    (
        "GET",
        "/api/v1/staff/content-history",
        Needs::Staff(Action::Read, Resource::Content),
        false,
    ),
    (
        "GET",
        "/api/v1/halls/nohall/devices",
        Needs::Staff(Action::Read, Resource::Device),
        false,
    ),
    (
        "POST",
        "/api/v1/halls/nohall/devices",
        Needs::Staff(Action::Create, Resource::Device),
        false,
    ),
    (
        "POST",
        "/api/v1/halls/nohall/devices/d_0000000000000000/revoke",
        Needs::Staff(Action::Update, Resource::Device),
        false,
    ),
    ("POST", "/api/v1/ratings", Needs::Citizen, false),
    (
        "GET",
        "/api/v1/staff/rating-orders",
        Needs::Staff(Action::Read, Resource::Rating),
        false,
    ),
    (
        "POST",
        "/api/v1/staff/rating-orders/r_0000000000000000",
        Needs::Staff(Action::Update, Resource::Rating),
        false,
    ),
];

fn demo_username(role: Role) -> &'static str {
    match role {
        Role::WindowClerk => "clerk",
        Role::ApplicationOfficer => "officer",
        Role::ConsultationOfficer => "consult",
        Role::ComplaintOfficer => "complaint",
        Role::HallManager => "manager",
        Role::ContentEditor => "editor",
        Role::SystemAdministrator => "admin",
        Role::SecurityAdministrator => "security",
        Role::AuditAdministrator => "auditor",
    }
}

#[test]
fn authorisation_matrix_routes_by_roles() {
    #[derive(Debug, Clone, Copy)]
    enum Who {
        Anonymous,
        Citizen,
        RealName,
        Staff(Role),
    }
    let mut principals = vec![Who::Anonymous, Who::Citizen, Who::RealName];
    principals.extend(Role::ALL.map(Who::Staff));
    let fresh = |who: Who| -> Option<String> {
        match who {
            Who::Anonymous => None,
            Who::Citizen => Some(citizen_sign_in(&unique_phone("139"), &unique_client())),
            Who::RealName => Some(real_name_sign_in(
                &hall_http_tests::new_resident("矩阵", &unique_phone("139")),
                &unique_client(),
            )),
            Who::Staff(role) => Some(staff_sign_in(demo_username(role), DEMO_PASSWORD)),
        }
    };
    let sessions: Vec<Option<String>> = principals.iter().map(|w| fresh(*w)).collect();
    let mut cells = 0;
    let mut failures = Vec::new();
    for (method, path, needs, ends_session) in PROTECTED {
        for (who, session) in principals.iter().zip(&sessions) {
            let cookie = if *ends_session {
                fresh(*who)
            } else {
                session.clone()
            };
            let expected = match (needs, who) {
                (_, Who::Anonymous) => 401,
                (Needs::Citizen, Who::Citizen | Who::RealName) => 0,
                (Needs::RealName, Who::RealName) => 0,
                // A phone-code session is asked to sign in with the platform.
                (Needs::RealName, Who::Citizen) => 401,
                (Needs::Citizen | Needs::RealName, Who::Staff(_)) => 401,
                (Needs::AnyStaff | Needs::Staff(..), Who::Citizen | Who::RealName) => 401,
                (Needs::AnyStaff, Who::Staff(_)) => 0,
                (Needs::Staff(a, r), Who::Staff(role)) => {
                    if can(*role, *a, *r) {
                        0
                    } else {
                        403
                    }
                }
            };
            let mut c = call(method, path);
            if let Some(cookie) = &cookie {
                c = c.cookie(cookie);
            }
            // Bodies are deliberately empty objects: an allowed caller gets past the guard and
            // meets validation (400) or a missing record (404), never a change.
            if *method != "GET" {
                c = c.json(json!({}));
            }
            let status = c.send().status;
            // An allowed caller is let through and answered: never refused, never a 5xx.
            let ok = match expected {
                0 => status != 401 && status != 403 && status < 500,
                e => status == e,
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} as {who:?}: got {status}, want {expected}"
                ));
            }
            cells += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cells, PROTECTED.len() * principals.len());
    println!(
        "authorisation matrix: {} routes × {} principals = {cells} cells, all as the table says",
        PROTECTED.len(),
        principals.len()
    );
}

#[test]
fn the_document_lists_exactly_the_protected_routes_tested() {
    let doc: serde_json::Value = call("GET", "/api/openapi.json").send().json();
    let mut documented = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let guard = op["x-hall-guard"].as_str().unwrap();
            assert!(
                method != "delete",
                "nothing is ever deleted through the API: {path}"
            );
            // Provider callbacks carry no session: their signature tests are in applications.rs.
            if !matches!(guard, "public" | "dev" | "provider") {
                documented.push((method.to_uppercase(), path.clone(), guard.to_string()));
            }
        }
    }
    let mut tested: Vec<(String, String, String)> = PROTECTED
        .iter()
        .map(|(m, p, needs, _)| {
            let template = p
                .split('?')
                .next()
                .unwrap()
                .replace("c_0000000000000000", "{id}")
                .replace("s_0000000000000000", "{id}")
                .replace("Y000000000000", "{id}")
                .replace("261127-2222-2222", "{no}")
                .replace("t_0000000000000000", "{id}")
                .replace("px_0000000000000000", "{id}")
                .replace("q_0000000000000000", "{id}")
                .replace("attachments/0", "attachments/{n}")
                .replace("ratings/on_site/x0", "ratings/{kind}/{subject}")
                .replace("r_0000000000000000", "{id}")
                .replace("n_0000000000000000", "{id}")
                .replace("f_0000000000000000", "{id}")
                .replace("guides/GA-HZ-999", "guides/{code}")
                .replace("TS20261128000000", "{no}")
                .replace("nohall/X99", "{hall}/{window}")
                .replace("halls/nohall/", "halls/{hall}/")
                .replace("d_0000000000000000", "{id}");
            let guard = match needs {
                Needs::Citizen => "citizen".to_string(),
                Needs::RealName => "citizen:real_name".to_string(),
                Needs::AnyStaff => "staff".to_string(),
                Needs::Staff(a, r) => format!(
                    "staff:{}:{}",
                    json!(a).as_str().unwrap(),
                    json!(r).as_str().unwrap()
                ),
            };
            (m.to_string(), template, guard)
        })
        .collect();
    documented.sort();
    tested.sort();
    assert_eq!(documented, tested);
    // The audit trail has no route that changes it.
    assert!(doc["paths"]["/api/v1/admin/audit"]
        .as_object()
        .unwrap()
        .keys()
        .all(|m| m == "get"));
}

#[test]
fn the_outbox_shows_sms_like_messages_with_masked_numbers() {
    let phone = unique_phone("139");
    assert_eq!(code_request(&phone, &unique_client(), None).status, 200);
    let r = call("GET", &format!("/api/v1/dev/outbox?phone={phone}")).send();
    let list: hall_domain::dto::OutboxList = r.json();
    let m = &list.messages[0];
    assert!(
        m.body.starts_with('【') && m.body.chars().count() <= 70,
        "{}",
        m.body
    );
    assert_eq!(m.to_masked, format!("{}****{}", &phone[..3], &phone[7..]));
    assert!(!r.body.contains(&phone));
}

#[test]
fn session_cookies_are_secure_off_localhost() {
    let sign_in = |host: Option<&str>| {
        let mut c = call("POST", "/api/v1/staff/sign-in")
            .client(&unique_client())
            .json(json!({ "username": "editor", "password": DEMO_PASSWORD }));
        if let Some(h) = host {
            c = c.header("host", h);
        }
        let r = c.send();
        assert_eq!(r.status, 200, "{}", r.body);
        r.set_cookie
            .into_iter()
            .find(|c| c.starts_with("hall_staff="))
            .unwrap()
    };
    assert!(sign_in(Some("hall.example.gov.cn")).ends_with("; Secure"));
    assert!(!sign_in(None).contains("Secure"));
}

#[test]
fn messages_go_out_in_the_language_the_citizen_signed_in_with_or_chose() {
    let phone = unique_phone("135");
    let client = unique_client();
    let r = code_request(&phone, &client, None);
    assert_eq!(r.status, 200, "{}", r.body);
    let code = outbox_code(&phone);
    // An unknown language is named as the problem, and the code is not spent on it.
    let r = call("POST", "/api/v1/auth/verify")
        .client(&client)
        .json(json!({ "phone": phone, "code": code, "lang": "fr" }))
        .send();
    let body = error(&r, 400, "input.invalid");
    let fields: Vec<String> = body.fields.unwrap_or_default().into_keys().collect();
    assert_eq!(fields, ["lang"]);
    let r = call("POST", "/api/v1/auth/verify")
        .client(&client)
        .json(json!({ "phone": phone, "code": code, "lang": "en" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let me = session_cookie(&r, "hall_citizen");
    let profile: CitizenProfile = call("GET", "/api/v1/me").cookie(&me).send().json();
    assert_eq!(profile.lang, "en");

    let ask = |question: &str| {
        let key = format!("lang-{phone}-{}", question.chars().count());
        let r = call("POST", "/api/v1/consultations")
            .cookie(&me)
            .json(json!({ "question": question, "idempotency_key": key }))
            .send();
        assert_eq!(r.status, 200, "{}", r.body);
    };
    ask("在哪里可以办理护照？需要预约吗？");
    let last = |phone: &str| outbox(phone).into_iter().next().unwrap_or_default();
    let sent = last(&phone);
    assert!(sent.starts_with("【"), "{sent}");
    assert!(sent.contains("We received your question"), "{sent}");

    // Chosen in My Hall: 繁體 from then on.
    let r = call("PUT", "/api/v1/me")
        .cookie(&me)
        .json(json!({ "lang": "zh-HK" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json::<CitizenProfile>().lang, "zh-HK");
    ask("居住证可以在网上申请吗？");
    let sent = last(&phone);
    assert!(sent.contains("我們將於"), "{sent}");
    let r = call("PUT", "/api/v1/me")
        .cookie(&me)
        .json(json!({ "lang": "klingon" }))
        .send();
    let fields: Vec<String> = error(&r, 400, "input.invalid")
        .fields
        .unwrap_or_default()
        .into_keys()
        .collect();
    assert_eq!(fields, ["lang"]);

    // A number no citizen holds yet gets its code in the language of the page that asked;
    // an unknown language is refused by field, and no code goes out for it.
    let new = unique_phone("135");
    let ask_code = |lang: &str| {
        call("POST", "/api/v1/auth/code")
            .client(&unique_client())
            .json(json!({ "phone": new, "lang": lang }))
            .send()
    };
    let fields: Vec<String> = error(&ask_code("fr"), 400, "input.invalid")
        .fields
        .unwrap_or_default()
        .into_keys()
        .collect();
    assert_eq!(fields, ["lang"]);
    assert!(outbox(&new).is_empty(), "no code for a refused request");
    let r = ask_code("en");
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = last(&new);
    assert!(sent.contains("Your sign-in code is"), "{sent}");

    // A citizen who never chose reads 简体.
    let other = unique_phone("135");
    let cookie = citizen_sign_in(&other, &unique_client());
    let profile: CitizenProfile = call("GET", "/api/v1/me").cookie(&cookie).send().json();
    assert_eq!(profile.lang, "zh-CN");
}
