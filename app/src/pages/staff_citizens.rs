//! Finding a citizen (masked) and opening their personal data with a reason. Every opening is
//! recorded and shown to the citizen in "who read my data".

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{CitizenMasked, CitizenMatches, CitizenRecord, CitizenSearch, OpenReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::staff_gate::StaffGate;

#[component]
pub fn StaffCitizensPage() -> impl IntoView {
    api::set_title("查找群众信息");
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
            <h1>"查找群众信息"</h1>
            <StaffGate action=Action::Read resource=Resource::CitizenData>
                <p class="lead">"查找结果只显示遮挡后的信息。查看完整信息须填写原因，群众可以看到每一次查看。"</p>
                <form class="form inline" on:submit=move |ev| { ev.prevent_default(); search(); }>
                    <div class="field">
                        <label for="lookup-phone">"手机号码"</label>
                        <input id="lookup-phone" type="tel" inputmode="numeric" maxlength="20" required
                            aria-describedby="lookup-error"
                            prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                        <FieldError id="lookup-error" name="phone" error=error/>
                    </div>
                    <button type="submit">"查找"</button>
                </form>
                <FormError error=error/>
                {move || found.get().map(|list| {
                    if list.is_empty() {
                        view! { <p class="empty-note">"没有找到使用此号码的群众。"</p> }.into_any()
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
                {format!("手机 {}", citizen.phone_masked)}
                {citizen.name_masked.map(|n| format!(" · 姓名 {n}"))}
                {citizen.id_masked.map(|n| format!(" · 证件 {n}"))}
            </p>
            {move || match record.get() {
                Some(r) => view! {
                    <dl class="facts">
                        <dt>"姓名"</dt><dd>{r.name.unwrap_or_else(|| "未填写".into())}</dd>
                        <dt>"手机"</dt><dd>{r.phone}</dd>
                        <dt>"证件"</dt><dd>{r.id_kind.map(|k| k.label()).unwrap_or("未登记")}" "{r.id_number.unwrap_or_default()}</dd>
                        <dt>"联系电话"</dt><dd>{r.contact_phone.unwrap_or_else(|| "未填写".into())}</dd>
                    </dl>
                }.into_any(),
                None => {
                    let (field_id, error_id) = (field_id.clone(), error_id.clone());
                    view! {
                        <form class="form" on:submit=move |ev| { ev.prevent_default(); open(); }>
                            <FormError error=error/>
                            <div class="field">
                                <label for=field_id.clone()>"查看原因（群众可见）"</label>
                                <input id=field_id maxlength="200" required aria-describedby=error_id.clone()
                                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                                <FieldError id=error_id name="reason" error=error/>
                            </div>
                            <button type="submit">"查看完整信息"</button>
                        </form>
                    }.into_any()
                }
            }}
        </li>
    }
}
