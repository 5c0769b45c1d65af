//! Catalogue routes: search, guide, departments, packages.

use hall_domain::calendar::Date;
use hall_domain::catalogue::{is_item_code, is_package_code};
use hall_domain::language::Lang;
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

/// The `lang` parameter: the reader's language.
fn lang_of(url: &Url) -> Result<Lang, Error> {
    let tag = url
        .query_pairs()
        .filter(|(k, _)| k == "lang")
        .last()
        .map(|(_, v)| v.into_owned());
    Lang::from_param(tag.as_deref())
}

pub async fn item(url: &Url, code: &str, env: &Env) -> Result<Response, Error> {
    if !is_item_code(code) {
        return Err(Error::ItemNotFound(code.chars().take(40).collect()));
    }
    let lang = lang_of(url)?;
    let dir = state::directory(env).await?;
    let today = Date::china_today(state::now_ms());
    respond(&dir.guide(code, today, lang)?, CATALOGUE_MAX_AGE)
}

pub async fn departments(url: &Url, env: &Env) -> Result<Response, Error> {
    let lang = lang_of(url)?;
    let dir = state::directory(env).await?;
    respond(&dir.departments(lang), CATALOGUE_MAX_AGE)
}

pub async fn packages(url: &Url, env: &Env) -> Result<Response, Error> {
    let lang = lang_of(url)?;
    let dir = state::directory(env).await?;
    respond(&dir.packages(lang), CATALOGUE_MAX_AGE)
}

pub async fn package(url: &Url, code: &str, env: &Env) -> Result<Response, Error> {
    if !is_package_code(code) {
        return Err(Error::PackageNotFound(code.chars().take(40).collect()));
    }
    let lang = lang_of(url)?;
    let dir = state::directory(env).await?;
    respond(&dir.package(code, lang)?, CATALOGUE_MAX_AGE)
}
