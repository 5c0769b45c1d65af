//! Loading and error states shared by every page.

use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{crate::tr!(loading)}</p> }
}

/// The error of a load (see `components::load`), with a way forward.
pub fn error_box(error: &crate::api::ApiError) -> AnyView {
    let message = error.to_string();
    view! {
        <div class="error-box" role="alert">
            <h2>{crate::tr!(err_title)}</h2>
            <p>{message}</p>
            <p>
                <button type="button" on:click=|_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }>{crate::tr!(err_reload)}</button>
                {crate::tr!(err_hotline)}
            </p>
        </div>
    }
    .into_any()
}
