//! The two routers and the layout they share: skip link, header, one `<main>` per page,
//! footer.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::is_account_path;
use crate::pages::{
    admin::{AdminAuditPage, AdminStaffPage},
    guide::GuidePage,
    home::HomePage,
    my_hall::MyHallPage,
    not_found::NotFound,
    outbox::OutboxPage,
    package::PackagePage,
    search::SearchPage,
    sign_in::SignInPage,
    staff_citizens::StaffCitizensPage,
    staff_home::StaffHomePage,
    staff_sign_in::StaffSignInPage,
};

/// Which bundle is running, so that links into the other one load it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    Portal,
    Account,
}

/// A link to a page of either bundle: client-side within this one, a page load into the other.
#[component]
pub fn Link(
    href: &'static str,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let bundle = use_context::<Bundle>().unwrap_or(Bundle::Portal);
    let here = match bundle {
        Bundle::Portal => !is_account_path(href),
        Bundle::Account => is_account_path(href),
    };
    if here {
        view! { <A href=href attr:class=class>{children()}</A> }.into_any()
    } else {
        view! { <a href=href class=class rel="external">{children()}</a> }.into_any()
    }
}

#[component]
fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"跳到主要内容"</a>
        <header class="site-header no-print">
            <div class="wrap">
                <Link href="/" class="brand">
                    <span class="brand-mark" aria-hidden="true">"政"</span>
                    <span>{hall_domain::hall::HALL.name}</span>
                </Link>
                <nav aria-label="主导航">
                    <ul class="nav">
                        <li><Link href="/">"首页"</Link></li>
                        <li><Link href="/search">"办事指南"</Link></li>
                        <li><Link href="/me">"我的大厅"</Link></li>
                    </ul>
                </nav>
            </div>
        </header>
        {children()}
        <footer class="site-footer no-print">
            <div class="wrap">
                <p>{hall_domain::hall::HALL.name}" · 咨询电话 "{hall_domain::hall::HALL.phone}" · 政务服务热线 "{hall_domain::hall::HALL.hotline}</p>
                <p>"网上与大厅窗口的办事指南为同一来源，内容一致。"</p>
            </div>
        </footer>
    }
}

/// The portal: home, search, guides, packages.
#[component]
pub fn PortalApp() -> impl IntoView {
    provide_context(Bundle::Portal);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/search") view=SearchPage/>
                    <Route path=path!("/items/:code") view=GuidePage/>
                    <Route path=path!("/packages/:code") view=PackagePage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The account bundle: sign-in, My Hall, the staff console and administration.
#[component]
pub fn AccountApp() -> impl IntoView {
    provide_context(Bundle::Account);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/sign-in") view=SignInPage/>
                    <Route path=path!("/me") view=MyHallPage/>
                    <Route path=path!("/dev/outbox") view=OutboxPage/>
                    <Route path=path!("/staff/sign-in") view=StaffSignInPage/>
                    <Route path=path!("/staff") view=StaffHomePage/>
                    <Route path=path!("/staff/citizens") view=StaffCitizensPage/>
                    <Route path=path!("/admin/staff") view=AdminStaffPage/>
                    <Route path=path!("/admin/audit") view=AdminAuditPage/>
                </Routes>
            </Layout>
        </Router>
    }
}
