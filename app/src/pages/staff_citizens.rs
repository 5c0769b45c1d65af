//! Finding a citizen (masked) and opening their personal data with a reason. Every opening is
//! recorded and shown to the citizen in "who read my data".

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{CitizenMasked, CitizenMatches, CitizenRecord, CitizenSearch, OpenReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::staff_gate::StaffGate;
use crate::tr;

#[component]
pub fn StaffCitizensPage() -> impl IntoView {
    api::set_title(tr!(staff_page_citizens));
    let phone = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<CitizenMasked>>);
    let error = RwSignal::new(None::<ApiError>);
    let search = move || {
        let p = phone.get_untracked();
        spawn_local(async move {
            let req = CitizenSearch { phone: p };
            match api::post::<CitizenMatches, _>("/api/v1/staff/citizens/search", &req).await {
                Ok(m) => {
                    error.set(None);
                    found.set(Some(m.citizens));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_citizens)}</h1>
            <StaffGate action=Action::Read resource=Resource::CitizenData>
                <p class="lead">{tr!(scz_lead)}</p>
                <form class="form inline" on:submit=move |ev| { ev.prevent_default(); search(); }>
                    <div class="field">
                        <label for="lookup-phone">{tr!(signin_phone)}</label>
                        <input id="lookup-phone" type="tel" inputmode="numeric" maxlength="20" required
                            aria-describedby="lookup-error"
                            prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                        <FieldError id="lookup-error" name="phone" error=error/>
                    </div>
                    <button type="submit">{tr!(scz_find)}</button>
                </form>
                <FormError error=error/>
                {move || found.get().map(|list| {
                    if list.is_empty() {
                        view! { <p class="empty-note">{tr!(scz_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards">
                                {list.into_iter().map(|c| view! { <CitizenCard citizen=c/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </StaffGate>
        </main>
    }
}

#[component]
fn CitizenCard(citizen: CitizenMasked) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let record = RwSignal::new(None::<CitizenRecord>);
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(citizen.id.clone());
    let field_id = format!("reason-{}", citizen.id);
    let error_id = format!("reason-error-{}", citizen.id);
    let open = move || {
        let path = format!("/api/v1/staff/citizens/{}/open", id.get_value());
        let req = OpenReason {
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match api::post::<CitizenRecord, _>(&path, &req).await {
                Ok(r) => {
                    error.set(None);
                    record.set(Some(r));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <li class="card">
            <p>
                {tr!(scz_phone_masked, phone = &citizen.phone_masked)}
                {citizen.name_masked.map(|n| tr!(scz_name_masked, name = n))}
                {citizen.id_masked.map(|n| tr!(scz_id_masked, id = n))}
            </p>
            {move || match record.get() {
                Some(r) => view! {
                    <dl class="facts">
                        <dt>{tr!(me_name)}</dt><dd>{r.name.unwrap_or_else(|| tr!(me_not_given).into())}</dd>
                        <dt>{tr!(scz_phone)}</dt><dd>{r.phone}</dd>
                        <dt>{tr!(me_id)}</dt><dd>{r.id_kind.map(crate::labels::id_kind).unwrap_or(tr!(scz_not_registered))}" "{r.id_number.unwrap_or_default()}</dd>
                        <dt>{tr!(me_contact)}</dt><dd>{r.contact_phone.unwrap_or_else(|| tr!(me_not_given).into())}</dd>
                    </dl>
                }.into_any(),
                None => {
                    let (field_id, error_id) = (field_id.clone(), error_id.clone());
                    view! {
                        <form class="form" on:submit=move |ev| { ev.prevent_default(); open(); }>
                            <FormError error=error/>
                            <div class="field">
                                <label for=field_id.clone()>{tr!(scz_reason)}</label>
                                <input id=field_id maxlength="200" required aria-describedby=error_id.clone()
                                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                                <FieldError id=error_id name="reason" error=error/>
                            </div>
                            <button type="submit">{tr!(scz_read)}</button>
                        </form>
                    }.into_any()
                }
            }}
        </li>
    }
}
