//! Consultation (咨询, standard 5.1, 6.3.5, 6.4) and the public FAQ: citizens ask online, staff
//! log questions taken on site or by phone; the first staff member to take one is its 首问
//! owner until it is answered (routing to a department keeps the owner); the answer is due in
//! the hall's working days and told to the asker; an answer may be published, anonymised, to
//! the FAQ, which is searched like the guides. The rules are `hall_domain::consultation`'s.

use hall_domain::application::working_days_left;
use hall_domain::consultation::{
    actions, answer_due, check_answer, check_publication, check_question, next, Channel,
    ConsultAction, ConsultState,
};
use hall_domain::directory::Directory;
use hall_domain::dto::{
    ConsultAsk, ConsultList, ConsultLog, ConsultStep, ConsultView, Faq, FaqList, MatterSummary,
    TimelineEvent, Unnamed,
};
use hall_domain::error::FieldError;
use hall_domain::idempotency::Caller;
use hall_domain::identity::{mask_name, mask_phone, Phone};
use hall_domain::language::Lang;
use hall_domain::record::{Actor, Record};
use hall_domain::said::Said;
use hall_domain::search::{Index, SearchDoc};
use hall_domain::Error;
use worker::{D1Database, Response};

use super::today;
use super::{desk as context, Desk as Context};
use crate::auth::{CitizenSession, StaffSession};
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::notify::{self, Notifier};
use crate::store::citizens;
use crate::store::consultations::{self as store, ConsultEvent, ConsultRow, FaqRow, Note};
use crate::{crypto, http};

fn date(s: &str) -> Result<hall_domain::calendar::Date, Error> {
    hall_domain::calendar::Date::parse(s).ok_or(Error::Unavailable)
}

/// Who is looking: the asker sees their own question; staff see the asker masked. A staff
/// list leaves out each question's events (one query per row otherwise).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Viewer {
    Asker,
    Staff,
    StaffList,
}

async fn view(
    c: &Context,
    row: &ConsultRow,
    viewer: Viewer,
    now: i64,
) -> Result<ConsultView, Error> {
    let state = ConsultState::parse(&row.state).ok_or(Error::Unavailable)?;
    let channel = Channel::parse(&row.channel).ok_or(Error::Unavailable)?;
    let due_on = row.due_on.as_deref().map(date).transpose()?;
    let days_left = match (state, due_on) {
        (ConsultState::Answered, _) | (_, None) => None,
        (_, Some(due)) => Some(working_days_left(c.dir.calendar(), today(now)?, due)),
    };
    let events = match viewer {
        Viewer::StaffList => Vec::new(),
        _ => store::events(&c.db, &row.id).await?,
    };
    let events = events
        .into_iter()
        .map(|e| {
            TimelineEvent::new(
                e.at as i64,
                Record::of_consult_event(&e.action),
                Actor::of_stored(&e.actor_kind, Actor::Asker),
                c.names.label(&c.rules, e.actor_id.as_deref()),
                e.note,
                e.said.as_deref(),
            )
        })
        .collect();
    let asker = match (viewer, row.asker_name.is_empty()) {
        (Viewer::Asker, _) => row.asker_name.clone(),
        (_, true) if !row.asker_phone.is_empty() => mask_phone(&row.asker_phone),
        (_, true) => Unnamed::Anonymous.label().into(),
        (_, false) => mask_name(&row.asker_name),
    };
    Ok(ConsultView {
        id: row.id.clone(),
        channel,
        channel_label: channel.label().into(),
        item_code: row.item_code.clone(),
        item_name: row
            .item_code
            .as_deref()
            .and_then(|code| c.dir.item(code))
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        question: row.question.clone(),
        asker_unnamed: (row.asker_name.is_empty() && row.asker_phone.is_empty())
            .then_some(Unnamed::Anonymous),
        asker,
        state,
        state_label: state.label().into(),
        owner: c.names.label(&c.rules, row.owner_id.as_deref()),
        routed_to: row
            .routed_to
            .as_deref()
            .and_then(|d| c.dir.department_name_of(d))
            .unwrap_or_default()
            .to_string(),
        answer: row.answer.clone(),
        answered_at: row.answered_at.map(|t| t as i64),
        asked_on: date(&row.asked_on)?,
        due_on,
        days_left,
        published: row.faq_id.is_some(),
        events,
        actions: match viewer {
            Viewer::Asker => Vec::new(),
            Viewer::Staff | Viewer::StaffList => actions(state)
                .into_iter()
                .filter(|a| *a != ConsultAction::Publish || row.faq_id.is_none())
                .collect(),
        },
        version: row.version as i64,
    })
}

/// The question this very request stored before, if it was made before; a different request
/// under the same key is refused.
async fn replay(c: &Context, idem: &Idem) -> Result<Option<ConsultRow>, Error> {
    if idem.seen(&c.db).await? {
        store::by_key(&c.db, idem.key()).await
    } else {
        Ok(None)
    }
}

fn item_of(dir: &Directory, item: &str) -> (Option<String>, bool) {
    let code = item.trim().to_uppercase();
    if code.is_empty() {
        (None, false)
    } else {
        let known = dir.item(&code).is_some();
        (Some(code), known)
    }
}

async fn tell(ctx: &Ctx, db: &D1Database, phone: &str, text: &notify::Text) -> Result<(), Error> {
    if let Some(phone) = Phone::parse(phone) {
        notify::Outbox { db, now: ctx.now }
            .send(&phone, text)
            .await?;
    }
    Ok(())
}

/// Stores a new question (or finds the one a retried key made) and answers its view.
async fn store_new(
    ctx: &Ctx,
    c: &Context,
    row: ConsultRow,
    event: ConsultEvent<'_>,
    viewer: Viewer,
) -> Result<Response, Error> {
    let inserted = store::insert(&c.db, &row, &event).await?;
    let stored = store::by_key(&c.db, &row.idempotency_key)
        .await?
        .ok_or(Error::Unavailable)?;
    if inserted {
        let due = stored.due_on.clone().unwrap_or_default();
        tell(
            ctx,
            &c.db,
            &stored.asker_phone,
            &notify::consultation_received_text(&due),
        )
        .await?;
    }
    http::private(&view(c, &stored, viewer, ctx.now).await?)
}

fn new_row(
    c: &Context,
    id: String,
    channel: Channel,
    item: Option<String>,
    question: &str,
    key: &str,
    now: i64,
) -> Result<ConsultRow, Error> {
    let asked = today(now)?;
    let due = answer_due(
        c.dir.calendar(),
        asked,
        c.rules.consultations.answer_workdays,
    )
    .ok_or(Error::Unavailable)?;
    Ok(ConsultRow {
        id,
        citizen_id: None,
        channel: channel.as_str().into(),
        item_code: item,
        question: question.trim().to_string(),
        asker_name: String::new(),
        asker_phone: String::new(),
        state: ConsultState::Open.as_str().into(),
        owner_id: None,
        routed_to: None,
        answer: String::new(),
        answered_at: None,
        asked_on: asked.to_string(),
        due_on: Some(due.to_string()),
        faq_id: None,
        idempotency_key: key.to_string(),
        version: 0.0,
        created_at: now as f64,
    })
}

/// `POST /api/v1/consultations`: a signed-in citizen asks.
pub async fn ask(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let req: ConsultAsk = ctx.json()?;
    let c = context(ctx).await?;
    let idem = Idem::new(ctx, Caller::Citizen(&me.citizen_id), &req.idempotency_key).await?;
    if let Some(done) = replay(&c, &idem).await? {
        return http::private(&view(&c, &done, Viewer::Asker, ctx.now).await?);
    }
    let key = idem.key();
    let (item, known) = item_of(&c.dir, &req.item);
    let problems = check_question(&req.question, item.is_some(), known);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let citizen = citizens::by_id(&c.db, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let mut row = new_row(
        &c,
        crypto::id("q")?,
        Channel::Online,
        item,
        &req.question,
        key,
        ctx.now,
    )?;
    row.citizen_id = Some(me.citizen_id.clone());
    row.asker_name = citizen.name.unwrap_or_default();
    row.asker_phone = citizen.phone;
    idem.claim(&c.db, ctx.now).await?;
    let id = row.id.clone();
    let event = ConsultEvent {
        consultation_id: &id,
        at: ctx.now,
        action: "ask",
        actor_kind: "citizen",
        actor_id: Some(&me.citizen_id),
        note: Note::NONE,
    };
    store_new(ctx, &c, row, event, Viewer::Asker).await
}

/// `GET /api/v1/consultations`: my questions and their answers.
pub async fn mine(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let mut consultations = Vec::new();
    for row in store::of_citizen(&c.db, &me.citizen_id).await? {
        consultations.push(view(&c, &row, Viewer::Asker, ctx.now).await?);
    }
    http::private(&ConsultList {
        consultations,
        near_due: 0,
        overdue: 0,
    })
}

/// `POST /api/v1/staff/consultations`: a question taken on site or by phone, logged by the
/// staff member who took it (its 首问 owner).
pub async fn log(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: ConsultLog = ctx.json()?;
    let c = context(ctx).await?;
    let idem = Idem::new(ctx, Caller::Staff(&me.staff.row.id), &req.idempotency_key).await?;
    if let Some(done) = replay(&c, &idem).await? {
        return http::private(&view(&c, &done, Viewer::Staff, ctx.now).await?);
    }
    let key = idem.key();
    let (item, known) = item_of(&c.dir, &req.item);
    let mut problems = check_question(&req.question, item.is_some(), known);
    if req.channel == Channel::Online {
        problems.push(FieldError::new(
            "channel",
            "网上咨询由群众自行提交，请选择现场或电话",
            "channel: staff log on-site or phone questions",
        ));
    }
    let (phone, more) = hall_domain::identity::optional_contact(
        "asker_name",
        &req.asker_name,
        "asker_phone",
        &req.asker_phone,
    );
    problems.extend(more);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut row = new_row(
        &c,
        crypto::id("q")?,
        req.channel,
        item,
        &req.question,
        key,
        ctx.now,
    )?;
    row.asker_name = req.asker_name.trim().to_string();
    row.asker_phone = phone.map(|p| p.as_str().to_string()).unwrap_or_default();
    row.state = ConsultState::Taken.as_str().into();
    row.owner_id = Some(me.staff.row.id.clone());
    idem.claim(&c.db, ctx.now).await?;
    let id = row.id.clone();
    let channel = Said::ConsultChannel {
        channel: req.channel,
    };
    let event = ConsultEvent {
        consultation_id: &id,
        at: ctx.now,
        action: "log",
        actor_kind: "staff",
        actor_id: Some(&me.staff.row.id),
        note: Note::Said(&channel),
    };
    store_new(ctx, &c, row, event, Viewer::Staff).await
}

/// `GET /api/v1/staff/consultations`: unanswered questions oldest first, then recent answered
/// ones, with how many are near due (today or the next working day) and overdue.
pub async fn list(ctx: &Ctx) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let mut consultations = Vec::new();
    for row in store::for_staff(&c.db).await? {
        consultations.push(view(&c, &row, Viewer::StaffList, ctx.now).await?);
    }
    let count = |f: &dyn Fn(i64) -> bool| {
        consultations
            .iter()
            .filter(|q| q.days_left.is_some_and(f))
            .count() as u32
    };
    let near_due = count(&|d| (0..=1).contains(&d));
    let overdue = count(&|d| d < 0);
    http::private(&ConsultList {
        consultations,
        near_due,
        overdue,
    })
}

/// `POST /api/v1/staff/consultations/{id}`: take, route, answer or publish.
pub async fn step(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: ConsultStep = ctx.json()?;
    let action = req
        .action
        .ok_or_else(|| Error::invalid("action", "请选择要进行的操作", "action is required"))?;
    let c = context(ctx).await?;
    let row = store::by_id(&c.db, id)
        .await?
        .ok_or(Error::ConsultationNotFound)?;
    if req.version.is_some_and(|v| v != row.version as i64) {
        return Err(Error::ConsultationChanged);
    }
    let from = ConsultState::parse(&row.state).ok_or(Error::Unavailable)?;
    let to = next(from, action).ok_or(Error::ConsultationStepIllegal)?;
    let mut changed = row.clone();
    changed.state = to.as_str().into();
    // Whoever acts first on an untaken question is its 首问 owner.
    if changed.owner_id.is_none() {
        changed.owner_id = Some(me.staff.row.id.clone());
    }
    let mut more = Vec::new();
    let mut message = None;
    let said = match action {
        ConsultAction::Take => None,
        ConsultAction::Route => {
            let dept = req.department.trim();
            let name = c
                .dir
                .department_name_of(dept)
                .ok_or_else(|| {
                    Error::invalid("department", "请选择要转交的部门", "department: unknown")
                })?
                .to_string();
            changed.routed_to = Some(dept.to_string());
            Some(Said::Routed { department: name })
        }
        ConsultAction::Answer => {
            let problems = check_answer(&req.answer);
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            changed.answer = req.answer.trim().to_string();
            changed.answered_at = Some(ctx.now as f64);
            message = Some(notify::consultation_answered_text());
            None
        }
        ConsultAction::Publish => {
            if row.faq_id.is_some() {
                return Err(Error::ConsultationStepIllegal);
            }
            let problems = check_publication(&req.question, &req.answer);
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            let faq = FaqRow {
                id: crypto::id("f")?,
                item_code: row.item_code.clone(),
                question: req.question.trim().to_string(),
                answer: req.answer.trim().to_string(),
                published_at: ctx.now as f64,
            };
            more.push(store::publish(&c.db, &faq, &row.id, &me.staff.row.id)?);
            changed.faq_id = Some(faq.id);
            None
        }
    };
    let event = ConsultEvent {
        consultation_id: &row.id,
        at: ctx.now,
        action: action.as_str(),
        actor_kind: "staff",
        actor_id: Some(&me.staff.row.id),
        note: said.as_ref().map_or(Note::NONE, Note::Said),
    };
    if !store::save(&c.db, row.version, &changed, &event, more).await? {
        return Err(Error::ConsultationChanged);
    }
    if let Some(text) = message {
        tell(ctx, &c.db, &row.asker_phone, &text).await?;
    }
    let row = store::by_id(&c.db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&view(&c, &row, Viewer::Staff, ctx.now).await?)
}

/// `GET /api/v1/faqs?q=&item=`: the public FAQ, searched with the guides' search (synonyms,
/// colloquial words, bigram matching, 繁體 read in 简体, sentences cut into words, English
/// through the item's English name and keywords, near-homophones by sound, weak matches left
/// out), or an item's FAQs.
pub async fn faqs(ctx: &Ctx) -> Result<Response, Error> {
    let c = context(ctx).await?;
    let q = ctx.query("q").unwrap_or_default();
    if q.chars().count() > 50 {
        return Err(Error::QueryTooLong);
    }
    let item = ctx.query("item").map(|i| i.trim().to_uppercase());
    let lang = Lang::from_param(ctx.query("lang").as_deref())?;
    let rows = store::faqs(&c.db).await?;
    let name_in = |code: Option<&str>, lang: Lang| {
        code.and_then(|code| c.dir.item(code))
            .map(|i| i.name_in(lang).to_string())
            .unwrap_or_default()
    };
    let name_of = |code: Option<&str>| name_in(code, Lang::ZhCn);
    let english = |code: Option<&str>| {
        code.and_then(|code| c.dir.item(code))
            .map(|i| (i.texts.en.name.clone(), i.texts.en.keywords.clone()))
            .unwrap_or_default()
    };
    let index = Index::new(rows.iter().map(|r| {
        let (en_name, en_keywords) = english(r.item_code.as_deref());
        SearchDoc {
            name: r.question.clone(),
            keywords: vec![name_of(r.item_code.as_deref())],
            body: r.answer.clone(),
            en_keywords: std::iter::once(en_name).chain(en_keywords).collect(),
            ..SearchDoc::default()
        }
    }))
    .with_sounds(c.dir.sounds().clone());
    let q = c.dir.simplifier().simplify(&q);
    let keep = |i: usize| match (&item, rows.get(i)) {
        (Some(code), Some(r)) if !code.is_empty() => r.item_code.as_deref() == Some(code),
        (_, r) => r.is_some(),
    };
    let hits = index.search(&q, keep);
    let hits = if q.trim().is_empty() {
        &hits[..]
    } else {
        hall_domain::search::confident(&hits).0
    };
    let faqs = hits
        .iter()
        .take(50)
        .filter_map(|h| rows.get(h.doc))
        .map(|r| Faq {
            id: r.id.clone(),
            item_code: r.item_code.clone(),
            item_name: name_in(r.item_code.as_deref(), lang),
            question: r.question.clone(),
            answer: r.answer.clone(),
            published_at: r.published_at as i64,
        })
        .collect();
    http::json(&FaqList { faqs }, "public, max-age=60").map_err(|e| http::unavailable("faqs", e))
}

/// My Hall's list of my consultations.
pub async fn summaries(ctx: &Ctx, me: &CitizenSession) -> Result<Vec<MatterSummary>, Error> {
    let db = ctx.db()?;
    Ok(store::of_citizen(&db, &me.citizen_id)
        .await?
        .into_iter()
        .map(|r| {
            MatterSummary::new(
                r.id,
                r.question.chars().take(30).collect(),
                Record::ConsultState(ConsultState::parse(&r.state).unwrap_or(ConsultState::Open)),
                r.created_at as i64,
                Some("/consult".into()),
            )
        })
        .collect())
}
