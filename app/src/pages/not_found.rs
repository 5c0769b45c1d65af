//! The page for addresses that lead nowhere.

use crate::shell::Link;
use leptos::prelude::*;

use crate::components::search_box::SearchBox;
use crate::tr;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::api::set_title(tr!(not_found_title));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(not_found_title)}</h1>
            <p>{tr!(not_found_text)}</p>
            <SearchBox/>
            <p><Link href="/">{tr!(back_home)}</Link></p>
        </main>
    }
}
