//! One item in a result list.

use crate::shell::Link;
use hall_domain::catalogue::ItemKind;
use hall_domain::dto::ItemSummary;
use leptos::prelude::*;

/// "当场办结" or "承诺 3 个工作日".
pub fn limit_label(kind: ItemKind, days: u16) -> String {
    match kind {
        ItemKind::Immediate => "即办件 · 当场办结".to_string(),
        ItemKind::Promised => format!("承诺件 · {days} 个工作日内办结"),
    }
}

#[component]
pub fn ItemCard(item: ItemSummary) -> impl IntoView {
    let href = format!("/items/{}", item.code);
    view! {
        <li class="card item-card">
            <h3><Link href=href>{item.name.clone()}</Link></h3>
            <p class="meta">{item.department_name.clone()}" · "{item.category.clone()}</p>
            <ul class="tags" aria-label="事项特点">
                <li>{limit_label(item.kind, item.promised_limit_workdays)}</li>
                <li>{if item.free { "不收费" } else { "收费" }}</li>
                <li>{item.tongban.label()}</li>
                {item.rongque.then(|| view! { <li>"可容缺受理"</li> })}
                {item.mail_delivery.then(|| view! { <li>"结果可邮寄"</li> })}
                {item.appointment.then(|| view! { <li>"可预约"</li> })}
            </ul>
        </li>
    }
}
