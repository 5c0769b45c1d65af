//! The wait forecast (`hall_domain::forecast`): when to come, on the booking page, and the
//! usual wait at a ticket's hour, on the ticket page. A hint only: with too little history, or
//! when it cannot load, the pages say so or leave it out and work as before.

use hall_domain::booking::local_of;
use hall_domain::forecast::{self, HourForecast, WaitForecast};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::load::load;
use crate::tr;

fn path(hall: &str, item: &str) -> String {
    format!("/api/v1/halls/{hall}/forecast?item={}", api::encode(item))
}

/// "什么时候来人少": each working weekday's quietest hour in the hall for the item's queue.
#[component]
pub fn BestTime(hall: String, item: String) -> impl IntoView {
    let f = load::<WaitForecast>(path(&hall, &item));
    move || {
        let f = match f.get() {
            Some(Ok(f)) => f,
            _ => return None,
        };
        let weeks = f.weeks;
        let lines: Vec<String> = f
            .days
            .iter()
            .filter_map(|d| {
                let h = d.best_hour?;
                let m = d.hours.iter().find(|x| x.hour == h)?.minutes;
                let day = crate::lang::weekday_number(d.weekday).unwrap_or(d.label.as_str());
                Some(tr!(forecast_line, day = day, from = h, to = h + 1, m = m))
            })
            .collect();
        Some(view! {
            <section class="panel" aria-labelledby="best-time-title">
                <h2 id="best-time-title">{tr!(forecast_title)}</h2>
                {if lines.is_empty() {
                    view! { <p class="note">{tr!(forecast_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="best-times">
                            {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                        </ul>
                        <p class="note">{tr!(forecast_method, weeks = weeks)}</p>
                    }.into_any()
                }}
            </section>
        })
    }
}

/// Loads into `usual` the usual wait of tickets taken at the hour `issued_at` falls in (left
/// `None` without enough history).
pub fn load_usual_wait(
    usual: RwSignal<Option<HourForecast>>,
    hall: String,
    item: String,
    issued_at: i64,
) {
    spawn_local(async move {
        let Some((date, time)) = local_of(issued_at) else {
            return;
        };
        if let Ok(f) = api::get::<WaitForecast>(&path(&hall, &item)).await {
            let hour = (time.minutes() / 60) as u8;
            usual.try_set(forecast::on(&f.days, date, hour));
        }
    });
}
