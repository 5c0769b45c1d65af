//! 代办 requests at the desk: the list (personal data masked), and one request opened in full
//! (an audited read) to contact the citizen, assign a 代办员, start, complete with the
//! application it led to, or decline with a reason.

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{ProxyList, ProxyStep, ProxyView, StaffMe};
use hall_domain::proxy::ProxyAction;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::components::timeline::Timeline;
use crate::tr;

const LIST: &str = "/api/v1/staff/proxy-requests";

#[component]
pub fn StaffProxyPage() -> impl IntoView {
    api::set_title(tr!(staff_page_proxy));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_proxy)}</h1>
            <p class="no-print"><a href="/staff" rel="external">{tr!(staff_back)}</a></p>
            <StaffGate action=Action::Read resource=Resource::Application>
                <Desk/>
            </StaffGate>
        </main>
    }
}

#[component]
fn Desk() -> impl IntoView {
    let list = load::<ProxyList>(LIST);
    let open = RwSignal::new(None::<Result<ProxyView, ApiError>>);
    let show = move |id: String| {
        spawn_local(async move {
            let r = api::get::<ProxyView>(&format!("{LIST}/{}", api::encode(&id))).await;
            open.set(Some(r));
        });
    };
    view! {
        {move || match list.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(l)) if l.requests.is_empty() => view! { <p>{tr!(sp_none)}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <table class="table">
                    <caption>{tr!(sp_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(sp_created)}</th><th scope="col">{tr!(credit_applicant)}</th><th scope="col">{tr!(credit_item)}</th>
                        <th scope="col">{tr!(col_reason)}</th><th scope="col">{tr!(proxy_way_short)}</th><th scope="col">{tr!(col_status)}</th>
                        <th scope="col">{tr!(proxy_agent)}</th><th scope="col">{tr!(sp_actions)}</th>
                    </tr></thead>
                    <tbody>
                        {l.requests.into_iter().map(|r| {
                            let id = r.id.clone();
                            view! {
                                <tr>
                                    <td>{format_time(r.created_at)}</td>
                                    <td>{format!("{} {}", r.applicant, r.phone)}</td>
                                    <td>{r.item_name.clone()}</td>
                                    <td>{crate::labels::proxy_reason(r.reason)}</td>
                                    <td>{crate::labels::proxy_way(r.way)}</td>
                                    <td>{crate::labels::proxy_state(r.state)}</td>
                                    <td>{crate::labels::staff(&r.assignee)}</td>
                                    <td><button type="button" class="secondary"
                                        aria-label=tr!(sp_open_label, name = &r.applicant)
                                        on:click=move |_| show(id.clone())>{tr!(sp_open)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
        {move || open.get().map(|r| match r {
            Err(e) => error_box(&e),
            Ok(v) => view! { <Opened request=v open=open list=list/> }.into_any(),
        })}
    }
}

#[component]
fn Opened(
    request: ProxyView,
    open: RwSignal<Option<Result<ProxyView, ApiError>>>,
    list: RwSignal<Option<Result<ProxyList, ApiError>>>,
) -> impl IntoView {
    let r = request;
    let me = use_context::<StaffMe>();
    let assignee = RwSignal::new(me.map(|m| m.username).unwrap_or_default());
    let note = RwSignal::new(String::new());
    let application = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(format!("{LIST}/{}", api::encode(&r.id)));
    let version = r.version;
    let act = move |action: ProxyAction| {
        let req = ProxyStep {
            action: Some(action),
            assignee: assignee.get_untracked(),
            note: note.get_untracked(),
            application: application.get_untracked(),
            version: Some(version),
        };
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<ProxyView, _>(&p, &req).await {
                Ok(v) => {
                    error.set(None);
                    open.set(Some(Ok(v)));
                    reload(list, LIST);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let has = |a: ProxyAction| r.actions.contains(&a);
    view! {
        <section class="panel" aria-labelledby="proxy-open">
            <h2 id="proxy-open">{format!("{} · {}", r.applicant, r.item_name)}</h2>
            <p class="status-line" role="status">{tr!(booking_status)}<strong>{crate::labels::proxy_state(r.state)}</strong></p>
            <dl class="facts">
                <dt>{tr!(me_contact)}</dt><dd>{r.phone.clone()}</dd>
                <dt>{tr!(col_reason)}</dt><dd>{crate::labels::proxy_reason(r.reason)}</dd>
                <dt>{tr!(proxy_way_short)}</dt><dd>{if r.address.is_empty() { crate::labels::proxy_way(r.way).to_string() } else { tr!(proxy_way_address, way = crate::labels::proxy_way(r.way), address = &r.address) }}</dd>
                {(!r.note.is_empty()).then(|| view! { <dt>{tr!(sp_note)}</dt><dd>{r.note.clone()}</dd> })}
                <dt>{tr!(proxy_agent)}</dt><dd>{crate::labels::staff(&r.assignee)}</dd>
                {r.application.clone().map(|no| view! {
                    <dt>{tr!(progress_number)}</dt><dd><a href=format!("/desk/{no}") rel="external">{no.clone()}</a></dd>
                })}
            </dl>
            <Timeline events=r.events.clone()/>
            {(!r.actions.is_empty()).then(|| view! {
                <div class="form no-print">
                    {has(ProxyAction::Assign).then(|| view! {
                        <TextField id="proxy-assignee" label={tr!(sp_assignee)} name="assignee" value=assignee error=error/>
                        <button type="button" on:click=move |_| act(ProxyAction::Assign)>{tr!(sp_assign)}</button>
                    })}
                    {has(ProxyAction::Start).then(|| view! {
                        <button type="button" on:click=move |_| act(ProxyAction::Start)>{tr!(sp_start)}</button>
                    })}
                    {has(ProxyAction::Complete).then(|| view! {
                        <TextField id="proxy-application" label={tr!(sp_application)} name="application" value=application error=error/>
                        <button type="button" on:click=move |_| act(ProxyAction::Complete)>{tr!(sp_complete)}</button>
                    })}
                    {has(ProxyAction::Decline).then(|| view! {
                        <TextField id="proxy-note" label={tr!(sp_decline_reason)} name="note" value=note error=error/>
                        <button type="button" class="danger" on:click=move |_| act(ProxyAction::Decline)>{tr!(proxy_state_declined)}</button>
                    })}
                    <FormError error=error/>
                </div>
            })}
        </section>
    }
}
