//! Content editing (standard 6.3.7): publish and edit notices, correct a FAQ entry, edit a
//! guide's conditions and steps; every change is kept with who, when and what, shown beside it.

use hall_domain::access::{Action, Resource};
use hall_domain::dto::{
    Faq, FaqEdit, FaqList, GuideEdit, HistoryList, ItemGuide, Notice, NoticeEdit, NoticeList,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::load::{load, reload};
use crate::components::staff_gate::StaffGate;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::pages::book::new_key;

#[component]
pub fn StaffContentPage() -> impl IntoView {
    api::set_title("内容编辑");
    view! {
        <main id="main" class="wrap">
            <h1>"内容编辑"</h1>
            <p class="no-print"><a href="/staff" rel="external">"返回工作台"</a>" · "<a href="/open" rel="external">"政务公开页"</a></p>
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
            <h2 id="c-notices">"通知公告"</h2>
            {move || saved.get().then(|| view! { <p class="ok" role="status">"已保存并公开。"</p> })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <p class="note">{move || match editing.get() {
                    Some(n) => format!("正在修改：{}", n.title),
                    None => "发布新公告".to_string(),
                }}</p>
                <TextField id="notice-title" label="标题" name="title" value=title error=error maxlength=60/>
                <div class="field">
                    <label for="notice-body">"正文"</label>
                    <textarea id="notice-body" rows="5" maxlength="5000" aria-describedby="notice-body-error"
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <FieldError id="notice-body-error" name="body" error=error/>
                </div>
                <FormError error=error/>
                <button type="submit">"保存并公开"</button>
            </form>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) => view! {
                    <ul class="plain">
                        {l.notices.into_iter().map(|n| {
                            let label = format!("修改：{}", n.title);
                            let n2 = n.clone();
                            view! {
                                <li>
                                    {format!("{}（最后更新 {}）", n.title, format_time(n.updated_at))}" "
                                    <button type="button" class="secondary" aria-label=label on:click=move |_| {
                                        title.set(n2.title.clone());
                                        body.set(n2.body.clone());
                                        editing.set(Some(n2.clone()));
                                        saved.set(false);
                                    }>"修改"</button>
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
            <h2 id="c-guides">"办事指南"</h2>
            <form class="form inline" on:submit=move |ev| { ev.prevent_default(); open(); }>
                <TextField id="guide-code" label="事项编码" name="code" value=code error=error maxlength=20/>
                <button type="submit" class="secondary">"打开指南"</button>
            </form>
            {move || guide.get().map(|g| match g {
                Err(e) => error_box(&e),
                Ok(g) => view! {
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                        <h3>{format!("{}（{}）", g.item.name, g.item.code)}</h3>
                        <p class="note">{g.updated_at.map(|t| format!("最后更新：{}", format_time(t))).unwrap_or_default()}</p>
                        <div class="field">
                            <label for="guide-conditions">"申请条件（每行一条）"</label>
                            <textarea id="guide-conditions" rows="5" aria-describedby="guide-conditions-error"
                                prop:value=move || conditions.get() on:input=move |ev| conditions.set(event_target_value(&ev))></textarea>
                            <FieldError id="guide-conditions-error" name="conditions" error=error/>
                        </div>
                        <div class="field">
                            <label for="guide-steps">"办理流程（每行一步）"</label>
                            <textarea id="guide-steps" rows="5" aria-describedby="guide-steps-error"
                                prop:value=move || steps.get() on:input=move |ev| steps.set(event_target_value(&ev))></textarea>
                            <FieldError id="guide-steps-error" name="steps" error=error/>
                        </div>
                        <FormError error=error/>
                        <button type="submit">"保存指南"</button>
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
            <h2 id="c-faqs">"常见问题"</h2>
            {move || match faqs.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(l)) if l.faqs.is_empty() => view! { <p>"暂无常见问题。"</p> }.into_any(),
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
                    <label for=q_for>"问题"</label>
                    <textarea id=q_id rows="2" prop:value=move || question.get()
                        on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for=a_for>"答复"</label>
                    <textarea id=a_id rows="3" prop:value=move || answer.get()
                        on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                </div>
                {move || saved.get().then(|| view! { <p class="ok" role="status">"已保存。"</p> })}
                <FormError error=error/>
                <button type="submit" class="secondary">"保存"</button>
            </form>
        </details>
    }
}

#[component]
fn Recent() -> impl IntoView {
    let list = load::<HistoryList>("/api/v1/staff/content-history");
    view! {
        <section class="panel" aria-labelledby="c-history">
            <h2 id="c-history">"最近的修改"</h2>
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
        Some(Ok(l)) if l.entries.is_empty() => view! { <p>"还没有修改记录。"</p> }.into_any(),
        Some(Ok(l)) => view! {
            <table class="table">
                <caption>"修改记录"</caption>
                <thead><tr>
                    <th scope="col">"时间"</th><th scope="col">"修改人"</th><th scope="col">"内容"</th>
                    <th scope="col">"修改了什么"</th>
                </tr></thead>
                <tbody>
                    {l.entries.into_iter().map(|e| view! {
                        <tr>
                            <td>{format_time(e.at)}</td>
                            <td>{e.by}</td>
                            <td>{format!("{} {}", e.kind.as_str(), e.ref_id)}</td>
                            <td>{if e.created { "新建".to_string() } else {
                                e.changes.iter().map(|c| format!("{}：{} → {}", c.field, c.before, c.after)).collect::<Vec<_>>().join("；")
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any(),
    }
    }
}
