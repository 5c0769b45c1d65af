//! The production configuration (`HALL_ENV` unset), served from the database the other tests
//! filled: development-only features are off and demo passwords must be changed.

use hall_domain::dto::SessionOpened;
use hall_domain::error::ErrorBody;
use hall_http_tests::{call, now, session_cookie, unique_client, unique_phone, DEMO_PASSWORD};
use serde_json::json;

#[test]
fn the_development_routes_do_not_exist() {
    for (method, path) in [("GET", "/api/v1/dev/outbox"), ("POST", "/api/v1/dev/jobs")] {
        let r = call(method, path).send();
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        let body: ErrorBody = r.json();
        assert_eq!(body.code, "route.not_found");
    }
    let doc: serde_json::Value = call("GET", "/api/openapi.json").send().json();
    assert!(
        doc["paths"]["/api/v1/dev/outbox"].is_object(),
        "documented, marked dev"
    );
}

#[test]
fn there_is_no_payment_provider_and_no_sandbox() {
    // The sandbox's pay page and form do not exist.
    let r = call("GET", "/api/v1/dev/pay/PO0000000000000000").send();
    assert_eq!(r.status, 404, "{}", r.body);
    let r = call("POST", "/api/v1/dev/pay/PO0000000000000000")
        .no_csrf()
        .raw("application/x-www-form-urlencoded", "token=x&outcome=paid")
        .send();
    assert_eq!(r.status, 404, "{}", r.body);
    // A callback, even one signed with the sandbox's development key, finds no provider.
    let body = r#"{"order":"PO0000000000000000","provider_ref":"X","amount_fen":4000}"#;
    let signature =
        hall_domain::payment::sign(b"hall-sandbox-development-only", now(), body.as_bytes());
    let r = call("POST", "/api/v1/payments/callback")
        .no_csrf()
        .header("x-hall-pay-signature", &signature)
        .raw("application/json", body)
        .send();
    assert_eq!(r.status, 503, "{}", r.body);
    let e: ErrorBody = r.json();
    assert_eq!(e.code, "payment.unavailable");
}

#[test]
fn the_test_clock_is_ignored() {
    let phone = unique_phone("137");
    let client = unique_client();
    let send = |clock: i64| {
        call("POST", "/api/v1/auth/code")
            .client(&client)
            .clock(clock)
            .json(json!({ "phone": phone }))
            .send()
    };
    assert_eq!(send(now()).status, 200);
    // Claiming to be two minutes later does not skip the 60-second wait.
    let r = send(now() + 120);
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.json::<ErrorBody>().code, "otp.resend_too_soon");
}

#[test]
fn demo_passwords_must_be_changed_first() {
    let sign_in = |password: &str| {
        call("POST", "/api/v1/staff/sign-in")
            .client(&unique_client())
            .json(json!({ "username": "manager", "password": password }))
            .send()
    };
    let r = sign_in(DEMO_PASSWORD);
    assert_eq!(r.status, 200, "{}", r.body);
    let opened: SessionOpened = r.json();
    assert!(opened.must_change_password);
    let cookie = session_cookie(&r, "hall_staff");
    // Nothing but the password change until then.
    let r = call("GET", "/api/v1/admin/staff").cookie(&cookie).send();
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.json::<ErrorBody>().code, "staff.password_change_required");
    assert_eq!(
        call("GET", "/api/v1/staff/me")
            .cookie(&cookie)
            .send()
            .status,
        200
    );
    let r = call("POST", "/api/v1/staff/password")
        .cookie(&cookie)
        .json(json!({ "current": DEMO_PASSWORD, "new": "Desk2026newpw" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    // A hall manager must turn on two-factor sign-in before anything else (等保 2.0).
    let r = call("GET", "/api/v1/admin/staff").cookie(&cookie).send();
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.json::<ErrorBody>().code, "staff.totp_enrolment_required");
    let me = call("GET", "/api/v1/staff/me").cookie(&cookie).send();
    assert_eq!(me.value()["totp_required"], true, "{}", me.body);
    let r = call("POST", "/api/v1/staff/totp/enrol")
        .cookie(&cookie)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let secret = hall_domain::totp::unbase32(r.value()["secret"].as_str().unwrap()).unwrap();
    let code = hall_domain::totp::code_at(&secret, now());
    let r = call("POST", "/api/v1/staff/totp/confirm")
        .cookie(&cookie)
        .json(json!({ "code": code }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call("GET", "/api/v1/admin/staff").cookie(&cookie).send();
    assert_eq!(r.status, 200, "{}", r.body);
    // Signing in now takes the password and a fresh code.
    let r = sign_in("Desk2026newpw");
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json::<ErrorBody>().code, "staff.totp_required");
}

#[test]
fn kiosks_need_a_registered_key() {
    let walk_in = |device: Option<&str>| {
        let mut c = call("POST", "/api/v1/halls/city/tickets").client(&unique_client());
        if let Some(d) = device {
            c = c.header(hall_domain::device::HEADER, d);
        }
        c.json(json!({ "item": "GA-HZ-001", "idempotency_key": "prod-walk-in-1" }))
            .send()
    };
    let r = walk_in(None);
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json::<ErrorBody>().code, "device.required");
    let r = walk_in(Some(&format!("hdk_{}", "0".repeat(64))));
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json::<ErrorBody>().code, "device.refused");
    let r = call("POST", "/api/v1/halls/city/check-in")
        .client(&unique_client())
        .json(json!({ "booking": "Y000000NOPE" }))
        .send();
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json::<ErrorBody>().code, "device.required");
}
