//! Staff routes: sign-in, sign-out, own account and password, finding a citizen and opening
//! their personal data (audited, with a reason the citizen sees).

use hall_domain::account::{
    check_new_password, validate_reason, validate_username, LOCKOUT_SECS, PASSWORD_MAX_FAILURES,
    PBKDF2_ITERATIONS, STAFF_SESSION_SECS,
};
use hall_domain::dto::{
    CitizenMasked, CitizenMatches, CitizenRecord, CitizenSearch, Done, OpenReason, PasswordChange,
    SessionKind, SessionOpened, StaffMe, StaffSignIn, TotpConfirm, TotpEnabled, TotpEnrolment,
};
use hall_domain::identity::{mask_id, mask_name, mask_phone, phone_problem, Phone};
use hall_domain::Error;
use worker::Response;

use crate::auth::{self, StaffSession};
use crate::ctx::Ctx;
use crate::store::{audit, citizens, limits, sessions, staff, totp};
use crate::{crypto, http};

/// `POST /api/v1/staff/sign-in`.
pub async fn sign_in(ctx: &Ctx) -> Result<Response, Error> {
    let req: StaffSignIn = ctx.json()?;
    if req.username.trim().is_empty() || req.password.is_empty() {
        return Err(Error::invalid(
            "username",
            "请输入用户名和密码",
            "Enter username and password",
        ));
    }
    let db = ctx.db()?;
    limits::sign_in_attempt(&db, &ctx.client, ctx.now).await?;
    let row = match validate_username(&req.username) {
        Some(u) => staff::by_username(&db, &u).await?,
        None => None,
    };
    let Some(row) = row else {
        // Hash anyway, so that an unknown username takes as long as a wrong password.
        crypto::pbkdf2(&req.password, &[0; 16], PBKDF2_ITERATIONS).await?;
        // What was typed is not kept: it may be a password typed in the wrong field.
        auth::security_event(
            ctx,
            "anonymous",
            "security.sign_in_failed",
            "staff",
            "unknown",
            "",
        )
        .await;
        return Err(Error::BadCredentials);
    };
    if let Some(until) = row.locked_until.map(|t| t as i64) {
        if until > ctx.now {
            return Err(Error::AccountLocked {
                wait_secs: until - ctx.now,
            });
        }
    }
    if !crypto::verify_password(&req.password, &row.password_hash).await? {
        let failure =
            staff::record_failure(&db, &row.id, PASSWORD_MAX_FAILURES, ctx.now + LOCKOUT_SECS)
                .await?;
        let locked = failure
            .locked_until
            .map(|t| t as i64)
            .filter(|u| *u > ctx.now);
        auth::security_event(
            ctx,
            &row.id,
            if locked.is_some() {
                "security.locked"
            } else {
                "security.sign_in_failed"
            },
            "staff",
            &row.id,
            "",
        )
        .await;
        return Err(match locked {
            Some(until) => Error::AccountLocked {
                wait_secs: until - ctx.now,
            },
            None => Error::BadCredentials,
        });
    }
    if row.disabled != 0.0 {
        return Err(Error::AccountDisabled);
    }
    if row.totp_enabled_at.is_some() {
        second_factor(ctx, &db, &row, req.totp.as_deref()).await?;
    }
    staff::record_success(&db, &row.id).await?;
    sessions::prune(&db, ctx.prune_clock()).await?;
    let token = crypto::token()?;
    let expires_at = ctx.now + STAFF_SESSION_SECS;
    sessions::create(
        &db,
        &crypto::sha256_hex(token.as_bytes()).await?,
        SessionKind::Staff,
        &row.id,
        sessions::Assurance::Phone,
        ctx.now,
        expires_at,
    )
    .await?;
    http::private_with_cookie(
        &SessionOpened {
            kind: SessionKind::Staff,
            expires_at,
            must_change_password: row.must_change_password != 0.0 && !ctx.dev(),
        },
        &auth::session_cookie(ctx, SessionKind::Staff, &token, STAFF_SESSION_SECS),
    )
}

/// Checks the second factor of an account that has one: the authenticator's code (each step
/// used once) or a recovery code (each used once). A wrong one counts as a failed sign-in.
async fn second_factor(
    ctx: &Ctx,
    db: &worker::D1Database,
    row: &staff::StaffRow,
    typed: Option<&str>,
) -> Result<(), Error> {
    let typed = typed.map(str::trim).filter(|t| !t.is_empty());
    let Some(typed) = typed else {
        return Err(Error::TotpRequired);
    };
    let t = totp::get(db, &row.id).await?.ok_or(Error::Unavailable)?;
    let secret = totp_secret(ctx, db, &row.id, &t.secret).await?;
    let ok = match hall_domain::totp::verify(&secret, typed, ctx.now, t.last_step.map(|s| s as i64))
    {
        Some(step) => totp::use_step(db, &row.id, step).await?,
        None => match hall_domain::totp::normalize_recovery(typed) {
            Some(code) => {
                let hash = crypto::sha256_hex(format!("{}:{code}", row.id).as_bytes()).await?;
                totp::use_recovery(db, &row.id, &hash, ctx.now).await?
            }
            None => false,
        },
    };
    if ok {
        return Ok(());
    }
    let failure =
        staff::record_failure(db, &row.id, PASSWORD_MAX_FAILURES, ctx.now + LOCKOUT_SECS).await?;
    let locked = failure
        .locked_until
        .map(|t| t as i64)
        .filter(|u| *u > ctx.now);
    auth::security_event(
        ctx,
        &row.id,
        if locked.is_some() {
            "security.locked"
        } else {
            "security.totp_failed"
        },
        "staff",
        &row.id,
        "",
    )
    .await;
    Err(match locked {
        Some(until) => Error::AccountLocked {
            wait_secs: until - ctx.now,
        },
        None => Error::TotpWrong,
    })
}

/// A staff member's TOTP secret as stored: sealed under the data key and bound to the account.
/// A secret stored in clear before sealing began is read once more and sealed in its place.
async fn totp_secret(
    ctx: &Ctx,
    db: &worker::D1Database,
    staff_id: &str,
    stored: &str,
) -> Result<Vec<u8>, Error> {
    let key = crypto::data_key(ctx)?;
    if hall_domain::sealed::is_sealed(stored) {
        return crypto::open(&key, staff_id, stored).await?.ok_or_else(|| {
            worker::console_error!("totp: a sealed secret does not open under the data key");
            Error::Unavailable
        });
    }
    let secret = hall_domain::totp::unbase32(stored).ok_or(Error::Unavailable)?;
    let sealed = crypto::seal(&key, staff_id, &secret).await?;
    totp::reseal(db, staff_id, stored, &sealed).await?;
    Ok(secret)
}

/// `POST /api/v1/staff/totp/enrol`: a new secret for the authenticator app, pending until its
/// first code confirms it (an account that has two-factor sign-in keeps it).
pub async fn totp_enrol(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    if me.staff.row.totp_enabled_at.is_some() {
        return Err(Error::TotpWrong);
    }
    let secret: [u8; hall_domain::totp::SECRET_BYTES] = crypto::random_array()?;
    let encoded = hall_domain::totp::base32(&secret);
    let sealed = crypto::seal(&crypto::data_key(ctx)?, &me.staff.row.id, &secret).await?;
    let db = ctx.db()?;
    totp::put_pending(&db, &me.staff.row.id, &sealed, ctx.now).await?;
    let issuer = hall_domain::hall::HALL.name;
    let uri = hall_domain::totp::otpauth_uri(issuer, &me.staff.row.username, &secret);
    let qr_svg = crate::qr::svg(&uri).ok_or(Error::Unavailable)?;
    http::private(&TotpEnrolment {
        secret: encoded,
        otpauth_uri: uri,
        qr_svg,
    })
}

/// `POST /api/v1/staff/totp/confirm`: the first code turns two-factor sign-in on and makes
/// the recovery codes, shown this once.
pub async fn totp_confirm(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: TotpConfirm = ctx.json()?;
    let db = ctx.db()?;
    let t = totp::get(&db, &me.staff.row.id)
        .await?
        .filter(|t| t.enabled_at.is_none())
        .ok_or(Error::TotpWrong)?;
    let secret = totp_secret(ctx, &db, &me.staff.row.id, &t.secret).await?;
    let step =
        hall_domain::totp::verify(&secret, &req.code, ctx.now, None).ok_or(Error::TotpWrong)?;
    let mut codes = Vec::new();
    let mut hashes = Vec::new();
    for _ in 0..hall_domain::totp::RECOVERY_CODES {
        let code = hall_domain::totp::recovery_code(&crypto::random_array()?);
        hashes.push(crypto::sha256_hex(format!("{}:{code}", me.staff.row.id).as_bytes()).await?);
        codes.push(code);
    }
    totp::enable(&db, &me.staff.row.id, step, &hashes, ctx.now).await?;
    let record = me.record(
        ctx,
        audit::What {
            action: "staff.totp_enabled",
            target_kind: "staff",
            target_id: &me.staff.row.id,
            citizen_id: None,
            detail: "",
            reason: "",
        },
    );
    audit::append(&db, &record)?
        .run()
        .await
        .map_err(|e| http::unavailable("audit append", e))?;
    http::private(&TotpEnabled {
        recovery_codes: codes,
    })
}

/// `POST /api/v1/staff/sign-out`.
pub async fn sign_out(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    sessions::revoke(&ctx.db()?, &me.token_hash, ctx.now).await?;
    http::private_with_cookie(
        &Done { ok: true, count: 1 },
        &auth::session_cookie(ctx, SessionKind::Staff, "", 0),
    )
}

/// `GET /api/v1/staff/me`.
pub fn me(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let s = &me.staff;
    http::private(&StaffMe {
        id: s.row.id.clone(),
        username: s.row.username.clone(),
        display_name: s.row.display_name.clone(),
        roles: s.roles.clone(),
        departments: s.departments.clone(),
        windows: s.windows.clone(),
        must_change_password: s.row.must_change_password != 0.0 && !ctx.dev(),
        totp_enabled: s.row.totp_enabled_at.is_some(),
        totp_required: s.row.totp_enabled_at.is_none()
            && hall_domain::totp::required_for(&s.roles)
            && !ctx.dev(),
    })
}

/// `POST /api/v1/staff/password`.
pub async fn change_password(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: PasswordChange = ctx.json()?;
    if !crypto::verify_password(&req.current, &me.staff.row.password_hash).await? {
        return Err(Error::invalid(
            "current",
            "当前密码不正确",
            "The current password is wrong",
        ));
    }
    check_new_password(&me.staff.row.username, Some(&req.current), &req.new)
        .map_err(|p| Error::invalid("new", p.message_zh(), p.message_en()))?;
    let hash = crypto::hash_password(&req.new).await?;
    staff::set_password(
        &ctx.db()?,
        &me.staff.row.id,
        &hash,
        false,
        Some(&me.token_hash),
        ctx.now,
        None,
    )
    .await?;
    http::private(&Done { ok: true, count: 1 })
}

/// `POST /api/v1/staff/citizens/search`: masked matches only; opening one is a separate,
/// audited step.
pub async fn search_citizens(ctx: &Ctx) -> Result<Response, Error> {
    let req: CitizenSearch = ctx.json()?;
    let phone =
        Phone::parse(&req.phone).ok_or_else(|| Error::Invalid(vec![phone_problem("phone")]))?;
    let rows = citizens::search_phone(&ctx.db()?, phone.as_str()).await?;
    http::private(&CitizenMatches {
        citizens: rows
            .into_iter()
            .map(|r| CitizenMasked {
                phone_masked: mask_phone(&r.phone),
                name_masked: r.name.as_deref().map(mask_name),
                id_masked: r.id_number.as_deref().map(mask_id),
                id: r.id,
            })
            .collect(),
    })
}

fn is_citizen_id(id: &str) -> bool {
    id.len() == 18
        && id.starts_with("c_")
        && id[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `POST /api/v1/staff/citizens/{id}/open`: the personal data in clear, recorded in the audit
/// trail with the acting role, departments and reason before it is returned.
pub async fn open_citizen(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: OpenReason = ctx.json()?;
    let reason = validate_reason(&req.reason).ok_or_else(|| {
        Error::invalid(
            "reason",
            "请填写查看原因（4 到 200 个字），群众可以看到这条记录",
            "Give a reason of 4 to 200 characters; the citizen will see it",
        )
    })?;
    if !is_citizen_id(id) {
        return Err(Error::CitizenNotFound);
    }
    let db = ctx.db()?;
    let row = citizens::by_id(&db, id)
        .await?
        .ok_or(Error::CitizenNotFound)?;
    let record = me.record(
        ctx,
        audit::What {
            action: "citizen.open",
            target_kind: "citizen",
            target_id: id,
            citizen_id: Some(id),
            detail: "",
            reason: &reason,
        },
    );
    audit::append(&db, &record)?
        .run()
        .await
        .map_err(|e| http::unavailable("audit append", e))?;
    http::private(&CitizenRecord {
        id_kind: row.id_kind(),
        id: row.id,
        phone: row.phone,
        name: row.name,
        id_number: row.id_number,
        contact_phone: row.contact_phone,
    })
}
