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

fn clock(unix: i64) -> String {
    local_of(unix)
        .map(|(_, t)| t.to_string())
        .unwrap_or_default()
}

fn status_label(status: &str) -> &'static str {
    match status {
        "active" => "已预约",
        "cancelled" => "已取消",
        "checked_in" => "已签到取号",
        "no_show" => "未到（已过签到时间）",
        _ => "",
    }
}

#[component]
pub fn BookingPage() -> impl IntoView {
    api::set_title("预约详情");
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let list = load::<BookingList>("/api/v1/bookings");
    view! {
            <main id="main" class="wrap narrow">
                {move || match list.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Ok(l)) => match l.bookings.into_iter().find(|b| b.id == id) {
                        Some(b) => view! { <Booking booking=b/> }.into_any(),
                        None => view! {
                            <h1>"没有找到这条预约"</h1>
                            <p><Link href="/me">"查看我的预约"</Link></p>
                        }.into_any(),
                    },
                    Some(Err(e)) if e.is_unauthenticated() => {
                        let next = format!("/bookings/{id}");
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
    let cancel = move |_| {
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
        let ics = format!("/api/v1/bookings/{}/calendar.ics", b.id);
        view! {
            <h1>{if active { "预约成功" } else { "预约详情" }}</h1>
            <p class="status-line" role="status">"状态："<strong>{status_label(&b.status)}</strong></p>
            <FormError error=error/>
            <section class="panel ticket-card" aria-labelledby="booking-facts">
                <h2 id="booking-facts" class="visually-hidden">"预约信息"</h2>
                <dl class="facts">
                    <dt>"预约人"</dt><dd>{b.name_masked.clone().unwrap_or_else(|| "（未填写姓名）".into())}</dd>
                    <dt>"预约时间"</dt><dd>{format!("{} {}–{}", b.date, b.start, b.end)}</dd>
                    <dt>"办理地点"</dt><dd>{format!("{}，{}，{}", b.hall_name, b.address, b.area)}</dd>
                    <dt>"预约号"</dt><dd class="big-number">{b.id.clone()}</dd>
                    <dt>"预约事项"</dt><dd>{b.item_name.clone()}</dd>
                    <dt>"取号方式"</dt>
                    <dd>{format!(
                        "请于 {}–{} 到{}（{}）签到：在取号机出示下方二维码或输入预约号，取得号票后等候叫号。",
                        clock(b.check_in_from), clock(b.check_in_until), b.hall_name, b.area
                    )}</dd>
                </dl>
                {active.then(|| view! {
                    <div class="qr-box">
                        <img class="qr" src=format!("/api/v1/bookings/{}/qr.svg", b.id)
                            alt=format!("预约号 {} 的二维码", b.id) width="192" height="192"/>
                        <p class="note">"在取号机扫描此二维码签到"</p>
                    </div>
                })}
            </section>
            <div class="actions no-print">
                <button type="button" on:click=|_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>"打印预约单"</button>
                {active.then(|| view! { <a class="button secondary" href=ics download="">"加入手机日历"</a> })}
                {(active && b.cancellable).then(|| view! {
                    <button type="button" class="secondary danger" on:click=cancel>"取消预约"</button>
                })}
            </div>
            {(active && !b.cancellable).then(|| view! {
                <p class="note">"已过网上取消的截止时间，不能在网上取消。如不能前来，请致电大厅；未签到将记为一次预约未到。"</p>
            })}
            <p class="no-print"><Link href="/me">"返回我的大厅"</Link></p>
        }
    }
}
