//! One application as the applicant, the anonymous progress query and staff see it: where it
//! stands, the promised deadline, who is responsible, the materials, any correction notice
//! (printable on its own), the result and the timeline.

use hall_domain::application::{MaterialState, Status};
use hall_domain::dto::{ApplicationView, JointView, NoticeView, PaymentView, TimelineEvent};
use hall_domain::payment::PayState;
use leptos::prelude::*;

use crate::components::time::format_time;
use crate::components::timeline::Timeline;
use crate::tr;

fn deadline_text(a: &ApplicationView) -> String {
    let d = &a.deadline;
    if a.status == Status::Withdrawn {
        return tr!(app_withdrawn).into();
    }
    if let Some(on) = d.decided_on {
        return match d.due_on {
            Some(due) if on <= due => tr!(
                app_done_on_time,
                on = crate::lang::date(on),
                due = crate::lang::date(due)
            ),
            Some(due) => tr!(
                app_done_late,
                on = crate::lang::date(on),
                due = crate::lang::date(due)
            ),
            None => tr!(app_done, on = crate::lang::date(on)),
        };
    }
    match (d.due_on, d.days_left, d.paused) {
        (_, _, true) => tr!(app_paused).into(),
        (Some(due), Some(left), _) if left > 0 => {
            tr!(app_due_left, due = crate::lang::date(due), left = left)
        }
        (Some(due), Some(0), _) => tr!(app_due_today, due = crate::lang::date(due)),
        (Some(due), Some(left), _) => tr!(app_overdue, due = crate::lang::date(due), days = -left),
        _ if d.promised_workdays == 0 => tr!(app_immediate).into(),
        _ => tr!(app_within, days = d.promised_workdays),
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
pub fn Notice(
    notice: NoticeView,
    /// The 容缺 deadline that now stands for the materials, once accepted with them to follow.
    #[prop(default = None)]
    replaced_by: Option<hall_domain::calendar::Date>,
) -> impl IntoView {
    let id = format!("notice-{}", notice.seq);
    let title = if notice.seq == 1 {
        tr!(notice_doc).to_string()
    } else {
        tr!(notice_doc_nth, n = notice.seq)
    };
    let print_id = id.clone();
    view! {
        <section class="panel notice" id=id.clone() aria-labelledby=format!("{id}-h")>
            <h3 id=format!("{id}-h")>{title}</h3>
            <dl class="facts">
                <dt>{tr!(notice_number)}</dt><dd>{notice.number.clone()}</dd>
                <dt>{tr!(notice_issued)}</dt><dd>{crate::lang::date(notice.issued_on)}</dd>
                <dt>{tr!(credit_applicant)}</dt><dd>{notice.applicant.clone()}</dd>
                <dt>{tr!(app_item)}</dt><dd>{notice.item_name.clone()}</dd>
                <dt>{tr!(online_hall)}</dt><dd>{format!("{}（{}）", notice.hall_name, notice.hall_address)}</dd>
            </dl>
            <p>{tr!(notice_intro)}</p>
            <table class="table">
                <caption class="visually-hidden">{tr!(notice_caption)}</caption>
                <thead><tr><th scope="col">{tr!(guide_col_no)}</th><th scope="col">{tr!(notice_col_material)}</th><th scope="col">{tr!(notice_col_problem)}</th><th scope="col">{tr!(notice_col_fix)}</th></tr></thead>
                <tbody>
                    {notice.lines.iter().enumerate().map(|(i, l)| view! {
                        <tr>
                            <td>{i + 1}</td>
                            <td>{l.name.clone()}</td>
                            <td>{crate::labels::material_state(l.problem)}</td>
                            <td>{crate::labels::note(&l.requirement, l.said.as_ref())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {match replaced_by {
                // One deadline per material: the one that stands, said once.
                Some(d) => view! { <p class="notice-replaced">{tr!(notice_replaced, date = crate::lang::date(d))}</p> }.into_any(),
                None => view! { <p>{tr!(notice_by)}<strong>{crate::lang::date(notice.deadline)}</strong>{tr!(notice_by_tail)}</p> }.into_any(),
            }}
            {(!notice.repeat_reason.is_empty()).then(|| view! {
                <p class="note">{tr!(notice_repeat)}{notice.repeat_reason.clone()}</p>
            })}
            {notice.late.then(|| view! {
                <p class="note">{tr!(notice_late)}</p>
            })}
            <p>{tr!(notice_contact)}{tr!(notice_contact_window, hall = &notice.hall_name, address = &notice.hall_address)}</p>
            // What makes it a document the hall hands over: who issued it, the hall's seal, and
            // the applicant's receipt.
            <div class="notice-sign">
                <p>{tr!(notice_clerk)}<span class="sign-line">{notice.issued_by.clone()}</span></p>
                <p>{tr!(notice_seal, hall = &notice.hall_name)}</p>
                <p>{tr!(notice_sign_date)}{crate::lang::date(notice.issued_on)}</p>
                <p class="notice-receipt">{tr!(notice_receipt)}</p>
            </div>
            <p class="no-print">
                <button type="button" class="secondary" on:click=move |_| print_only(&print_id)>{tr!(notice_print)}</button>
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
    let amount = format!("{}（{}）", crate::lang::money(p.amount_fen), p.amount_words);
    let state = match (p.state, p.refund_pending) {
        (_, true) => tr!(pay_refund_pending).to_string(),
        (Some(PayState::Paid | PayState::Refunded), _) => p
            .state
            .map(crate::labels::pay_state)
            .unwrap_or_default()
            .to_string(),
        _ if p.due => tr!(pay_due).to_string(),
        _ => tr!(pay_after).to_string(),
    };
    let paid = matches!(p.state, Some(PayState::Paid | PayState::Refunded));
    view! {
        <section class="panel receipt" id="receipt" aria-labelledby="app-fee">
            <h2 id="app-fee">{if paid { tr!(pay_receipt) } else { tr!(pay_title) }}</h2>
            <dl class="facts">
                {p.receipt_no.clone().map(|r| view! { <dt>{tr!(pay_receipt_no)}</dt><dd>{r}</dd> })}
                <dt>{tr!(progress_number)}</dt><dd>{number}</dd>
                <dt>{tr!(app_item)}</dt><dd>{item}</dd>
                {paid.then(|| view! {
                    <dt>{tr!(pay_payer)}</dt><dd>{payer}</dd>
                    <dt>{tr!(pay_department)}</dt><dd>{department}</dd>
                })}
                <dt>{tr!(pay_amount)}</dt><dd>{amount}</dd>
                <dt>{tr!(pay_basis)}</dt><dd>{p.basis.clone()}</dd>
                <dt>{tr!(pay_state)}</dt><dd>{state}</dd>
                {paid.then(|| view! {
                    <dt>{tr!(pay_method)}</dt><dd>{p.provider.clone()}</dd>
                    <dt>{tr!(pay_ref)}</dt><dd>{p.provider_ref.clone().unwrap_or_default()}</dd>
                    <dt>{tr!(pay_time)}</dt><dd>{p.paid_at.map(format_time).unwrap_or_default()}</dd>
                })}
                {p.refund.clone().map(|r| view! {
                    <dt>{tr!(pay_refund)}</dt>
                    <dd>{tr!(pay_refunded, time = format_time(r.at), amount = crate::lang::money(p.amount_fen), reason = crate::labels::refund_reason(r.withdrawn), number = &r.reference)}</dd>
                })}
            </dl>
            {paid.then(|| view! {
                <p class="note">{tr!(pay_note)}</p>
                <p class="no-print">
                    <button type="button" class="secondary" on:click=move |_| print_only("receipt")>{tr!(pay_print)}</button>
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
            <p class="status-line" role="status">{tr!(app_status)}<strong>{crate::labels::app_status(a.status)}</strong></p>
            <dl class="facts">
                <dt>{tr!(progress_number)}</dt><dd class="big-number">{a.number.clone()}</dd>
                <dt>{tr!(credit_applicant)}</dt><dd>{a.applicant.clone()}</dd>
                <dt>{tr!(app_id_number)}</dt><dd>{a.id_number.clone()}</dd>
                <dt>{tr!(me_contact)}</dt><dd>{a.phone.clone()}</dd>
                <dt>{tr!(app_department)}</dt><dd>{a.department.clone()}</dd>
                <dt>{tr!(online_hall)}</dt><dd>{a.hall_name.clone()}</dd>
                <dt>{tr!(app_received)}</dt><dd>{crate::lang::date(a.received_on)}</dd>
                <dt>{tr!(app_responsible)}</dt><dd>{crate::labels::staff(&a.responsible)}</dd>
                <dt>{tr!(app_limit)}</dt>
                <dd class:overdue=overdue>{deadline_text(&a)}</dd>
                {a.joint.clone().map(|j| view! { <dt>{tr!(app_joint)}</dt><dd>{tr!(app_joint_of, number = &j)}</dd> })}
                {a.places.forwarded.then(|| view! {
                    <dt>{hall_domain::catalogue::Tongban::parse(&a.places.scope).map_or_else(|| a.places.scope.clone(), |t| crate::labels::tongban(t).to_string())}</dt>
                    <dd>{tr!(app_places, accepted = &a.places.accepted_at, handled = a.places.handled_city.as_ref().map_or_else(|| a.places.handled_at.clone(), |city| tr!(app_city_centre, city = city)))}</dd>
                })}
                {a.commitment.as_ref().and_then(|c| c.signed_at).map(|t| view! {
                    <dt>{tr!(app_commitment)}</dt><dd>{tr!(app_commitment_signed, time = format_time(t))}</dd>
                })}
                <dt>{tr!(app_delivery)}</dt>
                <dd>{match (&a.delivery.mail, &a.delivery.address) {
                    (true, Some(addr)) => tr!(app_by_mail, address = addr),
                    _ if a.delivery.offered => tr!(app_collect_or_mail).to_string(),
                    _ => tr!(app_collect).to_string(),
                }}</dd>
            </dl>
        </section>
        {a.payment.clone().map(|p| view! {
            <Payment payment=p number=a.number.clone() item=a.item_name.clone()
                payer=a.applicant.clone() department=a.department.clone()/>
        })}
        {a.rongque.clone().map(|r| view! {
            <section class="panel rongque" aria-labelledby="app-rongque">
                <h2 id="app-rongque">{tr!(guide_rongque)}</h2>
                {if r.outstanding.is_empty() {
                    view! { <p>{tr!(app_rongque_done)}</p> }.into_any()
                } else {
                    view! {
                        <p>{tr!(notice_by)}<strong>{crate::lang::date(r.deadline)}</strong>{tr!(app_rongque_by_tail)}{r.outstanding.join(tr!(list_separator))}</p>
                        <p class="note">{tr!(app_rongque_warn)}</p>
                    }.into_any()
                }}
                {r.listed.then(|| view! { <p class="form-error">{tr!(app_rongque_listed)}</p> })}
            </section>
        })}
        {a.result.clone().map(|r| view! {
            <section class="panel" aria-labelledby="app-result">
                <h2 id="app-result">{tr!(app_result)}</h2>
                <dl class="facts">
                    <dt>{tr!(app_decision)}</dt><dd>{if r.approved { tr!(app_approved) } else { tr!(app_refused) }}</dd>
                    {(!r.reasons.is_empty()).then(|| view! { <dt>{tr!(app_reasons)}</dt><dd>{r.reasons.clone()}</dd> })}
                    {(!r.certificate_no.is_empty()).then(|| view! { <dt>{tr!(app_certificate)}</dt><dd>{r.certificate_no.clone()}</dd> })}
                    {(!r.collect_place.is_empty()).then(|| view! { <dt>{tr!(app_collect_how)}</dt><dd>{r.collect_place.clone()}</dd> })}
                    {(!r.mail_tracking.is_empty()).then(|| view! { <dt>{tr!(app_mail)}</dt><dd>{tr!(app_tracking, courier = &r.courier, number = &r.mail_tracking)}</dd> })}
                </dl>
            </section>
        })}
        {(!a.notices.is_empty()).then(|| view! {
            <section aria-labelledby="app-notices">
                <h2 id="app-notices">{tr!(app_notices)}</h2>
                {a.notices.iter().cloned().map(|n| {
                    let replaced_by = a
                        .rongque
                        .as_ref()
                        .filter(|r| r.outstanding.iter().any(|o| n.lines.iter().any(|l| &l.name == o)))
                        .map(|r| r.deadline);
                    view! { <Notice notice=n replaced_by=replaced_by/> }
                }).collect_view()}
            </section>
        })}
        <section class="panel" aria-labelledby="app-materials">
            <h2 id="app-materials">{tr!(guide_materials)}</h2>
            <ul class="materials">
                {a.materials.iter().map(|m| view! {
                    <li class=material_class(m.state)>
                        <span>{m.name.clone()}</span>" "
                        <strong>{crate::labels::material_state(m.state)}</strong>
                        {(!m.note.is_empty()).then(|| view! { <span class="note">{tr!(app_material_note, note = crate::labels::note(&m.note, m.said.as_ref()))}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="app-timeline">
            <h2 id="app-timeline">{tr!(app_timeline)}</h2>
            <Timeline events=a.events.iter().map(|e| TimelineEvent {
                at: e.at,
                record: e.record,
                label: e.label.clone(),
                actor: e.actor,
                by: e.by.clone(),
                note: e.note.clone(),
                said: e.said.clone(),
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
            tr!(
                app_joint_due_left,
                due = crate::lang::date(due),
                left = left
            )
        }
        (Some(due), Some(left)) => tr!(app_overdue, due = crate::lang::date(due), days = -left),
        (Some(due), None) => tr!(app_joint_due, due = crate::lang::date(due)),
        _ => tr!(app_joint_within, days = j.promised_workdays),
    };
    view! {
        <section class="panel" aria-labelledby="joint-facts">
            <h2 id="joint-facts">{j.package_name.clone()}</h2>
            <p class="status-line" role="status">{tr!(app_status)}<strong>{crate::labels::joint_state(j.state())}</strong></p>
            <dl class="facts">
                <dt>{tr!(progress_number)}</dt><dd class="big-number">{j.number.clone()}</dd>
                <dt>{tr!(credit_applicant)}</dt><dd>{j.applicant.clone()}</dd>
                <dt>{tr!(app_id_number)}</dt><dd>{j.id_number.clone()}</dd>
                <dt>{tr!(me_contact)}</dt><dd>{j.phone.clone()}</dd>
                <dt>{tr!(online_hall)}</dt><dd>{j.hall_name.clone()}</dd>
                <dt>{tr!(app_received)}</dt><dd>{crate::lang::date(j.received_on)}</dd>
                <dt>{tr!(app_responsible)}</dt><dd>{crate::labels::staff(&j.responsible)}</dd>
                <dt>{tr!(app_limit)}</dt><dd>{deadline}</dd>
            </dl>
        </section>
        <section class="panel" aria-labelledby="joint-members">
            <h2 id="joint-members">{tr!(app_joint_members)}</h2>
            <table class="table members">
                <caption class="visually-hidden">{tr!(app_joint_members)}</caption>
                <thead><tr>
                    <th scope="col">{tr!(col_department)}</th><th scope="col">{tr!(credit_item)}</th><th scope="col">{tr!(col_status)}</th>
                    <th scope="col">{tr!(app_decided_on)}</th><th scope="col">{tr!(app_officer)}</th>
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
                                <td>{crate::labels::app_status(m.status)}</td>
                                <td>{m.decided_on.map(crate::lang::date).unwrap_or_else(|| "—".into())}</td>
                                <td>{crate::labels::staff(&m.responsible)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
