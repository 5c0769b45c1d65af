//! 投诉 (standard 5.8, 6.5, 7.3): a signed-in citizen complains, naming what it is about, and
//! adds photos; the hall accepts within a working day and replies within its promised working
//! days. The citizen's complaints are listed below, each with its number to follow.

use hall_domain::complaint::{Category, MAX_ATTACHMENTS};
use hall_domain::dto::{AttachmentUpload, ComplaintList, ComplaintSubmit, ComplaintView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::image::shrink_to_jpeg;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::tr;

pub const MINE: &str = "/api/v1/complaints";

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    api::set_title(tr!(complaints_title));
    let mine = load::<ComplaintList>(MINE);
    let signed_out = move || matches!(mine.get(), Some(Err(e)) if e.is_unauthenticated());
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(complaints_title)}</h1>
            <p class="lead">{tr!(complaints_lead)}</p>
            {move || signed_out().then(|| {
                let href = api::with_query("/sign-in", &[("next", "/complaints".to_string())]);
                view! { <p><a href=href rel="external">{tr!(complaints_sign_in)}</a>{tr!(complaints_sign_in_tail)}</p> }
            })}
            <div hidden=signed_out>
                <ComplaintForm/>
            </div>
            {move || match mine.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => ().into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(list)) => view! {
                    <section class="panel" aria-labelledby="complaints-mine">
                        <h2 id="complaints-mine">{tr!(complaints_mine)}</h2>
                        {if list.complaints.is_empty() {
                            view! { <p>{tr!(complaints_none)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {list.complaints.into_iter().map(|c| view! { <Line c=c/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Line(c: ComplaintView) -> impl IntoView {
    let href = format!("/complaints/{}", c.no);
    let facts: String = c.facts.chars().take(40).collect();
    view! {
        <li>
            <a href=href>{tr!(complaint_no, no = &c.no)}</a>
            {format!(" · {} · {} · {}", crate::labels::complaint_state(c.state), crate::lang::date(c.submitted_on), facts)}
        </li>
    }
}

/// The photos chosen, made small, ready to send after the complaint is stored.
type Photos = RwSignal<Vec<String>>;

#[component]
fn ComplaintForm() -> impl IntoView {
    let item = use_query_map().with_untracked(|q| q.get("item").unwrap_or_default());
    let category = RwSignal::new(Category::Conduct);
    let window =
        RwSignal::new(use_query_map().with_untracked(|q| q.get("window").unwrap_or_default()));
    let staff_no = RwSignal::new(String::new());
    let item = RwSignal::new(item);
    let facts = RwSignal::new(String::new());
    let confidential = RwSignal::new(false);
    let photos: Photos = RwSignal::new(Vec::new());
    let photo_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    let navigate = use_navigate();
    let photo_keys = StoredValue::new(Vec::<String>::new());
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        spawn_local(async move {
            for f in chosen {
                if photos.get_untracked().len() >= MAX_ATTACHMENTS {
                    photo_error.set(Some(tr!(complaints_max_photos, n = MAX_ATTACHMENTS)));
                    break;
                }
                match shrink_to_jpeg(&f).await {
                    Ok(b64) => {
                        photo_error.set(None);
                        photos.update(|p| p.push(b64));
                        photo_keys.update_value(|k| k.push(new_key()));
                    }
                    Err(msg) => photo_error.set(Some(msg)),
                }
            }
        });
    };
    let submit = move || {
        let req = ComplaintSubmit {
            category: category.get_untracked(),
            window: window.get_untracked(),
            staff_no: staff_no.get_untracked(),
            item: item.get_untracked(),
            facts: facts.get_untracked(),
            confidential: confidential.get_untracked(),
            idempotency_key: key.get_value(),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let stored = match api::post::<ComplaintView, _>(MINE, &req).await {
                Ok(c) => c,
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                    return;
                }
            };
            let keys = photo_keys.get_value();
            for (data, k) in photos.get_untracked().into_iter().zip(keys) {
                let upload = AttachmentUpload {
                    content_type: "image/jpeg".into(),
                    data,
                    idempotency_key: k,
                };
                let path = format!("{MINE}/{}/attachments", api::encode(&stored.no));
                if let Err(e) = api::post::<ComplaintView, _>(&path, &upload).await {
                    // The complaint is stored; its page offers to add the photo again.
                    leptos::logging::warn!("photo not sent: {e}");
                }
            }
            navigate(
                &format!("/complaints/{}?new=1", stored.no),
                Default::default(),
            );
        });
    };
    let categories = [
        Category::Conduct,
        Category::Department,
        Category::Suggestion,
    ];
    view! {
        <section class="panel" aria-labelledby="complaint-new">
            <h2 id="complaint-new">{tr!(complaints_new)}</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset>
                    <legend>{tr!(complaint_category)}</legend>
                    {categories.into_iter().map(|c| {
                        let id = format!("cat-{}", c.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="category"
                                    prop:checked=move || category.get() == c
                                    on:change=move |_| category.set(c)/>
                                {crate::labels::complaint_category(c)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="note">{tr!(complaints_subject)}</p>
                <TextField id="complaint-window" label={tr!(complaints_window)} name="window" value=window error=error maxlength=10/>
                <TextField id="complaint-staff" label={tr!(complaints_staff)} name="staff_no" value=staff_no error=error maxlength=20/>
                <TextField id="complaint-item" label={tr!(complaints_item)} name="item" value=item error=error maxlength=20/>
                <div class="field">
                    <label for="complaint-facts">{tr!(complaints_facts)}</label>
                    <textarea id="complaint-facts" maxlength="2000" rows="6" aria-describedby="complaint-facts-error"
                        prop:value=move || facts.get() on:input=move |ev| facts.set(event_target_value(&ev))></textarea>
                    <FieldError id="complaint-facts-error" name="facts" error=error/>
                </div>
                <div class="field">
                    <label for="complaint-photos">{tr!(complaints_photos, n = MAX_ATTACHMENTS)}</label>
                    <input id="complaint-photos" type="file" accept="image/jpeg,image/png,image/webp" multiple
                        aria-describedby="complaint-photos-note" on:change=pick/>
                    <span id="complaint-photos-note" class="field-error">{move || photo_error.get()}</span>
                    <p class="note" role="status">{move || match photos.get().len() {
                        0 => String::new(),
                        n => tr!(complaints_chosen, n = n),
                    }}</p>
                </div>
                <label class="check" for="complaint-confidential">
                    <input type="checkbox" id="complaint-confidential"
                        prop:checked=move || confidential.get()
                        on:change=move |ev| confidential.set(event_target_checked(&ev))/>
                    {tr!(complaints_confidential)}
                </label>
                <FormError error=error/>
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { tr!(busy_submitting) } else { tr!(complaints_submit) }}
                </button>
            </form>
        </section>
    }
}
