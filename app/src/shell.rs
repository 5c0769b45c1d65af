//! The three routers and the layout they share: skip link, header, one `<main>` per page,
//! footer. The kiosk and the display board run full screen, without the layout.

use crate::tr;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::{
    admin::{AdminAuditPage, AdminStaffPage},
    application::ApplicationPage,
    board::BoardPage,
    book::BookPage,
    booking::BookingPage,
    complaint::ComplaintPage,
    complaints::ComplaintsPage,
    consult::ConsultPage,
    credit_list::CreditListPage,
    faq::FaqPage,
    guide::GuidePage,
    home::HomePage,
    joint::JointPage,
    kiosk::KioskPage,
    my_hall::MyHallPage,
    not_found::NotFound,
    notice::NoticePage,
    online::OnlinePage,
    open::OpenPage,
    outbox::OutboxPage,
    package::PackagePage,
    progress::ProgressPage,
    proxy::ProxyPage,
    rate::RatePage,
    satisfaction::SatisfactionPage,
    search::SearchPage,
    setup::SetupPage,
    sign_in::SignInPage,
    staff_application::StaffApplicationPage,
    staff_applications::StaffApplicationsPage,
    staff_citizens::StaffCitizensPage,
    staff_complaint_stats::StaffComplaintStatsPage,
    staff_complaints::StaffComplaintsPage,
    staff_consult::StaffConsultPage,
    staff_content::StaffContentPage,
    staff_home::StaffHomePage,
    staff_joint::StaffJointPage,
    staff_proxy::StaffProxyPage,
    staff_ratings::StaffRatingsPage,
    staff_sign_in::StaffSignInPage,
    ticket::TicketPage,
    window_console::WindowConsolePage,
};

pub use hall_domain::site::Bundle;

/// Goes to `path`: client-side within the running bundle, a page load into another one.
pub fn go_to(path: &str) {
    let bundle = use_context::<Bundle>().unwrap_or(Bundle::Portal);
    if hall_domain::site::bundle_of(path) == bundle {
        leptos_router::hooks::use_navigate()(path, Default::default());
    } else if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(path);
    }
}

/// Sends the visitor to `path` as soon as it renders (a page load when another bundle has it).
#[component]
pub fn GoTo(#[prop(into)] path: String) -> impl IntoView {
    let bundle = use_context::<Bundle>().unwrap_or(Bundle::Portal);
    if hall_domain::site::bundle_of(&path) == bundle {
        view! { <leptos_router::components::Redirect path=path/> }.into_any()
    } else {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_href(&path);
        }
        view! { <p class="loading" role="status">{tr!(redirecting)}</p> }.into_any()
    }
}

/// A link to a page of any bundle: client-side within this one, a page load into another.
#[component]
pub fn Link(
    #[prop(into)] href: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let bundle = use_context::<Bundle>().unwrap_or(Bundle::Portal);
    // The router takes the clicks on every link without `rel="external"`.
    let rel = (hall_domain::site::bundle_of(&href) != bundle).then_some("external");
    view! { <a href=href class=class rel=rel>{children()}</a> }
}

/// An entry of the main navigation: a [`Link`] that says `aria-current="page"` while the
/// visitor is in its section (the home page only on `/`).
#[component]
fn NavLink(href: &'static str, children: Children) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let current = move || {
        let path = location.pathname.get();
        let here = if href == "/" {
            path == "/"
        } else {
            path == href || path.starts_with(&format!("{href}/"))
        };
        here.then_some("page")
    };
    let bundle = use_context::<Bundle>().unwrap_or(Bundle::Portal);
    let rel = (hall_domain::site::bundle_of(href) != bundle).then_some("external");
    view! { <a href=href rel=rel aria-current=current>{children()}</a> }
}

/// The 关怀模式 switch. `public/prefs.js` applies the remembered mode before the app renders
/// and handles the switch, so it works the same in every bundle and costs the app nothing.
#[component]
fn CareToggle() -> impl IntoView {
    let on = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|root| root.class_list().contains("care"));
    view! {
        <button type="button" class="care-toggle" data-care-toggle="" aria-pressed=if on { "true" } else { "false" }>
            {crate::tr!(care)}
        </button>
    }
}

/// The language switch: each language named in itself. `public/prefs.js` remembers the choice
/// and reloads the page in it.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let here = crate::lang::page_tag();
    view! {
        <div class="langs" role="group" aria-label=crate::tr!(languages)>
            {crate::lang::CHOICES.iter().map(|(tag, name)| {
                let pressed = if here == *tag { "true" } else { "false" };
                view! { <button type="button" data-lang=*tag lang=*tag aria-pressed=pressed>{*name}</button> }
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{crate::tr!(skip)}</a>
        <header class="site-header no-print">
            <div class="wrap">
                <Link href="/" class="brand">
                    <span class="brand-mark" aria-hidden="true">"政"</span>
                    <span>{hall_domain::hall::HALL.name}</span>
                </Link>
                <LanguageSwitch/>
                <CareToggle/>
                <nav aria-label=crate::tr!(nav_label)>
                    <ul class="nav">
                        <li><NavLink href="/">{crate::tr!(nav_home)}</NavLink></li>
                        <li><NavLink href="/search">{crate::tr!(nav_guide)}</NavLink></li>
                        <li><NavLink href="/progress">{crate::tr!(nav_progress)}</NavLink></li>
                        <li><NavLink href="/me">{crate::tr!(nav_me)}</NavLink></li>
                    </ul>
                </nav>
            </div>
        </header>
        {children()}
        <footer class="site-footer no-print">
            <div class="wrap">
                <p>
                    {hall_domain::hall::HALL.name}" · "{crate::tr!(footer_phone)}" "{hall_domain::hall::HALL.phone}
                    " · "{crate::tr!(footer_hotline)}" "{hall_domain::hall::HALL.hotline}
                </p>
                <p>
                    <Link href="/faq">{crate::tr!(footer_faq)}</Link>" · "
                    <Link href="/consult">{crate::tr!(footer_consult)}</Link>" · "
                    <Link href="/proxy">{crate::tr!(footer_proxy)}</Link>" · "
                    <Link href="/complaints">{crate::tr!(footer_complaints)}</Link>" · "
                    <Link href="/satisfaction">{crate::tr!(footer_satisfaction)}</Link>" · "
                    <Link href="/open">{crate::tr!(footer_open)}</Link>" · "
                    <Link href="/credit-list">{crate::tr!(footer_credit)}</Link>
                </p>
                <p>{crate::tr!(footer_same_source)}</p>
            </div>
        </footer>
    }
}

/// The portal: the home page, kept small because every visitor loads it first (and the page
/// for addresses that lead nowhere).
#[component]
pub fn PortalApp() -> impl IntoView {
    provide_context(Bundle::Portal);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The guide bundle: search, the service guides, the joint packages.
#[component]
pub fn GuideApp() -> impl IntoView {
    provide_context(Bundle::Guide);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/search") view=SearchPage/>
                    <Route path=path!("/items/:code") view=GuidePage/>
                    <Route path=path!("/packages/:code") view=PackagePage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The book bundle: booking an appointment and applying online, from a guide.
#[component]
pub fn BookApp() -> impl IntoView {
    provide_context(Bundle::Book);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/book/:item") view=BookPage/>
                    <Route path=path!("/online/:item") view=OnlinePage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The citizen's account bundle: sign-in, My Hall, a booking's confirmation, the ticket page.
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
                    <Route path=path!("/bookings/:id") view=BookingPage/>
                    <Route path=path!("/ticket/:id") view=TicketPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The apply bundle: applications as the citizen follows them.
#[component]
pub fn ApplyApp() -> impl IntoView {
    provide_context(Bundle::Apply);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/progress") view=ProgressPage/>
                    <Route path=path!("/credit-list") view=CreditListPage/>
                    <Route path=path!("/applications/:no") view=ApplicationPage/>
                    <Route path=path!("/applications/joint/:no") view=JointPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The desk bundle: applications as staff receive and process them.
#[component]
pub fn DeskApp() -> impl IntoView {
    provide_context(Bundle::Desk);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/desk") view=StaffApplicationsPage/>
                    <Route path=path!("/desk/:no") view=StaffApplicationPage/>
                    <Route path=path!("/desk/joint/:no") view=StaffJointPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The help bundle: asking online, the FAQ, 代办 requests, information disclosure.
#[component]
pub fn HelpApp() -> impl IntoView {
    provide_context(Bundle::Help);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/consult") view=ConsultPage/>
                    <Route path=path!("/faq") view=FaqPage/>
                    <Route path=path!("/proxy") view=ProxyPage/>
                    <Route path=path!("/open") view=OpenPage/>
                    <Route path=path!("/open/notices/:id") view=NoticePage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The voice bundle: complaints, rating a service, the public satisfaction figures.
#[component]
pub fn VoiceApp() -> impl IntoView {
    provide_context(Bundle::Voice);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/complaints") view=ComplaintsPage/>
                    <Route path=path!("/complaints/:no") view=ComplaintPage/>
                    <Route path=path!("/rate/:kind/:subject") view=RatePage/>
                    <Route path=path!("/satisfaction") view=SatisfactionPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The service bundle: staff answering consultations, running 代办 and handling complaints.
#[component]
pub fn ServiceApp() -> impl IntoView {
    provide_context(Bundle::Service);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/service/consult") view=StaffConsultPage/>
                    <Route path=path!("/service/proxy") view=StaffProxyPage/>
                    <Route path=path!("/service/complaints") view=StaffComplaintsPage/>
                    <Route path=path!("/service/complaint-stats") view=StaffComplaintStatsPage/>
                    <Route path=path!("/service/ratings") view=StaffRatingsPage/>
                    <Route path=path!("/service/content") view=StaffContentPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The device bundle: the hall's kiosk and call screen, full screen, without the layout.
#[component]
pub fn DeviceApp() -> impl IntoView {
    provide_context(Bundle::Device);
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/kiosk") view=KioskPage/>
                <Route path=path!("/kiosk/:hall") view=KioskPage/>
                <Route path=path!("/board") view=BoardPage/>
                <Route path=path!("/board/:hall") view=BoardPage/>
            </Routes>
        </Router>
    }
}

/// The hall bundle: the staff pages, the window console and set-up.
#[component]
pub fn HallApp() -> impl IntoView {
    provide_context(Bundle::Hall);
    view! {
        <Router>
            <Routes fallback=|| view! { <Layout><NotFound/></Layout> }>
                <Route path=path!("/staff/sign-in") view=|| view! { <Layout><StaffSignInPage/></Layout> }/>
                <Route path=path!("/staff") view=|| view! { <Layout><StaffHomePage/></Layout> }/>
                <Route path=path!("/staff/citizens") view=|| view! { <Layout><StaffCitizensPage/></Layout> }/>
                <Route path=path!("/admin/staff") view=|| view! { <Layout><AdminStaffPage/></Layout> }/>
                <Route path=path!("/admin/audit") view=|| view! { <Layout><AdminAuditPage/></Layout> }/>
                <Route path=path!("/window") view=WindowConsolePage/>
                <Route path=path!("/setup") view=SetupPage/>
            </Routes>
        </Router>
    }
}
