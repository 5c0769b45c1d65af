//! Real-name sign-in through the province's identity platform (OpenID Connect, authorization
//! code with PKCE): the start, which sends the browser to the platform, and the callback, which
//! checks the answer, records the verified identity and opens a real-name session.

use hall_domain::account::CITIZEN_SESSION_SECS;
use hall_domain::calendar::Date;
use hall_domain::dto::SessionKind;
use hall_domain::language::Lang;
use hall_domain::oidc::{
    b64url, safe_next, AuthRequest, Refusal, VerifiedIdentity, FLOW_COOKIE, FLOW_SECS,
};
use hall_domain::site::with_query;
use hall_domain::Error;
use worker::Response;

use crate::ctx::Ctx;
use crate::oidc::{self, Config};
use crate::store::identities::{self, Account, Flow};
use crate::store::{citizens, sessions};
use crate::{auth, crypto, http};

const CALLBACK: &str = "/api/v1/auth/oidc/callback";

fn redirect_uri(ctx: &Ctx) -> String {
    format!("{}{CALLBACK}", ctx.url.origin().ascii_serialization())
}

/// The cookie that ties the flow to this browser, for the callback path only.
fn flow_cookie(ctx: &Ctx, value: &str, max_age: i64) -> String {
    let secure = if ctx.secure() { "; Secure" } else { "" };
    format!(
        "{FLOW_COOKIE}={value}; Path={CALLBACK}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    )
}

fn random_text() -> Result<String, Error> {
    Ok(b64url(&crypto::random_array::<32>()?))
}

/// `GET /api/v1/auth/oidc/start?next=&lang=`: to the platform's sign-in page.
pub async fn start(ctx: &Ctx) -> Result<Response, Error> {
    let config = Config::of(&ctx.env).ok_or(Error::RealNameUnavailable)?;
    let discovery = oidc::discovery(&config, ctx.wall)
        .await
        .map_err(|_| Error::RealNameUnavailable)?;
    let lang = ctx
        .query("lang")
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let (state, nonce, verifier, browser) = (
        random_text()?,
        random_text()?,
        random_text()?,
        random_text()?,
    );
    let flow = Flow {
        browser_hash: crypto::sha256_hex(browser.as_bytes()).await?,
        nonce,
        verifier,
        next: safe_next(ctx.query("next").as_deref()),
        lang: lang.tag().to_string(),
    };
    identities::put_flow(
        &ctx.db()?,
        &crypto::sha256_hex(state.as_bytes()).await?,
        &flow,
        ctx.wall,
        ctx.wall + FLOW_SECS,
    )
    .await?;
    let url = AuthRequest {
        endpoint: &discovery.authorization_endpoint,
        client_id: &config.client_id,
        redirect_uri: &redirect_uri(ctx),
        state: &state,
        nonce: &flow.nonce,
        verifier: &flow.verifier,
        ui_locales: lang.tag(),
    }
    .url();
    http::see_other_with_cookies(&url, &[flow_cookie(ctx, &browser, FLOW_SECS)])
}

/// `GET /api/v1/auth/oidc/callback?code=&state=`: back from the platform. A refusal returns to
/// the sign-in page with its code (the page names it), never a JSON error: this is a page load.
pub async fn callback(ctx: &Ctx) -> Result<Response, Error> {
    let clear = flow_cookie(ctx, "", 0);
    match finish(ctx).await {
        Ok((token, next)) => http::see_other_with_cookies(
            &next,
            &[
                clear,
                auth::session_cookie(ctx, SessionKind::Citizen, &token, CITIZEN_SESSION_SECS),
            ],
        ),
        Err((refusal, next)) => {
            worker::console_error!("real-name sign-in refused: {}", refusal.code());
            let mut pairs = vec![("oidc_error", refusal.code().to_string())];
            if let Some(next) = next {
                pairs.push(("next", next));
            }
            http::see_other_with_cookies(&with_query("/sign-in", &pairs), &[clear])
        }
    }
}

type Refused = (Refusal, Option<String>);

fn internal(_: Error) -> Refused {
    (Refusal::Provider, None)
}

/// Checks the callback and opens the session: the session token and where to go.
async fn finish(ctx: &Ctx) -> Result<(String, String), Refused> {
    let state = ctx.query("state").unwrap_or_default();
    let db = ctx.db().map_err(internal)?;
    let flow = match state.is_empty() {
        true => None,
        false => {
            let hash = crypto::sha256_hex(state.as_bytes())
                .await
                .map_err(internal)?;
            identities::take_flow(&db, &hash, ctx.wall)
                .await
                .map_err(internal)?
        }
    };
    let flow = flow.ok_or((Refusal::State, None))?;
    let next = Some(flow.next.clone());
    let refuse = |r: Refusal| (r, next.clone());
    // The browser that comes back is the one that started (no sign-in slipped into another
    // person's browser).
    let browser = ctx.cookie(FLOW_COOKIE).unwrap_or_default();
    let browser_hash = crypto::sha256_hex(browser.as_bytes())
        .await
        .map_err(internal)?;
    if browser.is_empty()
        || !hall_domain::account::constant_time_eq(
            browser_hash.as_bytes(),
            flow.browser_hash.as_bytes(),
        )
    {
        return Err(refuse(Refusal::State));
    }
    if ctx.query("error").is_some() {
        return Err(refuse(Refusal::Denied));
    }
    let config = Config::of(&ctx.env).ok_or_else(|| refuse(Refusal::Provider))?;
    // RFC 9207: when the platform names itself, it must be the platform the flow went to.
    if ctx
        .query("iss")
        .is_some_and(|iss| iss.trim_end_matches('/') != config.issuer)
    {
        return Err(refuse(Refusal::Token));
    }
    let code = ctx
        .query("code")
        .filter(|c| !c.is_empty() && c.len() <= 2048)
        .ok_or_else(|| refuse(Refusal::Token))?;
    let discovery = oidc::discovery(&config, ctx.wall).await.map_err(refuse)?;
    let id_token = oidc::exchange(
        &config,
        &discovery,
        &code,
        &redirect_uri(ctx),
        &flow.verifier,
    )
    .await
    .map_err(refuse)?;
    let claims = oidc::verify(&config, &id_token, &flow.nonce, ctx.wall)
        .await
        .map_err(refuse)?;
    let today =
        Date::china_today(ctx.now as f64 * 1000.0).ok_or_else(|| refuse(Refusal::Provider))?;
    let identity = VerifiedIdentity::from_claims(&claims, today).map_err(refuse)?;
    let new_id = crypto::id("c").map_err(internal)?;
    let account = identities::account_of(&db, &config.issuer, &identity, &new_id)
        .await
        .map_err(internal)?
        .ok_or_else(|| refuse(Refusal::Conflict))?;
    let account: Account = account;
    let citizen_id = identities::verify(&db, &config.issuer, &account, &identity, ctx.now)
        .await
        .map_err(internal)?;
    if let Some(lang) = Lang::parse(&flow.lang) {
        citizens::set_lang(&db, &citizen_id, lang, ctx.now)
            .await
            .map_err(internal)?;
    }
    sessions::prune(&db, ctx.prune_clock())
        .await
        .map_err(internal)?;
    let token = crypto::token().map_err(internal)?;
    let token_hash = crypto::sha256_hex(token.as_bytes())
        .await
        .map_err(internal)?;
    sessions::create(
        &db,
        &token_hash,
        SessionKind::Citizen,
        &citizen_id,
        sessions::Assurance::RealName,
        ctx.now,
        ctx.now + CITIZEN_SESSION_SECS,
    )
    .await
    .map_err(internal)?;
    Ok((token, flow.next))
}
