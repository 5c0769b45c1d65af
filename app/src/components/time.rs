//! Times as the hall shows them: China Standard Time, `2026-11-27 16:05`.

use hall_domain::calendar::Date;

/// Formats Unix seconds in UTC+8.
pub fn format_time(unix_secs: i64) -> String {
    let date = Date::china_today(unix_secs as f64 * 1000.0)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let minutes = (unix_secs + 8 * 3600).rem_euclid(86_400) / 60;
    format!("{date} {:02}:{:02}", minutes / 60, minutes % 60)
}
