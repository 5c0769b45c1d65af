//! One of my applications, in full: the timeline, the deadline, who is responsible, any
//! correction notice to print, the result; withdrawing before a decision.

use hall_domain::application::Step;
use hall_domain::delivery::AddressInput;
use hall_domain::dto::{ApplicationView, DeliveryRequest, PaymentStart};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::application::ApplicationDetail;
use crate::components::form::{FormError, TextField};
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::shell::Link;
use crate::tr;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    api::set_title(tr!(myapp_title));
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    let path = format!("/api/v1/applications/{}", api::encode(&no));
    let loaded = load::<ApplicationView>(path.clone());
    let path = StoredValue::new(path);
    let error = RwSignal::new(None::<ApiError>);
    let confirming = RwSignal::new(false);
    let withdraw = move |_| {
        let path = format!("{}/withdraw", path.get_value());
        spawn_local(async move {
            match api::post::<ApplicationView, _>(&path, &()).await {
                Ok(a) => {
                    error.set(None);
                    confirming.set(false);
                    loaded.set(Some(Ok(a)));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(myapp_title)}</h1>
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => {
                    let next = format!("/applications/{no}");
                    let href = api::with_query("/sign-in", &[("next", next), ("level", "real_name".into())]);
                    view! { <p><a href=href rel="external">{tr!(joint_sign_in)}</a></p> }.into_any()
                }
                Some(Err(e)) if e.is_not_found() => view! {
                    <p>{tr!(myapp_not_found)}<Link href="/progress">{tr!(myapp_track)}</Link>{tr!(full_stop)}</p>
                }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(a)) => {
                    let can_withdraw = a.steps.contains(&Step::Withdraw);
                    let commit = a.commitment.as_ref().filter(|c| c.can_sign).map(|c| {
                        view! { <Commit number=a.number.clone() text=c.text.clone() loaded=loaded/> }
                    });
                    let pay = a.payment.as_ref().filter(|p| p.due).map(|p| {
                        view! { <Pay number=a.number.clone() amount=p.amount_fen/> }
                    });
                    let rate = a.status.is_decided().then(|| {
                        let href = format!("/rate/online/{}", a.number);
                        view! { <p class="no-print"><a href=href rel="external">{tr!(myapp_rate)}</a></p> }
                    });
                    let delivery = a.delivery.can_change.then(|| {
                        view! { <Delivery number=a.number.clone() mail=a.delivery.mail loaded=loaded/> }
                    });
                    view! {
                        {commit}
                        {pay}
                        <ApplicationDetail application=a/>
                        {rate}
                        {delivery}
                        <FormError error=error/>
                        {can_withdraw.then(|| view! {
                            <div class="actions no-print">
                                {move || if confirming.get() {
                                    view! {
                                        <p>{tr!(myapp_withdraw_confirm)}</p>
                                        <button type="button" class="danger" on:click=withdraw>{tr!(myapp_withdraw_yes)}</button>
                                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{tr!(myapp_withdraw_no)}</button>
                                    }.into_any()
                                } else {
                                    view! { <button type="button" class="secondary" on:click=move |_| confirming.set(true)>{tr!(myapp_withdraw)}</button> }.into_any()
                                }}
                            </div>
                        })}
                        <p class="no-print"><a href="/me" rel="external">{tr!(back_my_hall)}</a></p>
                    }.into_any()
                }
            }}
        </main>
    }
}

/// The 容缺 commitment (容缺受理承诺书), signed online before acceptance: the clerk may then
/// accept with waivable materials missing.
#[component]
fn Commit(
    number: String,
    text: String,
    loaded: RwSignal<Option<Result<ApplicationView, ApiError>>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(format!(
        "/api/v1/applications/{}/commitment",
        api::encode(&number)
    ));
    let sign = move |_| {
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<ApplicationView, _>(&p, &()).await {
                Ok(a) => loaded.set(Some(Ok(a))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    // The hall's 简体 wording is what is signed; other languages read it translated.
    let text = match crate::lang::current() {
        crate::i18n::Locale::zh_CN => text,
        _ => tr!(said_commitment).to_string(),
    };
    view! {
        <section class="panel no-print" aria-labelledby="commit-h">
            <h2 id="commit-h">{tr!(myapp_commit_title)}</h2>
            <p>{tr!(myapp_commit_text)}</p>
            <blockquote>{text}</blockquote>
            <button type="button" on:click=sign>{tr!(myapp_commit_sign)}</button>
            <FormError error=error/>
        </section>
    }
}

/// Paying the fee online: the order is started (or resumed) and the browser goes to the
/// provider's pay page, which returns here.
#[component]
fn Pay(number: String, amount: i64) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let path = StoredValue::new(format!(
        "/api/v1/applications/{}/payments",
        api::encode(&number)
    ));
    let cancelled = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("payment").as_deref() == Some("cancelled"));
    let pay = move |_| {
        busy.set(true);
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<PaymentStart, _>(&p, &()).await {
                Ok(start) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign(&start.pay_url);
                    }
                }
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="panel no-print" aria-labelledby="pay-h">
            <h2 id="pay-h">{tr!(myapp_pay_title)}</h2>
            {cancelled.then(|| view! { <p role="status">{tr!(myapp_pay_cancelled)}</p> })}
            <p>{tr!(myapp_pay_fee)}<strong>{crate::lang::money(amount)}</strong>{tr!(myapp_pay_fee_tail)}</p>
            <button type="button" on:click=pay prop:disabled=move || busy.get()>
                {tr!(myapp_pay_online, amount = crate::lang::money(amount))}
            </button>
            <FormError error=error/>
        </section>
    }
}

/// Choosing collection at the hall or mail (邮寄) to an address, before the result is ready.
#[component]
fn Delivery(
    number: String,
    mail: bool,
    loaded: RwSignal<Option<Result<ApplicationView, ApiError>>>,
) -> impl IntoView {
    let by_mail = RwSignal::new(mail);
    let recipient = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let detail = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(format!(
        "/api/v1/applications/{}/delivery",
        api::encode(&number)
    ));
    let submit = move || {
        let req = DeliveryRequest {
            mail: by_mail.get_untracked(),
            address: by_mail.get_untracked().then(|| AddressInput {
                recipient: recipient.get_untracked(),
                phone: phone.get_untracked(),
                region: region.get_untracked(),
                detail: detail.get_untracked(),
            }),
        };
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<ApplicationView, _>(&p, &req).await {
                Ok(a) => {
                    error.set(None);
                    loaded.set(Some(Ok(a)));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel no-print" aria-labelledby="delivery-h">
            <h2 id="delivery-h">{tr!(myapp_delivery_title)}</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset>
                    <legend>{tr!(myapp_delivery_legend)}</legend>
                    <label class="check" for="delivery-collect">
                        <input type="radio" id="delivery-collect" name="delivery"
                            prop:checked=move || !by_mail.get() on:change=move |_| by_mail.set(false)/>
                        {tr!(app_collect)}
                    </label>
                    <label class="check" for="delivery-mail">
                        <input type="radio" id="delivery-mail" name="delivery"
                            prop:checked=move || by_mail.get() on:change=move |_| by_mail.set(true)/>
                        {tr!(myapp_by_mail)}
                    </label>
                </fieldset>
                <div hidden=move || !by_mail.get()>
                    <TextField id="addr-recipient" label={tr!(myapp_recipient)} name="address.recipient" value=recipient error=error maxlength=80/>
                    <TextField id="addr-phone" label={tr!(myapp_recipient_phone)} name="address.phone" value=phone error=error maxlength=80/>
                    <TextField id="addr-region" label={tr!(myapp_region)} name="address.region" value=region error=error maxlength=80/>
                    <TextField id="addr-detail" label={tr!(myapp_detail)} name="address.detail" value=detail error=error maxlength=80/>
                </div>
                <button type="submit">{tr!(myapp_delivery_save)}</button>
            </form>
            <FormError error=error/>
        </section>
    }
}
