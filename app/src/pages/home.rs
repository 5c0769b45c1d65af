//! Home: search, browse by department and theme, joint packages, hall information.

use crate::shell::Link;
use hall_domain::dto::{DepartmentList, PackageList};
use hall_domain::hall::HALL;
use hall_domain::search::POPULAR_SEARCHES;
use leptos::prelude::*;

use crate::api::{self, encode};
use crate::components::load::load;
use crate::components::search_box::SearchBox;
use crate::components::status::{error_box, Loading};

/// Life events citizens think in, each a search.
const THEMES: [(&str, &str); 10] = [
    ("生育出生", "生孩子"),
    ("户籍证件", "身份证"),
    ("出入境", "出入境"),
    ("社保就业", "社保"),
    ("医疗保障", "医保"),
    ("住房公积金", "公积金"),
    ("婚姻登记", "婚姻登记"),
    ("开办企业", "开公司"),
    ("房产登记", "不动产"),
    ("退休养老", "退休"),
];

#[component]
pub fn HomePage() -> impl IntoView {
    api::set_title("首页");
    let departments = load::<DepartmentList>("/api/v1/departments");
    let packages = load::<PackageList>("/api/v1/packages");
    view! {
        <main id="main" class="wrap">
            <section class="hero" aria-labelledby="home-title">
                <h1 id="home-title">"办事指南查询"</h1>
                <p class="lead">"查询办事需要的材料、条件、流程、时限和收费，一次说清。"</p>
                <SearchBox/>
                <p class="popular">
                    "大家都在搜："
                    {POPULAR_SEARCHES
                        .iter()
                        .map(|q| view! { <Link href=format!("/search?q={}", encode(q))>{*q}</Link>" " })
                        .collect_view()}
                </p>
            </section>

            <section aria-labelledby="themes-title">
                <h2 id="themes-title">"按主题办事"</h2>
                <ul class="grid links">
                    {THEMES
                        .iter()
                        .map(|(label, q)| view! {
                            <li><Link href=format!("/search?q={}", encode(q))>{*label}</Link></li>
                        })
                        .collect_view()}
                </ul>
            </section>

            <section aria-labelledby="departments-title">
                <h2 id="departments-title">"按部门办事"</h2>
                {move || match departments.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(list)) => view! {
                                <ul class="grid links">
                                    {list.departments.into_iter().map(|d| view! {
                                        <li>
                                            <Link href=format!("/search?department={}", d.code)>
                                                {d.name}<span class="count">{format!("（{} 项）", d.item_count)}</span>
                                            </Link>
                                        </li>
                                    }).collect_view()}
                                </ul>
                    }.into_any(),
                }}
            </section>

            <section aria-labelledby="packages-title">
                <h2 id="packages-title">"联审联办 · 一件事"</h2>
                {move || match packages.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(list)) => view! {
                                <ul class="cards">
                                    {list.packages.into_iter().map(|p| view! {
                                        <li class="card">
                                            <h3><Link href=format!("/packages/{}", p.code)>{p.name}</Link></h3>
                                            <p class="meta">{format!("{} 个事项一次办 · 承诺 {} 个工作日内办结", p.items.len(), p.promised_limit_workdays)}</p>
                                        </li>
                                    }).collect_view()}
                                </ul>
                    }.into_any(),
                }}
            </section>

            <section aria-labelledby="hall-title" class="hall-info">
                <h2 id="hall-title">"大厅信息"</h2>
                <dl>
                    <dt>"地址"</dt><dd>{HALL.address}</dd>
                    <dt>"办公时间"</dt>
                    <dd>{HALL.hours.iter().map(|h| view! { <span class="line">{*h}</span> }).collect_view()}</dd>
                    <dt>"咨询电话"</dt><dd><a href=format!("tel:{}", HALL.phone)>{HALL.phone}</a></dd>
                    <dt>"政务服务热线"</dt><dd><a href=format!("tel:{}", HALL.hotline)>{HALL.hotline}</a></dd>
                </dl>
            </section>
        </main>
    }
}
