//! Development outbox: the short messages Hall would have sent by SMS. Exists only in the
//! development configuration (the API answers 404 in production).

use hall_domain::dto::OutboxList;
use leptos::prelude::*;

use crate::api;
use crate::components::load::{load, reload};
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;

#[component]
pub fn OutboxPage() -> impl IntoView {
    api::set_title("短信发件箱（开发）");
    let phone = RwSignal::new(String::new());
    let filter = RwSignal::new(String::new());
    let path = move || api::with_query("/api/v1/dev/outbox", &[("phone", filter.get_untracked())]);
    let list = load::<OutboxList>(path());
    let refresh = move || reload(list, path());
    view! {
        <main id="main" class="wrap">
            <h1>"短信发件箱（仅开发环境）"</h1>
            <p class="lead">"开发环境不接短信网关：发给群众的短信都留在这里。生产环境没有此页面。"</p>
            <form class="form inline" on:submit=move |ev| { ev.prevent_default(); filter.set(phone.get_untracked()); refresh(); }>
                <div class="field">
                    <label for="outbox-phone">"只看发给此号码的"</label>
                    <input id="outbox-phone" type="tel" inputmode="numeric" maxlength="20"
                        prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                </div>
                <button type="submit">"筛选"</button>
                <button type="button" class="secondary" on:click=move |_| refresh()>"刷新"</button>
            </form>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) if l.messages.is_empty() => view! { <p class="empty-note">"没有短信。"</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <ul class="cards outbox">
                        {l.messages.into_iter().map(|m| view! {
                            <li class="card">
                                <p class="meta">{format!("{} · 发往 {}", format_time(m.at), m.to_masked)}</p>
                                <p class="sms">{m.body}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}
