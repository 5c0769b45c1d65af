//! Times as the hall shows them: China Standard Time, the date in the page's language
//! (`2026-11-27 16:05`, `2026年11月27日 16:05`, `27 Nov 2026 16:05`).

use hall_domain::calendar::Date;

/// Formats Unix seconds in UTC+8.
pub fn format_time(unix_secs: i64) -> String {
    let date = Date::china_today(unix_secs as f64 * 1000.0)
        .map(crate::lang::date)
        .unwrap_or_default();
    format!("{date} {}", hours_minutes(unix_secs))
}

/// The time of day of Unix seconds in UTC+8, `16:05`.
pub fn hours_minutes(unix_secs: i64) -> String {
    let minutes = (unix_secs + 8 * 3600).rem_euclid(86_400) / 60;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
