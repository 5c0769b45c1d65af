//! The router and the page layout: skip link, header, one `<main>` per page, footer.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::pages::{
    guide::GuidePage, home::HomePage, not_found::NotFound, package::PackagePage, search::SearchPage,
};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <a class="skip-link" href="#main">"跳到主要内容"</a>
            <header class="site-header no-print">
                <div class="wrap">
                    <A href="/" attr:class="brand">
                        <span class="brand-mark" aria-hidden="true">"政"</span>
                        <span>{hall_domain::hall::HALL.name}</span>
                    </A>
                    <nav aria-label="主导航">
                        <ul class="nav">
                            <li><A href="/">"首页"</A></li>
                            <li><A href="/search">"办事指南"</A></li>
                        </ul>
                    </nav>
                </div>
            </header>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/search") view=SearchPage/>
                <Route path=path!("/items/:code") view=GuidePage/>
                <Route path=path!("/packages/:code") view=PackagePage/>
            </Routes>
            <footer class="site-footer no-print">
                <div class="wrap">
                    <p>{hall_domain::hall::HALL.name}" · 咨询电话 "{hall_domain::hall::HALL.phone}" · 政务服务热线 "{hall_domain::hall::HALL.hotline}</p>
                    <p>"网上与大厅窗口的办事指南为同一来源，内容一致。"</p>
                </div>
            </footer>
        </Router>
    }
}
