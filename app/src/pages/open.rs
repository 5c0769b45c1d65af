//! 政务公开 (standard 5.4, 6.6): what the hall discloses, on one printable page — where and when
//! it is open, its notices, the catalogues (all items, joint packages, 通办, 容缺), the 失信名单
//! and the figures. Headings and tables with captions so a screen reader can move through it.

use hall_domain::dto::{CatalogueItem, Catalogues, HallList, NoticeList};
use hall_domain::hall::HALL;
use leptos::prelude::*;

use crate::api;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::tr;

#[component]
pub fn OpenPage() -> impl IntoView {
    api::set_title(tr!(footer_open));
    let halls = load::<HallList>("/api/v1/halls");
    let notices = load::<NoticeList>("/api/v1/notices");
    let catalogues = load::<Catalogues>("/api/v1/catalogues");
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(footer_open)}</h1>
            <p class="no-print"><button type="button" class="secondary" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{tr!(open_print)}</button></p>
            <section class="panel" aria-labelledby="open-hall">
                <h2 id="open-hall">{tr!(open_hall)}</h2>
                <dl class="facts">
                    <dt>{tr!(open_name)}</dt><dd>{HALL.name}</dd>
                    <dt>{tr!(open_address)}</dt><dd>{HALL.address}</dd>
                    <dt>{tr!(home_hours)}</dt><dd>{HALL.hours.join("；")}</dd>
                    <dt>{tr!(open_phone)}</dt><dd>{HALL.phone}</dd>
                    <dt>{tr!(footer_hotline)}</dt><dd>{HALL.hotline}</dd>
                </dl>
                {move || match halls.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(l)) => view! {
                        <table class="table">
                            <caption>{tr!(open_halls)}</caption>
                            <thead><tr><th scope="col">{tr!(book_dt_hall)}</th><th scope="col">{tr!(book_dt_address)}</th><th scope="col">{tr!(open_ticket_place)}</th></tr></thead>
                            <tbody>
                                {l.halls.into_iter().map(|h| view! {
                                    <tr><th scope="row">{h.name}</th><td>{h.address}</td><td>{h.area}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }}
            </section>
            <section class="panel" aria-labelledby="open-notices">
                <h2 id="open-notices">{tr!(open_notices)}</h2>
                {move || match notices.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(l)) if l.notices.is_empty() => view! { <p>{tr!(open_no_notices)}</p> }.into_any(),
                    Some(Ok(l)) => view! {
                        <ul class="plain">
                            {l.notices.into_iter().map(|n| view! {
                                <li>
                                    <a href=format!("/open/notices/{}", n.id)>{n.title}</a>
                                    {format!("（{}）", format_time(n.published_at))}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            <section class="panel" aria-labelledby="open-catalogues">
                <h2 id="open-catalogues">{tr!(open_catalogues)}</h2>
                <ul class="plain">
                    <li><a href="/search" rel="external">{tr!(open_all_items)}</a></li>
                    <li><a href="/credit-list" rel="external">{tr!(open_credit)}</a></li>
                    <li><a href="/satisfaction" rel="external">{tr!(open_satisfaction)}</a></li>
                </ul>
                {move || match catalogues.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(c)) => view! {
                        <h3>{tr!(open_packages)}</h3>
                        {c.packages.into_iter().map(|p| view! {
                            <ItemTable caption=p.label items=p.items waivable=false/>
                        }).collect_view()}
                        <h3>{tr!(open_tongban)}</h3>
                        {c.tongban.into_iter().map(|g| view! {
                            <ItemTable caption=hall_domain::catalogue::Tongban::parse(&g.key).map_or(g.label, |t| crate::labels::tongban(t).to_string()) items=g.items waivable=false/>
                        }).collect_view()}
                        <h3>{tr!(open_rongque)}</h3>
                        <ItemTable caption=tr!(open_rongque_caption).to_string() items=c.rongque waivable=true/>
                    }.into_any(),
                }}
            </section>
        </main>
    }
}

#[component]
fn ItemTable(caption: String, items: Vec<CatalogueItem>, waivable: bool) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{tr!(open_caption_count, caption = &caption, n = items.len())}</caption>
            <thead><tr>
                <th scope="col">{tr!(credit_item)}</th><th scope="col">{tr!(col_department)}</th>
                {waivable.then(|| view! { <th scope="col">{tr!(open_waivable)}</th> })}
            </tr></thead>
            <tbody>
                {items.into_iter().map(|i| view! {
                    <tr>
                        <th scope="row"><a href=format!("/items/{}", i.code) rel="external">{i.name}</a></th>
                        <td>{i.department_name}</td>
                        {waivable.then(|| view! { <td>{i.waivable.join("、")}</td> })}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
