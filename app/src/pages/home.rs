//! Home: search, browse by department and theme, joint packages, hall information.

use crate::shell::Link;
use hall_domain::dto::{DepartmentList, PackageList};
use hall_domain::hall::HALL;
use hall_domain::search::popular;
use leptos::prelude::*;

use crate::api::{self, encode};
use crate::components::load::load;
use crate::components::search_box::SearchBox;
use crate::components::status::{error_box, Loading};

/// Life events citizens think in, each a search (in the catalogue's words).
fn themes() -> [(&'static str, &'static str); 10] {
    use crate::tr;
    [
        (tr!(theme_birth), "生孩子"),
        (tr!(theme_id), "身份证"),
        (tr!(theme_travel), "出入境"),
        (tr!(theme_social), "社保"),
        (tr!(theme_medical), "医保"),
        (tr!(theme_fund), "公积金"),
        (tr!(theme_marriage), "婚姻登记"),
        (tr!(theme_business), "开公司"),
        (tr!(theme_property), "不动产"),
        (tr!(theme_retire), "退休"),
    ]
}

#[component]
pub fn HomePage() -> impl IntoView {
    use crate::tr;
    api::set_title(tr!(home_title));
    let departments = load::<DepartmentList>(api::in_reader_lang("/api/v1/departments"));
    let packages = load::<PackageList>(api::in_reader_lang("/api/v1/packages"));
    view! {
        <main id="main" class="wrap">
            <section class="hero" aria-labelledby="home-title">
                <h1 id="home-title">{tr!(home_h1)}</h1>
                <p class="lead">{tr!(home_lead)}</p>
                <SearchBox/>
                <p class="popular">
                    {tr!(home_popular)}
                    {popular(api::reader_lang())
                        .into_iter()
                        .map(|q| view! { <Link href=format!("/search?q={}", encode(&q))>{q.clone()}</Link>" " })
                        .collect_view()}
                </p>
            </section>

            <section aria-labelledby="themes-title">
                <h2 id="themes-title">{tr!(home_themes)}</h2>
                <ul class="grid links">
                    {themes()
                        .into_iter()
                        .map(|(label, q)| view! {
                            <li><Link href=format!("/search?q={}", encode(q))>{label}</Link></li>
                        })
                        .collect_view()}
                </ul>
            </section>

            <section aria-labelledby="departments-title">
                <h2 id="departments-title">{tr!(home_departments)}</h2>
                {move || match departments.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(list)) => view! {
                                <ul class="grid links">
                                    {list.departments.into_iter().map(|d| view! {
                                        <li>
                                            <Link href=format!("/search?department={}", d.code)>
                                                {d.name}<span class="count">{format!("（{} {}）", d.item_count, tr!(home_items))}</span>
                                            </Link>
                                        </li>
                                    }).collect_view()}
                                </ul>
                    }.into_any(),
                }}
            </section>

            <section aria-labelledby="packages-title">
                <h2 id="packages-title">{tr!(home_packages)}</h2>
                {move || match packages.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(list)) => view! {
                                <ul class="cards">
                                    {list.packages.into_iter().map(|p| view! {
                                        <li class="card">
                                            <h3><Link href=format!("/packages/{}", p.code)>{p.name}</Link></h3>
                                            <p class="meta">{format!(
                                                "{} {} · {} {} {}",
                                                p.items.len(),
                                                tr!(home_package_items),
                                                tr!(home_package_promise),
                                                p.promised_limit_workdays,
                                                tr!(home_package_days)
                                            )}</p>
                                        </li>
                                    }).collect_view()}
                                </ul>
                    }.into_any(),
                }}
            </section>

            <section aria-labelledby="hall-title" class="hall-info">
                <h2 id="hall-title">{tr!(home_hall)}</h2>
                <dl>
                    <dt>{tr!(home_address)}</dt><dd>{HALL.address}</dd>
                    <dt>{tr!(home_hours)}</dt>
                    <dd>{HALL.hours.iter().map(|h| view! { <span class="line">{*h}</span> }).collect_view()}</dd>
                    <dt>{tr!(home_phone)}</dt><dd><a href=format!("tel:{}", HALL.phone)>{HALL.phone}</a></dd>
                    <dt>{tr!(home_hotline)}</dt><dd><a href=format!("tel:{}", HALL.hotline)>{HALL.hotline}</a></dd>
                </dl>
            </section>
        </main>
    }
}
