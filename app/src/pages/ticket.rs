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

#[component]
pub fn TicketPage() -> impl IntoView {
    api::set_title("我的号票");
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
                <h1>"我的号票"</h1>
                <Show when=move || offline.get()>
                    <p class="notice" role="status">"网络不稳定，正在重新连接…显示的可能不是最新状态。"</p>
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
                                <div aria-live="assertive" aria-atomic="true">
                                    {match t.state {
                                        State::Called | State::Serving => view! {
                                            <p class="called">
                                                {if t.state == State::Called { "请到 " } else { "正在 " }}
                                                <strong class="window-number">{t.window.clone().unwrap_or_default()}</strong>
                                                {if t.state == State::Called { " 号窗口办理" } else { " 号窗口办理中" }}
                                            </p>
                                            <p>{t.window_name.clone()}</p>
                                        }.into_any(),
                                        State::Waiting => view! {
                                            <p class="status-line">{match t.ahead {
                                                Some(0) => "下一位就是您，请留意叫号".to_string(),
                                                Some(n) => format!("前面还有 {n} 人"),
                                                None => String::new(),
                                            }}</p>
                                            <p class="muted">{t.wait_minutes.map(|m| format!("预计等候约 {m} 分钟"))}</p>
                                            {move || usual.get().map(|f: HourForecast| view! {
                                                <p class="muted usual-wait">{format!(
                                                    "以往这个时段取号，通常等候约 {} 分钟（近 {} 张号票）",
                                                    f.minutes, f.samples
                                                )}</p>
                                            })}
                                        }.into_any(),
                                        State::Missed => view! {
                                            <p class="status-line">"已过号"</p>
                                            {match t.rejoin_until {
                                                Some(until) => view! {
                                                    <p>{format!(
                                                        "您可以在 {} 前重新排队一次（排到队尾）。",
                                                        local_of(until).map(|(_, t)| t.to_string()).unwrap_or_default()
                                                    )}</p>
                                                    <button type="button" on:click=rejoin>"重新排队"</button>
                                                }.into_any(),
                                                None => view! { <p>"已不能重新排队，请到取号机重新取号。"</p> }.into_any(),
                                            }}
                                        }.into_any(),
                                        State::Done => view! {
                                            <p class="status-line">"已办结，感谢您的耐心等候。"</p>
                                            <p><a href=format!("/rate/on_site/{}", t.id) rel="external">"评价本次服务"</a></p>
                                        }.into_any(),
                                    }}
                                </div>
                                <p class="muted">{format!("取号地点：{}", t.area)}</p>
                            </section>
                            <p class="note">"本页面会自动更新，无需刷新。快轮到您时，留有手机号的会收到短信提醒。"</p>
                        }.into_any()
                    }
                }}
            </main>
    }
}
