//! Hall's browser app, in two bundles that share this library:
//!
//! - the portal (`src/main.rs`, `index.html`): home, search, guides, packages, what every
//!   visitor loads first;
//! - the account bundle (`src/bin/account.rs`, `account.html`): citizen sign-in and My Hall,
//!   the staff console and administration, loaded only by those who sign in.
//!
//! The Worker serves `account.html` for the account paths (`hall_domain::site`); links between
//! the bundles are ordinary page loads (`rel="external"`), links within one are client-side.

pub mod api;
pub mod components;
pub mod pages;
pub mod shell;

pub use hall_domain::site::is_account_path;
