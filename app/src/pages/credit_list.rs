//! 失信名单 (standard 5.7): applicants who did not supply the materials they committed to under
//! 容缺受理, with masked names, published for the listing period.

use hall_domain::dto::CreditList;
use leptos::prelude::*;

use crate::api;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn CreditListPage() -> impl IntoView {
    api::set_title(tr!(credit_title));
    let list = load::<CreditList>("/api/v1/credit-list");
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(credit_title)}</h1>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) => view! {
                    <p class="lead">{tr!(credit_lead, days = l.listing_days)}</p>
                    {if l.entries.is_empty() {
                        view! { <p class="empty-note">{tr!(credit_none)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table">
                                <caption class="visually-hidden">{tr!(credit_caption)}</caption>
                                <thead><tr>
                                    <th scope="col">{tr!(credit_applicant)}</th><th scope="col">{tr!(credit_item)}</th>
                                    <th scope="col">{tr!(credit_listed_on)}</th><th scope="col">{tr!(col_reason)}</th>
                                </tr></thead>
                                <tbody>
                                    {l.entries.into_iter().map(|e| view! {
                                        <tr><td>{e.name}</td><td>{e.item_name}</td><td>{crate::lang::date(e.listed_on)}</td><td>{crate::labels::note(&e.reason, e.said.as_ref())}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                }.into_any(),
            }}
        </main>
    }
}
