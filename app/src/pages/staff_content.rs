//! Content editing (standard 6.3.7): publish and edit notices, correct a FAQ entry, edit a
//! guide's conditions and steps; every change is kept with who, when and what, shown beside it.

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{
    Faq, FaqEdit, FaqList, GuideEdit, HistoryList, ItemGuide, Notice, NoticeEdit, NoticeList,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::new_key;
use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::tr;

#[component]
pub fn StaffContentPage() -> impl IntoView {
    api::set_title(tr!(staff_page_content));
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(staff_page_content)}</h1>
            <p class="no-print"><a href="/staff" rel="external">{tr!(staff_back)}</a>" · "<a href="/open" rel="external">{tr!(sct_open)}</a></p>
            <StaffGate action=Action::Read resource=Resource::Content>
                <NoticeDesk/>
                <GuideDesk/>
                <FaqDesk/>
                <Recent/>
            </StaffGate>
        </main>
    }
}

const NOTICES: &str = "/api/v1/notices";

#[component]
fn NoticeDesk() -> impl IntoView {
    let list = load::<NoticeList>(NOTICES);
    let editing = RwSignal::new(None::<Notice>);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let key = StoredValue::new(new_key());
    let save = move || {
        let req = NoticeEdit {
            title: title.get_untracked(),
            body: body.get_untracked(),
            idempotency_key: key.get_value(),
            version: editing.get_untracked().map(|n| n.version),
        };
        let path = match editing.get_untracked() {
            Some(n) => format!("/api/v1/staff/notices/{}", api::encode(&n.id)),
            None => "/api/v1/staff/notices".to_string(),
        };
        let update = editing.get_untracked().is_some();
        spawn_local(async move {
            let r = if update {
                api::put::<Notice, _>(&path, &req).await
            } else {
                api::post::<Notice, _>(&path, &req).await
            };
            match r {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    editing.set(None);
                    title.set(String::new());
                    body.set(String::new());
                    key.set_value(new_key());
                    reload(list, NOTICES);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="c-notices">
            <h2 id="c-notices">{tr!(open_notices)}</h2>
            {move || saved.get().then(|| view! { <p class="ok" role="status">{tr!(sct_saved_public)}</p> })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <p class="note">{move || match editing.get() {
                    Some(n) => tr!(sct_editing, title = &n.title),
                    None => tr!(sct_new).to_string(),
                }}</p>
                <TextField id="notice-title" label={tr!(sct_title)} name="title" value=title error=error maxlength=60/>
                <div class="field">
                    <label for="notice-body">{tr!(sct_body)}</label>
                    <textarea id="notice-body" rows="5" maxlength="5000" aria-describedby="notice-body-error"
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <FieldError id="notice-body-error" name="body" error=error/>
                </div>
                <FormError error=error/>
                <button type="submit">{tr!(sct_save_public)}</button>
            </form>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) => view! {
                    <ul class="plain">
                        {l.notices.into_iter().map(|n| {
                            let label = tr!(sct_edit_label, title = &n.title);
                            let n2 = n.clone();
                            view! {
                                <li>
                                    {tr!(sct_notice_line, title = &n.title, time = format_time(n.updated_at))}" "
                                    <button type="button" class="secondary" aria-label=label on:click=move |_| {
                                        title.set(n2.title.clone());
                                        body.set(n2.body.clone());
                                        editing.set(Some(n2.clone()));
                                        saved.set(false);
                                    }>{tr!(sct_edit)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn GuideDesk() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let guide = RwSignal::new(None::<Result<ItemGuide, ApiError>>);
    let conditions = RwSignal::new(String::new());
    let steps = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let history = RwSignal::new(None::<Result<HistoryList, ApiError>>);
    let show = move |g: ItemGuide| {
        conditions.set(g.item.conditions.join("\n"));
        steps.set(g.item.steps.join("\n"));
        let h = api::with_query(
            "/api/v1/staff/content-history",
            &[("kind", "guide".to_string()), ("ref", g.item.code.clone())],
        );
        guide.set(Some(Ok(g)));
        spawn_local(async move { history.set(Some(api::get::<HistoryList>(&h).await)) });
    };
    let open = move || {
        let c = code.get_untracked().trim().to_uppercase();
        spawn_local(async move {
            match api::get::<ItemGuide>(&format!("/api/v1/items/{}", api::encode(&c))).await {
                Ok(g) => show(g),
                Err(e) => guide.set(Some(Err(e))),
            }
        });
    };
    let save = move || {
        let Some(Ok(g)) = guide.get_untracked() else {
            return;
        };
        let req = GuideEdit {
            conditions: conditions.get_untracked(),
            steps: steps.get_untracked(),
            updated_at: g.updated_at,
        };
        let path = format!("/api/v1/staff/guides/{}", api::encode(&g.item.code));
        spawn_local(async move {
            match api::put::<ItemGuide, _>(&path, &req).await {
                Ok(g) => {
                    error.set(None);
                    show(g);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="c-guides">
            <h2 id="c-guides">{tr!(guides)}</h2>
            <form class="form inline" on:submit=move |ev| { ev.prevent_default(); open(); }>
                <TextField id="guide-code" label={tr!(sas_item_code)} name="code" value=code error=error maxlength=20/>
                <button type="submit" class="secondary">{tr!(sct_open_guide)}</button>
            </form>
            {move || guide.get().map(|g| match g {
                Err(e) => error_box(&e),
                Ok(g) => view! {
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                        <h3>{format!("{}（{}）", g.item.name, g.item.code)}</h3>
                        <p class="note">{g.updated_at.map(|t| tr!(sct_updated, time = format_time(t))).unwrap_or_default()}</p>
                        <div class="field">
                            <label for="guide-conditions">{tr!(sct_conditions)}</label>
                            <textarea id="guide-conditions" rows="5" aria-describedby="guide-conditions-error"
                                prop:value=move || conditions.get() on:input=move |ev| conditions.set(event_target_value(&ev))></textarea>
                            <FieldError id="guide-conditions-error" name="conditions" error=error/>
                        </div>
                        <div class="field">
                            <label for="guide-steps">{tr!(sct_steps)}</label>
                            <textarea id="guide-steps" rows="5" aria-describedby="guide-steps-error"
                                prop:value=move || steps.get() on:input=move |ev| steps.set(event_target_value(&ev))></textarea>
                            <FieldError id="guide-steps-error" name="steps" error=error/>
                        </div>
                        <FormError error=error/>
                        <button type="submit">{tr!(sct_save_guide)}</button>
                    </form>
                    <History list=history/>
                }.into_any(),
            })}
        </section>
    }
}

#[component]
fn FaqDesk() -> impl IntoView {
    let faqs = load::<FaqList>("/api/v1/faqs");
    view! {
        <section class="panel" aria-labelledby="c-faqs">
            <h2 id="c-faqs">{tr!(guide_faq)}</h2>
            {move || match faqs.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) if l.faqs.is_empty() => view! { <p>{tr!(sct_no_faqs)}</p> }.into_any(),
                Some(Ok(l)) => l.faqs.into_iter().take(20).map(|f| view! { <FaqEditor f=f/> }).collect_view().into_any(),
            }}
        </section>
    }
}

#[component]
fn FaqEditor(f: Faq) -> impl IntoView {
    let question = RwSignal::new(f.question.clone());
    let answer = RwSignal::new(f.answer.clone());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let path = StoredValue::new(format!("/api/v1/staff/faqs/{}", api::encode(&f.id)));
    let save = move || {
        let req = FaqEdit {
            question: question.get_untracked(),
            answer: answer.get_untracked(),
            version: None,
        };
        let p = path.get_value();
        spawn_local(async move {
            match api::put::<Faq, _>(&p, &req).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let q_id = format!("faq-q-{}", f.id);
    let q_for = q_id.clone();
    let a_id = format!("faq-a-{}", f.id);
    let a_for = a_id.clone();
    view! {
        <details>
            <summary>{f.question.clone()}</summary>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="field">
                    <label for=q_for>{tr!(sct_question)}</label>
                    <textarea id=q_id rows="2" prop:value=move || question.get()
                        on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for=a_for>{tr!(complaint_reply)}</label>
                    <textarea id=a_id rows="3" prop:value=move || answer.get()
                        on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                </div>
                {move || saved.get().then(|| view! { <p class="ok" role="status">{tr!(me_saved)}</p> })}
                <FormError error=error/>
                <button type="submit" class="secondary">{tr!(save)}</button>
            </form>
        </details>
    }
}

#[component]
fn Recent() -> impl IntoView {
    let list = load::<HistoryList>("/api/v1/staff/content-history");
    view! {
        <section class="panel" aria-labelledby="c-history">
            <h2 id="c-history">{tr!(sct_history)}</h2>
            <History list=list/>
        </section>
    }
}

#[component]
fn History(list: RwSignal<Option<Result<HistoryList, ApiError>>>) -> impl IntoView {
    move || {
        match list.get() {
        None => ().into_any(),
        Some(Err(e)) => error_box(&e),
        Some(Ok(l)) if l.entries.is_empty() => view! { <p>{tr!(sct_no_history)}</p> }.into_any(),
        Some(Ok(l)) => view! {
            <table class="table">
                <caption>{tr!(sct_caption)}</caption>
                <thead><tr>
                    <th scope="col">{tr!(col_time)}</th><th scope="col">{tr!(sct_by)}</th><th scope="col">{tr!(sct_what)}</th>
                    <th scope="col">{tr!(sct_changes)}</th>
                </tr></thead>
                <tbody>
                    {l.entries.into_iter().map(|e| view! {
                        <tr>
                            <td>{format_time(e.at)}</td>
                            <td>{crate::labels::staff(&e.by)}</td>
                            <td>{format!("{} {}", e.kind.as_str(), e.ref_id)}</td>
                            <td>{if e.created { tr!(sct_created).to_string() } else {
                                e.changes.iter().map(|c| tr!(sct_change, field = &c.field, before = &c.before, after = &c.after)).collect::<Vec<_>>().join(tr!(sr_separator))
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any(),
    }
    }
}
