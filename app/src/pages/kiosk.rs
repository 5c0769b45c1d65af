//! The hall's kiosk (取号机, `/kiosk/{hall}`): take a walk-in ticket by choosing an item, or
//! check in a booking by its appointment number. A QR scanner on the kiosk types the scanned
//! number into the same field. No sign-in; big touch targets; the printed-style ticket shows a
//! QR code of the ticket page, so the citizen can follow the queue on a phone.

use hall_domain::dto::{
    CheckInRequest, HallList, KioskGroup, KioskView, TicketView, WalkInRequest,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::load::{load, reload};
use crate::components::status::{error_box, Loading};
use crate::tr;

#[derive(Debug, Clone, PartialEq)]
enum Screen {
    Home,
    Group(KioskGroup),
    Item { code: String, name: String },
    CheckIn,
    Ticket(Box<TicketView>),
}

#[component]
pub fn KioskPage() -> impl IntoView {
    api::set_title(tr!(kiosk_title));
    let params = use_params_map();
    let hall = params.with_untracked(|p| p.get("hall"));
    view! {
        <main id="main" class="kiosk">
            {match hall {
                Some(h) => view! { <Kiosk hall=h/> }.into_any(),
                None => view! { <HallPicker base="/kiosk"/> }.into_any(),
            }}
        </main>
    }
}

/// Choosing the hall a kiosk or board stands in (set once when the device is installed).
#[component]
pub fn HallPicker(base: &'static str) -> impl IntoView {
    let halls = load::<HallList>("/api/v1/halls");
    view! {
        <h1>{tr!(kiosk_choose_hall)}</h1>
        {move || match halls.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="big-list">
                    {l.halls.into_iter().map(|h| view! {
                        <li><a class="big-button" href=format!("{base}/{}", h.code)>{h.name}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any(),
            Some(Err(e)) => error_box(&e),
        }}
    }
}

/// The kiosk's device key for `hall`: installed from the link the hall manager was given
/// (`/kiosk/{hall}#device=…`, a fragment no server or log sees), kept in the browser's storage,
/// and the fragment taken out of the address bar.
fn device_key(hall: &str) -> Option<String> {
    let w = web_sys::window()?;
    let store = w.local_storage().ok().flatten()?;
    let name = format!("hall-device-{hall}");
    let hash = w.location().hash().unwrap_or_default();
    if let Some(key) = hash.strip_prefix("#device=") {
        let _ = store.set_item(&name, key);
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("/kiosk/{hall}")),
            );
        }
    }
    store.get_item(&name).ok().flatten()
}

#[component]
fn Kiosk(hall: String) -> impl IntoView {
    api::set_device_key(device_key(&hall));
    let path = format!("/api/v1/halls/{hall}/kiosk");
    let info = load::<KioskView>(path.clone());
    let screen = RwSignal::new(Screen::Home);
    let error = RwSignal::new(None::<ApiError>);
    let hall = StoredValue::new(hall);
    let path = StoredValue::new(path);
    let home = move || {
        error.set(None);
        screen.set(Screen::Home);
        reload(info, path.get_value());
    };
    // The next visitor starts in 简体: a kiosk never keeps one visitor's language.
    let finish = move || {
        if crate::lang::current() == crate::lang::Locale::zh_CN {
            home();
        } else if let Some(w) = web_sys::window() {
            let _ = w
                .location()
                .set_href(&format!("/kiosk/{}", hall.get_value()));
        }
    };
    view! {
        {move || match info.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(k)) => view! {
                <header class="kiosk-head">
                    <h1>{k.hall_name.clone()}{tr!(kiosk_take)}</h1>
                    <KioskLanguages hall=hall.get_value()/>
                </header>
                <FormError error=error/>
                {move || match screen.get() {
                    Screen::Home => view! {
                        <div class="kiosk-home">
                            <button type="button" class="big-button" on:click=move |_| screen.set(Screen::CheckIn)>
                                {tr!(kiosk_check_in)}<small>{tr!(kiosk_check_in_hint)}</small>
                            </button>
                            <h2>{tr!(kiosk_walk_in)}</h2>
                            {(!k.open).then(|| view! {
                                <p class="notice kiosk-closed" role="status">{closed_text(k.opens_at)}</p>
                            })}
                            <ul class="big-list">
                                {k.groups.clone().into_iter().filter(|_| k.open).map(|g| {
                                    let g2 = g.clone();
                                    view! {
                                        <li><button type="button" class="big-button" on:click=move |_| screen.set(Screen::Group(g2.clone()))>
                                            {format!("{} {}", g.code, g.name)}
                                            <small>{tr!(kiosk_waiting, n = g.waiting)}</small>
                                        </button></li>
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    Screen::Group(g) => view! {
                        <h2>{tr!(kiosk_choose_item, group = format!("{} {}", g.code, g.name))}</h2>
                        <ul class="item-grid">
                            {g.items.into_iter().map(|i| {
                                let (code, name) = (i.code.clone(), i.name.clone());
                                view! {
                                    <li><button type="button" class="item-button"
                                        on:click=move |_| screen.set(Screen::Item { code: code.clone(), name: name.clone() })>
                                        {i.name}
                                    </button></li>
                                }
                            }).collect_view()}
                        </ul>
                        <button type="button" class="big-button secondary" on:click=move |_| home()>{tr!(kiosk_back)}</button>
                    }.into_any(),
                    Screen::Item { code, name } => view! {
                        <WalkIn hall=hall.get_value() code=code name=name screen=screen error=error/>
                        <button type="button" class="big-button secondary" on:click=move |_| home()>{tr!(kiosk_back)}</button>
                    }.into_any(),
                    Screen::CheckIn => view! {
                        <CheckIn hall=hall.get_value() screen=screen error=error/>
                        <button type="button" class="big-button secondary" on:click=move |_| home()>{tr!(kiosk_back)}</button>
                    }.into_any(),
                    Screen::Ticket(t) => view! {
                        <TicketSlip ticket=*t/>
                        <button type="button" class="big-button" on:click=move |_| finish()>{tr!(kiosk_done)}</button>
                    }.into_any(),
                }}
            }.into_any(),
        }}
    }
}

/// The kiosk's language choice: for this visitor only (`?lang=`, not remembered on the shared
/// device), back to 简体 when they are done.
#[component]
fn KioskLanguages(hall: String) -> impl IntoView {
    let here = crate::lang::page_tag();
    view! {
        <nav class="langs kiosk-langs" aria-label=tr!(languages)>
            {crate::lang::CHOICES.iter().map(|(tag, name)| {
                let current = (here == *tag).then_some("page");
                view! {
                    <a class="button secondary" href=format!("/kiosk/{hall}?lang={tag}") rel="external" lang=*tag hreflang=*tag
                        aria-current=current>{*name}</a>
                }
            }).collect_view()}
        </nav>
    }
}

/// What the kiosk says while the hall is closed: when it opens, and that a time can be booked.
fn closed_text(opens_at: Option<i64>) -> String {
    let day = opens_at.and_then(|t| hall_domain::calendar::Date::china_today(t as f64 * 1000.0));
    match (opens_at, day) {
        (Some(t), Some(d)) => tr!(
            kiosk_closed,
            when = format!(
                "{} {} {}",
                crate::lang::date(d),
                crate::lang::weekday(d.weekday()),
                crate::components::time::hours_minutes(t)
            )
        ),
        _ => tr!(kiosk_closed_unknown).to_string(),
    }
}

/// Asks for a ticket (walk-in or check-in) and shows it, or the error.
fn issue<B: serde::Serialize + 'static>(
    path: String,
    body: B,
    screen: RwSignal<Screen>,
    error: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
) {
    busy.set(true);
    spawn_local(async move {
        match api::post::<TicketView, _>(&path, &body).await {
            Ok(t) => {
                error.set(None);
                screen.set(Screen::Ticket(Box::new(t)));
            }
            Err(e) => error.set(Some(e)),
        }
        busy.try_set(false);
    });
}

#[component]
fn WalkIn(
    hall: String,
    code: String,
    name: String,
    screen: RwSignal<Screen>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    let take = move || {
        let req = WalkInRequest {
            item: code.clone(),
            idempotency_key: key.get_value(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
        };
        issue(
            format!("/api/v1/halls/{hall}/tickets"),
            req,
            screen,
            error,
            busy,
        );
    };
    view! {
        <form class="form kiosk-form" on:submit=move |ev| { ev.prevent_default(); take(); }>
            <h2>{name}</h2>
            <div class="field">
                <label for="kiosk-phone">{tr!(kiosk_phone)}</label>
                <input id="kiosk-phone" type="tel" inputmode="numeric" maxlength="11" autocomplete="off"
                    aria-describedby="kiosk-phone-error"
                    prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                <FieldError id="kiosk-phone-error" name="phone" error=error/>
            </div>
            <button type="submit" class="big-button" disabled=move || busy.get()>{tr!(kiosk_take_button)}</button>
        </form>
    }
}

#[component]
fn CheckIn(
    hall: String,
    screen: RwSignal<Screen>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move || {
        let req = CheckInRequest {
            booking: number.get_untracked(),
        };
        issue(
            format!("/api/v1/halls/{hall}/check-in"),
            req,
            screen,
            error,
            busy,
        );
    };
    view! {
        <form class="form kiosk-form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <h2>{tr!(kiosk_check_in)}</h2>
            <div class="field">
                <label for="booking-number">{tr!(kiosk_booking_number)}</label>
                <input id="booking-number" autocomplete="off" autocapitalize="characters" maxlength="32"
                    aria-describedby="booking-number-error" autofocus
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
                <FieldError id="booking-number-error" name="booking" error=error/>
            </div>
            <button type="submit" class="big-button" disabled=move || busy.get()>{tr!(kiosk_check_in_button)}</button>
        </form>
    }
}

/// The ticket as the kiosk shows (and would print) it.
#[component]
fn TicketSlip(ticket: TicketView) -> impl IntoView {
    let href = format!("/ticket/{}", ticket.id);
    view! {
        <section class="ticket-slip" aria-labelledby="slip-number">
            <p>{tr!(kiosk_your_number)}</p>
            <p id="slip-number" class="ticket-number">{ticket.number.clone()}</p>
            <p>{ticket.item_name.clone()}</p>
            <p role="status">{match ticket.ahead {
                Some(0) => tr!(kiosk_none_ahead).to_string(),
                Some(n) => tr!(kiosk_ahead, n = n),
                None => crate::labels::queue_state(ticket.state).to_string(),
            }}</p>
            <img class="qr" src=format!("/api/v1/tickets/{}/qr.svg", ticket.id)
                alt=tr!(kiosk_qr_alt, number = &ticket.number) width="192" height="192"/>
            <p class="note">{tr!(kiosk_qr_note)}</p>
            <p><a href=href>{tr!(kiosk_follow_here)}</a></p>
        </section>
    }
}
