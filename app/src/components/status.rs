//! Loading and error states shared by every page.

use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"正在加载…"</p> }
}

/// The error panel: what went wrong, and a way forward.
#[component]
fn ErrorPanel(children: Children) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <h2>"出错了"</h2>
            {children()}
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
}

/// Shows the errors caught by an `ErrorBoundary`.
pub fn error_view(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, e)| view! { <li>{e.to_string()}</li> })
            .collect_view()
    };
    view! { <ErrorPanel><ul>{messages}</ul></ErrorPanel> }
}

/// The error of a load (see `components::load`).
pub fn error_box(error: &crate::api::ApiError) -> AnyView {
    let message = error.to_string();
    view! { <ErrorPanel><p>{message}</p></ErrorPanel> }.into_any()
}
