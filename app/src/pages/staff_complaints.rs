//! Complaints at the desk (GB/T 36113): the list, open first, with near-due and overdue
//! counts; one complaint opened with every step (the complaint office sees the complainant, an
//! audited read; the department never sees a confidential complainant); the office logs
//! complaints from other channels, accepts (assigning the department) or declines with a
//! reason, replies, records the return visit and archives; the department investigates and
//! handles.

use hall_domain::access::{can, Action, Resource};
use hall_domain::complaint::{Category, Channel, ComplaintAction, DeclineReason};
use hall_domain::dto::{
    ComplaintList, ComplaintLog, ComplaintStep, ComplaintView, DepartmentList, StaffMe,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::components::timeline::Timeline;
use crate::tr;

const LIST: &str = "/api/v1/staff/complaints";

type List = RwSignal<Option<Result<ComplaintList, ApiError>>>;
type Open = RwSignal<Option<Result<ComplaintView, ApiError>>>;

#[component]
pub fn StaffComplaintsPage() -> impl IntoView {
    api::set_title(tr!(staff_page_complaints));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_complaints)}</h1>
            <p class="no-print">
                <a href="/staff" rel="external">{tr!(staff_back)}</a>" · "
                <a href="/service/complaint-stats">{tr!(sk_stats_link)}</a>
            </p>
            <StaffGate action=Action::Read resource=Resource::Complaint>
                <Desk/>
            </StaffGate>
        </main>
    }
}

#[component]
fn Desk() -> impl IntoView {
    let me = use_context::<StaffMe>();
    let may_log = me.as_ref().is_some_and(|m| {
        m.roles
            .iter()
            .any(|r| can(*r, Action::Create, Resource::Complaint))
    });
    let list = load::<ComplaintList>(LIST);
    let departments = load::<DepartmentList>("/api/v1/departments");
    let open: Open = RwSignal::new(None);
    let show = move |no: String| {
        spawn_local(async move {
            let r = api::get::<ComplaintView>(&format!("{LIST}/{}", api::encode(&no))).await;
            open.set(Some(r));
        });
    };
    view! {
        {may_log.then(|| view! { <LogForm list=list/> })}
        {move || match list.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(l)) => view! {
                <p class="status-line" role="status">
                    {tr!(sc_stats, near = l.near_due, overdue = l.overdue)}
                </p>
                {if l.complaints.is_empty() {
                    view! { <p>{tr!(sk_none)}</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <caption>{tr!(sk_caption)}</caption>
                            <thead><tr>
                                <th scope="col">{tr!(sk_no)}</th><th scope="col">{tr!(sk_type)}</th><th scope="col">{tr!(sk_channel)}</th>
                                <th scope="col">{tr!(sk_complainant)}</th><th scope="col">{tr!(col_status)}</th><th scope="col">{tr!(sk_due)}</th>
                                <th scope="col">{tr!(sp_actions)}</th>
                            </tr></thead>
                            <tbody>
                                {l.complaints.into_iter().map(|c| {
                                    let no = c.no.clone();
                                    let overdue = c.days_left.is_some_and(|d| d < 0);
                                    let due = match (c.days_left, c.due_on) {
                                        (Some(d), Some(on)) if d < 0 => tr!(sk_overdue, date = crate::lang::date(on)),
                                        (Some(_), Some(on)) => tr!(sk_due_by, date = crate::lang::date(on)),
                                        _ => "—".to_string(),
                                    };
                                    view! {
                                        <tr>
                                            <td>{c.no.clone()}</td>
                                            <td>{crate::labels::complaint_category(c.category)}</td>
                                            <td>{crate::labels::complaint_channel(c.channel)}</td>
                                            <td>{crate::labels::person(&c.complainant, c.complainant_unnamed)}</td>
                                            <td>{crate::labels::complaint_state(c.state)}</td>
                                            <td class:overdue=overdue>{due}</td>
                                            <td><button type="button" class="secondary"
                                                aria-label=tr!(sk_open_label, no = &c.no)
                                                on:click=move |_| show(no.clone())>{tr!(sp_open)}</button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            }.into_any(),
        }}
        {move || open.get().map(|r| match r {
            Err(e) => error_box(&e),
            Ok(c) => view! { <Opened c=c open=open list=list departments=departments/> }.into_any(),
        })}
    }
}

#[component]
fn LogForm(list: List) -> impl IntoView {
    let channel = RwSignal::new(Channel::OnSite);
    let category = RwSignal::new(Category::Conduct);
    let window = RwSignal::new(String::new());
    let staff_no = RwSignal::new(String::new());
    let item = RwSignal::new(String::new());
    let facts = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let confidential = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let key = StoredValue::new(new_key());
    let submit = move || {
        let req = ComplaintLog {
            channel: channel.get_untracked(),
            category: category.get_untracked(),
            window: window.get_untracked(),
            staff_no: staff_no.get_untracked(),
            item: item.get_untracked(),
            facts: facts.get_untracked(),
            complainant_name: name.get_untracked(),
            complainant_phone: phone.get_untracked(),
            confidential: confidential.get_untracked(),
            idempotency_key: key.get_value(),
        };
        spawn_local(async move {
            match api::post::<ComplaintView, _>(LIST, &req).await {
                Ok(_) => {
                    error.set(None);
                    facts.set(String::new());
                    key.set_value(new_key());
                    reload(list, LIST);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let channels = Channel::ALL.iter().copied().filter(|c| *c != Channel::Web);
    view! {
        <details class="panel">
            <summary>{tr!(sk_log)}</summary>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <div class="field">
                    <label for="klog-channel">{tr!(sk_log_channel)}</label>
                    <select id="klog-channel" on:change=move |ev| {
                        if let Some(c) = Channel::parse(&event_target_value(&ev)) { channel.set(c) }
                    }>
                        {channels.map(|c| view! { <option value=c.as_str()>{crate::labels::complaint_channel(c)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="klog-category">{tr!(complaint_category)}</label>
                    <select id="klog-category" on:change=move |ev| {
                        if let Some(c) = Category::parse(&event_target_value(&ev)) { category.set(c) }
                    }>
                        {Category::ALL.iter().map(|c| view! { <option value=c.as_str()>{crate::labels::complaint_category(*c)}</option> }).collect_view()}
                    </select>
                </div>
                <TextField id="klog-window" label={tr!(sk_window)} name="window" value=window error=error maxlength=10/>
                <TextField id="klog-staff" label={tr!(sk_staff)} name="staff_no" value=staff_no error=error maxlength=20/>
                <TextField id="klog-item" label={tr!(sk_item)} name="item" value=item error=error maxlength=20/>
                <div class="field">
                    <label for="klog-facts">{tr!(complaint_facts)}</label>
                    <textarea id="klog-facts" maxlength="2000" rows="4" aria-describedby="klog-facts-error"
                        prop:value=move || facts.get() on:input=move |ev| facts.set(event_target_value(&ev))></textarea>
                    <FieldError id="klog-facts-error" name="facts" error=error/>
                </div>
                <TextField id="klog-name" label={tr!(sk_name)} name="complainant_name" value=name error=error maxlength=30/>
                <TextField id="klog-phone" label={tr!(sk_phone)} name="complainant_phone" value=phone error=error maxlength=20/>
                <label class="check" for="klog-confidential">
                    <input type="checkbox" id="klog-confidential"
                        prop:checked=move || confidential.get()
                        on:change=move |ev| confidential.set(event_target_checked(&ev))/>
                    {tr!(sk_confidential)}
                </label>
                <FormError error=error/>
                <button type="submit">{tr!(sk_log_submit)}</button>
            </form>
        </details>
    }
}

#[component]
fn Opened(
    c: ComplaintView,
    open: Open,
    list: List,
    departments: RwSignal<Option<Result<DepartmentList, ApiError>>>,
) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let joint = RwSignal::new(false);
    let reason = RwSignal::new(None::<DeclineReason>);
    let resolved = RwSignal::new(true);
    let satisfied = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(format!("{LIST}/{}", api::encode(&c.no)));
    let version = c.version;
    let act = move |action: ComplaintAction| {
        let visit = action == ComplaintAction::Visit;
        let req = ComplaintStep {
            action: Some(action),
            reason: reason.get_untracked(),
            department: department.get_untracked(),
            joint: joint.get_untracked(),
            note: note.get_untracked(),
            resolved: visit.then(|| resolved.get_untracked()),
            satisfied: visit.then(|| satisfied.get_untracked()),
            version: Some(version),
        };
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<ComplaintView, _>(&p, &req).await {
                Ok(v) => {
                    error.set(None);
                    note.set(String::new());
                    open.set(Some(Ok(v)));
                    reload(list, LIST);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let has = |a: ComplaintAction| c.actions.contains(&a);
    let needs_note = c.actions.iter().any(|a| {
        matches!(
            a,
            ComplaintAction::Investigate
                | ComplaintAction::Handle
                | ComplaintAction::Reply
                | ComplaintAction::Decline
                | ComplaintAction::Visit
        )
    });
    let images = crate::components::image::thumbnails(&path.get_value(), &c.attachments);
    view! {
        <section class="panel" aria-labelledby="complaint-open">
            <h2 id="complaint-open">{tr!(sk_title, no = &c.no, category = crate::labels::complaint_category(c.category))}</h2>
            <p class="status-line" role="status">{tr!(booking_status)}<strong>{crate::labels::complaint_state(c.state)}</strong>
                {c.due_on.map(|d| tr!(sk_step_due, date = crate::lang::date(d)))}
                {c.reply_due.map(|d| tr!(sk_reply_due, date = crate::lang::date(d)))}
            </p>
            <dl class="facts">
                <dt>{tr!(sk_channel)}</dt><dd>{crate::labels::complaint_channel(c.channel)}</dd>
                <dt>{tr!(sk_complainant)}</dt><dd>{format!("{} {}", crate::labels::person(&c.complainant, c.complainant_unnamed), c.complainant_phone)}</dd>
                {(!c.window.is_empty()).then(|| view! { <dt>{tr!(complaint_window)}</dt><dd>{c.window.clone()}</dd> })}
                {(!c.staff_no.is_empty()).then(|| view! { <dt>{tr!(complaint_staff_no)}</dt><dd>{c.staff_no.clone()}</dd> })}
                {(!c.item_name.is_empty()).then(|| view! { <dt>{tr!(credit_item)}</dt><dd>{c.item_name.clone()}</dd> })}
                {(!c.department.is_empty()).then(|| view! { <dt>{tr!(app_department)}</dt><dd>{c.department.clone()}{c.joint.then_some(tr!(sk_joint_mark))}</dd> })}
                {(!c.decline_reason.is_empty()).then(|| view! { <dt>{tr!(sk_decline_reason)}</dt><dd>{c.decline_reason.clone()}</dd> })}
                {c.rating.clone().map(|r| view! { <dt>{tr!(sk_rating)}</dt><dd>{tr!(sk_rating_value, level = crate::labels::level(r.level), resolved = if r.resolved { tr!(complaint_resolved) } else { tr!(complaint_unresolved) })}</dd> })}
            </dl>
            <p class="pre">{c.facts.clone()}</p>
            {(!c.attachments.is_empty()).then_some(images)}
            {(!c.reply.is_empty()).then(|| view! { <p><strong>{tr!(consult_answer)}</strong>{c.reply.clone()}</p> })}
            <Timeline events=c.events.clone()/>
            {(!c.actions.is_empty()).then(|| view! {
                <div class="form no-print">
                    {has(ComplaintAction::Accept).then(|| view! {
                        <div class="field">
                            <label for="k-dept">{tr!(sk_department)}</label>
                            <select id="k-dept" on:change=move |ev| department.set(event_target_value(&ev))>
                                <option value="">{tr!(sk_hall_handles)}</option>
                                {move || departments.get().and_then(Result::ok).map(|ds| ds.departments.into_iter().map(|d| view! {
                                    <option value=d.code.clone()>{d.name.clone()}</option>
                                }).collect_view())}
                            </select>
                            <FieldError id="k-dept-error" name="department" error=error/>
                        </div>
                        <label class="check" for="k-joint">
                            <input type="checkbox" id="k-joint" prop:checked=move || joint.get()
                                on:change=move |ev| joint.set(event_target_checked(&ev))/>
                            {tr!(sk_joint)}
                        </label>
                        <button type="button" on:click=move |_| act(ComplaintAction::Accept)>{tr!(step_accept)}</button>
                    })}
                    {has(ComplaintAction::Decline).then(|| view! {
                        <div class="field">
                            <label for="k-reason">{tr!(complaint_decline_reason)}</label>
                            <select id="k-reason" aria-describedby="k-reason-error" on:change=move |ev| reason.set(DeclineReason::parse(&event_target_value(&ev)))>
                                <option value="">{tr!(please_choose)}</option>
                                {DeclineReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{crate::labels::decline_reason(*r)}</option> }).collect_view()}
                            </select>
                            <FieldError id="k-reason-error" name="reason" error=error/>
                        </div>
                    })}
                    {has(ComplaintAction::Visit).then(|| view! {
                        <label class="check" for="k-resolved">
                            <input type="checkbox" id="k-resolved" prop:checked=move || resolved.get()
                                on:change=move |ev| resolved.set(event_target_checked(&ev))/>
                            {tr!(sk_visit_solved)}
                        </label>
                        <label class="check" for="k-satisfied">
                            <input type="checkbox" id="k-satisfied" prop:checked=move || satisfied.get()
                                on:change=move |ev| satisfied.set(event_target_checked(&ev))/>
                            {tr!(sk_visit_satisfied)}
                        </label>
                    })}
                    {needs_note.then(|| view! {
                        <div class="field">
                            <label for="k-note">{if has(ComplaintAction::Reply) { tr!(sc_answer_text) } else { tr!(sk_note) }}</label>
                            <textarea id="k-note" maxlength="2000" rows="3" aria-describedby="k-note-error"
                                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                            <FieldError id="k-note-error" name="note" error=error/>
                        </div>
                    })}
                    {c.actions.iter().copied().filter(|a| *a != ComplaintAction::Accept).map(|a| view! {
                        <button type="button" class="secondary" on:click=move |_| act(a)>{crate::labels::complaint_action(a)}</button>
                    }).collect_view()}
                    <FormError error=error/>
                </div>
            })}
        </section>
    }
}
