//! A matter's history: when, what, who, and a note (the hall's own words in the reader's
//! language).

use hall_domain::dto::TimelineEvent;
use leptos::prelude::*;

use super::time::format_time;

/// The events oldest first, as an ordered list.
#[component]
pub fn Timeline(events: Vec<TimelineEvent>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {events.into_iter().map(|e| {
                let note = crate::labels::note(&e.note, e.said.as_ref());
                view! {
                <li>
                    <span class="when">{format_time(e.at)}</span>" "<strong>{crate::labels::record(e.record)}</strong>
                    {(!e.by.is_empty()).then(|| view! { <span>{format!(" · {}", crate::labels::actor(e.actor, e.by))}</span> })}
                    {(!note.is_empty()).then(|| view! { <div class="note">{note}</div> })}
                </li>
            }}).collect_view()}
        </ol>
    }
}
