//! One notice (公告), printable, with when it was published and last updated.

use hall_domain::dto::Notice;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::tr;

#[component]
pub fn NoticePage() -> impl IntoView {
    api::set_title(tr!(notice_title));
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let notice = load::<Notice>(&format!("/api/v1/notices/{}", api::encode(&id)));
    view! {
        <main id="main" class="wrap narrow">
            <p class="no-print"><a href="/open">{tr!(back_open)}</a></p>
            {move || match notice.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(n)) => view! {
                    <article>
                        <h1>{n.title.clone()}</h1>
                        <p class="note">
                            {tr!(notice_published, time = format_time(n.published_at))}
                            {(n.updated_at != n.published_at).then(|| tr!(notice_updated, time = format_time(n.updated_at)))}
                        </p>
                        {n.body.lines().map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
                    </article>
                }.into_any(),
            }}
        </main>
    }
}
