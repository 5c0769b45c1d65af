//! One application as the applicant, the anonymous progress query and staff see it: where it
//! stands, the promised deadline, who is responsible, the materials, any correction notice
//! (printable on its own), the result and the timeline.

use hall_domain::application::{MaterialState, Status};
use hall_domain::catalogue::format_fen;
use hall_domain::dto::{ApplicationView, JointView, NoticeView, PaymentView, TimelineEvent};
use hall_domain::payment::PayState;
use leptos::prelude::*;

use crate::components::time::format_time;
use crate::components::timeline::Timeline;

fn deadline_text(a: &ApplicationView) -> String {
    let d = &a.deadline;
    if a.status == Status::Withdrawn {
        return "申请已撤回".into();
    }
    if let Some(on) = d.decided_on {
        return match d.due_on {
            Some(due) if on <= due => format!("已于 {on} 办结（承诺 {due} 前），按时办结"),
            Some(due) => format!("已于 {on} 办结（承诺 {due} 前），超期办结"),
            None => format!("已于 {on} 办结"),
        };
    }
    match (d.due_on, d.days_left, d.paused) {
        (_, _, true) => "等待补正材料，办理时限暂停计算".into(),
        (Some(due), Some(left), _) if left > 0 => {
            format!("承诺 {due} 前办结，还剩 {left} 个工作日")
        }
        (Some(due), Some(0), _) => format!("承诺今天（{due}）办结"),
        (Some(due), Some(left), _) => format!("已超过承诺期限 {due}（超期 {} 个工作日）", -left),
        _ if d.promised_workdays == 0 => "即办件：受理后当场办结".into(),
        _ => format!(
            "受理后 {} 个工作日内办结（不含补正材料时间）",
            d.promised_workdays
        ),
    }
}

fn material_class(state: MaterialState) -> &'static str {
    match state {
        MaterialState::Received => "mat ok",
        MaterialState::NotApplicable => "mat na",
        MaterialState::Waived => "mat waived",
        _ => "mat bad",
    }
}

/// The correction notice (材料补正告知书) as a printable document.
#[component]
pub fn Notice(notice: NoticeView) -> impl IntoView {
    let id = format!("notice-{}", notice.seq);
    let title = if notice.seq == 1 {
        "材料补正告知书".to_string()
    } else {
        format!("材料补正告知书（第 {} 次）", notice.seq)
    };
    let print_id = id.clone();
    view! {
        <section class="panel notice" id=id.clone() aria-labelledby=format!("{id}-h")>
            <h3 id=format!("{id}-h")>{title}</h3>
            <dl class="facts">
                <dt>"告知书编号"</dt><dd>{notice.number.clone()}</dd>
                <dt>"出具日期"</dt><dd>{notice.issued_on.to_string()}</dd>
                <dt>"办理事项"</dt><dd>{notice.item_name.clone()}</dd>
                <dt>"办理大厅"</dt><dd>{format!("{}（{}）", notice.hall_name, notice.hall_address)}</dd>
            </dl>
            <p>"经审查，您提交的申请材料不齐全或不符合法定形式。现一次性告知需补正的全部材料如下："</p>
            <table class="table">
                <caption class="visually-hidden">"需补正的材料"</caption>
                <thead><tr><th scope="col">"序号"</th><th scope="col">"材料"</th><th scope="col">"问题"</th><th scope="col">"补正要求"</th></tr></thead>
                <tbody>
                    {notice.lines.iter().enumerate().map(|(i, l)| view! {
                        <tr>
                            <td>{i + 1}</td>
                            <td>{l.name.clone()}</td>
                            <td>{l.problem.label()}</td>
                            <td>{l.requirement.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>"请于 "<strong>{notice.deadline.to_string()}</strong>" 前补交。补正期间办理时限暂停计算。"</p>
            {(!notice.repeat_reason.is_empty()).then(|| view! {
                <p class="note">"再次告知原因："{notice.repeat_reason.clone()}</p>
            })}
            {notice.late.then(|| view! {
                <p class="note">"本告知书在收到材料 5 个工作日后出具，依照《行政许可法》第三十二条，自收到申请材料之日起即为受理。"</p>
            })}
            <p>"联系方式："{notice.contact.clone()}</p>
            <p class="no-print">
                <button type="button" class="secondary" on:click=move |_| print_only(&print_id)>"打印告知书"</button>
            </p>
        </section>
    }
}

/// Prints one section: the print style shows only the element marked `printing`.
fn print_only(id: &str) {
    let Some(w) = web_sys::window() else { return };
    let Some(doc) = w.document() else { return };
    let (Some(body), Some(el)) = (doc.body(), doc.get_element_by_id(id)) else {
        return;
    };
    let _ = body.class_list().add_1("print-one");
    let _ = el.class_list().add_1("printing");
    let _ = w.print();
    let _ = el.class_list().remove_1("printing");
    let _ = body.class_list().remove_1("print-one");
}

/// The fee: what is due, and once paid the printable receipt (缴费回执), with any refund.
#[component]
pub fn Payment(
    payment: PaymentView,
    number: String,
    item: String,
    payer: String,
    department: String,
) -> impl IntoView {
    let p = payment;
    let amount = format!("{}（{}）", format_fen(p.amount_fen), p.amount_words);
    let state = match (p.state, p.refund_pending) {
        (_, true) => "已缴费，待退费".to_string(),
        (Some(PayState::Paid | PayState::Refunded), _) => {
            p.state.map(|s| s.label()).unwrap_or_default().to_string()
        }
        _ if p.due => "待缴费".to_string(),
        _ => "受理后缴费".to_string(),
    };
    let paid = matches!(p.state, Some(PayState::Paid | PayState::Refunded));
    view! {
        <section class="panel receipt" id="receipt" aria-labelledby="app-fee">
            <h2 id="app-fee">{if paid { "网上缴费回执" } else { "缴费" }}</h2>
            <dl class="facts">
                {p.receipt_no.clone().map(|r| view! { <dt>"回执号"</dt><dd>{r}</dd> })}
                <dt>"受理编号"</dt><dd>{number}</dd>
                <dt>"办理事项"</dt><dd>{item}</dd>
                {paid.then(|| view! {
                    <dt>"缴款人"</dt><dd>{payer}</dd>
                    <dt>"收费部门"</dt><dd>{department}</dd>
                })}
                <dt>"金额"</dt><dd>{amount}</dd>
                <dt>"收费依据"</dt><dd>{p.basis.clone()}</dd>
                <dt>"缴费状态"</dt><dd>{state}</dd>
                {paid.then(|| view! {
                    <dt>"支付方式"</dt><dd>{p.provider.clone()}</dd>
                    <dt>"交易流水号"</dt><dd>{p.provider_ref.clone().unwrap_or_default()}</dd>
                    <dt>"缴费时间"</dt><dd>{p.paid_at.map(format_time).unwrap_or_default()}</dd>
                })}
                {p.refund.clone().map(|r| view! {
                    <dt>"退费"</dt>
                    <dd>{format!("{} 已原路退还 {}（{}），退款单号 {}", format_time(r.at), format_fen(p.amount_fen), r.reason, r.reference)}</dd>
                })}
            </dl>
            {paid.then(|| view! {
                <p class="note">"本回执为网上缴费凭证；正式票据由收费部门依法开具。"</p>
                <p class="no-print">
                    <button type="button" class="secondary" on:click=move |_| print_only("receipt")>"打印缴费回执"</button>
                </p>
            })}
        </section>
    }
}

/// Everything about one application.
#[component]
pub fn ApplicationDetail(application: ApplicationView) -> impl IntoView {
    let a = application;
    let overdue = a.deadline.days_left.is_some_and(|d| d < 0);
    view! {
        <section class="panel" aria-labelledby="app-facts">
            <h2 id="app-facts">{a.item_name.clone()}</h2>
            <p class="status-line" role="status">"办理状态："<strong>{a.status_label.clone()}</strong></p>
            <dl class="facts">
                <dt>"受理编号"</dt><dd class="big-number">{a.number.clone()}</dd>
                <dt>"申请人"</dt><dd>{a.applicant.clone()}</dd>
                <dt>"证件号码"</dt><dd>{a.id_number.clone()}</dd>
                <dt>"联系电话"</dt><dd>{a.phone.clone()}</dd>
                <dt>"承办部门"</dt><dd>{a.department.clone()}</dd>
                <dt>"办理大厅"</dt><dd>{a.hall_name.clone()}</dd>
                <dt>"收件日期"</dt><dd>{a.received_on.to_string()}</dd>
                <dt>"首办负责人"</dt><dd>{a.responsible.clone()}</dd>
                <dt>"办理时限"</dt>
                <dd class:overdue=overdue>{deadline_text(&a)}</dd>
                {a.joint.clone().map(|j| view! { <dt>"联审联办"</dt><dd>{format!("属于联办申请 {j}")}</dd> })}
                {a.places.forwarded.then(|| view! {
                    <dt>{a.places.scope.clone()}</dt>
                    <dd>{format!("{}收件，{}办理", a.places.accepted_at, a.places.handled_at)}</dd>
                })}
                {a.commitment.as_ref().and_then(|c| c.signed_at).map(|t| view! {
                    <dt>"容缺承诺"</dt><dd>{format!("申请人已于 {} 在线签署容缺承诺书", format_time(t))}</dd>
                })}
                <dt>"结果领取"</dt>
                <dd>{match (&a.delivery.mail, &a.delivery.address) {
                    (true, Some(addr)) => format!("邮寄：{addr}"),
                    _ if a.delivery.offered => "到大厅窗口领取（本事项可选择邮寄）".to_string(),
                    _ => "到大厅窗口领取".to_string(),
                }}</dd>
            </dl>
        </section>
        {a.payment.clone().map(|p| view! {
            <Payment payment=p number=a.number.clone() item=a.item_name.clone()
                payer=a.applicant.clone() department=a.department.clone()/>
        })}
        {a.rongque.clone().map(|r| view! {
            <section class="panel rongque" aria-labelledby="app-rongque">
                <h2 id="app-rongque">"容缺受理"</h2>
                {if r.outstanding.is_empty() {
                    view! { <p>"容缺材料已全部补交。"</p> }.into_any()
                } else {
                    view! {
                        <p>"请于 "<strong>{r.deadline.to_string()}</strong>" 前补交："{r.outstanding.join("、")}</p>
                        <p class="note">"逾期未补交将列入失信名单，期间不能适用容缺受理。"</p>
                    }.into_any()
                }}
                {r.listed.then(|| view! { <p class="form-error">"已因逾期未补交列入失信名单；补交材料后移出。"</p> })}
            </section>
        })}
        {a.result.clone().map(|r| view! {
            <section class="panel" aria-labelledby="app-result">
                <h2 id="app-result">"办理结果"</h2>
                <dl class="facts">
                    <dt>"决定"</dt><dd>{if r.approved { "准予许可 / 同意办理" } else { "不予许可" }}</dd>
                    {(!r.reasons.is_empty()).then(|| view! { <dt>"理由"</dt><dd>{r.reasons.clone()}</dd> })}
                    {(!r.certificate_no.is_empty()).then(|| view! { <dt>"证照编号"</dt><dd>{r.certificate_no.clone()}</dd> })}
                    {(!r.collect_place.is_empty()).then(|| view! { <dt>"领取方式"</dt><dd>{r.collect_place.clone()}</dd> })}
                    {(!r.mail_tracking.is_empty()).then(|| view! { <dt>"邮寄"</dt><dd>{format!("{} 运单号 {}", r.courier, r.mail_tracking)}</dd> })}
                </dl>
            </section>
        })}
        {(!a.notices.is_empty()).then(|| view! {
            <section aria-labelledby="app-notices">
                <h2 id="app-notices">"补正告知"</h2>
                {a.notices.iter().cloned().map(|n| view! { <Notice notice=n/> }).collect_view()}
            </section>
        })}
        <section class="panel" aria-labelledby="app-materials">
            <h2 id="app-materials">"申请材料"</h2>
            <ul class="materials">
                {a.materials.iter().map(|m| view! {
                    <li class=material_class(m.state)>
                        <span>{m.name.clone()}</span>" "
                        <strong>{m.state.label()}</strong>
                        {(!m.note.is_empty()).then(|| view! { <span class="note">{format!("（{}）", m.note)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="app-timeline">
            <h2 id="app-timeline">"办理过程"</h2>
            <Timeline events=a.events.iter().map(|e| TimelineEvent {
                at: e.at,
                label: e.label.clone(),
                by: e.by.clone(),
                note: e.note.clone(),
            }).collect()/>
        </section>
    }
}

/// A joint application (联审联办): one tracking number and deadline, each department's part.
/// `link_base` makes each member's number a link (`/applications/` for the applicant, `/desk/`
/// for staff); empty for the anonymous query.
#[component]
pub fn JointDetail(joint: JointView, link_base: &'static str) -> impl IntoView {
    let j = joint;
    let deadline = match (j.due_on, j.days_left) {
        (Some(due), Some(left)) if left >= 0 => {
            format!("承诺 {due} 前全部办结，还剩 {left} 个工作日")
        }
        (Some(due), Some(left)) => format!("已超过承诺期限 {due}（超期 {} 个工作日）", -left),
        (Some(due), None) => format!("承诺 {due} 前全部办结"),
        _ => format!("联合受理后 {} 个工作日内全部办结", j.promised_workdays),
    };
    view! {
        <section class="panel" aria-labelledby="joint-facts">
            <h2 id="joint-facts">{j.package_name.clone()}</h2>
            <p class="status-line" role="status">"办理状态："<strong>{j.status_label.clone()}</strong></p>
            <dl class="facts">
                <dt>"受理编号"</dt><dd class="big-number">{j.number.clone()}</dd>
                <dt>"申请人"</dt><dd>{j.applicant.clone()}</dd>
                <dt>"证件号码"</dt><dd>{j.id_number.clone()}</dd>
                <dt>"联系电话"</dt><dd>{j.phone.clone()}</dd>
                <dt>"办理大厅"</dt><dd>{j.hall_name.clone()}</dd>
                <dt>"收件日期"</dt><dd>{j.received_on.to_string()}</dd>
                <dt>"首办负责人"</dt><dd>{j.responsible.clone()}</dd>
                <dt>"办理时限"</dt><dd>{deadline}</dd>
            </dl>
        </section>
        <section class="panel" aria-labelledby="joint-members">
            <h2 id="joint-members">"各部门办理进度"</h2>
            <table class="table members">
                <caption class="visually-hidden">"各部门办理进度"</caption>
                <thead><tr>
                    <th scope="col">"部门"</th><th scope="col">"事项"</th><th scope="col">"状态"</th>
                    <th scope="col">"办结日期"</th><th scope="col">"负责人"</th>
                </tr></thead>
                <tbody>
                    {j.members.into_iter().map(|m| {
                        let item = if link_base.is_empty() {
                            view! { <span>{m.item_name.clone()}</span> }.into_any()
                        } else {
                            view! { <a href=format!("{link_base}{}", m.number)>{m.item_name.clone()}</a> }.into_any()
                        };
                        view! {
                            <tr>
                                <td>{m.department}</td>
                                <td>{item}</td>
                                <td>{m.status_label}</td>
                                <td>{m.decided_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td>{m.responsible}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
