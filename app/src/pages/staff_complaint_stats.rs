//! The month's complaint figures for the hall manager (standard 7.3): by category, channel and
//! department, and how many replies went out on time. A department's staff see their own.

use hall_domain::access::{Action, Resource};
use hall_domain::complaint::{Category, Channel};
use hall_domain::dto::{ComplaintStats, CountRow};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn StaffComplaintStatsPage() -> impl IntoView {
    api::set_title(tr!(sks_title));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(sks_title)}</h1>
            <p class="no-print"><a href="/service/complaints">{tr!(sks_back)}</a></p>
            <StaffGate action=Action::Read resource=Resource::Complaint>
                <Figures/>
            </StaffGate>
        </main>
    }
}

#[component]
fn Figures() -> impl IntoView {
    let month = RwSignal::new(String::new());
    let stats = RwSignal::new(None::<Result<ComplaintStats, ApiError>>);
    let fetch = move || {
        let m = month.get_untracked();
        let path = if m.is_empty() {
            "/api/v1/staff/complaint-stats".to_string()
        } else {
            api::with_query("/api/v1/staff/complaint-stats", &[("month", m)])
        };
        spawn_local(async move {
            let r = api::get::<ComplaintStats>(&path).await;
            if let Ok(s) = &r {
                month.set(s.month.clone());
            }
            stats.set(Some(r));
        });
    };
    fetch();
    view! {
        <form class="form inline no-print" on:submit=move |ev| { ev.prevent_default(); fetch(); }>
            <div class="field">
                <label for="stats-month">{tr!(sks_month)}</label>
                <input id="stats-month" type="month" prop:value=move || month.get()
                    on:input=move |ev| month.set(event_target_value(&ev))/>
            </div>
            <button type="submit">{tr!(sks_view)}</button>
        </form>
        {move || match stats.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(s)) => {
                let rate = s
                    .on_time_permille
                    .map(|p| format!("{}.{}%", p / 10, p % 10))
                    .unwrap_or_else(|| "—".into());
                view! {
                    <p class="status-line" role="status">
                        {tr!(sks_summary, month = &s.month, total = s.total, replied = s.replied, on_time = s.replied_on_time, rate = &rate)}
                    </p>
                    <Counts caption={tr!(sks_by_category)} rows=s.by_category
                        name=|k| Category::parse(k).map(crate::labels::complaint_category)/>
                    <Counts caption={tr!(sks_by_channel)} rows=s.by_channel
                        name=|k| Channel::parse(k).map(crate::labels::complaint_channel)/>
                    <Counts caption={tr!(sks_by_department)} rows=s.by_department name=|_| None/>
                }.into_any()
            }
        }}
    }
}

/// One table of counts; `name` gives a row's name in the reader's language from its key, or
/// `None` to show the label as the hall wrote it (a department's name).
#[component]
fn Counts(
    caption: &'static str,
    rows: Vec<CountRow>,
    name: fn(&str) -> Option<&'static str>,
) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{tr!(sks_row)}</th><th scope="col">{tr!(sks_count)}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let label = name(&r.key).map(str::to_string).unwrap_or(r.label);
                    view! { <tr><td>{label}</td><td>{r.count}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}
