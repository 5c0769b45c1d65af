//! Complaints (投诉): what complainants and staff send and see.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::complaint::{Category, Channel, ComplaintAction, ComplaintState, DeclineReason};
use crate::rating::Level;

/// `POST /api/v1/complaints/{no}/attachments`: one image (at most three per complaint), sent
/// on its own so a slow connection retries one picture, not the whole complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentUpload {
    /// `image/jpeg`, `image/png` or `image/webp`; must match the bytes.
    pub content_type: String,
    /// The bytes, base64 (standard alphabet, padded).
    pub data: String,
    pub idempotency_key: String,
}

/// `POST /api/v1/complaints`: a signed-in citizen complains online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSubmit {
    pub category: Category,
    /// The subject: window number, staff number, item code (all optional).
    #[serde(default)]
    pub window: String,
    #[serde(default)]
    pub staff_no: String,
    #[serde(default)]
    pub item: String,
    pub facts: String,
    /// Hide the complainant's identity from the department handling it.
    #[serde(default)]
    pub confidential: bool,
    pub idempotency_key: String,
}

/// `POST /api/v1/staff/complaints`: the complaint office logs a complaint taken on site, by the
/// 12345 hotline, from the box, by phone or by email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintLog {
    pub channel: Channel,
    pub category: Category,
    #[serde(default)]
    pub window: String,
    #[serde(default)]
    pub staff_no: String,
    #[serde(default)]
    pub item: String,
    pub facts: String,
    #[serde(default)]
    pub complainant_name: String,
    /// A mobile number: the complainant is told each step and finds it in My Hall.
    #[serde(default)]
    pub complainant_phone: String,
    #[serde(default)]
    pub confidential: bool,
    pub idempotency_key: String,
}

/// `POST /api/v1/complaints/{no}/information`: the complainant adds information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintInformation {
    pub text: String,
    pub idempotency_key: String,
}

/// `POST /api/v1/complaints/{no}/rating`: the complainant rates the handling, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintRate {
    pub level: Level,
    /// Was the problem resolved?
    pub resolved: bool,
    #[serde(default)]
    pub comment: String,
}

/// `POST /api/v1/staff/complaints/{no}`: one workflow step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintStep {
    pub action: Option<ComplaintAction>,
    /// For `decline`.
    #[serde(default)]
    pub reason: Option<DeclineReason>,
    /// For `accept`: the department that handles it (code; empty: the hall itself), and
    /// whether several departments are involved (the longer reply deadline).
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub joint: bool,
    /// What was found or done (`investigate`, `handle`, `decline`), or the reply (`reply`).
    #[serde(default)]
    pub note: String,
    /// For `visit`: what the complainant said on the return visit.
    #[serde(default)]
    pub resolved: Option<bool>,
    #[serde(default)]
    pub satisfied: Option<bool>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// An attachment as listed (its bytes are fetched separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub n: u32,
    pub content_type: String,
    pub size: u32,
}

/// The complainant's rating of the handling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlingRating {
    pub level: Level,
    pub label: String,
    pub resolved: bool,
    pub comment: String,
}

/// A complaint as its viewer may see it: the complainant sees everything; the complaint office
/// sees the complainant (in full when it opens one, an audited read); the department sees the
/// complainant masked, and not at all when the complaint is confidential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub no: String,
    pub category: Category,
    pub category_label: String,
    pub channel: Channel,
    pub channel_label: String,
    pub window: String,
    pub staff_no: String,
    pub item_code: Option<String>,
    pub item_name: String,
    pub facts: String,
    pub complainant: String,
    /// Set when the complainant is not named (`complainant` then holds the 简体 word).
    #[serde(default)]
    pub complainant_unnamed: Option<super::Unnamed>,
    pub complainant_phone: String,
    pub confidential: bool,
    pub state: ComplaintState,
    pub state_label: String,
    /// The department handling it, by name (empty: the hall itself).
    pub department: String,
    pub joint: bool,
    pub decline_reason: String,
    pub reply: String,
    pub submitted_on: Date,
    /// The deadline of the step it waits for, and working days left (negative: overdue).
    pub due_on: Option<Date>,
    pub days_left: Option<i64>,
    /// The reply's deadline, and whether it was kept (once replied).
    pub reply_due: Option<Date>,
    pub replied_on_time: Option<bool>,
    pub visit_resolved: Option<bool>,
    pub visit_satisfied: Option<bool>,
    pub rating: Option<HandlingRating>,
    pub attachments: Vec<AttachmentInfo>,
    pub events: Vec<super::TimelineEvent>,
    /// What this viewer may do: staff steps, or the complainant's additions and rating.
    pub actions: Vec<ComplaintAction>,
    pub may_add_information: bool,
    pub may_rate: bool,
    pub version: i64,
}

/// Complaints with how many are near due (today or the next working day) and overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintList {
    pub complaints: Vec<ComplaintView>,
    pub near_due: u32,
    pub overdue: u32,
}

/// One count of the monthly figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    pub key: String,
    pub label: String,
    pub count: u32,
}

/// `GET /api/v1/staff/complaints/stats?month=YYYY-MM`: the month's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintStats {
    pub month: String,
    pub total: u32,
    pub by_category: Vec<CountRow>,
    pub by_channel: Vec<CountRow>,
    pub by_department: Vec<CountRow>,
    pub replied: u32,
    pub replied_on_time: u32,
    /// Per mille of replies on time; `None` when nothing was replied.
    pub on_time_permille: Option<u32>,
}
