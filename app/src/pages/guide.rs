//! The full service guide of one item (standard 5.3.1 and 6.3.2): conditions, materials,
//! procedure, time limits and fees, all at once; printable (6.3.8).

use crate::shell::Link;
use hall_domain::catalogue::{format_fen, ItemKind, Tongban};
use hall_domain::dto::{FaqList, ItemGuide};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::load::{load, load_with};
use crate::components::status::{error_box, Loading};

#[component]
pub fn GuidePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    let guide =
        load_with::<ItemGuide>(move || Ok(format!("/api/v1/items/{}", api::encode(&code()))));
    view! {
        <main id="main" class="wrap guide">
            {move || match guide.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(g)) => {
                    api::set_title(&g.item.name);
                    view! { <Guide guide=g/> }.into_any()
                }
                Some(Err(e)) if e.is_not_found() => {
                    api::set_title("没有找到这个事项");
                    view! {
                        <h1>"没有找到这个事项"</h1>
                        <p>"事项编码可能有误，或事项已调整。"</p>
                        <p><Link href="/search">"搜索办事指南"</Link></p>
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
        ItemKind::Immediate => "当场办结".to_string(),
        ItemKind::Promised => format!("{days} 个工作日"),
    };
    let promised = limit(item.promised_limit_workdays);
    let legal = limit(item.legal_limit_workdays);
    let due = guide.promised_by_if_accepted_today.map(|d| {
        format!(
            "如今天受理，最迟 {} 年 {} 月 {} 日（{}）办结",
            d.year(),
            d.month(),
            d.day(),
            d.weekday().label()
        )
    });
    let fee = match &item.fee {
        None => "不收费".to_string(),
        Some(f) => format_fen(f.amount_fen),
    };
    let fee_basis = item.fee.as_ref().map(|f| f.basis.clone());
    let channels = item
        .channels
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join("、");
    let audience = item
        .audience
        .iter()
        .map(|a| a.label())
        .collect::<Vec<_>>()
        .join("、");
    let tongban: Tongban = item.tongban;
    let any_waivable = item.materials.iter().any(|m| m.waivable);
    let packages = guide.packages;
    view! {
        <nav class="breadcrumb no-print" aria-label="当前位置">
            <Link href="/">"首页"</Link>" › "<Link href="/search">"办事指南"</Link>" › "<span aria-current="page">{item.name.clone()}</span>
        </nav>
        <h1>{item.name.clone()}</h1>
        <p class="meta">{guide.department_name.clone()}" · "{item.category.clone()}" · 事项编码 "{item.code.clone()}</p>
        {guide.updated_at.map(|t| view! {
            <p class="note">{format!("最后更新：{}（网上与大厅窗口为同一份指南）", crate::components::time::format_time(t))}</p>
        })}
        <p class="no-print">
            <button type="button" class="print-button" on:click=|_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }>"打印本指南"</button>
        </p>

        <section aria-labelledby="g-basic">
            <h2 id="g-basic">"基本信息"</h2>
            <dl class="facts">
                <dt>"办事对象"</dt><dd>{audience}</dd>
                <dt>"办件类型"</dt><dd>{item.kind.label()}</dd>
                <dt>"法定办结时限"</dt><dd>{legal}</dd>
                <dt>"承诺办结时限"</dt>
                <dd>{promised}{due.map(|d| view! { <span class="line note">{d}</span> })}</dd>
                <dt>"收费标准"</dt><dd>{fee}{fee_basis.map(|b| view! { <span class="line note">{b}</span> })}</dd>
                <dt>"办理渠道"</dt><dd>{channels}</dd>
                <dt>"通办范围"</dt><dd>{tongban.label()}<span class="line note">{tongban.explain()}</span></dd>
                <dt>"容缺受理"</dt><dd>{yes_no(item.rongque, "支持：次要材料暂缺可先受理，按约定时间补交", "不适用")}</dd>
                <dt>"结果邮寄"</dt><dd>{yes_no(item.mail_delivery, "支持，可选择免费邮寄送达", "不支持，请到窗口领取")}</dd>
                <dt>"预约"</dt>
                <dd>
                    {yes_no(item.appointment, "可网上预约办理", "无需预约，可直接到大厅取号")}
                    {item.appointment.then(|| view! {
                        " "<a class="button" href=format!("/book/{}", item.code) rel="external">"预约办理"</a>
                    })}
                </dd>
                {item.channels.contains(&hall_domain::catalogue::Channel::Online).then(|| view! {
                    <dt>"网上申请"</dt>
                    <dd>"可在网上提交申请，大厅核验材料后受理 "
                        <a class="button" href=format!("/online/{}", item.code) rel="external">"网上申请"</a>
                    </dd>
                })}
                <dt>"免费代办"</dt>
                <dd>"老年人、残疾人、行动不便的群众和重点项目可申请代办员免费帮办 "
                    <a href=format!("/proxy?item={}", item.code) rel="external">"申请代办"</a>
                </dd>
            </dl>
        </section>

        <section aria-labelledby="g-conditions">
            <h2 id="g-conditions">"申请条件"</h2>
            <ol>{item.conditions.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ol>
        </section>

        <section aria-labelledby="g-materials">
            <h2 id="g-materials">"申请材料"</h2>
            <div class="table-wrap">
                <table class="materials">
                    <caption class="visually-hidden">{format!("{}的申请材料", item.name)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"序号"</th>
                            <th scope="col">"材料名称"</th>
                            <th scope="col">"形式"</th>
                            <th scope="col">"份数"</th>
                            <th scope="col">"是否必需"</th>
                            <th scope="col">"容缺"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {item.materials.iter().enumerate().map(|(i, m)| view! {
                            <tr class:waivable=m.waivable>
                                <td data-label="序号">{i + 1}</td>
                                <td data-label="材料名称">{m.name.clone()}</td>
                                <td data-label="形式">{m.kind.label()}</td>
                                <td data-label="份数">{m.copies}</td>
                                <td data-label="是否必需">{yes_no(m.required, "必需", "视情况")}</td>
                                <td data-label="容缺">{yes_no(m.waivable, "可容缺后补", "—")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="note">"“电子证照”由窗口调取，无需提交纸质材料。"
                {any_waivable.then_some("标为“可容缺后补”的材料暂缺时，可先受理，按约定期限补交；逾期未补交将列入失信名单。")}
            </p>
        </section>

        <section aria-labelledby="g-steps">
            <h2 id="g-steps">"办理流程"</h2>
            <ol class="steps">{item.steps.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
        </section>

        {(!packages.is_empty()).then(move || view! {
            <section aria-labelledby="g-packages">
                <h2 id="g-packages">"可一并办理"</h2>
                <ul>
                    {packages.into_iter().map(|p| view! {
                        <li><Link href=format!("/packages/{}", p.code)>{p.name}</Link></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <Faqs code=item.code.clone()/>
        <p class="print-only">{format!("本指南打印自 市政务服务中心 网上办事大厅 /items/{}", item.code)}</p>
    }
}

/// The item's published questions and answers, and where to ask another.
#[component]
fn Faqs(code: String) -> impl IntoView {
    let faqs = load::<FaqList>(api::with_query("/api/v1/faqs", &[("item", code.clone())]));
    view! {
        <section aria-labelledby="g-faq" class="no-print">
            <h2 id="g-faq">"常见问题"</h2>
            {move || faqs.get().and_then(Result::ok).filter(|l| !l.faqs.is_empty()).map(|l| view! {
                <dl class="faq">
                    {l.faqs.into_iter().map(|f| view! { <dt>{f.question}</dt><dd>{f.answer}</dd> }).collect_view()}
                </dl>
            })}
            <p>"还有疑问？"<a href=format!("/consult?item={code}") rel="external">"在线咨询"</a></p>
        </section>
    }
}
