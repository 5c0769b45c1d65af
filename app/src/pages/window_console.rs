//! The window console (窗口叫号) for window clerks: open or close my window, call the next
//! ticket, recall, start, finish, mark missed, transfer. Tickets carry no personal data here;
//! the queue refreshes every few seconds and after every action.

use std::time::Duration;

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{
    ConsoleView, GroupBrief, TicketBrief, TicketEventRequest, WindowBrief, WindowStatus,
};
use hall_domain::queue::{Origin, State};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::FormError;
use crate::components::load::{load, reload, Loaded};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::shell::{Layout, Link};
use crate::tr;

const PATH: &str = "/api/v1/staff/windows";

#[component]
pub fn WindowConsolePage() -> impl IntoView {
    api::set_title(tr!(staff_page_window));
    view! {
        <Layout>
            <main id="main" class="wrap">
                <h1>{tr!(staff_page_window)}</h1>
                <StaffGate action=Action::Read resource=Resource::Window>
                    <Console/>
                </StaffGate>
                <p><Link href="/staff">{tr!(staff_back)}</Link></p>
            </main>
        </Layout>
    }
}

#[component]
fn Console() -> impl IntoView {
    let console = load::<ConsoleView>(PATH);
    let error = RwSignal::new(None::<ApiError>);
    // The queue refreshes itself, but not while the clerk is choosing in a form field: a
    // refresh would reset the choice.
    let tick = move || {
        if !choosing() {
            reload(console, PATH);
        }
    };
    if let Ok(h) = set_interval_with_handle(tick, Duration::from_secs(5)) {
        on_cleanup(move || h.clear());
    }
    view! {
        <FormError error=error/>
        {move || match console.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => error_box(&e),
            Some(Ok(c)) if c.windows.is_empty() => view! {
                <p class="notice">{tr!(win_no_window)}</p>
            }.into_any(),
            Some(Ok(c)) => {
                let groups = c.groups.clone();
                let peers = c.peers.clone();
                c.windows.into_iter().map(|w| {
                    let peers: Vec<WindowBrief> = peers
                        .iter()
                        .filter(|p| p.hall_code == w.hall_code && p.code != w.code)
                        .cloned()
                        .collect();
                    view! {
                        <WindowCard window=w groups=groups.clone() peers=peers console=console error=error/>
                    }
                }).collect_view().into_any()
            }
        }}
    }
}

/// Whether a select or input has the focus.
fn choosing() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "SELECT" | "INPUT"))
}

/// Runs one console action and shows its answer.
fn act(
    console: Loaded<ConsoleView>,
    error: RwSignal<Option<ApiError>>,
    path: String,
    body: Option<TicketEventRequest>,
) {
    spawn_local(async move {
        let result = match body {
            Some(b) => api::post::<ConsoleView, _>(&path, &b).await,
            None => api::post::<ConsoleView, _>(&path, &()).await,
        };
        match result {
            Ok(c) => {
                error.set(None);
                console.set(Some(Ok(c)));
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

fn origin_label(o: Origin) -> &'static str {
    match o {
        Origin::Booked => tr!(win_booked),
        Origin::WalkIn => tr!(win_walk_in),
    }
}

#[component]
fn WindowCard(
    window: WindowStatus,
    groups: Vec<GroupBrief>,
    peers: Vec<WindowBrief>,
    console: Loaded<ConsoleView>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let base = format!("/api/v1/staff/windows/{}/{}", window.hall_code, window.code);
    let title_id = format!("w-{}-{}", window.hall_code, window.code);
    let (hall, code) = (window.hall_code.clone(), window.code.clone());
    let event =
        move |t: &TicketBrief, name: &str, group: Option<char>, to_window: Option<String>| {
            act(
                console,
                error,
                format!("/api/v1/staff/tickets/{}", t.id),
                Some(TicketEventRequest {
                    event: name.into(),
                    hall: hall.clone(),
                    window: code.clone(),
                    group,
                    to_window,
                }),
            )
        };
    let transfer_to = RwSignal::new(String::new());
    let hand_to = RwSignal::new(String::new());
    let group_select = format!("transfer-{}-{}", window.hall_code, window.code);
    let window_select = format!("hand-{}-{}", window.hall_code, window.code);
    let open_path = format!("{base}/open");
    let close_path = format!("{base}/close");
    let call_path = format!("{base}/call");
    let groups_label: String = window.groups.iter().collect();
    view! {
        <section class="panel window-card" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{tr!(win_title, hall = &window.hall_name, code = &window.code, name = &window.name)}</h2>
            <p class="muted">{tr!(win_groups, groups = &groups_label)}" · "
                {if window.mine { tr!(win_open_mine) } else if window.open { tr!(win_open_other) } else { tr!(win_closed) }}</p>
            <div class="actions">
                {if window.mine {
                    view! {
                        <button type="button" class="big" on:click=move |_| act(console, error, call_path.clone(), None)>{tr!(win_call_next)}</button>
                        <button type="button" class="secondary" on:click=move |_| act(console, error, close_path.clone(), None)>{tr!(win_close)}</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" on:click=move |_| act(console, error, open_path.clone(), None)>{tr!(win_open)}</button>
                    }.into_any()
                }}
            </div>
            {window.current.clone().map(|t| {
                let (e1, e2, e3, e4, e5, e6) = (event.clone(), event.clone(), event.clone(), event.clone(), event.clone(), event.clone());
                let (t1, t2, t3, t4, t5, t6) = (t.clone(), t.clone(), t.clone(), t.clone(), t.clone(), t.clone());
                let (group_select, window_select) = (group_select.clone(), window_select.clone());
                let called = t.state == State::Called;
                view! {
                    <div class="current" role="status">
                        <p>{tr!(win_current)}<strong class="ticket-number small">{t.number.clone()}</strong>
                            {format!(" · {} · {}", origin_label(t.origin), t.item_name)}
                            {t.booking.clone().map(|b| tr!(win_booking, id = b))}
                            " · "{crate::labels::queue_state(t.state)}</p>
                        <div class="actions">
                            {called.then(|| view! {
                                <button type="button" on:click=move |_| e1(&t1, "start", None, None)>{tr!(win_start)}</button>
                                <button type="button" class="secondary" on:click=move |_| e2(&t2, "recall", None, None)>{tr!(win_recall)}</button>
                                <button type="button" class="secondary" on:click=move |_| e3(&t3, "missed", None, None)>{tr!(win_missed)}</button>
                            })}
                            {(!called).then(|| view! {
                                <button type="button" on:click=move |_| e4(&t4, "finish", None, None)>{tr!(win_finish)}</button>
                                <a class="button secondary" rel="external"
                                    href=format!("/desk?ticket={}&item={}", t.id, t.item_code)>{tr!(win_receive)}</a>
                            })}
                        </div>
                        <div class="field inline">
                            <label for=group_select.clone()>{tr!(win_transfer_label)}</label>
                            <select id=group_select on:change=move |ev| transfer_to.set(event_target_value(&ev))>
                                <option value="">{tr!(please_choose)}</option>
                                {groups.iter().map(|g| view! {
                                    <option value=g.code.to_string()>{format!("{} {}", g.code, g.name)}</option>
                                }).collect_view()}
                            </select>
                            <button type="button" class="secondary" on:click=move |_| {
                                let g = transfer_to.get_untracked().chars().next();
                                e5(&t5, "transfer", g, None);
                            }>{tr!(win_transfer)}</button>
                        </div>
                        <div class="field inline">
                            <label for=window_select.clone()>{tr!(win_hand_label)}</label>
                            <select id=window_select on:change=move |ev| hand_to.set(event_target_value(&ev))>
                                <option value="">{tr!(please_choose)}</option>
                                {peers.iter().map(|p| view! {
                                    <option value=p.code.clone()>{format!("{} {}", p.code, p.name)}</option>
                                }).collect_view()}
                            </select>
                            <button type="button" class="secondary" on:click=move |_| {
                                let to = Some(hand_to.get_untracked()).filter(|c| !c.is_empty());
                                e6(&t6, "transfer_window", None, to);
                            }>{tr!(win_hand)}</button>
                        </div>
                    </div>
                }
            })}
            <h3>{tr!(win_waiting, n = window.waiting.len())}</h3>
            <ol class="queue-list">
                {window.waiting.iter().take(12).map(|t| view! {
                    <li>{format!("{} · {} · {}", t.number, origin_label(t.origin), t.item_name)}</li>
                }).collect_view()}
            </ol>
            {(!window.missed.is_empty()).then(|| view! {
                <h3>{tr!(win_missed_list)}</h3>
                <ul class="queue-list">
                    {window.missed.iter().map(|t| view! { <li>{t.number.clone()}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
