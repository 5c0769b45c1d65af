//! Form feedback: the request's error above the form, and a field's own message beside it.

use leptos::prelude::*;

use crate::api::ApiError;

/// The error of the last submission, read out when it appears: the message, then a summary of
/// each field the server named, linking to that field (a click moves the focus there).
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
                            {fields.into_iter().map(|(name, message)| match input_of(&name) {
                                Some(id) => {
                                    let href = format!("#{id}");
                                    view! {
                                        <li><a href=href on:click=move |ev| {
                                            ev.prevent_default();
                                            focus(&id);
                                        }>{message}</a></li>
                                    }.into_any()
                                }
                                None => view! { <li>{message}</li> }.into_any(),
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
    }
}

/// The id of the input a field's message describes (its `FieldError` is named by `data-field`
/// and referenced by the input's `aria-describedby`).
fn input_of(name: &str) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let span = doc
        .query_selector(&format!("[data-field=\"{name}\"]"))
        .ok()??;
    let input = doc
        .query_selector(&format!("[aria-describedby~=\"{}\"]", span.id()))
        .ok()??;
    Some(input.id()).filter(|id| !id.is_empty())
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
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
/// beside it.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    #[prop(default = 300)] maxlength: u32,
) -> impl IntoView {
    let err = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="text" maxlength=maxlength aria-describedby=err.clone()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <FieldError id=err name=name error=error/>
        </div>
    }
}
