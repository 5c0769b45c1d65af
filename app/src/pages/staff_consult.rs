//! Consultations at the desk (首问负责, 6.3.5): every channel's questions in one list, with the
//! near-due and overdue counts; log a question taken on site or by phone; take, route to a
//! department, answer, and publish an anonymised answer to the FAQ.

use hall_domain::access::{Action, Resource};
use hall_domain::consultation::{Channel, ConsultAction};
use hall_domain::dto::{ConsultList, ConsultLog, ConsultStep, ConsultView, DepartmentList};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::pages::book::new_key;

const LIST: &str = "/api/v1/staff/consultations";

type List = RwSignal<Option<Result<ConsultList, ApiError>>>;

#[component]
pub fn StaffConsultPage() -> impl IntoView {
    api::set_title("咨询答复");
    view! {
        <main id="main" class="wrap">
            <h1>"咨询答复"</h1>
            <p class="no-print"><a href="/staff" rel="external">"返回工作台"</a></p>
            <StaffGate action=Action::Read resource=Resource::Consultation>
                <Desk/>
            </StaffGate>
        </main>
    }
}

#[component]
fn Desk() -> impl IntoView {
    let list = load::<ConsultList>(LIST);
    let departments = load::<DepartmentList>("/api/v1/departments");
    view! {
        <LogForm list=list/>
        {move || match list.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(l)) => view! {
                <p class="status-line" role="status">
                    {format!("即将到期 {} 件，已超期 {} 件", l.near_due, l.overdue)}
                </p>
                {if l.consultations.is_empty() {
                    view! { <p>"暂无咨询。"</p> }.into_any()
                } else {
                    l.consultations.into_iter().map(|q| view! {
                        <Question q=q list=list departments=departments/>
                    }).collect_view().into_any()
                }}
            }.into_any(),
        }}
    }
}

#[component]
fn LogForm(list: List) -> impl IntoView {
    let channel = RwSignal::new(Channel::OnSite);
    let item = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let key = StoredValue::new(new_key());
    let submit = move || {
        let req = ConsultLog {
            channel: channel.get_untracked(),
            item: item.get_untracked(),
            question: question.get_untracked(),
            asker_name: name.get_untracked(),
            asker_phone: phone.get_untracked(),
            idempotency_key: key.get_value(),
        };
        spawn_local(async move {
            match api::post::<ConsultView, _>(LIST, &req).await {
                Ok(_) => {
                    error.set(None);
                    question.set(String::new());
                    key.set_value(new_key());
                    reload(list, LIST);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <details class="panel">
            <summary>"登记现场或电话咨询"</summary>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset>
                    <legend>"咨询渠道"</legend>
                    {[Channel::OnSite, Channel::Phone].into_iter().map(|c| {
                        let id = format!("log-{}", c.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="log-channel"
                                    prop:checked=move || channel.get() == c
                                    on:change=move |_| channel.set(c)/>
                                {c.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <TextField id="log-item" label="相关事项编码（可不填）" name="item" value=item error=error maxlength=30/>
                <div class="field">
                    <label for="log-question">"咨询内容"</label>
                    <textarea id="log-question" maxlength="1000" rows="3" aria-describedby="log-question-error"
                        prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                    <FieldError id="log-question-error" name="question" error=error/>
                </div>
                <TextField id="log-name" label="咨询人称呼（可不填）" name="asker_name" value=name error=error maxlength=30/>
                <TextField id="log-phone" label="答复短信发送到（手机号，可不填）" name="asker_phone" value=phone error=error maxlength=30/>
                <FormError error=error/>
                <button type="submit">"登记咨询"</button>
            </form>
        </details>
    }
}

#[component]
fn Question(
    q: ConsultView,
    list: List,
    departments: RwSignal<Option<Result<DepartmentList, ApiError>>>,
) -> impl IntoView {
    let answer = RwSignal::new(q.answer.clone());
    let public_q = RwSignal::new(q.question.clone());
    let department = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(format!("{LIST}/{}", api::encode(&q.id)));
    let version = q.version;
    let act = move |action: ConsultAction| {
        let req = ConsultStep {
            action: Some(action),
            department: department.get_untracked(),
            answer: answer.get_untracked(),
            question: public_q.get_untracked(),
            version: Some(version),
        };
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<ConsultView, _>(&p, &req).await {
                Ok(_) => reload(list, LIST),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let has = |a: ConsultAction| q.actions.contains(&a);
    let id = q.id.clone();
    let due = match (q.days_left, q.due_on) {
        (Some(d), Some(on)) if d < 0 => format!("已超期（应于 {on} 前答复）"),
        (Some(_), Some(on)) => format!("{on} 前答复"),
        _ => String::new(),
    };
    let overdue = q.days_left.is_some_and(|d| d < 0);
    view! {
        <article class="card" aria-labelledby=format!("cq-{id}")>
            <h2 id=format!("cq-{id}") class="h3">{q.question.clone()}</h2>
            <p class="status-line">
                <strong>{q.state_label.clone()}</strong>
                {format!(" · {} · {} · {}", q.channel_label, q.asker, q.asked_on)}
                {(!q.item_name.is_empty()).then(|| format!(" · {}", q.item_name))}
                {(!q.owner.is_empty()).then(|| format!(" · 首问：{}", q.owner))}
                {(!q.routed_to.is_empty()).then(|| format!(" · 已转{}", q.routed_to))}
                {q.published.then_some(" · 已发布到常见问题")}
            </p>
            {(!due.is_empty()).then(|| view! { <p class:overdue=overdue>{due.clone()}</p> })}
            {q.answered_at.map(|_| view! { <p><strong>"答复："</strong>{q.answer.clone()}</p> })}
            <div class="form no-print">
                {has(ConsultAction::Take).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| act(ConsultAction::Take)>"首问受理"</button>
                })}
                {has(ConsultAction::Route).then(|| {
                    let sel = format!("route-{id}");
                    let for_sel = sel.clone();
                    view! {
                        <div class="field">
                            <label for=for_sel>"转交部门"</label>
                            <select id=sel on:change=move |ev| department.set(event_target_value(&ev))>
                                <option value="">"请选择"</option>
                                {move || departments.get().and_then(Result::ok).map(|ds| ds.departments.into_iter().map(|d| view! {
                                    <option value=d.code.clone()>{d.name.clone()}</option>
                                }).collect_view())}
                            </select>
                        </div>
                        <button type="button" class="secondary" on:click=move |_| act(ConsultAction::Route)>"转交"</button>
                    }
                })}
                {has(ConsultAction::Answer).then(|| {
                    let ta = format!("answer-{id}");
                    let for_ta = ta.clone();
                    let err = format!("answer-{id}-error");
                    view! {
                        <div class="field">
                            <label for=for_ta>"答复内容"</label>
                            <textarea id=ta maxlength="1000" rows="3" aria-describedby=err.clone()
                                prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                            <FieldError id=err name="answer" error=error/>
                        </div>
                        <button type="button" on:click=move |_| act(ConsultAction::Answer)>"答复"</button>
                    }
                })}
                {has(ConsultAction::Publish).then(|| {
                    let pq = format!("pubq-{id}");
                    let for_pq = pq.clone();
                    let pa = format!("puba-{id}");
                    let for_pa = pa.clone();
                    view! {
                        <details>
                            <summary>"发布到常见问题（请去除个人信息）"</summary>
                            <div class="field">
                                <label for=for_pq>"公开的问题"</label>
                                <textarea id=pq maxlength="1000" rows="2"
                                    prop:value=move || public_q.get() on:input=move |ev| public_q.set(event_target_value(&ev))></textarea>
                            </div>
                            <div class="field">
                                <label for=for_pa>"公开的答复"</label>
                                <textarea id=pa maxlength="1000" rows="3"
                                    prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                            </div>
                            <button type="button" class="secondary" on:click=move |_| act(ConsultAction::Publish)>"发布"</button>
                        </details>
                    }
                })}
                <FormError error=error/>
            </div>
        </article>
    }
}
