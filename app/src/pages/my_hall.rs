//! My Hall (我的大厅): my profile, my matters with the hall, who read my data, signing out.

use hall_domain::access::Role;
use hall_domain::dto::{
    CitizenProfile, DataReadList, Done, MatterSummary, MyMatters, ProfileUpdate,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::shell::Link;
use crate::tr;

#[component]
pub fn MyHallPage() -> impl IntoView {
    api::set_title(tr!(me_title));
    let profile = load::<CitizenProfile>("/api/v1/me");
    view! {
        <main id="main" class="wrap">
            <h1>{tr!(me_title)}</h1>
            {move || match profile.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(p)) => view! {
                    <Profile profile=p/>
                    <Matters/>
                    <Reads/>
                    <SignOut/>
                }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => view! {
                    <Redirect path="/sign-in?next=/me"/>
                }.into_any(),
                Some(Err(e)) => error_box(&e),
            }}
        </main>
    }
}

#[component]
fn Profile(profile: CitizenProfile) -> impl IntoView {
    let current = RwSignal::new(profile);
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let lang = RwSignal::new(String::new());
    let start = move |_| {
        let p = current.get_untracked();
        lang.set(p.lang.clone());
        name.set(p.name.unwrap_or_default());
        contact.set(p.contact_phone.unwrap_or_default());
        error.set(None);
        saved.set(false);
        editing.set(true);
    };
    let save = move || {
        let verified = current.get_untracked().verified;
        let update = ProfileUpdate {
            // A verified name comes from the identity platform only.
            name: (!verified).then(|| name.get_untracked()),
            contact_phone: Some(contact.get_untracked()),
            id_kind: None,
            id_number: None,
            lang: Some(lang.get_untracked()).filter(|l| !l.is_empty()),
        };
        spawn_local(async move {
            match api::put::<CitizenProfile, _>("/api/v1/me", &update).await {
                Ok(p) => {
                    current.set(p);
                    editing.set(false);
                    saved.set(true);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let row = |label: &'static str, value: Option<String>| {
        view! {
            <dt>{label}</dt>
            <dd>{value.unwrap_or_else(|| tr!(me_not_given).into())}</dd>
        }
    };
    view! {
        <section aria-labelledby="profile-title" class="panel">
            <h2 id="profile-title">{tr!(me_profile)}</h2>
            <Show when=move || saved.get()>
                <p class="ok" role="status">{tr!(me_saved)}</p>
            </Show>
            <Show
                when=move || editing.get()
                fallback=move || {
                    let p = current.get();
                    view! {
                        <dl class="facts">
                            {row(tr!(me_phone), Some(p.phone.clone()))}
                            {row(tr!(me_name), p.name.clone())}
                            {row(tr!(me_contact), p.contact_phone.clone())}
                            {row(tr!(me_id), p.id_kind.map(|k| format!(
                                "{} {}", crate::labels::id_kind(k), p.id_masked.clone().unwrap_or_default()
                            )))}
                            {row(tr!(me_messages_in), message_language(&p.lang))}
                        </dl>
                        {if p.verified {
                            view! { <p class="ok">{tr!(me_verified)}</p> }.into_any()
                        } else {
                            view! {
                                <p class="note">{tr!(me_not_verified)}" "
                                    <a href=verify_href() rel="external">{tr!(me_verify_button)}</a></p>
                            }.into_any()
                        }}
                        <p class="note">{tr!(me_id_note)}</p>
                        <button type="button" on:click=start>{tr!(me_edit)}</button>
                    }
                }
            >
                <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <FormError error=error/>
                    <Show when=move || !current.get().verified>
                        <div class="field">
                            <label for="name">{tr!(me_name)}</label>
                            <input id="name" autocomplete="name" maxlength="30" aria-describedby="name-error"
                                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                            <FieldError id="name-error" name="name" error=error/>
                        </div>
                    </Show>
                    <div class="field">
                        <label for="contact">{tr!(me_contact)}</label>
                        <input id="contact" type="tel" inputmode="numeric" autocomplete="tel" maxlength="20"
                            aria-describedby="contact-error"
                            prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev))/>
                        <FieldError id="contact-error" name="contact_phone" error=error/>
                    </div>
                    <div class="field">
                        <label for="messages-in">{tr!(me_messages_in)}</label>
                        <select id="messages-in" aria-describedby="lang-error" on:change=move |ev| lang.set(event_target_value(&ev))
                            prop:value=move || lang.get()>
                            {crate::lang::CHOICES.map(|(tag, name)| view! { <option value=tag lang=tag>{name}</option> })}
                        </select>
                        <FieldError id="lang-error" name="lang" error=error/>
                    </div>
                    <div class="actions">
                        <button type="submit">{tr!(save)}</button>
                        <button type="button" class="secondary" on:click=move |_| editing.set(false)>{tr!(cancel)}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// Real-name sign-in, back to My Hall.
fn verify_href() -> String {
    api::with_query(
        "/api/v1/auth/oidc/start",
        &[
            ("next", "/me".to_string()),
            ("lang", crate::lang::page_tag()),
        ],
    )
}

/// The language messages are written in, named in itself.
fn message_language(tag: &str) -> Option<String> {
    crate::lang::CHOICES
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, name)| name.to_string())
}

fn as_written(m: MatterSummary) -> String {
    m.title
}

#[component]
fn Matters() -> impl IntoView {
    let matters = load::<MyMatters>("/api/v1/me/matters");
    // A matter's name: what the hall or the citizen wrote (an item, a question), or, for a
    // complaint or a rating, its number in the reader's language.
    let list = |title: &'static str,
                empty: &'static str,
                link: Option<(&'static str, &'static str)>,
                name: fn(MatterSummary) -> String,
                items: Vec<MatterSummary>| {
        view! {
            <section class="matter-list" aria-label=title>
                <h3>{title}</h3>
                {if items.is_empty() {
                    view! {
                        <p class="empty-note">{empty}" "{link.map(|(href, label)| view! { <Link href=href>{label}</Link> })}</p>
                    }.into_any()
                } else {
                    view! {
                        <ul>{items.into_iter().map(|m| {
                            let (href, record, at) = (m.href.clone(), m.record, m.at);
                            let text = name(m);
                            view! {
                                <li>
                                    {match href {
                                        Some(href) => view! { <a href=href rel="external">{text}</a> }.into_any(),
                                        None => view! { <span>{text}</span> }.into_any(),
                                    }}
                                    " · "{crate::labels::record(record)}" · "{format_time(at)}
                                </li>
                            }
                        }).collect_view()}</ul>
                    }.into_any()
                }}
            </section>
        }
    };
    view! {
        <section aria-labelledby="matters-title" class="panel">
            <h2 id="matters-title">{tr!(me_matters)}</h2>
            {move || match matters.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(m)) => view! {
                    {list(tr!(me_bookings), tr!(me_no_bookings), Some(("/search", tr!(me_find_bookable))), as_written, m.appointments)}
                    {if m.applications_need_real_name {
                        view! {
                            <section class="matter-list" aria-label=tr!(me_applications)>
                                <h3>{tr!(me_applications)}</h3>
                                <p class="empty-note">{tr!(me_applications_need_real_name)}" "
                                    <a href=verify_href() rel="external">{tr!(me_verify_button)}</a></p>
                            </section>
                        }.into_any()
                    } else {
                        list(tr!(me_applications), tr!(me_no_applications), Some(("/search", tr!(me_see_guides))), as_written, m.applications).into_any()
                    }}
                    <p><a href="/proxy" rel="external">{tr!(me_proxy)}</a></p>
                    {list(tr!(me_consultations), tr!(me_no_consultations), None, as_written, m.consultations)}
                    {list(tr!(me_complaints), tr!(me_no_complaints), None, |m| tr!(me_complaint_n, id = &m.id), m.complaints)}
                    {list(tr!(me_ratings), tr!(me_no_ratings), None, |m| tr!(me_rating_n, id = &m.id), m.ratings)}
                }.into_any(),
                Some(Err(e)) => error_box(&e),
            }}
        </section>
    }
}

#[component]
fn Reads() -> impl IntoView {
    let reads = load::<DataReadList>("/api/v1/me/reads");
    view! {
        <section aria-labelledby="reads-title" class="panel">
            <h2 id="reads-title">{tr!(me_reads)}</h2>
            <p class="note">{tr!(me_reads_note)}</p>
            {move || match reads.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(list)) => {
                            if list.reads.is_empty() {
                                view! { <p class="empty-note">{tr!(me_no_reads)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-label={tr!(me_reads_table)}>
                                        <table class="reads">
                                            <caption class="visually-hidden">{tr!(me_reads_caption)}</caption>
                                            <thead><tr><th scope="col">{tr!(col_time)}</th><th scope="col">{tr!(col_role)}</th><th scope="col">{tr!(col_department)}</th><th scope="col">{tr!(col_reason)}</th></tr></thead>
                                            <tbody>
                                                {list.reads.into_iter().map(|r| view! {
                                                    <tr>
                                                        <td>{format_time(r.at)}</td>
                                                        <td>{role_label(r.role)}</td>
                                                        <td>{if r.departments.is_empty() { tr!(me_hall).to_string() } else { r.departments.join(tr!(list_separator)) }}</td>
                                                        <td>{crate::labels::read_why(&r.action, &r.reason)}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }
                }
            }}
        </section>
    }
}

fn role_label(role: Role) -> &'static str {
    crate::labels::role(role)
}

#[component]
fn SignOut() -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let out = move |path: &'static str| {
        spawn_local(async move {
            match api::post::<Done, _>(path, &()).await {
                Ok(_) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href("/");
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="signout-title" class="panel">
            <h2 id="signout-title">{tr!(me_sign_out)}</h2>
            <FormError error=error/>
            <div class="actions">
                <button type="button" on:click=move |_| out("/api/v1/auth/sign-out")>{tr!(me_sign_out)}</button>
                <button type="button" class="secondary" on:click=move |_| out("/api/v1/me/sign-out-all")>{tr!(me_sign_out_all)}</button>
            </div>
        </section>
    }
}
