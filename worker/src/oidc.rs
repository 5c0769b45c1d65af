//! The province's identity platform as Hall's Worker meets it: its configuration, discovery
//! document and signing keys (kept in the isolate, read again after [`CACHE_SECS`] or when a
//! token names a key id not seen yet), the token request, and the ID token's RS256 signature
//! checked through WebCrypto. The rules (claims, PKCE, the return path) are in
//! `hall_domain::oidc`.

use std::cell::RefCell;

use hall_domain::oidc::{
    basic_auth, check_claims, parse_jws, token_form, Claims, Discovery, Expected, Jwk, Jwks,
    Refusal, TokenResponse, CACHE_SECS,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, WorkerGlobalScope};
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

/// The relying party's configuration: `HALL_OIDC_ISSUER` and `HALL_OIDC_CLIENT_ID` (vars) and
/// `HALL_OIDC_CLIENT_SECRET` (a secret).
pub struct Config {
    pub issuer: String,
    pub client_id: String,
    pub secret: String,
}

impl Config {
    /// The configuration, or `None` where real-name sign-in is not set up.
    pub fn of(env: &Env) -> Option<Config> {
        let var = |name: &str| {
            env.var(name)
                .map(|v| v.to_string())
                .or_else(|_| env.secret(name).map(|v| v.to_string()))
                .ok()
                .filter(|v| !v.is_empty())
        };
        Some(Config {
            issuer: var("HALL_OIDC_ISSUER")?.trim_end_matches('/').to_string(),
            client_id: var("HALL_OIDC_CLIENT_ID")?,
            secret: var("HALL_OIDC_CLIENT_SECRET")?,
        })
    }
}

struct Cached {
    issuer: String,
    at: i64,
    discovery: Discovery,
    jwks: Jwks,
}

thread_local! {
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

fn log(what: &str) {
    worker::console_error!("oidc: {what}");
}

async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, Refusal> {
    let url = worker::Url::parse(url).map_err(|_| Refusal::Provider)?;
    let mut resp = Fetch::Url(url).send().await.map_err(|e| {
        log(&format!("GET failed: {e}"));
        Refusal::Provider
    })?;
    if resp.status_code() != 200 {
        log(&format!("GET answered {}", resp.status_code()));
        return Err(Refusal::Provider);
    }
    resp.json().await.map_err(|_| Refusal::Provider)
}

/// Reads the discovery document and the keys from the provider.
async fn load(issuer: &str, now: i64) -> Result<Cached, Refusal> {
    let discovery: Discovery =
        get_json(&format!("{issuer}/.well-known/openid-configuration")).await?;
    // OpenID Connect Discovery 4.3: the document's issuer is the one asked for.
    if discovery.issuer.trim_end_matches('/') != issuer {
        log("discovery issuer differs");
        return Err(Refusal::Provider);
    }
    let jwks: Jwks = get_json(&discovery.jwks_uri).await?;
    Ok(Cached {
        issuer: issuer.to_string(),
        at: now,
        discovery,
        jwks,
    })
}

/// The provider's discovery document, from the isolate's cache while it is fresh.
pub async fn discovery(config: &Config, now: i64) -> Result<Discovery, Refusal> {
    let cached = CACHE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|c| c.issuer == config.issuer && now - c.at < CACHE_SECS)
            .map(|c| c.discovery.clone())
    });
    if let Some(d) = cached {
        return Ok(d);
    }
    let fresh = load(&config.issuer, now).await?;
    let d = fresh.discovery.clone();
    CACHE.with(|c| *c.borrow_mut() = Some(fresh));
    Ok(d)
}

/// The signing key `kid`: from the cache, or (an unknown id: the provider rotated its keys)
/// from the provider at once.
async fn key(config: &Config, kid: &str, now: i64) -> Result<Jwk, Refusal> {
    let cached = CACHE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|c| c.issuer == config.issuer && now - c.at < CACHE_SECS)
            .and_then(|c| c.jwks.key(kid).cloned())
    });
    if let Some(k) = cached {
        return Ok(k);
    }
    let fresh = load(&config.issuer, now).await?;
    let k = fresh.jwks.key(kid).cloned();
    CACHE.with(|c| *c.borrow_mut() = Some(fresh));
    k.ok_or_else(|| {
        log("no key with the token's kid");
        Refusal::Token
    })
}

/// Exchanges the code for tokens (client_secret_basic, with the PKCE verifier).
pub async fn exchange(
    config: &Config,
    discovery: &Discovery,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<String, Refusal> {
    let headers = Headers::new();
    let set = |k: &str, v: &str| headers.set(k, v).map_err(|_| Refusal::Provider);
    set("content-type", "application/x-www-form-urlencoded")?;
    set("accept", "application/json")?;
    set(
        "authorization",
        &basic_auth(&config.client_id, &config.secret),
    )?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&token_form(
            code,
            redirect_uri,
            verifier,
        ))));
    let req =
        Request::new_with_init(&discovery.token_endpoint, &init).map_err(|_| Refusal::Provider)?;
    let mut resp = Fetch::Request(req).send().await.map_err(|e| {
        log(&format!("token request failed: {e}"));
        Refusal::Provider
    })?;
    match resp.status_code() {
        200 => {}
        // invalid_grant: a used, expired or forged code, or a wrong verifier.
        400 | 401 => {
            log(&format!("token endpoint refused ({})", resp.status_code()));
            return Err(Refusal::Token);
        }
        s => {
            log(&format!("token endpoint answered {s}"));
            return Err(Refusal::Provider);
        }
    }
    let tokens: TokenResponse = resp.json().await.map_err(|_| Refusal::Provider)?;
    Ok(tokens.id_token)
}

fn set(obj: &js_sys::Object, k: &str, v: &JsValue) -> Result<(), Refusal> {
    js_sys::Reflect::set(obj, &JsValue::from_str(k), v)
        .map(|_| ())
        .map_err(|_| Refusal::Token)
}

/// Whether `signature` is `key`'s RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
async fn rs256_verifies(key: &Jwk, data: &[u8], signature: &[u8]) -> Result<bool, Refusal> {
    let subtle = js_sys::global()
        .unchecked_into::<WorkerGlobalScope>()
        .crypto()
        .map_err(|_| Refusal::Provider)?
        .subtle();
    let jwk = js_sys::Object::new();
    set(&jwk, "kty", &JsValue::from_str("RSA"))?;
    set(&jwk, "n", &JsValue::from_str(&key.n))?;
    set(&jwk, "e", &JsValue::from_str(&key.e))?;
    set(&jwk, "alg", &JsValue::from_str("RS256"))?;
    set(&jwk, "ext", &JsValue::TRUE)?;
    let algorithm = js_sys::Object::new();
    set(&algorithm, "name", &JsValue::from_str("RSASSA-PKCS1-v1_5"))?;
    set(&algorithm, "hash", &JsValue::from_str("SHA-256"))?;
    let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
    let imported = subtle
        .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
        .map_err(|_| Refusal::Token)?;
    let crypto_key: CryptoKey = JsFuture::from(imported)
        .await
        .map_err(|_| {
            log("the provider's key does not import");
            Refusal::Token
        })?
        .unchecked_into();
    let verdict = subtle
        .verify_with_object_and_u8_array_and_u8_array(&algorithm, &crypto_key, signature, data)
        .map_err(|_| Refusal::Token)?;
    let verdict = JsFuture::from(verdict).await.map_err(|_| Refusal::Token)?;
    Ok(verdict.as_bool() == Some(true))
}

/// The claims of an ID token whose signature the provider's key proves, and whose issuer,
/// audience, time and nonce are the expected ones.
pub async fn verify(
    config: &Config,
    id_token: &str,
    nonce: &str,
    now: i64,
) -> Result<Claims, Refusal> {
    let jws = parse_jws(id_token)?;
    let key = key(config, &jws.kid, now).await?;
    if !rs256_verifies(&key, jws.signing_input.as_bytes(), &jws.signature).await? {
        log("ID token signature does not verify");
        return Err(Refusal::Token);
    }
    check_claims(
        &jws.payload,
        &Expected {
            issuer: &config.issuer,
            client_id: &config.client_id,
            nonce,
            now,
        },
    )
}
