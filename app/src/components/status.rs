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
            <h2>"出错了"</h2>
            <p>{message}</p>
            <p>
                <button type="button" on:click=|_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }>"重新加载"</button>
                " 或拨打 12345 政务服务热线咨询。"
            </p>
        </div>
    }
    .into_any()
}
