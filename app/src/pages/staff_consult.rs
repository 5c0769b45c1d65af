//! Consultations at the desk (首问负责, 6.3.5): every channel's questions in one list, with the
//! near-due and overdue counts; log a question taken on site or by phone; take, route to a
//! department, answer, and publish an anonymised answer to the FAQ.

use hall_domain::access::{Action, Resource};
use hall_domain::consultation::{Channel, ConsultAction};
use hall_domain::dto::{ConsultList, ConsultLog, ConsultStep, ConsultView, DepartmentList};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::tr;

const LIST: &str = "/api/v1/staff/consultations";

type List = RwSignal<Option<Result<ConsultList, ApiError>>>;

#[component]
pub fn StaffConsultPage() -> impl IntoView {
    api::set_title(tr!(staff_page_consult));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_consult)}</h1>
            <p class="no-print"><a href="/staff" rel="external">{tr!(staff_back)}</a></p>
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
                    {tr!(sc_stats, near = l.near_due, overdue = l.overdue)}
                </p>
                {if l.consultations.is_empty() {
                    view! { <p>{tr!(sc_none)}</p> }.into_any()
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
            <summary>{tr!(sc_log)}</summary>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset>
                    <legend>{tr!(sc_channel)}</legend>
                    {[Channel::OnSite, Channel::Phone].into_iter().map(|c| {
                        let id = format!("log-{}", c.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="log-channel"
                                    prop:checked=move || channel.get() == c
                                    on:change=move |_| channel.set(c)/>
                                {crate::labels::consult_channel(c)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <TextField id="log-item" label={tr!(consult_item)} name="item" value=item error=error maxlength=30/>
                <div class="field">
                    <label for="log-question">{tr!(sc_question)}</label>
                    <textarea id="log-question" maxlength="1000" rows="3" aria-describedby="log-question-error"
                        prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                    <FieldError id="log-question-error" name="question" error=error/>
                </div>
                <TextField id="log-name" label={tr!(sc_asker)} name="asker_name" value=name error=error maxlength=30/>
                <TextField id="log-phone" label={tr!(sc_asker_phone)} name="asker_phone" value=phone error=error maxlength=30/>
                <FormError error=error/>
                <button type="submit">{tr!(sc_log_submit)}</button>
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
        (Some(d), Some(on)) if d < 0 => tr!(sc_overdue, date = crate::lang::date(on)),
        (Some(_), Some(on)) => tr!(sc_due, date = crate::lang::date(on)),
        _ => String::new(),
    };
    let overdue = q.days_left.is_some_and(|d| d < 0);
    view! {
        <article class="card" aria-labelledby=format!("cq-{id}")>
            <h2 id=format!("cq-{id}") class="h3">{q.question.clone()}</h2>
            <p class="status-line">
                <strong>{crate::labels::consult_state(q.state)}</strong>
                {format!(" · {} · {} · {}", crate::labels::consult_channel(q.channel), crate::labels::person(&q.asker, q.asker_unnamed), crate::lang::date(q.asked_on))}
                {(!q.item_name.is_empty()).then(|| format!(" · {}", q.item_name))}
                {(!q.owner.is_empty()).then(|| tr!(sc_owner, owner = crate::labels::staff(&q.owner)))}
                {(!q.routed_to.is_empty()).then(|| tr!(sc_routed, department = &q.routed_to))}
                {q.published.then_some(tr!(sc_published))}
            </p>
            {(!due.is_empty()).then(|| view! { <p class:overdue=overdue>{due.clone()}</p> })}
            {q.answered_at.map(|_| view! { <p><strong>{tr!(consult_answer)}</strong>{q.answer.clone()}</p> })}
            <div class="form no-print">
                {has(ConsultAction::Take).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| act(ConsultAction::Take)>{tr!(sc_take)}</button>
                })}
                {has(ConsultAction::Route).then(|| {
                    let sel = format!("route-{id}");
                    let for_sel = sel.clone();
                    view! {
                        <div class="field">
                            <label for=for_sel>{tr!(sc_route_to)}</label>
                            <select id=sel on:change=move |ev| department.set(event_target_value(&ev))>
                                <option value="">{tr!(please_choose)}</option>
                                {move || departments.get().and_then(Result::ok).map(|ds| ds.departments.into_iter().map(|d| view! {
                                    <option value=d.code.clone()>{d.name.clone()}</option>
                                }).collect_view())}
                            </select>
                        </div>
                        <button type="button" class="secondary" on:click=move |_| act(ConsultAction::Route)>{tr!(win_hand)}</button>
                    }
                })}
                {has(ConsultAction::Answer).then(|| {
                    let ta = format!("answer-{id}");
                    let for_ta = ta.clone();
                    let err = format!("answer-{id}-error");
                    view! {
                        <div class="field">
                            <label for=for_ta>{tr!(sc_answer_text)}</label>
                            <textarea id=ta maxlength="1000" rows="3" aria-describedby=err.clone()
                                prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                            <FieldError id=err name="answer" error=error/>
                        </div>
                        <button type="button" on:click=move |_| act(ConsultAction::Answer)>{tr!(complaint_reply)}</button>
                    }
                })}
                {has(ConsultAction::Publish).then(|| {
                    let pq = format!("pubq-{id}");
                    let for_pq = pq.clone();
                    let pa = format!("puba-{id}");
                    let for_pa = pa.clone();
                    view! {
                        <details>
                            <summary>{tr!(sc_publish_summary)}</summary>
                            <div class="field">
                                <label for=for_pq>{tr!(sc_public_question)}</label>
                                <textarea id=pq maxlength="1000" rows="2"
                                    prop:value=move || public_q.get() on:input=move |ev| public_q.set(event_target_value(&ev))></textarea>
                            </div>
                            <div class="field">
                                <label for=for_pa>{tr!(sc_public_answer)}</label>
                                <textarea id=pa maxlength="1000" rows="3"
                                    prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                            </div>
                            <button type="button" class="secondary" on:click=move |_| act(ConsultAction::Publish)>{tr!(sc_publish)}</button>
                        </details>
                    }
                })}
                <FormError error=error/>
            </div>
        </article>
    }
}
