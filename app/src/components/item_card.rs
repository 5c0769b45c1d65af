//! One item in a result list.

use crate::shell::Link;
use crate::tr;
use hall_domain::dto::ItemSummary;
use leptos::prelude::*;

pub use crate::labels::limit as limit_label;

#[component]
pub fn ItemCard(item: ItemSummary) -> impl IntoView {
    let href = format!("/items/{}", item.code);
    view! {
        <li class="card item-card">
            <h3><Link href=href>{item.name.clone()}</Link></h3>
            <p class="meta">{item.department_name.clone()}" · "{item.category.clone()}</p>
            <ul class="tags" aria-label={tr!(item_features)}>
                <li>{limit_label(item.kind, item.promised_limit_workdays)}</li>
                <li>{if item.free { tr!(item_free) } else { tr!(item_fee) }}</li>
                <li>{crate::labels::tongban(item.tongban)}</li>
                {item.rongque.then(|| view! { <li>{tr!(item_rongque)}</li> })}
                {item.mail_delivery.then(|| view! { <li>{tr!(item_mail)}</li> })}
                {item.appointment.then(|| view! { <li>{tr!(item_booking)}</li> })}
            </ul>
        </li>
    }
}
