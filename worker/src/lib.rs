//! Hall's Worker: the JSON API under `/api/`, and the app's pages. The build files (scripts,
//! wasm, styles, images) are served by Workers Static Assets before this code runs; every page
//! comes through here to get its bundle's `index.html` and the framing policy
//! ([`http::page`]); see `wrangler.toml`.
//!
//! A request flows one way: [`routes::handle`] matches the route table, a handler in
//! `routes/<resource>.rs` parses the request into domain types, the domain decides, `store/`
//! reads or writes D1, and [`http`] turns the result or the error into a response.

mod auth;
mod crypto;
mod ctx;
mod http;
mod idem;
mod jobs;
mod notify;
mod oidc;
mod openapi;
mod pay;
mod qr;
mod routes;
mod state;
mod store;

use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let https = req.url().is_ok_and(|u| u.scheme() == "https");
    let resp = answer(req, env).await?;
    // Over HTTPS (production), browsers are told to come back over HTTPS only.
    if !https {
        return Ok(resp);
    }
    let status = resp.status_code();
    let headers = resp.headers().clone();
    headers.set(
        "strict-transport-security",
        "max-age=31536000; includeSubDomains",
    )?;
    Ok(resp.with_headers(headers).with_status(status))
}

async fn answer(req: Request, env: Env) -> Result<Response> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return routes::handle(req, env).await;
    }
    let pairs: Vec<(String, String)> = req
        .url()
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default();
    let preloads = hall_domain::site::preloads(&path, &pairs);
    let page = match hall_domain::site::shell_of(hall_domain::site::bundle_of(&path)) {
        Some(shell) => bundle_shell(&env, shell).await?,
        // The portal's own pages, and the single-page fallback for any other address.
        None => env.assets("ASSETS")?.fetch_request(req).await?,
    };
    http::page(page, &embed_origins(&env), &preloads)
}

/// The portals allowed to frame Hall (`HALL_EMBED_ORIGINS`, space-separated; see README.md).
fn embed_origins(env: &Env) -> Vec<String> {
    env.var("HALL_EMBED_ORIGINS")
        .map(|v| hall_domain::site::embed_origins(&v.to_string()))
        .unwrap_or_default()
}

/// The scheduled job: reminders and no-shows, as of the event's scheduled time (which
/// `wrangler dev --test-scheduled` lets a test choose).
#[event(scheduled)]
pub async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let now = (event.schedule() / 1000.0) as i64;
    match jobs::run(&env, now).await {
        Ok(s) => worker::console_log!(
            "jobs: {} reminders, {} no-shows, {} suspensions",
            s.reminders,
            s.no_shows,
            s.suspensions
        ),
        Err(e) => worker::console_error!("jobs failed: {e}"),
    }
}

/// The page of a bundle other than the portal, for its paths.
async fn bundle_shell(env: &Env, shell: &str) -> Result<Response> {
    let url = format!("https://assets.local{shell}");
    env.assets("ASSETS")?.fetch(url, None).await
}
