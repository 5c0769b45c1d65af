//! Reusable pieces of the pages.

pub mod item_card;
pub mod search_box;
pub mod status;
