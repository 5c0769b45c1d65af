//! Published content (standard 5.4, 6.3.7, 6.6): notices for everyone; content editors publish
//! and edit notices, edit FAQ entries and guides' conditions and steps; every change keeps who,
//! when and what changed (`content_history`). A guide's edit is applied to the catalogue every
//! view reads, so the window and the web show the same guide, with its "last updated".

use hall_domain::content::{changes, check_faq, check_notice, lines, ContentKind};
use hall_domain::dto::{
    Faq, FaqEdit, GuideEdit, HistoryEntry, HistoryList, Notice, NoticeEdit, NoticeList,
};
use hall_domain::language::Lang;
use hall_domain::Error;
use worker::Response;

use super::applications::Names;
use crate::auth::StaffSession;
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::store::content::{self as store, NoticeRow};
use crate::store::{applications as apps, bookings};
use crate::{crypto, http, state};

fn notice_view(r: NoticeRow) -> Notice {
    Notice {
        id: r.id,
        title: r.title,
        body: r.body,
        published_at: r.published_at as i64,
        updated_at: r.updated_at as i64,
        version: r.version as i64,
    }
}

fn json_of<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|_| Error::Unavailable)
}

/// `GET /api/v1/notices`: the hall's notices, newest first.
pub async fn notices(ctx: &Ctx) -> Result<Response, Error> {
    let db = ctx.db()?;
    let notices = store::notices(&db)
        .await?
        .into_iter()
        .map(notice_view)
        .collect();
    http::json(&NoticeList { notices }, "public, max-age=60")
        .map_err(|e| http::unavailable("notices", e))
}

/// `GET /api/v1/notices/{id}`.
pub async fn notice(ctx: &Ctx, id: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let row = store::notice(&db, id)
        .await?
        .ok_or(Error::ContentNotFound)?;
    http::json(&notice_view(row), "public, max-age=60").map_err(|e| http::unavailable("notice", e))
}

/// `POST /api/v1/staff/notices`: publish a notice; a retried key publishes it once.
pub async fn publish(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: NoticeEdit = ctx.json()?;
    let db = ctx.db()?;
    let mut problems = check_notice(&req.title, &req.body);
    if !hall_domain::idempotency::is_key(req.idempotency_key.trim()) {
        problems.push(crate::idem::key_problem());
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let idem = Idem::new(
        ctx,
        hall_domain::idempotency::Caller::Staff(&me.staff.row.id),
        &req.idempotency_key,
    )
    .await?;
    let key = idem.key();
    let replay = idem.seen(&db).await? && store::notice_by_key(&db, key).await?.is_some();
    if !replay {
        idem.claim(&db, ctx.now).await?;
        let row = NoticeRow {
            id: crypto::id("n")?,
            title: req.title.trim().to_string(),
            body: req.body.trim().to_string(),
            published_at: ctx.now as f64,
            updated_at: ctx.now as f64,
            version: 0.0,
        };
        let created = changes(&[("title", "", &row.title), ("body", "", &row.body)]);
        let h = store::history(
            &db,
            ContentKind::Notice.as_str(),
            &row.id,
            ctx.now,
            &me.staff.row.id,
            true,
            &json_of(&created)?,
        )?;
        store::insert_notice(&db, &row, key, h).await?;
    }
    let row = store::notice_by_key(&db, key)
        .await?
        .ok_or(Error::Unavailable)?;
    http::private(&notice_view(row))
}

/// `PUT /api/v1/staff/notices/{id}`: change a notice's title or text.
pub async fn edit_notice(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: NoticeEdit = ctx.json()?;
    let db = ctx.db()?;
    let before = store::notice(&db, id)
        .await?
        .ok_or(Error::ContentNotFound)?;
    let problems = check_notice(&req.title, &req.body);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let version = req.version.unwrap_or(before.version as i64);
    let after = NoticeRow {
        title: req.title.trim().to_string(),
        body: req.body.trim().to_string(),
        updated_at: ctx.now as f64,
        ..before.clone()
    };
    let changed = changes(&[
        ("title", &before.title, &after.title),
        ("body", &before.body, &after.body),
    ]);
    if changed.is_empty() {
        return http::private(&notice_view(before));
    }
    let h = store::history(
        &db,
        ContentKind::Notice.as_str(),
        id,
        ctx.now,
        &me.staff.row.id,
        false,
        &json_of(&changed)?,
    )?;
    if !store::update_notice(&db, &after, version, h).await? {
        return Err(Error::ContentChanged);
    }
    let row = store::notice(&db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&notice_view(row))
}

/// `PUT /api/v1/staff/faqs/{id}`: correct a FAQ entry's public text (no personal data).
pub async fn edit_faq(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: FaqEdit = ctx.json()?;
    let db = ctx.db()?;
    let before = store::faq(&db, id).await?.ok_or(Error::ContentNotFound)?;
    let problems = check_faq(&req.question, &req.answer);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let (question, answer) = (req.question.trim(), req.answer.trim());
    let changed = changes(&[
        ("question", &before.question, question),
        ("answer", &before.answer, answer),
    ]);
    let version = req.version.unwrap_or(before.version as i64);
    if !changed.is_empty() {
        let h = store::history(
            &db,
            ContentKind::Faq.as_str(),
            id,
            ctx.now,
            &me.staff.row.id,
            false,
            &json_of(&changed)?,
        )?;
        if !store::update_faq(&db, id, question, answer, ctx.now, version, h).await? {
            return Err(Error::ContentChanged);
        }
    }
    let dir = state::directory(&ctx.env).await?;
    let row = store::faq(&db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&Faq {
        item_name: row
            .item_code
            .as_deref()
            .and_then(|c| dir.item(c))
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        id: row.id,
        item_code: row.item_code,
        question: row.question,
        answer: row.answer,
        published_at: row.published_at as i64,
    })
}

/// `PUT /api/v1/staff/guides/{code}`: a guide's conditions and steps. Every view of the guide —
/// the public page, the window's checklist, the search — reads the edited catalogue.
pub async fn edit_guide(ctx: &Ctx, me: &StaffSession, code: &str) -> Result<Response, Error> {
    let req: GuideEdit = ctx.json()?;
    let db = ctx.db()?;
    let dir = state::directory(&ctx.env).await?;
    let item = dir
        .item(code)
        .ok_or_else(|| Error::ItemNotFound(code.to_string()))?;
    let mut problems = Vec::new();
    let conditions = lines("conditions", &req.conditions, "申请条件")
        .map_err(|p| problems.push(p))
        .unwrap_or_default();
    let steps = lines("steps", &req.steps, "办理流程")
        .map_err(|p| problems.push(p))
        .unwrap_or_default();
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let changed = changes(&[
        (
            "conditions",
            &item.conditions.join("\n"),
            &conditions.join("\n"),
        ),
        ("steps", &item.steps.join("\n"), &steps.join("\n")),
    ]);
    if !changed.is_empty() {
        let h = store::history(
            &db,
            ContentKind::Guide.as_str(),
            code,
            ctx.now,
            &me.staff.row.id,
            false,
            &json_of(&changed)?,
        )?;
        let read_at = req.updated_at.filter(|_| dir.edited(code));
        if !store::edit_guide(
            &db,
            code,
            &json_of(&conditions)?,
            &json_of(&steps)?,
            ctx.now,
            read_at,
            h,
        )
        .await?
        {
            return Err(Error::ContentChanged);
        }
        state::forget_directory();
    }
    let dir = state::directory(&ctx.env).await?;
    http::private(&dir.guide(code, super::today(ctx.now).ok(), Lang::ZhCn)?)
}

/// `GET /api/v1/staff/content-history?kind=&ref=`: who changed what and when, newest first.
pub async fn history(ctx: &Ctx) -> Result<Response, Error> {
    let db = ctx.db()?;
    let kind = ctx.query("kind");
    let ref_id = ctx.query("ref");
    if kind
        .as_deref()
        .is_some_and(|k| ContentKind::parse(k).is_none())
    {
        return Err(Error::bad_param(
            "kind",
            "内容类型应为 notice、faq 或 guide",
            "kind: notice, faq or guide",
        ));
    }
    let (_, rules) = bookings::hall(&db).await?;
    let names = Names(apps::staff_names(&db).await?);
    let entries = store::history_of(&db, kind.as_deref(), ref_id.as_deref())
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(HistoryEntry {
                at: r.at as i64,
                by: names.label(&rules, Some(&r.staff_id)),
                kind: ContentKind::parse(&r.kind)?,
                ref_id: r.ref_id,
                created: r.created != 0.0,
                changes: serde_json::from_str(&r.changes).unwrap_or_default(),
            })
        })
        .collect();
    http::private(&HistoryList { entries })
}

/// `GET /api/v1/catalogues`: the 通办, 容缺 and joint-package catalogues, from the catalogue
/// every other view reads.
pub async fn catalogues(ctx: &Ctx) -> Result<Response, Error> {
    use hall_domain::catalogue::Tongban;
    use hall_domain::dto::{CatalogueGroup, CatalogueItem, Catalogues};
    let dir = state::directory(&ctx.env).await?;
    let entry = |i: &hall_domain::catalogue::Item, waivable: Vec<String>| CatalogueItem {
        code: i.code.clone(),
        name: i.name.clone(),
        department_name: dir
            .department_name_of(&i.department)
            .unwrap_or_default()
            .to_string(),
        waivable,
    };
    let tongban = [Tongban::SameCity, Tongban::CrossCity, Tongban::Province]
        .into_iter()
        .map(|level| CatalogueGroup {
            key: level.slug().to_string(),
            label: level.label().to_string(),
            items: dir
                .items()
                .iter()
                .filter(|i| i.tongban == level)
                .map(|i| entry(i, Vec::new()))
                .collect(),
        })
        .collect();
    let rongque = dir
        .items()
        .iter()
        .filter(|i| i.rongque)
        .map(|i| {
            let waivable = i
                .materials
                .iter()
                .filter(|m| m.waivable)
                .map(|m| m.name.clone())
                .collect();
            entry(i, waivable)
        })
        .collect();
    let packages = dir
        .all_packages()
        .iter()
        .map(|p| CatalogueGroup {
            key: p.code.clone(),
            label: p.name.clone(),
            items: p
                .items
                .iter()
                .filter_map(|c| dir.item(c))
                .map(|i| entry(i, Vec::new()))
                .collect(),
        })
        .collect();
    http::json(
        &Catalogues {
            tongban,
            rongque,
            packages,
        },
        "public, max-age=300",
    )
    .map_err(|e| http::unavailable("catalogues", e))
}
