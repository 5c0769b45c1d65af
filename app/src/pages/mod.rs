//! One module per page.

pub mod admin;
pub mod application;
pub mod board;
pub mod book;
pub mod booking;
pub mod credit_list;
pub mod guide;
pub mod home;
pub mod joint;
pub mod kiosk;
pub mod my_hall;
pub mod not_found;
pub mod outbox;
pub mod package;
pub mod progress;
pub mod search;
pub mod setup;
pub mod sign_in;
pub mod staff_application;
pub mod staff_applications;
pub mod staff_citizens;
pub mod staff_home;
pub mod staff_joint;
pub mod staff_sign_in;
pub mod ticket;
pub mod window_console;
