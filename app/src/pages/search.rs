//! Results: the search box, filters, the count, the list, pagination, and suggestions when
//! nothing matched. The URL holds the whole search, so results can be shared and bookmarked.

use crate::shell::Link;
use hall_domain::catalogue::{Audience, Tongban};
use hall_domain::dto::{DepartmentList, ItemList};
use hall_domain::query::ItemQuery;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, encode, with_query};
use crate::components::item_card::ItemCard;
use crate::components::load::{load, load_with, Loaded};
use crate::components::search_box::SearchBox;
use crate::components::status::{error_box, Loading};

fn page_url(query: &ItemQuery) -> String {
    with_query("/search", &query.to_pairs())
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let map = params.get();
        let pairs: Vec<(String, String)> =
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        ItemQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    Effect::new(move |_| {
        let title = match query.get() {
            Ok(q) if !q.q.is_empty() => format!("“{}”的搜索结果", q.q),
            _ => "办事指南".to_string(),
        };
        api::set_title(&title);
    });
    let results = load_with::<ItemList>(move || {
        query
            .get()
            .map(|q| with_query("/api/v1/items", &q.to_pairs()))
            .map_err(|e| api::ApiError::Status {
                status: e.status(),
                body: Some(e.body()),
            })
    });
    let departments = load::<DepartmentList>("/api/v1/departments");
    let initial_q = move || query.get().map(|q| q.q).unwrap_or_default();

    view! {
        <main id="main" class="wrap">
            <h1>"办事指南"</h1>
            {move || view! { <SearchBox initial=initial_q()/> }}
            {move || query.get().ok().map(|q| view! { <Filters query=q departments=departments/> })}
            <section aria-labelledby="results-title" aria-live="polite">
                <h2 id="results-title" class="visually-hidden">"搜索结果"</h2>
                {move || match results.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(list)) => {
                        let q = query.get_untracked().unwrap_or_default();
                        view! { <Results list=list query=q/> }.into_any()
                    }
                }}
            </section>
        </main>
    }
}

#[component]
fn Filters(query: ItemQuery, departments: Loaded<DepartmentList>) -> impl IntoView {
    let (department, set_department) = signal(query.department.clone().unwrap_or_default());
    let (audience, set_audience) = signal(
        query
            .audience
            .map(|a| a.as_str().to_string())
            .unwrap_or_default(),
    );
    let (tongban, set_tongban) = signal(
        query
            .tongban
            .map(|t| t.slug().to_string())
            .unwrap_or_default(),
    );
    let navigate = use_navigate();
    let base = query.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = base.clone();
        next.department = Some(department.get_untracked()).filter(|d| !d.is_empty());
        next.audience = Audience::parse(&audience.get_untracked());
        next.tongban = Tongban::parse(&tongban.get_untracked());
        next.page = 1;
        navigate(&page_url(&next), Default::default());
    };
    let selected_department = query.department.clone().unwrap_or_default();
    view! {
        <form class="filters" on:submit=on_submit aria-label="筛选条件">
            <div class="field">
                <label for="f-department">"部门"</label>
                <select id="f-department" on:change=move |ev| set_department.set(event_target_value(&ev))>
                    <option value="">"全部部门"</option>
                    {move || {
                        let selected = selected_department.clone();
                        departments.get().and_then(Result::ok).map(|list| list.departments.into_iter().map(|d| {
                            let is = d.code == selected;
                            view! { <option value=d.code.clone() selected=is>{d.name}</option> }
                        }).collect_view())
                    }}
                </select>
            </div>
            <div class="field">
                <label for="f-audience">"办事对象"</label>
                <select id="f-audience" on:change=move |ev| set_audience.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {Audience::ALL.iter().map(|a| view! {
                        <option value=a.as_str() selected=query.audience == Some(*a)>{a.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-tongban">"通办范围"</label>
                <select id="f-tongban" on:change=move |ev| set_tongban.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {Tongban::ALL.iter().map(|t| view! {
                        <option value=t.slug() selected=query.tongban == Some(*t)>{t.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">"筛选"</button>
        </form>
    }
}

#[component]
fn Results(list: ItemList, query: ItemQuery) -> impl IntoView {
    let pages = list.total.div_ceil(list.per_page.max(1)).max(1);
    if list.total == 0 {
        let what = if query.q.is_empty() {
            "符合条件的事项".to_string()
        } else {
            format!("与“{}”相关的事项", query.q)
        };
        return view! {
            <div class="empty">
                <p class="count">{format!("没有找到{what}。")}</p>
                <p>"换个说法试试，比如写要办的事（“身份证丢了”），或者点下面的搜索："</p>
                <ul class="suggestions">
                    {list.suggestions.into_iter().map(|s| view! {
                        <li><Link href=format!("/search?q={}", encode(&s))>{s.clone()}</Link></li>
                    }).collect_view()}
                </ul>
                <p>"也可以拨打 12345 政务服务热线咨询。"</p>
            </div>
        }
        .into_any();
    }
    let prev = (query.page > 1).then(|| {
        let mut q = query.clone();
        q.page -= 1;
        page_url(&q)
    });
    let next = (query.page < pages).then(|| {
        let mut q = query.clone();
        q.page += 1;
        page_url(&q)
    });
    view! {
        <p class="count">{format!("共找到 {} 项", list.total)}</p>
        <ul class="cards results">
            {list.items.into_iter().map(|item| view! { <ItemCard item=item/> }).collect_view()}
        </ul>
        <nav class="pagination" aria-label="分页">
            {prev.map(|href| view! { <A href=href attr:rel="prev">"上一页"</A> })}
            <span>{format!("第 {} / {} 页", query.page.min(pages), pages)}</span>
            {next.map(|href| view! { <A href=href attr:rel="next">"下一页"</A> })}
        </nav>
    }
    .into_any()
}
