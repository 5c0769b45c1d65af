//! The interface language: 简体中文 (the default), 繁體中文 (Hong Kong) or English.
//! `public/prefs.js` sets `<html lang>` from the visitor's remembered choice before the app
//! starts, and a new choice reloads the page, so the app reads the language once. The strings
//! are in `app/locales/<language>.json`, compiled in by leptos_i18n (`build.rs`), which checks
//! every key at compile time. Catalogue content (item names, guides, departments, packages)
//! comes from the server in the reader's language (`lang`, [`crate::api::in_reader_lang`]);
//! hall facts stay as the hall wrote them.

pub use crate::i18n::Locale;
use hall_domain::calendar::{Date, Weekday};

/// The languages offered, each named in itself, with its `lang` tag.
pub const CHOICES: [(&str, &str); 3] = [("zh-CN", "简体"), ("zh-HK", "繁體"), ("en", "English")];

/// The language of this page.
pub fn current() -> Locale {
    thread_local! {
        static CURRENT: Locale = from_tag(&page_tag());
    }
    CURRENT.with(|l| *l)
}

/// The `lang` tag of this page (`zh-CN` when none is set).
pub fn page_tag() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_else(|| "zh-CN".to_string())
}

/// The language of a `lang` tag; anything unknown is the default.
pub fn from_tag(tag: &str) -> Locale {
    match tag {
        "zh-HK" => Locale::zh_HK,
        "en" => Locale::en,
        _ => Locale::zh_CN,
    }
}

/// An interface string in the page's language: `tr!(key)`, or `tr!(key, name = value, …)` for
/// a string with `{{ name }}` slots; the key and the slot names are checked at compile time.
#[macro_export]
macro_rules! tr {
    ($key:ident) => {
        $crate::i18n::td_string!($crate::lang::current(), $key)
    };
    ($key:ident, $($var:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::td_string!($crate::lang::current(), $key, $($var = $value),+).to_string()
    };
}

/// A date as the page's language writes it: `2026-12-01` (简体, the national standard form),
/// `2026年12月1日` (繁體, as Hong Kong writes it), `1 Dec 2026` (English).
pub fn date(d: Date) -> String {
    date_in(current(), d)
}

fn date_in(locale: Locale, d: Date) -> String {
    match locale {
        Locale::zh_CN => d.to_string(),
        Locale::zh_HK => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Locale::en => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let month = MONTHS
                .get(usize::from(d.month().saturating_sub(1)))
                .unwrap_or(&"");
            format!("{} {month} {}", d.day(), d.year())
        }
    }
}

/// The short name of a weekday in the page's language (`周二`, `週二`, `Tue`).
pub fn weekday(w: Weekday) -> &'static str {
    weekday_in(current(), w)
}

fn weekday_in(locale: Locale, w: Weekday) -> &'static str {
    match (locale, w) {
        (Locale::zh_CN, _) => w.label(),
        (Locale::zh_HK, Weekday::Mon) => "週一",
        (Locale::zh_HK, Weekday::Tue) => "週二",
        (Locale::zh_HK, Weekday::Wed) => "週三",
        (Locale::zh_HK, Weekday::Thu) => "週四",
        (Locale::zh_HK, Weekday::Fri) => "週五",
        (Locale::zh_HK, Weekday::Sat) => "週六",
        (Locale::zh_HK, Weekday::Sun) => "週日",
        (Locale::en, _) => w.short_en(),
    }
}

/// A whole number with the page's digit grouping (`12,345` in all three languages; grouping
/// starts at five digits in Chinese, as 简体 and 繁體 print amounts).
pub fn number(n: i64) -> String {
    number_in(current(), n)
}

fn number_in(locale: Locale, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    if digits.len() < 5 && locale != Locale::en || digits.len() < 4 {
        return n.to_string();
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// An amount in fen as the page's language writes money: `12.50 元` / `CNY 12.50`.
pub fn money(fen: i64) -> String {
    money_in(current(), fen)
}

fn money_in(locale: Locale, fen: i64) -> String {
    match locale {
        Locale::en => {
            let sign = if fen < 0 { "-" } else { "" };
            let abs = fen.unsigned_abs();
            format!(
                "{sign}CNY {}.{:02}",
                number_in(locale, (abs / 100) as i64),
                abs % 100
            )
        }
        _ => hall_domain::catalogue::format_fen(fen),
    }
}

/// The short name of weekday `n` (1 = Monday … 7 = Sunday) in the page's language.
pub fn weekday_number(n: u8) -> Option<&'static str> {
    Weekday::from_number(n).map(weekday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_weekdays_numbers_and_money_in_each_language() {
        let d = Date::new(2026, 12, 1).unwrap();
        assert_eq!(date_in(Locale::zh_CN, d), "2026-12-01");
        assert_eq!(date_in(Locale::zh_HK, d), "2026年12月1日");
        assert_eq!(date_in(Locale::en, d), "1 Dec 2026");
        assert_eq!(weekday_in(Locale::zh_CN, d.weekday()), "周二");
        assert_eq!(weekday_in(Locale::zh_HK, d.weekday()), "週二");
        assert_eq!(weekday_in(Locale::en, d.weekday()), "Tue");
        assert_eq!(number_in(Locale::en, 1234), "1,234");
        assert_eq!(number_in(Locale::zh_CN, 1234), "1234");
        assert_eq!(number_in(Locale::zh_CN, 12345), "12,345");
        assert_eq!(number_in(Locale::en, -1234567), "-1,234,567");
        assert_eq!(number_in(Locale::en, 999), "999");
        assert_eq!(money_in(Locale::en, 123456), "CNY 1,234.56");
        assert_eq!(money_in(Locale::en, -5), "-CNY 0.05");
        assert_eq!(money_in(Locale::zh_CN, 1250), "12.50 元");
        assert_eq!(from_tag("zh-HK"), Locale::zh_HK);
        assert_eq!(from_tag("fr"), Locale::zh_CN);
    }
}
