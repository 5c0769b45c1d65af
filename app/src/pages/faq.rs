//! 常见问题 (standard 6.4): the public FAQ, published by staff from answered questions and
//! searched like the guides.

use hall_domain::dto::FaqList;
use leptos::prelude::*;

use crate::api;
use crate::components::load::load_with;
use crate::components::status::{error_box, Loading};
use crate::tr;

#[component]
pub fn FaqPage() -> impl IntoView {
    api::set_title(tr!(faq_title));
    let text = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let list = load_with::<FaqList>(move || {
        Ok(api::in_reader_lang(&api::with_query(
            "/api/v1/faqs",
            &[("q", query.get())],
        )))
    });
    // Staff write the questions and answers in Chinese: a reader of another language is told,
    // and a screen reader reads them with a Chinese voice.
    let other_reader = api::reader_lang() != hall_domain::language::Lang::ZhCn;
    let written = |text: &str| {
        text.chars()
            .any(hall_domain::search::is_han)
            .then_some("zh-CN")
    };
    view! {
        <main id="main" class="wrap narrow">
            <h1>{tr!(faq_title)}</h1>
            <form class="form" role="search" on:submit=move |ev| { ev.prevent_default(); query.set(text.get_untracked()); }>
                <div class="field">
                    <label for="faq-q">{tr!(faq_search)}</label>
                    <input id="faq-q" type="search" maxlength="50"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                </div>
                <button type="submit">{tr!(search_button)}</button>
            </form>
            <p>{tr!(faq_no_answer)}<a href="/consult">{tr!(guide_consult)}</a></p>
            {other_reader.then(|| view! { <p class="note">{tr!(faq_written_in_chinese)}</p> })}
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) if l.faqs.is_empty() => view! { <p role="status">{tr!(faq_none)}</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <ul class="faq-list" role="list">
                        {l.faqs.into_iter().map(|f| view! {
                            <li>
                                <h2 class="faq-q" lang=written(&f.question)>{f.question.clone()}</h2>
                                {(!f.item_name.is_empty()).then(|| view! {
                                    <p class="note">{f.item_name.clone()}</p>
                                })}
                                <p lang=written(&f.answer)>{f.answer.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}
