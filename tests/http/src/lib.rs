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
    /// Every header, by lower-case name (the last value of a repeated one).
    pub headers: std::collections::BTreeMap<String, String>,
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
    let headers = resp
        .headers_names()
        .into_iter()
        .filter_map(|n| {
            let v = resp.header(&n)?.to_string();
            Some((n.to_ascii_lowercase(), v))
        })
        .collect();
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
        headers,
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

/// The working day (by the seeded holiday calendar) at least `days` days after today in
/// China: a day a test can queue on while the hall is open, whatever today is.
pub fn working_day_ahead(days: i64) -> hall_domain::calendar::Date {
    use hall_domain::calendar::Date;
    let seed = hall_domain::seed::parse(include_str!("../../../seed/service-items.json"))
        .expect("the seed catalogue");
    let calendar = hall_domain::directory::calendar_of(&seed.holidays);
    let today = Date::china_today(now() as f64 * 1000.0).expect("today");
    let mut day = Date::from_days_since_epoch(today.days_since_epoch() + days).expect("a date");
    while !calendar.is_working_day(day) {
        day = day.succ().expect("a date");
    }
    day
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

/// A new staff account as the hall makes one (三权分立): the demo system administrator
/// creates it with `account` (username, display_name, initial_password, departments,
/// windows), then the demo security administrator grants `roles`. Returns the account.
pub fn new_staff(account: serde_json::Value, roles: &[&str]) -> hall_domain::dto::StaffAccount {
    let admin = staff_sign_in("admin", DEMO_PASSWORD);
    let mut body = account;
    body["reason"] = serde_json::json!("新增工作人员");
    let r = call("POST", "/api/v1/admin/staff")
        .cookie(&admin)
        .json(body)
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    let created: hall_domain::dto::StaffAccount = r.json();
    if roles.is_empty() {
        return created;
    }
    let security = staff_sign_in("security", DEMO_PASSWORD);
    let r = call("PUT", &format!("/api/v1/admin/staff/{}/roles", created.id))
        .cookie(&security)
        .json(serde_json::json!({ "roles": roles, "reason": "按岗位授予角色" }))
        .send();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
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

/// The local identity platform beside the server under test (`HALL_IDP_URL`, set by
/// `cargo xtask test`).
pub fn idp() -> String {
    match std::env::var("HALL_IDP_URL") {
        Ok(v) if !v.is_empty() => v.trim_end_matches('/').to_string(),
        _ => panic!("HALL_IDP_URL is not set: run these tests through `cargo xtask test`"),
    }
}

/// A resident of the identity platform, known to it as a username with the demo password.
#[derive(Debug, Clone)]
pub struct Resident {
    pub username: String,
    pub name: String,
    pub id_kind: String,
    pub id_number: String,
    pub phone: String,
}

/// The password of every resident at the local identity platform (`idp/provider.mjs`).
pub const IDP_PASSWORD: &str = "demo2026";

/// A new resident of the platform with a resident ID card of their own (none other in this
/// run holds it) and `phone`.
pub fn new_resident(name: &str, phone: &str) -> Resident {
    let born = format!("19{:02}-{:02}", 50 + next() % 50, 1 + next() % 12);
    let r = Resident {
        username: format!("r{}", next()),
        name: name.to_string(),
        id_kind: "resident".into(),
        id_number: resident_id_born(&born),
        phone: phone.to_string(),
    };
    register(&r);
    r
}

/// Registers `r` at the platform.
pub fn register(r: &Resident) {
    let resp = ureq::post(&format!("{}/test/residents", idp())).send_json(serde_json::json!({
        "username": r.username, "name": r.name, "id_type": r.id_kind,
        "id_number": r.id_number, "phone_number": r.phone,
    }));
    match resp {
        Ok(resp) => assert_eq!(resp.status(), 200),
        Err(e) => panic!("registering a resident: {e}"),
    }
}

/// One hop of a browser following redirects by hand: status, `Location`, cookies set, body.
struct Hop {
    status: u16,
    location: Option<String>,
    cookies: Vec<(String, String)>,
    body: String,
}

fn hop(method: &str, url: &str, cookies: &str, client: &str, form: Option<&str>) -> Hop {
    let agent = ureq::AgentBuilder::new()
        .timeout(std::time::Duration::from_secs(60))
        .redirects(0)
        .build();
    let mut req = agent.request(method, url).set("cf-connecting-ip", client);
    if !cookies.is_empty() {
        req = req.set("cookie", cookies);
    }
    let result = match form {
        Some(body) => req
            .set("content-type", "application/x-www-form-urlencoded")
            .send_string(body),
        None => req.call(),
    };
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let status = resp.status();
    let location = resp.header("location").map(str::to_string);
    let cookies = resp
        .all("set-cookie")
        .into_iter()
        .filter_map(|c| c.split(';').next())
        .filter_map(|c| c.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .collect();
    let body = resp.into_string().unwrap_or_default();
    Hop {
        status,
        location,
        cookies,
        body,
    }
}

/// A browser's cookies for one site.
#[derive(Default)]
struct Jar(Vec<(String, String)>);

impl Jar {
    fn take(&mut self, set: &[(String, String)]) {
        for (k, v) in set {
            self.0.retain(|(n, _)| n != k);
            if !v.is_empty() {
                self.0.push((k.clone(), v.clone()));
            }
        }
    }
    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
    fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// Where a real-name sign-in ended: the page Hall sent the browser to, and the citizen
/// session cookie if one was opened.
pub struct RealNameResult {
    pub landed: String,
    pub cookie: Option<String>,
}

/// Signs in with the identity platform as a browser would, from `next`: Hall's start sends the
/// browser to the platform, whose sign-in form is posted with `password`, and the platform
/// sends it back to Hall's callback, which sends it on to a page.
pub fn real_name_flow(username: &str, password: &str, next: &str, client: &str) -> RealNameResult {
    flow(username, password, next, client, false)
}

/// The same flow stopped where the platform sends the browser back: `landed` is Hall's
/// callback URL and `cookie` the cookies Hall set in this browser (its flow cookie).
pub fn real_name_until_callback(username: &str, next: &str, client: &str) -> RealNameResult {
    flow(username, IDP_PASSWORD, next, client, true)
}

fn flow(username: &str, password: &str, next: &str, client: &str, stop: bool) -> RealNameResult {
    let (base, idp) = (base(), idp());
    let (mut hall, mut platform) = (Jar::default(), Jar::default());
    let mut url = format!(
        "{base}/api/v1/auth/oidc/start?next={}",
        hall_domain::site::encode(next)
    );
    let mut form: Option<String> = None;
    for _ in 0..20 {
        let on_hall = url.starts_with(&base);
        let (jar, origin) = if on_hall {
            (&mut hall, base.as_str())
        } else {
            (&mut platform, idp.as_str())
        };
        let method = if form.is_some() { "POST" } else { "GET" };
        let h = hop(method, &url, &jar.header(), client, form.as_deref());
        jar.take(&h.cookies);
        form = None;
        match (h.status, h.location) {
            (302 | 303, Some(loc)) => {
                let next_url = if loc.starts_with('/') {
                    format!("{origin}{loc}")
                } else {
                    loc
                };
                if let Some(page) = next_url.strip_prefix(&base) {
                    if stop && page.starts_with("/api/v1/auth/oidc/callback") {
                        return RealNameResult {
                            landed: next_url.clone(),
                            cookie: Some(hall.header()),
                        };
                    }
                    if !page.starts_with("/api/") {
                        return RealNameResult {
                            landed: page.to_string(),
                            cookie: hall
                                .get("hall_citizen")
                                .map(|v| format!("hall_citizen={v}")),
                        };
                    }
                }
                url = next_url;
            }
            (200, _) if !on_hall && h.body.contains("name=\"username\"") => {
                let action = h
                    .body
                    .split("action=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_else(|| panic!("no form action in {}", h.body))
                    .to_string();
                url = format!("{idp}{action}");
                form = Some(format!(
                    "username={}&password={}",
                    hall_domain::site::encode(username),
                    hall_domain::site::encode(password)
                ));
            }
            (400, _) if !on_hall => {
                return RealNameResult {
                    landed: "the platform refused the sign-in".into(),
                    cookie: None,
                };
            }
            (status, _) => panic!("the sign-in stopped at {status} {url}: {}", h.body),
        }
    }
    panic!("the sign-in did not end after 20 redirects")
}

/// A real-name sign-in of `r`; returns the session cookie.
pub fn real_name_sign_in(r: &Resident, client: &str) -> String {
    let out = real_name_flow(&r.username, IDP_PASSWORD, "/me", client);
    assert_eq!(
        out.landed, "/me",
        "the sign-in did not come back to My Hall"
    );
    out.cookie
        .unwrap_or_else(|| panic!("no citizen session after real-name sign-in"))
}
