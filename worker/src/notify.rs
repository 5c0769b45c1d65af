//! Sending short messages to citizens. Hall cannot reach an SMS gateway from development or
//! tests, so the one provider here is the outbox: every message is written to the `outbox`
//! table, and in development `/dev/outbox` shows it. A production gateway implements
//! [`Notifier`] and sends from the same place.

use hall_domain::identity::Phone;
use hall_domain::Error;
use worker::D1Database;

use crate::store;

/// Delivers a short text to a mobile number.
pub trait Notifier {
    async fn send(&self, to: &Phone, text: &str) -> Result<(), Error>;
}

/// Writes messages to the outbox table.
pub struct Outbox<'a> {
    pub db: &'a D1Database,
    pub now: i64,
}

impl Notifier for Outbox<'_> {
    async fn send(&self, to: &Phone, text: &str) -> Result<(), Error> {
        store::outbox::put(self.db, self.now, to.as_str(), text).await
    }
}

/// The sign-in code message: short, SMS-like, with the sender's name first.
pub fn code_text(code: &str) -> String {
    format!(
        "【{}】您的登录验证码是 {code}，5 分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。",
        hall_domain::hall::HALL.name
    )
}
