//! Development-only routes (absent in production: the dispatcher answers 404).

use hall_domain::dto::OutboxList;
use hall_domain::identity::Phone;
use hall_domain::Error;
use worker::Response;

use crate::ctx::Ctx;
use crate::http;
use crate::store::outbox;

/// `POST /api/v1/dev/jobs`: runs the scheduled job now, as of the request's clock (which a test
/// sets with `x-hall-clock`). The cron trigger runs the same function.
pub async fn jobs(ctx: &Ctx) -> Result<Response, Error> {
    http::private(&crate::jobs::run(&ctx.env, ctx.now).await?)
}

/// `GET /api/v1/dev/outbox[?phone=]`: what the notifier "sent".
pub async fn outbox(ctx: &Ctx) -> Result<Response, Error> {
    let phone = match ctx.query("phone").filter(|p| !p.trim().is_empty()) {
        None => None,
        Some(p) => Some(Phone::parse(&p).ok_or_else(|| {
            Error::bad_param(
                "phone",
                "请输入正确的 11 位手机号码",
                "Enter an 11-digit mainland mobile number",
            )
        })?),
    };
    let messages = outbox::list(&ctx.db()?, phone.as_ref().map(Phone::as_str)).await?;
    http::private(&OutboxList { messages })
}
