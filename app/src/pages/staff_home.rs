//! The staff home: who I am, the pages my roles open, my password, signing out. An initial
//! password must be changed before anything else.

use hall_domain::access::{can, Action, Resource};
use hall_domain::dto::{Done, PasswordChange, StaffMe};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::shell::Link;
use crate::tr;

/// The staff pages and what each needs.
#[allow(clippy::type_complexity)]
const PAGES: [(&str, fn() -> &'static str, Action, Resource); 11] = [
    (
        "/window",
        || tr!(staff_page_window),
        Action::Update,
        Resource::Window,
    ),
    (
        "/desk",
        || tr!(staff_page_desk),
        Action::Read,
        Resource::Application,
    ),
    (
        "/service/proxy",
        || tr!(staff_page_proxy),
        Action::Read,
        Resource::Application,
    ),
    (
        "/service/consult",
        || tr!(staff_page_consult),
        Action::Read,
        Resource::Consultation,
    ),
    (
        "/service/complaints",
        || tr!(staff_page_complaints),
        Action::Read,
        Resource::Complaint,
    ),
    (
        "/service/ratings",
        || tr!(staff_page_ratings),
        Action::Read,
        Resource::Rating,
    ),
    (
        "/service/content",
        || tr!(staff_page_content),
        Action::Read,
        Resource::Content,
    ),
    (
        "/setup",
        || tr!(staff_page_setup),
        Action::Read,
        Resource::Window,
    ),
    (
        "/staff/citizens",
        || tr!(staff_page_citizens),
        Action::Read,
        Resource::CitizenData,
    ),
    (
        "/admin/staff",
        || tr!(staff_page_accounts),
        Action::Read,
        Resource::StaffAccount,
    ),
    (
        "/admin/audit",
        || tr!(staff_page_audit),
        Action::Read,
        Resource::AuditLog,
    ),
];

#[component]
pub fn StaffHomePage() -> impl IntoView {
    api::set_title(tr!(staff_home));
    let me = load::<StaffMe>("/api/v1/staff/me");
    view! {
        <main id="main" class="wrap">
            {move || match me.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(me)) => view! { <Desk me=me/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => view! { <Redirect path="/staff/sign-in"/> }.into_any(),
                Some(Err(e)) => error_box(&e),
            }}
        </main>
    }
}

#[component]
fn Desk(me: StaffMe) -> impl IntoView {
    let must_change = RwSignal::new(me.must_change_password);
    let roles: Vec<&str> = me.roles.iter().map(|r| crate::labels::role(*r)).collect();
    let pages: Vec<(&str, &str)> = PAGES
        .iter()
        .filter(|(_, _, a, r)| me.roles.iter().any(|role| can(*role, *a, *r)))
        .map(|(href, label, _, _)| (*href, label()))
        .collect();
    let username = me.username.clone();
    view! {
        <h1>{tr!(staff_home_of, name = &me.display_name)}</h1>
        <p class="lead">
            {tr!(staff_roles, roles = roles.join(tr!(list_separator)))}
            {(!me.windows.is_empty()).then(|| tr!(staff_windows, windows = me.windows.join(tr!(list_separator))))}
        </p>
        <Show
            when=move || must_change.get()
            fallback=move || view! {
                <nav aria-labelledby="pages-title">
                    <h2 id="pages-title">{tr!(staff_my_work)}</h2>
                    <ul class="grid links">
                        {pages.clone().into_iter().map(|(href, label)| view! { <li><Link href=href>{label}</Link></li> }).collect_view()}
                    </ul>
                </nav>
            }
        >
            <p class="highlight" role="status">{tr!(staff_change_first)}</p>
        </Show>
        <PasswordForm username=username on_done=move || must_change.set(false)/>
        <TwoFactor enabled=me.totp_enabled required=me.totp_required/>
        <StaffSignOut/>
    }
}

/// Two-factor sign-in: an authenticator app's secret (QR code), its first code, and the
/// recovery codes shown once.
#[component]
fn TwoFactor(enabled: bool, required: bool) -> impl IntoView {
    use hall_domain::dto::{TotpConfirm, TotpEnabled, TotpEnrolment};
    let enrolment = RwSignal::new(None::<TotpEnrolment>);
    let done = RwSignal::new(None::<TotpEnabled>);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<crate::api::ApiError>);
    let start = move |_| {
        spawn_local(async move {
            match api::post::<TotpEnrolment, _>("/api/v1/staff/totp/enrol", &()).await {
                Ok(e) => enrolment.set(Some(e)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let confirm = move || {
        let req = TotpConfirm {
            code: code.get_untracked(),
        };
        spawn_local(async move {
            match api::post::<TotpEnabled, _>("/api/v1/staff/totp/confirm", &req).await {
                Ok(d) => {
                    enrolment.set(None);
                    done.set(Some(d));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="totp-title">
            <h2 id="totp-title">{tr!(totp_title)}</h2>
            {required.then(|| view! { <p class="highlight" role="status">{tr!(totp_required)}</p> })}
            <FormError error=error/>
            {move || match (enabled, enrolment.get(), done.get()) {
                (_, _, Some(d)) => view! {
                    <p class="ok" role="status">{tr!(totp_on)}</p>
                    <p>{tr!(totp_recovery_note)}</p>
                    <ul class="recovery-codes">{d.recovery_codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                }.into_any(),
                (true, _, None) => view! { <p class="ok">{tr!(totp_on)}</p> }.into_any(),
                (false, Some(e), None) => view! {
                    <p>{tr!(totp_scan)}</p>
                    <div class="qr" role="img" aria-label=tr!(totp_qr_label) inner_html=e.qr_svg.clone()></div>
                    <p>{tr!(totp_secret)}" "<code>{e.secret.clone()}</code></p>
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); confirm(); }>
                        <div class="field">
                            <label for="totp-code">{tr!(totp_code)}</label>
                            <input id="totp-code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required
                                prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                        </div>
                        <button type="submit">{tr!(totp_confirm)}</button>
                    </form>
                }.into_any(),
                (false, None, None) => view! {
                    <p>{tr!(totp_lead)}</p>
                    <button type="button" on:click=start>{tr!(totp_start)}</button>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PasswordForm(
    username: String,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let submit = move || {
        let req = PasswordChange {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        spawn_local(async move {
            match api::post::<Done, _>("/api/v1/staff/password", &req).await {
                Ok(_) => {
                    error.set(None);
                    done.set(true);
                    current.set(String::new());
                    new.set(String::new());
                    on_done();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="password-title" class="panel">
            <h2 id="password-title">{tr!(staff_change_password)}</h2>
            <Show when=move || done.get()><p class="ok" role="status">{tr!(staff_password_changed)}</p></Show>
            <FormError error=error/>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <input type="text" class="visually-hidden" autocomplete="username" value=username readonly tabindex="-1" aria-hidden="true"/>
                <div class="field">
                    <label for="current-password">{tr!(staff_current_password)}</label>
                    <input id="current-password" type="password" autocomplete="current-password" required
                        aria-describedby="current-error"
                        prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
                    <FieldError id="current-error" name="current" error=error/>
                </div>
                <div class="field">
                    <label for="new-password">{tr!(staff_new_password)}</label>
                    <input id="new-password" type="password" autocomplete="new-password" required
                        aria-describedby="new-error"
                        prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev))/>
                    <FieldError id="new-error" name="new" error=error/>
                </div>
                <button type="submit">{tr!(staff_change_password)}</button>
            </form>
        </section>
    }
}

#[component]
fn StaffSignOut() -> impl IntoView {
    let out = move |_| {
        spawn_local(async move {
            let _ = api::post::<Done, _>("/api/v1/staff/sign-out", &()).await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href("/staff/sign-in");
            }
        });
    };
    view! { <p><button type="button" class="secondary" on:click=out>{tr!(me_sign_out)}</button></p> }
}
