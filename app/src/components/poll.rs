//! Following a live state: the ticket page and the display board ask every second with the
//! ETag of the last answer, so an unchanged queue costs a 304 with no body. A change reaches
//! the page within one interval plus one round trip.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;

use crate::api::{self, ApiError};
use crate::components::load::Loaded;

/// How often a live page asks.
pub const INTERVAL: Duration = Duration::from_millis(1000);

/// Loads `path` now and again every [`INTERVAL`] while the view lives. A failed poll keeps
/// the last good answer on screen (a phone on a flaky network) and sets `offline`.
pub fn follow<T>(path: String) -> (Loaded<T>, RwSignal<bool>)
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let state: Loaded<T> = RwSignal::new(None);
    let offline = RwSignal::new(false);
    let etag = StoredValue::new(None::<String>);
    let busy = StoredValue::new(false);
    let path = StoredValue::new(path);
    let tick = move || {
        if busy.try_get_value().unwrap_or(true) {
            return;
        }
        busy.set_value(true);
        spawn_local(async move {
            let Some(p) = path.try_get_value() else {
                return;
            };
            let result = api::poll::<T>(&p, etag.try_get_value().flatten()).await;
            match result {
                Ok(Some((value, tag))) => {
                    etag.try_set_value(tag);
                    state.try_set(Some(Ok(value)));
                    offline.try_set(false);
                }
                Ok(None) => {
                    offline.try_set(false);
                }
                Err(ApiError::Network)
                    if state.try_with_untracked(|s| s.is_some()) == Some(true) =>
                {
                    offline.try_set(true);
                }
                Err(e) => {
                    state.try_set(Some(Err(e)));
                }
            }
            busy.try_set_value(false);
        });
    };
    tick();
    if let Ok(handle) = set_interval_with_handle(tick, INTERVAL) {
        on_cleanup(move || handle.clear());
    }
    (state, offline)
}
