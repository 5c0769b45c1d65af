//! 办件进度查询 (standard 6.3.3, 6.3.4): anyone with the tracking number and the applicant's
//! last 4 phone digits (or last 6 of the ID number) sees where the application stands, with
//! personal data masked. The query is a POST, so the digits never sit in a URL or a log.

use hall_domain::dto::{ProgressQuery, ProgressView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::application::{ApplicationDetail, JointDetail};
use crate::components::form::{FieldError, FormError};
use crate::shell::Link;
use crate::tr;

#[component]
pub fn ProgressPage() -> impl IntoView {
    api::set_title(tr!(progress_title));
    let number = RwSignal::new(String::new());
    let digits = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let found = RwSignal::new(None::<ProgressView>);
    let busy = RwSignal::new(false);
    let submit = move || {
        let req = ProgressQuery {
            number: number.get_untracked(),
            digits: digits.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::post::<ProgressView, _>("/api/v1/progress", &req).await {
                Ok(a) => {
                    error.set(None);
                    found.set(Some(a));
                }
                Err(e) => {
                    found.set(None);
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(progress_title)}</h1>
            <p class="lead">{tr!(progress_lead)}</p>
            <form class="form no-print" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <div class="field">
                    <label for="progress-number">{tr!(progress_number)}</label>
                    <input id="progress-number" type="text" autocomplete="off" maxlength="24"
                        placeholder={tr!(progress_placeholder)} aria-describedby="progress-number-error"
                        prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
                    <FieldError id="progress-number-error" name="number" error=error/>
                </div>
                <div class="field">
                    <label for="progress-digits">{tr!(progress_digits)}</label>
                    <input id="progress-digits" type="text" inputmode="numeric" autocomplete="off" maxlength="6"
                        aria-describedby="progress-digits-error"
                        prop:value=move || digits.get() on:input=move |ev| digits.set(event_target_value(&ev))/>
                    <FieldError id="progress-digits-error" name="digits" error=error/>
                </div>
                <button type="submit" prop:disabled=move || busy.get()>{tr!(progress_search)}</button>
            </form>
            <FormError error=error/>
            {move || found.get().map(|p| match (p.application, p.joint) {
                (Some(a), _) => view! { <ApplicationDetail application=a/> }.into_any(),
                (None, Some(j)) => view! { <JointDetail joint=j link_base=""/> }.into_any(),
                (None, None) => ().into_any(),
            })}
            <p class="no-print"><Link href="/me">{tr!(progress_mine)}</Link>" · "<Link href="/credit-list">{tr!(credit_title)}</Link></p>
        </main>
    }
}
