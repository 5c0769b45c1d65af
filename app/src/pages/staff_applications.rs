//! The applications desk: receiving an application at the window (applicant, item, the guide's
//! materials checklist), and the list of open and recent applications with the hall's deadline
//! figures (near due, overdue, second notices, on-time rate).

use hall_domain::access::{can, Action, Resource};
use hall_domain::application::MaterialState;
use hall_domain::catalogue::Tongban;
use hall_domain::dto::{
    ApplicationCreate, ApplicationList, ApplicationView, HallList, ItemGuide, JointCreate,
    JointMaterials, JointView, MaterialInput, PackageDetail, StaffMe,
};
use hall_domain::identity::IdKind;
use hall_domain::tongban::{Place, GUANGDONG_CITIES};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::checklist::{MaterialRows, Row};
use crate::components::form::{FieldError, FormError};
use crate::components::load::{load, load_with};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::shell::go_to;
use crate::tr;

#[allow(clippy::type_complexity)]
const FILTERS: [(&str, fn() -> &'static str); 6] = [
    ("all", || tr!(sas_all)),
    ("mine", || tr!(sas_mine)),
    ("near_due", || tr!(sas_near_due)),
    ("overdue", || tr!(sas_overdue)),
    ("repeat", || tr!(sas_repeat)),
    ("forwarded", || tr!(sas_forwarded)),
];

#[component]
pub fn StaffApplicationsPage() -> impl IntoView {
    api::set_title(tr!(staff_page_desk));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_desk)}</h1>
            <StaffGate action=Action::Read resource=Resource::Application>
                <Desk/>
            </StaffGate>
        </main>
    }
}

#[component]
fn Desk() -> impl IntoView {
    let me = use_context::<StaffMe>();
    let receives = me.is_some_and(|m| {
        m.roles
            .iter()
            .any(|r| can(*r, Action::Create, Resource::Application))
    });
    view! {
        {receives.then(|| view! { <Receive/> })}
        <Applications/>
    }
}

#[component]
fn Applications() -> impl IntoView {
    let filter = RwSignal::new("all".to_string());
    let list = load_with::<ApplicationList>(move || {
        Ok(api::with_query(
            "/api/v1/staff/applications",
            &[("filter", filter.get())],
        ))
    });
    view! {
        <section class="panel" aria-labelledby="apps-h">
            <h2 id="apps-h">{tr!(sas_list)}</h2>
            <div class="choices" role="group" aria-label={tr!(filter_apply)}>
                {FILTERS.into_iter().map(|(code, label)| view! {
                    <button type="button" class="choice"
                        aria-pressed=move || (filter.get() == code).to_string()
                        on:click=move |_| filter.set(code.to_string())>{label()}</button>
                }).collect_view()}
            </div>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) => view! {
                    <p class="stats" role="status">
                        {tr!(
                            sas_stats,
                            near = l.near_due,
                            overdue = l.overdue,
                            repeat = l.repeat_notices,
                            rate = l.on_time_permille.map_or(tr!(sas_no_decisions).to_string(), |p| tr!(sas_rate, rate = format!("{}.{}%", p / 10, p % 10), n = l.decided)),
                        )}
                    </p>
                    {if l.applications.is_empty() {
                        view! { <p class="empty-note">{tr!(sas_none)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table">
                                <caption class="visually-hidden">{tr!(sas_list)}</caption>
                                <thead><tr>
                                    <th scope="col">{tr!(progress_number)}</th><th scope="col">{tr!(credit_item)}</th><th scope="col">{tr!(credit_applicant)}</th>
                                    <th scope="col">{tr!(col_status)}</th><th scope="col">{tr!(sas_due)}</th><th scope="col">{tr!(app_responsible)}</th>
                                </tr></thead>
                                <tbody>
                                    {l.applications.into_iter().map(|b| {
                                        let href = format!("/desk/{}", b.number);
                                        let due = match (b.due_on, b.days_left) {
                                            (Some(d), Some(left)) if left < 0 => tr!(sas_late, date = crate::lang::date(d), days = -left),
                                            (Some(d), Some(left)) => tr!(sas_left, date = crate::lang::date(d), days = left),
                                            (Some(d), None) => crate::lang::date(d),
                                            _ => "—".into(),
                                        };
                                        view! {
                                            <tr class:overdue=b.days_left.is_some_and(|d| d < 0)>
                                                <td><a href=href>{b.number}</a></td>
                                                <td>{b.item_name}</td>
                                                <td>{b.applicant}</td>
                                                <td>{crate::labels::app_status(b.status)}{b.repeat_notice.then_some(tr!(sas_repeat_mark))}{b.forwarded.then_some(tr!(sas_forwarded_mark))}</td>
                                                <td>{due}</td>
                                                <td>{crate::labels::staff(&b.responsible)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                }.into_any(),
            }}
        </section>
    }
}

/// One item's checklist on the receiving form.
#[derive(Clone)]
struct Group {
    code: String,
    name: String,
    tongban: Tongban,
    rows: Vec<Row>,
}

fn rows_of(g: &ItemGuide) -> Vec<Row> {
    g.item
        .materials
        .iter()
        .map(|m| Row {
            name: m.name.clone(),
            required: m.required,
            state: RwSignal::new(if m.required {
                MaterialState::Received
            } else {
                MaterialState::NotApplicable
            }),
            note: RwSignal::new(String::new()),
        })
        .collect()
}

/// The checklists of an item, or of every item of a joint package (codes `LB-…`).
async fn load_groups(code: &str) -> Result<(Option<(String, String)>, Vec<Group>), ApiError> {
    let item_codes = if code.starts_with("LB-") {
        let p =
            api::get::<PackageDetail>(&format!("/api/v1/packages/{}", api::encode(code))).await?;
        let codes: Vec<String> = p.items.iter().map(|i| i.code.clone()).collect();
        (Some((p.package.code, p.package.name)), codes)
    } else {
        (None, vec![code.to_string()])
    };
    let mut groups = Vec::new();
    for c in item_codes.1 {
        let g = api::get::<ItemGuide>(&format!("/api/v1/items/{}", api::encode(&c))).await?;
        groups.push(Group {
            code: g.item.code.clone(),
            name: tr!(
                sa_group_name,
                name = &g.item.name,
                department = &g.department_name,
                kind = crate::labels::item_kind(g.item.kind)
            ),
            tongban: g.item.tongban,
            rows: rows_of(&g),
        });
    }
    Ok((item_codes.0, groups))
}

/// The place chosen on the form (`hall:code` or `city:name`), if not the receiving hall.
fn place_of(v: &str) -> Option<Place> {
    if let Some(h) = v.strip_prefix("hall:") {
        Some(Place::Hall(h.to_string()))
    } else {
        v.strip_prefix("city:").map(|c| Place::City(c.to_string()))
    }
}

fn inputs(rows: &[Row]) -> Vec<MaterialInput> {
    rows.iter()
        .enumerate()
        .map(|(index, r)| MaterialInput {
            index,
            state: r.state.get_untracked(),
            note: r.note.get_untracked(),
        })
        .collect()
}

#[component]
fn Receive() -> impl IntoView {
    let halls = load::<HallList>("/api/v1/halls");
    let code = RwSignal::new(String::new());
    let package = RwSignal::new(None::<(String, String)>);
    let groups = RwSignal::new(None::<Vec<Group>>);
    let hall = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("resident".to_string());
    let id_number = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let key = StoredValue::new(new_key());
    // Opened from the window console for the ticket being served: the item is known.
    let query = leptos_router::hooks::use_query_map();
    let ticket = StoredValue::new(query.with_untracked(|q| q.get("ticket")));
    if let Some(item) = query.with_untracked(|q| q.get("item")) {
        code.set(item);
    }
    let load_item = move || {
        let c = code.get_untracked().trim().to_uppercase();
        spawn_local(async move {
            match load_groups(&c).await {
                Ok((p, g)) => {
                    package.set(p);
                    groups.set(Some(g));
                    error.set(None);
                }
                Err(e) => {
                    groups.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    if !code.get_untracked().is_empty() {
        load_item();
    }
    let submit = move || {
        let Some(gs) = groups.get_untracked() else {
            return;
        };
        let id_kind = IdKind::parse(&kind.get_untracked()).unwrap_or(IdKind::Resident);
        let done = move |r: Result<String, ApiError>| match r {
            Ok(path) => go_to(&path),
            Err(e) => error.set(Some(e)),
        };
        if let Some((code, _)) = package.get_untracked() {
            let req = JointCreate {
                package: code,
                hall: hall.get_untracked(),
                applicant_name: name.get_untracked(),
                id_kind,
                id_number: id_number.get_untracked(),
                phone: phone.get_untracked(),
                materials: gs
                    .iter()
                    .map(|g| JointMaterials {
                        item: g.code.clone(),
                        materials: inputs(&g.rows),
                    })
                    .collect(),
                idempotency_key: key.get_value(),
            };
            spawn_local(async move {
                let r = api::post::<JointView, _>("/api/v1/staff/joint-applications", &req).await;
                done(r.map(|j| format!("/desk/joint/{}", j.number)));
            });
            return;
        }
        let Some(g) = gs.first() else {
            return;
        };
        let req = ApplicationCreate {
            item: g.code.clone(),
            hall: hall.get_untracked(),
            applicant_name: name.get_untracked(),
            id_kind,
            id_number: id_number.get_untracked(),
            phone: phone.get_untracked(),
            materials: inputs(&g.rows),
            ticket: ticket.get_value(),
            delivery: None,
            handled_at: place_of(&place.get_untracked()),
            idempotency_key: key.get_value(),
        };
        spawn_local(async move {
            let r = api::post::<ApplicationView, _>("/api/v1/staff/applications", &req).await;
            done(r.map(|a| format!("/desk/{}", a.number)));
        });
    };
    view! {
        <section class="panel" aria-labelledby="receive-h">
            <h2 id="receive-h">{tr!(win_receive)}</h2>
            <form class="form inline" on:submit=move |ev| { ev.prevent_default(); load_item(); }>
                <div class="field">
                    <label for="receive-item">{tr!(sas_item_code)}</label>
                    <input id="receive-item" type="text" autocomplete="off" maxlength="20" placeholder={tr!(sas_item_placeholder)}
                        prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="secondary">{tr!(sas_load)}</button>
            </form>
            {move || groups.get().map(|gs| view! {
                <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    {move || package.get().map(|(_, n)| view! { <p><strong>{tr!(sas_joint, name = n)}</strong></p> })}
                    <div class="field">
                        <label for="receive-hall">{tr!(sas_hall)}</label>
                        <select id="receive-hall" aria-describedby="receive-hall-error"
                            on:change=move |ev| hall.set(event_target_value(&ev))>
                            <option value="">{tr!(please_choose)}</option>
                            {move || halls.get().and_then(Result::ok).map(|l| l.halls.into_iter().map(|h| view! {
                                <option value=h.code.clone() selected=move || hall.get() == h.code>{h.name.clone()}</option>
                            }).collect_view())}
                        </select>
                        <FieldError id="receive-hall-error" name="hall" error=error/>
                    </div>
                    <div class="field">
                        <label for="receive-name">{tr!(sas_name)}</label>
                        <input id="receive-name" type="text" autocomplete="off" maxlength="30" aria-describedby="receive-name-error"
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                        <FieldError id="receive-name-error" name="applicant_name" error=error/>
                    </div>
                    <div class="field">
                        <label for="receive-kind">{tr!(me_id_kind)}</label>
                        <select id="receive-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="resident">{tr!(id_resident)}</option>
                            <option value="hk_macau_permit">{tr!(id_hk_macau)}</option>
                            <option value="taiwan_permit">{tr!(id_taiwan)}</option>
                            <option value="passport">{tr!(id_passport)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="receive-id">{tr!(app_id_number)}</label>
                        <input id="receive-id" type="text" autocomplete="off" maxlength="30" aria-describedby="receive-id-error"
                            prop:value=move || id_number.get() on:input=move |ev| id_number.set(event_target_value(&ev))/>
                        <FieldError id="receive-id-error" name="id_number" error=error/>
                    </div>
                    <div class="field">
                        <label for="receive-phone">{tr!(signin_phone)}</label>
                        <input id="receive-phone" type="tel" inputmode="numeric" autocomplete="off" maxlength="20" aria-describedby="receive-phone-error"
                            prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                        <FieldError id="receive-phone-error" name="phone" error=error/>
                    </div>
                    {(gs.len() == 1 && gs[0].tongban != Tongban::Local).then(|| {
                        let t = gs[0].tongban;
                        view! {
                            <div class="field">
                                <label for="receive-place">{tr!(sas_place, scope = crate::labels::tongban(t))}</label>
                                <select id="receive-place" aria-describedby="receive-place-error"
                                    on:change=move |ev| place.set(event_target_value(&ev))>
                                    <option value="">{tr!(sas_here)}</option>
                                    {move || halls.get().and_then(Result::ok).map(|l| l.halls.into_iter().map(|h| view! {
                                        <option value=format!("hall:{}", h.code)>{tr!(sas_to_hall, hall = &h.name)}</option>
                                    }).collect_view())}
                                    {matches!(t, Tongban::CrossCity | Tongban::Province).then(|| GUANGDONG_CITIES.iter().map(|c| view! {
                                        <option value=format!("city:{c}")>{tr!(sas_to_city, city = &c)}</option>
                                    }).collect_view())}
                                </select>
                                <FieldError id="receive-place-error" name="handled_at" error=error/>
                            </div>
                        }
                    })}
                    {gs.into_iter().enumerate().map(|(n, g)| view! {
                        <fieldset>
                            <legend>{tr!(sas_check, name = &g.name)}</legend>
                            <MaterialRows rows=g.rows prefix=format!("m{n}")/>
                        </fieldset>
                    }).collect_view()}
                    <button type="submit">{tr!(sas_submit)}</button>
                </form>
            })}
            <FormError error=error/>
        </section>
    }
}
