//! My joint application (联审联办): one tracking number, one deadline, and each department's
//! progress on one page; each member opens with its own timeline and notices.

use hall_domain::dto::JointView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::application::JointDetail;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn JointPage() -> impl IntoView {
    api::set_title(tr!(joint_title));
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    let loaded = load::<JointView>(format!("/api/v1/joint-applications/{}", api::encode(&no)));
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(joint_title)}</h1>
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => {
                    let next = format!("/applications/joint/{no}");
                    let href = api::with_query("/sign-in", &[("next", next), ("level", "real_name".into())]);
                    view! { <p><a href=href rel="external">{tr!(joint_sign_in)}</a></p> }.into_any()
                }
                Some(Err(e)) => error_box(&e),
                Some(Ok(j)) => view! {
                    <JointDetail joint=j link_base="/applications/"/>
                    <p class="no-print"><a href="/me" rel="external">{tr!(back_my_hall)}</a></p>
                }.into_any(),
            }}
        </main>
    }
}
