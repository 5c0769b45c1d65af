//! One module per page.

pub mod guide;
pub mod home;
pub mod not_found;
pub mod package;
pub mod search;
