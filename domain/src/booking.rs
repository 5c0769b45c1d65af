//! Appointments (standard 6.1 放号预约, 5.5.2): the slots a hall offers on a working day, the
//! booking horizon, the cancellation cut-off, the check-in window, the per-person rules and the
//! no-show policy. Times are Unix seconds; the hall keeps China time (UTC+8, no DST).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};
use crate::language::Lang;

/// Seconds east of UTC of the hall's clock.
pub const CHINA_OFFSET_SECS: i64 = 8 * 3600;

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BookingState {
    Active,
    Cancelled,
    CheckedIn,
    NoShow,
}

impl BookingState {
    pub const ALL: [BookingState; 4] = [
        BookingState::Active,
        BookingState::Cancelled,
        BookingState::CheckedIn,
        BookingState::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookingState::Active => "active",
            BookingState::Cancelled => "cancelled",
            BookingState::CheckedIn => "checked_in",
            BookingState::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<BookingState> {
        BookingState::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            BookingState::Active => "已预约",
            BookingState::Cancelled => "已取消",
            BookingState::CheckedIn => "已签到",
            BookingState::NoShow => "未到",
        }
    }
}

/// A time of day, minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        (hour < 24 && minute < 60).then(|| TimeOfDay(u16::from(hour) * 60 + u16::from(minute)))
    }

    /// `9:00` or `09:30`.
    pub fn parse(s: &str) -> Option<TimeOfDay> {
        let (h, m) = s.trim().split_once(':')?;
        if m.len() != 2 || h.is_empty() || h.len() > 2 {
            return None;
        }
        TimeOfDay::new(h.parse().ok()?, m.parse().ok()?)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    /// This time `minutes` later, if still within the day (24:00 at the latest).
    pub fn plus(self, minutes: u16) -> Option<TimeOfDay> {
        let m = self.0.checked_add(minutes)?;
        (m <= 24 * 60).then_some(TimeOfDay(m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeOfDay::parse(&s).ok_or_else(|| serde::de::Error::custom("expected HH:MM"))
    }
}

/// One opening period of a working day, e.g. 09:00–12:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

/// How many no-shows in how many days suspend online booking, and for how long (5.5.2 a).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoShowPolicy {
    pub limit: u32,
    pub window_days: i64,
    pub suspend_days: i64,
}

/// A hall's booking rules. The defaults are the ones the hall publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPolicy {
    pub slot_minutes: u16,
    /// Bookable days: from the `horizon_from`-th to the `horizon_to`-th working day after today
    /// (0 is today itself, when it is a working day).
    pub horizon_from: u32,
    pub horizon_to: u32,
    /// A booking can be cancelled until this long before its start.
    pub cancel_cutoff_secs: i64,
    /// A booking is checked in at the kiosk from this long before its start…
    pub check_in_before_secs: i64,
    /// …until this long after it.
    pub check_in_after_secs: i64,
    pub no_show: NoShowPolicy,
}

impl BookingPolicy {
    /// The rules the hall publishes: 30-minute slots, the next 1–5 working days, cancel until
    /// 2 h before, check in from 30 min before to 15 min after, 2 no-shows in 30 days suspend
    /// online booking for 90 days.
    pub const DEFAULT: BookingPolicy = BookingPolicy {
        slot_minutes: 30,
        horizon_from: 1,
        horizon_to: 5,
        cancel_cutoff_secs: 2 * 3600,
        check_in_before_secs: 30 * 60,
        check_in_after_secs: 15 * 60,
        no_show: NoShowPolicy {
            limit: 2,
            window_days: 30,
            suspend_days: 90,
        },
    };
}

impl Default for BookingPolicy {
    fn default() -> Self {
        BookingPolicy::DEFAULT
    }
}

/// One bookable slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub date: Date,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

impl Slot {
    /// The slot's start as Unix seconds.
    pub fn starts_at(&self) -> i64 {
        unix_of(self.date, self.start)
    }
}

/// Unix seconds of a hall-local date and time.
pub fn unix_of(date: Date, time: TimeOfDay) -> i64 {
    date.days_since_epoch() * 86_400 + i64::from(time.minutes()) * 60 - CHINA_OFFSET_SECS
}

/// The hall-local date and time of Unix seconds.
pub fn local_of(unix: i64) -> Option<(Date, TimeOfDay)> {
    let local = unix + CHINA_OFFSET_SECS;
    let date = Date::from_days_since_epoch(local.div_euclid(86_400))?;
    let minutes = local.rem_euclid(86_400) / 60;
    Some((date, TimeOfDay(minutes as u16)))
}

/// The slots of one day: whole slots inside each opening period; none on a day off.
pub fn slots_on(
    calendar: &Calendar,
    periods: &[Period],
    policy: &BookingPolicy,
    date: Date,
) -> Vec<Slot> {
    if !calendar.is_working_day(date) || policy.slot_minutes == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for p in periods {
        let mut start = p.start;
        while let Some(end) = start.plus(policy.slot_minutes) {
            if end > p.end {
                break;
            }
            out.push(Slot { date, start, end });
            start = end;
        }
    }
    out
}

/// The bookable dates seen from `today`: working days `horizon_from..=horizon_to` after it.
pub fn bookable_dates(calendar: &Calendar, policy: &BookingPolicy, today: Date) -> Vec<Date> {
    let mut out = Vec::new();
    if policy.horizon_from == 0 && calendar.is_working_day(today) {
        out.push(today);
    }
    let mut day = today;
    let mut n = 0;
    // A generous bound: the longest holiday run in China is under two weeks.
    for _ in 0..60 {
        let Some(next) = day.succ() else { break };
        day = next;
        if calendar.is_working_day(day) {
            n += 1;
            if n > policy.horizon_to {
                break;
            }
            if n >= policy.horizon_from {
                out.push(day);
            }
        }
    }
    out
}

/// What a citizen already has with the hall, as far as the rules need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// An active booking for the same item on the same day exists.
    pub booked_same_item_that_day: bool,
    /// Online booking is suspended until then (Unix seconds).
    pub suspended_until: Option<i64>,
}

/// Why a booking was refused; each has a plain explanation for the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The date is not among the bookable dates (working days `from..=to` after today).
    OutsideHorizon { from: u32, to: u32 },
    /// The slot does not exist on that date (closed, or not a slot boundary).
    NoSuchSlot,
    /// The slot has started.
    Past,
    /// One active booking per person per item per day (5.5.2 b).
    AlreadyBooked,
    /// Suspended after no-shows, until this time.
    Suspended { until: i64 },
    /// No places left.
    Full,
}

impl Refusal {
    pub fn message_zh(self) -> String {
        match self {
            Refusal::OutsideHorizon { from, to } => {
                format!("只能预约今后第 {from} 至第 {to} 个工作日内的时段")
            }
            Refusal::NoSuchSlot => "该时段不开放预约，请重新选择".into(),
            Refusal::Past => "该时段已经开始，请选择其他时段".into(),
            Refusal::AlreadyBooked => "您当天已预约过此事项，同一事项每天只能预约一次".into(),
            Refusal::Suspended { until } => {
                let when = local_of(until)
                    .map(|(d, t)| format!("{d} {t}"))
                    .unwrap_or_default();
                format!("因多次预约未到，网上预约已暂停至 {when}，期间可到大厅现场取号办理")
            }
            Refusal::Full => "该时段已约满，请选择其他时段".into(),
        }
    }

    pub fn message_en(self) -> String {
        match self {
            Refusal::OutsideHorizon { from, to } => {
                format!(
                    "Bookings are open from the {} to the {} working day ahead",
                    ordinal(from),
                    ordinal(to)
                )
            }
            Refusal::NoSuchSlot => {
                "That time is not open for booking; please choose another".into()
            }
            Refusal::Past => "That time has already begun; please choose another".into(),
            Refusal::AlreadyBooked => {
                "You already have a booking for this service that day: one a day".into()
            }
            Refusal::Suspended { until } => {
                let when = local_of(until)
                    .map(|(d, t)| format!("{} {} at {t}", d.day_month_en(), d.year()))
                    .unwrap_or_default();
                format!("After missed bookings, online booking is paused until {when}; you can still take a ticket at the hall")
            }
            Refusal::Full => "That time is fully booked; please choose another".into(),
        }
    }
}

/// `1st`, `2nd`, `3rd`, `4th`… for English sentences.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Checks a booking request against the rules (capacity is checked by the store, atomically).
pub fn check_booking(
    calendar: &Calendar,
    periods: &[Period],
    policy: &BookingPolicy,
    now: i64,
    slot: &Slot,
    standing: Standing,
) -> Result<(), Refusal> {
    if let Some(until) = standing.suspended_until.filter(|u| *u > now) {
        return Err(Refusal::Suspended { until });
    }
    let today = local_of(now).map(|(d, _)| d).ok_or(Refusal::Past)?;
    if !bookable_dates(calendar, policy, today).contains(&slot.date) {
        return Err(Refusal::OutsideHorizon {
            from: policy.horizon_from,
            to: policy.horizon_to,
        });
    }
    if !slots_on(calendar, periods, policy, slot.date).contains(slot) {
        return Err(Refusal::NoSuchSlot);
    }
    if slot.starts_at() <= now {
        return Err(Refusal::Past);
    }
    if standing.booked_same_item_that_day {
        return Err(Refusal::AlreadyBooked);
    }
    Ok(())
}

/// Whether a booking may still be cancelled online.
pub fn can_cancel(policy: &BookingPolicy, slot: &Slot, now: i64) -> bool {
    now <= slot.starts_at() - policy.cancel_cutoff_secs
}

/// When the kiosk accepts the booking's check-in: `[from, until]`, Unix seconds.
pub fn check_in_window(policy: &BookingPolicy, slot: &Slot) -> (i64, i64) {
    let start = slot.starts_at();
    (
        start - policy.check_in_before_secs,
        start + policy.check_in_after_secs,
    )
}

/// The rules a hall manager sets: the booking policy and the serving order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HallRules {
    pub policy: BookingPolicy,
    pub order: crate::queue::ServingOrder,
    #[serde(default)]
    pub applications: crate::application::ApplicationRules,
    #[serde(default)]
    pub consultations: crate::consultation::ConsultationRules,
    #[serde(default)]
    pub complaints: crate::complaint::ComplaintRules,
}

impl HallRules {
    /// The rules a manager's form asks for, in the units it shows, or every field that is out
    /// of range. The slot length stays as it is: bookings already made keep their slots.
    pub fn from_update(
        &self,
        u: &crate::dto::RulesUpdate,
    ) -> Result<HallRules, Vec<crate::error::FieldError>> {
        use crate::error::FieldError;
        let mut problems = Vec::new();
        let mut field = |name: &'static str, v: i64, lo: i64, hi: i64, what: &str| -> i64 {
            if v < lo || v > hi {
                problems.push(FieldError::new(
                    name,
                    format!("{what}应为 {lo} 至 {hi} 之间的整数"),
                    format!("{name}: an integer from {lo} to {hi}"),
                ));
            }
            v.clamp(lo, hi)
        };
        let from = field("horizon_from", u.horizon_from, 0, 30, "可预约起始工作日");
        let to = field("horizon_to", u.horizon_to, 1, 30, "可预约截止工作日");
        let cutoff = field(
            "cancel_cutoff_hours",
            u.cancel_cutoff_hours,
            0,
            72,
            "取消截止时间",
        );
        let before = field(
            "check_in_before_minutes",
            u.check_in_before_minutes,
            0,
            120,
            "签到开始时间",
        );
        let after = field(
            "check_in_after_minutes",
            u.check_in_after_minutes,
            0,
            60,
            "签到截止时间",
        );
        let limit = field("no_show_limit", u.no_show_limit, 1, 10, "爽约次数");
        let window = field(
            "no_show_window_days",
            u.no_show_window_days,
            1,
            365,
            "爽约统计期",
        );
        let suspend = field("suspend_days", u.suspend_days, 0, 365, "暂停天数");
        let run = field("booked_run", u.booked_run, 1, 10, "连续叫预约号的个数");
        let a = &self.applications;
        let mut opt =
            |name: &'static str, v: Option<i64>, now: u32, lo: i64, hi: i64, what: &str| {
                field(name, v.unwrap_or(i64::from(now)), lo, hi, what)
            };
        let rongque = opt(
            "rongque_workdays",
            u.rongque_workdays,
            a.rongque_workdays,
            1,
            30,
            "容缺补交期限（工作日）",
        );
        let remind = opt(
            "rongque_remind_workdays",
            u.rongque_remind_workdays,
            a.rongque_remind_workdays,
            0,
            10,
            "容缺到期前提醒（工作日）",
        );
        let listing = opt(
            "listing_days",
            u.listing_days,
            a.listing_days,
            1,
            730,
            "失信名单公示期（天）",
        );
        let correction = opt(
            "correction_workdays",
            u.correction_workdays,
            a.correction_workdays,
            1,
            30,
            "补正期限（工作日）",
        );
        let answer = opt(
            "answer_workdays",
            u.answer_workdays,
            self.consultations.answer_workdays,
            1,
            15,
            "咨询答复期限（工作日）",
        );
        let k = &self.complaints;
        let accept = opt(
            "complaint_accept_workdays",
            u.complaint_accept_workdays,
            k.accept_workdays,
            1,
            10,
            "投诉受理期限（工作日）",
        );
        let reply = opt(
            "complaint_reply_workdays",
            u.complaint_reply_workdays,
            k.reply_workdays,
            1,
            30,
            "投诉答复期限（工作日）",
        );
        let reply_joint = opt(
            "complaint_reply_workdays_joint",
            u.complaint_reply_workdays_joint,
            k.reply_workdays_joint,
            1,
            60,
            "多部门投诉答复期限（工作日）",
        );
        let visit = opt(
            "complaint_visit_workdays",
            u.complaint_visit_workdays,
            k.visit_workdays,
            1,
            30,
            "投诉回访期限（工作日）",
        );
        if problems.is_empty() && from > to {
            problems.push(FieldError::new(
                "horizon_to",
                "可预约截止工作日不能早于起始工作日",
                "horizon_to: not before horizon_from",
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Every value is within the bounds checked above, so the conversions cannot fail.
        let small = |v: i64| u32::try_from(v).unwrap_or(0);
        Ok(HallRules {
            policy: BookingPolicy {
                slot_minutes: self.policy.slot_minutes,
                horizon_from: small(from),
                horizon_to: small(to),
                cancel_cutoff_secs: cutoff * 3600,
                check_in_before_secs: before * 60,
                check_in_after_secs: after * 60,
                no_show: NoShowPolicy {
                    limit: small(limit),
                    window_days: window,
                    suspend_days: suspend,
                },
            },
            order: crate::queue::ServingOrder {
                booked_run: small(run),
            },
            applications: crate::application::ApplicationRules {
                owner_shown: match u.owner_shown_by_name {
                    Some(true) => crate::application::OwnerShown::Name,
                    Some(false) => crate::application::OwnerShown::StaffNumber,
                    None => a.owner_shown,
                },
                rongque_workdays: small(rongque),
                rongque_remind_workdays: small(remind),
                listing_days: small(listing),
                correction_workdays: small(correction),
            },
            consultations: crate::consultation::ConsultationRules {
                answer_workdays: small(answer),
            },
            complaints: crate::complaint::ComplaintRules {
                accept_workdays: small(accept),
                reply_workdays: small(reply),
                reply_workdays_joint: small(reply_joint),
                visit_workdays: small(visit),
            },
        })
    }
}

/// Why the kiosk refuses a booking's check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInRefusal {
    /// Cancelled, already a no-show (a checked-in booking returns its ticket instead).
    NotActive,
    /// Booked at another hall.
    OtherHall,
    /// Too early: check-in opens at `from` for the appointment starting at `start`.
    TooEarly { from: i64, start: i64 },
    /// The window closed; the booking counts as not kept.
    TooLate,
}

impl CheckInRefusal {
    pub fn message_zh(self) -> String {
        match self {
            CheckInRefusal::NotActive => "这条预约已取消或已过期，请现场取号".into(),
            CheckInRefusal::OtherHall => "这条预约不在本大厅，请到预约的大厅签到".into(),
            CheckInRefusal::TooEarly { from, start } => match (local_of(from), local_of(start)) {
                (Some((_, opens)), Some((day, at))) => format!(
                    "还未到签到时间：您预约的是 {} {at}，请于当天 {opens} 后再签到",
                    day.month_day_zh()
                ),
                _ => "还未到签到时间".into(),
            },
            CheckInRefusal::TooLate => "已超过签到时间，预约已失效，请现场取号".into(),
        }
    }

    pub fn message_en(self) -> String {
        match self {
            CheckInRefusal::NotActive => {
                "This booking was cancelled or has lapsed; please take a ticket here".into()
            }
            CheckInRefusal::OtherHall => {
                "This booking is for another hall; please check in at the hall you booked".into()
            }
            CheckInRefusal::TooEarly { from, start } => match (local_of(from), local_of(start)) {
                (Some((_, opens)), Some((day, at))) => format!(
                    "Too early to check in: your appointment is on {} at {at}; check in from {opens} that day",
                    day.day_month_en()
                ),
                _ => "Too early to check in".into(),
            },
            CheckInRefusal::TooLate => {
                "The check-in time has passed and the booking has lapsed; please take a ticket here"
                    .into()
            }
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            CheckInRefusal::NotActive => "check_in.not_active",
            CheckInRefusal::OtherHall => "check_in.other_hall",
            CheckInRefusal::TooEarly { .. } => "check_in.too_early",
            CheckInRefusal::TooLate => "check_in.too_late",
        }
    }
}

/// Whether a booking of `slot` at `booked_hall` may check in at `hall` at `now`. `active` is
/// false for cancelled and no-show bookings.
pub fn check_in(
    policy: &BookingPolicy,
    slot: &Slot,
    active: bool,
    booked_hall: &str,
    hall: &str,
    now: i64,
) -> Result<(), CheckInRefusal> {
    if !active {
        return Err(CheckInRefusal::NotActive);
    }
    if booked_hall != hall {
        return Err(CheckInRefusal::OtherHall);
    }
    let (from, until) = check_in_window(policy, slot);
    if now < from {
        return Err(CheckInRefusal::TooEarly {
            from,
            start: slot.starts_at(),
        });
    }
    if now > until {
        return Err(CheckInRefusal::TooLate);
    }
    Ok(())
}

/// Which reminders an active booking is due at `now`: the day before (from 09:00 on the
/// previous calendar day) and one hour before its start. Each is sent once; `sent_*` says
/// which went already.
pub fn reminders_due(slot: &Slot, now: i64, sent_day: bool, sent_hour: bool) -> (bool, bool) {
    let start = slot.starts_at();
    if now >= start {
        return (false, false);
    }
    let day_before_from = unix_of(slot.date, TimeOfDay(9 * 60)) - 86_400;
    let hour = !sent_hour && now >= start - 3600;
    // The day-before message is pointless once the hour reminder goes out.
    let day = !sent_day && !hour && now >= day_before_from && now < start - 3600;
    (day, hour)
}

/// Whether an active booking not checked in has become a no-show: its check-in window closed.
pub fn is_no_show(policy: &BookingPolicy, slot: &Slot, now: i64) -> bool {
    now > check_in_window(policy, slot).1
}

/// The title and the note of a booking's calendar event, in the reader's language; the
/// item's name stays as the hall wrote it. `before` and `after` are the minutes the kiosk
/// accepts the check-in around the start.
pub fn calendar_words(
    lang: Lang,
    item: &str,
    booking: &str,
    before: i64,
    after: i64,
) -> (String, String) {
    const TITLE: &str = "政务服务预约：";
    let note = || {
        format!("预约号 {booking}。请于预约开始前 {before} 分钟至开始后 {after} 分钟内到取号机输入预约号或扫码签到取号。")
    };
    match lang {
        Lang::ZhCn => (format!("{TITLE}{item}"), note()),
        // The words in 繁體; the booking number and the minutes read the same.
        Lang::ZhHk => (
            format!("{}{item}", crate::hant::to_hk(TITLE)),
            crate::hant::to_hk(&note()),
        ),
        Lang::En => (
            format!("Government service booking: {item}"),
            format!("Booking number {booking}. From {before} minutes before the start to {after} minutes after it, check in at a ticket kiosk: type the booking number or scan its code."),
        ),
    }
}

/// An iCalendar (RFC 5545) file with one event, for "add to my calendar".
pub fn ics(
    uid: &str,
    summary: &str,
    location: &str,
    description: &str,
    start: i64,
    end: i64,
    stamp: i64,
) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Hall//Appointments//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@hall", ics_text(uid)),
        format!("DTSTAMP:{}", ics_time(stamp)),
        format!("DTSTART:{}", ics_time(start)),
        format!("DTEND:{}", ics_time(end)),
        format!("SUMMARY:{}", ics_text(summary)),
        format!("LOCATION:{}", ics_text(location)),
        format!("DESCRIPTION:{}", ics_text(description)),
        "BEGIN:VALARM".into(),
        "TRIGGER:-PT1H".into(),
        "ACTION:DISPLAY".into(),
        format!("DESCRIPTION:{}", ics_text(summary)),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
        out.push_str("\r\n");
    }
    out
}

/// UTC time in the iCalendar basic format.
fn ics_time(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let date = Date::from_days_since_epoch(days)
        .map(|d| d.to_string().replace('-', ""))
        .unwrap_or_else(|| "19700101".into());
    format!(
        "{date}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out
}

/// What a new no-show leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoShowOutcome {
    /// The first within the window: a warning.
    Warning,
    /// The limit is reached: online booking suspended until then.
    Suspended { until: i64 },
}

/// Applies the policy to a new no-show at `now`, given the times of the earlier ones.
pub fn after_no_show(policy: &NoShowPolicy, earlier: &[i64], now: i64) -> NoShowOutcome {
    let since = now - policy.window_days * 86_400;
    let recent = earlier.iter().filter(|t| **t > since && **t <= now).count() as u32 + 1;
    if recent >= policy.limit {
        NoShowOutcome::Suspended {
            until: now + policy.suspend_days * 86_400,
        }
    } else {
        NoShowOutcome::Warning
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse(s).unwrap()
    }

    /// 2026: 1–3 October holidays, with Sunday 27 September and Saturday 10 October worked
    /// (the shape of the real National Day arrangement).
    fn calendar() -> Calendar {
        Calendar::new(
            [
                d("2026-10-01"),
                d("2026-10-02"),
                d("2026-10-05"),
                d("2026-10-06"),
                d("2026-10-07"),
            ],
            [d("2026-09-27"), d("2026-10-10")],
            [2026],
        )
    }

    fn periods() -> Vec<Period> {
        vec![
            Period {
                start: t("9:00"),
                end: t("12:00"),
            },
            Period {
                start: t("13:00"),
                end: t("17:00"),
            },
        ]
    }

    #[test]
    fn times_of_day() {
        assert_eq!(t("9:05").to_string(), "09:05");
        assert_eq!(t("23:59").minutes(), 23 * 60 + 59);
        for bad in ["24:00", "9:60", "9", "9:5", ":30", "123:00", "a:bc"] {
            assert!(TimeOfDay::parse(bad).is_none(), "{bad}");
        }
        let json = serde_json::to_string(&t("13:30")).unwrap();
        assert_eq!(json, "\"13:30\"");
        assert_eq!(
            serde_json::from_str::<TimeOfDay>(&json).unwrap(),
            t("13:30")
        );
    }

    #[test]
    fn slots_fill_each_period_with_whole_slots() {
        let policy = BookingPolicy::default();
        let slots = slots_on(&calendar(), &periods(), &policy, d("2026-09-28"));
        assert_eq!(slots.len(), 6 + 8);
        assert_eq!((slots[0].start, slots[0].end), (t("9:00"), t("9:30")));
        assert_eq!(slots[5].end, t("12:00"));
        assert_eq!(slots[6].start, t("13:00"));
        // A 45-minute slot leaves the last partial one out.
        let long = BookingPolicy {
            slot_minutes: 45,
            ..policy
        };
        let s = slots_on(&calendar(), &periods(), &long, d("2026-09-28"));
        assert_eq!(s.len(), 4 + 5);
        assert!(s.iter().all(|x| x.end <= t("17:00")));
    }

    #[test]
    fn no_slots_on_days_off_and_slots_on_adjusted_working_weekends() {
        let policy = BookingPolicy::default();
        let c = calendar();
        assert!(slots_on(&c, &periods(), &policy, d("2026-10-01")).is_empty());
        assert!(
            slots_on(&c, &periods(), &policy, d("2026-10-04")).is_empty(),
            "a Sunday"
        );
        assert_eq!(
            slots_on(&c, &periods(), &policy, d("2026-09-27")).len(),
            14,
            "worked Sunday"
        );
        assert_eq!(
            slots_on(&c, &periods(), &policy, d("2026-10-10")).len(),
            14,
            "worked Saturday"
        );
    }

    #[test]
    fn the_horizon_counts_working_days_only() {
        let c = calendar();
        let p = BookingPolicy::default();
        // Friday 25 September: Sunday 27th is worked, then Mon 28, Tue 29, Wed 30, Thu 8 Oct.
        assert_eq!(
            bookable_dates(&c, &p, d("2026-09-25")),
            vec![
                d("2026-09-27"),
                d("2026-09-28"),
                d("2026-09-29"),
                d("2026-09-30"),
                d("2026-10-08")
            ]
        );
        // From inside the holiday.
        assert_eq!(bookable_dates(&c, &p, d("2026-10-02"))[0], d("2026-10-08"));
        let next_only = BookingPolicy {
            horizon_from: 1,
            horizon_to: 1,
            ..p
        };
        assert_eq!(
            bookable_dates(&c, &next_only, d("2026-09-28")),
            vec![d("2026-09-29")]
        );
        let with_today = BookingPolicy {
            horizon_from: 0,
            horizon_to: 1,
            ..p
        };
        assert_eq!(
            bookable_dates(&c, &with_today, d("2026-09-28")),
            vec![d("2026-09-28"), d("2026-09-29")]
        );
        assert_eq!(
            bookable_dates(&c, &with_today, d("2026-10-03")),
            vec![d("2026-10-08")]
        );
    }

    #[test]
    fn booking_rules_refuse_with_reasons() {
        let c = calendar();
        let p = BookingPolicy::default();
        let now = unix_of(d("2026-09-28"), t("10:00"));
        let slot = Slot {
            date: d("2026-09-29"),
            start: t("9:30"),
            end: t("10:00"),
        };
        let ok = Standing::default();
        assert_eq!(check_booking(&c, &periods(), &p, now, &slot, ok), Ok(()));
        // Today is outside the horizon (it starts tomorrow), and so is the 6th working day.
        let today = Slot {
            date: d("2026-09-28"),
            ..slot
        };
        assert_eq!(
            check_booking(&c, &periods(), &p, now, &today, ok),
            Err(Refusal::OutsideHorizon { from: 1, to: 5 })
        );
        // Tue 29, Wed 30, Thu 8, Fri 9, Sat 10 (worked) are the five; Monday 12 is the sixth.
        let far = Slot {
            date: d("2026-10-12"),
            ..slot
        };
        assert_eq!(
            check_booking(&c, &periods(), &p, now, &far, ok),
            Err(Refusal::OutsideHorizon { from: 1, to: 5 })
        );
        let lunch = Slot {
            start: t("12:00"),
            end: t("12:30"),
            ..slot
        };
        assert_eq!(
            check_booking(&c, &periods(), &p, now, &lunch, ok),
            Err(Refusal::NoSuchSlot)
        );
        let odd = Slot {
            start: t("9:15"),
            end: t("9:45"),
            ..slot
        };
        assert_eq!(
            check_booking(&c, &periods(), &p, now, &odd, ok),
            Err(Refusal::NoSuchSlot)
        );
        let twice = Standing {
            booked_same_item_that_day: true,
            ..ok
        };
        assert_eq!(
            check_booking(&c, &periods(), &p, now, &slot, twice),
            Err(Refusal::AlreadyBooked)
        );
        let until = now + 86_400;
        let suspended = Standing {
            suspended_until: Some(until),
            ..ok
        };
        let refused = check_booking(&c, &periods(), &p, now, &slot, suspended);
        assert_eq!(refused, Err(Refusal::Suspended { until }));
        assert!(refused
            .unwrap_err()
            .message_zh()
            .contains("2026-09-29 10:00"));
        // A suspension that has ended no longer counts.
        let ended = Standing {
            suspended_until: Some(now - 1),
            ..ok
        };
        assert_eq!(check_booking(&c, &periods(), &p, now, &slot, ended), Ok(()));
        // With same-day booking allowed, a slot that has started is past; a later one is fine.
        let same_day = BookingPolicy {
            horizon_from: 0,
            ..p
        };
        let started = Slot {
            date: d("2026-09-28"),
            start: t("9:30"),
            end: t("10:00"),
        };
        assert_eq!(
            check_booking(&c, &periods(), &same_day, now, &started, ok),
            Err(Refusal::Past)
        );
        let later = Slot {
            start: t("10:30"),
            end: t("11:00"),
            ..started
        };
        assert_eq!(
            check_booking(&c, &periods(), &same_day, now, &later, ok),
            Ok(())
        );
    }

    #[test]
    fn cancel_cut_off_and_check_in_window() {
        let p = BookingPolicy::default();
        let slot = Slot {
            date: d("2026-09-29"),
            start: t("14:00"),
            end: t("14:30"),
        };
        assert!(can_cancel(&p, &slot, unix_of(d("2026-09-29"), t("12:00"))));
        assert!(!can_cancel(
            &p,
            &slot,
            unix_of(d("2026-09-29"), t("12:00")) + 1
        ));
        let (from, until) = check_in_window(&p, &slot);
        assert_eq!(local_of(from), Some((d("2026-09-29"), t("13:30"))));
        assert_eq!(local_of(until), Some((d("2026-09-29"), t("14:15"))));
    }

    #[test]
    fn local_time_round_trips_across_midnight_utc() {
        // 00:30 China time is 16:30 UTC the day before.
        let u = unix_of(d("2026-01-01"), t("0:30"));
        assert_eq!(u % 86_400, 16 * 3600 + 30 * 60);
        assert_eq!(local_of(u), Some((d("2026-01-01"), t("0:30"))));
    }

    #[test]
    fn no_shows_warn_then_suspend() {
        let p = BookingPolicy::default().no_show;
        let day = 86_400;
        let now = 1_000 * day;
        assert_eq!(after_no_show(&p, &[], now), NoShowOutcome::Warning);
        assert_eq!(
            after_no_show(&p, &[now - 29 * day], now),
            NoShowOutcome::Suspended {
                until: now + 90 * day
            }
        );
        // One older than 30 days does not count.
        assert_eq!(
            after_no_show(&p, &[now - 31 * day], now),
            NoShowOutcome::Warning
        );
    }

    #[test]
    fn check_in_opens_30_minutes_before_and_closes_15_after() {
        let p = BookingPolicy::default();
        let slot = Slot {
            date: d("2026-09-28"),
            start: t("10:00"),
            end: t("10:30"),
        };
        let start = slot.starts_at();
        assert_eq!(
            check_in(&p, &slot, true, "city", "city", start - 31 * 60),
            Err(CheckInRefusal::TooEarly {
                from: start - 30 * 60,
                start
            })
        );
        assert!(check_in(&p, &slot, true, "city", "city", start - 30 * 60).is_ok());
        assert!(check_in(&p, &slot, true, "city", "city", start + 15 * 60).is_ok());
        assert_eq!(
            check_in(&p, &slot, true, "city", "city", start + 15 * 60 + 1),
            Err(CheckInRefusal::TooLate)
        );
        assert_eq!(
            check_in(&p, &slot, true, "city", "tianhe", start),
            Err(CheckInRefusal::OtherHall)
        );
        assert_eq!(
            check_in(&p, &slot, false, "city", "city", start),
            Err(CheckInRefusal::NotActive)
        );
        assert!(!is_no_show(&p, &slot, start + 15 * 60));
        assert!(is_no_show(&p, &slot, start + 15 * 60 + 1));
        // The refusal names the appointment's day, so a visitor a day early knows it.
        let early = CheckInRefusal::TooEarly {
            from: start - 1800,
            start,
        };
        assert_eq!(
            early.message_zh(),
            "还未到签到时间：您预约的是 9月28日 10:00，请于当天 09:30 后再签到"
        );
        assert_eq!(
            early.message_en(),
            "Too early to check in: your appointment is on 28 Sep at 10:00; check in from 09:30 that day"
        );
    }

    #[test]
    fn reminders_go_the_day_before_and_an_hour_before_once_each() {
        let slot = Slot {
            date: d("2026-09-29"),
            start: t("10:00"),
            end: t("10:30"),
        };
        let start = slot.starts_at();
        let at = |date: &str, time: &str| unix_of(d(date), t(time));
        assert_eq!(
            reminders_due(&slot, at("2026-09-28", "08:59"), false, false),
            (false, false)
        );
        assert_eq!(
            reminders_due(&slot, at("2026-09-28", "09:00"), false, false),
            (true, false)
        );
        assert_eq!(
            reminders_due(&slot, at("2026-09-28", "20:00"), true, false),
            (false, false)
        );
        assert_eq!(
            reminders_due(&slot, start - 3601, true, false),
            (false, false)
        );
        assert_eq!(
            reminders_due(&slot, start - 3600, true, false),
            (false, true)
        );
        assert_eq!(
            reminders_due(&slot, start - 3600, false, false),
            (false, true),
            "not both"
        );
        assert_eq!(reminders_due(&slot, start - 60, true, true), (false, false));
        assert_eq!(reminders_due(&slot, start, false, false), (false, false));
    }

    #[test]
    fn calendar_words_speak_the_readers_language_and_keep_the_items_name() {
        let item = "居民身份证换领";
        let (title, note) = calendar_words(Lang::En, item, "Y260929ABC", 30, 15);
        assert_eq!(title, "Government service booking: 居民身份证换领");
        assert!(note.contains("Y260929ABC") && note.contains("30 minutes before"));
        assert!(note.contains("15 minutes after"));
        assert!(!note.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        let (title, note) = calendar_words(Lang::ZhHk, item, "Y1", 20, 10);
        assert_eq!(title, "政務服務預約：居民身份证换领");
        assert!(note.contains("開始前 20 分鐘") && note.contains("開始後 10 分鐘"));
        let (title, _) = calendar_words(Lang::ZhCn, item, "Y1", 30, 15);
        assert_eq!(title, "政务服务预约：居民身份证换领");
    }

    #[test]
    fn ics_has_utc_times_escapes_and_folds() {
        let start = unix_of(d("2026-09-29"), t("10:00"));
        let text = ics(
            "Y260929ABC",
            "预约办理：居民身份证换领",
            "市政务服务中心, 一楼; 正门",
            "预约号 Y260929ABC",
            start,
            start + 1800,
            start - 86_400,
        );
        assert!(text.contains("DTSTART:20260929T020000Z\r\n"));
        assert!(text.contains("DTEND:20260929T023000Z\r\n"));
        assert!(text.contains("LOCATION:市政务服务中心\\, 一楼\\; 正门"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let long = fold(&"字".repeat(40));
        assert!(long.contains("\r\n "));
        assert_eq!(long.replace("\r\n ", ""), "字".repeat(40));
    }

    #[test]
    fn a_manager_sets_the_rules_within_bounds() {
        let base = HallRules::default();
        let mut u = crate::dto::RulesUpdate {
            horizon_from: 1,
            horizon_to: 7,
            cancel_cutoff_hours: 4,
            check_in_before_minutes: 20,
            check_in_after_minutes: 10,
            no_show_limit: 3,
            no_show_window_days: 60,
            suspend_days: 30,
            booked_run: 3,
            owner_shown_by_name: None,
            rongque_workdays: None,
            rongque_remind_workdays: None,
            listing_days: None,
            correction_workdays: None,
            answer_workdays: None,
            complaint_accept_workdays: None,
            complaint_reply_workdays: None,
            complaint_reply_workdays_joint: None,
            complaint_visit_workdays: None,
        };
        let r = base.from_update(&u).unwrap();
        assert_eq!(r.applications, base.applications, "absent: unchanged");
        let mut apps = u.clone();
        apps.owner_shown_by_name = Some(true);
        apps.listing_days = Some(365);
        apps.rongque_workdays = Some(5);
        let r2 = base.from_update(&apps).unwrap();
        assert_eq!(
            r2.applications.owner_shown,
            crate::application::OwnerShown::Name
        );
        assert_eq!(
            (
                r2.applications.listing_days,
                r2.applications.rongque_workdays
            ),
            (365, 5)
        );
        apps.listing_days = Some(0);
        apps.correction_workdays = Some(99);
        let fields: Vec<&str> = base
            .from_update(&apps)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["listing_days", "correction_workdays"]);
        assert_eq!(r.complaints, base.complaints, "absent: unchanged");
        let mut k = u.clone();
        k.complaint_reply_workdays = Some(10);
        k.complaint_visit_workdays = Some(3);
        let r3 = base.from_update(&k).unwrap();
        assert_eq!(
            (r3.complaints.reply_workdays, r3.complaints.visit_workdays),
            (10, 3)
        );
        k.complaint_accept_workdays = Some(0);
        k.complaint_reply_workdays_joint = Some(61);
        let fields: Vec<&str> = base
            .from_update(&k)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            [
                "complaint_accept_workdays",
                "complaint_reply_workdays_joint"
            ]
        );
        assert_eq!(
            (r.policy.horizon_to, r.policy.cancel_cutoff_secs),
            (7, 4 * 3600)
        );
        assert_eq!(
            (r.policy.check_in_before_secs, r.policy.check_in_after_secs),
            (1200, 600)
        );
        assert_eq!(
            (r.policy.no_show.limit, r.policy.no_show.suspend_days),
            (3, 30)
        );
        assert_eq!((r.order.booked_run, r.policy.slot_minutes), (3, 30));
        u.horizon_from = 9;
        u.booked_run = 0;
        u.suspend_days = -1;
        let problems = base.from_update(&u).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            ["suspend_days", "booked_run"],
            "every field out of range, at once"
        );
        u.booked_run = 2;
        u.suspend_days = 90;
        let problems = base.from_update(&u).unwrap_err();
        assert_eq!(problems[0].field, "horizon_to", "from after to");
    }
}
