//! Hall's domain: the types, rules and data-transfer objects shared by the browser app, the
//! Worker and the tooling.
//!
//! Invariant: this crate does no I/O. It parses, validates, ranks and computes; callers fetch
//! and store.

pub mod access;
pub mod account;
pub mod application;
pub mod booking;
pub mod calendar;
pub mod catalogue;
pub mod char_table;
pub mod codes;
pub mod complaint;
pub mod consultation;
pub mod content;
pub mod csv;
pub mod delivery;
pub mod device;
pub mod directory;
pub mod dto;
pub mod error;
pub mod etag;
pub mod forecast;
pub mod hall;
pub mod hall_setup;
pub mod hant;
pub mod idempotency;
pub mod identity;
pub mod joint;
pub mod language;
pub mod oidc;
pub mod payment;
pub mod proxy;
pub mod query;
pub mod queue;
pub mod rating;
pub mod record;
pub mod said;
pub mod sealed;
pub mod search;
pub mod seed;
pub mod site;
pub mod tongban;
pub mod totp;

pub use error::Error;
