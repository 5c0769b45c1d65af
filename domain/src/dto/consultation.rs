//! Consultations (咨询) and the public FAQ: what citizens and staff send and see.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::consultation::{Channel, ConsultAction, ConsultState};

/// `POST /api/v1/consultations`: a signed-in citizen asks, optionally about an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultAsk {
    #[serde(default)]
    pub item: String,
    pub question: String,
    pub idempotency_key: String,
}

/// `POST /api/v1/staff/consultations`: staff log a question taken on site or by phone; the
/// staff member becomes its 首问 owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultLog {
    pub channel: Channel,
    #[serde(default)]
    pub item: String,
    pub question: String,
    /// How to address the asker (optional).
    #[serde(default)]
    pub asker_name: String,
    /// A mobile number to send the answer to (optional).
    #[serde(default)]
    pub asker_phone: String,
    pub idempotency_key: String,
}

/// `POST /api/v1/staff/consultations/{id}`: take, route, answer or publish.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultStep {
    pub action: Option<ConsultAction>,
    /// For `route`: the department's code.
    #[serde(default)]
    pub department: String,
    /// For `answer`: the answer; for `publish`: the public answer (anonymised).
    #[serde(default)]
    pub answer: String,
    /// For `publish`: the public question (anonymised).
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// A consultation. The asker is masked for staff (they never need more to answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultView {
    pub id: String,
    pub channel: Channel,
    pub channel_label: String,
    pub item_code: Option<String>,
    pub item_name: String,
    pub question: String,
    pub asker: String,
    /// Set when the asker is not named (`asker` then holds the 简体 word).
    #[serde(default)]
    pub asker_unnamed: Option<super::Unnamed>,
    pub state: ConsultState,
    pub state_label: String,
    /// The 首问 owner, as the hall shows staff.
    pub owner: String,
    /// The department it was routed to, by name.
    pub routed_to: String,
    pub answer: String,
    pub answered_at: Option<i64>,
    pub asked_on: Date,
    pub due_on: Option<Date>,
    /// Working days left to answer (negative: overdue); `None` once answered.
    pub days_left: Option<i64>,
    pub published: bool,
    pub events: Vec<super::TimelineEvent>,
    pub actions: Vec<ConsultAction>,
    pub version: i64,
}

/// Consultations with the hall's answer figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultList {
    pub consultations: Vec<ConsultView>,
    pub near_due: u32,
    pub overdue: u32,
}

/// One published question and answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faq {
    pub id: String,
    pub item_code: Option<String>,
    pub item_name: String,
    pub question: String,
    pub answer: String,
    pub published_at: i64,
}

/// `GET /api/v1/faqs?q=&item=`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqList {
    pub faqs: Vec<Faq>,
}
