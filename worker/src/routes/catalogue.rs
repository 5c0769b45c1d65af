//! Catalogue routes: search, guide, departments, packages.

use hall_domain::calendar::Date;
use hall_domain::catalogue::{is_item_code, is_package_code};
use hall_domain::query::ItemQuery;
use hall_domain::Error;
use worker::{Env, Response, Url};

use crate::http::{self, CATALOGUE_MAX_AGE};
use crate::state;

fn respond<T: serde::Serialize>(value: &T, cache: &str) -> Result<Response, Error> {
    http::json(value, cache).map_err(|e| http::unavailable("serialise", e))
}

pub async fn items(url: &Url, env: &Env) -> Result<Response, Error> {
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let query = ItemQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let dir = state::directory(env).await?;
    respond(&dir.search(&query)?, CATALOGUE_MAX_AGE)
}

pub async fn item(code: &str, env: &Env) -> Result<Response, Error> {
    if !is_item_code(code) {
        return Err(Error::ItemNotFound(code.chars().take(40).collect()));
    }
    let dir = state::directory(env).await?;
    let today = Date::china_today(state::now_ms());
    respond(&dir.guide(code, today)?, CATALOGUE_MAX_AGE)
}

pub async fn departments(env: &Env) -> Result<Response, Error> {
    let dir = state::directory(env).await?;
    respond(&dir.departments(), CATALOGUE_MAX_AGE)
}

pub async fn packages(env: &Env) -> Result<Response, Error> {
    let dir = state::directory(env).await?;
    respond(&dir.packages(), CATALOGUE_MAX_AGE)
}

pub async fn package(code: &str, env: &Env) -> Result<Response, Error> {
    if !is_package_code(code) {
        return Err(Error::PackageNotFound(code.chars().take(40).collect()));
    }
    let dir = state::directory(env).await?;
    respond(&dir.package(code)?, CATALOGUE_MAX_AGE)
}
