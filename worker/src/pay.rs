//! Payment providers (standard 6.3.6). Hall cannot reach a bank or a payment company from
//! development or tests, so the one provider here is the development sandbox: a hosted pay page
//! served by this Worker (`/api/v1/dev/pay/{order}`, absent in production) that sends an
//! HMAC-signed callback through the same verification as any provider's, and refunds at once.
//!
//! The adapters still to write for production (each implements [`PaymentProvider`]): 银联 bank
//! card (UnionPay online gateway), 支付宝 (Alipay web/WAP pay with RSA2-signed notifications) and
//! 微信支付 (WeChat Pay JSAPI/H5 with APIv3 signatures and AES-GCM notice bodies), plus the
//! province's 非税收入 collection platform where a department's fees must go through it. Until
//! one is configured, production answers `payment.unavailable` and the hall collects at the
//! window.

use hall_domain::account::to_hex;
use hall_domain::payment::{self, Callback, Refusal};
use hall_domain::Error;

use crate::ctx::Ctx;
use crate::store::payments::PayRow;

/// The development sandbox's signing key when `HALL_PAY_SANDBOX_SECRET` is not set. It signs
/// nothing real: the sandbox exists only with `HALL_ENV=development`.
pub const SANDBOX_DEV_SECRET: &str = "hall-sandbox-development-only";

/// A payment company or bank, as Hall uses it.
pub trait PaymentProvider {
    /// Stored with each order.
    fn name(&self) -> &'static str;
    /// Where the payer goes to pay the order.
    fn checkout_url(&self, order: &PayRow) -> String;
    /// Checks a callback's signature and reads it.
    fn verify(&self, signature: Option<&str>, body: &str, now: i64) -> Result<Callback, Error>;
    /// Gives a paid order's money back; returns the provider's refund number.
    async fn refund(&self, order: &PayRow, reason: &str) -> Result<String, Error>;
}

/// The development sandbox.
pub struct Sandbox {
    secret: Vec<u8>,
}

impl Sandbox {
    /// Signs a callback body as the sandbox's gateway does before sending it.
    pub fn sign(&self, body: &str, now: i64) -> String {
        payment::sign(&self.secret, now, body.as_bytes())
    }

    /// The pay page's form token for an order (so the form cannot be posted blind).
    pub fn page_token(&self, order: &str) -> String {
        payment::hmac_hex(&self.secret, format!("page:{order}").as_bytes())
    }
}

impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn checkout_url(&self, order: &PayRow) -> String {
        format!("/api/v1/dev/pay/{}", order.id)
    }

    fn verify(&self, signature: Option<&str>, body: &str, now: i64) -> Result<Callback, Error> {
        let signature = signature.ok_or(Error::Payment(Refusal::BadSignature))?;
        payment::verify(&self.secret, signature, body.as_bytes(), now).map_err(Error::Payment)?;
        serde_json::from_str(body).map_err(|_| Error::BadBody)
    }

    async fn refund(&self, _order: &PayRow, _reason: &str) -> Result<String, Error> {
        Ok(format!(
            "SBXR{}",
            to_hex(&crate::crypto::random_bytes(6)?).to_uppercase()
        ))
    }
}

/// The provider configured here: the sandbox in development, none (yet) in production.
pub fn provider(ctx: &Ctx) -> Result<Sandbox, Error> {
    if !ctx.dev() {
        return Err(Error::Payment(Refusal::NoProvider));
    }
    let secret = ctx
        .env
        .secret("HALL_PAY_SANDBOX_SECRET")
        .map(|s| s.to_string())
        .unwrap_or_else(|_| SANDBOX_DEV_SECRET.to_string());
    Ok(Sandbox {
        secret: secret.into_bytes(),
    })
}

/// The name shown on the receipt for an order's provider.
pub fn label_of(provider: &str) -> &'static str {
    match provider {
        "sandbox" => "开发沙箱（非真实支付）",
        _ => "网上缴费",
    }
}
