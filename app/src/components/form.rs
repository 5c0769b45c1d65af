//! Form feedback: the request's error above the form, and a field's own message beside it.

use leptos::prelude::*;

use crate::api::ApiError;

/// The error of the last submission, read out when it appears: the message, then a summary of
/// each field the server named. A summary entry links to its field: `public/prefs.js` moves the
/// focus to the input its `FieldError` describes (`data-goto` names the field).
#[component]
pub fn FormError(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let fields = e.fields();
            view! {
                <div class="form-error" role="alert">
                    {e.to_string()}
                    {(!fields.is_empty()).then(|| view! {
                        <ul class="error-summary">
                            {fields.into_iter().map(|(name, message)| view! {
                                <li><a href="#main" data-goto=name>{message}</a></li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }
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
        <span id=id class="field-error" data-field=name>
            {move || error.get().and_then(|e| e.field(name))}
        </span>
    }
}

/// A labelled one-line text input bound to `value`, with the server's message for `name`
/// beside it. `kind` is the input's type (`text`, `password`).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    #[prop(default = 300)] maxlength: u32,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let err = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind maxlength=maxlength aria-describedby=err.clone()
                aria-required=required.then_some("true") autocomplete=autocomplete
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <FieldError id=err name=name error=error/>
        </div>
    }
}
