//! One booking (standard 6.1.2): the booker (masked), date and time, place, appointment number,
//! item, and how to take the ticket; a QR code of the number for the kiosk, a calendar file, a
//! print view, and cancelling before the cut-off.

use hall_domain::booking::local_of;
use hall_domain::dto::{BookingList, BookingView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::form::FormError;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::shell::{GoTo, Link};
use crate::tr;

fn clock(unix: i64) -> String {
    local_of(unix)
        .map(|(_, t)| t.to_string())
        .unwrap_or_default()
}

fn status_label(status: &str) -> &'static str {
    match status {
        "active" => tr!(booking_active),
        "cancelled" => tr!(booking_cancelled),
        "checked_in" => tr!(booking_checked_in),
        "no_show" => tr!(booking_no_show),
        _ => "",
    }
}

#[component]
pub fn BookingPage() -> impl IntoView {
    api::set_title(tr!(booking_title));
    let params = use_params_map();
    // Followed from one booking to another (a moved booking names its new one), the page shows
    // the booking its address names now.
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let list = load::<BookingList>("/api/v1/bookings");
    view! {
            <main id="main" class="wrap narrow">
                {move || match list.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Ok(l)) => match l.bookings.into_iter().find(|b| b.id == id()) {
                        Some(b) => view! { <Booking booking=b/> }.into_any(),
                        None => view! {
                            <h1>{tr!(booking_not_found)}</h1>
                            <p><Link href="/me">{tr!(booking_mine)}</Link></p>
                        }.into_any(),
                    },
                    Some(Err(e)) if e.is_unauthenticated() => {
                        let next = format!("/bookings/{}", id());
                        view! { <GoTo path=api::with_query("/sign-in", &[("next", next)])/> }.into_any()
                    }
                    Some(Err(e)) => error_box(&e),
                }}
            </main>
    }
}

#[component]
fn Booking(booking: BookingView) -> impl IntoView {
    let current = RwSignal::new(booking);
    let error = RwSignal::new(None::<ApiError>);
    // Cancelling asks once: a slip of the thumb must not give the slot away.
    let asking = RwSignal::new(false);
    let cancel = move |_| {
        asking.set(false);
        let id = current.get_untracked().id;
        spawn_local(async move {
            match api::post::<BookingView, _>(&format!("/api/v1/bookings/{id}/cancel"), &()).await {
                Ok(b) => {
                    current.set(b);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    move || {
        let b = current.get();
        let active = b.status == "active";
        let ics = api::with_query(
            &format!("/api/v1/bookings/{}/calendar.ics", b.id),
            &[("lang", crate::lang::page_tag())],
        );
        view! {
            <h1>{if active { tr!(booking_done) } else { tr!(booking_title) }}</h1>
            <p class="status-line" role="status">{tr!(booking_status)}<strong>{status_label(&b.status)}</strong></p>
            <FormError error=error/>
            <section class="panel ticket-card" aria-labelledby="booking-facts">
                <h2 id="booking-facts" class="visually-hidden">{tr!(booking_facts)}</h2>
                <dl class="facts">
                    <dt>{tr!(booking_person)}</dt><dd>{b.name_masked.clone().unwrap_or_else(|| tr!(booking_no_name).into())}</dd>
                    <dt>{tr!(booking_time)}</dt><dd>{format!("{} {}–{}", crate::lang::date(b.date), b.start, b.end)}</dd>
                    <dt>{tr!(booking_place)}</dt><dd>{format!("{}，{}，{}", b.hall_name, b.address, b.area)}</dd>
                    <dt>{tr!(booking_number)}</dt><dd class="big-number">{b.id.clone()}</dd>
                    <dt>{tr!(booking_item)}</dt><dd>{b.item_name.clone()}</dd>
                    <dt>{tr!(booking_how)}</dt>
                    <dd>{tr!(
                        booking_how_text,
                        from = clock(b.check_in_from),
                        until = clock(b.check_in_until),
                        hall = &b.hall_name,
                        area = &b.area,
                    )}</dd>
                </dl>
                {active.then(|| view! {
                    <div class="qr-box">
                        <img class="qr" src=format!("/api/v1/bookings/{}/qr.svg", b.id)
                            alt=tr!(booking_qr_alt, id = &b.id) width="192" height="192"/>
                        <p class="note">{tr!(booking_qr_note)}</p>
                    </div>
                })}
            </section>
            <div class="actions no-print">
                <button type="button" on:click=|_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{tr!(booking_print)}</button>
                {active.then(|| view! { <a class="button secondary" href=ics download="">{tr!(booking_calendar)}</a> })}
                {(active && b.cancellable).then(|| view! {
                    <a class="button secondary" rel="external" href=api::with_query(&format!("/book/{}", b.item_code), &[("reschedule", b.id.clone())])>{tr!(booking_reschedule)}</a>
                })}
                {(active && b.cancellable).then(|| view! {
                    <button type="button" class="secondary danger" aria-expanded=move || asking.get().to_string()
                        aria-controls="cancel-ask" on:click=move |_| asking.set(true)>{tr!(booking_cancel)}</button>
                })}
            </div>
            <div id="cancel-ask" class="no-print">
                {move || asking.get().then(|| view! {
                    <section class="panel notice" role="group" aria-labelledby="cancel-ask-h">
                        <h2 id="cancel-ask-h">{tr!(booking_cancel_ask)}</h2>
                        <p>{tr!(booking_cancel_ask_note)}</p>
                        <div class="actions">
                            <button type="button" class="danger" on:click=cancel>{tr!(booking_cancel_yes)}</button>
                            <button type="button" class="secondary" on:click=move |_| asking.set(false)>{tr!(booking_cancel_no)}</button>
                        </div>
                    </section>
                })}
            </div>
            {(active && !b.cancellable).then(|| view! {
                <p class="note">{tr!(booking_too_late)}</p>
            })}
            {b.moved_to.clone().map(|new| view! {
                <p class="notice" role="note">{tr!(booking_moved)}<Link href=format!("/bookings/{new}")>{new.clone()}</Link></p>
            })}
            <p class="no-print"><Link href="/me">{tr!(back_my_hall)}</Link></p>
        }
    }
}
