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
mod notify;
mod openapi;
mod routes;
mod state;
mod store;

use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    if hall_domain::site::is_account_path(&req.path()) {
        return account_shell(&env).await;
    }
    routes::handle(req, env).await
}

/// The account bundle's page, for its paths (the static assets answer every other page).
async fn account_shell(env: &Env) -> Result<Response> {
    let url = format!("https://assets.local{}", hall_domain::site::ACCOUNT_SHELL);
    env.assets("ASSETS")?.fetch(url, None).await
}
