//! A request's idempotency key, scoped to its caller, method and path, with the fingerprint of
//! its body (rules in `hall_domain::idempotency`).

use hall_domain::error::FieldError;
use hall_domain::idempotency::{canonical_body, is_key, scope_text, Caller};
use hall_domain::Error;
use worker::D1Database;

use crate::ctx::Ctx;
use crate::{crypto, store};

pub struct Idem {
    key: String,
    fingerprint: String,
}

/// The field error of a malformed key.
pub fn key_problem() -> FieldError {
    FieldError::new(
        "idempotency_key",
        "请求标识不正确，请刷新页面后重试",
        "idempotency_key: 8-64 letters, digits, - or _",
    )
}

impl Idem {
    /// The scoped key of `raw` for this caller and request; a malformed key is a field error.
    pub async fn new(ctx: &Ctx, caller: Caller<'_>, raw: &str) -> Result<Idem, Error> {
        let raw = raw.trim();
        if !is_key(raw) {
            return Err(Error::Invalid(vec![key_problem()]));
        }
        let scope = scope_text(caller, &ctx.method, ctx.url.path(), raw);
        Ok(Idem {
            key: format!("k1:{}", crypto::sha256_hex(scope.as_bytes()).await?),
            fingerprint: crypto::sha256_hex(canonical_body(&ctx.body).as_bytes()).await?,
        })
    }

    /// The scoped key of `raw` when it is well formed, else `None` (for a handler that names a
    /// malformed key among the request's other problems).
    pub async fn maybe(ctx: &Ctx, caller: Caller<'_>, raw: &str) -> Result<Option<Idem>, Error> {
        if is_key(raw.trim()) {
            Idem::new(ctx, caller, raw).await.map(Some)
        } else {
            Ok(None)
        }
    }

    /// The key as the record tables store it.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether this very request was made before, so its record is the answer; a different
    /// request under the same key is refused.
    pub async fn seen(&self, db: &D1Database) -> Result<bool, Error> {
        match store::idempotency::fingerprint(db, &self.key).await? {
            None => Ok(false),
            Some(f) if f == self.fingerprint => Ok(true),
            Some(_) => Err(Error::IdempotencyMismatch),
        }
    }

    /// Claims the key for this request just before its record is written; if a different
    /// request claimed it first (even at the same moment), this one is refused.
    pub async fn claim(&self, db: &D1Database, now: i64) -> Result<(), Error> {
        let holder = store::idempotency::claim(db, &self.key, &self.fingerprint, now).await?;
        if holder == self.fingerprint {
            Ok(())
        } else {
            Err(Error::IdempotencyMismatch)
        }
    }

    /// Gives the key back when the request was refused after its claim (a slot filled in the
    /// meantime): nothing was stored under it, so the client may use it for another request.
    pub async fn release(&self, db: &D1Database) -> Result<(), Error> {
        store::idempotency::release(db, &self.key, &self.fingerprint).await
    }
}
