//! One complaint as its complainant follows it: where it stands and what is due when, the
//! reply, every step; information and photos can be added while it is open, and the handling
//! rated once it is replied to.

use hall_domain::complaint::MAX_ATTACHMENTS;
use hall_domain::dto::{AttachmentUpload, ComplaintInformation, ComplaintRate, ComplaintView};
use hall_domain::rating::Level;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use wasm_bindgen::JsCast;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::image::shrink_to_jpeg;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::components::timeline::Timeline;
use crate::pages::complaints::MINE;
use crate::tr;

type One = RwSignal<Option<Result<ComplaintView, ApiError>>>;

#[component]
pub fn ComplaintPage() -> impl IntoView {
    api::set_title(tr!(complaint_progress));
    let no = use_params_map().with_untracked(|p| p.get("no").unwrap_or_default());
    let fresh = use_query_map().with_untracked(|q| q.get("new").is_some());
    let path = format!("{MINE}/{}", api::encode(&no));
    let one = load::<ComplaintView>(&path);
    let path = StoredValue::new(path);
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(complaint_no, no = &no)}</h1>
            <p class="no-print"><a href="/complaints">{tr!(complaint_back)}</a></p>
            {fresh.then(|| view! {
                <p class="ok" role="status">{tr!(complaint_submitted)}</p>
            })}
            {move || match one.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => {
                    let href = api::with_query("/sign-in", &[("next", format!("/complaints/{no}"))]);
                    view! { <p><a href=href rel="external">{tr!(complaint_sign_in)}</a></p> }.into_any()
                }
                Some(Err(e)) => error_box(&e),
                Some(Ok(c)) => view! { <Detail c=c one=one path=path.get_value()/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Detail(c: ComplaintView, one: One, path: String) -> impl IntoView {
    let due = match (c.days_left, c.due_on) {
        (Some(d), Some(on)) if d < 0 => tr!(complaint_overdue, date = crate::lang::date(on)),
        (Some(_), Some(on)) => tr!(complaint_due, date = crate::lang::date(on)),
        _ => String::new(),
    };
    let images = crate::components::image::thumbnails(&path, &c.attachments);
    let may_add = c.may_add_information;
    let may_rate = c.may_rate;
    let photo_room = c.attachments.len() < MAX_ATTACHMENTS;
    view! {
        <section class="panel" aria-labelledby="complaint-state">
            <h2 id="complaint-state">{tr!(complaint_state)}</h2>
            <p class="status-line">{tr!(booking_status)}<strong>{crate::labels::complaint_state(c.state)}</strong></p>
            {(!due.is_empty()).then(|| view! { <p>{due.clone()}</p> })}
            <dl class="facts">
                <dt>{tr!(complaint_category)}</dt><dd>{crate::labels::complaint_category(c.category)}</dd>
                <dt>{tr!(complaint_submitted_on)}</dt><dd>{crate::lang::date(c.submitted_on)}</dd>
                {(!c.window.is_empty()).then(|| view! { <dt>{tr!(complaint_window)}</dt><dd>{c.window.clone()}</dd> })}
                {(!c.staff_no.is_empty()).then(|| view! { <dt>{tr!(complaint_staff_no)}</dt><dd>{c.staff_no.clone()}</dd> })}
                {(!c.item_name.is_empty()).then(|| view! { <dt>{tr!(credit_item)}</dt><dd>{c.item_name.clone()}</dd> })}
                {(!c.department.is_empty()).then(|| view! { <dt>{tr!(app_department)}</dt><dd>{c.department.clone()}</dd> })}
                <dt>{tr!(complaint_confidential)}</dt><dd>{if c.confidential { tr!(complaint_confidential_yes) } else { tr!(complaint_no_answer) }}</dd>
                {(!c.decline_reason.is_empty()).then(|| view! { <dt>{tr!(complaint_decline_reason)}</dt><dd>{c.decline_reason.clone()}</dd> })}
            </dl>
            <h3>{tr!(complaint_facts)}</h3>
            <p class="pre">{c.facts.clone()}</p>
            {(!c.attachments.is_empty()).then_some(images)}
            {(!c.reply.is_empty()).then(|| view! {
                <div class="answer">
                    <h3>{tr!(complaint_reply)}</h3>
                    <p class="pre">{c.reply.clone()}</p>
                </div>
            })}
            {c.rating.clone().map(|r| view! {
                <p>{tr!(complaint_rated, level = crate::labels::level(r.level), resolved = if r.resolved { tr!(complaint_resolved) } else { tr!(complaint_unresolved) })}</p>
            })}
        </section>
        {may_rate.then(|| view! { <RateForm one=one path=path.clone()/> })}
        {may_add.then(|| view! { <AddForm one=one path=path.clone() photo_room=photo_room/> })}
        <section class="panel" aria-labelledby="complaint-steps">
            <h2 id="complaint-steps">{tr!(complaint_steps)}</h2>
            <Timeline events=c.events.clone()/>
        </section>
    }
}

#[component]
fn AddForm(one: One, path: String, photo_room: bool) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let photo_error = RwSignal::new(None::<String>);
    let key = StoredValue::new(new_key());
    let path = StoredValue::new(path);
    let send = move || {
        let req = ComplaintInformation {
            text: text.get_untracked(),
            idempotency_key: key.get_value(),
        };
        let p = format!("{}/information", path.get_value());
        spawn_local(async move {
            match api::post::<ComplaintView, _>(&p, &req).await {
                Ok(v) => {
                    error.set(None);
                    text.set(String::new());
                    key.set_value(new_key());
                    one.set(Some(Ok(v)));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let p = format!("{}/attachments", path.get_value());
        spawn_local(async move {
            let data = match shrink_to_jpeg(&file).await {
                Ok(d) => d,
                Err(msg) => {
                    photo_error.set(Some(msg));
                    return;
                }
            };
            let upload = AttachmentUpload {
                content_type: "image/jpeg".into(),
                data,
                idempotency_key: new_key(),
            };
            match api::post::<ComplaintView, _>(&p, &upload).await {
                Ok(v) => {
                    photo_error.set(None);
                    one.set(Some(Ok(v)));
                }
                Err(e) => photo_error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="panel no-print" aria-labelledby="complaint-add">
            <h2 id="complaint-add">{tr!(complaint_add)}</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <div class="field">
                    <label for="complaint-more">{tr!(complaint_more)}</label>
                    <textarea id="complaint-more" maxlength="2000" rows="3" aria-describedby="complaint-more-error"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <FieldError id="complaint-more-error" name="text" error=error/>
                </div>
                <FormError error=error/>
                <button type="submit">{tr!(complaint_add_submit)}</button>
            </form>
            {photo_room.then(|| view! {
                <div class="field">
                    <label for="complaint-more-photo">{tr!(complaint_more_photo)}</label>
                    <input id="complaint-more-photo" type="file" accept="image/jpeg,image/png,image/webp"
                        aria-describedby="complaint-more-photo-error" on:change=pick/>
                    <span id="complaint-more-photo-error" class="field-error">{move || photo_error.get()}</span>
                </div>
            })}
        </section>
    }
}

#[component]
fn RateForm(one: One, path: String) -> impl IntoView {
    let level = RwSignal::new(None::<Level>);
    let resolved = RwSignal::new(true);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let missing = RwSignal::new(false);
    let path = StoredValue::new(path);
    let send = move || {
        let Some(l) = level.get_untracked() else {
            missing.set(true);
            return;
        };
        missing.set(false);
        let req = ComplaintRate {
            level: l,
            resolved: resolved.get_untracked(),
            comment: comment.get_untracked(),
        };
        let p = format!("{}/rating", path.get_value());
        spawn_local(async move {
            match api::post::<ComplaintView, _>(&p, &req).await {
                Ok(v) => one.set(Some(Ok(v))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel no-print" aria-labelledby="complaint-rate">
            <h2 id="complaint-rate">{tr!(complaint_rate)}</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <fieldset>
                    <legend>{tr!(complaint_rate_legend)}</legend>
                    {Level::ALL.into_iter().map(|l| {
                        let id = format!("rate-{}", l.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="rate-level"
                                    prop:checked=move || level.get() == Some(l)
                                    on:change=move |_| level.set(Some(l))/>
                                {crate::labels::level(l)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label class="check" for="rate-resolved">
                    <input type="checkbox" id="rate-resolved"
                        prop:checked=move || resolved.get()
                        on:change=move |ev| resolved.set(event_target_checked(&ev))/>
                    {tr!(complaint_solved_check)}
                </label>
                <div class="field">
                    <label for="rate-comment">{tr!(complaint_rate_comment)}</label>
                    <textarea id="rate-comment" maxlength="500" rows="2"
                        prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                {move || missing.get().then(|| view! { <p class="form-error" role="alert">{tr!(complaint_rate_missing)}</p> })}
                <FormError error=error/>
                <button type="submit">{tr!(rate_submit)}</button>
            </form>
        </section>
    }
}
