//! The citizen's ticket page (`/ticket/{id}`, from the kiosk's QR code or My Hall): how many are
//! ahead, the estimated wait and, once called, the window in large type. It follows the queue
//! by itself (see `components::poll`) and announces changes to screen readers.

use hall_domain::booking::local_of;
use hall_domain::dto::TicketView;
use hall_domain::forecast::HourForecast;
use hall_domain::queue::State;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::forecast::load_usual_wait;
use crate::components::form::FormError;
use crate::components::poll::follow;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn TicketPage() -> impl IntoView {
    api::set_title(tr!(ticket_title));
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let (ticket, offline) = follow::<TicketView>(format!("/api/v1/tickets/{id}"));
    let error = RwSignal::new(None::<ApiError>);
    // The usual wait at the hour the ticket was taken, loaded once the ticket is known.
    let usual = RwSignal::new(None);
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(Ok(t)) = ticket.get() {
            if !asked.get_value() {
                asked.set_value(true);
                load_usual_wait(usual, t.hall_code, t.item_code, t.issued_at);
            }
        }
    });
    let rejoin = move |_| {
        let id = id.clone();
        spawn_local(async move {
            match api::post::<TicketView, _>(&format!("/api/v1/tickets/{id}/rejoin"), &()).await {
                Ok(t) => {
                    error.set(None);
                    ticket.set(Some(Ok(t)));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
            <main id="main" class="wrap narrow">
                <h1>{tr!(ticket_title)}</h1>
                <Show when=move || offline.get()>
                    <p class="notice" role="status">{tr!(offline_reconnecting)}</p>
                </Show>
                <FormError error=error/>
                {move || match ticket.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                    Some(Ok(t)) => {
                        let rejoin = rejoin.clone();
                        view! {
                            <section class="panel ticket-card" aria-labelledby="ticket-number">
                                <p class="muted">{format!("{} · {}", t.hall_name, t.item_name)}</p>
                                <p id="ticket-number" class="ticket-number">{t.number.clone()}</p>
                                {t.name_masked.clone().map(|name| view! { <p class="muted">{tr!(ticket_holder, name = name)}</p> })}
                                <div aria-live="assertive" aria-atomic="true">
                                    {match t.state {
                                        State::Called | State::Serving => view! {
                                            <p class="called">
                                                {if t.state == State::Called { tr!(ticket_go_to) } else { tr!(ticket_serving_at) }}
                                                <strong class="window-number">{t.window.clone().unwrap_or_default()}</strong>
                                                {if t.state == State::Called { tr!(ticket_go_to_tail) } else { tr!(ticket_serving_tail) }}
                                            </p>
                                            <p>{t.window_name.clone()}</p>
                                        }.into_any(),
                                        State::Waiting => view! {
                                            <p class="status-line">{match t.ahead {
                                                Some(0) => tr!(ticket_next).to_string(),
                                                Some(n) => tr!(ticket_ahead, n = n),
                                                None => String::new(),
                                            }}</p>
                                            <p class="muted">{t.wait_minutes.map(|m| tr!(ticket_wait, m = m))}</p>
                                            {move || usual.get().map(|f: HourForecast| view! {
                                                <p class="muted usual-wait">{tr!(ticket_usual, minutes = f.minutes, samples = f.samples)}</p>
                                            })}
                                        }.into_any(),
                                        State::Missed => view! {
                                            <p class="status-line">{tr!(ticket_missed)}</p>
                                            {match t.rejoin_until {
                                                Some(until) => view! {
                                                    <p>{tr!(ticket_rejoin_until, time = local_of(until).map(|(_, t)| t.to_string()).unwrap_or_default())}</p>
                                                    <button type="button" on:click=rejoin>{tr!(ticket_rejoin)}</button>
                                                }.into_any(),
                                                None => view! { <p>{tr!(ticket_no_rejoin)}</p> }.into_any(),
                                            }}
                                        }.into_any(),
                                        State::Done => view! {
                                            <p class="status-line">{tr!(ticket_done)}</p>
                                            <p><a href=format!("/rate/on_site/{}", t.id) rel="external">{tr!(ticket_rate)}</a></p>
                                        }.into_any(),
                                    }}
                                </div>
                                <p class="muted">{tr!(ticket_area, area = &t.area)}</p>
                            </section>
                            <p class="note">{tr!(ticket_note)}</p>
                        }.into_any()
                    }
                }}
            </main>
    }
}
