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

/// The "almost your turn" message (standard 6.2.2).
pub fn queue_text(number: &str, ahead: usize) -> String {
    let when = if ahead == 0 {
        "下一位就是您".to_string()
    } else {
        format!("您前面还有 {ahead} 位")
    };
    format!(
        "【{}】您的号票 {number} {when}，请回到等候区留意叫号屏，叫号后请前往对应窗口办理。",
        hall_domain::hall::HALL.name
    )
}

/// A booking reminder: the day before or the hour before.
pub fn reminder_text(
    id: &str,
    date: &str,
    start: &str,
    hall: &str,
    item: &str,
    hour: bool,
) -> String {
    let when = if hour { "1 小时后" } else { "明天" };
    format!(
        "【{}】提醒：您预约的“{item}”将于{when}（{date} {start}）在{hall}办理，预约号 {id}。请按预约单上的时间到取号机签到；如不能前来，请及早在网上取消。",
        hall_domain::hall::HALL.name
    )
}

/// What a no-show leads to, told to the citizen.
pub fn no_show_text(
    id: &str,
    outcome: hall_domain::booking::NoShowOutcome,
    policy: &hall_domain::booking::NoShowPolicy,
) -> String {
    let then = match outcome {
        hall_domain::booking::NoShowOutcome::Warning => format!(
            "如 {} 天内预约未到累计 {} 次，网上预约将暂停 {} 天。",
            policy.window_days, policy.limit, policy.suspend_days
        ),
        hall_domain::booking::NoShowOutcome::Suspended { until } => {
            let when = hall_domain::booking::local_of(until)
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
            format!("因多次预约未到，网上预约已暂停至 {when}，期间可到大厅现场取号。")
        }
    };
    format!(
        "【{}】您的预约 {id} 未在签到时间内签到，已记为未到。{then}",
        hall_domain::hall::HALL.name
    )
}

/// An application received at the window, with how to follow it.
pub fn received_text(number: &str, item: &str) -> String {
    format!(
        "【{}】您申请的“{item}”已收件，受理编号 {number}。可在网站“办件进度查询”输入受理编号和手机号后 4 位查看进度。",
        hall_domain::hall::HALL.name
    )
}

/// The correction notice (一次性告知), in short: how many materials, by when.
pub fn notice_text(number: &str, item: &str, lines: usize, deadline: &str) -> String {
    format!(
        "【{}】您申请的“{item}”（受理编号 {number}）需补正 {lines} 项材料，请于 {deadline} 前补交。补正告知书已一次性列明全部材料，可在“办件进度查询”查看和打印。",
        hall_domain::hall::HALL.name
    )
}

/// Accepted with 容缺: what to supply, by when, and what happens otherwise.
pub fn rongque_text(number: &str, item: &str, outstanding: &[String], deadline: &str) -> String {
    format!(
        "【{}】您申请的“{item}”（受理编号 {number}）已容缺受理。请于 {deadline} 前补交：{}。逾期未补交将列入失信名单，并暂停容缺受理资格。",
        hall_domain::hall::HALL.name,
        outstanding.join("、")
    )
}

/// The reminder before the 容缺 deadline.
pub fn rongque_reminder_text(number: &str, deadline: &str) -> String {
    format!(
        "【{}】提醒：受理编号 {number} 的容缺材料须于 {deadline} 前补交，逾期将列入失信名单。",
        hall_domain::hall::HALL.name
    )
}

/// Listed after the 容缺 deadline passed.
pub fn listed_text(number: &str, deadline: &str) -> String {
    format!(
        "【{}】受理编号 {number} 的容缺材料未在 {deadline} 前补交，您已被列入失信名单，期间不能适用容缺受理。补交材料后将移出名单。",
        hall_domain::hall::HALL.name
    )
}

/// The result is ready.
pub fn result_text(number: &str, item: &str, approved: bool, place: &str) -> String {
    let what = if approved {
        "已办结"
    } else {
        "已作出不予许可决定"
    };
    format!(
        "【{}】您申请的“{item}”（受理编号 {number}）{what}，请凭身份证件到{place}领取结果。",
        hall_domain::hall::HALL.name
    )
}

/// A fee paid online.
pub fn paid_text(number: &str, amount: &str, receipt: &str) -> String {
    format!(
        "【{}】受理编号 {number} 的费用 {amount} 已缴纳，缴费回执号 {receipt}，可在“我的大厅”查看和打印回执。",
        hall_domain::hall::HALL.name
    )
}

/// A paid fee given back.
pub fn refunded_text(number: &str, amount: &str, reason: &str) -> String {
    format!(
        "【{}】受理编号 {number} 已缴的 {amount} 已原路退还（{reason}），到账时间以支付机构为准。",
        hall_domain::hall::HALL.name
    )
}

/// A 代办 request received.
pub fn proxy_requested_text(item: &str) -> String {
    format!(
        "【{}】已收到您“{item}”的免费代办申请，我们将尽快安排代办员与您联系。",
        hall_domain::hall::HALL.name
    )
}

/// A 代办员 is named.
pub fn proxy_assigned_text(assignee: &str) -> String {
    format!(
        "【{}】已为您的代办申请安排代办员 {assignee}，代办员将通过本号码与您联系。代办服务免费，请勿向任何人支付代办费用。",
        hall_domain::hall::HALL.name
    )
}

/// The hall declined.
pub fn proxy_declined_text(reason: &str) -> String {
    format!(
        "【{}】您的代办申请未能受理：{reason}。如有疑问请拨打 12345。",
        hall_domain::hall::HALL.name
    )
}

/// Done, with the application it led to.
pub fn proxy_done_text(application: Option<&str>) -> String {
    match application {
        Some(no) => format!(
            "【{}】您的代办事项已提交办理，受理编号 {no}，可在“我的大厅”查看进度。",
            hall_domain::hall::HALL.name
        ),
        None => format!("【{}】您的代办事项已办结。", hall_domain::hall::HALL.name),
    }
}

/// A question received, with the day the answer is due.
pub fn consultation_received_text(due: &str) -> String {
    format!(
        "【{}】已收到您的咨询，我们将于 {due} 前答复，答复后短信通知您。",
        hall_domain::hall::HALL.name
    )
}

/// A complaint's step the complainant is told of.
pub fn complaint_text(number: &str, step: &str) -> String {
    format!(
        "【{}】您的投诉（编号 {number}）{step}。可登录网站“我的大厅”或凭编号查看进度。",
        hall_domain::hall::HALL.name
    )
}

/// A bad rating's work order: the citizen is told the hall has it in hand.
pub fn rating_contact_text() -> String {
    format!(
        "【{}】我们收到了您对办事服务的评价，十分抱歉给您带来不便。我们将在 15 个工作日内整改并回复您。",
        hall_domain::hall::HALL.name
    )
}

/// A bad rating's work order: the hall's reply is ready.
pub fn rating_reply_text() -> String {
    format!(
        "【{}】您评价的服务已整改，回复请登录网站“我的大厅”查看。感谢您的监督。",
        hall_domain::hall::HALL.name
    )
}

/// A question answered.
pub fn consultation_answered_text() -> String {
    format!(
        "【{}】您的咨询已答复，请登录网站“我的大厅”或“在线咨询”查看。现场或电话咨询的答复请致电 12345 查询。",
        hall_domain::hall::HALL.name
    )
}
