//! 好差评 figures in public (standard 5.4, 7.4): satisfaction by hall, window, item and month
//! over the last twelve months; aggregates only, and a group of fewer than 5 ratings is not
//! shown, so no figure points at one citizen.

use hall_domain::dto::{Satisfaction, SatisfactionRow};
use hall_domain::rating::Level;
use leptos::prelude::*;

use crate::api;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn SatisfactionPage() -> impl IntoView {
    api::set_title(tr!(sat_title));
    let figures = load::<Satisfaction>("/api/v1/satisfaction");
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(sat_h1)}</h1>
            <p class="lead">{tr!(sat_lead)}</p>
            {move || match figures.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(s)) => view! {
                    {match s.total.clone() {
                        Some(t) => view! {
                            <p class="status-line">{tr!(sat_total, n = crate::lang::number(i64::from(t.count)), rate = permille(t.satisfied_permille))}</p>
                        }.into_any(),
                        None => view! { <p>{tr!(sat_too_few)}</p> }.into_any(),
                    }}
                    <Table caption={tr!(sat_by_hall)} rows=s.by_hall name=as_labelled/>
                    <Table caption={tr!(sat_by_window)} rows=s.by_window name=window/>
                    <Table caption={tr!(sat_by_item)} rows=s.by_item name=as_labelled/>
                    <Table caption={tr!(sat_by_month)} rows=s.by_month name=as_labelled/>
                    {(s.hidden_groups > 0).then(|| view! {
                        <p class="note">{tr!(sat_hidden, n = s.hidden_groups, min = s.min_group)}</p>
                    })}
                }.into_any(),
            }}
        </main>
    }
}

fn as_labelled(r: &SatisfactionRow) -> String {
    r.label.clone()
}

/// A window's row: its hall's name and the window's number from the key (`<hall>/<window>`).
fn window(r: &SatisfactionRow) -> String {
    let number = r.key.rsplit('/').next().unwrap_or_default();
    tr!(sat_window, hall = &r.label, window = number)
}

fn permille(p: u32) -> String {
    format!("{}.{}%", p / 10, p % 10)
}

#[component]
fn Table(
    caption: &'static str,
    rows: Vec<SatisfactionRow>,
    name: fn(&SatisfactionRow) -> String,
) -> impl IntoView {
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{tr!(sat_group)}</th><th scope="col">{tr!(sat_count)}</th>
                {Level::ALL.into_iter().map(|l| view! { <th scope="col">{crate::labels::level(l)}</th> }).collect_view()}
                <th scope="col">{tr!(sat_rate)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{name(&r)}</th>
                        <td>{r.count}</td>
                        {r.per_level.into_iter().map(|n| view! { <td>{n}</td> }).collect_view()}
                        <td>{permille(r.satisfied_permille)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
