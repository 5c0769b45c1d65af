//! Hall's Worker: the JSON API under `/api/`. Everything else is served by Workers Static
//! Assets (the built app) before this code runs; see `wrangler.toml`.
//!
//! A request flows one way: [`routes::handle`] matches the route table, a handler in
//! `routes/<resource>.rs` parses the request into domain types, the domain decides, `store/`
//! reads or writes D1, and [`http`] turns the result or the error into a response.

mod http;
mod openapi;
mod routes;
mod state;
mod store;

use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    routes::handle(req, &env).await
}
