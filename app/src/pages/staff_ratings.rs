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
use crate::tr;

const LIST: &str = "/api/v1/staff/rating-orders";

type List = RwSignal<Option<Result<RatingOrderList, ApiError>>>;

#[component]
pub fn StaffRatingsPage() -> impl IntoView {
    api::set_title(tr!(staff_page_ratings));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_ratings)}</h1>
            <p class="no-print"><a href="/staff" rel="external">{tr!(staff_back)}</a>" · "<a href="/satisfaction" rel="external">{tr!(sr_public)}</a></p>
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
            <p class="status-line" role="status">{tr!(sr_stats, overdue = l.overdue, appeals = l.appeals)}</p>
            {if l.orders.is_empty() {
                view! { <p>{tr!(sr_none)}</p> }.into_any()
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
        (Some(d), _) if d < 0 => tr!(sas_overdue).to_string(),
        (Some(d), _) => tr!(sr_left, days = d),
        _ => String::new(),
    };
    let note_id = format!("note-{id}");
    let note_for = note_id.clone();
    let note_err = format!("note-{id}-error");
    view! {
        <article class="card" aria-labelledby=format!("ro-{id}")>
            <h2 id=format!("ro-{id}") class="h3">{tr!(sr_title, level = crate::labels::level(o.level), kind = crate::labels::rating_kind(o.kind), item = &o.item_name)}</h2>
            <p class="status-line">
                <strong>{crate::labels::order_state(o.state)}</strong>
                {tr!(sr_dates, rated = crate::lang::date(o.rated_on), contact = crate::lang::date(o.contact_due), fix = crate::lang::date(o.fix_due))}
                {match (&o.hall, &o.window) {
                    (Some(hall), Some(window)) => Some(format!(" · {}", tr!(sat_window, hall = hall, window = window))),
                    _ => (!o.place.is_empty()).then(|| format!(" · {}", o.place)),
                }}
                {(!due.is_empty()).then(|| format!(" · {due}"))}
            </p>
            <p>{o.dimensions.iter().map(|d| tr!(rate_dimension, dimension = crate::labels::dimension(d.dimension), level = crate::labels::level(d.level))).collect::<Vec<_>>().join(tr!(sr_separator))}</p>
            {(!o.comment.is_empty()).then(|| view! { <p>{tr!(sr_comment, comment = &o.comment)}</p> })}
            {(!o.fix_report.is_empty()).then(|| view! { <p>{tr!(sr_fix, report = &o.fix_report)}</p> })}
            {(!o.reply.is_empty()).then(|| view! { <p>{tr!(sr_reply, reply = &o.reply)}</p> })}
            <Timeline events=o.events.clone()/>
            {(!o.actions.is_empty()).then(|| view! {
                <div class="form no-print">
                    <div class="field">
                        <label for=note_for>{tr!(sr_note)}</label>
                        <textarea id=note_id maxlength="2000" rows="2" aria-describedby=note_err.clone()
                            prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <FieldError id=note_err name="note" error=error/>
                    </div>
                    {o.actions.iter().copied().map(|a| view! {
                        <button type="button" class="secondary" on:click=move |_| act(a)>{crate::labels::order_action(a)}</button>
                    }).collect_view()}
                    <FormError error=error/>
                </div>
            })}
        </article>
    }
}
