//! A joint application at the desk: each department's member with a link to work it, and joint
//! acceptance (综合受理) once every member's materials are in.

use hall_domain::access::{Action, Resource};
use hall_domain::dto::JointView;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::application::JointDetail;
use crate::components::form::FormError;
use crate::components::load::load;
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn StaffJointPage() -> impl IntoView {
    api::set_title(tr!(sj_title));
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(sj_title)}</h1>
            <p class="no-print"><a href="/desk">{tr!(sj_back)}</a></p>
            <StaffGate action=Action::Read resource=Resource::Application>
                <JointDesk no=no.clone()/>
            </StaffGate>
        </main>
    }
}

#[component]
fn JointDesk(no: String) -> impl IntoView {
    let path = format!("/api/v1/staff/joint-applications/{}", api::encode(&no));
    let loaded = load::<JointView>(path.clone());
    let error = RwSignal::new(None::<ApiError>);
    let path = StoredValue::new(path);
    let accept = move |_| {
        let p = format!("{}/accept", path.get_value());
        spawn_local(async move {
            match api::post::<JointView, _>(&p, &()).await {
                Ok(j) => {
                    error.set(None);
                    loaded.set(Some(Ok(j)));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    move || match loaded.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => error_box(&e),
        Some(Ok(j)) => {
            let can_accept = j.can_accept;
            view! {
                {can_accept.then(|| view! {
                    <section class="panel no-print" aria-labelledby="joint-accept">
                        <h2 id="joint-accept">{tr!(sj_accept)}</h2>
                        <p>{tr!(sj_accept_text)}</p>
                        <button type="button" on:click=accept>{tr!(sj_accept_all)}</button>
                        <FormError error=error/>
                    </section>
                })}
                <JointDetail joint=j link_base="/desk/"/>
            }
            .into_any()
        }
    }
}
