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

const LIST: &str = "/api/v1/staff/proxy-requests";

#[component]
pub fn StaffProxyPage() -> impl IntoView {
    api::set_title("代办服务");
    view! {
        <main id="main" class="wrap">
            <h1>"代办服务"</h1>
            <p class="no-print"><a href="/staff" rel="external">"返回工作台"</a></p>
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
            Some(Ok(l)) if l.requests.is_empty() => view! { <p>"暂无代办申请。"</p> }.into_any(),
            Some(Ok(l)) => view! {
                <table class="table">
                    <caption>"代办申请（未办结的在前）"</caption>
                    <thead><tr>
                        <th scope="col">"申请时间"</th><th scope="col">"申请人"</th><th scope="col">"事项"</th>
                        <th scope="col">"原因"</th><th scope="col">"方式"</th><th scope="col">"状态"</th>
                        <th scope="col">"代办员"</th><th scope="col">"操作"</th>
                    </tr></thead>
                    <tbody>
                        {l.requests.into_iter().map(|r| {
                            let id = r.id.clone();
                            view! {
                                <tr>
                                    <td>{format_time(r.created_at)}</td>
                                    <td>{format!("{} {}", r.applicant, r.phone)}</td>
                                    <td>{r.item_name.clone()}</td>
                                    <td>{r.reason_label.clone()}</td>
                                    <td>{r.way_label.clone()}</td>
                                    <td>{r.state_label.clone()}</td>
                                    <td>{r.assignee.clone()}</td>
                                    <td><button type="button" class="secondary"
                                        aria-label=format!("打开 {} 的代办申请", r.applicant)
                                        on:click=move |_| show(id.clone())>"打开"</button></td>
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
            <p class="status-line" role="status">"状态："<strong>{r.state_label.clone()}</strong></p>
            <dl class="facts">
                <dt>"联系电话"</dt><dd>{r.phone.clone()}</dd>
                <dt>"原因"</dt><dd>{r.reason_label.clone()}</dd>
                <dt>"方式"</dt><dd>{if r.address.is_empty() { r.way_label.clone() } else { format!("{}：{}", r.way_label, r.address) }}</dd>
                {(!r.note.is_empty()).then(|| view! { <dt>"说明"</dt><dd>{r.note.clone()}</dd> })}
                <dt>"代办员"</dt><dd>{r.assignee.clone()}</dd>
                {r.application.clone().map(|no| view! {
                    <dt>"受理编号"</dt><dd><a href=format!("/desk/{no}") rel="external">{no.clone()}</a></dd>
                })}
            </dl>
            <Timeline events=r.events.clone()/>
            {(!r.actions.is_empty()).then(|| view! {
                <div class="form no-print">
                    {has(ProxyAction::Assign).then(|| view! {
                        <TextField id="proxy-assignee" label="代办员用户名" name="assignee" value=assignee error=error/>
                        <button type="button" on:click=move |_| act(ProxyAction::Assign)>"安排代办员"</button>
                    })}
                    {has(ProxyAction::Start).then(|| view! {
                        <button type="button" on:click=move |_| act(ProxyAction::Start)>"开始代办"</button>
                    })}
                    {has(ProxyAction::Complete).then(|| view! {
                        <TextField id="proxy-application" label="办理所生成的受理编号（如有）" name="application" value=application error=error/>
                        <button type="button" on:click=move |_| act(ProxyAction::Complete)>"代办办结"</button>
                    })}
                    {has(ProxyAction::Decline).then(|| view! {
                        <TextField id="proxy-note" label="不予代办的原因" name="note" value=note error=error/>
                        <button type="button" class="danger" on:click=move |_| act(ProxyAction::Decline)>"不予代办"</button>
                    })}
                    <FormError error=error/>
                </div>
            })}
        </section>
    }
}
