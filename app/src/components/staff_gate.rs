//! Shows a staff page only to staff whose roles open it: others are sent to sign in, or told
//! plainly that their role cannot use the page. The API enforces the same rule on every call.
//! The page's children find the signed-in [`StaffMe`] in context.

use hall_domain::access::{can, Action, Resource};
use hall_domain::dto::StaffMe;
use leptos::prelude::*;

use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::shell::{GoTo, Link};
use crate::tr;

#[component]
pub fn StaffGate(action: Action, resource: Resource, children: ChildrenFn) -> impl IntoView {
    let me = load::<StaffMe>("/api/v1/staff/me");
    let children = StoredValue::new(children);
    move || match me.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(me)) if me.must_change_password => view! { <GoTo path="/staff"/> }.into_any(),
        Some(Ok(me)) if me.roles.iter().any(|r| can(*r, action, resource)) => {
            // The page may adapt to what else the roles allow.
            provide_context(me);
            children.with_value(|c| c()).into_any()
        }
        Some(Ok(_)) => view! {
            <div class="error-box" role="alert">
                <h2>{tr!(staff_forbidden)}</h2>
                <p><Link href="/staff">{tr!(staff_back)}</Link></p>
            </div>
        }
        .into_any(),
        Some(Err(e)) if e.is_unauthenticated() => {
            // Back to this very page after signing in again; an idle timeout is said so.
            let here = web_sys::window()
                .and_then(|w| {
                    let l = w.location();
                    Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?))
                })
                .unwrap_or_else(|| "/staff".into());
            let mut pairs = vec![("next", here)];
            if e.code() == Some("auth.session_idle") {
                pairs.push(("reason", "idle".into()));
            }
            view! { <GoTo path=crate::api::with_query("/staff/sign-in", &pairs)/> }.into_any()
        }
        Some(Err(e)) => error_box(&e),
    }
}
