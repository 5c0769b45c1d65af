//! Hall's browser app, in eleven bundles that share this library: the portal (`src/main.rs`,
//! `index.html`: the home page, what every visitor loads first) and one binary per other bundle
//! in `src/bin/` with its page `<name>.html` (guide, book, account, apply, help, voice, hall,
//! device, desk, service). `hall_domain::site` says which paths each bundle serves; the Worker answers
//! those paths with the bundle's page. Links between the bundles are ordinary page loads
//! (`rel="external"`), links within one are client-side.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod components;
pub mod labels;
pub mod lang;
pub mod pages;
pub mod shell;

pub use hall_domain::site::is_account_path;
