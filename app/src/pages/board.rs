//! The display board (`/board/{hall}`) for the hall's screen: the latest calls in type readable
//! from three metres, waiting counts per group, an optional chime, and an ARIA live region
//! that announces each new call.

use hall_domain::calendar::Date;
use hall_domain::dto::BoardView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::poll::follow;
use crate::components::status::{error_box, Loading};
use crate::components::time::hours_minutes;
use crate::pages::kiosk::HallPicker;
use crate::tr;

#[component]
pub fn BoardPage() -> impl IntoView {
    api::set_title(tr!(board_title));
    let params = use_params_map();
    let hall = params.with_untracked(|p| p.get("hall"));
    view! {
        <main id="main" class="board">
            {match hall {
                Some(h) => view! { <Board hall=h/> }.into_any(),
                None => view! { <HallPicker base="/board"/> }.into_any(),
            }}
        </main>
    }
}

/// A short two-tone chime through Web Audio (no sound file to download).
fn chime() {
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let now = ctx.current_time();
    for (i, freq) in [880.0_f32, 660.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        osc.frequency().set_value(freq);
        let start = now + i as f64 * 0.35;
        gain.gain().set_value(0.2);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.0, start + 0.3);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let _ = osc.start_with_when(start);
        let _ = osc.stop_with_when(start + 0.32);
    }
}

/// The screen's own clock, in milliseconds: only its differences are used.
fn elapsed_ms() -> f64 {
    js_sys::Date::now()
}

#[component]
fn Board(hall: String) -> impl IntoView {
    let (board, offline) = follow::<BoardView>(format!("/api/v1/halls/{hall}/board"));
    let sound = RwSignal::new(false);
    // The hall's clock: the server's time at its last answer, moved on by the time since.
    let synced = RwSignal::new(None::<(i64, f64)>);
    let tick = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(b)) = board.get() {
            synced.set(Some((b.now, elapsed_ms())));
        }
    });
    if let Ok(h) = set_interval_with_handle(
        move || tick.update(|t| *t = t.wrapping_add(1)),
        std::time::Duration::from_secs(10),
    ) {
        on_cleanup(move || h.clear());
    }
    let clock = move || {
        tick.track();
        synced
            .get()
            .map(|(now, at)| {
                let now = now + ((elapsed_ms() - at) / 1000.0) as i64;
                let day = Date::china_today(now as f64 * 1000.0)
                    .map(|d| {
                        format!(
                            "{} {}",
                            crate::lang::date(d),
                            crate::lang::weekday(d.weekday())
                        )
                    })
                    .unwrap_or_default();
                format!("{day} {}", hours_minutes(now))
            })
            .unwrap_or_default()
    };
    // The newest call seen so far; `None` until the first answer, so that opening the board
    // does not announce an old call.
    let last = StoredValue::new(None::<Option<(String, i64)>>);
    let announcement = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(Ok(b)) = board.get() else { return };
        let newest = b.calls.first();
        let key = newest.map(|c| (c.number.clone(), c.at));
        let seen = last.get_value();
        last.set_value(Some(key.clone()));
        if let (Some(before), Some(c)) = (seen, newest) {
            if before != key {
                announcement.set(tr!(board_call, number = &c.number, window = &c.window));
                if sound.get_untracked() {
                    chime();
                }
            }
        }
    });
    view! {
        {move || match board.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(b)) => view! {
                <header class="board-head">
                    <h1>{b.hall_name.clone()}{tr!(board_calls)}</h1>
                    {offline.get().then(|| view! { <span class="offline">{tr!(board_offline)}</span> })}
                    <p class="board-clock">{clock}</p>
                </header>
                <table class="calls">
                    <caption class="visually-hidden">{tr!(board_recent)}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(board_number)}</th>
                        <th scope="col">{tr!(complaint_window)}</th>
                        <th scope="col" class="called-at">{tr!(board_called_at)}</th>
                    </tr></thead>
                    <tbody>
                        {b.calls.iter().enumerate().map(|(i, c)| view! {
                            <tr class=if i == 0 { "latest" } else { "" }>
                                <td class="number">{c.number.clone()}</td>
                                <td><span class="window">{c.window.clone()}</span>" "<span class="window-name">{c.window_name.clone()}</span></td>
                                <td class="called-at">{hours_minutes(c.at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {b.calls.is_empty().then(|| view! { <p class="board-empty">{tr!(board_none)}</p> })}
                <ul class="waiting-counts" aria-label={tr!(board_waiting)}>
                    {b.groups.iter().map(|g| view! {
                        <li>{tr!(board_group_waiting, group = format!("{} {}", g.code, g.name), n = g.waiting)}</li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
        <p class="visually-hidden" aria-live="assertive" aria-atomic="true">{move || announcement.get()}</p>
        <label class="chime-toggle">
            <input type="checkbox" prop:checked=move || sound.get()
                on:change=move |ev| sound.set(event_target_checked(&ev))/>
            {tr!(board_chime)}
        </label>
    }
}
