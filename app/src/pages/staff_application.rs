//! One application at the desk: everything the applicant sees, in clear (the opening is
//! audited), and the steps this staff member may take now, each with what it needs.

use hall_domain::access::{Action, Resource};
use hall_domain::application::{MaterialState, Step};
use hall_domain::dto::{ApplicationView, MaterialInput, StepRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::application::ApplicationDetail;
use crate::components::checklist::{MaterialRows, Row};
use crate::components::form::{FieldError, FormError};
use crate::components::load::load;
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    api::set_title(tr!(sa_title));
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(sa_title)}</h1>
            <p class="no-print"><a href="/desk">{tr!(sj_back)}</a></p>
            <StaffGate action=Action::Read resource=Resource::Application>
                <Detail no=no.clone()/>
            </StaffGate>
        </main>
    }
}

#[component]
fn Detail(no: String) -> impl IntoView {
    let path = format!("/api/v1/staff/applications/{}", api::encode(&no));
    let loaded = load::<ApplicationView>(path);
    move || match loaded.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => error_box(&e),
        Some(Ok(a)) => view! {
            <Steps application=a.clone() loaded=loaded/>
            <ApplicationDetail application=a/>
        }
        .into_any(),
    }
}

/// Whether a step records checklist changes.
fn takes_materials(step: Step) -> bool {
    matches!(
        step,
        Step::Notice | Step::Accept | Step::AcceptRongque | Step::Supply
    )
}

#[component]
fn Steps(
    application: ApplicationView,
    loaded: RwSignal<Option<Result<ApplicationView, ApiError>>>,
) -> impl IntoView {
    let a = application;
    if a.steps.is_empty() {
        return view! { <p class="note no-print">{tr!(sa_nothing)}</p> }.into_any();
    }
    let chosen = RwSignal::new(a.steps[0]);
    let rows: Vec<Row> = a
        .materials
        .iter()
        .map(|m| Row {
            name: m.name.clone(),
            required: m.required,
            state: RwSignal::new(if m.state == MaterialState::Waived {
                MaterialState::Missing
            } else {
                m.state
            }),
            note: RwSignal::new(m.note.clone()),
        })
        .collect();
    let rows = StoredValue::new(rows);
    let waived: Vec<bool> = a
        .materials
        .iter()
        .map(|m| m.state == MaterialState::Waived)
        .collect();
    let waived = StoredValue::new(waived);
    let reason = RwSignal::new(String::new());
    // Signed online by the applicant, or on paper at the window (ticked here).
    let commitment = RwSignal::new(a.commitment.as_ref().is_some_and(|c| c.signed_at.is_some()));
    let new_owner = RwSignal::new(String::new());
    let certificate = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let courier = RwSignal::new(String::new());
    let tracking = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let version = a.version;
    let number = a.number.clone();
    let submit = move || {
        let step = chosen.get_untracked();
        let materials = if takes_materials(step) {
            rows.with_value(|rows| {
                waived.with_value(|waived| {
                    rows.iter()
                        .enumerate()
                        .filter_map(|(index, r)| {
                            let state = r.state.get_untracked();
                            // A waived material is only sent once it is received.
                            let skip = waived.get(index).copied().unwrap_or(false)
                                && state != MaterialState::Received;
                            (!skip).then(|| MaterialInput {
                                index,
                                state,
                                note: r.note.get_untracked(),
                            })
                        })
                        .collect()
                })
            })
        } else {
            Vec::new()
        };
        let req = StepRequest {
            step: Some(step),
            materials,
            reason: reason.get_untracked(),
            commitment: commitment.get_untracked(),
            new_owner: new_owner.get_untracked(),
            certificate_no: certificate.get_untracked(),
            collect_place: place.get_untracked(),
            courier: courier.get_untracked(),
            mail_tracking: tracking.get_untracked(),
            version: Some(version),
        };
        let path = format!("/api/v1/staff/applications/{}/steps", api::encode(&number));
        spawn_local(async move {
            match api::post::<ApplicationView, _>(&path, &req).await {
                Ok(a) => loaded.set(Some(Ok(a))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let steps = a.steps.clone();
    view! {
        <section class="panel no-print" aria-labelledby="steps-h">
            <h2 id="steps-h">{tr!(sa_steps)}</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset>
                    <legend>{tr!(sa_choose)}</legend>
                    {steps.into_iter().map(|s| {
                        let id = format!("step-{}", s.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="step" value=s.as_str()
                                    prop:checked=move || chosen.get() == s
                                    on:change=move |_| chosen.set(s)/>
                                {crate::labels::step(s)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {move || takes_materials(chosen.get()).then(|| view! {
                    <fieldset>
                        <legend>{tr!(sa_materials)}</legend>
                        <MaterialRows rows=rows.get_value() prefix="step"/>
                    </fieldset>
                })}
                {move || (chosen.get() == Step::AcceptRongque).then(|| view! {
                    <label class="check" for="step-commitment">
                        <input type="checkbox" id="step-commitment"
                            prop:checked=move || commitment.get()
                            on:change=move |ev| commitment.set(event_target_checked(&ev))/>
                        {tr!(sa_commitment)}
                    </label>
                })}
                {move || matches!(chosen.get(), Step::Notice | Step::Refuse | Step::HandOver).then(|| view! {
                    <div class="field">
                        <label for="step-reason">{move || match chosen.get() {
                            Step::Refuse => tr!(sa_refuse_reason),
                            Step::HandOver => tr!(sa_handover_reason),
                            _ => tr!(sa_repeat_reason),
                        }}</label>
                        <textarea id="step-reason" maxlength="500" rows="3" aria-describedby="step-reason-error"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <FieldError id="step-reason-error" name="reason" error=error/>
                    </div>
                })}
                {move || (chosen.get() == Step::HandOver).then(|| view! {
                    <div class="field">
                        <label for="step-owner">{tr!(sa_owner)}</label>
                        <input id="step-owner" type="text" autocomplete="off" maxlength="32" aria-describedby="step-owner-error"
                            prop:value=move || new_owner.get() on:input=move |ev| new_owner.set(event_target_value(&ev))/>
                        <FieldError id="step-owner-error" name="new_owner" error=error/>
                    </div>
                })}
                {move || (chosen.get() == Step::Approve).then(|| view! {
                    <div class="field">
                        <label for="step-cert">{tr!(sa_cert)}</label>
                        <input id="step-cert" type="text" autocomplete="off" maxlength="60"
                            prop:value=move || certificate.get() on:input=move |ev| certificate.set(event_target_value(&ev))/>
                    </div>
                })}
                {move || (chosen.get() == Step::ResultReady).then(|| view! {
                    <div class="field">
                        <label for="step-place">{tr!(sa_place)}</label>
                        <input id="step-place" type="text" autocomplete="off" maxlength="120" aria-describedby="step-place-error"
                            prop:value=move || place.get() on:input=move |ev| place.set(event_target_value(&ev))/>
                        <FieldError id="step-place-error" name="collect_place" error=error/>
                    </div>
                })}
                {move || (chosen.get() == Step::Deliver).then(|| view! {
                    <div class="field">
                        <label for="step-courier">{tr!(sa_courier)}</label>
                        <input id="step-courier" type="text" autocomplete="off" maxlength="30"
                            prop:value=move || courier.get() on:input=move |ev| courier.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="step-tracking">{tr!(sa_tracking)}</label>
                        <input id="step-tracking" type="text" autocomplete="off" maxlength="40" aria-describedby="step-tracking-error"
                            prop:value=move || tracking.get() on:input=move |ev| tracking.set(event_target_value(&ev))/>
                        <FieldError id="step-tracking-error" name="mail_tracking" error=error/>
                    </div>
                })}
                <button type="submit">{move || crate::labels::step(chosen.get())}</button>
            </form>
            <FormError error=error/>
        </section>
    }
    .into_any()
}
