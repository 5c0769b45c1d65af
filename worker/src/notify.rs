//! Sending short messages to citizens. Hall cannot reach an SMS gateway from development or
//! tests, so the one provider here is the outbox: every message is written to the `outbox`
//! table, and in development `/dev/outbox` shows it. A production gateway implements
//! [`Notifier`] and sends from the same place.
//!
//! Every message is written in 简体 and in English; it goes out in the language the citizen
//! holding the number chose (简体 for a number no citizen holds). 繁體 readers get the 简体 text
//! in traditional characters. Names the hall wrote (items, halls, materials) and words staff
//! wrote (reasons) stay as written. The 【sender】 tag is the hall's registered SMS signature
//! and stays Chinese in every language.

use hall_domain::hant::to_hk;
use hall_domain::identity::Phone;
use hall_domain::language::Lang;
use hall_domain::Error;
use worker::D1Database;

use crate::store;

/// One message in the languages it can be sent in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    fn new(zh: String, en: String) -> Text {
        let sender = format!("【{}】", hall_domain::hall::HALL.name);
        Text {
            zh: format!("{sender}{zh}"),
            en: format!("{sender}{en}"),
        }
    }

    /// The message as a reader of `lang` gets it.
    pub fn in_lang(&self, lang: Lang) -> String {
        match lang {
            Lang::ZhCn => self.zh.clone(),
            Lang::ZhHk => to_hk(&self.zh),
            Lang::En => self.en.clone(),
        }
    }
}

/// Delivers a short text to a mobile number.
pub trait Notifier {
    async fn send(&self, to: &Phone, text: &Text) -> Result<(), Error>;
}

/// Writes messages to the outbox table, each in its reader's language.
pub struct Outbox<'a> {
    pub db: &'a D1Database,
    pub now: i64,
}

impl Outbox<'_> {
    /// A message in the given language, whatever the number's citizen chose (the sign-in code,
    /// in the language of the page that asked for it).
    pub async fn send_in(&self, to: &Phone, text: &Text, lang: Lang) -> Result<(), Error> {
        store::outbox::put(self.db, self.now, to.as_str(), &text.in_lang(lang)).await
    }
}

impl Notifier for Outbox<'_> {
    async fn send(&self, to: &Phone, text: &Text) -> Result<(), Error> {
        let lang = store::citizens::lang_of_phone(self.db, to.as_str()).await?;
        store::outbox::put(self.db, self.now, to.as_str(), &text.in_lang(lang)).await
    }
}

/// The sign-in code message: short, SMS-like, with the sender's name first.
pub fn code_text(code: &str) -> Text {
    Text::new(
        format!("您的登录验证码是 {code}，5 分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。"),
        format!("Your sign-in code is {code}, valid for 5 minutes. Staff never ask for it: do not tell anyone."),
    )
}

/// The booking confirmation (standard 6.1.2): name (masked), time, place, number, item, and how
/// to take the ticket.
/// A booking moved to another time (改约): the new booking in full, and that the old one is
/// released.
pub fn rescheduled_text(b: &hall_domain::dto::BookingView, old: &str) -> Text {
    let new = booking_text(b);
    Text::new(
        format!("预约已改约，原预约 {old} 已取消。{}", new.zh),
        format!(
            "Your booking was moved; booking {old} is cancelled. {}",
            new.en
        ),
    )
}

pub fn booking_text(b: &hall_domain::dto::BookingView) -> Text {
    let window = |t: i64| {
        hall_domain::booking::local_of(t)
            .map(|(_, time)| time.to_string())
            .unwrap_or_default()
    };
    let (from, until) = (window(b.check_in_from), window(b.check_in_until));
    let name = b.name_masked.as_deref().unwrap_or("");
    Text::new(
        format!(
            "{name}您好，您已预约 {} {}–{} 在{}（{}，{}）办理“{}”，预约号 {}。请于 {from}–{until} 到取号机输入预约号或扫码签到取号。",
            b.date, b.start, b.end, b.hall_name, b.address, b.area, b.item_name, b.id,
        ),
        format!(
            "{name} you are booked for “{}” on {} {}–{} at {} ({}, {}). Booking number {}. Check in at a ticket kiosk between {from} and {until}: type the number or scan its code.",
            b.item_name, b.date, b.start, b.end, b.hall_name, b.address, b.area, b.id,
        ),
    )
}

/// The "almost your turn" message (standard 6.2.2).
pub fn queue_text(number: &str, ahead: usize) -> Text {
    let (zh, en) = if ahead == 0 {
        ("下一位就是您".to_string(), "is next".to_string())
    } else {
        (
            format!("您前面还有 {ahead} 位"),
            format!("has {ahead} ahead of it"),
        )
    };
    Text::new(
        format!("您的号票 {number} {zh}，请回到等候区留意叫号屏，叫号后请前往对应窗口办理。"),
        format!("Your ticket {number} {en}. Please return to the waiting area and watch the screen; when called, go to the window shown."),
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
) -> Text {
    let (zh, en) = if hour {
        ("1 小时后", "in 1 hour")
    } else {
        ("明天", "tomorrow")
    };
    Text::new(
        format!("提醒：您预约的“{item}”将于{zh}（{date} {start}）在{hall}办理，预约号 {id}。请按预约单上的时间到取号机签到；如不能前来，请及早在网上取消。"),
        format!("Reminder: your booking for “{item}” is {en} ({date} {start}) at {hall}, booking number {id}. Check in at a ticket kiosk on time; if you cannot come, please cancel online early."),
    )
}

/// What a no-show leads to, told to the citizen.
pub fn no_show_text(
    id: &str,
    outcome: hall_domain::booking::NoShowOutcome,
    policy: &hall_domain::booking::NoShowPolicy,
) -> Text {
    let (zh, en) = match outcome {
        hall_domain::booking::NoShowOutcome::Warning => (
            format!(
                "如 {} 天内预约未到累计 {} 次，网上预约将暂停 {} 天。",
                policy.window_days, policy.limit, policy.suspend_days
            ),
            format!(
                "After {} missed bookings within {} days, online booking is suspended for {} days.",
                policy.limit, policy.window_days, policy.suspend_days
            ),
        ),
        hall_domain::booking::NoShowOutcome::Suspended { until } => {
            let when = hall_domain::booking::local_of(until)
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
            (
                format!("因多次预约未到，网上预约已暂停至 {when}，期间可到大厅现场取号。"),
                format!("After several missed bookings, online booking is suspended until {when}; you can still take a ticket at the hall."),
            )
        }
    };
    Text::new(
        format!("您的预约 {id} 未在签到时间内签到，已记为未到。{zh}"),
        format!("Booking {id} was not checked in on time and counts as missed. {en}"),
    )
}

/// An application received at the window, with how to follow it.
pub fn received_text(number: &str, item: &str) -> Text {
    Text::new(
        format!("您申请的“{item}”已收件，受理编号 {number}。可在网站“办件进度查询”输入受理编号和手机号后 4 位查看进度。"),
        format!("Your application for “{item}” was received, tracking number {number}. Follow it under “Track an application” on the website with this number and the last 4 digits of your phone."),
    )
}

/// The correction notice (一次性告知), in short: how many materials, by when.
pub fn notice_text(number: &str, item: &str, lines: usize, deadline: &str) -> Text {
    Text::new(
        format!("您申请的“{item}”（受理编号 {number}）需补正 {lines} 项材料，请于 {deadline} 前补交。补正告知书已一次性列明全部材料，可在“办件进度查询”查看和打印。"),
        format!("Your application for “{item}” ({number}) needs {lines} material(s) corrected by {deadline}. The notice lists every one of them at once; see and print it under “Track an application”."),
    )
}

/// Accepted with 容缺: what to supply, by when, and what happens otherwise.
/// Accepted under 容缺. `after_notice`: a correction notice named some of these materials
/// before, and this deadline is now the one for all of them.
pub fn rongque_text(
    number: &str,
    item: &str,
    outstanding: &[String],
    deadline: &str,
    after_notice: bool,
) -> Text {
    let zh_list = outstanding.join("、");
    let en_list = outstanding.join("; ");
    let (zh_one, en_one) = if after_notice {
        (
            "（补正告知书所列材料也以此为准）",
            " (this is also the deadline for the materials in the correction notice)",
        )
    } else {
        ("", "")
    };
    Text::new(
        format!("您申请的“{item}”（受理编号 {number}）已容缺受理。请于 {deadline} 前补交：{zh_list}{zh_one}。逾期未补交将列入失信名单，并暂停容缺受理资格。"),
        format!("Your application for “{item}” ({number}) was accepted with materials to follow. Supply by {deadline}: {en_list}{en_one}. If they are late you will be listed publicly and lose this option for a time."),
    )
}

/// The reminder before the 容缺 deadline.
pub fn rongque_reminder_text(number: &str, deadline: &str) -> Text {
    Text::new(
        format!("提醒：受理编号 {number} 的容缺材料须于 {deadline} 前补交，逾期将列入失信名单。"),
        format!("Reminder: the materials to follow for {number} are due by {deadline}; if they are late you will be listed publicly."),
    )
}

/// Listed after the 容缺 deadline passed.
pub fn listed_text(number: &str, deadline: &str) -> Text {
    Text::new(
        format!("受理编号 {number} 的容缺材料未在 {deadline} 前补交，您已被列入失信名单，期间不能适用容缺受理。补交材料后将移出名单。"),
        format!("The materials to follow for {number} were not supplied by {deadline}, so you are now listed publicly and cannot be accepted with materials to follow. Supplying them takes you off the list."),
    )
}

/// The result is ready.
pub fn result_text(number: &str, item: &str, approved: bool, place: &str) -> Text {
    let (zh, en) = if approved {
        ("已办结", "is approved")
    } else {
        ("已作出不予许可决定", "was refused")
    };
    Text::new(
        format!("您申请的“{item}”（受理编号 {number}）{zh}，请凭身份证件到{place}领取结果。"),
        format!("Your application for “{item}” ({number}) {en}. Collect the decision with your ID at: {place}."),
    )
}

/// A fee paid online.
pub fn paid_text(number: &str, amount: &str, receipt: &str) -> Text {
    Text::new(
        format!("受理编号 {number} 的费用 {amount} 已缴纳，缴费回执号 {receipt}，可在“我的大厅”查看和打印回执。"),
        format!("The fee of {amount} for {number} is paid, receipt number {receipt}. See and print the receipt in My Hall."),
    )
}

/// A paid fee given back.
pub fn refunded_text(number: &str, amount: &str, reason: &str) -> Text {
    Text::new(
        format!("受理编号 {number} 已缴的 {amount} 已原路退还（{reason}），到账时间以支付机构为准。"),
        format!("The {amount} paid for {number} was refunded the way it was paid ({reason}); when it arrives depends on the payment provider."),
    )
}

/// A 代办 request received.
pub fn proxy_requested_text(item: &str) -> Text {
    Text::new(
        format!("已收到您“{item}”的免费代办申请，我们将尽快安排代办员与您联系。"),
        format!("We received your request for free proxy service with “{item}”; an agent will contact you soon."),
    )
}

/// A 代办员 is named.
pub fn proxy_assigned_text(assignee: &str) -> Text {
    Text::new(
        format!("已为您的代办申请安排代办员 {assignee}，代办员将通过本号码与您联系。代办服务免费，请勿向任何人支付代办费用。"),
        format!("Agent {assignee} will handle your proxy service request and contact you at this number. The service is free: never pay anyone for it."),
    )
}

/// The hall declined.
pub fn proxy_declined_text(reason: &str) -> Text {
    Text::new(
        format!("您的代办申请未能受理：{reason}。如有疑问请拨打 12345。"),
        format!("Your proxy service request could not be taken: {reason}. Questions: call 12345."),
    )
}

/// Done, with the application it led to.
pub fn proxy_done_text(application: Option<&str>) -> Text {
    match application {
        Some(no) => Text::new(
            format!("您的代办事项已提交办理，受理编号 {no}，可在“我的大厅”查看进度。"),
            format!(
                "Your matter was submitted by proxy, tracking number {no}; follow it in My Hall."
            ),
        ),
        None => Text::new(
            "您的代办事项已办结。".to_string(),
            "Your proxy service matter is done.".to_string(),
        ),
    }
}

/// A question received, with the day the answer is due.
pub fn consultation_received_text(due: &str) -> Text {
    Text::new(
        format!("已收到您的咨询，我们将于 {due} 前答复，答复后短信通知您。"),
        format!(
            "We received your question and will answer by {due}; a message will tell you when."
        ),
    )
}

/// A complaint's step the complainant is told of, as (简体, English).
pub fn complaint_text(number: &str, step: (&str, &str)) -> Text {
    Text::new(
        format!(
            "您的投诉（编号 {number}）{}。可登录网站“我的大厅”或凭编号查看进度。",
            step.0
        ),
        format!(
            "Your complaint {number}: {}. Follow it in My Hall on the website, or with its number.",
            step.1
        ),
    )
}

/// A bad rating's work order: the citizen is told the hall has it in hand.
pub fn rating_contact_text() -> Text {
    Text::new(
        "我们收到了您对办事服务的评价，十分抱歉给您带来不便。我们将在 15 个工作日内整改并回复您。".to_string(),
        "We received your rating of our service and are sorry for the trouble. We will put it right and reply within 15 working days.".to_string(),
    )
}

/// A bad rating's work order: the hall's reply is ready.
pub fn rating_reply_text() -> Text {
    Text::new(
        "您评价的服务已整改，回复请登录网站“我的大厅”查看。感谢您的监督。".to_string(),
        "The service you rated has been put right; read our reply in My Hall on the website. Thank you for holding us to account.".to_string(),
    )
}

/// A question answered.
pub fn consultation_answered_text() -> Text {
    Text::new(
        "您的咨询已答复，请登录网站“我的大厅”或“在线咨询”查看。现场或电话咨询的答复请致电 12345 查询。".to_string(),
        "Your question is answered: read it in My Hall or Ask online on the website. For questions asked at the hall or by phone, call 12345.".to_string(),
    )
}
