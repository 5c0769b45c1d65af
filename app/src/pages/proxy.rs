//! 代办服务 (standard 6.7): a signed-in citizen asks for free proxy service for an item (at the
//! hall's 代办 desk or at home) and follows their requests: who the 代办员 is, what happened,
//! and the application it led to; a request can be cancelled until it is done.

use hall_domain::dto::{ProxyCreate, ProxyList, ProxyView};
use hall_domain::proxy::{ProxyAction, Reason, Way};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::status::{error_box, Loading};
use crate::components::timeline::Timeline;
use crate::pages::book::new_key;

#[component]
pub fn ProxyPage() -> impl IntoView {
    api::set_title("免费代办");
    let item = use_query_map().with_untracked(|q| q.get("item").unwrap_or_default());
    let mine = load::<ProxyList>("/api/v1/proxy-requests");
    view! {
        <main id="main" class="wrap narrow">
            <h1>"免费代办服务"</h1>
            <p class="lead">"老年人、残疾人、重病或行动不便的群众，以及重点项目，可申请由大厅代办员免费帮办代办。代办服务不收取任何费用。"</p>
            {move || match mine.get() {
                Some(Err(e)) if e.is_unauthenticated() => {
                    let href = api::with_query("/sign-in", &[("next", "/proxy".to_string())]);
                    Some(view! { <p><a href=href rel="external">"请先登录后申请代办"</a></p> })
                }
                _ => None,
            }}
            <div hidden=move || matches!(mine.get(), Some(Err(e)) if e.is_unauthenticated())>
                <RequestForm item=item mine=mine/>
            </div>
            {move || match mine.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => ().into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(list)) => view! {
                    <section class="panel" aria-labelledby="proxy-mine">
                        <h2 id="proxy-mine">"我的代办申请"</h2>
                        {if list.requests.is_empty() {
                            view! { <p>"还没有代办申请。"</p> }.into_any()
                        } else {
                            list.requests.into_iter().map(|r| view! { <Request request=r mine=mine/> }).collect_view().into_any()
                        }}
                    </section>
                }.into_any(),
            }}
        </main>
    }
}

type Mine = RwSignal<Option<Result<ProxyList, ApiError>>>;

#[component]
fn RequestForm(item: String, mine: Mine) -> impl IntoView {
    let item = RwSignal::new(item);
    let reason = RwSignal::new(None::<Reason>);
    let way = RwSignal::new(Way::Hall);
    let address = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    let submit = move || {
        let req = ProxyCreate {
            item: item.get_untracked().trim().to_uppercase(),
            reason: reason.get_untracked(),
            way: Some(way.get_untracked()),
            address: address.get_untracked(),
            contact_phone: contact.get_untracked(),
            note: note.get_untracked(),
            idempotency_key: key.get_value(),
        };
        spawn_local(async move {
            match api::post::<ProxyView, _>("/api/v1/proxy-requests", &req).await {
                Ok(_) => {
                    error.set(None);
                    sent.set(true);
                    key.set_value(new_key());
                    reload(mine, "/api/v1/proxy-requests");
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="proxy-new">
            <h2 id="proxy-new">"申请代办"</h2>
            {move || sent.get().then(|| view! {
                <p role="status" class="ok">"已提交代办申请，代办员会尽快与您联系。"</p>
            })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <TextField id="proxy-item" label="事项编码（可在办事指南中查看，如 GA-HZ-004）" name="item" value=item error=error/>
                <fieldset aria-describedby="proxy-reason-error">
                    <legend>"申请代办的原因"</legend>
                    {Reason::ALL.into_iter().map(|r| {
                        let id = format!("reason-{}", r.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="reason"
                                    prop:checked=move || reason.get() == Some(r)
                                    on:change=move |_| reason.set(Some(r))/>
                                {r.label()}
                            </label>
                        }
                    }).collect_view()}
                    <FieldError id="proxy-reason-error" name="reason" error=error/>
                </fieldset>
                <fieldset>
                    <legend>"代办方式"</legend>
                    {[Way::Hall, Way::Home].into_iter().map(|w| {
                        let id = format!("way-{}", w.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="way"
                                    prop:checked=move || way.get() == w
                                    on:change=move |_| way.set(w)/>
                                {w.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div hidden=move || way.get() != Way::Home>
                    <TextField id="proxy-address" label="上门地址（区、街道、门牌）" name="address" value=address error=error/>
                </div>
                <TextField id="proxy-contact" label="联系电话（可填家人电话，不填则用登录手机号）" name="contact_phone" value=contact error=error/>
                <div class="field">
                    <label for="proxy-note">"需要说明的情况"</label>
                    <textarea id="proxy-note" maxlength="300" rows="3" aria-describedby="proxy-note-error"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <FieldError id="proxy-note-error" name="note" error=error/>
                </div>
                <FieldError id="proxy-name-error" name="name" error=error/>
                <FormError error=error/>
                <button type="submit">"提交代办申请"</button>
            </form>
        </section>
    }
}

#[component]
fn Request(request: ProxyView, mine: Mine) -> impl IntoView {
    let r = request;
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(format!(
        "/api/v1/proxy-requests/{}/cancel",
        api::encode(&r.id)
    ));
    let cancel = move |_| {
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<ProxyView, _>(&p, &()).await {
                Ok(_) => reload(mine, "/api/v1/proxy-requests"),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let can_cancel = r.actions.contains(&ProxyAction::Cancel);
    let heading = format!("proxy-{}", r.id);
    let labelled = heading.clone();
    view! {
        <article class="card" aria-labelledby=labelled>
            <h3 id=heading>{format!("{}（{}）", r.item_name, r.item_code)}</h3>
            <p class="status-line">"状态："<strong>{r.state_label.clone()}</strong></p>
            <dl class="facts">
                <dt>"原因"</dt><dd>{r.reason_label.clone()}</dd>
                <dt>"方式"</dt><dd>{if r.address.is_empty() { r.way_label.clone() } else { format!("{}：{}", r.way_label, r.address) }}</dd>
                <dt>"代办员"</dt><dd>{if r.assignee.is_empty() { "待安排".to_string() } else { r.assignee.clone() }}</dd>
                {r.application.clone().map(|no| view! {
                    <dt>"受理编号"</dt><dd><a href=format!("/applications/{no}") rel="external">{no.clone()}</a></dd>
                })}
            </dl>
            <Timeline events=r.events.clone()/>
            {can_cancel.then(|| view! {
                <button type="button" class="secondary" on:click=cancel>"取消这条代办申请"</button>
            })}
            <FormError error=error/>
        </article>
    }
}
