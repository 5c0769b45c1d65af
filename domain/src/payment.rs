//! Paying an item's fee online (standard 6.3.6): when a fee falls due, the order's states, the
//! signed callback a payment provider sends, refunds, and the amount in words on the receipt.
//!
//! The provider itself (a hosted pay page, the callback's sender, the refund call) lives behind
//! the Worker's `PaymentProvider` trait; this module holds the rules every provider obeys.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::application::Status;

/// How old a callback's timestamp may be before it is refused as a replay, in seconds.
pub const CALLBACK_TOLERANCE_SECS: i64 = 300;

/// The header that carries a callback's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "x-hall-pay-signature";

/// One payment order's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayState {
    /// Sent to the provider, not paid yet.
    Pending,
    Paid,
    /// Paid, then given back (the application was refused or withdrawn).
    Refunded,
}

impl PayState {
    pub fn as_str(self) -> &'static str {
        match self {
            PayState::Pending => "pending",
            PayState::Paid => "paid",
            PayState::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [PayState::Pending, PayState::Paid, PayState::Refunded]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PayState::Pending => "待支付",
            PayState::Paid => "已缴费",
            PayState::Refunded => "已退费",
        }
    }
}

/// Why a payment step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The item charges nothing.
    NoFee,
    /// The application is not in a state that takes payment (not accepted yet, or finished).
    NotPayable,
    /// The fee is already paid.
    AlreadyPaid,
    /// No such order.
    OrderNotFound,
    /// A callback without a valid, fresh signature.
    BadSignature,
    /// A callback whose amount differs from the order's.
    AmountMismatch,
    /// A callback naming a transaction already recorded for another order.
    DuplicateTransaction,
    /// No payment provider is configured here.
    NoProvider,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoFee => "payment.no_fee",
            Refusal::NotPayable => "payment.not_payable",
            Refusal::AlreadyPaid => "payment.paid",
            Refusal::OrderNotFound => "payment.not_found",
            Refusal::BadSignature => "payment.signature",
            Refusal::AmountMismatch => "payment.amount_mismatch",
            Refusal::DuplicateTransaction => "payment.duplicate_transaction",
            Refusal::NoProvider => "payment.unavailable",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Refusal::OrderNotFound => 404,
            Refusal::BadSignature => 401,
            Refusal::NoProvider => 503,
            Refusal::NoFee
            | Refusal::NotPayable
            | Refusal::AlreadyPaid
            | Refusal::AmountMismatch
            | Refusal::DuplicateTransaction => 409,
        }
    }

    pub fn message_zh(self) -> &'static str {
        match self {
            Refusal::NoFee => "该事项不收费，无需缴费",
            Refusal::NotPayable => "申请受理后、办结前才能缴费",
            Refusal::AlreadyPaid => "费用已缴清，请勿重复缴费",
            Refusal::OrderNotFound => "未找到该缴费订单",
            Refusal::BadSignature => "支付通知签名无效或已过期",
            Refusal::AmountMismatch => "支付金额与订单金额不一致",
            Refusal::DuplicateTransaction => "该支付流水号已用于其他订单",
            Refusal::NoProvider => "网上缴费暂未开通，请到窗口缴费",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            Refusal::NoFee => "This item charges no fee",
            Refusal::NotPayable => "Fees are paid after acceptance and before completion",
            Refusal::AlreadyPaid => "The fee is already paid",
            Refusal::OrderNotFound => "No such payment order",
            Refusal::BadSignature => "The payment notice's signature is invalid or stale",
            Refusal::AmountMismatch => "The amount paid differs from the order",
            Refusal::DuplicateTransaction => "The transaction is recorded for another order",
            Refusal::NoProvider => "Online payment is not available; pay at the window",
        }
    }
}

/// The application takes payment: accepted, and not yet decided against, withdrawn or handed
/// over. A fee is paid before the result is collected.
pub fn payable(status: Status) -> bool {
    matches!(
        status,
        Status::Accepted
            | Status::AcceptedRongque
            | Status::UnderReview
            | Status::Approved
            | Status::ResultReady
    )
}

/// A paid fee is given back when the application ends without a result: refused, or withdrawn.
pub fn refund_due(status: Status, state: PayState) -> bool {
    state == PayState::Paid && matches!(status, Status::Refused | Status::Withdrawn)
}

/// Why the fee was given back, for the receipt and the applicant's message.
pub fn refund_reason(status: Status) -> &'static str {
    match status {
        Status::Withdrawn => "申请人撤回申请，退还已缴费用",
        _ => "不予许可，退还已缴费用",
    }
}

/// The notice a provider sends when an order is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    /// Hall's order number.
    pub order: String,
    /// The provider's own transaction number.
    pub provider_ref: String,
    pub amount_fen: i64,
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Option<Hmac<Sha256>> {
    // HMAC takes keys of any length; `new_from_slice` only has a `Result` for other MACs.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(mac)
}

/// HMAC-SHA256 of `data` under `secret`, lower-case hex.
pub fn hmac_hex(secret: &[u8], data: &[u8]) -> String {
    match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(data);
            crate::account::to_hex(&mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

/// The signature header for `body` sent at `timestamp`: `t=<timestamp>,v1=<hex>`, where the
/// HMAC-SHA256 covers `"<timestamp>.<body>"`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, timestamp, body)
        .map(|m| crate::account::to_hex(&m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("t={timestamp},v1={tag}")
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Checks a callback's signature header against its body: the tag must match (compared in
/// constant time) and the timestamp be within [`CALLBACK_TOLERANCE_SECS`] of `now`.
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: i64) -> Result<(), Refusal> {
    let mut timestamp = None;
    let mut tag = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => timestamp = v.parse::<i64>().ok(),
            Some(("v1", v)) => tag = from_hex(v),
            _ => {}
        }
    }
    let (Some(timestamp), Some(tag)) = (timestamp, tag) else {
        return Err(Refusal::BadSignature);
    };
    if (now - timestamp).abs() > CALLBACK_TOLERANCE_SECS {
        return Err(Refusal::BadSignature);
    }
    mac(secret, timestamp, body)
        .ok_or(Refusal::BadSignature)?
        .verify_slice(&tag)
        .map_err(|_| Refusal::BadSignature)
}

/// An amount of fen in capital Chinese numerals, as receipts write it: `4000` → `肆拾元整`,
/// `12050` → `壹佰贰拾元伍角`, `5` → `伍分`. Amounts up to 9,999,999,999.99 元.
pub fn amount_in_words(fen: i64) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
    const GROUPS: [&str; 3] = ["", "万", "亿"];
    if fen <= 0 {
        return "零元整".into();
    }
    let yuan = fen / 100;
    let jiao = (fen / 10) % 10;
    let fen_digit = fen % 10;
    let mut out = String::new();
    if yuan > 0 {
        let digits: Vec<usize> = yuan
            .to_string()
            .bytes()
            .map(|b| (b - b'0') as usize)
            .collect();
        let n = digits.len();
        let mut pending_zero = false;
        for (i, &d) in digits.iter().enumerate() {
            let pos = n - 1 - i;
            let (group, unit) = (pos / 4, pos % 4);
            if d == 0 {
                pending_zero = true;
            } else {
                if pending_zero && !out.is_empty() {
                    out.push('零');
                }
                pending_zero = false;
                out.push(DIGITS[d]);
                out.push_str(UNITS[unit]);
            }
            if unit == 0 && group > 0 {
                let start = i + 1 - 4.min(i + 1);
                if digits[start..=i].iter().any(|&x| x != 0) {
                    out.push_str(GROUPS[group.min(2)]);
                }
            }
        }
        out.push('元');
    }
    match (jiao, fen_digit) {
        (0, 0) => out.push('整'),
        (j, 0) => {
            out.push(DIGITS[j as usize]);
            out.push('角');
        }
        (j, f) => {
            if j > 0 {
                out.push(DIGITS[j as usize]);
                out.push('角');
            } else if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f as usize]);
            out.push('分');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"sandbox-secret";

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_signed_callback_verifies_and_any_change_breaks_it() {
        let body = br#"{"order":"p_1","provider_ref":"sbx_1","amount_fen":4000}"#;
        let header = sign(SECRET, 1_000, body);
        assert!(header.starts_with("t=1000,v1="));
        assert_eq!(verify(SECRET, &header, body, 1_000), Ok(()));
        assert_eq!(verify(SECRET, &header, body, 1_300), Ok(()));
        // Stale or from the future.
        assert_eq!(
            verify(SECRET, &header, body, 1_301),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            verify(SECRET, &header, body, 699),
            Err(Refusal::BadSignature)
        );
        // Another body, key or timestamp.
        let forged = br#"{"order":"p_1","provider_ref":"sbx_1","amount_fen":1}"#;
        assert_eq!(
            verify(SECRET, &header, forged, 1_000),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            verify(b"other", &header, body, 1_000),
            Err(Refusal::BadSignature)
        );
        let moved = header.replacen("t=1000", "t=1001", 1);
        assert_eq!(
            verify(SECRET, &moved, body, 1_000),
            Err(Refusal::BadSignature)
        );
        // Malformed headers.
        for h in [
            "",
            "t=1000",
            "v1=00",
            "t=x,v1=00",
            "t=1000,v1=zz",
            "t=1000,v1=abc",
        ] {
            assert_eq!(
                verify(SECRET, h, body, 1_000),
                Err(Refusal::BadSignature),
                "{h}"
            );
        }
    }

    #[test]
    fn fees_fall_due_between_acceptance_and_the_result() {
        use Status::*;
        for s in [
            Accepted,
            AcceptedRongque,
            UnderReview,
            Approved,
            ResultReady,
        ] {
            assert!(payable(s), "{s:?}");
        }
        for s in [
            Submitted, Correcting, Refused, Delivered, Archived, Withdrawn,
        ] {
            assert!(!payable(s), "{s:?}");
        }
    }

    #[test]
    fn refunds_follow_refusal_or_withdrawal_of_a_paid_fee() {
        assert!(refund_due(Status::Refused, PayState::Paid));
        assert!(refund_due(Status::Withdrawn, PayState::Paid));
        assert!(!refund_due(Status::Refused, PayState::Pending));
        assert!(!refund_due(Status::Refused, PayState::Refunded));
        assert!(!refund_due(Status::Approved, PayState::Paid));
        assert!(refund_reason(Status::Withdrawn).contains("撤回"));
        assert!(refund_reason(Status::Refused).contains("不予许可"));
    }

    #[test]
    fn states_round_trip() {
        for s in [PayState::Pending, PayState::Paid, PayState::Refunded] {
            assert_eq!(PayState::parse(s.as_str()), Some(s));
            assert!(!s.label().is_empty());
        }
        assert_eq!(PayState::parse("lost"), None);
    }

    #[test]
    fn amounts_are_written_in_capital_numerals() {
        let cases = [
            (0, "零元整"),
            (5, "伍分"),
            (50, "伍角"),
            (1_000, "壹拾元整"),
            (4_000, "肆拾元整"),
            (12_000, "壹佰贰拾元整"),
            (12_050, "壹佰贰拾元伍角"),
            (12_005, "壹佰贰拾元零伍分"),
            (100_500, "壹仟零伍元整"),
            (1_000_000, "壹万元整"),
            (10_010_000, "壹拾万零壹佰元整"),
            (100_000_000, "壹佰万元整"),
            (1_000_000_001, "壹仟万元零壹分"),
            (10_000_000_000, "壹亿元整"),
            (10_000_010_000, "壹亿零壹佰元整"),
        ];
        for (fen, words) in cases {
            assert_eq!(amount_in_words(fen), words, "{fen}");
        }
    }
}
