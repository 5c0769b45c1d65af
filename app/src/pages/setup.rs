//! Hall set-up (大厅设置) for the hall manager: the booking rules (horizon, cancellation cut-off,
//! check-in window, no-show policy, serving order) and the places per slot of each hall and item
//! group; the halls and windows as they are. Window clerks may read it; only the hall manager
//! changes it, and every change is in the audit trail.

use hall_domain::access::{can, Action, Resource};
use hall_domain::dto::{
    CapacityUpdate, DeviceRegistered, DeviceRegistration, HallUpdate, KioskDevice, KioskDeviceList,
    RulesUpdate, SetupView, StaffMe, WindowUpdate,
};
use hall_domain::hall_setup::{format_hours, Hall, Window};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload, Loaded};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::shell::{Layout, Link};
use crate::tr;

const PATH: &str = "/api/v1/admin/hall";

#[component]
pub fn SetupPage() -> impl IntoView {
    api::set_title(tr!(staff_page_setup));
    view! {
        <Layout>
            <main id="main" class="wrap">
                <h1>{tr!(staff_page_setup)}</h1>
                <StaffGate action=Action::Read resource=Resource::Window>
                    <Setup/>
                </StaffGate>
                <p><Link href="/staff">{tr!(staff_back)}</Link></p>
            </main>
        </Layout>
    }
}

#[component]
fn Setup() -> impl IntoView {
    let me = use_context::<StaffMe>();
    let may = |resource: Resource| {
        me.as_ref()
            .is_some_and(|m| m.roles.iter().any(|r| can(*r, Action::Create, resource)))
    };
    let (may_edit, may_devices) = (may(Resource::Window), may(Resource::Device));
    let setup = load::<SetupView>(PATH);
    view! {
        {move || match setup.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(s)) => view! {
                <Rules view=s.clone() may_edit=may_edit setup=setup/>
                <Capacity view=s.clone() may_edit=may_edit setup=setup/>
                {may_devices.then(|| view! { <Devices halls=s.setup.halls.clone()/> })}
                <Halls view=s may_edit=may_edit setup=setup/>
            }.into_any(),
        }}
    }
}

fn number(
    label: &'static str,
    id: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    disabled: bool,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="number" inputmode="numeric" disabled=disabled aria-describedby=err_id.clone()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <FieldError id=err_id name=field error=error/>
        </div>
    }
}

#[component]
fn Rules(view: SetupView, may_edit: bool, setup: Loaded<SetupView>) -> impl IntoView {
    let p = view.rules.policy;
    let s = |v: i64| RwSignal::new(v.to_string());
    let horizon_from = s(i64::from(p.horizon_from));
    let horizon_to = s(i64::from(p.horizon_to));
    let cutoff = s(p.cancel_cutoff_secs / 3600);
    let before = s(p.check_in_before_secs / 60);
    let after = s(p.check_in_after_secs / 60);
    let limit = s(i64::from(p.no_show.limit));
    let window_days = s(p.no_show.window_days);
    let suspend_days = s(p.no_show.suspend_days);
    let run = s(i64::from(view.rules.order.booked_run));
    let a = view.rules.applications;
    let by_name = RwSignal::new(a.owner_shown == hall_domain::application::OwnerShown::Name);
    let rongque = s(i64::from(a.rongque_workdays));
    let remind = s(i64::from(a.rongque_remind_workdays));
    let listing = s(i64::from(a.listing_days));
    let correction = s(i64::from(a.correction_workdays));
    let answer = s(i64::from(view.rules.consultations.answer_workdays));
    let k = view.rules.complaints;
    let k_accept = s(i64::from(k.accept_workdays));
    let k_reply = s(i64::from(k.reply_workdays));
    let k_joint = s(i64::from(k.reply_workdays_joint));
    let k_visit = s(i64::from(k.visit_workdays));
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let save = move || {
        let n = |v: RwSignal<String>| v.get_untracked().trim().parse::<i64>().unwrap_or(-1);
        let update = RulesUpdate {
            horizon_from: n(horizon_from),
            horizon_to: n(horizon_to),
            cancel_cutoff_hours: n(cutoff),
            check_in_before_minutes: n(before),
            check_in_after_minutes: n(after),
            no_show_limit: n(limit),
            no_show_window_days: n(window_days),
            suspend_days: n(suspend_days),
            booked_run: n(run),
            owner_shown_by_name: Some(by_name.get_untracked()),
            rongque_workdays: Some(n(rongque)),
            rongque_remind_workdays: Some(n(remind)),
            listing_days: Some(n(listing)),
            correction_workdays: Some(n(correction)),
            answer_workdays: Some(n(answer)),
            complaint_accept_workdays: Some(n(k_accept)),
            complaint_reply_workdays: Some(n(k_reply)),
            complaint_reply_workdays_joint: Some(n(k_joint)),
            complaint_visit_workdays: Some(n(k_visit)),
        };
        spawn_local(async move {
            match api::put::<SetupView, _>(&format!("{PATH}/rules"), &update).await {
                Ok(v) => {
                    error.set(None);
                    saved.set(true);
                    setup.set(Some(Ok(v)));
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let off = !may_edit;
    view! {
        <section class="panel" aria-labelledby="rules-title">
            <h2 id="rules-title">{tr!(setup_rules)}</h2>
            <p class="note">{tr!(setup_slot, n = p.slot_minutes)}</p>
            <Show when=move || saved.get()>
                <p class="ok" role="status">{tr!(setup_saved)}</p>
            </Show>
            <form class="form grid-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <FormError error=error/>
                {number(tr!(setup_horizon_from), "horizon-from", "horizon_from", horizon_from, error, off)}
                {number(tr!(setup_horizon_to), "horizon-to", "horizon_to", horizon_to, error, off)}
                {number(tr!(setup_cutoff), "cutoff", "cancel_cutoff_hours", cutoff, error, off)}
                {number(tr!(setup_before), "before", "check_in_before_minutes", before, error, off)}
                {number(tr!(setup_after), "after", "check_in_after_minutes", after, error, off)}
                {number(tr!(setup_limit), "limit", "no_show_limit", limit, error, off)}
                {number(tr!(setup_window_days), "window-days", "no_show_window_days", window_days, error, off)}
                {number(tr!(setup_suspend), "suspend-days", "suspend_days", suspend_days, error, off)}
                {number(tr!(setup_run), "run", "booked_run", run, error, off)}
                {number(tr!(setup_correction), "correction", "correction_workdays", correction, error, off)}
                {number(tr!(setup_answer), "answer", "answer_workdays", answer, error, off)}
                {number(tr!(setup_k_accept), "k-accept", "complaint_accept_workdays", k_accept, error, off)}
                {number(tr!(setup_k_reply), "k-reply", "complaint_reply_workdays", k_reply, error, off)}
                {number(tr!(setup_k_joint), "k-joint", "complaint_reply_workdays_joint", k_joint, error, off)}
                {number(tr!(setup_k_visit), "k-visit", "complaint_visit_workdays", k_visit, error, off)}
                {number(tr!(setup_rongque), "rongque", "rongque_workdays", rongque, error, off)}
                {number(tr!(setup_remind), "remind", "rongque_remind_workdays", remind, error, off)}
                {number(tr!(setup_listing), "listing", "listing_days", listing, error, off)}
                <label class="check" for="owner-by-name">
                    <input type="checkbox" id="owner-by-name" disabled=off
                        prop:checked=move || by_name.get()
                        on:change=move |ev| by_name.set(event_target_checked(&ev))/>
                    {tr!(setup_show_name)}
                </label>
                {may_edit.then(|| view! { <button type="submit">{tr!(setup_save_rules)}</button> })}
            </form>
        </section>
    }
}

#[component]
fn Capacity(view: SetupView, may_edit: bool, setup: Loaded<SetupView>) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let groups = view.setup.groups.clone();
    view! {
        <section class="panel" aria-labelledby="capacity-title">
            <h2 id="capacity-title">{tr!(setup_capacity)}</h2>
            <FormError error=error/>
            <div class="table-wrap" tabindex="0" role="region" aria-label={tr!(setup_capacity_table)}>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tr!(book_dt_hall)}</th>
                            {groups.iter().map(|g| view! { <th scope="col">{format!("{} {}", g.code, g.name)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {view.setup.halls.iter().map(|h| {
                            let hall = h.code.clone();
                            view! {
                                <tr>
                                    <th scope="row">{h.name.clone()}</th>
                                    {groups.iter().map(|g| {
                                        let places = view.setup.capacity.iter()
                                            .find(|c| c.hall == hall && c.group == g.code)
                                            .map_or(0, |c| c.places);
                                        let value = RwSignal::new(places.to_string());
                                        let (hall, group) = (hall.clone(), g.code);
                                        let label = tr!(setup_capacity_label, hall = &h.name, group = &g.code);
                                        let save = move || {
                                            let update = CapacityUpdate {
                                                hall: hall.clone(),
                                                group,
                                                places: value.get_untracked().trim().parse::<i64>().unwrap_or(-1),
                                            };
                                            spawn_local(async move {
                                                match api::put::<SetupView, _>(&format!("{PATH}/capacity"), &update).await {
                                                    Ok(v) => { error.set(None); setup.set(Some(Ok(v))); }
                                                    Err(e) => error.set(Some(e)),
                                                }
                                            });
                                        };
                                        view! {
                                            <td>
                                                {if may_edit {
                                                    view! {
                                                        <input class="places" type="number" inputmode="numeric" aria-label=label
                                                            prop:value=move || value.get()
                                                            on:input=move |ev| value.set(event_target_value(&ev))
                                                            on:change=move |_| save()/>
                                                    }.into_any()
                                                } else {
                                                    view! { <span>{places}</span> }.into_any()
                                                }}
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {may_edit.then(|| view! { <p class="note">{tr!(setup_capacity_note)}</p> })}
        </section>
    }
}

#[component]
fn Halls(view: SetupView, may_edit: bool, setup: Loaded<SetupView>) -> impl IntoView {
    let groups: Vec<char> = view.setup.groups.iter().map(|g| g.code).collect();
    view! {
        <section class="panel" aria-labelledby="halls-title">
            <h2 id="halls-title">{tr!(setup_halls)}</h2>
            {view.setup.halls.iter().map(|h| {
                let windows: Vec<Window> = view.setup.windows.iter().filter(|w| w.hall == h.code).cloned().collect();
                view! {
                    <HallCard hall=h.clone() windows=windows groups=groups.clone() may_edit=may_edit setup=setup/>
                }
            }).collect_view()}
            <p class="note">{tr!(setup_halls_note)}</p>
        </section>
    }
}

fn save_to<T: serde::Serialize + 'static>(
    path: &'static str,
    body: T,
    setup: Loaded<SetupView>,
    error: RwSignal<Option<ApiError>>,
) {
    spawn_local(async move {
        match api::put::<SetupView, _>(&format!("{PATH}/{path}"), &body).await {
            Ok(v) => {
                error.set(None);
                setup.set(Some(Ok(v)));
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

#[component]
fn HallCard(
    hall: Hall,
    windows: Vec<Window>,
    groups: Vec<char>,
    may_edit: bool,
    setup: Loaded<SetupView>,
) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let name = RwSignal::new(hall.name.clone());
    let address = RwSignal::new(hall.address.clone());
    let area = RwSignal::new(hall.area.clone());
    let hours = RwSignal::new(format_hours(&hall.periods));
    let code = hall.code.clone();
    let id = |f: &str| format!("{}-{f}", hall.code);
    let field = move |label: &'static str,
                      fid: String,
                      name_: &'static str,
                      value: RwSignal<String>| {
        let err = format!("{fid}-error");
        view! {
            <div class="field">
                <label for=fid.clone()>{label}</label>
                <input id=fid disabled=!may_edit aria-describedby=err.clone()
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                <FieldError id=err name=name_ error=error/>
            </div>
        }
    };
    let save_hall = {
        let code = code.clone();
        move || {
            save_to(
                "halls",
                HallUpdate {
                    code: code.clone(),
                    name: name.get_untracked(),
                    address: address.get_untracked(),
                    area: area.get_untracked(),
                    hours: hours.get_untracked(),
                },
                setup,
                error,
            )
        }
    };
    let werror = RwSignal::new(None::<ApiError>);
    let new_code = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let new_groups = RwSignal::new(Vec::<char>::new());
    let add_window = {
        let code = code.clone();
        move || {
            save_to(
                "windows",
                WindowUpdate {
                    hall: code.clone(),
                    code: new_code.get_untracked(),
                    name: new_name.get_untracked(),
                    groups: new_groups.get_untracked(),
                },
                setup,
                werror,
            )
        }
    };
    let title = format!("hall-{}", hall.code);
    view! {
        <section class="hall-card" aria-labelledby=title.clone()>
            <h3 id=title.clone()>{hall.name.clone()}</h3>
            <FormError error=error/>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save_hall(); }>
                {field(tr!(open_name), id("name"), "name", name)}
                {field(tr!(book_dt_address), id("address"), "address", address)}
                {field(tr!(setup_area), id("area"), "area", area)}
                {field(tr!(setup_hours), id("hours"), "hours", hours)}
                {may_edit.then(|| view! { <button type="submit">{tr!(setup_save_hall)}</button> })}
            </form>
            <h4>{tr!(setup_windows)}</h4>
            <ul class="queue-list">
                {windows.iter().map(|w| view! {
                    <li>{tr!(setup_window_line, code = &w.code, name = &w.name, groups = w.groups.iter().collect::<String>())}</li>
                }).collect_view()}
            </ul>
            {may_edit.then(|| {
                let fid = |f: &str| format!("{code}-window-{f}");
                let (code_id, name_id) = (fid("code"), fid("name"));
                view! {
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); add_window(); }>
                        <fieldset>
                            <legend>{tr!(setup_window_legend)}</legend>
                            <FormError error=werror/>
                            <div class="field">
                                <label for=code_id.clone()>{tr!(setup_window_code)}</label>
                                <input id=code_id maxlength="6" aria-describedby=format!("{code}-wcode-error")
                                    prop:value=move || new_code.get() on:input=move |ev| new_code.set(event_target_value(&ev))/>
                                <FieldError id=format!("{code}-wcode-error") name="code" error=werror/>
                            </div>
                            <div class="field">
                                <label for=name_id.clone()>{tr!(setup_window_name)}</label>
                                <input id=name_id maxlength="30" aria-describedby=format!("{code}-wname-error")
                                    prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                                <FieldError id=format!("{code}-wname-error") name="name" error=werror/>
                            </div>
                            <p>{tr!(setup_window_groups)}</p>
                            {groups.iter().map(|g| {
                                let g = *g;
                                view! {
                                    <label class="check">
                                        <input type="checkbox"
                                            prop:checked=move || new_groups.get().contains(&g)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                new_groups.update(|v| { v.retain(|x| *x != g); if on { v.push(g); } });
                                            }/>
                                        {g.to_string()}
                                    </label>
                                }
                            }).collect_view()}
                            <FieldError id=format!("{code}-wgroups-error") name="groups" error=werror/>
                            <div class="actions"><button type="submit">{tr!(setup_save_window)}</button></div>
                        </fieldset>
                    </form>
                }
            })}
        </section>
    }
}

/// The hall's kiosks (自助设备): in production a kiosk issues tickets and checks bookings in only
/// with a key registered here. The key is shown once, as the link that installs it on the
/// kiosk; a lost or stolen kiosk is revoked at once.
#[component]
fn Devices(halls: Vec<Hall>) -> impl IntoView {
    let hall = RwSignal::new(halls.first().map(|h| h.code.clone()).unwrap_or_default());
    let path = move || format!("/api/v1/halls/{}/devices", hall.get_untracked());
    let list = load::<KioskDeviceList>(path());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let shown = RwSignal::new(None::<(String, String)>);
    let request = StoredValue::new(api::new_key());
    let register = move || {
        let body = DeviceRegistration {
            name: name.get_untracked(),
            idempotency_key: request.get_value(),
        };
        spawn_local(async move {
            match api::post::<DeviceRegistered, _>(&path(), &body).await {
                Ok(r) => {
                    error.set(None);
                    name.set(String::new());
                    request.set_value(api::new_key());
                    shown.set(r.key.map(|k| (r.device.name, k)));
                    reload(list, path());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let revoke = move |d: KioskDevice| {
        spawn_local(async move {
            let at = format!("{}/{}/revoke", path(), d.id);
            match api::post::<KioskDevice, _>(&at, &()).await {
                Ok(_) => reload(list, path()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="devices-title">
            <h2 id="devices-title">{tr!(setup_devices)}</h2>
            <p class="note">{tr!(setup_devices_note)}</p>
            <div class="field">
                <label for="device-hall">{tr!(setup_device_hall)}</label>
                <select id="device-hall" on:change=move |ev| {
                    hall.set(event_target_value(&ev));
                    shown.set(None);
                    reload(list, path());
                }>
                    {halls.into_iter().map(|h| view! { <option value=h.code.clone()>{h.name}</option> }).collect_view()}
                </select>
            </div>
            {move || shown.get().map(|(device, key)| {
                let link = format!("{origin}/kiosk/{}#device={key}", hall.get_untracked());
                view! {
                    <div class="notice" role="status">
                        <p>{tr!(setup_device_key_once, name = device)}</p>
                        <p><code class="secret">{link}</code></p>
                    </div>
                }
            })}
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) => view! {
                    <ul class="queue-list">
                        {l.devices.into_iter().map(|d| {
                            let live = d.revoked_at.is_none();
                            let line = tr!(setup_device_line, name = &d.name, by = &d.registered_by);
                            view! {
                                <li>
                                    {line}" "
                                    {if live {
                                        view! {
                                            <button type="button" class="secondary" on:click=move |_| revoke(d.clone())>
                                                {tr!(setup_device_revoke)}
                                            </button>
                                        }.into_any()
                                    } else {
                                        view! { <strong>{tr!(setup_device_revoked)}</strong> }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); register(); }>
                <FormError error=error/>
                <TextField id="device-name" label=tr!(setup_device_name) name="name" value=name error=error maxlength=40 required=true/>
                <div class="actions"><button type="submit">{tr!(setup_device_register)}</button></div>
            </form>
        </section>
    }
}
