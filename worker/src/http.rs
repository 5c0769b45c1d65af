//! HTTP plumbing: JSON responses with the project's headers, and errors mapped to their status.

use hall_domain::Error;
use serde::Serialize;
use worker::{Headers, Response, Result};

/// How long clients and caches may keep a catalogue response.
pub const CATALOGUE_MAX_AGE: &str = "public, max-age=60";

fn headers(cache: &str) -> Result<Headers> {
    let h = Headers::new();
    h.set("content-type", "application/json; charset=utf-8")?;
    h.set("cache-control", cache)?;
    h.set("x-content-type-options", "nosniff")?;
    Ok(h)
}

/// A 200 JSON response.
pub fn json<T: Serialize>(value: &T, cache: &str) -> Result<Response> {
    let body = serde_json::to_string(value).map_err(|e| worker::Error::RustError(e.to_string()))?;
    Ok(Response::ok(body)?.with_headers(headers(cache)?))
}

/// A private 200 JSON answer (never stored by caches): everything about a person or session.
pub fn private<T: Serialize>(value: &T) -> std::result::Result<Response, Error> {
    json(value, "no-store").map_err(|e| unavailable("serialise", e))
}

/// A private JSON answer that also sets a cookie.
pub fn private_with_cookie<T: Serialize>(
    value: &T,
    cookie: &str,
) -> std::result::Result<Response, Error> {
    let resp = private(value)?;
    resp.headers()
        .append("set-cookie", cookie)
        .map_err(|e| unavailable("cookie header", e))?;
    Ok(resp)
}

/// A private JSON answer with an ETag, for pages that poll with `If-None-Match`.
pub fn private_tagged<T: Serialize>(value: &T, etag: &str) -> std::result::Result<Response, Error> {
    let resp = private(value)?;
    resp.headers()
        .set("etag", etag)
        .map_err(|e| unavailable("etag header", e))?;
    Ok(resp)
}

/// `304 Not Modified` for a poll whose ETag still holds.
pub fn not_modified(etag: &str) -> std::result::Result<Response, Error> {
    let h = Headers::new();
    let set = |k: &str, v: &str| h.set(k, v).map_err(|e| unavailable("headers", e));
    set("etag", etag)?;
    set("cache-control", "no-store")?;
    Ok(Response::empty()
        .map_err(|e| unavailable("304", e))?
        .with_status(304)
        .with_headers(h))
}

/// An SVG image (a QR code), kept by the browser for `max_age` seconds (0: not at all).
pub fn svg(body: String, max_age: u32) -> std::result::Result<Response, Error> {
    let h = Headers::new();
    let set = |k: &str, v: &str| h.set(k, v).map_err(|e| unavailable("headers", e));
    set("content-type", "image/svg+xml")?;
    set(
        "cache-control",
        &if max_age == 0 {
            "no-store".to_string()
        } else {
            format!("private, max-age={max_age}")
        },
    )?;
    set("x-content-type-options", "nosniff")?;
    Ok(Response::ok(body)
        .map_err(|e| unavailable("svg", e))?
        .with_headers(h))
}

/// A private text answer of another type (a calendar file), offered as a download.
pub fn download(
    body: String,
    content_type: &str,
    filename: &str,
) -> std::result::Result<Response, Error> {
    let h = Headers::new();
    let set = |k: &str, v: &str| h.set(k, v).map_err(|e| unavailable("headers", e));
    set("content-type", content_type)?;
    set("cache-control", "no-store")?;
    set("x-content-type-options", "nosniff")?;
    set(
        "content-disposition",
        &format!("attachment; filename=\"{filename}\""),
    )?;
    Ok(Response::ok(body)
        .map_err(|e| unavailable("download", e))?
        .with_headers(h))
}

/// A private image (a complaint's attachment): never cached, never sniffed as anything else,
/// and inert if opened on its own.
pub fn image(bytes: Vec<u8>, content_type: &str) -> std::result::Result<Response, Error> {
    let h = Headers::new();
    let set = |k: &str, v: &str| h.set(k, v).map_err(|e| unavailable("headers", e));
    set("content-type", content_type)?;
    set("cache-control", "private, no-store")?;
    set("x-content-type-options", "nosniff")?;
    set("content-security-policy", "default-src 'none'")?;
    Ok(Response::from_bytes(bytes)
        .map_err(|e| unavailable("image", e))?
        .with_headers(h))
}

/// One of the app's pages (a bundle's `index.html` from the static assets) with the framing
/// policy: only this site and the portals on the allow-list may show it in a frame, and the API
/// reads it starts with announced for preloading ([`hall_domain::site::preloads`]). Its own
/// content type, caching and ETag stay as the assets gave them.
pub fn page(page: Response, embed_origins: &[String], preloads: &[String]) -> Result<Response> {
    let status = page.status_code();
    let headers = page.headers().clone();
    let is_html = headers
        .get("content-type")?
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_html {
        return Ok(page);
    }
    headers.set(
        "content-security-policy",
        &hall_domain::site::content_security_policy(embed_origins),
    )?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("referrer-policy", "strict-origin-when-cross-origin")?;
    if status == 200 && !preloads.is_empty() {
        let links: Vec<String> = preloads
            .iter()
            .map(|p| format!("<{p}>; rel=preload; as=fetch; crossorigin=anonymous"))
            .collect();
        headers.set("link", &links.join(", "))?;
    }
    Ok(page.with_headers(headers).with_status(status))
}

/// A private HTML page (the development payment sandbox).
pub fn html(body: String) -> std::result::Result<Response, Error> {
    let h = Headers::new();
    let set = |k: &str, v: &str| h.set(k, v).map_err(|e| unavailable("headers", e));
    set("content-type", "text/html; charset=utf-8")?;
    set("cache-control", "no-store")?;
    set("x-content-type-options", "nosniff")?;
    set(
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    )?;
    Ok(Response::ok(body)
        .map_err(|e| unavailable("html", e))?
        .with_headers(h))
}

/// `303 See Other` to a path of this site.
pub fn see_other(location: &str) -> std::result::Result<Response, Error> {
    see_other_with_cookies(location, &[])
}

/// `303 See Other` to `location` (a path of this site, or the identity platform), setting
/// cookies on the way.
pub fn see_other_with_cookies(
    location: &str,
    cookies: &[String],
) -> std::result::Result<Response, Error> {
    let h = Headers::new();
    let set = |k: &str, v: &str| h.set(k, v).map_err(|e| unavailable("headers", e));
    set("location", location)?;
    set("cache-control", "no-store")?;
    set("referrer-policy", "no-referrer")?;
    for c in cookies {
        h.append("set-cookie", c)
            .map_err(|e| unavailable("headers", e))?;
    }
    Ok(Response::empty()
        .map_err(|e| unavailable("303", e))?
        .with_status(303)
        .with_headers(h))
}

/// The error as a JSON response with its status; never cached.
pub fn error(err: &Error) -> Result<Response> {
    let body =
        serde_json::to_string(&err.body()).map_err(|e| worker::Error::RustError(e.to_string()))?;
    let resp = Response::ok(body)?
        .with_status(err.status())
        .with_headers(headers("no-store")?);
    if let Some(secs) = err.retry_after() {
        resp.headers().set("retry-after", &secs.to_string())?;
    }
    Ok(resp)
}

/// Maps a storage failure to the client-facing error, logging the cause (which never contains
/// personal data: catalogue queries carry none).
pub fn unavailable(context: &str, err: worker::Error) -> Error {
    worker::console_error!("{context}: {err}");
    Error::Unavailable
}
