//! 好差评 (standard 5.9): the citizen who was served rates the service, once: five levels and
//! each dimension of the service, with an optional comment. Reached from the ticket page once
//! served, and from the application page once decided.

use hall_domain::dto::{DimensionLevel, RatingSubmit, RatingTarget, RatingView};
use hall_domain::rating::{Dimension, Kind, Level};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::form::FormError;
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn RatePage() -> impl IntoView {
    api::set_title(tr!(rate_title));
    let (kind, subject) = use_params_map().with_untracked(|p| {
        (
            p.get("kind").unwrap_or_default(),
            p.get("subject").unwrap_or_default(),
        )
    });
    let path = format!(
        "/api/v1/ratings/{}/{}",
        api::encode(&kind),
        api::encode(&subject)
    );
    let target = load::<RatingTarget>(&path);
    let here = format!("/rate/{kind}/{subject}");
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(rate_title)}</h1>
            {move || match target.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthenticated() => {
                    let href = api::with_query("/sign-in", &[("next", here.clone())]);
                    view! { <p><a href=href rel="external">{tr!(rate_sign_in)}</a>{tr!(rate_sign_in_tail)}</p> }.into_any()
                }
                Some(Err(e)) => error_box(&e),
                Some(Ok(t)) => view! { <Target t=t target=target/> }.into_any(),
            }}
        </main>
    }
}

/// What is rated, in the reader's language: the item and the window or the tracking number.
fn what(t: &RatingTarget) -> String {
    match (t.kind, &t.window) {
        (Kind::OnSite, Some(w)) => tr!(rate_what_window, item = &t.item_name, window = w),
        (Kind::Online, _) => tr!(rate_what_application, item = &t.item_name, no = &t.subject),
        _ => t.item_name.clone(),
    }
}

/// Why the citizen may not rate, by the refusal's code.
fn refusal(code: &str) -> Option<&'static str> {
    Some(match code {
        "rating.not_finished" => tr!(rate_not_finished),
        "rating.not_yours" => tr!(rate_not_yours),
        "rating.already_rated" => tr!(rate_already_rated),
        "rating.staff" => tr!(rate_staff),
        _ => return None,
    })
}

#[component]
fn Target(
    t: RatingTarget,
    target: RwSignal<Option<Result<RatingTarget, ApiError>>>,
) -> impl IntoView {
    if let Some(r) = t.rating.clone() {
        return view! { <Given r=r title=what(&t)/> }.into_any();
    }
    if let Some(code) = &t.refusal {
        let message = refusal(code)
            .map(str::to_string)
            .unwrap_or_else(|| t.refusal_message.clone());
        return view! {
            <div class="error-box" role="alert"><p>{message}</p></div>
        }
        .into_any();
    }
    view! { <RateForm t=t target=target/> }.into_any()
}

#[component]
fn Given(r: RatingView, title: String) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="rated">
            <h2 id="rated">{title}</h2>
            <p role="status" class="ok">{tr!(rate_yours, level = crate::labels::level(r.level), default = if r.is_default { tr!(rate_default) } else { "" })}</p>
            <ul class="plain">
                {r.dimensions.iter().map(|d| view! { <li>{tr!(rate_dimension, dimension = crate::labels::dimension(d.dimension), level = crate::labels::level(d.level))}</li> }).collect_view()}
            </ul>
            {(!r.comment.is_empty()).then(|| view! { <p>{tr!(rate_comment_given, comment = &r.comment)}</p> })}
            {(!r.reply.is_empty()).then(|| view! { <div class="answer"><p><strong>{tr!(rate_reply)}</strong>{r.reply.clone()}</p></div> })}
        </section>
    }
}

#[component]
fn RateForm(
    t: RatingTarget,
    target: RwSignal<Option<Result<RatingTarget, ApiError>>>,
) -> impl IntoView {
    let level = RwSignal::new(None::<Level>);
    let dims: Vec<(Dimension, RwSignal<Option<Level>>)> = t
        .dimensions
        .iter()
        .map(|d| (*d, RwSignal::new(None)))
        .collect();
    let dims = StoredValue::new(dims);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let missing = RwSignal::new(false);
    let kind = t.kind;
    let subject = StoredValue::new(t.subject.clone());
    let send = move || {
        let Some(l) = level.get_untracked() else {
            missing.set(true);
            return;
        };
        missing.set(false);
        let req = RatingSubmit {
            kind,
            subject: subject.get_value(),
            level: l,
            dimensions: dims.with_value(|ds| {
                ds.iter()
                    .filter_map(|(d, s)| {
                        s.get_untracked().map(|level| DimensionLevel {
                            dimension: *d,
                            level,
                        })
                    })
                    .collect()
            }),
            comment: comment.get_untracked(),
        };
        spawn_local(async move {
            match api::post::<RatingView, _>("/api/v1/ratings", &req).await {
                Ok(_) => {
                    let path = format!(
                        "/api/v1/ratings/{}/{}",
                        kind.as_str(),
                        api::encode(&subject.get_value())
                    );
                    target.set(Some(api::get::<RatingTarget>(&path).await));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let scale = |name: String, legend: String, value: RwSignal<Option<Level>>| {
        view! {
            <fieldset class="rating-scale">
                <legend>{legend}</legend>
                {Level::ALL.into_iter().map(|l| {
                    let id = format!("{name}-{}", l.as_str());
                    let for_id = id.clone();
                    let group = name.clone();
                    view! {
                        <label class="check" for=for_id>
                            <input type="radio" id=id name=group
                                prop:checked=move || value.get() == Some(l)
                                on:change=move |_| value.set(Some(l))/>
                            {crate::labels::level(l)}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <section class="panel" aria-labelledby="rate-what">
            <h2 id="rate-what">{what(&t)}</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); send(); }>
                {scale("overall".into(), tr!(rate_overall).into(), level)}
                <details>
                    <summary>{tr!(rate_details)}</summary>
                    {dims.with_value(|ds| ds.iter().map(|(d, s)| {
                        scale(format!("dim-{}", dimension_key(*d)), crate::labels::dimension(*d).to_string(), *s)
                    }).collect_view())}
                </details>
                <div class="field">
                    <label for="rate-comment">{tr!(rate_comment)}</label>
                    <textarea id="rate-comment" maxlength="500" rows="3"
                        prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                {move || missing.get().then(|| view! { <p class="form-error" role="alert">{tr!(rate_missing)}</p> })}
                <FormError error=error/>
                <button type="submit">{tr!(rate_submit)}</button>
            </form>
            <p class="note">{tr!(rate_note)}</p>
        </section>
    }
}

fn dimension_key(d: Dimension) -> &'static str {
    match d {
        Dimension::Efficiency => "efficiency",
        Dimension::Skill => "skill",
        Dimension::Attitude => "attitude",
        Dimension::OnlineEfficiency => "online-efficiency",
        Dimension::GuideAccuracy => "guide",
        Dimension::Convenience => "convenience",
        Dimension::Operability => "operability",
    }
}
