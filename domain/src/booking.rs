//! Appointments (standard 6.1 放号预约, 5.5.2): the slots a hall offers on a working day, the
//! booking horizon, the cancellation cut-off, the check-in window, the per-person rules and the
//! no-show policy. Times are Unix seconds; the hall keeps China time (UTC+8, no DST).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};

/// Seconds east of UTC of the hall's clock.
pub const CHINA_OFFSET_SECS: i64 = 8 * 3600;

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
    /// The date is not among the bookable dates.
    OutsideHorizon,
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
            Refusal::OutsideHorizon => "只能预约今后 1 至 5 个工作日内的时段".into(),
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
        return Err(Refusal::OutsideHorizon);
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
            Err(Refusal::OutsideHorizon)
        );
        // Tue 29, Wed 30, Thu 8, Fri 9, Sat 10 (worked) are the five; Monday 12 is the sixth.
        let far = Slot {
            date: d("2026-10-12"),
            ..slot
        };
        assert_eq!(
            check_booking(&c, &periods(), &p, now, &far, ok),
            Err(Refusal::OutsideHorizon)
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
}
