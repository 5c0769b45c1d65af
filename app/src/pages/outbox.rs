//! Development outbox: the short messages Hall would have sent by SMS. Exists only in the
//! development configuration (the API answers 404 in production).

use hall_domain::dto::OutboxList;
use leptos::prelude::*;

use crate::api;
use crate::components::load::{load, reload};
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::tr;

#[component]
pub fn OutboxPage() -> impl IntoView {
    api::set_title(tr!(outbox_title));
    let phone = RwSignal::new(String::new());
    let filter = RwSignal::new(String::new());
    let path = move || api::with_query("/api/v1/dev/outbox", &[("phone", filter.get_untracked())]);
    let list = load::<OutboxList>(path());
    let refresh = move || reload(list, path());
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(outbox_h1)}</h1>
            <p class="lead">{tr!(outbox_lead)}</p>
            <form class="form inline" on:submit=move |ev| { ev.prevent_default(); filter.set(phone.get_untracked()); refresh(); }>
                <div class="field">
                    <label for="outbox-phone">{tr!(outbox_phone)}</label>
                    <input id="outbox-phone" type="tel" inputmode="numeric" maxlength="20"
                        prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                </div>
                <button type="submit">{tr!(filter_apply)}</button>
                <button type="button" class="secondary" on:click=move |_| refresh()>{tr!(outbox_refresh)}</button>
            </form>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) if l.messages.is_empty() => view! { <p class="empty-note">{tr!(outbox_none)}</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <ul class="cards outbox">
                        {l.messages.into_iter().map(|m| view! {
                            <li class="card">
                                <p class="meta">{tr!(outbox_meta, time = format_time(m.at), to = &m.to_masked)}</p>
                                <p class="sms">{m.body}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}
