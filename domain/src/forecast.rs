//! The wait forecast (issue: best time to come): from the queue's history, the expected wait of
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

use crate::calendar::Weekday;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
