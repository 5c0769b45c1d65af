//! Where the app's pages live. The browser app ships in two bundles: the portal (what every
//! visitor loads first) and the account bundle (sign-in, My Hall, the staff console). The
//! Worker serves the account bundle's page for these paths; `wrangler.toml` routes them to the
//! Worker (`run_worker_first`), checked against this list by a test.

/// Path prefixes of the account bundle; everything else is the portal's.
pub const ACCOUNT_PREFIXES: [&str; 5] = ["/me", "/sign-in", "/staff", "/admin", "/dev"];

/// Where the account bundle's page is in the built assets.
pub const ACCOUNT_SHELL: &str = "/account/";

/// Whether a path belongs to the account bundle.
pub fn is_account_path(path: &str) -> bool {
    ACCOUNT_PREFIXES.iter().any(|p| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_paths() {
        for p in [
            "/me",
            "/sign-in",
            "/staff",
            "/staff/citizens",
            "/admin/audit",
            "/dev/outbox",
        ] {
            assert!(is_account_path(p), "{p}");
        }
        for p in [
            "/",
            "/search",
            "/items/GA-HZ-004",
            "/meeting",
            "/staffing",
            "/account/",
        ] {
            assert!(!is_account_path(p), "{p}");
        }
    }
}
