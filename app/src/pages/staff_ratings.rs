//! Bad ratings' work orders (好差评 整改): what was rated and how — never who rated — with the
//! deadlines (contact within 1 working day, the fix within 15); the complaint office records
//! the contact (the hall's message goes to the citizen), the fix and the reply; any staff member
//! who may see them can appeal a malicious rating, and the hall manager decides with a reason.

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{RatingOrderList, RatingOrderStep, RatingOrderView};
use hall_domain::rating::OrderAction;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::components::timeline::Timeline;

const LIST: &str = "/api/v1/staff/rating-orders";

type List = RwSignal<Option<Result<RatingOrderList, ApiError>>>;

#[component]
pub fn StaffRatingsPage() -> impl IntoView {
    api::set_title("差评整改");
    view! {
        <main id="main" class="wrap">
            <h1>"差评整改"</h1>
            <p class="no-print"><a href="/staff" rel="external">"返回工作台"</a>" · "<a href="/satisfaction" rel="external">"公开的满意度"</a></p>
            <StaffGate action=Action::Read resource=Resource::Rating>
                <Desk/>
            </StaffGate>
        </main>
    }
}

#[component]
fn Desk() -> impl IntoView {
    let list = load::<RatingOrderList>(LIST);
    move || {
        match list.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => error_box(&e),
        Some(Ok(l)) => view! {
            <p class="status-line" role="status">{format!("已超期 {} 件，待决定的申诉 {} 件", l.overdue, l.appeals)}</p>
            {if l.orders.is_empty() {
                view! { <p>"暂无差评。"</p> }.into_any()
            } else {
                l.orders.into_iter().map(|o| view! { <OrderCard o=o list=list/> }).collect_view().into_any()
            }}
        }.into_any(),
    }
    }
}

#[component]
fn OrderCard(o: RatingOrderView, list: List) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(format!("{LIST}/{}", api::encode(&o.id)));
    let version = o.version;
    let act = move |action: OrderAction| {
        let req = RatingOrderStep {
            action: Some(action),
            note: note.get_untracked(),
            version: Some(version),
        };
        let p = path.get_value();
        spawn_local(async move {
            match api::post::<RatingOrderView, _>(&p, &req).await {
                Ok(_) => reload(list, LIST),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let id = o.id.clone();
    let due = match (o.days_left, o.state) {
        (Some(d), _) if d < 0 => "已超期".to_string(),
        (Some(d), _) => format!("还剩 {d} 个工作日"),
        _ => String::new(),
    };
    let note_id = format!("note-{id}");
    let note_for = note_id.clone();
    let note_err = format!("note-{id}-error");
    view! {
        <article class="card" aria-labelledby=format!("ro-{id}")>
            <h2 id=format!("ro-{id}") class="h3">{format!("{} · {} · {}", o.label, o.kind_label, o.item_name)}</h2>
            <p class="status-line">
                <strong>{o.state_label.clone()}</strong>
                {format!(" · 评价日期 {} · 联系期限 {} · 整改期限 {}", o.rated_on, o.contact_due, o.fix_due)}
                {(!o.place.is_empty()).then(|| format!(" · {}", o.place))}
                {(!due.is_empty()).then(|| format!(" · {due}"))}
            </p>
            <p>{o.dimensions.iter().map(|d| format!("{}：{}", d.dimension.label(), d.level.label())).collect::<Vec<_>>().join("；")}</p>
            {(!o.comment.is_empty()).then(|| view! { <p>{format!("群众意见：{}", o.comment)}</p> })}
            {(!o.fix_report.is_empty()).then(|| view! { <p>{format!("整改情况：{}", o.fix_report)}</p> })}
            {(!o.reply.is_empty()).then(|| view! { <p>{format!("回复群众：{}", o.reply)}</p> })}
            <Timeline events=o.events.clone()/>
            {(!o.actions.is_empty()).then(|| view! {
                <div class="form no-print">
                    <div class="field">
                        <label for=note_for>"说明（整改情况、回复内容、申诉理由或决定理由）"</label>
                        <textarea id=note_id maxlength="2000" rows="2" aria-describedby=note_err.clone()
                            prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <FieldError id=note_err name="note" error=error/>
                    </div>
                    {o.actions.iter().copied().map(|a| view! {
                        <button type="button" class="secondary" on:click=move |_| act(a)>{a.label()}</button>
                    }).collect_view()}
                    <FormError error=error/>
                </div>
            })}
        </article>
    }
}
