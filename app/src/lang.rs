//! The interface language: 简体中文 (the default), 繁體中文 (Hong Kong) or English.
//! `public/prefs.js` sets `<html lang>` from the visitor's remembered choice before the app
//! starts, and a new choice reloads the page, so the app reads the language once. The strings
//! are in `app/locales/<language>.json`, compiled in by leptos_i18n (`build.rs`), which checks
//! every key at compile time. Catalogue content (item names, guides, hall facts) stays as the
//! hall wrote it; only the interface around it is translated.

pub use crate::i18n::Locale;

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

/// An interface string in the page's language: `tr!(key)`, the key checked at compile time.
#[macro_export]
macro_rules! tr {
    ($key:ident) => {
        $crate::i18n::td_string!($crate::lang::current(), $key)
    };
}
