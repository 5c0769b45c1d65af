//! One of my applications, in full: the timeline, the deadline, who is responsible, any
//! correction notice to print, the result; withdrawing before a decision.

use hall_domain::application::Step;
use hall_domain::delivery::AddressInput;
use hall_domain::dto::{ApplicationView, DeliveryRequest, PaymentStart};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use hall_domain::catalogue::format_fen;

use crate::api::{self, ApiError};
use crate::components::application::ApplicationDetail;
use crate::components::form::{FormError, TextField};
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::shell::Link;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    api::set_title("我的申请");
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
            <h1>"我的申请"</h1>
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => {
                    let next = format!("/applications/{no}");
                    let href = api::with_query("/sign-in", &[("next", next)]);
                    view! { <p><a href=href rel="external">"请先登录后查看"</a></p> }.into_any()
                }
                Some(Err(e)) if e.is_not_found() => view! {
                    <p>"没有找到这件申请。您可以用受理编号和手机号后 4 位 "<Link href="/progress">"查询办件进度"</Link>"。"</p>
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
                        view! { <p class="no-print"><a href=href rel="external">"评价本次网上服务"</a></p> }
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
                                        <p>"撤回后这件申请将不再办理，确定撤回吗？"</p>
                                        <button type="button" class="danger" on:click=withdraw>"确定撤回"</button>
                                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"不撤回"</button>
                                    }.into_any()
                                } else {
                                    view! { <button type="button" class="secondary" on:click=move |_| confirming.set(true)>"撤回申请"</button> }.into_any()
                                }}
                            </div>
                        })}
                        <p class="no-print"><a href="/me" rel="external">"返回我的大厅"</a></p>
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
    view! {
        <section class="panel no-print" aria-labelledby="commit-h">
            <h2 id="commit-h">"容缺受理承诺书"</h2>
            <p>"本事项支持容缺受理：次要材料暂缺时，签署承诺书后可先受理，约定期限内补交。"</p>
            <blockquote>{text}</blockquote>
            <button type="button" on:click=sign>"我已阅读并签署承诺"</button>
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
            <h2 id="pay-h">"待缴费用"</h2>
            {cancelled.then(|| view! { <p role="status">"支付未完成，您可以重新缴费。"</p> })}
            <p>"本事项收费 "<strong>{format_fen(amount)}</strong>"，受理后可在网上缴纳，也可到窗口缴纳。"</p>
            <button type="button" on:click=pay prop:disabled=move || busy.get()>
                {format!("在线缴费 {}", format_fen(amount))}
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
            <h2 id="delivery-h">"结果领取方式"</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset>
                    <legend>"办结后如何领取结果"</legend>
                    <label class="check" for="delivery-collect">
                        <input type="radio" id="delivery-collect" name="delivery"
                            prop:checked=move || !by_mail.get() on:change=move |_| by_mail.set(false)/>
                        "到大厅窗口领取"
                    </label>
                    <label class="check" for="delivery-mail">
                        <input type="radio" id="delivery-mail" name="delivery"
                            prop:checked=move || by_mail.get() on:change=move |_| by_mail.set(true)/>
                        "邮寄到家"
                    </label>
                </fieldset>
                <div hidden=move || !by_mail.get()>
                    <TextField id="addr-recipient" label="收件人" name="address.recipient" value=recipient error=error maxlength=80/>
                    <TextField id="addr-phone" label="收件人手机号码" name="address.phone" value=phone error=error maxlength=80/>
                    <TextField id="addr-region" label="省、市、区（县）" name="address.region" value=region error=error maxlength=80/>
                    <TextField id="addr-detail" label="详细地址（街道、门牌、楼栋房号）" name="address.detail" value=detail error=error maxlength=80/>
                </div>
                <button type="submit">"保存领取方式"</button>
            </form>
            <FormError error=error/>
        </section>
    }
}
