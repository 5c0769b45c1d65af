//! My Hall (我的大厅): my profile, my matters with the hall, who read my data, signing out.

use hall_domain::access::Role;
use hall_domain::dto::{
    CitizenProfile, DataReadList, Done, MatterSummary, MyMatters, ProfileUpdate,
};
use hall_domain::identity::IdKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;

use crate::api::{self, ApiError};
use crate::components::form::{FieldError, FormError};
use crate::components::load::load;
use crate::components::status::{error_box, Loading};
use crate::components::time::format_time;
use crate::shell::Link;

#[component]
pub fn MyHallPage() -> impl IntoView {
    api::set_title("我的大厅");
    let profile = load::<CitizenProfile>("/api/v1/me");
    view! {
        <main id="main" class="wrap">
            <h1>"我的大厅"</h1>
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
    let id_kind = RwSignal::new(IdKind::Resident.as_str().to_string());
    let id_number = RwSignal::new(String::new());
    let start = move |_| {
        let p = current.get_untracked();
        name.set(p.name.unwrap_or_default());
        contact.set(p.contact_phone.unwrap_or_default());
        error.set(None);
        saved.set(false);
        editing.set(true);
    };
    let save = move || {
        let has_id = current.get_untracked().id_masked.is_some();
        let number = id_number.get_untracked();
        let update = ProfileUpdate {
            name: Some(name.get_untracked()),
            contact_phone: Some(contact.get_untracked()),
            id_kind: (!has_id && !number.trim().is_empty())
                .then(|| IdKind::parse(&id_kind.get_untracked()))
                .flatten(),
            id_number: (!has_id && !number.trim().is_empty()).then_some(number),
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
            <dd>{value.unwrap_or_else(|| "未填写".into())}</dd>
        }
    };
    view! {
        <section aria-labelledby="profile-title" class="panel">
            <h2 id="profile-title">"个人信息"</h2>
            <Show when=move || saved.get()>
                <p class="ok" role="status">"已保存。"</p>
            </Show>
            <Show
                when=move || editing.get()
                fallback=move || {
                    let p = current.get();
                    view! {
                        <dl class="facts">
                            {row("登录手机", Some(p.phone.clone()))}
                            {row("姓名", p.name.clone())}
                            {row("联系电话", p.contact_phone.clone())}
                            {row("证件", p.id_kind.map(|k| format!(
                                "{} {}", k.label(), p.id_masked.clone().unwrap_or_default()
                            )))}
                        </dl>
                        <p class="note">"证件号码只显示首尾各 4 位。证件实名登记后不能在网上修改，如需更改请携带证件到大厅窗口办理。"</p>
                        <button type="button" on:click=start>"修改个人信息"</button>
                    }
                }
            >
                <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <FormError error=error/>
                    <div class="field">
                        <label for="name">"姓名"</label>
                        <input id="name" autocomplete="name" maxlength="30" aria-describedby="name-error"
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                        <FieldError id="name-error" name="name" error=error/>
                    </div>
                    <div class="field">
                        <label for="contact">"联系电话"</label>
                        <input id="contact" type="tel" inputmode="numeric" autocomplete="tel" maxlength="20"
                            aria-describedby="contact-error"
                            prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev))/>
                        <FieldError id="contact-error" name="contact_phone" error=error/>
                    </div>
                    <Show when=move || current.get().id_masked.is_none()>
                        <div class="field">
                            <label for="id-kind">"证件类型"</label>
                            <select id="id-kind" on:change=move |ev| id_kind.set(event_target_value(&ev))
                                prop:value=move || id_kind.get()>
                                {IdKind::ALL.map(|k| view! { <option value=k.as_str()>{k.label()}</option> })}
                            </select>
                        </div>
                        <div class="field">
                            <label for="id-number">"证件号码（实名登记，只能填写一次）"</label>
                            <input id="id-number" maxlength="20" autocomplete="off" aria-describedby="id-error"
                                prop:value=move || id_number.get() on:input=move |ev| id_number.set(event_target_value(&ev))/>
                            <FieldError id="id-error" name="id_number" error=error/>
                        </div>
                    </Show>
                    <div class="actions">
                        <button type="submit">"保存"</button>
                        <button type="button" class="secondary" on:click=move |_| editing.set(false)>"取消"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn Matters() -> impl IntoView {
    let matters = load::<MyMatters>("/api/v1/me/matters");
    let list = |title: &'static str,
                empty: &'static str,
                link: Option<(&'static str, &'static str)>,
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
                        <ul>{items.into_iter().map(|m| view! {
                            <li>
                                {match m.href {
                                    Some(href) => view! { <a href=href rel="external">{m.title}</a> }.into_any(),
                                    None => view! { <span>{m.title}</span> }.into_any(),
                                }}
                                " · "{m.status}" · "{format_time(m.at)}
                            </li>
                        }).collect_view()}</ul>
                    }.into_any()
                }}
            </section>
        }
    };
    view! {
        <section aria-labelledby="matters-title" class="panel">
            <h2 id="matters-title">"我的办事"</h2>
            {move || match matters.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(m)) => view! {
                    {list("预约", "您还没有预约。", Some(("/search", "查找可预约的事项")), m.appointments)}
                    {list("办件", "您还没有办理中的事项。", Some(("/search", "查看办事指南")), m.applications)}
                    <p><a href="/proxy" rel="external">"免费代办申请"</a></p>
                    {list("咨询", "您还没有咨询记录。", None, m.consultations)}
                    {list("投诉", "您还没有投诉记录。", None, m.complaints)}
                    {list("评价", "您还没有评价记录。", None, m.ratings)}
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
            <h2 id="reads-title">"谁查看了我的信息"</h2>
            <p class="note">"大厅工作人员每次查看您的姓名、证件号码或电话，都必须说明原因，并记录在这里。如有疑问，可拨打 12345 或在大厅投诉。"</p>
            {move || match reads.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => error_box(&e),
                Some(Ok(list)) => {
                            if list.reads.is_empty() {
                                view! { <p class="empty-note">"还没有工作人员查看过您的信息。"</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-label="查看记录表格">
                                        <table class="reads">
                                            <caption class="visually-hidden">"查看记录，最新的在前"</caption>
                                            <thead><tr><th scope="col">"时间"</th><th scope="col">"岗位"</th><th scope="col">"部门"</th><th scope="col">"原因"</th></tr></thead>
                                            <tbody>
                                                {list.reads.into_iter().map(|r| view! {
                                                    <tr>
                                                        <td>{format_time(r.at)}</td>
                                                        <td>{role_label(r.role)}</td>
                                                        <td>{if r.departments.is_empty() { "大厅".to_string() } else { r.departments.join("、") }}</td>
                                                        <td>{r.reason}</td>
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
    role.label()
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
            <h2 id="signout-title">"退出登录"</h2>
            <FormError error=error/>
            <div class="actions">
                <button type="button" on:click=move |_| out("/api/v1/auth/sign-out")>"退出登录"</button>
                <button type="button" class="secondary" on:click=move |_| out("/api/v1/me/sign-out-all")>"在所有设备上退出"</button>
            </div>
        </section>
    }
}
