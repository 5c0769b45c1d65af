//! The search form: a labelled input and a button; submitting goes to the results page.

use crate::api::encode;
use crate::shell::go_to;
use leptos::prelude::*;

#[component]
pub fn SearchBox(#[prop(into, default = String::new())] initial: String) -> impl IntoView {
    let (text, set_text) = signal(initial);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = text.get_untracked();
        let q = q.trim();
        let url = if q.is_empty() {
            "/search".to_string()
        } else {
            format!("/search?q={}", encode(q))
        };
        go_to(&url);
    };
    view! {
        <form class="search-box" role="search" action="/search" method="get" on:submit=on_submit>
            <label for="search-q">{crate::tr!(search_label)}</label>
            <div class="search-row">
                <input
                    id="search-q"
                    name="q"
                    type="search"
                    maxlength="50"
                    autocomplete="off"
                    placeholder=crate::tr!(search_placeholder)
                    prop:value=move || text.get()
                    on:input=move |ev| set_text.set(event_target_value(&ev))
                />
                <button type="submit">{crate::tr!(search_button)}</button>
            </div>
        </form>
    }
}
