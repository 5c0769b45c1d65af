//! Working-day arithmetic with the holiday calendar (承诺办结, standard 5.5).
//!
//! A day is a working day when it is Monday–Friday and not a holiday, or when it is a weekend
//! day that the State Council made an adjusted working day (调休上班).

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A civil date in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// The weekday numbered as ISO 8601 does: 1 = Monday … 7 = Sunday.
    pub fn from_number(n: u8) -> Option<Weekday> {
        Some(match n {
            1 => Weekday::Mon,
            2 => Weekday::Tue,
            3 => Weekday::Wed,
            4 => Weekday::Thu,
            5 => Weekday::Fri,
            6 => Weekday::Sat,
            7 => Weekday::Sun,
            _ => return None,
        })
    }

    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }

    /// The weekday's short English name (`Tue`).
    pub fn short_en(self) -> &'static str {
        match self {
            Weekday::Mon => "Mon",
            Weekday::Tue => "Tue",
            Weekday::Wed => "Wed",
            Weekday::Thu => "Thu",
            Weekday::Fri => "Fri",
            Weekday::Sat => "Sat",
            Weekday::Sun => "Sun",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Weekday::Mon => "周一",
            Weekday::Tue => "周二",
            Weekday::Wed => "周三",
            Weekday::Thu => "周四",
            Weekday::Fri => "周五",
            Weekday::Sat => "周六",
            Weekday::Sun => "周日",
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` strictly (zero-padded, no surrounding text).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        Date::new(year, month, day)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u8::try_from(doy - (153 * mp + 2) / 5 + 1).ok()?;
        let month = u8::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).ok()?;
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).ok()?;
        Date::new(year, month, day)
    }

    /// The civil date in China (UTC+8) at a Unix time in milliseconds.
    pub fn china_today(unix_ms: f64) -> Option<Date> {
        let shifted = unix_ms / 1000.0 + 8.0 * 3600.0;
        Date::from_days_since_epoch((shifted / 86_400.0).floor() as i64)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match self.days_since_epoch().rem_euclid(7) {
            0 => Weekday::Thu,
            1 => Weekday::Fri,
            2 => Weekday::Sat,
            3 => Weekday::Sun,
            4 => Weekday::Mon,
            5 => Weekday::Tue,
            _ => Weekday::Wed,
        }
    }

    /// The day and month as a 简体 sentence names them: `9月28日`.
    pub fn month_day_zh(self) -> String {
        format!("{}月{}日", self.month(), self.day())
    }

    /// The day and month as an English sentence names them: `28 Sep`.
    pub fn day_month_en(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = MONTHS
            .get(usize::from(self.month().saturating_sub(1)))
            .unwrap_or(&"");
        format!("{} {month}", self.day())
    }

    pub fn succ(self) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

/// The hall's working calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    off: BTreeSet<Date>,
    workday: BTreeSet<Date>,
    complete_years: BTreeSet<i32>,
}

/// Working-day arithmetic never runs longer than this many calendar days.
const MAX_SPAN_DAYS: u32 = 3 * 366;

impl Calendar {
    /// `off`: closed days besides weekends; `workday`: adjusted working weekend days;
    /// `complete_years`: years whose official arrangement is fully known.
    pub fn new(
        off: impl IntoIterator<Item = Date>,
        workday: impl IntoIterator<Item = Date>,
        complete_years: impl IntoIterator<Item = i32>,
    ) -> Calendar {
        Calendar {
            off: off.into_iter().collect(),
            workday: workday.into_iter().collect(),
            complete_years: complete_years.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        if self.workday.contains(&d) {
            return true;
        }
        !d.weekday().is_weekend() && !self.off.contains(&d)
    }

    /// Whether the calendar for `year` is the official, complete arrangement.
    pub fn is_complete(&self, year: i32) -> bool {
        self.complete_years.contains(&year)
    }

    /// The deadline of a limit of `n` working days for a matter accepted on `accepted`:
    /// counting starts on the next working day, so with `n == 0` the deadline is the day of
    /// acceptance itself (即办件).
    pub fn add_working_days(&self, accepted: Date, n: u32) -> Option<Date> {
        let mut d = accepted;
        let mut left = n;
        let mut steps = 0;
        while left > 0 {
            d = d.succ()?;
            steps += 1;
            if steps > MAX_SPAN_DAYS {
                return None;
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        Some(d)
    }

    /// Working days strictly after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut d = from;
        let mut steps = 0;
        while d < to && steps < MAX_SPAN_DAYS {
            match d.succ() {
                Some(next) => d = next,
                None => break,
            }
            steps += 1;
            if self.is_working_day(d) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn cal_2026() -> Calendar {
        // National Day 2026: 1–7 Oct off, 20 Sep and 10 Oct worked.
        let off = [
            "2026-10-01",
            "2026-10-02",
            "2026-10-03",
            "2026-10-04",
            "2026-10-05",
            "2026-10-06",
            "2026-10-07",
        ];
        Calendar::new(
            off.iter().map(|s| d(s)),
            [d("2026-09-20"), d("2026-10-10")],
            [2026],
        )
    }

    #[test]
    fn parse_is_strict() {
        assert_eq!(d("2026-02-28").to_string(), "2026-02-28");
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("1900-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("2026-2-28").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-00-10").is_none());
        assert!(Date::parse("2026-01-00").is_none());
        assert!(Date::parse("+026-01-01").is_none());
        assert!(Date::parse("2026-01-01 ").is_none());
        assert!(Date::parse("２026-01-01").is_none());
        assert!(Date::parse("").is_none());
    }

    #[test]
    fn epoch_round_trip_and_weekdays() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("1970-01-01").weekday(), Weekday::Thu);
        assert_eq!(d("2026-11-27").weekday(), Weekday::Fri);
        assert_eq!(d("2026-10-10").weekday(), Weekday::Sat);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        for s in ["2024-02-29", "2026-12-31", "2027-01-01", "1999-03-01"] {
            let x = d(s);
            assert_eq!(Date::from_days_since_epoch(x.days_since_epoch()), Some(x));
        }
        assert_eq!(d("2026-12-31").succ(), Some(d("2027-01-01")));
    }

    #[test]
    fn china_today_uses_utc_plus_8() {
        // 2026-11-27T16:30:00Z is 2026-11-28 00:30 in China.
        let ms = (d("2026-11-27").days_since_epoch() as f64 * 86_400.0 + 16.5 * 3600.0) * 1000.0;
        assert_eq!(Date::china_today(ms), Some(d("2026-11-28")));
        let ms = (d("2026-11-27").days_since_epoch() as f64 * 86_400.0 + 15.5 * 3600.0) * 1000.0;
        assert_eq!(Date::china_today(ms), Some(d("2026-11-27")));
    }

    #[test]
    fn working_days_honour_holidays_and_adjusted_weekends() {
        let c = cal_2026();
        assert!(c.is_working_day(d("2026-09-30")));
        assert!(!c.is_working_day(d("2026-10-01")));
        assert!(!c.is_working_day(d("2026-10-05")));
        assert!(c.is_working_day(d("2026-10-10")), "adjusted Saturday");
        assert!(c.is_working_day(d("2026-09-20")), "adjusted Sunday");
        assert!(!c.is_working_day(d("2026-10-11")), "ordinary Sunday");
        assert!(c.is_complete(2026));
        assert!(!c.is_complete(2027));
    }

    #[test]
    fn deadlines_skip_the_golden_week() {
        let c = cal_2026();
        // Accepted Wed 30 Sep: day 1 is Thu 8 Oct, day 3 the adjusted Sat 10 Oct.
        assert_eq!(
            c.add_working_days(d("2026-09-30"), 1),
            Some(d("2026-10-08"))
        );
        assert_eq!(
            c.add_working_days(d("2026-09-30"), 3),
            Some(d("2026-10-10"))
        );
        assert_eq!(
            c.add_working_days(d("2026-09-30"), 4),
            Some(d("2026-10-12"))
        );
        // Zero days: the same day.
        assert_eq!(
            c.add_working_days(d("2026-09-30"), 0),
            Some(d("2026-09-30"))
        );
        // Accepted on a Friday: 1 working day is Monday.
        assert_eq!(
            c.add_working_days(d("2026-11-27"), 1),
            Some(d("2026-11-30"))
        );
        // Accepted on a Sunday: counting starts Monday.
        assert_eq!(
            c.add_working_days(d("2026-11-29"), 1),
            Some(d("2026-11-30"))
        );
        // A limit longer than the bounded span gives no date rather than looping.
        assert_eq!(c.add_working_days(d("2026-01-01"), 5000), None);
    }

    #[test]
    fn working_days_between_counts_after_from() {
        let c = cal_2026();
        assert_eq!(c.working_days_between(d("2026-09-30"), d("2026-10-12")), 4);
        assert_eq!(c.working_days_between(d("2026-10-12"), d("2026-09-30")), 0);
        assert_eq!(c.working_days_between(d("2026-11-27"), d("2026-11-27")), 0);
    }
}
