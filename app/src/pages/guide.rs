//! The full service guide of one item (standard 5.3.1 and 6.3.2): conditions, materials,
//! procedure, time limits and fees, all at once; printable (6.3.8).

use crate::shell::Link;
use hall_domain::catalogue::{ItemKind, Tongban};
use hall_domain::dto::{FaqList, ItemGuide};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::load::{load, load_with};
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn GuidePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    let guide = load_with::<ItemGuide>(move || {
        Ok(api::in_reader_lang(&format!(
            "/api/v1/items/{}",
            api::encode(&code())
        )))
    });
    view! {
        <main id="main" class="wrap guide">
            {move || match guide.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(g)) => {
                    api::set_title(&g.item.name);
                    view! { <Guide guide=g/> }.into_any()
                }
                Some(Err(e)) if e.is_not_found() => {
                    api::set_title(tr!(guide_not_found));
                    view! {
                        <h1>{tr!(guide_not_found)}</h1>
                        <p>{tr!(guide_not_found_why)}</p>
                        <p><Link href="/search">{tr!(guide_search)}</Link></p>
                    }.into_any()
                }
                Some(Err(e)) => error_box(&e),
            }}
        </main>
    }
}

fn yes_no(b: bool, yes: &'static str, no: &'static str) -> &'static str {
    if b {
        yes
    } else {
        no
    }
}

#[component]
fn Guide(guide: ItemGuide) -> impl IntoView {
    let item = guide.item;
    let limit = |days: u16| match item.kind {
        ItemKind::Immediate => tr!(guide_on_spot).to_string(),
        ItemKind::Promised => tr!(guide_days, days = days),
    };
    let promised = limit(item.promised_limit_workdays);
    let legal = limit(item.legal_limit_workdays);
    let due = guide.promised_by_if_accepted_today.map(|d| {
        tr!(
            guide_due,
            date = crate::lang::date(d),
            weekday = crate::lang::weekday(d.weekday())
        )
    });
    let fee = match &item.fee {
        None => tr!(item_free).to_string(),
        Some(f) => crate::lang::money(f.amount_fen),
    };
    let fee_basis = item.fee.as_ref().map(|f| f.basis.clone());
    let channels = item
        .channels
        .iter()
        .map(|c| crate::labels::channel(*c))
        .collect::<Vec<_>>()
        .join(tr!(list_separator));
    let audience = item
        .audience
        .iter()
        .map(|a| crate::labels::audience(*a))
        .collect::<Vec<_>>()
        .join(tr!(list_separator));
    let tongban: Tongban = item.tongban;
    let any_waivable = item.materials.iter().any(|m| m.waivable);
    let packages = guide.packages;
    view! {
        <nav class="breadcrumb no-print" aria-label={tr!(breadcrumb)}>
            <Link href="/">{tr!(nav_home)}</Link>" › "<Link href="/search">{tr!(guides)}</Link>" › "<span aria-current="page">{item.name.clone()}</span>
        </nav>
        <h1>{item.name.clone()}</h1>
        <p class="meta">{guide.department_name.clone()}" · "{item.category.clone()}{tr!(guide_code)}{item.code.clone()}</p>
        {guide.updated_at.map(|t| view! {
            <p class="note">{tr!(guide_updated, time = crate::components::time::format_time(t))}</p>
        })}
        <p class="no-print">
            <button type="button" class="print-button" on:click=|_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }>{tr!(guide_print)}</button>
        </p>

        <section aria-labelledby="g-basic">
            <h2 id="g-basic">{tr!(guide_basic)}</h2>
            <dl class="facts">
                <dt>{tr!(filter_audience)}</dt><dd>{audience}</dd>
                <dt>{tr!(guide_kind)}</dt><dd>{crate::labels::item_kind(item.kind)}</dd>
                <dt>{tr!(guide_legal_limit)}</dt><dd>{legal}</dd>
                <dt>{tr!(guide_promised_limit)}</dt>
                <dd>{promised}{due.map(|d| view! { <span class="line note">{d}</span> })}</dd>
                <dt>{tr!(guide_fee)}</dt><dd>{fee}{fee_basis.map(|b| view! { <span class="line note">{b}</span> })}</dd>
                <dt>{tr!(guide_channels)}</dt><dd>{channels}</dd>
                <dt>{tr!(filter_tongban)}</dt><dd>{crate::labels::tongban(tongban)}<span class="line note">{crate::labels::tongban_explain(tongban)}</span></dd>
                <dt>{tr!(guide_rongque)}</dt><dd>{yes_no(item.rongque, tr!(guide_rongque_yes), tr!(not_applicable))}</dd>
                <dt>{tr!(guide_mail)}</dt><dd>{yes_no(item.mail_delivery, tr!(guide_mail_yes), tr!(guide_mail_no))}</dd>
                <dt>{tr!(guide_booking)}</dt>
                <dd>
                    {yes_no(item.appointment, tr!(guide_booking_yes), tr!(guide_booking_no))}
                    {item.appointment.then(|| view! {
                        " "<a class="button" href=format!("/book/{}", item.code) rel="external">{tr!(guide_book)}</a>
                    })}
                </dd>
                {item.channels.contains(&hall_domain::catalogue::Channel::Online).then(|| view! {
                    <dt>{tr!(guide_online)}</dt>
                    <dd>{tr!(guide_online_text)}
                        <a class="button" href=format!("/online/{}", item.code) rel="external">{tr!(guide_online)}</a>
                    </dd>
                })}
                <dt>{tr!(guide_proxy)}</dt>
                <dd>{tr!(guide_proxy_text)}
                    <a href=format!("/proxy?item={}", item.code) rel="external">{tr!(guide_proxy_apply)}</a>
                </dd>
            </dl>
        </section>

        <section aria-labelledby="g-conditions">
            <h2 id="g-conditions">{tr!(guide_conditions)}</h2>
            <ol>{item.conditions.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ol>
        </section>

        <section aria-labelledby="g-materials">
            <h2 id="g-materials">{tr!(guide_materials)}</h2>
            <div class="table-wrap">
                <table class="materials">
                    <caption class="visually-hidden">{tr!(guide_materials_of, item = &item.name)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr!(guide_col_no)}</th>
                            <th scope="col">{tr!(guide_col_name)}</th>
                            <th scope="col">{tr!(guide_col_form)}</th>
                            <th scope="col">{tr!(guide_col_copies)}</th>
                            <th scope="col">{tr!(guide_col_required)}</th>
                            <th scope="col">{tr!(guide_col_waivable)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {item.materials.iter().enumerate().map(|(i, m)| view! {
                            <tr class:waivable=m.waivable>
                                <td data-label={tr!(guide_col_no)}>{i + 1}</td>
                                <td data-label={tr!(guide_col_name)}>{m.name.clone()}</td>
                                <td data-label={tr!(guide_col_form)}>{crate::labels::material(m.kind)}</td>
                                <td data-label={tr!(guide_col_copies)}>{m.copies}</td>
                                <td data-label={tr!(guide_col_required)}>{yes_no(m.required, tr!(guide_required), tr!(guide_if))}</td>
                                <td data-label={tr!(guide_col_waivable)}>{yes_no(m.waivable, tr!(guide_waivable), "—")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="note">{tr!(guide_electronic_note)}
                {any_waivable.then_some(tr!(guide_waivable_note))}
            </p>
        </section>

        <section aria-labelledby="g-steps">
            <h2 id="g-steps">{tr!(guide_steps)}</h2>
            <ol class="steps">{item.steps.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
        </section>

        {(!packages.is_empty()).then(move || view! {
            <section aria-labelledby="g-packages">
                <h2 id="g-packages">{tr!(guide_packages)}</h2>
                <ul>
                    {packages.into_iter().map(|p| view! {
                        <li><Link href=format!("/packages/{}", p.code)>{p.name}</Link></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <Faqs code=item.code.clone()/>
        <p class="print-only">{tr!(guide_printed, code = &item.code)}</p>
    }
}

/// The item's published questions and answers, and where to ask another.
#[component]
fn Faqs(code: String) -> impl IntoView {
    let faqs = load::<FaqList>(api::with_query("/api/v1/faqs", &[("item", code.clone())]));
    view! {
        <section aria-labelledby="g-faq" class="no-print">
            <h2 id="g-faq">{tr!(guide_faq)}</h2>
            {move || faqs.get().and_then(Result::ok).filter(|l| !l.faqs.is_empty()).map(|l| view! {
                <dl class="faq">
                    {l.faqs.into_iter().map(|f| view! { <dt>{f.question}</dt><dd>{f.answer}</dd> }).collect_view()}
                </dl>
            })}
            <p>{tr!(guide_more)}<a href=format!("/consult?item={code}") rel="external">{tr!(guide_consult)}</a></p>
        </section>
    }
}
