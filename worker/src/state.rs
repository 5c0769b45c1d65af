//! The catalogue held in the isolate. Loaded from D1 on first use; re-validated against the
//! `catalogue_version` row at most every [`RECHECK_MS`], and reloaded when it changed.

use std::cell::RefCell;
use std::rc::Rc;

use hall_domain::directory::Directory;
use hall_domain::Error;
use worker::{D1Database, Env};

use crate::store;

/// How long a loaded catalogue is used before its version is checked again.
const RECHECK_MS: f64 = 30_000.0;

struct Cached {
    version: String,
    checked_at_ms: f64,
    directory: Rc<Directory>,
}

thread_local! {
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// The D1 binding.
pub fn db(env: &Env) -> Result<D1Database, Error> {
    env.d1("DB")
        .map_err(|e| crate::http::unavailable("D1 binding", e))
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    worker::Date::now().as_millis() as f64
}

/// Drops this isolate's catalogue, so the next read loads the edited one (other isolates see
/// the changed version within `RECHECK_MS`).
pub fn forget_directory() {
    CACHE.with(|c| *c.borrow_mut() = None);
}

/// The current catalogue.
pub async fn directory(env: &Env) -> Result<Rc<Directory>, Error> {
    let now = now_ms();
    // Fast path: a catalogue checked within RECHECK_MS is used as it is.
    let fresh = CACHE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|c| now - c.checked_at_ms < RECHECK_MS)
            .map(|c| c.directory.clone())
    });
    if let Some(dir) = fresh {
        return Ok(dir);
    }
    let db = db(env)?;
    let version = store::catalogue::version(&db).await?;
    let unchanged = CACHE.with(|c| {
        c.borrow_mut()
            .as_mut()
            .filter(|c| c.version == version)
            .map(|c| {
                c.checked_at_ms = now;
                c.directory.clone()
            })
    });
    if let Some(dir) = unchanged {
        return Ok(dir);
    }
    let directory = Rc::new(store::catalogue::load(&db).await?);
    CACHE.with(|c| {
        *c.borrow_mut() = Some(Cached {
            version,
            checked_at_ms: now,
            directory: directory.clone(),
        })
    });
    Ok(directory)
}
