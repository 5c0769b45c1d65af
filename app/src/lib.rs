//! Hall's browser app, in five bundles that share this library:
//!
//! - the portal (`src/main.rs`, `index.html`): home, search, guides, packages, what every
//!   visitor loads first;
//! - the account bundle (`src/bin/account.rs`, `account.html`): the citizen's sign-in, My Hall,
//!   booking and the ticket page;
//! - the hall bundle (`src/bin/hall.rs`, `hall.html`): the staff pages, the window console, the
//!   set-up, the kiosk and the display board;
//! - the apply bundle (`src/bin/apply.rs`, `apply.html`): the progress query, my applications,
//!   the 失信名单;
//! - the desk bundle (`src/bin/desk.rs`, `desk.html`): receiving and processing applications.
//!
//! The Worker serves each non-portal bundle's page for its paths (`hall_domain::site`);
//! links between the bundles are ordinary page loads (`rel="external"`), links within one are
//! client-side.

pub mod api;
pub mod components;
pub mod pages;
pub mod shell;

pub use hall_domain::site::is_account_path;
