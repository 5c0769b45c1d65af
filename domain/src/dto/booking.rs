//! Appointments: what the booking pages show and send.

use serde::{Deserialize, Serialize};

use crate::booking::TimeOfDay;
use crate::calendar::Date;

/// One slot with the places left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotOption {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    pub left: u32,
}

/// One bookable day; `full` when no slot has a place left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOption {
    pub date: Date,
    pub full: bool,
    pub slots: Vec<SlotOption>,
}

/// A hall offering the item, with its days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallOption {
    pub code: String,
    pub name: String,
    pub address: String,
    pub area: String,
    pub days: Vec<DayOption>,
}

/// `GET /api/v1/booking/options?item=`: where and when an item can be booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingOptions {
    pub item_code: String,
    pub item_name: String,
    /// False: the item takes no bookings; `note` explains walk-in.
    pub bookable: bool,
    pub note: String,
    pub halls: Vec<HallOption>,
}

/// `POST /api/v1/bookings`. The key makes a retried request create one booking, not two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub item: String,
    pub hall: String,
    pub date: Date,
    pub start: TimeOfDay,
    pub idempotency_key: String,
}

/// A booking as its owner sees it: the six facts of standard 6.1.2 and how to check in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    /// 预约号.
    pub id: String,
    pub item_code: String,
    pub item_name: String,
    pub hall_code: String,
    pub hall_name: String,
    pub address: String,
    pub area: String,
    pub date: Date,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    /// `active`, `cancelled`, `checked_in` or `no_show`.
    pub status: String,
    /// The booker's name, masked (the page may be seen by others).
    pub name_masked: Option<String>,
    /// When the kiosk accepts the check-in, Unix seconds.
    pub check_in_from: i64,
    pub check_in_until: i64,
    pub cancellable: bool,
}

/// `GET /api/v1/bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingList {
    pub bookings: Vec<BookingView>,
}
