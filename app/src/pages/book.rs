//! Booking an appointment (standard 6.1): item → hall → date → slot → check → confirm. Every
//! step is a plain list of choices with big targets; full days and slots stay visible but
//! cannot be chosen. The confirmation carries one idempotency key per visit, so a retried tap
//! on a flaky network books once.

use hall_domain::booking::TimeOfDay;
use hall_domain::calendar::Date;
use hall_domain::dto::{
    BookingOptions, BookingRequest, BookingView, CitizenProfile, HallOption, RescheduleRequest,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::forecast::BestTime;
use crate::components::form::{FormError, TextField};
use crate::components::load::load_with;
use crate::components::status::{error_box, Loading};
use crate::shell::{go_to, Link};
use crate::tr;

fn weekday(d: Date) -> &'static str {
    crate::lang::weekday(d.weekday())
}

#[component]
pub fn BookPage() -> impl IntoView {
    api::set_title(tr!(book_title));
    let params = use_params_map();
    let item = move || params.with(|p| p.get("item").unwrap_or_default());
    let options = load_with::<BookingOptions>(move || {
        Ok(api::in_reader_lang(&api::with_query(
            "/api/v1/booking/options",
            &[("item", item())],
        )))
    });
    view! {
            <main id="main" class="wrap narrow">
                <h1>{tr!(book_title)}</h1>
                {move || match options.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Ok(o)) if !o.bookable => view! {
                        <h2>{o.item_name.clone()}</h2>
                        <div class="notice" role="note">
                            <p>{tr!(book_walk_in)}</p>
                        </div>
                        <p><Link href="/search">{tr!(book_back)}</Link></p>
                    }.into_any(),
                    Some(Ok(o)) => view! { <Steps options=o/> }.into_any(),
                    Some(Err(e)) => error_box(&e),
                }}
            </main>
    }
}

#[component]
fn Steps(options: BookingOptions) -> impl IntoView {
    let halls = StoredValue::new(options.halls.clone());
    let item_name = StoredValue::new(options.item_name.clone());
    let p = options.policy;
    let horizon_note =
        StoredValue::new(tr!(book_horizon, from = p.horizon_from, to = p.horizon_to));
    let rules_note = StoredValue::new(tr!(
        book_rules,
        before = p.check_in_before_secs / 60,
        after = p.check_in_after_secs / 60,
        cutoff = p.cancel_cutoff_secs / 3600,
        days = p.no_show.window_days,
        limit = p.no_show.limit,
        suspend = p.no_show.suspend_days,
    ));
    let item_code = options.item_code.clone();
    let forecast_item = StoredValue::new(options.item_code.clone());
    // Choices come back from the address after signing in mid-task, each still open or dropped.
    let kept = Kept::from_address(&options);
    // 改约: the booking being moved (`?reschedule=`), released when the new time is taken.
    let moving = StoredValue::new(kept.moving.clone());
    let hall = RwSignal::new(
        kept.hall
            .clone()
            .or_else(|| (options.halls.len() == 1).then(|| options.halls[0].code.clone())),
    );
    let date = RwSignal::new(kept.date);
    let start = RwSignal::new(kept.start);
    let checking = RwSignal::new(kept.checking);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    // An account signed in by phone alone has no name yet: the check step asks for one.
    let needs_name = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    Effect::new(move |_| {
        if checking.get() {
            spawn_local(async move {
                if let Ok(me) = api::get::<CitizenProfile>("/api/v1/me").await {
                    needs_name.set(me.name.is_none());
                }
            });
        }
    });
    let chosen_hall = move || -> Option<HallOption> {
        let code = hall.get()?;
        halls.with_value(|hs| hs.iter().find(|h| h.code == code).cloned())
    };
    let confirm = {
        let item_code = item_code.clone();
        move || {
            let (Some(h), Some(d), Some(s)) = (
                hall.get_untracked(),
                date.get_untracked(),
                start.get_untracked(),
            ) else {
                return;
            };
            let req = BookingRequest {
                item: item_code.clone(),
                hall: h,
                date: d,
                start: s,
                idempotency_key: key.get_value(),
                name: needs_name
                    .get_untracked()
                    .then(|| name.get_untracked().trim().to_string()),
            };
            busy.set(true);
            spawn_local(async move {
                let sent = match moving.get_value() {
                    Some(old) => {
                        let move_to = RescheduleRequest {
                            hall: req.hall.clone(),
                            date: req.date,
                            start: req.start,
                            idempotency_key: req.idempotency_key.clone(),
                        };
                        api::post::<BookingView, _>(
                            &format!("/api/v1/bookings/{}/reschedule", api::encode(&old)),
                            &move_to,
                        )
                        .await
                    }
                    None => api::post::<BookingView, _>("/api/v1/bookings", &req).await,
                };
                match sent {
                    Ok(b) => go_to(&format!("/bookings/{}", b.id)),
                    Err(e) if e.is_unauthenticated() => {
                        // Back to this check step after signing in, the choices kept.
                        let mut choices = vec![
                            ("hall", req.hall.clone()),
                            ("date", req.date.to_string()),
                            ("start", req.start.to_string()),
                            ("check", "1".to_string()),
                        ];
                        if let Some(old) = moving.get_value() {
                            choices.push(("reschedule", old));
                        }
                        let next = api::with_query(&format!("/book/{}", req.item), &choices);
                        go_to(&api::with_query("/sign-in", &[("next", next)]));
                    }
                    Err(e) if e.field("name").is_some() => {
                        needs_name.set(true);
                        error.set(Some(e));
                    }
                    Err(e) => {
                        // A refusal (full, already booked…) needs a new choice and a new key.
                        key.set_value(new_key());
                        checking.set(false);
                        error.set(Some(e));
                    }
                }
                busy.set(false);
            });
        }
    };
    view! {
        <p class="lead">{tr!(book_item)}<strong>{item_name.get_value()}</strong></p>
        <FormError error=error/>
        <Show
            when=move || checking.get()
            fallback=move || view! {
                <section class="panel" aria-labelledby="hall-title">
                    <h2 id="hall-title">{tr!(book_step_hall)}</h2>
                    <div class="choices" role="group" aria-labelledby="hall-title">
                        {halls.get_value().into_iter().map(|h| {
                            let code = h.code.clone();
                            let code2 = h.code.clone();
                            view! {
                                <button type="button" class="choice"
                                    aria-pressed=move || (hall.get().as_deref() == Some(code.as_str())).to_string()
                                    on:click=move |_| { hall.set(Some(code2.clone())); date.set(None); start.set(None); }>
                                    <strong>{h.name.clone()}</strong>
                                    <span>{h.address.clone()}</span>
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </section>
                {move || chosen_hall().map(|h| view! {
                    <section class="panel" aria-labelledby="date-title">
                        <h2 id="date-title">{tr!(book_step_date)}</h2>
                        <p class="note">{horizon_note.get_value()}</p>
                        <div class="choices dates" role="group" aria-labelledby="date-title">
                            {h.days.iter().map(|d| {
                                let day = d.date;
                                let full = d.full;
                                view! {
                                    <button type="button" class="choice" disabled=full
                                        aria-pressed=move || (date.get() == Some(day)).to_string()
                                        on:click=move |_| { date.set(Some(day)); start.set(None); }>
                                        <strong>{crate::lang::date(day)}</strong>
                                        <span>{weekday(day)}{if full { tr!(book_full_mark) } else { "" }}</span>
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    </section>
                    <BestTime hall=h.code.clone() item=forecast_item.get_value()/>
                })}
                {move || {
                    let h = chosen_hall()?;
                    let d = date.get()?;
                    let day = h.days.into_iter().find(|x| x.date == d)?;
                    Some(view! {
                        <section class="panel" aria-labelledby="slot-title">
                            <h2 id="slot-title">{tr!(book_step_slot)}</h2>
                            <div class="choices slots" role="group" aria-labelledby="slot-title">
                                {day.slots.into_iter().map(|s| {
                                    let left = s.left;
                                    let at = s.start;
                                    view! {
                                        <button type="button" class="choice" disabled=left == 0
                                            aria-pressed=move || (start.get() == Some(at)).to_string()
                                            on:click=move |_| start.set(Some(at))>
                                            <strong>{format!("{}–{}", s.start, s.end)}</strong>
                                            <span>{if left == 0 { tr!(book_full).to_string() } else { tr!(book_left, n = left) }}</span>
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                        </section>
                    })
                }}
                <div class="actions">
                    <button type="button" disabled=move || start.get().is_none()
                        on:click=move |_| { error.set(None); checking.set(true); }>
                        {tr!(book_next)}
                    </button>
                </div>
            }
        >
            {
                let confirm = confirm.clone();
                move || {
                    let h = chosen_hall();
                    let confirm = confirm.clone();
                    view! {
                        <section class="panel" aria-labelledby="check-title">
                            <h2 id="check-title">{tr!(book_step_check)}</h2>
                            {moving.get_value().map(|old| view! {
                                <p class="notice" role="note">{tr!(book_moving, id = old)}</p>
                            })}
                            <dl class="facts">
                                <dt>{tr!(book_dt_item)}</dt><dd>{item_name.get_value()}</dd>
                                <dt>{tr!(book_dt_hall)}</dt><dd>{h.as_ref().map(|h| h.name.clone())}</dd>
                                <dt>{tr!(book_dt_address)}</dt><dd>{h.as_ref().map(|h| format!("{}，{}", h.address, h.area))}</dd>
                                <dt>{tr!(book_dt_date)}</dt><dd>{date.get().map(|d| format!("{}（{}）", crate::lang::date(d), weekday(d)))}</dd>
                                <dt>{tr!(book_dt_slot)}</dt><dd>{start.get().map(|s| s.to_string())}</dd>
                            </dl>
                            {move || (needs_name.get() && moving.get_value().is_none()).then(|| view! {
                                <TextField id="book-name" label=tr!(book_name) name="name" value=name
                                    error=error maxlength=30 required=true autocomplete="name"/>
                            })}
                            <p class="note">{rules_note.get_value()}</p>
                            <div class="actions">
                                <button type="button" disabled=move || busy.get() on:click=move |_| confirm()>
                                    {move || if busy.get() {
                        tr!(busy_submitting)
                    } else if moving.get_value().is_some() {
                        tr!(book_confirm_move)
                    } else {
                        tr!(book_confirm)
                    }}
                                </button>
                                <button type="button" class="secondary" on:click=move |_| checking.set(false)>{tr!(book_change)}</button>
                            </div>
                        </section>
                    }
                }
            }
        </Show>
    }
}

/// The choices an address carries (`?hall=&date=&start=&check=1`, written when the visitor had to
/// sign in at the last step), each kept only while it can still be chosen.
#[derive(Default)]
struct Kept {
    hall: Option<String>,
    date: Option<Date>,
    start: Option<TimeOfDay>,
    checking: bool,
    /// `?reschedule=`: the booking this one replaces.
    moving: Option<String>,
}

impl Kept {
    fn from_address(options: &BookingOptions) -> Kept {
        let q = use_query_map();
        let get = |k: &str| q.with_untracked(|q| q.get(k));
        let moving = get("reschedule").filter(|id| hall_domain::codes::is_booking_number(id));
        let Some(hall) = get("hall").and_then(|h| options.halls.iter().find(|x| x.code == h))
        else {
            return Kept {
                moving,
                ..Kept::default()
            };
        };
        let day = get("date")
            .and_then(|d| Date::parse(&d))
            .and_then(|d| hall.days.iter().find(|x| x.date == d && !x.full));
        let slot = day.and_then(|day| {
            get("start")
                .and_then(|s| TimeOfDay::parse(&s))
                .and_then(|s| day.slots.iter().find(|x| x.start == s && x.left > 0))
        });
        Kept {
            hall: Some(hall.code.clone()),
            date: day.map(|d| d.date),
            start: slot.map(|s| s.start),
            checking: slot.is_some() && get("check").is_some(),
            moving,
        }
    }
}
