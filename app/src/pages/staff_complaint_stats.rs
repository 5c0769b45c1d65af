//! The month's complaint figures for the hall manager (standard 7.3): by category, channel and
//! department, and how many replies went out on time. A department's staff see their own.

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{ComplaintStats, CountRow};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};

#[component]
pub fn StaffComplaintStatsPage() -> impl IntoView {
    api::set_title("投诉月度统计");
    view! {
        <main id="main" class="wrap">
            <h1>"投诉月度统计"</h1>
            <p class="no-print"><a href="/service/complaints">"返回投诉处理"</a></p>
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
                <label for="stats-month">"月份"</label>
                <input id="stats-month" type="month" prop:value=move || month.get()
                    on:input=move |ev| month.set(event_target_value(&ev))/>
            </div>
            <button type="submit">"查看"</button>
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
                        {format!("{} 共受理投诉 {} 件；已答复 {} 件，按时答复 {} 件，按时率 {rate}", s.month, s.total, s.replied, s.replied_on_time)}
                    </p>
                    <Counts caption="按类型" rows=s.by_category/>
                    <Counts caption="按渠道" rows=s.by_channel/>
                    <Counts caption="按承办部门" rows=s.by_department/>
                }.into_any()
            }
        }}
    }
}

#[component]
fn Counts(caption: &'static str, rows: Vec<CountRow>) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">"项目"</th><th scope="col">"件数"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! { <tr><td>{r.label}</td><td>{r.count}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}
