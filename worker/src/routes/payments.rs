//! Paying an application's fee online (standard 6.3.6): the applicant starts an order and is sent
//! to the provider's pay page; the provider's signed callback marks it paid (once, however often
//! it is repeated); a refused or withdrawn application's paid fee is refunded. The rules are
//! `hall_domain::payment`'s; the provider is `crate::pay`'s.

use hall_domain::account::to_hex;
use hall_domain::application::{format_tracking, Status};
use hall_domain::catalogue::{format_fen, Item};
use hall_domain::dto::{CallbackAck, PaymentStart, PaymentView, RefundView};
use hall_domain::identity::Phone;
use hall_domain::payment::{self, amount_in_words, payable, refund_due, PayState, Refusal};
use hall_domain::said::Said;
use hall_domain::Error;
use worker::{D1Database, Response};

use super::applications::load_mine;
use crate::auth::CitizenSession;
use crate::ctx::Ctx;
use crate::notify::{self, Notifier};
use crate::pay::{self, PaymentProvider};
use crate::store::applications::{self as apps, AppRow, Event, Note};
use crate::store::payments::{self as store, PayRow};
use crate::{crypto, http, state};

/// The fee and its payment as the applicant and staff see it; `None` for a free item.
pub(crate) async fn view_of(
    db: &D1Database,
    item: &Item,
    row: &AppRow,
    status: Status,
) -> Result<Option<PaymentView>, Error> {
    let Some(fee) = &item.fee else {
        return Ok(None);
    };
    let order = store::of_application(db, &row.id).await?;
    let state = order.as_ref().and_then(|o| PayState::parse(&o.state));
    let settled = matches!(state, Some(PayState::Paid | PayState::Refunded));
    Ok(Some(PaymentView {
        amount_fen: fee.amount_fen,
        amount_words: amount_in_words(fee.amount_fen),
        basis: fee.basis.clone(),
        state,
        due: payable(status) && !settled,
        order: order.as_ref().map(|o| o.id.clone()),
        provider: order
            .as_ref()
            .map(|o| pay::label_of(&o.provider).to_string())
            .unwrap_or_default(),
        paid_at: order.as_ref().and_then(|o| o.paid_at).map(|t| t as i64),
        receipt_no: order.as_ref().and_then(|o| o.receipt_no.clone()),
        provider_ref: order.as_ref().and_then(|o| o.provider_ref.clone()),
        refund: order.as_ref().and_then(|o| {
            Some(RefundView {
                at: o.refunded_at? as i64,
                reason: o.refund_reason.clone().unwrap_or_default(),
                withdrawn: o.refund_reason.as_deref()
                    == Some(payment::refund_reason(Status::Withdrawn)),
                reference: o.refund_ref.clone().unwrap_or_default(),
            })
        }),
        refund_pending: state.is_some_and(|s| refund_due(status, s)),
    }))
}

/// `POST /api/v1/applications/{no}/payments`: the applicant starts paying (or resumes the
/// order already started, so a retried request makes no second order).
pub async fn start(ctx: &Ctx, me: &CitizenSession, number: &str) -> Result<Response, Error> {
    let provider = pay::provider(ctx)?;
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let l = load_mine(&db, &dir, me, number).await?;
    let fee = l.item.fee.as_ref().ok_or(Error::Payment(Refusal::NoFee))?;
    let status = Status::parse(&l.row.status).ok_or(Error::Unavailable)?;
    let existing = store::of_application(&db, &l.row.id).await?;
    let order = match existing {
        Some(o) if o.state != PayState::Pending.as_str() => {
            return Err(Error::Payment(Refusal::AlreadyPaid))
        }
        _ if !payable(status) => return Err(Error::Payment(Refusal::NotPayable)),
        Some(o) => o,
        None => {
            let o = PayRow {
                id: format!("PO{}", to_hex(&crypto::random_bytes(8)?).to_uppercase()),
                application_id: l.row.id.clone(),
                amount_fen: fee.amount_fen as f64,
                provider: provider.name().into(),
                state: PayState::Pending.as_str().into(),
                created_at: ctx.now as f64,
                paid_at: None,
                provider_ref: None,
                receipt_no: None,
                refunded_at: None,
                refund_ref: None,
                refund_reason: None,
            };
            store::insert(&db, &o).await?;
            o
        }
    };
    http::private(&PaymentStart {
        order: order.id.clone(),
        amount_fen: order.amount_fen as i64,
        pay_url: provider.checkout_url(&order),
    })
}

/// `POST /api/v1/payments/callback`: the provider says an order is paid. Verified by its
/// signature; a repeated callback answers the same and changes nothing.
pub async fn callback(ctx: &Ctx) -> Result<Response, Error> {
    let provider = pay::provider(ctx)?;
    let notice = provider.verify(ctx.pay_signature.as_deref(), &ctx.body, ctx.now)?;
    http::private(&settle(ctx, &notice).await?)
}

/// Marks the order paid, tells the applicant, and refunds at once when the application ended
/// while the payer was at the pay page.
async fn settle(ctx: &Ctx, notice: &payment::Callback) -> Result<CallbackAck, Error> {
    let db = ctx.db()?;
    let order = store::by_id(&db, &notice.order)
        .await?
        .ok_or(Error::Payment(Refusal::OrderNotFound))?;
    if order.amount_fen as i64 != notice.amount_fen {
        return Err(Error::Payment(Refusal::AmountMismatch));
    }
    let state = PayState::parse(&order.state).ok_or(Error::Unavailable)?;
    if state != PayState::Pending {
        // Only a repeat of the callback that paid it is answered as success.
        return match order.provider_ref.as_deref() {
            Some(r) if r == notice.provider_ref => Ok(CallbackAck {
                order: order.id,
                state,
            }),
            _ => Err(Error::Payment(Refusal::AlreadyPaid)),
        };
    }
    if store::by_provider_ref(&db, &order.provider, &notice.provider_ref)
        .await?
        .is_some_and(|other| other.id != order.id)
    {
        return Err(Error::Payment(Refusal::DuplicateTransaction));
    }
    let row = apps::by_id(&db, &order.application_id)
        .await?
        .ok_or(Error::Unavailable)?;
    let number = format_tracking(&row.id);
    let receipt = format!("JF{}", &order.id[2..]);
    let amount = format_fen(order.amount_fen as i64);
    let said = Said::Paid {
        fen: order.amount_fen as i64,
        receipt: receipt.clone(),
    };
    let event = Event {
        application_id: &row.id,
        at: ctx.now,
        step: "pay",
        status: &row.status,
        actor_kind: "citizen",
        actor_id: row.citizen_id.as_deref(),
        note: Note::Said(&said),
    };
    if store::mark_paid(&db, &order.id, &notice.provider_ref, &receipt, &event).await? {
        tell(
            ctx,
            &db,
            &row,
            &notify::paid_text(&number, &amount, &receipt),
        )
        .await?;
    }
    let status = Status::parse(&row.status).ok_or(Error::Unavailable)?;
    if !payable(status) {
        refund_if_paid(ctx, &db, &row).await?;
    }
    let order = store::by_id(&db, &order.id)
        .await?
        .ok_or(Error::Unavailable)?;
    Ok(CallbackAck {
        order: order.id,
        state: PayState::parse(&order.state).ok_or(Error::Unavailable)?,
    })
}

async fn tell(ctx: &Ctx, db: &D1Database, row: &AppRow, text: &notify::Text) -> Result<(), Error> {
    if let Some(phone) = Phone::parse(&row.phone) {
        notify::Outbox { db, now: ctx.now }
            .send(&phone, text)
            .await?;
    }
    Ok(())
}

/// After a step that ends the application without a result (refused, withdrawn): gives a paid
/// fee back through its provider and records it. A provider failure is logged and leaves the
/// order paid, which the application then shows as 待退费 to staff.
pub(crate) async fn refund_if_paid(ctx: &Ctx, db: &D1Database, row: &AppRow) -> Result<(), Error> {
    let Some(order) = store::of_application(db, &row.id).await? else {
        return Ok(());
    };
    let status = Status::parse(&row.status).ok_or(Error::Unavailable)?;
    let Some(state) = PayState::parse(&order.state) else {
        return Ok(());
    };
    if !refund_due(status, state) {
        return Ok(());
    }
    let reason = payment::refund_reason(status);
    let reference = match pay::provider(ctx) {
        Ok(p) if p.name() == order.provider => p.refund(&order, reason).await,
        Ok(_) | Err(_) => Err(Error::Payment(Refusal::NoProvider)),
    };
    let reference = match reference {
        Ok(r) => r,
        Err(e) => {
            worker::console_error!("refund of order {} failed: {}", order.id, e.code());
            return Ok(());
        }
    };
    let amount = format_fen(order.amount_fen as i64);
    let said = Said::Refunded {
        fen: order.amount_fen as i64,
        withdrawn: status == Status::Withdrawn,
        reference: reference.clone(),
    };
    let event = Event {
        application_id: &row.id,
        at: ctx.now,
        step: "refund",
        status: &row.status,
        actor_kind: "system",
        actor_id: None,
        note: Note::Said(&said),
    };
    if store::mark_refunded(db, &order.id, &reference, reason, &event).await? {
        let number = format_tracking(&row.id);
        tell(
            ctx,
            db,
            row,
            &notify::refunded_text(&number, &amount, reason),
        )
        .await?;
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /api/v1/dev/pay/{order}`: the sandbox's hosted pay page (development only).
pub async fn sandbox_page(ctx: &Ctx, order_id: &str) -> Result<Response, Error> {
    let provider = pay::provider(ctx)?;
    let dir = state::directory(&ctx.env).await?;
    let db = ctx.db()?;
    let order = store::by_id(&db, order_id)
        .await?
        .ok_or(Error::Payment(Refusal::OrderNotFound))?;
    let row = apps::by_id(&db, &order.application_id)
        .await?
        .ok_or(Error::Unavailable)?;
    let item = dir
        .item(&row.item_code)
        .map(|i| i.name.clone())
        .unwrap_or_default();
    let fen = order.amount_fen as i64;
    let state = PayState::parse(&order.state).unwrap_or(PayState::Pending);
    let form = if state == PayState::Pending {
        format!(
            r#"<form method="post" action="/api/v1/dev/pay/{id}">
<input type="hidden" name="token" value="{token}">
<button type="submit" name="outcome" value="paid">确认支付 {amount}</button>
<button type="submit" name="outcome" value="cancel" class="secondary">取消，返回</button>
</form>"#,
            id = escape(&order.id),
            token = provider.page_token(&order.id),
            amount = format_fen(fen),
        )
    } else {
        format!(
            r#"<p role="status">该订单{}。</p><p><a href="/applications/{}">返回申请详情</a></p>"#,
            state.label(),
            format_tracking(&row.id)
        )
    };
    http::html(format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>开发沙箱收银台 · 订单 {id}</title>
<style>
body{{font:18px/1.6 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}
.warn{{background:#fff4d6;border:2px solid #8a5a00;padding:.75rem;border-radius:.5rem}}
dl{{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}} dt{{color:#444}}
button{{font:inherit;padding:.75rem 1.25rem;margin:.5rem .5rem 0 0;border-radius:.5rem;border:2px solid #0b5394;background:#0b5394;color:#fff;min-height:48px}}
button.secondary{{background:#fff;color:#0b5394}}
</style></head><body><main>
<h1>开发沙箱收银台</h1>
<p class="warn">这是开发环境的模拟支付页面，不会产生真实扣款。生产环境由银联、支付宝或微信支付的收银台代替。</p>
<dl><dt>订单号</dt><dd>{id}</dd><dt>受理编号</dt><dd>{number}</dd><dt>事项</dt><dd>{item}</dd>
<dt>金额</dt><dd>{amount}（{words}）</dd></dl>
{form}
</main></body></html>"#,
        id = escape(&order.id),
        number = format_tracking(&row.id),
        item = escape(&item),
        amount = format_fen(fen),
        words = amount_in_words(fen),
    ))
}

/// `POST /api/v1/dev/pay/{order}`: the sandbox pay page's form. Paying sends the signed callback
/// through the same verification as `POST /api/v1/payments/callback`, then returns the payer to
/// the application.
pub async fn sandbox_submit(ctx: &Ctx, order_id: &str) -> Result<Response, Error> {
    if !ctx.dev() {
        return Err(Error::RouteNotFound);
    }
    let provider = pay::provider(ctx)?;
    let field = |name: &str| {
        ctx.body.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| v.to_string())
        })
    };
    if field("token").as_deref() != Some(provider.page_token(order_id).as_str()) {
        return Err(Error::Payment(Refusal::BadSignature));
    }
    let db = ctx.db()?;
    let order = store::by_id(&db, order_id)
        .await?
        .ok_or(Error::Payment(Refusal::OrderNotFound))?;
    let number = format_tracking(&order.application_id);
    if field("outcome").as_deref() != Some("paid") {
        return http::see_other(&format!("/applications/{number}?payment=cancelled"));
    }
    let notice = payment::Callback {
        order: order.id.clone(),
        provider_ref: format!("SBX{}", to_hex(&crypto::random_bytes(8)?).to_uppercase()),
        amount_fen: order.amount_fen as i64,
    };
    let body = serde_json::to_string(&notice).map_err(|_| Error::Unavailable)?;
    let signature = provider.sign(&body, ctx.now);
    let verified = provider.verify(Some(&signature), &body, ctx.now)?;
    settle(ctx, &verified).await?;
    http::see_other(&format!("/applications/{number}?payment=paid"))
}
