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

#[component]
pub fn OpenPage() -> impl IntoView {
    api::set_title("政务公开");
    let halls = load::<HallList>("/api/v1/halls");
    let notices = load::<NoticeList>("/api/v1/notices");
    let catalogues = load::<Catalogues>("/api/v1/catalogues");
    view! {
        <main id="main" class="wrap">
            <h1>"政务公开"</h1>
            <p class="no-print"><button type="button" class="secondary" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"打印本页"</button></p>
            <section class="panel" aria-labelledby="open-hall">
                <h2 id="open-hall">"大厅信息"</h2>
                <dl class="facts">
                    <dt>"名称"</dt><dd>{HALL.name}</dd>
                    <dt>"地址与交通"</dt><dd>{HALL.address}</dd>
                    <dt>"办公时间"</dt><dd>{HALL.hours.join("；")}</dd>
                    <dt>"咨询电话"</dt><dd>{HALL.phone}</dd>
                    <dt>"政务服务热线"</dt><dd>{HALL.hotline}</dd>
                </dl>
                {move || match halls.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(l)) => view! {
                        <table class="table">
                            <caption>"各办事大厅"</caption>
                            <thead><tr><th scope="col">"大厅"</th><th scope="col">"地址"</th><th scope="col">"取号位置"</th></tr></thead>
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
                <h2 id="open-notices">"通知公告"</h2>
                {move || match notices.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(l)) if l.notices.is_empty() => view! { <p>"暂无公告。"</p> }.into_any(),
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
                <h2 id="open-catalogues">"事项目录"</h2>
                <ul class="plain">
                    <li><a href="/search" rel="external">"全部政务服务事项（办事指南）"</a></li>
                    <li><a href="/credit-list" rel="external">"容缺受理失信名单"</a></li>
                    <li><a href="/satisfaction" rel="external">"服务满意度（好差评）统计"</a></li>
                </ul>
                {move || match catalogues.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(c)) => view! {
                        <h3>"联审联办（一件事）目录"</h3>
                        {c.packages.into_iter().map(|p| view! {
                            <ItemTable caption=p.label items=p.items waivable=false/>
                        }).collect_view()}
                        <h3>"通办事项目录"</h3>
                        {c.tongban.into_iter().map(|g| view! {
                            <ItemTable caption=g.label items=g.items waivable=false/>
                        }).collect_view()}
                        <h3>"容缺受理事项目录"</h3>
                        <ItemTable caption="可容缺受理的事项及可后补的材料".to_string() items=c.rongque waivable=true/>
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
            <caption>{format!("{caption}（{} 项）", items.len())}</caption>
            <thead><tr>
                <th scope="col">"事项"</th><th scope="col">"部门"</th>
                {waivable.then(|| view! { <th scope="col">"可后补的材料"</th> })}
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
