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

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::components::timeline::Timeline;
use crate::pages::book::new_key;

const LIST: &str = "/api/v1/staff/complaints";

type List = RwSignal<Option<Result<ComplaintList, ApiError>>>;
type Open = RwSignal<Option<Result<ComplaintView, ApiError>>>;

#[component]
pub fn StaffComplaintsPage() -> impl IntoView {
    api::set_title("投诉处理");
    view! {
        <main id="main" class="wrap">
            <h1>"投诉处理"</h1>
            <p class="no-print">
                <a href="/staff" rel="external">"返回工作台"</a>" · "
                <a href="/service/complaint-stats">"投诉月度统计"</a>
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
                    {format!("即将到期 {} 件，已超期 {} 件", l.near_due, l.overdue)}
                </p>
                {if l.complaints.is_empty() {
                    view! { <p>"暂无投诉。"</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <caption>"投诉（未办结的在前）"</caption>
                            <thead><tr>
                                <th scope="col">"编号"</th><th scope="col">"类型"</th><th scope="col">"渠道"</th>
                                <th scope="col">"投诉人"</th><th scope="col">"状态"</th><th scope="col">"期限"</th>
                                <th scope="col">"操作"</th>
                            </tr></thead>
                            <tbody>
                                {l.complaints.into_iter().map(|c| {
                                    let no = c.no.clone();
                                    let overdue = c.days_left.is_some_and(|d| d < 0);
                                    let due = match (c.days_left, c.due_on) {
                                        (Some(d), Some(on)) if d < 0 => format!("已超期（{on}）"),
                                        (Some(_), Some(on)) => format!("{on} 前"),
                                        _ => "—".to_string(),
                                    };
                                    view! {
                                        <tr>
                                            <td>{c.no.clone()}</td>
                                            <td>{c.category_label.clone()}</td>
                                            <td>{c.channel_label.clone()}</td>
                                            <td>{c.complainant.clone()}</td>
                                            <td>{c.state_label.clone()}</td>
                                            <td class:overdue=overdue>{due}</td>
                                            <td><button type="button" class="secondary"
                                                aria-label=format!("打开投诉 {}", c.no)
                                                on:click=move |_| show(no.clone())>"打开"</button></td>
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
            <summary>"登记现场、热线、意见箱、电话或邮件投诉"</summary>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <div class="field">
                    <label for="klog-channel">"投诉渠道"</label>
                    <select id="klog-channel" on:change=move |ev| {
                        if let Some(c) = Channel::parse(&event_target_value(&ev)) { channel.set(c) }
                    }>
                        {channels.map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="klog-category">"投诉类型"</label>
                    <select id="klog-category" on:change=move |ev| {
                        if let Some(c) = Category::parse(&event_target_value(&ev)) { category.set(c) }
                    }>
                        {Category::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                    </select>
                </div>
                <TextField id="klog-window" label="窗口号（可不填）" name="window" value=window error=error maxlength=10/>
                <TextField id="klog-staff" label="工作人员工号（可不填）" name="staff_no" value=staff_no error=error maxlength=20/>
                <TextField id="klog-item" label="事项编码（可不填）" name="item" value=item error=error maxlength=20/>
                <div class="field">
                    <label for="klog-facts">"投诉内容"</label>
                    <textarea id="klog-facts" maxlength="2000" rows="4" aria-describedby="klog-facts-error"
                        prop:value=move || facts.get() on:input=move |ev| facts.set(event_target_value(&ev))></textarea>
                    <FieldError id="klog-facts-error" name="facts" error=error/>
                </div>
                <TextField id="klog-name" label="投诉人称呼（可不填）" name="complainant_name" value=name error=error maxlength=30/>
                <TextField id="klog-phone" label="投诉人手机号（可不填，用于通知和查询）" name="complainant_phone" value=phone error=error maxlength=20/>
                <label class="check" for="klog-confidential">
                    <input type="checkbox" id="klog-confidential"
                        prop:checked=move || confidential.get()
                        on:change=move |ev| confidential.set(event_target_checked(&ev))/>
                    "投诉人要求保密"
                </label>
                <FormError error=error/>
                <button type="submit">"登记投诉"</button>
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
    let images = c
        .attachments
        .iter()
        .map(|a| {
            let src = format!("{}/attachments/{}", path.get_value(), a.n);
            let alt = format!("投诉照片 {}", a.n + 1);
            view! { <img class="photo" src=src alt=alt loading="lazy"/> }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="complaint-open">
            <h2 id="complaint-open">{format!("投诉 {} · {}", c.no, c.category_label)}</h2>
            <p class="status-line" role="status">"状态："<strong>{c.state_label.clone()}</strong>
                {c.due_on.map(|d| format!(" · 本步骤期限 {d}"))}
                {c.reply_due.map(|d| format!(" · 答复期限 {d}"))}
            </p>
            <dl class="facts">
                <dt>"渠道"</dt><dd>{c.channel_label.clone()}</dd>
                <dt>"投诉人"</dt><dd>{format!("{} {}", c.complainant, c.complainant_phone)}</dd>
                {(!c.window.is_empty()).then(|| view! { <dt>"窗口"</dt><dd>{c.window.clone()}</dd> })}
                {(!c.staff_no.is_empty()).then(|| view! { <dt>"工号"</dt><dd>{c.staff_no.clone()}</dd> })}
                {(!c.item_name.is_empty()).then(|| view! { <dt>"事项"</dt><dd>{c.item_name.clone()}</dd> })}
                {(!c.department.is_empty()).then(|| view! { <dt>"承办部门"</dt><dd>{c.department.clone()}{c.joint.then_some("（多部门）")}</dd> })}
                {(!c.decline_reason.is_empty()).then(|| view! { <dt>"不予受理理由"</dt><dd>{c.decline_reason.clone()}</dd> })}
                {c.rating.clone().map(|r| view! { <dt>"投诉人评价"</dt><dd>{format!("{}，问题{}", r.label, if r.resolved { "已解决" } else { "未解决" })}</dd> })}
            </dl>
            <p class="pre">{c.facts.clone()}</p>
            {(!c.attachments.is_empty()).then(|| view! { <div class="photos">{images}</div> })}
            {(!c.reply.is_empty()).then(|| view! { <p><strong>"答复："</strong>{c.reply.clone()}</p> })}
            <Timeline events=c.events.clone()/>
            {(!c.actions.is_empty()).then(|| view! {
                <div class="form no-print">
                    {has(ComplaintAction::Accept).then(|| view! {
                        <div class="field">
                            <label for="k-dept">"承办部门（不选则由大厅处理）"</label>
                            <select id="k-dept" on:change=move |ev| department.set(event_target_value(&ev))>
                                <option value="">"大厅自行处理"</option>
                                {move || departments.get().and_then(Result::ok).map(|ds| ds.departments.into_iter().map(|d| view! {
                                    <option value=d.code.clone()>{d.name.clone()}</option>
                                }).collect_view())}
                            </select>
                            <FieldError id="k-dept-error" name="department" error=error/>
                        </div>
                        <label class="check" for="k-joint">
                            <input type="checkbox" id="k-joint" prop:checked=move || joint.get()
                                on:change=move |ev| joint.set(event_target_checked(&ev))/>
                            "涉及多个部门（答复期限延长）"
                        </label>
                        <button type="button" on:click=move |_| act(ComplaintAction::Accept)>"受理"</button>
                    })}
                    {has(ComplaintAction::Decline).then(|| view! {
                        <div class="field">
                            <label for="k-reason">"不予受理的理由"</label>
                            <select id="k-reason" aria-describedby="k-reason-error" on:change=move |ev| reason.set(DeclineReason::parse(&event_target_value(&ev)))>
                                <option value="">"请选择"</option>
                                {DeclineReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                            </select>
                            <FieldError id="k-reason-error" name="reason" error=error/>
                        </div>
                    })}
                    {has(ComplaintAction::Visit).then(|| view! {
                        <label class="check" for="k-resolved">
                            <input type="checkbox" id="k-resolved" prop:checked=move || resolved.get()
                                on:change=move |ev| resolved.set(event_target_checked(&ev))/>
                            "回访：问题已解决"
                        </label>
                        <label class="check" for="k-satisfied">
                            <input type="checkbox" id="k-satisfied" prop:checked=move || satisfied.get()
                                on:change=move |ev| satisfied.set(event_target_checked(&ev))/>
                            "回访：投诉人满意"
                        </label>
                    })}
                    {needs_note.then(|| view! {
                        <div class="field">
                            <label for="k-note">{if has(ComplaintAction::Reply) { "答复内容" } else { "情况说明" }}</label>
                            <textarea id="k-note" maxlength="2000" rows="3" aria-describedby="k-note-error"
                                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                            <FieldError id="k-note-error" name="note" error=error/>
                        </div>
                    })}
                    {c.actions.iter().copied().filter(|a| *a != ComplaintAction::Accept).map(|a| view! {
                        <button type="button" class="secondary" on:click=move |_| act(a)>{a.label()}</button>
                    }).collect_view()}
                    <FormError error=error/>
                </div>
            })}
        </section>
    }
}
