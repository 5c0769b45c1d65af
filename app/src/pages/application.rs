//! One of my applications, in full: the timeline, the deadline, who is responsible, any
//! correction notice to print, the result; withdrawing before a decision.

use hall_domain::application::Step;
use hall_domain::dto::ApplicationView;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::application::ApplicationDetail;
use crate::components::form::FormError;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::shell::Link;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    api::set_title("我的申请");
    let params = use_params_map();
    let no = params.with_untracked(|p| p.get("no").unwrap_or_default());
    let path = format!("/api/v1/applications/{}", api::encode(&no));
    let loaded = load::<ApplicationView>(path.clone());
    let path = StoredValue::new(path);
    let error = RwSignal::new(None::<ApiError>);
    let confirming = RwSignal::new(false);
    let withdraw = move |_| {
        let path = format!("{}/withdraw", path.get_value());
        spawn_local(async move {
            match api::post::<ApplicationView, _>(&path, &()).await {
                Ok(a) => {
                    error.set(None);
                    confirming.set(false);
                    loaded.set(Some(Ok(a)));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <main id="main" class="wrap narrow">
            <h1>"我的申请"</h1>
            {move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => {
                    let next = format!("/applications/{no}");
                    let href = api::with_query("/sign-in", &[("next", next)]);
                    view! { <p><a href=href rel="external">"请先登录后查看"</a></p> }.into_any()
                }
                Some(Err(e)) if e.is_not_found() => view! {
                    <p>"没有找到这件申请。您可以用受理编号和手机号后 4 位 "<Link href="/progress">"查询办件进度"</Link>"。"</p>
                }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(a)) => {
                    let can_withdraw = a.steps.contains(&Step::Withdraw);
                    view! {
                        <ApplicationDetail application=a/>
                        <FormError error=error/>
                        {can_withdraw.then(|| view! {
                            <div class="actions no-print">
                                {move || if confirming.get() {
                                    view! {
                                        <p>"撤回后这件申请将不再办理，确定撤回吗？"</p>
                                        <button type="button" class="danger" on:click=withdraw>"确定撤回"</button>
                                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"不撤回"</button>
                                    }.into_any()
                                } else {
                                    view! { <button type="button" class="secondary" on:click=move |_| confirming.set(true)>"撤回申请"</button> }.into_any()
                                }}
                            </div>
                        })}
                        <p class="no-print"><a href="/me" rel="external">"返回我的大厅"</a></p>
                    }.into_any()
                }
            }}
        </main>
    }
}
