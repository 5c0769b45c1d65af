//! Citizen sign-in: a mobile number and a 6-digit code sent by SMS. No password to remember.

use hall_domain::dto::{CodeRequest, CodeSent, SessionOpened, VerifyRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::tr;

/// Where to go after signing in: a path of this site only (no `//host`, no `/\\host`, which
/// browsers read as another site), else My Hall.
pub fn next_path(raw: Option<String>) -> String {
    raw.filter(|p| {
        p.starts_with('/')
            && !p.starts_with("//")
            && !p.contains('\\')
            && !p.chars().any(char::is_control)
    })
    .unwrap_or_else(|| "/me".into())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    api::set_title(tr!(signin_title));
    let query = use_query_map();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<CodeSent>);
    let wait = RwSignal::new(0i64);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    // One tick a second while a resend is not yet allowed.
    let tick = move || {
        set_interval(
            move || wait.update(|w| *w = (*w - 1).max(0)),
            std::time::Duration::from_secs(1),
        );
    };
    let ticking = StoredValue::new(false);

    let send_code = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let req = CodeRequest {
                phone: phone.get_untracked(),
                lang: Some(crate::lang::page_tag()),
            };
            match api::post::<CodeSent, _>("/api/v1/auth/code", &req).await {
                Ok(s) => {
                    wait.set(s.resend_after_secs);
                    sent.set(Some(s));
                    if !ticking.get_value() {
                        ticking.set_value(true);
                        tick();
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let verify = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let req = VerifyRequest {
                phone: phone.get_untracked(),
                code: code.get_untracked(),
                lang: Some(crate::lang::page_tag()),
            };
            match api::post::<SessionOpened, _>("/api/v1/auth/verify", &req).await {
                Ok(_) => {
                    let next = next_path(query.get_untracked().get("next"));
                    if crate::is_account_path(next.split('?').next().unwrap_or_default()) {
                        navigate(&next, Default::default());
                    } else if let Some(w) = web_sys::window() {
                        // A portal page: load the portal bundle.
                        let _ = w.location().set_href(&next);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let resend_blocked = move || busy.get() || wait.get() > 0;
    let verify = StoredValue::new_local(verify);
    let q = query.get_untracked();
    let needed = q.get("level").as_deref() == Some("real_name");
    let refused = q.get("oidc_error").map(|c| oidc_message(&c));
    let start = api::with_query(
        "/api/v1/auth/oidc/start",
        &[
            ("next", next_path(q.get("next"))),
            ("lang", crate::lang::page_tag()),
        ],
    );
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(signin_title)}</h1>
            <section class="panel" aria-labelledby="real-name-title">
                <h2 id="real-name-title">{tr!(signin_real_name_title)}</h2>
                {needed.then(|| view! { <p class="notice" role="status">{tr!(signin_real_name_needed)}</p> })}
                {refused.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <p>{tr!(signin_real_name_lead)}</p>
                <p><a class="button" href=start rel="external">{tr!(signin_real_name_button)}</a></p>
            </section>
            <h2>{tr!(signin_phone_title)}</h2>
            <p class="lead">{tr!(signin_lead)}</p>
            <FormError error=error/>
            <Show
                when=move || sent.get().is_some()
                fallback=move || view! {
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); send_code(); }>
                        <div class="field">
                            <label for="phone">{tr!(signin_phone)}</label>
                            <input id="phone" name="phone" type="tel" inputmode="numeric"
                                autocomplete="tel" required maxlength="20"
                                aria-describedby="phone-error"
                                prop:value=move || phone.get()
                                on:input=move |ev| phone.set(event_target_value(&ev))/>
                            <FieldError id="phone-error" name="phone" error=error/>
                        </div>
                        <button type="submit" disabled=move || busy.get()>{tr!(signin_get_code)}</button>
                    </form>
                }
            >
                <form class="form" on:submit=move |ev| { ev.prevent_default(); verify.with_value(|f| f()); }>
                    <p role="status">{move || sent.get().map(|s| tr!(
                        signin_sent, phone = &s.phone_masked, minutes = s.expires_in_secs / 60
                    ))}</p>
                    <div class="field">
                        <label for="code">{tr!(signin_code)}</label>
                        <input id="code" name="code" type="text" inputmode="numeric"
                            autocomplete="one-time-code" required maxlength="6" pattern="[0-9]{6}"
                            aria-describedby="code-error"
                            prop:value=move || code.get()
                            on:input=move |ev| code.set(event_target_value(&ev))/>
                        <FieldError id="code-error" name="code" error=error/>
                    </div>
                    <div class="actions">
                        <button type="submit" disabled=move || busy.get()>{tr!(signin_title)}</button>
                        <button type="button" class="secondary"
                            disabled=resend_blocked
                            on:click=move |_| send_code()>
                            {move || if wait.get() > 0 {
                                tr!(signin_resend_in, s = wait.get())
                            } else {
                                tr!(signin_resend).to_string()
                            }}
                        </button>
                        <button type="button" class="link" on:click=move |_| {
                            sent.set(None);
                            code.set(String::new());
                            error.set(None);
                        }>{tr!(signin_other_number)}</button>
                    </div>
                </form>
            </Show>
            <p class="note">{tr!(signin_note)}</p>
        </main>
    }
}

/// What a refused real-name sign-in means, by its code (`hall_domain::oidc::Refusal`).
fn oidc_message(code: &str) -> &'static str {
    use hall_domain::oidc::Refusal;
    match Refusal::parse(code) {
        Some(Refusal::State) | None => tr!(signin_oidc_state),
        Some(Refusal::Denied) => tr!(signin_oidc_denied),
        Some(Refusal::Provider) => tr!(signin_oidc_provider),
        Some(Refusal::Token) => tr!(signin_oidc_token),
        Some(Refusal::Expired) => tr!(signin_oidc_expired),
        Some(Refusal::Identity) => tr!(signin_oidc_identity),
        Some(Refusal::Conflict) => tr!(signin_oidc_conflict),
    }
}

#[cfg(test)]
mod tests {
    use super::next_path;

    #[test]
    fn only_local_paths_are_followed() {
        let n = |s: &str| next_path(Some(s.into()));
        assert_eq!(n("/me"), "/me");
        assert_eq!(n("/search?q=护照"), "/search?q=护照");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "me",
            "/\tx",
        ] {
            assert_eq!(n(bad), "/me", "{bad}");
        }
        assert_eq!(next_path(None), "/me");
    }
}
