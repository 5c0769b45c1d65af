//! Hall's Worker: the JSON API under `/api/`. Everything else is served by Workers Static
//! Assets (the built app) before this code runs; see `wrangler.toml`.
//!
//! A request flows one way: [`routes::handle`] matches the route table, a handler in
//! `routes/<resource>.rs` parses the request into domain types, the domain decides, `store/`
//! reads or writes D1, and [`http`] turns the result or the error into a response.

mod auth;
mod crypto;
mod ctx;
mod http;
mod jobs;
mod notify;
mod openapi;
mod pay;
mod qr;
mod routes;
mod state;
mod store;

use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let bundle = hall_domain::site::bundle_of(&req.path());
    if let Some(shell) = hall_domain::site::shell_of(bundle) {
        return bundle_shell(&env, shell).await;
    }
    routes::handle(req, env).await
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

/// The page of the account or hall bundle, for its paths (the static assets answer every
/// other page).
async fn bundle_shell(env: &Env, shell: &str) -> Result<Response> {
    let url = format!("https://assets.local{shell}");
    env.assets("ASSETS")?.fetch(url, None).await
}
