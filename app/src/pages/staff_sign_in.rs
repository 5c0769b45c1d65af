//! Staff sign-in: username and password.

use hall_domain::dto::{SessionOpened, StaffSignIn};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::components::form::FormError;
use crate::tr;

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    api::set_title(tr!(staff_sign_in));
    let navigate = use_navigate();
    let query = use_query_map();
    let idle = query.get_untracked().get("reason").as_deref() == Some("idle");
    let next =
        hall_domain::site::same_site_path(query.get_untracked().get("next").as_deref(), "/staff");
    let next = StoredValue::new(next);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let totp = RwSignal::new(String::new());
    // Shown once the account turns out to have two-factor sign-in.
    let second = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let req = StaffSignIn {
                username: username.get_untracked(),
                password: password.get_untracked(),
                totp: Some(totp.get_untracked()).filter(|t| !t.trim().is_empty()),
            };
            match api::post::<SessionOpened, _>("/api/v1/staff/sign-in", &req).await {
                Ok(_) => {
                    let next = next.get_value();
                    if hall_domain::site::bundle_of(&next) == hall_domain::site::bundle_of("/staff")
                    {
                        navigate(&next, Default::default());
                    } else if let Some(w) = web_sys::window() {
                        // A page of another staff bundle: load it.
                        let _ = w.location().set_href(&next);
                    }
                }
                Err(e) if e.code() == Some("staff.totp_required") => {
                    second.set(true);
                    error.set(None);
                }
                Err(e) => {
                    if !second.get_untracked() {
                        password.set(String::new());
                    }
                    totp.set(String::new());
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(staff_sign_in)}</h1>
            {idle.then(|| view! { <p class="notice" role="status">{tr!(staff_signed_out_idle)}</p> })}
            <FormError error=error/>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <div class="field">
                    <label for="username">{tr!(staff_username)}</label>
                    <input id="username" autocomplete="username" required maxlength="32"
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="password">{tr!(staff_password)}</label>
                    <input id="password" type="password" autocomplete="current-password" required maxlength="128"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <Show when=move || second.get()>
                    <div class="field">
                        <label for="totp">{tr!(totp_sign_in_code)}</label>
                        <input id="totp" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required
                            aria-describedby="totp-note"
                            prop:value=move || totp.get() on:input=move |ev| totp.set(event_target_value(&ev))/>
                        <p class="note" id="totp-note">{tr!(totp_sign_in_note)}</p>
                    </div>
                </Show>
                <button type="submit" disabled=move || busy.get()>{tr!(signin_title)}</button>
            </form>
            <p class="note">{tr!(staff_lockout)}</p>
        </main>
    }
}
