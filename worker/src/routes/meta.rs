//! Liveness, health and the API description.

use hall_domain::dto::{Health, Live};
use hall_domain::Error;
use worker::{Env, Response};

use crate::{http, openapi, state, store};

pub async fn health(env: &Env) -> Result<Response, Error> {
    let db = state::db(env)?;
    let items = store::catalogue::item_count(&db).await?;
    let body = Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        items,
    };
    http::json(&body, "no-store").map_err(|e| http::unavailable("serialise", e))
}

pub fn live() -> Result<Response, Error> {
    let body = Live {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    http::json(&body, "no-store").map_err(|e| http::unavailable("serialise", e))
}

pub fn openapi() -> Result<Response, Error> {
    http::json(&openapi::document(), "public, max-age=300")
        .map_err(|e| http::unavailable("serialise", e))
}
