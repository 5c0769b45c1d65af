//! 好差评 figures in public (standard 5.4, 7.4): satisfaction by hall, window, item and month
//! over the last twelve months; aggregates only, and a group of fewer than 5 ratings is not
//! shown, so no figure points at one citizen.

use hall_domain::dto::{Satisfaction, SatisfactionRow};
use hall_domain::rating::Level;
use leptos::prelude::*;

use crate::api;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};

#[component]
pub fn SatisfactionPage() -> impl IntoView {
    api::set_title("服务满意度");
    let figures = load::<Satisfaction>("/api/v1/satisfaction");
    view! {
        <main id="main" class="wrap">
            <h1>"服务满意度（好差评）"</h1>
            <p class="lead">"近 12 个月群众对大厅服务的评价。只公布汇总数据；评价少于 5 条的分组不单独公布。"</p>
            {move || match figures.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(s)) => view! {
                    {match s.total.clone() {
                        Some(t) => view! {
                            <p class="status-line">{format!("共 {} 条评价，满意率 {}", t.count, permille(t.satisfied_permille))}</p>
                        }.into_any(),
                        None => view! { <p>"评价还不足 5 条，暂不公布。"</p> }.into_any(),
                    }}
                    <Table caption="按大厅" rows=s.by_hall/>
                    <Table caption="按窗口" rows=s.by_window/>
                    <Table caption="按事项" rows=s.by_item/>
                    <Table caption="按月份" rows=s.by_month/>
                    {(s.hidden_groups > 0).then(|| view! {
                        <p class="note">{format!("另有 {} 个分组评价少于 {} 条，未单独列出。", s.hidden_groups, s.min_group)}</p>
                    })}
                }.into_any(),
            }}
        </main>
    }
}

fn permille(p: u32) -> String {
    format!("{}.{}%", p / 10, p % 10)
}

#[component]
fn Table(caption: &'static str, rows: Vec<SatisfactionRow>) -> impl IntoView {
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">"分组"</th><th scope="col">"评价数"</th>
                {Level::ALL.into_iter().map(|l| view! { <th scope="col">{l.label()}</th> }).collect_view()}
                <th scope="col">"满意率"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{r.label.clone()}</th>
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
