//! The local identity platform that stands in for the province's (统一身份认证) in development
//! and tests: `idp/provider.mjs`, a real OpenID Provider (the `oidc-provider` npm package) with
//! demo residents, started on a free loopback port beside each `wrangler dev`, which is given
//! its issuer, client id and secret as variables.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::{free_port, http_status, Result, StepError};

/// The client Hall is registered as at the local platform.
pub const CLIENT_ID: &str = "hall-local";
/// Its secret: a development value, never a production one (production sets the Worker secret
/// `HALL_OIDC_CLIENT_SECRET`).
pub const CLIENT_SECRET: &str = "hall-local-development-secret";

pub struct Idp {
    child: Child,
    pub port: u16,
}

impl Idp {
    /// Starts the platform for a Hall served at `hall_port` (its only redirect URI), logging
    /// to `log_path`; waits for its discovery document.
    pub fn start(root: &Path, hall_port: u16, log_path: &str) -> Result<Idp> {
        let port = free_port()?;
        let log = std::fs::File::create(root.join(log_path))?;
        let child = Command::new("node")
            .current_dir(root)
            .arg("idp/provider.mjs")
            .env("OIDC_PORT", port.to_string())
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
            .env(
                "OIDC_REDIRECT_URIS",
                format!("http://127.0.0.1:{hall_port}/api/v1/auth/oidc/callback"),
            )
            .env(
                "OIDC_KEYS_FILE",
                root.join(format!("target/idp-keys-{hall_port}.json")),
            )
            .env("OIDC_TEST_ENDPOINTS", "1")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let idp = Idp { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while http_status(
            port,
            "/.well-known/openid-configuration",
            Duration::from_secs(5),
        ) != Some(200)
        {
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(root.join(log_path)).unwrap_or_default();
                return Err(StepError(format!(
                    "the local identity platform did not start within 60 s; its log:\n{log}"
                )));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(idp)
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The `wrangler dev --var` values that make Hall its relying party.
    pub fn vars(&self) -> Vec<String> {
        vec![
            format!("HALL_OIDC_ISSUER:{}", self.issuer()),
            format!("HALL_OIDC_CLIENT_ID:{CLIENT_ID}"),
            format!("HALL_OIDC_CLIENT_SECRET:{CLIENT_SECRET}"),
        ]
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
