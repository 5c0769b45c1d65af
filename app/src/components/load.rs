//! Loading data for a view without the async-view machinery: one signal per request, filled by
//! a task, rendered by a plain closure. Smaller than `Suspense`/`Transition` for pages that
//! load once, which matters for the account bundle's size.

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
