//! One joint package (联审联办, standard 5.6): one application for several items.

use crate::shell::Link;
use hall_domain::dto::PackageDetail;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::item_card::ItemCard;
use crate::components::load::load_with;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn PackagePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    let detail = load_with::<PackageDetail>(move || {
        Ok(api::in_reader_lang(&format!(
            "/api/v1/packages/{}",
            api::encode(&code())
        )))
    });
    view! {
        <main id="main" class="wrap">
            {move || match detail.get() {
                            None => view! { <Loading/> }.into_any(),
                            Some(Ok(d)) => {
                                api::set_title(&d.package.name);
                                view! {
                                    <nav class="breadcrumb no-print" aria-label={tr!(breadcrumb)}>
                                        <Link href="/">{tr!(nav_home)}</Link>" › "<span aria-current="page">{d.package.name.clone()}</span>
                                    </nav>
                                    <h1>{d.package.name.clone()}</h1>
                                    <p class="lead">{d.package.description.clone()}</p>
                                    <p class="highlight">{tr!(
                                        package_promise,
                                        days = d.package.promised_limit_workdays,
                                        separate = d.separate_limit_workdays,
                                    )}</p>
                                    <h2>{tr!(package_items, n = d.items.len())}</h2>
                                    <ul class="cards">
                                        {d.items.into_iter().map(|item| view! { <ItemCard item=item/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                            Some(Err(e)) if e.is_not_found() => {
                                api::set_title(tr!(package_not_found));
                                view! {
                                    <h1>{tr!(package_not_found)}</h1>
                                    <p><Link href="/">{tr!(back_home)}</Link></p>
                                }.into_any()
                            }
                            Some(Err(e)) => error_box(&e),
            }}
        </main>
    }
}
