//! What every handler knows about its request: the clock, the client, the configuration, the
//! cookies and the body, read once by the dispatcher.

use hall_domain::Error;
use serde::de::DeserializeOwned;
use worker::{D1Database, Env, Request, Url};

/// Largest request body accepted (one route, the complaint image upload, takes more).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Where the Worker runs, from the `HALL_ENV` variable. Anything but `development` is
/// production: the outbox page, the test clock and the demo passwords are development-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

pub struct Ctx {
    pub env: Env,
    pub url: Url,
    pub method: String,
    /// Unix seconds. In development a test may set it with `x-hall-clock`.
    pub now: i64,
    /// Unix seconds of the real clock, whatever the test clock says.
    pub wall: i64,
    /// The client's address as Cloudflare reports it.
    pub client: String,
    pub user_agent: String,
    pub mode: Mode,
    /// The ETag a polling client already has.
    pub if_none_match: Option<String>,
    cookie_header: String,
    /// A payment provider's callback signature, if the request carries one.
    pub pay_signature: Option<String>,
    /// A kiosk's device key (`x-hall-device`), if the request carries one.
    pub device_key: Option<String>,
    pub body: String,
}

impl Ctx {
    /// Reads the request; a body longer than `max_body` bytes is refused.
    pub async fn read(req: &mut Request, env: Env, max_body: usize) -> Result<Ctx, Error> {
        let header = |name: &str| req.headers().get(name).ok().flatten().unwrap_or_default();
        let mode = match env.var("HALL_ENV").map(|v| v.to_string()) {
            Ok(v) if v == "development" => Mode::Development,
            _ => Mode::Production,
        };
        let wall = (worker::Date::now().as_millis() / 1000) as i64;
        let mut now = wall;
        if mode == Mode::Development {
            if let Ok(t) = header("x-hall-clock").parse::<i64>() {
                now = t;
            }
        }
        let client = header("cf-connecting-ip");
        let user_agent: String = header("user-agent").chars().take(200).collect();
        let cookie_header = header("cookie");
        let if_none_match = Some(header("if-none-match")).filter(|v| !v.is_empty());
        let pay_signature =
            Some(header(hall_domain::payment::SIGNATURE_HEADER)).filter(|v| !v.is_empty());
        let device_key = Some(header(hall_domain::device::HEADER)).filter(|v| !v.is_empty());
        let method = req.method().to_string();
        let url = req.url().map_err(|_| Error::BadBody)?;
        let body = if matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE") {
            let len: usize = header("content-length").parse().unwrap_or(0);
            if len > max_body {
                return Err(Error::BodyTooLarge);
            }
            let text = req.text().await.map_err(|_| Error::BadBody)?;
            if text.len() > max_body {
                return Err(Error::BodyTooLarge);
            }
            text
        } else {
            String::new()
        };
        Ok(Ctx {
            env,
            url,
            method,
            now,
            wall,
            client: if client.is_empty() {
                "unknown".into()
            } else {
                client
            },
            user_agent,
            mode,
            if_none_match,
            cookie_header,
            pay_signature,
            device_key,
            body,
        })
    }

    pub fn db(&self) -> Result<D1Database, Error> {
        crate::state::db(&self.env)
    }

    pub fn dev(&self) -> bool {
        self.mode == Mode::Development
    }

    /// The value of a cookie.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookie_header.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name && !v.is_empty()).then_some(v)
        })
    }

    /// The JSON body as `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_str(&self.body).map_err(|_| Error::BadBody)
    }

    /// A query parameter.
    pub fn query(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// Whether cookies must carry `Secure`: everywhere but plain-HTTP localhost.
    pub fn secure(&self) -> bool {
        !matches!(
            self.url.host_str(),
            Some("localhost" | "127.0.0.1" | "[::1]")
        ) || self.url.scheme() == "https"
    }

    /// The clock that housekeeping (forgetting ended sessions, old rate windows and codes)
    /// runs by: never later than the real clock, so a test clock set ahead cannot end live
    /// sessions or reset the hour's counters, and never later than the request's clock, so
    /// rows a test made in its past are not taken for old.
    pub fn prune_clock(&self) -> i64 {
        self.now.min(self.wall)
    }

    /// The client address with its last part hidden, as the audit trail keeps it.
    pub fn client_masked(&self) -> String {
        mask_address(&self.client)
    }

    /// The `Origin` this request came from, if the browser sent one.
    pub fn origin_allowed(&self, origin: Option<&str>) -> bool {
        match origin {
            None => true,
            Some(o) => o == self.url.origin().ascii_serialization(),
        }
    }
}

/// `203.0.113.7` → `203.0.113.*`; `2001:db8::1` → `2001:db8:*`.
pub fn mask_address(addr: &str) -> String {
    if let Some((head, _)) = addr.rsplit_once('.') {
        format!("{head}.*")
    } else if addr.contains(':') {
        let parts: Vec<&str> = addr.split(':').filter(|p| !p.is_empty()).take(2).collect();
        format!("{}:*", parts.join(":"))
    } else {
        addr.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_lose_their_last_part() {
        assert_eq!(mask_address("203.0.113.7"), "203.0.113.*");
        assert_eq!(mask_address("2001:db8::1"), "2001:db8:*");
        assert_eq!(mask_address("unknown"), "unknown");
    }
}
