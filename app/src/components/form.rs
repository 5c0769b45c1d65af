//! Form feedback: the request's error above the form, and a field's own message beside it.

use leptos::prelude::*;

use crate::api::ApiError;

/// The error of the last submission, read out when it appears.
#[component]
pub fn FormError(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! { <p class="form-error" role="alert">{e.to_string()}</p> }
        })
    }
}

/// The server's message for one field, referenced by the input's `aria-describedby`.
#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    name: &'static str,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    view! {
        <span id=id class="field-error">
            {move || error.get().and_then(|e| e.field(name))}
        </span>
    }
}
