//! The wait forecast ("best time to come"): from the queue's history, the expected wait of
//! an item group by weekday and hour.
//!
//! Method: each served ticket gives one sample — its wait from taking the ticket to being
//! called, filed under the group, the weekday and the hour it was taken. The forecast for a
//! (group, weekday, hour) is the median of its samples, when there are at least `MIN_SAMPLES`;
//! else the median of that group's samples at that hour on any weekday (marked as such); else
//! none. The median, not the mean: one stuck ticket must not make a quiet hour look busy. The
//! "best time to come" on a weekday is the open hour with the lowest forecast, the earliest of
//! equals.

use serde::{Deserialize, Serialize};

use crate::booking::Period;
use crate::calendar::{Date, Weekday};

/// Fewest samples a forecast stands on.
pub const MIN_SAMPLES: usize = 5;

/// One served ticket's wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub group: char,
    pub weekday: Weekday,
    /// The hour (0–23, hall time) the ticket was taken.
    pub hour: u8,
    pub wait_minutes: u32,
}

/// Where a forecast comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// This weekday at this hour.
    Weekday,
    /// Any weekday at this hour (too few samples for this weekday).
    AnyWeekday,
}

/// An expected wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub minutes: u32,
    pub samples: u32,
    pub basis: Basis,
}

fn median(mut waits: Vec<u32>) -> Option<u32> {
    if waits.is_empty() {
        return None;
    }
    waits.sort_unstable();
    let n = waits.len();
    Some(if n % 2 == 1 {
        waits[n / 2]
    } else {
        (waits[n / 2 - 1] + waits[n / 2]).div_ceil(2)
    })
}

/// The expected wait for `group` on `weekday` at `hour`.
pub fn forecast(history: &[Sample], group: char, weekday: Weekday, hour: u8) -> Option<Forecast> {
    let at_hour = || {
        history
            .iter()
            .filter(move |s| s.group == group && s.hour == hour)
    };
    let same_day: Vec<u32> = at_hour()
        .filter(|s| s.weekday == weekday)
        .map(|s| s.wait_minutes)
        .collect();
    if same_day.len() >= MIN_SAMPLES {
        let samples = same_day.len() as u32;
        return median(same_day).map(|minutes| Forecast {
            minutes,
            samples,
            basis: Basis::Weekday,
        });
    }
    let any_day: Vec<u32> = at_hour().map(|s| s.wait_minutes).collect();
    if any_day.len() >= MIN_SAMPLES {
        let samples = any_day.len() as u32;
        return median(any_day).map(|minutes| Forecast {
            minutes,
            samples,
            basis: Basis::AnyWeekday,
        });
    }
    None
}

/// The open hour of `hours` with the lowest forecast (the earliest of equals), with it.
pub fn best_hour(
    history: &[Sample],
    group: char,
    weekday: Weekday,
    hours: &[u8],
) -> Option<(u8, Forecast)> {
    hours
        .iter()
        .filter_map(|h| forecast(history, group, weekday, *h).map(|f| (*h, f)))
        .min_by_key(|(h, f)| (f.minutes, *h))
}

/// The weekday of SQLite's `strftime('%w')` (0 = Sunday).
pub fn weekday_of_sqlite(w: u8) -> Option<Weekday> {
    match w {
        0 => Some(Weekday::Sun),
        1..=6 => Weekday::from_number(w),
        _ => None,
    }
}

/// `count` served tickets of `group` taken on `weekday` at `hour` that waited `wait_minutes`
/// each, as samples (the store counts them in SQL rather than sending every ticket).
pub fn samples_of(
    group: char,
    weekday: Weekday,
    hour: u8,
    wait_minutes: u32,
    count: u32,
) -> impl Iterator<Item = Sample> {
    (0..count).map(move |_| Sample {
        group,
        weekday,
        hour,
        wait_minutes,
    })
}

/// The hours a ticket can be taken in: every hour that overlaps an opening period.
pub fn open_hours(periods: &[Period]) -> Vec<u8> {
    let mut hours: Vec<u8> = Vec::new();
    for p in periods {
        let first = p.start.minutes() / 60;
        let last = p.end.minutes().saturating_sub(1) / 60;
        for h in first..=last {
            if let Ok(h) = u8::try_from(h) {
                if p.end.minutes() > p.start.minutes() && !hours.contains(&h) {
                    hours.push(h);
                }
            }
        }
    }
    hours.sort_unstable();
    hours
}

/// The working weekdays a forecast covers (the halls open Monday to Friday; a 调休 Saturday
/// is rare and has no history of its own).
pub const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// A week of forecasts for `group`: per working weekday, each open hour's expected wait (hours
/// without enough history left out) and the best hour.
pub fn week(history: &[Sample], group: char, hours: &[u8]) -> Vec<DayForecast> {
    WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, weekday)| DayForecast {
            weekday: i as u8 + 1,
            label: weekday.label().to_string(),
            best_hour: best_hour(history, group, *weekday, hours).map(|(h, _)| h),
            hours: hours
                .iter()
                .filter_map(|h| {
                    forecast(history, group, *weekday, *h).map(|f| HourForecast {
                        hour: *h,
                        minutes: f.minutes,
                        samples: f.samples,
                        basis: f.basis,
                    })
                })
                .collect(),
        })
        .collect()
}

/// One hour's expected wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourForecast {
    /// The hour (hall time) a ticket is taken in.
    pub hour: u8,
    pub minutes: u32,
    pub samples: u32,
    pub basis: Basis,
}

/// One working weekday's forecasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayForecast {
    /// 1 = Monday … 5 = Friday.
    pub weekday: u8,
    /// 周一 … 周五.
    pub label: String,
    /// The open hour with the shortest expected wait, when any hour has one.
    pub best_hour: Option<u8>,
    pub hours: Vec<HourForecast>,
}

/// `GET /api/v1/forecast`: the expected wait of an item's queue group in a hall, by weekday and
/// hour, from the served tickets of the last `HISTORY_WEEKS` weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitForecast {
    pub item_code: String,
    pub hall: String,
    pub group: char,
    pub weeks: u32,
    pub days: Vec<DayForecast>,
}

/// How far back the history goes: long enough for five samples an hour in a quiet hall, short
/// enough to follow a change of staffing.
pub const HISTORY_WEEKS: u32 = 8;

/// The forecast for the weekday of `date` at `hour`, as the ticket page shows it.
pub fn on(days: &[DayForecast], date: Date, hour: u8) -> Option<HourForecast> {
    let i = WEEKDAYS.iter().position(|w| *w == date.weekday())?;
    days.iter()
        .find(|d| usize::from(d.weekday) == i + 1)?
        .hours
        .iter()
        .find(|h| h.hour == hour)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::TimeOfDay;

    fn samples(group: char, weekday: Weekday, hour: u8, waits: &[u32]) -> Vec<Sample> {
        waits
            .iter()
            .map(|w| Sample {
                group,
                weekday,
                hour,
                wait_minutes: *w,
            })
            .collect()
    }

    #[test]
    fn the_median_of_the_weekday_and_hour_stands_when_there_are_enough() {
        let mut h = samples('A', Weekday::Mon, 9, &[30, 35, 40, 45, 240]);
        h.extend(samples('A', Weekday::Tue, 9, &[5, 5, 5, 5, 5]));
        let f = forecast(&h, 'A', Weekday::Mon, 9).unwrap();
        assert_eq!(
            f,
            Forecast {
                minutes: 40,
                samples: 5,
                basis: Basis::Weekday
            },
            "one stuck ticket (240) does not move the median"
        );
        assert_eq!(forecast(&h, 'A', Weekday::Tue, 9).unwrap().minutes, 5);
        assert_eq!(forecast(&h, 'B', Weekday::Mon, 9), None, "another group");
    }

    #[test]
    fn too_few_for_the_weekday_falls_back_to_the_hour_then_to_none() {
        let mut h = samples('A', Weekday::Wed, 14, &[10, 20]);
        h.extend(samples('A', Weekday::Thu, 14, &[30, 40, 50]));
        let f = forecast(&h, 'A', Weekday::Wed, 14).unwrap();
        assert_eq!(f.basis, Basis::AnyWeekday);
        assert_eq!((f.minutes, f.samples), (30, 5));
        assert_eq!(
            forecast(&h, 'A', Weekday::Wed, 15),
            None,
            "no samples at 15:00"
        );
        let few = samples('A', Weekday::Fri, 10, &[1, 2, 3, 4]);
        assert_eq!(forecast(&few, 'A', Weekday::Fri, 10), None);
    }

    #[test]
    fn an_even_count_rounds_the_middle_pair_up() {
        // 20 and 25 in the middle: 22.5 minutes is forecast as 23.
        let h = samples('C', Weekday::Mon, 10, &[10, 20, 31, 25, 5, 40]);
        assert_eq!(forecast(&h, 'C', Weekday::Mon, 10).unwrap().minutes, 23);
    }

    #[test]
    fn the_best_hour_is_the_quietest_open_hour_earliest_first() {
        let mut h = samples('A', Weekday::Mon, 9, &[50; 6]);
        h.extend(samples('A', Weekday::Mon, 11, &[15; 6]));
        h.extend(samples('A', Weekday::Mon, 14, &[15; 6]));
        h.extend(samples('A', Weekday::Mon, 16, &[5; 6]));
        let open = [9, 10, 11, 14, 15];
        let (hour, f) = best_hour(&h, 'A', Weekday::Mon, &open).unwrap();
        assert_eq!((hour, f.minutes), (11, 15), "16:00 is closed; 11 before 14");
        assert_eq!(best_hour(&h, 'B', Weekday::Mon, &open), None);
    }

    #[test]
    fn counted_rows_become_samples() {
        assert_eq!(weekday_of_sqlite(0), Some(Weekday::Sun));
        assert_eq!(weekday_of_sqlite(1), Some(Weekday::Mon));
        assert_eq!(weekday_of_sqlite(6), Some(Weekday::Sat));
        assert_eq!(weekday_of_sqlite(7), None);
        let s: Vec<Sample> = samples_of('C', Weekday::Thu, 14, 12, 3).collect();
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|s| s.group == 'C'
            && s.weekday == Weekday::Thu
            && s.hour == 14
            && s.wait_minutes == 12));
        assert_eq!(samples_of('C', Weekday::Thu, 14, 12, 0).count(), 0);
    }

    #[test]
    fn open_hours_are_every_hour_an_opening_period_touches() {
        let p = |a: (u8, u8), b: (u8, u8)| Period {
            start: TimeOfDay::new(a.0, a.1).unwrap(),
            end: TimeOfDay::new(b.0, b.1).unwrap(),
        };
        assert_eq!(
            open_hours(&[p((9, 0), (12, 0)), p((13, 0), (17, 0))]),
            vec![9, 10, 11, 13, 14, 15, 16]
        );
        assert_eq!(open_hours(&[p((8, 30), (12, 30))]), vec![8, 9, 10, 11, 12]);
        assert_eq!(open_hours(&[]), Vec::<u8>::new());
    }

    #[test]
    fn a_week_names_each_weekday_best_hour_from_synthetic_history() {
        // Mondays: 9 o'clock is busy (45 min), 10 o'clock quiet (10), 11 o'clock too few samples
        // on Monday but enough across the week (20). Tuesdays: nothing of their own.
        let mut h = samples('A', Weekday::Mon, 9, &[40, 45, 50, 45, 60]);
        h.extend(samples('A', Weekday::Mon, 10, &[8, 10, 12, 10, 9]));
        h.extend(samples('A', Weekday::Mon, 11, &[20, 25]));
        h.extend(samples('A', Weekday::Wed, 11, &[18, 20, 22]));
        h.extend(samples('B', Weekday::Mon, 10, &[90, 90, 90, 90, 90]));
        let week = week(&h, 'A', &[9, 10, 11]);
        assert_eq!(week.len(), 5);
        let mon = &week[0];
        assert_eq!((mon.weekday, mon.label.as_str()), (1, "周一"));
        assert_eq!(mon.best_hour, Some(10));
        let minutes: Vec<(u8, u32, Basis)> = mon
            .hours
            .iter()
            .map(|f| (f.hour, f.minutes, f.basis))
            .collect();
        assert_eq!(
            minutes,
            vec![
                (9, 45, Basis::Weekday),
                (10, 10, Basis::Weekday),
                (11, 20, Basis::AnyWeekday)
            ]
        );
        let tue = &week[1];
        assert_eq!(
            tue.best_hour,
            Some(10),
            "from every weekday's history at each hour"
        );
        assert!(tue.hours.iter().all(|f| f.basis == Basis::AnyWeekday));
        assert_eq!(tue.hours.len(), 3);
        // The ticket page's estimate: a Monday at 10.
        let f = on(&week, Date::new(2026, 11, 30).unwrap(), 10).unwrap();
        assert_eq!(f.minutes, 10);
        assert_eq!(
            on(&week, Date::new(2026, 11, 29).unwrap(), 10),
            None,
            "a Sunday"
        );
    }
}
