//! 在线咨询 (standard 6.3.5): a signed-in citizen asks, optionally about an item, and reads the
//! answers; the hall answers within its promised working days.

use hall_domain::dto::{ConsultAsk, ConsultList, ConsultView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::load::{load, reload};
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::tr;

const MINE: &str = "/api/v1/consultations";

#[component]
pub fn ConsultPage() -> impl IntoView {
    api::set_title(tr!(guide_consult));
    let item = use_query_map().with_untracked(|q| q.get("item").unwrap_or_default());
    let mine = load::<ConsultList>(MINE);
    let signed_out = move || matches!(mine.get(), Some(Err(e)) if e.is_unauthenticated());
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(guide_consult)}</h1>
            <p class="lead">{tr!(consult_lead)}<a href="/faq">{tr!(guide_faq)}</a>{tr!(full_stop)}</p>
            {move || signed_out().then(|| {
                let href = api::sign_in_back_here();
                view! { <p><a href=href rel="external">{tr!(consult_sign_in)}</a></p> }
            })}
            <div hidden=signed_out>
                <AskForm item=item mine=mine/>
            </div>
            {move || match mine.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => ().into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(list)) => view! {
                    <section class="panel" aria-labelledby="consult-mine">
                        <h2 id="consult-mine">{tr!(consult_mine)}</h2>
                        {if list.consultations.is_empty() {
                            view! { <p>{tr!(consult_none)}</p> }.into_any()
                        } else {
                            list.consultations.into_iter().map(|q| view! { <Question q=q/> }).collect_view().into_any()
                        }}
                    </section>
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn AskForm(item: String, mine: RwSignal<Option<Result<ConsultList, ApiError>>>) -> impl IntoView {
    let item = RwSignal::new(item);
    let question = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    let submit = move || {
        let req = ConsultAsk {
            item: item.get_untracked(),
            question: question.get_untracked(),
            idempotency_key: key.get_value(),
        };
        spawn_local(async move {
            match api::post::<ConsultView, _>(MINE, &req).await {
                Ok(_) => {
                    error.set(None);
                    sent.set(true);
                    question.set(String::new());
                    key.set_value(new_key());
                    reload(mine, MINE);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="consult-new">
            <h2 id="consult-new">{tr!(consult_new)}</h2>
            {move || sent.get().then(|| view! {
                <p role="status" class="ok">{tr!(consult_received)}</p>
            })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <div class="field">
                    <label for="consult-item">{tr!(consult_item)}</label>
                    <input id="consult-item" type="text" maxlength="20" aria-describedby="consult-item-error"
                        prop:value=move || item.get() on:input=move |ev| item.set(event_target_value(&ev))/>
                    <FieldError id="consult-item-error" name="item" error=error/>
                </div>
                <div class="field">
                    <label for="consult-question">{tr!(consult_question)}</label>
                    <textarea id="consult-question" maxlength="1000" rows="4" aria-describedby="consult-question-error"
                        prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                    <FieldError id="consult-question-error" name="question" error=error/>
                </div>
                <FormError error=error/>
                <button type="submit">{tr!(consult_submit)}</button>
            </form>
        </section>
    }
}

#[component]
fn Question(q: ConsultView) -> impl IntoView {
    let heading = format!("q-{}", q.id);
    let labelled = heading.clone();
    view! {
        <article class="card" aria-labelledby=labelled>
            <h3 id=heading>{q.question.clone()}</h3>
            <p class="status-line">
                {tr!(booking_status)}<strong>{crate::labels::consult_state(q.state)}</strong>
                {(!q.item_name.is_empty()).then(|| format!(" · {}", q.item_name))}
                {q.due_on.filter(|_| q.answered_at.is_none()).map(|d| tr!(consult_due, date = crate::lang::date(d)))}
            </p>
            {q.answered_at.map(|t| view! {
                <div class="answer">
                    <p><strong>{tr!(consult_answer)}</strong>{q.answer.clone()}</p>
                    <p class="note">{format!("{} · {}", format_time(t), crate::labels::staff(&q.owner))}</p>
                </div>
            })}
        </article>
    }
}
