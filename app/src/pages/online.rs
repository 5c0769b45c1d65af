//! 网上申请: a signed-in citizen applies online for an item that offers it, as their registered
//! identity, ticking the materials they have ready; the hall examines them before acceptance.

use hall_domain::dto::{ApplicationView, HallList, ItemGuide, OnlineApplication};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::shell::go_to;
use crate::tr;

#[component]
pub fn OnlinePage() -> impl IntoView {
    api::set_title(tr!(online_title));
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("item").unwrap_or_default());
    let guide = load::<ItemGuide>(api::in_reader_lang(&format!(
        "/api/v1/items/{}",
        api::encode(&code)
    )));
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(online_title)}</h1>
            {move || match guide.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(g)) => view! { <Form guide=g/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Form(guide: ItemGuide) -> impl IntoView {
    let halls = load::<HallList>("/api/v1/halls");
    let hall = RwSignal::new(String::new());
    let ready: Vec<RwSignal<bool>> = guide
        .item
        .materials
        .iter()
        .map(|_| RwSignal::new(false))
        .collect();
    let ready = StoredValue::new(ready);
    let error = RwSignal::new(None::<ApiError>);
    let key = StoredValue::new(new_key());
    let code = guide.item.code.clone();
    let submit = move || {
        let req = OnlineApplication {
            item: code.clone(),
            hall: hall.get_untracked(),
            ready: ready.with_value(|r| {
                r.iter()
                    .enumerate()
                    .filter(|(_, s)| s.get_untracked())
                    .map(|(i, _)| i)
                    .collect()
            }),
            delivery: None,
            idempotency_key: key.get_value(),
        };
        spawn_local(async move {
            match api::post::<ApplicationView, _>("/api/v1/applications", &req).await {
                Ok(a) => go_to(&format!("/applications/{}", a.number.replace('-', ""))),
                Err(e) if e.is_unauthenticated() => {
                    let next = format!("/online/{}", req.item);
                    go_to(&api::with_query(
                        "/sign-in",
                        &[("next", next), ("level", "real_name".into())],
                    ));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let materials = guide.item.materials.clone();
    view! {
        <p class="lead">{format!("{}（{}）", guide.item.name, guide.department_name)}</p>
        <p>{tr!(online_who)}</p>
        <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <div class="field">
                <label for="online-hall">{tr!(online_hall)}</label>
                <select id="online-hall" aria-describedby="online-hall-error"
                    on:change=move |ev| hall.set(event_target_value(&ev))>
                    <option value="">{tr!(please_choose)}</option>
                    {move || halls.get().and_then(Result::ok).map(|l| l.halls.into_iter().map(|h| view! {
                        <option value=h.code.clone()>{h.name.clone()}</option>
                    }).collect_view())}
                </select>
                <FieldError id="online-hall-error" name="hall" error=error/>
            </div>
            <fieldset>
                <legend>{tr!(online_materials)}</legend>
                {materials.into_iter().enumerate().map(|(i, m)| {
                    let id = format!("ready-{i}");
                    let for_id = id.clone();
                    let on = ready.with_value(|r| r[i]);
                    view! {
                        <label class="check" for=for_id>
                            <input type="checkbox" id=id prop:checked=move || on.get()
                                on:change=move |ev| on.set(event_target_checked(&ev))/>
                            {if m.required { m.name.clone() } else { tr!(optional_suffix, name = &m.name) }}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <FormError error=error/>
            <button type="submit">{tr!(online_submit)}</button>
        </form>
    }
}
