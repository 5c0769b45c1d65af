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

/// The booking confirmation (standard 6.1.2): name (masked), time, place, number, item, and how
/// to take the ticket.
pub fn booking_text(b: &hall_domain::dto::BookingView) -> String {
    let window = |t: i64| {
        hall_domain::booking::local_of(t)
            .map(|(_, time)| time.to_string())
            .unwrap_or_default()
    };
    format!(
        "【{}】{}您好，您已预约 {} {}–{} 在{}（{}，{}）办理“{}”，预约号 {}。请于 {}–{} 到取号机输入预约号或扫码签到取号。",
        hall_domain::hall::HALL.name,
        b.name_masked.as_deref().unwrap_or(""),
        b.date,
        b.start,
        b.end,
        b.hall_name,
        b.address,
        b.area,
        b.item_name,
        b.id,
        window(b.check_in_from),
        window(b.check_in_until),
    )
}
