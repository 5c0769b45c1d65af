//! Real-name sign-in through the local identity platform (a real OpenID Provider), and what it
//! guards: a typed ID number claims nothing; applications need the verified identity.

#![allow(clippy::unwrap_used)]

use hall_http_tests::{
    call, citizen_sign_in, error_code, idp, new_resident, real_name_flow, real_name_sign_in,
    real_name_until_callback, register, staff_sign_in, unique_client, unique_phone, Resident,
    DEMO_PASSWORD, IDP_PASSWORD,
};
use serde_json::json;

fn me(cookie: &str) -> serde_json::Value {
    let r = call("GET", "/api/v1/me").cookie(cookie).send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.value()
}

#[test]
fn a_resident_signs_in_with_the_platform_and_holds_a_verified_identity() {
    let r = new_resident("陈实名", &unique_phone("139"));
    let cookie = real_name_sign_in(&r, &unique_client());
    let p = me(&cookie);
    assert_eq!(p["verified"], true, "{p}");
    assert_eq!(p["real_name_session"], true, "{p}");
    assert_eq!(p["name"], "陈实名");
    assert_eq!(p["phone"], r.phone.as_str());
    assert_eq!(p["id_kind"], "resident");
    let masked = p["id_masked"].as_str().unwrap();
    assert!(
        masked.contains('*') && !masked.contains(&r.id_number[6..14]),
        "{masked}"
    );
    // The verified name cannot be changed by typing another.
    let r2 = call("PUT", "/api/v1/me")
        .cookie(&cookie)
        .json(json!({ "name": "别人" }))
        .send();
    assert_eq!(r2.status, 200, "{}", r2.body);
    assert_eq!(r2.value()["name"], "陈实名");
    // Signing in again reaches the same account.
    let again = real_name_sign_in(&r, &unique_client());
    assert_eq!(me(&again)["phone"], r.phone.as_str());
}

#[test]
fn the_platform_refusing_the_password_opens_no_session() {
    let r = new_resident("王密码", &unique_phone("139"));
    let out = real_name_flow(&r.username, "wrong-password", "/me", &unique_client());
    assert!(out.cookie.is_none(), "{}", out.landed);
}

#[test]
fn a_callback_is_used_once_and_only_by_the_browser_that_started_it() {
    let r = new_resident("李回调", &unique_phone("139"));
    let client = unique_client();
    let back = real_name_until_callback(&r.username, "/me", &client);
    let path = back
        .landed
        .strip_prefix(&hall_http_tests::base())
        .unwrap()
        .to_string();
    // Another browser (without this one's flow cookie) cannot finish it.
    let r1 = call("GET", &path).no_redirect().send();
    assert_eq!(r1.status, 303);
    let loc = r1.location.clone().unwrap();
    assert!(loc.starts_with("/sign-in?oidc_error=oidc.state"), "{loc}");
    assert!(!r1
        .set_cookie
        .iter()
        .any(|c| c.starts_with("hall_citizen=") && !c.contains("Max-Age=0")));
    // The flow was taken by that attempt: the right browser now finds it used.
    let r2 = call("GET", &path)
        .cookie(back.cookie.as_deref().unwrap())
        .no_redirect()
        .send();
    assert_eq!(r2.status, 303);
    assert!(r2.location.unwrap().contains("oidc_error=oidc.state"));

    // A fresh flow finished by its own browser opens the session, once.
    let back = real_name_until_callback(&r.username, "/progress", &client);
    let path = back
        .landed
        .strip_prefix(&hall_http_tests::base())
        .unwrap()
        .to_string();
    let ok = call("GET", &path)
        .cookie(back.cookie.as_deref().unwrap())
        .no_redirect()
        .send();
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.location.as_deref(), Some("/progress"));
    assert!(ok
        .set_cookie
        .iter()
        .any(|c| c.starts_with("hall_citizen=") && c.contains("HttpOnly")));
    let replay = call("GET", &path)
        .cookie(back.cookie.as_deref().unwrap())
        .no_redirect()
        .send();
    assert!(replay.location.unwrap().contains("oidc_error=oidc.state"));

    // Made-up answers: an unknown state, or none.
    for q in ["?code=x&state=made-up", "?error=access_denied", ""] {
        let r = call("GET", &format!("/api/v1/auth/oidc/callback{q}"))
            .no_redirect()
            .send();
        assert_eq!(r.status, 303);
        assert!(r.location.unwrap().contains("oidc_error=oidc.state"));
    }
}

#[test]
fn the_return_path_never_leaves_the_site() {
    let r = call("GET", "/api/v1/auth/oidc/start?next=//evil.example/x")
        .no_redirect()
        .send();
    assert_eq!(r.status, 303);
    let to = r.location.unwrap();
    assert!(to.starts_with(&idp()), "{to}");
    for part in [
        "code_challenge_method=S256",
        "scope=openid%20gov_identity",
        "nonce=",
        "state=",
    ] {
        assert!(to.contains(part), "{part} in {to}");
    }
    let r = new_resident("赵返回", &unique_phone("139"));
    let out = real_name_flow(
        &r.username,
        IDP_PASSWORD,
        "https://evil.example",
        &unique_client(),
    );
    assert_eq!(out.landed, "/me");
}

#[test]
fn a_typed_id_number_claims_nothing_and_applications_need_the_verified_identity() {
    // Defect: an account that typed another person's ID number saw that person's application.
    let victim = new_resident("周受害", &unique_phone("139"));
    let attacker = citizen_sign_in(&unique_phone("138"), &unique_client());
    let r = call("PUT", "/api/v1/me")
        .cookie(&attacker)
        .json(json!({ "id_kind": "resident", "id_number": victim.id_number }))
        .send();
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.value()["fields"]["id_number"].is_string());
    // The hall receives the victim's application at the window.
    let clerk = staff_sign_in("clerk", DEMO_PASSWORD);
    let key = format!("rn-{}", unique_client().replace('.', "-"));
    let materials: Vec<serde_json::Value> = (0..4)
        .map(|i| json!({ "index": i, "state": "received", "note": "" }))
        .collect();
    let r = call("POST", "/api/v1/staff/applications")
        .cookie(&clerk)
        .json(json!({
            "item": "GA-HZ-006", "hall": "city", "applicant_name": victim.name, "id_kind": "resident",
            "id_number": victim.id_number, "phone": victim.phone, "idempotency_key": key,
            "materials": materials
        }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let number = r.value()["number"].as_str().unwrap().to_string();
    // A phone-code session sees no applications and opens none.
    let matters = call("GET", "/api/v1/me/matters")
        .cookie(&attacker)
        .send()
        .value();
    assert_eq!(matters["applications"], json!([]));
    assert_eq!(matters["applications_need_real_name"], true);
    let r = call("GET", &format!("/api/v1/applications/{number}"))
        .cookie(&attacker)
        .send();
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(error_code(&r), "auth.real_name_required");
    assert!(!r.body.contains(&victim.name));
    // The applicant, signed in with the platform, finds it in My Hall and opens it.
    let own = real_name_sign_in(&victim, &unique_client());
    let matters = call("GET", "/api/v1/me/matters")
        .cookie(&own)
        .send()
        .value();
    let listed: Vec<&str> = matters["applications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 1, "{matters}");
    let r = call("GET", &format!("/api/v1/applications/{number}"))
        .cookie(&own)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    // Another real-name citizen does not.
    let other = real_name_sign_in(
        &new_resident("吴别人", &unique_phone("139")),
        &unique_client(),
    );
    let r = call("GET", &format!("/api/v1/applications/{number}"))
        .cookie(&other)
        .send();
    assert_eq!(r.status, 404, "{}", r.body);
}

#[test]
fn a_phone_account_of_the_same_number_becomes_the_verified_one() {
    let phone = unique_phone("139");
    let before = citizen_sign_in(&phone, &unique_client());
    let r = call("PUT", "/api/v1/me")
        .cookie(&before)
        .json(json!({ "contact_phone": "13800138000" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(me(&before)["verified"], false);
    let verified = real_name_sign_in(&new_resident("孙合并", &phone), &unique_client());
    let p = me(&verified);
    assert_eq!(p["contact_phone"], "13800138000", "the same account: {p}");
    assert_eq!(p["verified"], true);
    // The earlier phone session still opens the account, but is no real-name session.
    let p = me(&before);
    assert_eq!(
        (p["verified"].clone(), p["real_name_session"].clone()),
        (json!(true), json!(false))
    );
}

#[test]
fn one_verified_document_belongs_to_one_platform_subject() {
    let first = new_resident("钱唯一", &unique_phone("139"));
    real_name_sign_in(&first, &unique_client());
    // Another subject vouching for the same document (and another number) is refused.
    let twin = Resident {
        username: format!("{}-twin", first.username),
        phone: unique_phone("139"),
        ..first.clone()
    };
    register(&twin);
    let out = real_name_flow(&twin.username, IDP_PASSWORD, "/me", &unique_client());
    assert!(out.cookie.is_none());
    assert!(
        out.landed.contains("oidc_error=oidc.conflict"),
        "{}",
        out.landed
    );
}

#[test]
fn a_rotated_platform_key_is_fetched_and_trusted() {
    let r = new_resident("郑轮换", &unique_phone("139"));
    real_name_sign_in(&r, &unique_client());
    let rotated = ureq::post(&format!("{}/test/rotate", idp()))
        .call()
        .unwrap();
    assert_eq!(rotated.status(), 200);
    // Tokens now carry a key id the Worker has not cached: it reads the keys again.
    let cookie = real_name_sign_in(&r, &unique_client());
    assert_eq!(me(&cookie)["verified"], true);
}

#[test]
fn a_real_name_booking_carries_the_verified_name_masked() {
    let resident = new_resident("欧阳实名", &unique_phone("139"));
    let cookie = real_name_sign_in(&resident, &unique_client());
    // The verified name stands whatever is typed in My Hall.
    call("PUT", "/api/v1/me")
        .cookie(&cookie)
        .json(json!({ "name": "冒名者" }))
        .send();
    let o: hall_domain::dto::BookingOptions =
        call("GET", "/api/v1/booking/options?item=GA-CRJ-001")
            .send()
            .json();
    let hall = o.halls.last().unwrap();
    let (day, slot) = hall
        .days
        .iter()
        .rev()
        .find_map(|d| d.slots.iter().rev().find(|s| s.left > 0).map(|s| (d, s)))
        .unwrap();
    let r = call("POST", "/api/v1/bookings")
        .cookie(&cookie)
        .json(json!({
            "item": "GA-CRJ-001", "hall": hall.code, "date": day.date, "start": slot.start,
            "idempotency_key": format!("k-{}", unique_client().replace('.', "-")),
        }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let b: hall_domain::dto::BookingView = r.json();
    assert_eq!(b.name_masked.as_deref(), Some("欧***"), "{}", r.body);
    assert!(!r.body.contains("欧阳实名"), "{}", r.body);
    // So does My Hall's list of bookings.
    let mine = call("GET", "/api/v1/bookings").cookie(&cookie).send();
    assert!(mine.body.contains("欧***"), "{}", mine.body);
    assert!(!mine.body.contains("欧阳实名"), "{}", mine.body);

    // And the ticket the booking checks in for, on the kiosk and on the ticket page.
    let at = hall_domain::booking::unix_of(b.date, b.start) - 10 * 60;
    let r = call("POST", &format!("/api/v1/halls/{}/check-in", b.hall_code))
        .clock(at)
        .json(json!({ "booking": b.id }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let t: hall_domain::dto::TicketView = r.json();
    assert_eq!(t.name_masked.as_deref(), Some("欧***"), "{}", r.body);
    let r = call("GET", &format!("/api/v1/tickets/{}", t.id))
        .clock(at)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("欧***") && !r.body.contains("欧阳实名"),
        "{}",
        r.body
    );
}
