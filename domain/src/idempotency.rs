//! Idempotency keys (the IETF `Idempotency-Key` draft's rules, carried in the body): a key
//! belongs to its caller and to one route and resource, and remembers the request it came with.
//! The same key with the same body is answered with the first result; with another body it is
//! refused (`idempotency.mismatch`, 422); another caller's key is another key.

use serde_json::Value;

/// Who sends a key. A key is only ever looked up within its caller's own scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    Citizen(&'a str),
    Staff(&'a str),
    /// A caller without a session (the hall's kiosk): scoped by its device or client address.
    Device(&'a str),
}

/// Whether a client's key has the accepted shape: 8–64 letters, digits, `-`, `_`.
pub fn is_key(key: &str) -> bool {
    (8..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The text whose hash is the stored key: caller, method and path, and the client's key, so
/// that no two callers, routes or resources can meet on one stored key.
pub fn scope_text(caller: Caller<'_>, method: &str, path: &str, key: &str) -> String {
    let (kind, id) = match caller {
        Caller::Citizen(id) => ("citizen", id),
        Caller::Staff(id) => ("staff", id),
        Caller::Device(id) => ("device", id),
    };
    // Each part with its length, so no part can run into the next.
    [kind, id, method, path, key]
        .iter()
        .map(|p| format!("{}:{p}", p.len()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The request body in one canonical form (object keys sorted, no white space), whose hash is
/// the key's fingerprint: the same JSON sent again matches however it was spaced or ordered.
pub fn canonical_body(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(v) => canonical(&v),
        Err(_) => body.to_string(),
    }
}

fn canonical(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_one_shape() {
        assert!(is_key("abcd-1234"));
        assert!(is_key(&"a".repeat(64)));
        assert!(!is_key("short"));
        assert!(!is_key(&"a".repeat(65)));
        assert!(!is_key("has space1"));
        assert!(!is_key("中文中文中文中文"));
    }

    #[test]
    fn scopes_differ_by_caller_route_and_resource() {
        let a = scope_text(
            Caller::Citizen("c_1"),
            "POST",
            "/api/v1/complaints",
            "k-12345678",
        );
        let b = scope_text(
            Caller::Citizen("c_2"),
            "POST",
            "/api/v1/complaints",
            "k-12345678",
        );
        let c = scope_text(
            Caller::Staff("c_1"),
            "POST",
            "/api/v1/complaints",
            "k-12345678",
        );
        let d = scope_text(
            Caller::Citizen("c_1"),
            "POST",
            "/api/v1/consultations",
            "k-12345678",
        );
        let e = scope_text(
            Caller::Citizen("c_1"),
            "PUT",
            "/api/v1/complaints",
            "k-12345678",
        );
        let all = [&a, &b, &c, &d, &e];
        for (i, x) in all.iter().enumerate() {
            for y in &all[i + 1..] {
                assert_ne!(x, y);
            }
        }
        // A caller id cannot be made to look like another caller's by a newline.
        assert_ne!(
            scope_text(Caller::Citizen("c_1\nPOST"), "x", "/p", "k"),
            scope_text(Caller::Citizen("c_1"), "POST\nx", "/p", "k")
        );
    }

    #[test]
    fn the_canonical_body_ignores_spacing_and_key_order() {
        assert_eq!(
            canonical_body(r#"{"b": [1, {"y":2,"x":"中"}], "a": null}"#),
            canonical_body(r#"{"a":null,"b":[1,{"x":"中","y":2}]}"#)
        );
        assert_ne!(
            canonical_body(r#"{"a":"x"}"#),
            canonical_body(r#"{"a":"y"}"#)
        );
        // Not JSON: compared as sent.
        assert_eq!(canonical_body("not json"), "not json");
    }
}
