//! Real-name sign-in through the province's unified identity platform (统一身份认证), as an
//! OpenID Connect relying party: the authorization-code flow with PKCE (S256), `state` and
//! `nonce`. This module holds the pure parts: the authorization request, the PKCE challenge,
//! reading an ID token, checking its claims, and turning them into a verified identity. The
//! Worker fetches, verifies the signature through WebCrypto and stores.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::calendar::Date;
use crate::identity::{validate_id, validate_name, IdKind, Phone};
use crate::site::encode;

/// The scopes Hall asks for: `openid` and the platform's identity scope, whose claims are the
/// verified name, the identity document and the mobile number.
pub const SCOPE: &str = "openid gov_identity";

/// How long a started sign-in may take before its `state` is forgotten.
pub const FLOW_SECS: i64 = 10 * 60;

/// Clock difference tolerated between Hall and the provider when reading `exp` and `iat`.
pub const LEEWAY_SECS: i64 = 120;

/// How long the provider's discovery document and keys are kept before they are read again
/// (an unknown key id reads them at once: the provider rotated its keys).
pub const CACHE_SECS: i64 = 3600;

/// The cookie that ties a started sign-in to the browser that started it.
pub const FLOW_COOKIE: &str = "hall_oidc";

/// What Hall needs of the provider's discovery document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
}

/// An RSA public key of the provider's JWKS.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub alg: Option<String>,
    #[serde(rename = "use", default)]
    pub use_: Option<String>,
    #[serde(default)]
    pub n: String,
    #[serde(default)]
    pub e: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The RSA signing key with this id.
    pub fn key(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| {
            k.kty == "RSA"
                && k.kid.as_deref() == Some(kid)
                && k.use_.as_deref().is_none_or(|u| u == "sig")
                && k.alg.as_deref().is_none_or(|a| a == "RS256")
        })
    }
}

/// The token endpoint's answer.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    pub id_token: String,
}

/// Why a sign-in through the platform was refused. Each is a stable code the sign-in page
/// names in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The flow is unknown, used or too old, or was started in another browser.
    State,
    /// The provider sent the citizen back with an error (they cancelled, say).
    Denied,
    /// The provider could not be reached or answered what no provider should.
    Provider,
    /// The ID token is malformed, badly signed, or for someone else.
    Token,
    /// The token has expired (or is dated in the future).
    Expired,
    /// The identity the platform vouches for lacks a name, a valid document or a mobile number.
    Identity,
    /// Another Hall account holds the verified document or mobile number already.
    Conflict,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::State => "oidc.state",
            Refusal::Denied => "oidc.denied",
            Refusal::Provider => "oidc.provider",
            Refusal::Token => "oidc.token",
            Refusal::Expired => "oidc.expired",
            Refusal::Identity => "oidc.identity",
            Refusal::Conflict => "oidc.conflict",
        }
    }

    pub const ALL: [Refusal; 7] = [
        Refusal::State,
        Refusal::Denied,
        Refusal::Provider,
        Refusal::Token,
        Refusal::Expired,
        Refusal::Identity,
        Refusal::Conflict,
    ];

    pub fn parse(code: &str) -> Option<Refusal> {
        Refusal::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Base64url without padding (RFC 7636, RFC 7515).
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 code challenge of a PKCE verifier.
pub fn code_challenge(verifier: &str) -> String {
    b64url(&Sha256::digest(verifier.as_bytes()))
}

/// The authorization request the browser is sent to.
pub struct AuthRequest<'a> {
    pub endpoint: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub state: &'a str,
    pub nonce: &'a str,
    pub verifier: &'a str,
    /// The page's language, as a hint for the provider's own pages.
    pub ui_locales: &'a str,
}

impl AuthRequest<'_> {
    pub fn url(&self) -> String {
        let sep = if self.endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        let pairs = [
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("scope", SCOPE),
            ("state", self.state),
            ("nonce", self.nonce),
            ("code_challenge", &code_challenge(self.verifier)),
            ("code_challenge_method", "S256"),
            ("ui_locales", self.ui_locales),
        ];
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        format!("{}{sep}{}", self.endpoint, query.join("&"))
    }
}

/// The token request's form body (the client authenticates with HTTP Basic).
pub fn token_form(code: &str, redirect_uri: &str, verifier: &str) -> String {
    [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", encode(v)))
    .collect::<Vec<_>>()
    .join("&")
}

/// The `Authorization` header of the client (RFC 6749 2.3.1: each part form-encoded first).
pub fn basic_auth(client_id: &str, secret: &str) -> String {
    let pair = format!("{}:{}", encode(client_id), encode(secret));
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// A compact JWS split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jws {
    pub alg: String,
    pub kid: String,
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: String,
    pub payload: Vec<u8>,
    pub signature: Vec<u8>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

/// Splits and decodes an ID token; only RS256 with a key id is accepted (never `none`).
pub fn parse_jws(token: &str) -> Result<Jws, Refusal> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Token);
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| Refusal::Token);
    let header: Header = serde_json::from_slice(&decode(h)?).map_err(|_| Refusal::Token)?;
    let kid = header.kid.filter(|k| !k.is_empty()).ok_or(Refusal::Token)?;
    if header.alg != "RS256" {
        return Err(Refusal::Token);
    }
    Ok(Jws {
        alg: header.alg,
        kid,
        signing_input: format!("{h}.{p}"),
        payload: decode(p)?,
        signature: decode(s)?,
    })
}

/// `aud` is one string or a list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The claims of an ID token that Hall reads.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub aud: Audience,
    pub exp: i64,
    pub iat: i64,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub azp: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub id_type: Option<String>,
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
}

/// What the flow expects of the token.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now: i64,
}

/// Checks a (signature-verified) token's claims: the issuer, the audience (and `azp` when
/// there are several), the expiry and issue time with [`LEEWAY_SECS`], and the nonce.
pub fn check_claims(payload: &[u8], e: &Expected<'_>) -> Result<Claims, Refusal> {
    let c: Claims = serde_json::from_slice(payload).map_err(|_| Refusal::Token)?;
    if c.iss != e.issuer || c.sub.is_empty() {
        return Err(Refusal::Token);
    }
    let audience_ok = match &c.aud {
        Audience::One(a) => a == e.client_id,
        Audience::Many(list) => {
            list.iter().any(|a| a == e.client_id)
                && (list.len() == 1 || c.azp.as_deref() == Some(e.client_id))
        }
    };
    if !audience_ok {
        return Err(Refusal::Token);
    }
    if c.nonce.as_deref() != Some(e.nonce) {
        return Err(Refusal::Token);
    }
    if c.exp + LEEWAY_SECS <= e.now || c.iat > e.now + LEEWAY_SECS {
        return Err(Refusal::Expired);
    }
    Ok(c)
}

/// The identity the platform vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdentity {
    pub subject: String,
    pub name: String,
    pub id_kind: IdKind,
    pub id_number: String,
    pub phone: Phone,
}

impl VerifiedIdentity {
    /// The verified identity of the claims, every part checked as Hall checks what people type:
    /// a name, a valid identity document (GB 11643 check digit for resident cards) and a
    /// mainland mobile number.
    pub fn from_claims(c: &Claims, today: Date) -> Result<VerifiedIdentity, Refusal> {
        let name = c
            .name
            .as_deref()
            .and_then(validate_name)
            .ok_or(Refusal::Identity)?;
        let id_kind = c
            .id_type
            .as_deref()
            .and_then(IdKind::parse)
            .ok_or(Refusal::Identity)?;
        let id_number = c
            .id_number
            .as_deref()
            .ok_or(Refusal::Identity)
            .and_then(|n| validate_id(id_kind, n, today).map_err(|_| Refusal::Identity))?;
        let phone = c
            .phone_number
            .as_deref()
            .and_then(Phone::parse)
            .ok_or(Refusal::Identity)?;
        Ok(VerifiedIdentity {
            subject: c.sub.clone(),
            name,
            id_kind,
            id_number,
            phone,
        })
    }
}

/// Where a finished sign-in returns: a path of this site (never `//host` or a scheme), or
/// My Hall.
pub fn safe_next(next: Option<&str>) -> String {
    crate::site::same_site_path(next, "/me")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s_example() {
        // RFC 7636, Appendix B.
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_authorization_request_carries_every_parameter() {
        let url = AuthRequest {
            endpoint: "http://127.0.0.1:9/auth",
            client_id: "hall",
            redirect_uri: "http://127.0.0.1:8787/api/v1/auth/oidc/callback",
            state: "s1",
            nonce: "n1",
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            ui_locales: "zh-CN",
        }
        .url();
        assert!(url.starts_with("http://127.0.0.1:9/auth?response_type=code&client_id=hall"));
        for part in [
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A8787%2Fapi%2Fv1%2Fauth%2Foidc%2Fcallback",
            "scope=openid%20gov_identity",
            "state=s1",
            "nonce=n1",
            "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "code_challenge_method=S256",
        ] {
            assert!(url.contains(part), "{part} in {url}");
        }
        assert_eq!(
            token_form("c/1", "http://x/cb", "v"),
            "grant_type=authorization_code&code=c%2F1&redirect_uri=http%3A%2F%2Fx%2Fcb&code_verifier=v"
        );
        assert_eq!(basic_auth("hall", "s3cret"), "Basic aGFsbDpzM2NyZXQ=");
    }

    fn token(header: &str, payload: &str) -> String {
        format!(
            "{}.{}.{}",
            b64url(header.as_bytes()),
            b64url(payload.as_bytes()),
            b64url(b"sig")
        )
    }

    #[test]
    fn only_rs256_tokens_with_a_key_id_are_read() {
        let t = token(r#"{"alg":"RS256","kid":"k1"}"#, "{}");
        let jws = parse_jws(&t).unwrap_or_else(|_| panic!("parses"));
        assert_eq!((jws.alg.as_str(), jws.kid.as_str()), ("RS256", "k1"));
        assert_eq!(jws.signature, b"sig");
        assert_eq!(
            jws.signing_input,
            t.rsplit_once('.')
                .map(|(a, _)| a.to_string())
                .unwrap_or_default()
        );
        for bad in [
            token(r#"{"alg":"none","kid":"k1"}"#, "{}"),
            token(r#"{"alg":"HS256","kid":"k1"}"#, "{}"),
            token(r#"{"alg":"RS256"}"#, "{}"),
            "a.b".to_string(),
            "a.b.c.d".to_string(),
            "!!.??.**".to_string(),
        ] {
            assert_eq!(parse_jws(&bad), Err(Refusal::Token), "{bad}");
        }
    }

    fn claims(over: serde_json::Value) -> Vec<u8> {
        let mut c = serde_json::json!({
            "iss": "http://idp", "sub": "abc", "aud": "hall", "exp": 2000, "iat": 1000,
            "nonce": "n1", "name": "陈晓明", "id_type": "resident",
            "id_number": "440103198803151236", "phone_number": "13912345678"
        });
        if let (Some(c), Some(o)) = (c.as_object_mut(), over.as_object()) {
            for (k, v) in o {
                c.insert(k.clone(), v.clone());
            }
        }
        c.to_string().into_bytes()
    }

    fn expect(now: i64) -> Expected<'static> {
        Expected {
            issuer: "http://idp",
            client_id: "hall",
            nonce: "n1",
            now,
        }
    }

    #[test]
    fn claims_are_checked_one_by_one() {
        let ok = check_claims(&claims(serde_json::json!({})), &expect(1500));
        assert!(ok.is_ok(), "{ok:?}");
        let cases = [
            (serde_json::json!({ "iss": "http://other" }), Refusal::Token),
            (serde_json::json!({ "aud": "someone-else" }), Refusal::Token),
            (serde_json::json!({ "aud": ["hall", "x"] }), Refusal::Token),
            (serde_json::json!({ "nonce": "n2" }), Refusal::Token),
            (serde_json::json!({ "nonce": null }), Refusal::Token),
            (serde_json::json!({ "sub": "" }), Refusal::Token),
            (
                serde_json::json!({ "exp": 1500 - LEEWAY_SECS }),
                Refusal::Expired,
            ),
            (
                serde_json::json!({ "iat": 1500 + LEEWAY_SECS + 1 }),
                Refusal::Expired,
            ),
        ];
        for (over, want) in cases {
            assert_eq!(
                check_claims(&claims(over.clone()), &expect(1500)).err(),
                Some(want),
                "{over}"
            );
        }
        // Several audiences are fine when Hall is the authorized party.
        let many = claims(serde_json::json!({ "aud": ["hall", "x"], "azp": "hall" }));
        assert!(check_claims(&many, &expect(1500)).is_ok());
        // Within the leeway, a just-expired token still counts (clocks differ).
        assert!(check_claims(
            &claims(serde_json::json!({})),
            &expect(2000 + LEEWAY_SECS - 1)
        )
        .is_ok());
    }

    #[test]
    fn the_verified_identity_is_checked_as_typed_input_is() {
        let today = Date::parse("2026-12-07").unwrap_or_else(|| panic!("date"));
        let c = check_claims(&claims(serde_json::json!({})), &expect(1500))
            .unwrap_or_else(|e| panic!("{e:?}"));
        let v = VerifiedIdentity::from_claims(&c, today).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((v.name.as_str(), v.id_kind), ("陈晓明", IdKind::Resident));
        assert_eq!(v.phone.as_str(), "13912345678");
        for over in [
            serde_json::json!({ "name": null }),
            serde_json::json!({ "id_type": "driving_licence" }),
            // A wrong check digit.
            serde_json::json!({ "id_number": "440103198803151235" }),
            serde_json::json!({ "phone_number": "12345" }),
        ] {
            let c = check_claims(&claims(over.clone()), &expect(1500))
                .unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(
                VerifiedIdentity::from_claims(&c, today),
                Err(Refusal::Identity),
                "{over}"
            );
        }
        let hk = check_claims(
            &claims(serde_json::json!({ "id_type": "hk_macau_permit", "id_number": "H60321897", "name": "黄志强" })),
            &expect(1500),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(VerifiedIdentity::from_claims(&hk, today).is_ok());
    }

    #[test]
    fn the_return_path_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/applications/261207K7M4QX9P")),
            "/applications/261207K7M4QX9P"
        );
        assert_eq!(
            safe_next(Some("/book/GA-CRJ-001?hall=city")),
            "/book/GA-CRJ-001?hall=city"
        );
        for bad in [
            "//evil.example",
            "/\\evil",
            "https://evil.example",
            "evil",
            "/api/v1/me",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/me", "{bad}");
        }
        assert_eq!(safe_next(None), "/me");
    }

    #[test]
    fn refusal_codes_read_back() {
        for r in Refusal::ALL {
            assert_eq!(Refusal::parse(r.code()), Some(r));
        }
    }

    #[test]
    fn the_signing_key_is_found_by_id() {
        let jwks: Jwks = serde_json::from_str(
            r#"{"keys":[{"kty":"RSA","kid":"a","use":"sig","alg":"RS256","n":"x","e":"AQAB"},
                        {"kty":"RSA","kid":"b","use":"enc","n":"y","e":"AQAB"},
                        {"kty":"EC","kid":"c"}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(jwks.key("a").map(|k| k.n.as_str()), Some("x"));
        assert!(jwks.key("b").is_none() && jwks.key("c").is_none() && jwks.key("z").is_none());
    }
}
