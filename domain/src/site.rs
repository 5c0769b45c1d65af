//! Where the app's pages live. The browser app ships in ten bundles: the portal (the home
//! page, what every visitor loads first, kept small), the guide bundle (search, the service
//! guides, the joint packages), the book bundle (booking and applying online from a guide), the
//! citizen's account bundle (sign-in, My Hall, a booking's confirmation, the ticket page), the
//! apply bundle (progress query, my applications, the 失信名单), the help bundle (online
//! consultation, the FAQ, 代办 requests), the voice bundle (complaints, rating a service, the
//! public satisfaction figures), the hall bundle (the staff pages, the window console, the
//! set-up, the kiosk and the display board), the desk bundle (receiving and processing
//! applications) and the service bundle (staff answering consultations, running 代办 and
//! handling complaints): a citizen never downloads staff code, and the hall's devices never
//! download the application desk.
//! The Worker serves every bundle's page for its paths (the portal's for any other path);
//! `wrangler.toml` runs the Worker first for every path but the build files, checked by a test.

/// One of the app's bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    Portal,
    Guide,
    Book,
    Account,
    Hall,
    Apply,
    Desk,
    Help,
    Service,
    Voice,
    Device,
}

/// Path prefixes of the book bundle (booking an appointment and applying online, from a guide).
pub const BOOK_PREFIXES: [&str; 2] = ["/book", "/online"];

/// Where the book bundle's page is in the built assets.
pub const BOOK_SHELL: &str = "/book-app/";

/// Path prefixes of the guide bundle (search, the service guides, the joint packages).
pub const GUIDE_PREFIXES: [&str; 3] = ["/search", "/items", "/packages"];

/// Where the guide bundle's page is in the built assets.
pub const GUIDE_SHELL: &str = "/guide/";

/// Path prefixes of the citizen's account bundle.
pub const ACCOUNT_PREFIXES: [&str; 5] = ["/me", "/sign-in", "/dev", "/bookings", "/ticket"];

/// Path prefixes of the hall bundle (staff pages, the window console, the hall's set-up).
pub const HALL_PREFIXES: [&str; 4] = ["/staff", "/admin", "/window", "/setup"];

/// Path prefixes of the device bundle (the hall's kiosk and call screen, full screen).
pub const DEVICE_PREFIXES: [&str; 2] = ["/kiosk", "/board"];

/// Where the device bundle's page is in the built assets.
pub const DEVICE_SHELL: &str = "/device/";

/// Path prefixes of the apply bundle (applications as the citizen follows them).
pub const APPLY_PREFIXES: [&str; 3] = ["/progress", "/applications", "/credit-list"];

/// Path prefixes of the help bundle (asking, the FAQ, 代办 requests, information disclosure).
pub const HELP_PREFIXES: [&str; 4] = ["/consult", "/faq", "/proxy", "/open"];

/// Path prefixes of the voice bundle (complaints, rating a service, the public satisfaction
/// figures).
pub const VOICE_PREFIXES: [&str; 3] = ["/complaints", "/rate", "/satisfaction"];

/// Where the voice bundle's page is in the built assets.
pub const VOICE_SHELL: &str = "/voice/";

/// Path prefixes of the service bundle (staff answering consultations and running 代办).
pub const SERVICE_PREFIXES: [&str; 1] = ["/service"];

/// Where the help bundle's page is in the built assets.
pub const HELP_SHELL: &str = "/help/";

/// Where the service bundle's page is in the built assets.
pub const SERVICE_SHELL: &str = "/service-app/";

/// Path prefixes of the desk bundle (applications as staff process them).
pub const DESK_PREFIXES: [&str; 1] = ["/desk"];

/// Where the apply bundle's page is in the built assets.
pub const APPLY_SHELL: &str = "/apply/";

/// Where the desk bundle's page is in the built assets.
pub const DESK_SHELL: &str = "/desk-app/";

/// Where the account bundle's page is in the built assets.
pub const ACCOUNT_SHELL: &str = "/account/";

/// Where the hall bundle's page is in the built assets.
pub const HALL_SHELL: &str = "/hall/";

/// The origins of a `HALL_EMBED_ORIGINS` setting (space- or comma-separated): each an
/// `https://host[:port]` (or `http://` for local testing) origin without a path; anything
/// else is left out, so a typo can never open framing to more than was meant.
pub fn embed_origins(setting: &str) -> Vec<String> {
    setting
        .split([' ', ',', '\n', '\t'])
        .map(str::trim)
        .filter(|o| is_origin(o))
        .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
        .collect()
}

fn is_origin(o: &str) -> bool {
    let o = o.trim_end_matches('/');
    let Some(host) = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
    else {
        return false;
    };
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (host, None),
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The `Content-Security-Policy` of the app's pages: framed only by this site and the listed
/// portals.
/// A path of this site to go to after signing in (never `//host`, a scheme or the API), else
/// `fallback`.
pub fn same_site_path(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/api/")
                && p.len() <= 512
                && !p.chars().any(|c| c.is_control() || c == '\\') =>
        {
            p.to_string()
        }
        _ => fallback.to_string(),
    }
}

/// The Content-Security-Policy of every page: scripts only from this site (each bundle's start
/// script is a file of its own, `boot-<hash>.js`, not inline) and WebAssembly compiled from
/// them; styles from this site and the style attributes the app sets; images from this site and
/// the photos a citizen picks (`blob:`/`data:`); requests to this API only; no plugins, no
/// `<base>`, forms only to this site; framed only by this site and the listed portals.
pub fn content_security_policy(origins: &[String]) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; {}",
        frame_ancestors(origins)
    )
}

pub fn frame_ancestors(origins: &[String]) -> String {
    let mut policy = String::from("frame-ancestors 'self'");
    for o in origins {
        policy.push(' ');
        policy.push_str(o);
    }
    policy
}

fn under(path: &str, prefixes: &[&str]) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    prefixes.iter().any(|p| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// The bundle whose page a path is.
pub fn bundle_of(path: &str) -> Bundle {
    if under(path, &GUIDE_PREFIXES) {
        Bundle::Guide
    } else if under(path, &BOOK_PREFIXES) {
        Bundle::Book
    } else if under(path, &ACCOUNT_PREFIXES) {
        Bundle::Account
    } else if under(path, &HALL_PREFIXES) {
        Bundle::Hall
    } else if under(path, &APPLY_PREFIXES) {
        Bundle::Apply
    } else if under(path, &DESK_PREFIXES) {
        Bundle::Desk
    } else if under(path, &HELP_PREFIXES) {
        Bundle::Help
    } else if under(path, &SERVICE_PREFIXES) {
        Bundle::Service
    } else if under(path, &VOICE_PREFIXES) {
        Bundle::Voice
    } else if under(path, &DEVICE_PREFIXES) {
        Bundle::Device
    } else {
        Bundle::Portal
    }
}

/// Whether a path belongs to the account bundle.
pub fn is_account_path(path: &str) -> bool {
    bundle_of(path) == Bundle::Account
}

/// The built page that serves a bundle's paths (`None`: the static assets' own fallback).
pub fn shell_of(bundle: Bundle) -> Option<&'static str> {
    match bundle {
        Bundle::Portal => None,
        Bundle::Guide => Some(GUIDE_SHELL),
        Bundle::Book => Some(BOOK_SHELL),
        Bundle::Account => Some(ACCOUNT_SHELL),
        Bundle::Hall => Some(HALL_SHELL),
        Bundle::Apply => Some(APPLY_SHELL),
        Bundle::Desk => Some(DESK_SHELL),
        Bundle::Help => Some(HELP_SHELL),
        Bundle::Service => Some(SERVICE_SHELL),
        Bundle::Voice => Some(VOICE_SHELL),
        Bundle::Device => Some(DEVICE_SHELL),
    }
}

/// `path?k=v&…` with every value percent-encoded (nothing when there are no pairs). The app
/// builds its API addresses with it, and the Worker the same addresses it preloads.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// Percent-encodes a query value or a path segment (everything but RFC 3986's unreserved
/// characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The API reads a page starts with, byte for byte as the app asks for them, so the Worker can
/// announce them with the page (`Link: rel=preload`) and the data downloads alongside the app
/// instead of after it. `pairs` is the page's decoded query. Only public, cacheable reads.
pub fn preloads(path: &str, pairs: &[(String, String)]) -> Vec<String> {
    if path == "/search" {
        let query =
            crate::query::ItemQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        return match query {
            Ok(q) => vec![
                with_query("/api/v1/items", &q.to_pairs()),
                "/api/v1/departments".to_string(),
            ],
            Err(_) => Vec::new(),
        };
    }
    if let Some(code) = path.strip_prefix("/items/") {
        let plain = !code.is_empty()
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if plain {
            return vec![
                format!("/api/v1/items/{code}"),
                with_query("/api/v1/faqs", &[("item", code.to_string())]),
            ];
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_announce_the_reads_the_app_will_make() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            preloads("/items/GA-CRJ-001", &[]),
            vec!["/api/v1/items/GA-CRJ-001", "/api/v1/faqs?item=GA-CRJ-001"]
        );
        // Codes that would need encoding, and deeper paths, announce nothing.
        assert!(preloads("/items/GA%20X", &[]).is_empty());
        assert!(preloads("/items/", &[]).is_empty());
        assert!(preloads("/items/GA-CRJ-001/book", &[]).is_empty());
        let search = preloads("/search", &pairs(&[("q", "身份证 丢了")]));
        assert_eq!(search.len(), 2);
        assert!(
            search[0].starts_with("/api/v1/items?")
                && search[0].contains("q=%E8%BA%AB%E4%BB%BD%E8%AF%81%20%E4%B8%A2%E4%BA%86"),
            "{search:?}"
        );
        assert_eq!(search[1], "/api/v1/departments");
        // A search the API would refuse is not announced.
        assert!(preloads("/search", &pairs(&[("page", "0")])).is_empty());
        assert!(preloads("/", &[]).is_empty());
        assert!(preloads("/me", &[]).is_empty());
    }

    #[test]
    fn encodes_everything_but_unreserved_characters() {
        assert_eq!(encode("a-Z_0.~"), "a-Z_0.~");
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(with_query("/x", &[]), "/x");
        assert_eq!(
            with_query("/x", &[("q", "1 2".to_string()), ("p", "3".to_string())]),
            "/x?q=1%202&p=3"
        );
    }

    #[test]
    fn only_well_formed_origins_may_frame_the_app() {
        let listed = embed_origins(
            "https://www.gd.gov.cn, http://127.0.0.1:8790  https://Portal.Example.gov.cn/ \
             https://evil.example.com/path *.example.com https://* javascript:alert(1) \
             https://host:99999x ftp://files.example.com https://.bad.cn",
        );
        assert_eq!(
            listed,
            vec![
                "https://www.gd.gov.cn",
                "http://127.0.0.1:8790",
                "https://portal.example.gov.cn",
            ]
        );
        assert_eq!(
            frame_ancestors(&listed),
            "frame-ancestors 'self' https://www.gd.gov.cn http://127.0.0.1:8790 https://portal.example.gov.cn"
        );
        assert_eq!(frame_ancestors(&[]), "frame-ancestors 'self'");
        let csp = content_security_policy(&listed);
        for part in [
            "script-src 'self' 'wasm-unsafe-eval';",
            "object-src 'none';",
            "base-uri 'self';",
            "default-src 'self';",
            "frame-ancestors 'self' https://www.gd.gov.cn",
        ] {
            assert!(csp.contains(part), "{part} in {csp}");
        }
        assert!(!csp.contains("unsafe-eval'") || csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
        assert!(embed_origins("").is_empty());
    }

    #[test]
    fn paths_find_their_bundle() {
        for p in [
            "/me",
            "/sign-in",
            "/sign-in?next=/book/GA-CRJ-001",
            "/dev/outbox",
            "/bookings/Y260929ABCDEF",
            "/ticket/t_0123456789abcdef",
        ] {
            assert_eq!(bundle_of(p), Bundle::Account, "{p}");
        }
        for p in [
            "/staff",
            "/staff/citizens",
            "/admin/audit",
            "/window",
            "/setup",
        ] {
            assert_eq!(bundle_of(p), Bundle::Hall, "{p}");
        }
        for p in [
            "/kiosk",
            "/kiosk/city",
            "/kiosk/city?lang=en",
            "/board/city",
        ] {
            assert_eq!(bundle_of(p), Bundle::Device, "{p}");
        }
        for p in ["/progress", "/applications/261127K7M4QX9P", "/credit-list"] {
            assert_eq!(bundle_of(p), Bundle::Apply, "{p}");
        }
        for p in ["/desk", "/desk/261127-K7M4-QX9P"] {
            assert_eq!(bundle_of(p), Bundle::Desk, "{p}");
        }
        for p in [
            "/consult",
            "/faq",
            "/proxy",
            "/open",
            "/open/notices/n_0123456789abcdef",
        ] {
            assert_eq!(bundle_of(p), Bundle::Help, "{p}");
        }
        for p in [
            "/complaints",
            "/complaints/TS20261128000001",
            "/rate/on_site/t_0123456789abcdef",
            "/satisfaction",
        ] {
            assert_eq!(bundle_of(p), Bundle::Voice, "{p}");
        }
        for p in [
            "/search",
            "/search?q=身份证",
            "/items/GA-HZ-004",
            "/packages/JOINT-001",
        ] {
            assert_eq!(bundle_of(p), Bundle::Guide, "{p}");
        }
        for p in ["/book/GA-CRJ-001", "/online/GA-HZ-006"] {
            assert_eq!(bundle_of(p), Bundle::Book, "{p}");
        }
        for p in ["/service/consult", "/service/proxy"] {
            assert_eq!(bundle_of(p), Bundle::Service, "{p}");
        }
        for p in [
            "/",
            "/searching",
            "/guide/",
            "/book-app/",
            "/bookx",
            "/apply/",
            "/desk-app/",
            "/help/",
            "/service-app/",
            "/services",
            "/desktop",
            "/progressive",
            "/proxyserver",
            "/itemsx",
            "/meeting",
            "/staffing",
            "/booking",
            "/windows",
            "/account/",
            "/hall/",
        ] {
            assert_eq!(bundle_of(p), Bundle::Portal, "{p}");
        }
    }
}
