//! A matter's history: when, what, who, and a note.

use hall_domain::dto::TimelineEvent;
use leptos::prelude::*;

use super::time::format_time;

/// The events oldest first, as an ordered list.
#[component]
pub fn Timeline(events: Vec<TimelineEvent>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {events.into_iter().map(|e| view! {
                <li>
                    <span class="when">{format_time(e.at)}</span>" "<strong>{crate::labels::record(e.record)}</strong>
                    {(!e.by.is_empty()).then(|| view! { <span>{format!(" · {}", crate::labels::actor(e.actor, e.by))}</span> })}
                    {(!e.note.is_empty()).then(|| view! { <div class="note">{e.note}</div> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
