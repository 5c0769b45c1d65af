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
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub cache_control: String,
    pub body: String,
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
        .timeout(std::time::Duration::from_secs(30))
        .build()
}

fn reply(resp: ureq::Response) -> Reply {
    let status = resp.status();
    let content_type = resp.header("content-type").unwrap_or_default().to_string();
    let cache_control = resp.header("cache-control").unwrap_or_default().to_string();
    let body = resp.into_string().unwrap_or_default();
    Reply {
        status,
        content_type,
        cache_control,
        body,
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
