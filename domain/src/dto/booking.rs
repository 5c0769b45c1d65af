//! Appointments: what the booking pages show and send.

use serde::{Deserialize, Serialize};

use crate::booking::{BookingPolicy, HallRules, TimeOfDay};
use crate::calendar::Date;
use crate::hall_setup::HallSetup;

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
    /// False: the item takes no bookings; `note` says in 简体 to come and take a ticket.
    pub bookable: bool,
    pub note: String,
    pub halls: Vec<HallOption>,
    /// The rules the pages explain (horizon, cut-off, check-in window, no-shows).
    pub policy: BookingPolicy,
}

/// `POST /api/v1/bookings`. The key makes a retried request create one booking, not two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub item: String,
    pub hall: String,
    pub date: Date,
    pub start: TimeOfDay,
    pub idempotency_key: String,
    /// The booker's name, for an account that has none yet (signed in by phone alone); the
    /// profile keeps it. A verified or profile name is used instead when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
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
    /// The ticket page's id once checked in.
    pub ticket: Option<String>,
    /// Moved to another time (改约): the booking that replaced this one.
    #[serde(default)]
    pub moved_to: Option<String>,
}

/// `POST /api/v1/bookings/{id}/reschedule` (改约): the new hall, date and time; the old booking
/// is released in the same write that takes the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescheduleRequest {
    pub hall: String,
    pub date: Date,
    pub start: TimeOfDay,
    pub idempotency_key: String,
}

/// `GET /api/v1/admin/hall`: the hall set-up and the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub setup: HallSetup,
    pub rules: HallRules,
}

/// `PUT /api/v1/admin/hall/rules`, in the units the form shows. Numbers are signed so that a
/// wrong entry is named, not refused as a malformed body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesUpdate {
    pub horizon_from: i64,
    pub horizon_to: i64,
    pub cancel_cutoff_hours: i64,
    pub check_in_before_minutes: i64,
    pub check_in_after_minutes: i64,
    pub no_show_limit: i64,
    pub no_show_window_days: i64,
    pub suspend_days: i64,
    pub booked_run: i64,
    /// Applications (absent: unchanged): show the responsible person's name (else the staff
    /// number), the 容缺 period, its reminder, the listing period, the correction period.
    #[serde(default)]
    pub owner_shown_by_name: Option<bool>,
    #[serde(default)]
    pub rongque_workdays: Option<i64>,
    #[serde(default)]
    pub rongque_remind_workdays: Option<i64>,
    #[serde(default)]
    pub listing_days: Option<i64>,
    #[serde(default)]
    pub correction_workdays: Option<i64>,
    /// 咨询答复期限 (working days).
    #[serde(default)]
    pub answer_workdays: Option<i64>,
    /// Complaint deadlines (working days): accept, reply, reply when several departments are
    /// involved, return visit.
    #[serde(default)]
    pub complaint_accept_workdays: Option<i64>,
    #[serde(default)]
    pub complaint_reply_workdays: Option<i64>,
    #[serde(default)]
    pub complaint_reply_workdays_joint: Option<i64>,
    #[serde(default)]
    pub complaint_visit_workdays: Option<i64>,
}

/// `PUT /api/v1/admin/hall/capacity`: places per slot for one hall and item group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityUpdate {
    pub hall: String,
    pub group: char,
    pub places: i64,
}

/// `PUT /api/v1/admin/hall/halls`: a hall's name, address, area and opening hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallUpdate {
    pub code: String,
    pub name: String,
    pub address: String,
    pub area: String,
    /// e.g. `09:00-12:00, 13:00-17:00`.
    pub hours: String,
}

/// `PUT /api/v1/admin/hall/windows`: adds a window or changes its name and groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowUpdate {
    pub hall: String,
    pub code: String,
    pub name: String,
    pub groups: Vec<char>,
}

/// What one run of the scheduled job did (`POST /api/v1/dev/jobs` in development).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRun {
    pub reminders: u32,
    pub no_shows: u32,
    pub suspensions: u32,
    /// Reminders before a 容缺 deadline.
    #[serde(default)]
    pub rongque_reminders: u32,
    /// Applicants put on the 失信名单.
    #[serde(default)]
    pub listings: u32,
    /// Services recorded as 基本满意 by default, 7 days after without a rating.
    #[serde(default)]
    pub default_ratings: u32,
}

/// `GET /api/v1/bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingList {
    pub bookings: Vec<BookingView>,
}
