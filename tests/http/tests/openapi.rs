//! The OpenAPI document describes every route the Worker serves, and the routes answer as it
//! says.

use std::collections::BTreeSet;

use hall_http_tests::{call, get};
use serde_json::Value;

/// Every route the Worker serves. The document must list exactly these; and every documented
/// route must answer as documented (`documented_routes_answer_as_documented`).
const SERVED: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/live"),
    ("get", "/api/openapi.json"),
    ("get", "/api/v1/items"),
    ("get", "/api/v1/items/{code}"),
    ("get", "/api/v1/departments"),
    ("get", "/api/v1/packages"),
    ("get", "/api/v1/packages/{code}"),
    ("get", "/api/v1/auth/oidc/start"),
    ("get", "/api/v1/auth/oidc/callback"),
    ("post", "/api/v1/auth/code"),
    ("post", "/api/v1/auth/verify"),
    ("post", "/api/v1/auth/sign-out"),
    ("get", "/api/v1/me"),
    ("put", "/api/v1/me"),
    ("get", "/api/v1/me/matters"),
    ("get", "/api/v1/me/reads"),
    ("post", "/api/v1/me/sign-out-all"),
    ("post", "/api/v1/staff/sign-in"),
    ("post", "/api/v1/staff/sign-out"),
    ("get", "/api/v1/staff/me"),
    ("post", "/api/v1/staff/password"),
    ("post", "/api/v1/staff/totp/enrol"),
    ("post", "/api/v1/staff/totp/confirm"),
    ("post", "/api/v1/staff/citizens/search"),
    ("post", "/api/v1/staff/citizens/{id}/open"),
    ("get", "/api/v1/admin/staff"),
    ("post", "/api/v1/admin/staff"),
    ("put", "/api/v1/admin/staff/{id}"),
    ("put", "/api/v1/admin/staff/{id}/roles"),
    ("post", "/api/v1/admin/staff/{id}/password"),
    ("get", "/api/v1/admin/audit"),
    ("get", "/api/v1/admin/audit.csv"),
    ("get", "/api/v1/dev/outbox"),
    ("post", "/api/v1/dev/jobs"),
    ("get", "/api/v1/booking/options"),
    ("post", "/api/v1/bookings"),
    ("get", "/api/v1/bookings"),
    ("post", "/api/v1/bookings/{id}/cancel"),
    ("post", "/api/v1/bookings/{id}/reschedule"),
    ("get", "/api/v1/bookings/{id}/calendar.ics"),
    ("get", "/api/v1/halls"),
    ("get", "/api/v1/halls/{hall}/kiosk"),
    ("post", "/api/v1/halls/{hall}/tickets"),
    ("post", "/api/v1/halls/{hall}/check-in"),
    ("get", "/api/v1/halls/{hall}/board"),
    ("get", "/api/v1/halls/{hall}/forecast"),
    ("get", "/api/v1/tickets/{id}"),
    ("post", "/api/v1/tickets/{id}/rejoin"),
    ("get", "/api/v1/staff/windows"),
    ("post", "/api/v1/staff/windows/{hall}/{window}/open"),
    ("post", "/api/v1/staff/windows/{hall}/{window}/close"),
    ("post", "/api/v1/staff/windows/{hall}/{window}/call"),
    ("post", "/api/v1/staff/tickets/{id}"),
    ("get", "/api/v1/halls/{hall}/devices"),
    ("post", "/api/v1/halls/{hall}/devices"),
    ("post", "/api/v1/halls/{hall}/devices/{id}/revoke"),
    ("get", "/api/v1/admin/hall"),
    ("put", "/api/v1/admin/hall/rules"),
    ("put", "/api/v1/admin/hall/capacity"),
    ("put", "/api/v1/admin/hall/halls"),
    ("put", "/api/v1/admin/hall/windows"),
    ("get", "/api/v1/bookings/{id}/qr.svg"),
    ("get", "/api/v1/tickets/{id}/qr.svg"),
    ("post", "/api/v1/staff/applications"),
    ("get", "/api/v1/staff/applications"),
    ("get", "/api/v1/staff/applications/{no}"),
    ("post", "/api/v1/staff/applications/{no}/steps"),
    ("get", "/api/v1/applications/{no}"),
    ("post", "/api/v1/applications/{no}/withdraw"),
    ("post", "/api/v1/progress"),
    ("get", "/api/v1/credit-list"),
    ("post", "/api/v1/staff/joint-applications"),
    ("get", "/api/v1/staff/joint-applications/{no}"),
    ("post", "/api/v1/staff/joint-applications/{no}/accept"),
    ("get", "/api/v1/joint-applications/{no}"),
    ("post", "/api/v1/applications/{no}/delivery"),
    ("post", "/api/v1/applications"),
    ("post", "/api/v1/applications/{no}/payments"),
    ("post", "/api/v1/payments/callback"),
    ("get", "/api/v1/dev/pay/{order}"),
    ("post", "/api/v1/dev/pay/{order}"),
    ("post", "/api/v1/applications/{no}/commitment"),
    ("post", "/api/v1/consultations"),
    ("get", "/api/v1/consultations"),
    ("post", "/api/v1/staff/consultations"),
    ("get", "/api/v1/staff/consultations"),
    ("post", "/api/v1/staff/consultations/{id}"),
    ("get", "/api/v1/faqs"),
    ("post", "/api/v1/complaints"),
    ("get", "/api/v1/complaints"),
    ("get", "/api/v1/complaints/{no}"),
    ("post", "/api/v1/complaints/{no}/information"),
    ("post", "/api/v1/complaints/{no}/attachments"),
    ("get", "/api/v1/complaints/{no}/attachments/{n}"),
    ("post", "/api/v1/complaints/{no}/rating"),
    ("post", "/api/v1/staff/complaints"),
    ("get", "/api/v1/staff/complaints"),
    ("get", "/api/v1/staff/complaint-stats"),
    ("get", "/api/v1/staff/complaints/{no}"),
    ("post", "/api/v1/staff/complaints/{no}"),
    ("get", "/api/v1/staff/complaints/{no}/attachments/{n}"),
    ("get", "/api/v1/ratings/{kind}/{subject}"),
    ("post", "/api/v1/ratings"),
    ("get", "/api/v1/staff/rating-orders"),
    ("post", "/api/v1/staff/rating-orders/{id}"),
    ("get", "/api/v1/satisfaction"),
    ("get", "/api/v1/notices"),
    ("get", "/api/v1/notices/{id}"),
    ("get", "/api/v1/catalogues"),
    ("post", "/api/v1/staff/notices"),
    ("put", "/api/v1/staff/notices/{id}"),
    ("put", "/api/v1/staff/faqs/{id}"),
    ("put", "/api/v1/staff/guides/{code}"),
    ("get", "/api/v1/staff/content-history"),
    ("post", "/api/v1/proxy-requests"),
    ("get", "/api/v1/proxy-requests"),
    ("post", "/api/v1/proxy-requests/{id}/cancel"),
    ("get", "/api/v1/staff/proxy-requests"),
    ("get", "/api/v1/staff/proxy-requests/{id}"),
    ("post", "/api/v1/staff/proxy-requests/{id}"),
];

fn document() -> Value {
    let r = get("/api/openapi.json");
    assert_eq!(r.status, 200);
    let doc: Value = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for method in ops.as_object().expect("operations").keys() {
            out.insert((method.clone(), path.clone()));
        }
    }
    out
}

#[test]
fn every_served_route_is_documented() {
    let documented = operations(&document());
    let served: BTreeSet<(String, String)> = SERVED
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, served);
}

fn fill(path: &str, op: &Value) -> String {
    let mut url = path.to_string();
    for p in op["parameters"].as_array().into_iter().flatten() {
        if p["in"] == "path" {
            let name = p["name"].as_str().unwrap_or_default();
            let example = p["example"].as_str().unwrap_or_default();
            url = url.replace(&format!("{{{name}}}"), example);
        }
    }
    url
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Checks that `value` has every property the schema requires, recursively through objects,
/// arrays and references.
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = resolve(doc, schema);
    if let Some(required) = schema["required"].as_array() {
        for r in required {
            let key = r.as_str().unwrap_or_default();
            assert!(value.get(key).is_some(), "{at}: missing {key} in {value}");
        }
    }
    if let (Some(props), Some(obj)) = (schema["properties"].as_object(), value.as_object()) {
        for (k, sub) in props {
            if let Some(v) = obj.get(k) {
                conforms(doc, sub, v, &format!("{at}.{k}"));
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            conforms(doc, items, v, &format!("{at}[{i}]"));
        }
    }
}

#[test]
fn documented_routes_answer_as_documented() {
    let doc = document();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            // Public reads answer as documented here; the rest have their own tests.
            if method != "get" || op["x-hall-guard"] != "public" {
                continue;
            }
            let url = fill(path, op);
            // A redirect is the answer (real-name sign-in sends the browser on).
            let r = call("GET", &url).no_redirect().send();
            let status = r.status.to_string();
            let response = &op["responses"][&status];
            assert!(
                response.is_object(),
                "{url} answered {status}, not documented"
            );
            let media = response["content"].as_object().cloned().unwrap_or_default();
            if media.is_empty() {
                assert!(r.body.is_empty(), "{url} answered a body not documented");
                assert!(
                    r.location.is_some(),
                    "{url}: a bodiless answer is a redirect"
                );
                continue;
            }
            let served = r.content_type.split(';').next().unwrap_or_default().trim();
            assert!(
                media.contains_key(served),
                "{url} answered {served}, documented {:?}",
                media.keys().collect::<Vec<_>>()
            );
            if served == "application/json" {
                let schema = &response["content"]["application/json"]["schema"];
                conforms(&doc, schema, &r.value(), &url);
            }
        }
    }
}

#[test]
fn documented_error_responses_use_the_error_schema() {
    let doc = document();
    let r = get("/api/v1/items/GA-HZ-999");
    assert_eq!(r.status, 404);
    let schema = &doc["paths"]["/api/v1/items/{code}"]["get"]["responses"]["404"]["content"]
        ["application/json"]["schema"];
    conforms(&doc, schema, &r.value(), "404");
    let r = get("/api/v1/items?page=0");
    let schema = &doc["paths"]["/api/v1/items"]["get"]["responses"]["400"]["content"]
        ["application/json"]["schema"];
    conforms(&doc, schema, &r.value(), "400");
}
