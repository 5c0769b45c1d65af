//! 失信名单 (standard 5.7): applicants who did not supply the materials they committed to under
//! 容缺受理, with masked names, published for the listing period.

use hall_domain::dto::CreditList;
use leptos::prelude::*;

use crate::api;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};

#[component]
pub fn CreditListPage() -> impl IntoView {
    api::set_title("失信名单公示");
    let list = load::<CreditList>("/api/v1/credit-list");
    view! {
        <main id="main" class="wrap">
            <h1>"失信名单公示"</h1>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) => view! {
                    <p class="lead">{format!(
                        "容缺受理的申请人承诺在期限内补交材料。逾期未补交的，列入失信名单公示 {} 天，期间不能适用容缺受理；补交材料后移出。",
                        l.listing_days
                    )}</p>
                    {if l.entries.is_empty() {
                        view! { <p class="empty-note">"目前没有列入失信名单的申请人。"</p> }.into_any()
                    } else {
                        view! {
                            <table class="table">
                                <caption class="visually-hidden">"失信名单"</caption>
                                <thead><tr>
                                    <th scope="col">"申请人"</th><th scope="col">"事项"</th>
                                    <th scope="col">"列入日期"</th><th scope="col">"原因"</th>
                                </tr></thead>
                                <tbody>
                                    {l.entries.into_iter().map(|e| view! {
                                        <tr><td>{e.name}</td><td>{e.item_name}</td><td>{e.listed_on.to_string()}</td><td>{e.reason}</td></tr>
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
