//! Citizen routes: sign-in by one-time code, sign-out, My Hall (profile, matters, who read my
//! data).

use hall_domain::access::Role;
use hall_domain::account::{
    code_from_random, constant_time_eq, normalize_code, CodeCheck, CodeState, CITIZEN_SESSION_SECS,
    CODES_PER_CLIENT_HOUR, CODES_PER_PHONE_HOUR, CODE_MAX_ATTEMPTS, CODE_RESEND_SECS,
    CODE_TTL_SECS,
};
use hall_domain::booking::BookingState;
use hall_domain::dto::{
    CitizenProfile, CodeRequest, CodeSent, DataRead, DataReadList, Done, MatterSummary, MyMatters,
    ProfileUpdate, SessionKind, SessionOpened, VerifyRequest,
};
use hall_domain::error::FieldError;
use hall_domain::identity::{mask_id, name_error, phone_problem, validate_name, Phone};
use hall_domain::language::Lang;
use hall_domain::record::Record;
use hall_domain::Error;
use worker::Response;

use crate::auth::{self, CitizenSession};
use crate::ctx::Ctx;
use crate::notify::{self, Notifier};
use crate::store::{audit, citizens, limits, sessions};
use crate::{crypto, http, state};

fn phone_of(input: &str) -> Result<Phone, Error> {
    Phone::parse(input).ok_or_else(|| Error::Invalid(vec![phone_problem("phone")]))
}

async fn code_hash(phone: &Phone, code: &str) -> Result<String, Error> {
    crypto::sha256_hex(format!("{}:{code}", phone.as_str()).as_bytes()).await
}

/// `POST /api/v1/auth/code`. Answers the same for every valid number: whether it has an
/// account is never revealed.
pub async fn request_code(ctx: &Ctx) -> Result<Response, Error> {
    let req: CodeRequest = ctx.json()?;
    let phone = phone_of(&req.phone)?;
    let mut problems = Vec::new();
    let lang = lang_field(req.lang.as_deref(), &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let db = ctx.db()?;
    if let Some(state) = citizens::code_state(&db, phone.as_str()).await? {
        let wait = state.resend_wait(ctx.now);
        if wait > 0 {
            return Err(Error::ResendTooSoon { wait_secs: wait });
        }
    }
    limits::hit(
        &db,
        &format!("code:client:{}", ctx.client),
        ctx.now,
        CODES_PER_CLIENT_HOUR,
    )
    .await?;
    limits::hit(
        &db,
        &format!("code:phone:{}", phone.as_str()),
        ctx.now,
        CODES_PER_PHONE_HOUR,
    )
    .await?;
    let mut code = None;
    for _ in 0..8 {
        let bytes = crypto::random_bytes(4)?;
        code = code_from_random([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if code.is_some() {
            break;
        }
    }
    let code = code.ok_or(Error::Unavailable)?;
    let state = CodeState::new(ctx.now);
    citizens::put_code(
        &db,
        phone.as_str(),
        &code_hash(&phone, &code).await?,
        &state,
    )
    .await?;
    let outbox = notify::Outbox {
        db: &db,
        now: ctx.now,
    };
    let text = notify::code_text(&code);
    match lang {
        Some(lang) => outbox.send_in(&phone, &text, lang).await?,
        None => outbox.send(&phone, &text).await?,
    }
    limits::prune(&db, ctx.prune_clock()).await?;
    citizens::prune_codes(&db, ctx.prune_clock()).await?;
    http::private(&CodeSent {
        phone_masked: phone.masked(),
        resend_after_secs: CODE_RESEND_SECS,
        expires_in_secs: CODE_TTL_SECS,
    })
}

/// `POST /api/v1/auth/verify`: the code opens a citizen session (the account is created at the
/// first sign-in).
pub async fn verify(ctx: &Ctx) -> Result<Response, Error> {
    let req: VerifyRequest = ctx.json()?;
    let mut problems = Vec::new();
    let phone = Phone::parse(&req.phone);
    if phone.is_none() {
        problems.push(phone_problem("phone"));
    }
    let code = normalize_code(&req.code);
    if code.is_none() {
        problems.push(FieldError::new(
            "code",
            "验证码是 6 位数字",
            "The code is 6 digits",
        ));
    }
    let lang = lang_field(req.lang.as_deref(), &mut problems);
    let (Some(phone), Some(code), true) = (phone, code, problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let db = ctx.db()?;
    limits::sign_in_attempt(&db, &ctx.client, ctx.now).await?;
    let Some((stored, state)) =
        citizens::take_attempt(&db, phone.as_str(), ctx.now, CODE_MAX_ATTEMPTS).await?
    else {
        let state = citizens::code_state(&db, phone.as_str()).await?;
        return Err(match state.map(|s| s.check(ctx.now, false)) {
            Some(CodeCheck::Exhausted) => Error::CodeExhausted,
            _ => Error::CodeExpired,
        });
    };
    let matches = constant_time_eq(
        code_hash(&phone, &code).await?.as_bytes(),
        stored.as_bytes(),
    );
    match state.check(ctx.now, matches) {
        CodeCheck::Accepted => {}
        CodeCheck::Wrong { remaining: 0 } | CodeCheck::Exhausted => {
            return Err(Error::CodeExhausted)
        }
        CodeCheck::Wrong { remaining } => return Err(Error::CodeWrong { remaining }),
        CodeCheck::Expired => return Err(Error::CodeExpired),
    }
    if !citizens::use_code(&db, phone.as_str()).await? {
        return Err(Error::CodeExpired);
    }
    sessions::prune(&db, ctx.prune_clock()).await?;
    let citizen_id =
        citizens::find_or_create(&db, phone.as_str(), &crypto::id("c")?, ctx.now).await?;
    if let Some(lang) = lang {
        citizens::set_lang(&db, &citizen_id, lang, ctx.now).await?;
    }
    let token = crypto::token()?;
    let expires_at = ctx.now + CITIZEN_SESSION_SECS;
    sessions::create(
        &db,
        &crypto::sha256_hex(token.as_bytes()).await?,
        SessionKind::Citizen,
        &citizen_id,
        sessions::Assurance::Phone,
        ctx.now,
        expires_at,
    )
    .await?;
    http::private_with_cookie(
        &SessionOpened {
            kind: SessionKind::Citizen,
            expires_at,
            must_change_password: false,
        },
        &auth::session_cookie(ctx, SessionKind::Citizen, &token, CITIZEN_SESSION_SECS),
    )
}

/// `POST /api/v1/auth/sign-out`: ends this device's session, if any.
pub async fn sign_out(ctx: &Ctx) -> Result<Response, Error> {
    let mut count = 0;
    if let Some(hash) = auth::token_hash(ctx, SessionKind::Citizen).await? {
        sessions::revoke(&ctx.db()?, &hash, ctx.now).await?;
        count = 1;
    }
    http::private_with_cookie(
        &Done { ok: true, count },
        &auth::session_cookie(ctx, SessionKind::Citizen, "", 0),
    )
}

/// `POST /api/v1/me/sign-out-all`.
pub async fn sign_out_all(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let count =
        sessions::revoke_all(&ctx.db()?, SessionKind::Citizen, &me.citizen_id, ctx.now).await?;
    http::private_with_cookie(
        &Done { ok: true, count },
        &auth::session_cookie(ctx, SessionKind::Citizen, "", 0),
    )
}

fn profile(row: citizens::CitizenRow, me: &CitizenSession) -> CitizenProfile {
    CitizenProfile {
        verified: row.id_verified_at.is_some(),
        real_name_session: me.real_name,
        id_kind: row.id_kind(),
        id_masked: row.id_number.as_deref().map(mask_id),
        phone: row.phone,
        name: row.name,
        contact_phone: row.contact_phone,
        created_at: row.created_at as i64,
        lang: Lang::parse(&row.lang).unwrap_or_default().tag().to_string(),
    }
}

/// The message language a request names, if it names one; an unknown one is a problem.
fn lang_field(tag: Option<&str>, problems: &mut Vec<FieldError>) -> Option<Lang> {
    let tag = tag?;
    let lang = Lang::parse(tag);
    if lang.is_none() {
        problems.push(FieldError::new(
            "lang",
            "语言应为 zh-CN、zh-HK 或 en",
            "lang: zh-CN, zh-HK or en",
        ));
    }
    lang
}

async fn own_row(ctx: &Ctx, me: &CitizenSession) -> Result<citizens::CitizenRow, Error> {
    citizens::by_id(&ctx.db()?, &me.citizen_id)
        .await?
        .ok_or(Error::Unauthenticated)
}

/// `GET /api/v1/me`.
pub async fn me(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    http::private(&profile(own_row(ctx, me).await?, me))
}

/// `PUT /api/v1/me`: absent fields are kept; every problem is reported at once.
pub async fn update(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let req: ProfileUpdate = ctx.json()?;
    let row = own_row(ctx, me).await?;
    let mut problems = Vec::new();
    let name = match req.name.as_deref().map(str::trim) {
        None => row.name.clone(),
        Some("") => None,
        Some(n) => validate_name(n).or_else(|| {
            problems.push(name_error());
            None
        }),
    };
    let contact = match req.contact_phone.as_deref().map(str::trim) {
        None => row.contact_phone.clone(),
        Some("") => None,
        Some(p) => match Phone::parse(p) {
            Some(p) => Some(p.as_str().to_string()),
            None => {
                problems.push(FieldError::new(
                    "contact_phone",
                    "联系电话应为 11 位手机号码",
                    "Contact phone must be an 11-digit mobile number",
                ));
                None
            }
        },
    };
    // The identity document comes only from the identity platform's verified sign-in: a
    // document typed here could claim another person's applications.
    if req.id_kind.is_some() || req.id_number.is_some() {
        problems.push(FieldError::new(
            "id_number",
            "证件信息只能通过广东省统一身份认证实名登录取得，不能手动填写",
            "id_number: comes only from real-name sign-in with the provincial identity platform",
        ));
    }
    let lang = lang_field(req.lang.as_deref(), &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let db = ctx.db()?;
    // A verified name stays as the platform gave it.
    let name = if row.id_verified_at.is_some() {
        row.name.clone()
    } else {
        name
    };
    citizens::update(
        &db,
        &me.citizen_id,
        name.as_deref(),
        contact.as_deref(),
        ctx.now,
    )
    .await?;
    if let Some(lang) = lang {
        citizens::set_lang(&db, &me.citizen_id, lang, ctx.now).await?;
    }
    http::private(&profile(own_row(ctx, me).await?, me))
}

/// `GET /api/v1/me/matters`. Appointments are filled; applications, consultations, complaints
/// and ratings fill as they are built.
pub async fn matters(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let appointments = super::bookings::views_of(ctx, me)
        .await?
        .into_iter()
        .map(|b| {
            MatterSummary::new(
                b.id.clone(),
                format!("{} · {}", b.item_name, b.hall_name),
                Record::Booking(BookingState::parse(&b.status).unwrap_or(BookingState::NoShow)),
                hall_domain::booking::unix_of(b.date, b.start),
                Some(match &b.ticket {
                    Some(t) => format!("/ticket/{t}"),
                    None => format!("/bookings/{}", b.id),
                }),
            )
        })
        .collect();
    http::private(&MyMatters {
        appointments,
        applications: super::applications::summaries(ctx, me).await?,
        applications_need_real_name: !me.real_name,
        consultations: super::consultations::summaries(ctx, me).await?,
        complaints: super::complaints::summaries(ctx, me).await?,
        ratings: super::ratings::summaries(ctx, me).await?,
    })
}

/// `GET /api/v1/me/reads`: who opened my personal data, when, in which role and why.
pub async fn reads(ctx: &Ctx, me: &CitizenSession) -> Result<Response, Error> {
    let rows = audit::reads_of(&ctx.db()?, &me.citizen_id).await?;
    let dir = state::directory(&ctx.env).await?;
    let reads = rows
        .into_iter()
        .filter_map(|r| {
            let role = r.actor_role.as_deref().and_then(Role::parse)?;
            Some(DataRead {
                at: r.at as i64,
                role,
                role_label: role.label().to_string(),
                departments: r
                    .actor_departments
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(|c| dir.department_name_of(c).unwrap_or(c).to_string())
                    .collect(),
                action: r.action,
                reason: r.reason,
            })
        })
        .collect();
    http::private(&DataReadList { reads })
}
