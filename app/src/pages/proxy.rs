//! 代办服务 (standard 6.7): a signed-in citizen asks for free proxy service for an item (at the
//! hall's 代办 desk or at home) and follows their requests: who the 代办员 is, what happened,
//! and the application it led to; a request can be cancelled until it is done.

use hall_domain::dto::{ProxyCreate, ProxyList, ProxyView};
use hall_domain::proxy::{ProxyAction, Reason, Way};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::status::{error_box, Loading};
use crate::components::timeline::Timeline;
use crate::tr;

#[component]
pub fn ProxyPage() -> impl IntoView {
    api::set_title(tr!(proxy_title));
    let item = use_query_map().with_untracked(|q| q.get("item").unwrap_or_default());
    let mine = load::<ProxyList>("/api/v1/proxy-requests");
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(proxy_h1)}</h1>
            <p class="lead">{tr!(proxy_lead)}</p>
            {move || match mine.get() {
                Some(Err(e)) if e.is_unauthenticated() => {
                    let href = api::sign_in_back_here();
                    Some(view! { <p><a href=href rel="external">{tr!(proxy_sign_in)}</a></p> })
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
                        <h2 id="proxy-mine">{tr!(proxy_mine)}</h2>
                        {if list.requests.is_empty() {
                            view! { <p>{tr!(proxy_none)}</p> }.into_any()
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
            <h2 id="proxy-new">{tr!(guide_proxy_apply)}</h2>
            {move || sent.get().then(|| view! {
                <p role="status" class="ok">{tr!(proxy_sent)}</p>
            })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <TextField id="proxy-item" label={tr!(proxy_item)} name="item" value=item error=error/>
                <fieldset aria-describedby="proxy-reason-error">
                    <legend>{tr!(proxy_reason)}</legend>
                    {Reason::ALL.into_iter().map(|r| {
                        let id = format!("reason-{}", r.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="reason"
                                    prop:checked=move || reason.get() == Some(r)
                                    on:change=move |_| reason.set(Some(r))/>
                                {crate::labels::proxy_reason(r)}
                            </label>
                        }
                    }).collect_view()}
                    <FieldError id="proxy-reason-error" name="reason" error=error/>
                </fieldset>
                <fieldset>
                    <legend>{tr!(proxy_way)}</legend>
                    {[Way::Hall, Way::Home].into_iter().map(|w| {
                        let id = format!("way-{}", w.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="way"
                                    prop:checked=move || way.get() == w
                                    on:change=move |_| way.set(w)/>
                                {crate::labels::proxy_way(w)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div hidden=move || way.get() != Way::Home>
                    <TextField id="proxy-address" label={tr!(proxy_address)} name="address" value=address error=error/>
                </div>
                <TextField id="proxy-contact" label={tr!(proxy_contact)} name="contact_phone" value=contact error=error/>
                <div class="field">
                    <label for="proxy-note">{tr!(proxy_note)}</label>
                    <textarea id="proxy-note" maxlength="300" rows="3" aria-describedby="proxy-note-error"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <FieldError id="proxy-note-error" name="note" error=error/>
                </div>
                <FieldError id="proxy-name-error" name="name" error=error/>
                <FormError error=error/>
                <button type="submit">{tr!(proxy_submit)}</button>
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
            <p class="status-line">{tr!(booking_status)}<strong>{crate::labels::proxy_state(r.state)}</strong></p>
            <dl class="facts">
                <dt>{tr!(col_reason)}</dt><dd>{crate::labels::proxy_reason(r.reason)}</dd>
                <dt>{tr!(proxy_way_short)}</dt><dd>{if r.address.is_empty() { crate::labels::proxy_way(r.way).to_string() } else { tr!(proxy_way_address, way = crate::labels::proxy_way(r.way), address = &r.address) }}</dd>
                <dt>{tr!(proxy_agent)}</dt><dd>{if r.assignee.is_empty() { tr!(proxy_to_assign).to_string() } else { crate::labels::staff(&r.assignee) }}</dd>
                {r.application.clone().map(|no| view! {
                    <dt>{tr!(progress_number)}</dt><dd><a href=format!("/applications/{no}") rel="external">{no.clone()}</a></dd>
                })}
            </dl>
            <Timeline events=r.events.clone()/>
            {can_cancel.then(|| view! {
                <button type="button" class="secondary" on:click=cancel>{tr!(proxy_cancel)}</button>
            })}
            <FormError error=error/>
        </article>
    }
}
