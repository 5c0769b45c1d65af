//! Loading data for a view without the async-view machinery: one signal per request, filled by
//! a task, rendered by a plain `match` on the signal. Every page uses this rather than
//! resources with `Suspense`/`Transition`/`ErrorBoundary`, whose generic machinery cost about
//! 45 KB gzip in the account bundle alone.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;

use crate::api::{self, ApiError};

/// What a load has reached.
pub type Loaded<T> = RwSignal<Option<Result<T, ApiError>>>;

/// Starts loading `path`; the request is aborted if the view goes away first.
pub fn load<T>(path: impl Into<String>) -> Loaded<T>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let state: Loaded<T> = RwSignal::new(None);
    let path = path.into();
    spawn_local(async move {
        let result = api::get::<T>(&path).await;
        state.try_set(Some(result));
    });
    state
}

/// Loads again into the same signal (after a change).
pub fn reload<T>(state: Loaded<T>, path: impl Into<String>)
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let path = path.into();
    spawn_local(async move {
        let result = api::get::<T>(&path).await;
        state.try_set(Some(result));
    });
}

/// Loads the path `path()` names, again whenever it changes (it is read reactively). The last
/// answer stays shown until the next arrives; an answer to an older path is dropped, and its
/// request aborted.
pub fn load_with<T>(
    path: impl Fn() -> Result<String, ApiError> + Send + Sync + 'static,
) -> Loaded<T>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let state: Loaded<T> = RwSignal::new(None);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let path = path();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        spawn_local(async move {
            let result = match path {
                Ok(path) => api::get::<T>(&path).await,
                Err(e) => Err(e),
            };
            if generation.try_get_value() == Some(mine) {
                state.try_set(Some(result));
            }
        });
    });
    state
}
