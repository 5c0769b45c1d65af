//! Helpers for the HTTP tests: a tiny client for the `wrangler dev` named by `HALL_BASE_URL`.

use serde::de::DeserializeOwned;

/// The base URL of the server under test. The tests need a running server; `cargo xtask test`
/// starts one and sets this variable.
pub fn base() -> String {
    match std::env::var("HALL_BASE_URL") {
        Ok(v) if !v.is_empty() => v.trim_end_matches('/').to_string(),
        _ => panic!("HALL_BASE_URL is not set: run these tests through `cargo xtask test`"),
    }
}

/// A response: status, headers of interest and body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub cache_control: String,
    pub set_cookie: Vec<String>,
    pub retry_after: Option<String>,
    pub allow: Option<String>,
    pub etag: Option<String>,
    pub location: Option<String>,
    /// The body as text (empty when it is not UTF-8), and as bytes.
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not the expected JSON ({e}): {}", self.body))
    }

    pub fn value(&self) -> serde_json::Value {
        self.json()
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        // Generous: the contention test queues 200 requests on a 2-core machine.
        .timeout(std::time::Duration::from_secs(90))
        .build()
}

fn reply(resp: ureq::Response) -> Reply {
    let status = resp.status();
    let content_type = resp.header("content-type").unwrap_or_default().to_string();
    let cache_control = resp.header("cache-control").unwrap_or_default().to_string();
    let set_cookie = resp
        .all("set-cookie")
        .into_iter()
        .map(str::to_string)
        .collect();
    let retry_after = resp.header("retry-after").map(str::to_string);
    let allow = resp.header("allow").map(str::to_string);
    let etag = resp.header("etag").map(str::to_string);
    let location = resp.header("location").map(str::to_string);
    let mut bytes = Vec::new();
    let _ = std::io::Read::read_to_end(&mut resp.into_reader(), &mut bytes);
    let body = String::from_utf8(bytes.clone()).unwrap_or_default();
    Reply {
        status,
        content_type,
        cache_control,
        set_cookie,
        retry_after,
        allow,
        etag,
        location,
        body,
        bytes,
    }
}

/// Sends a request with `method` to `path` (which may carry a query string, already encoded).
pub fn request(method: &str, path: &str) -> Reply {
    let url = format!("{}{path}", base());
    match agent().request(method, &url).call() {
        Ok(resp) => reply(resp),
        Err(ureq::Error::Status(_, resp)) => reply(resp),
        Err(e) => panic!("{method} {url}: {e}"),
    }
}

pub fn get(path: &str) -> Reply {
    request("GET", path)
}

/// GET with query parameters, percent-encoded here.
pub fn get_query(path: &str, pairs: &[(&str, &str)]) -> Reply {
    let url = format!("{}{path}", base());
    let mut req = agent().get(&url);
    for (k, v) in pairs {
        req = req.query(k, v);
    }
    match req.call() {
        Ok(resp) => reply(resp),
        Err(ureq::Error::Status(_, resp)) => reply(resp),
        Err(e) => panic!("GET {url}: {e}"),
    }
}

/// A request being built: method, path, headers and an optional JSON body.
pub struct Call {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    raw: Option<String>,
    follow_redirects: bool,
}

/// Starts a request. State-changing methods carry the same-origin header unless
/// [`Call::no_csrf`] removes it.
pub fn call(method: &str, path: &str) -> Call {
    let mut headers = Vec::new();
    if method != "GET" {
        headers.push(("x-hall-csrf".to_string(), "1".to_string()));
    }
    Call {
        method: method.to_string(),
        path: path.to_string(),
        headers,
        body: None,
        raw: None,
        follow_redirects: true,
    }
}

impl Call {
    pub fn json(mut self, body: serde_json::Value) -> Call {
        self.body = Some(body);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Call {
        self.headers.retain(|(k, _)| k != name);
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sends a session cookie (`name=value`).
    pub fn cookie(self, cookie: &str) -> Call {
        self.header("cookie", cookie)
    }

    /// The client address the Worker sees (`wrangler dev` keeps a client-sent one).
    pub fn client(self, ip: &str) -> Call {
        self.header("cf-connecting-ip", ip)
    }

    /// The server's clock for this request (development configuration only).
    pub fn clock(self, unix_secs: i64) -> Call {
        self.header("x-hall-clock", &unix_secs.to_string())
    }

    /// A body sent as it is (a form, or JSON exactly as a provider signed it).
    pub fn raw(mut self, content_type: &str, body: &str) -> Call {
        self.raw = Some(body.to_string());
        self.header("content-type", content_type)
    }

    /// Answers a redirect with the redirect itself (see [`Reply::location`]).
    pub fn no_redirect(mut self) -> Call {
        self.follow_redirects = false;
        self
    }

    pub fn no_csrf(mut self) -> Call {
        self.headers.retain(|(k, _)| k != "x-hall-csrf");
        self
    }

    pub fn send(self) -> Reply {
        let url = format!("{}{}", base(), self.path);
        let agent = if self.follow_redirects {
            agent()
        } else {
            ureq::AgentBuilder::new()
                .timeout(std::time::Duration::from_secs(90))
                .redirects(0)
                .build()
        };
        // ureq's error is what it is; the closure only passes it on.
        #[allow(clippy::result_large_err)]
        let attempt = || {
            let mut req = agent.request(&self.method, &url);
            for (k, v) in &self.headers {
                req = req.set(k, v);
            }
            match (&self.body, &self.raw) {
                (_, Some(raw)) => req.send_string(raw),
                (Some(body), None) => req.send_json(body),
                (None, None) if self.method == "GET" => req.call(),
                (None, None) => req.send_string(""),
            }
        };
        let mut result = attempt();
        // `wrangler dev` has been seen to leave a request unanswered for good; a read (which
        // changes nothing) is asked once more, and said so.
        if self.method == "GET" && matches!(result, Err(ureq::Error::Transport(_))) {
            eprintln!("GET {url}: no answer, asking once more");
            result = attempt();
        }
        match result {
            Ok(resp) => reply(resp),
            Err(ureq::Error::Status(_, resp)) => reply(resp),
            Err(e) => panic!("{} {url}: {e}", self.method),
        }
    }
}

static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn next() -> u32 {
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    (std::process::id() % 997) * 10_000 + n
}

/// A mobile number no other test in this run uses; `prefix` is its first three digits.
pub fn unique_phone(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}{:08}",
        (next() as u64 * 7919 + u64::from(nanos % 1000)) % 100_000_000
    )
}

/// A client address no other test in this run uses.
pub fn unique_client() -> String {
    let n = next();
    format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The `name=value` part of a session cookie set by a reply.
pub fn session_cookie(reply: &Reply, name: &str) -> String {
    reply
        .set_cookie
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", reply.set_cookie))
        .to_string()
}

/// The newest code the development outbox holds for a number.
pub fn outbox_code(phone: &str) -> String {
    let r = call("GET", &format!("/api/v1/dev/outbox?phone={phone}")).send();
    assert_eq!(r.status, 200, "{}", r.body);
    let list: hall_domain::dto::OutboxList = r.json();
    let body = &list.messages.first().expect("a message in the outbox").body;
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_string()
}

/// Signs a citizen in through the code flow; returns the session cookie.
pub fn citizen_sign_in(phone: &str, client: &str) -> String {
    let r = call("POST", "/api/v1/auth/code")
        .client(client)
        .json(serde_json::json!({ "phone": phone }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let code = outbox_code(phone);
    let r = call("POST", "/api/v1/auth/verify")
        .client(client)
        .json(serde_json::json!({ "phone": phone, "code": code }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    session_cookie(&r, "hall_citizen")
}

/// The demonstration staff password (`seed/staff.json`).
pub const DEMO_PASSWORD: &str = "Hall2026demo";

/// Signs a staff member in; returns the session cookie.
pub fn staff_sign_in(username: &str, password: &str) -> String {
    let r = call("POST", "/api/v1/staff/sign-in")
        .client(&unique_client())
        .json(serde_json::json!({ "username": username, "password": password }))
        .send();
    assert_eq!(r.status, 200, "{username}: {}", r.body);
    session_cookie(&r, "hall_staff")
}

/// The messages the development outbox holds for a number, newest first.
pub fn outbox(phone: &str) -> Vec<String> {
    let r = call("GET", &format!("/api/v1/dev/outbox?phone={phone}")).send();
    assert_eq!(r.status, 200, "{}", r.body);
    let list: hall_domain::dto::OutboxList = r.json();
    list.messages.into_iter().map(|m| m.body).collect()
}

/// The error code of a failed reply.
pub fn error_code(r: &Reply) -> String {
    r.json::<hall_domain::error::ErrorBody>().code
}

/// A valid mainland resident ID number born in the given month (`YYYY-MM`), on a day and with
/// a sequence number that make it unlikely to meet one an earlier run registered.
pub fn resident_id_born(month: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let n = next().wrapping_mul(7919).wrapping_add(nanos);
    let day = 1 + n % 28;
    let seq = (n / 28) % 1000;
    let first17 = format!("440104{}{day:02}{seq:03}", month.replace('-', ""));
    let check = hall_domain::identity::resident_check_char(first17.as_bytes())
        .unwrap_or_else(|| panic!("not 17 digits: {first17}"));
    format!("{first17}{}", char::from(check))
}
