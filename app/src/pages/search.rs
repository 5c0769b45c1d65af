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
use crate::tr;

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
            Ok(q) if !q.q.is_empty() => tr!(search_results_for, q = &q.q),
            _ => tr!(guides).to_string(),
        };
        api::set_title(&title);
    });
    let results = load_with::<ItemList>(move || {
        query
            .get()
            .map(|q| {
                // The results' names in the reader's language; the page's own address
                // keeps no language.
                let q = ItemQuery {
                    lang: api::reader_lang(),
                    ..q
                };
                with_query("/api/v1/items", &q.to_pairs())
            })
            .map_err(|e| api::ApiError::Status {
                status: e.status(),
                body: Some(Box::new(e.body())),
            })
    });
    let departments = load::<DepartmentList>(api::in_reader_lang("/api/v1/departments"));
    let initial_q = move || query.get().map(|q| q.q).unwrap_or_default();

    view! {
        <main id="main" class="wrap">
            <h1>{tr!(guides)}</h1>
            {move || view! { <SearchBox initial=initial_q()/> }}
            {move || query.get().ok().map(|q| view! { <Filters query=q departments=departments/> })}
            <section aria-labelledby="results-title" aria-live="polite">
                <h2 id="results-title" class="visually-hidden">{tr!(search_results)}</h2>
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
        <form class="filters" on:submit=on_submit aria-label={tr!(filters)}>
            <div class="field">
                <label for="f-department">{tr!(filter_department)}</label>
                <select id="f-department" on:change=move |ev| set_department.set(event_target_value(&ev))>
                    <option value="">{tr!(filter_all_departments)}</option>
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
                <label for="f-audience">{tr!(filter_audience)}</label>
                <select id="f-audience" on:change=move |ev| set_audience.set(event_target_value(&ev))>
                    <option value="">{tr!(filter_all)}</option>
                    {Audience::ALL.iter().map(|a| view! {
                        <option value=a.as_str() selected=query.audience == Some(*a)>{crate::labels::audience(*a)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-tongban">{tr!(filter_tongban)}</label>
                <select id="f-tongban" on:change=move |ev| set_tongban.set(event_target_value(&ev))>
                    <option value="">{tr!(filter_all)}</option>
                    {Tongban::ALL.iter().map(|t| view! {
                        <option value=t.slug() selected=query.tongban == Some(*t)>{crate::labels::tongban(*t)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{tr!(filter_apply)}</button>
        </form>
    }
}

#[component]
fn Results(list: ItemList, query: ItemQuery) -> impl IntoView {
    let pages = list.total.div_ceil(list.per_page.max(1)).max(1);
    let hints = list.also.clone();
    let also = (!hints.is_empty()).then(move || {
        view! {
            <section class="also" aria-labelledby="also-title">
                <h3 id="also-title">{tr!(search_also)}</h3>
                <ul>
                    {hints.into_iter().map(|i| view! {
                        <li><Link href=format!("/items/{}", encode(&i.code))>{i.name.clone()}</Link></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    if list.total == 0 {
        let what = if query.q.is_empty() {
            tr!(search_matching).to_string()
        } else {
            tr!(search_related, q = &query.q)
        };
        return view! {
            <div class="empty">
                <p class="count">{tr!(search_none, what = &what)}</p>
                <p>{tr!(search_try)}</p>
                {also}
                <ul class="suggestions">
                    {list.suggestions.into_iter().map(|s| view! {
                        <li><Link href=format!("/search?q={}", encode(&s))>{s.clone()}</Link></li>
                    }).collect_view()}
                </ul>
                <p>
                    {tr!(search_elsewhere)}
                    <Link href="/faq">{tr!(footer_faq)}</Link>" · "
                    <Link href="/consult">{tr!(footer_consult)}</Link>
                </p>
                <p>{tr!(search_hotline)}</p>
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
        <p class="count">{tr!(search_total, n = crate::lang::number(list.total as i64))}</p>
        <ul class="cards results">
            {list.items.into_iter().map(|item| view! { <ItemCard item=item/> }).collect_view()}
        </ul>
        <nav class="pagination" aria-label={tr!(pagination)}>
            {prev.map(|href| view! { <A href=href attr:rel="prev">{tr!(page_prev)}</A> })}
            <span>{tr!(page_of, page = query.page.min(pages), pages = pages)}</span>
            {next.map(|href| view! { <A href=href attr:rel="next">{tr!(page_next)}</A> })}
        </nav>
        {also}
    }
    .into_any()
}
