//! The page for addresses that lead nowhere.

use crate::shell::Link;
use leptos::prelude::*;

use crate::components::search_box::SearchBox;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::api::set_title("页面不存在");
    view! {
        <main id="main" class="wrap">
            <h1>"页面不存在"</h1>
            <p>"您访问的页面不存在或已移动。可以搜索要办的事，或返回首页。"</p>
            <SearchBox/>
            <p><Link href="/">"返回首页"</Link></p>
        </main>
    }
}
