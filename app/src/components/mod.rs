//! Reusable pieces of the pages.

pub mod application;
pub mod checklist;
pub mod forecast;
pub mod form;
pub mod image;
pub mod item_card;
pub mod load;
pub mod poll;
pub mod search_box;
pub mod staff_gate;
pub mod status;
pub mod time;
pub mod timeline;
