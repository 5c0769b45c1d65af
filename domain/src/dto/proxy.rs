//! 代办服务 (standard 6.7): what the citizen asks, what staff do, and what both see.

use serde::{Deserialize, Serialize};

use crate::proxy::{ProxyAction, ProxyState, Reason, Way};

/// `POST /api/v1/proxy-requests`: a signed-in citizen asks for free 代办.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyCreate {
    pub item: String,
    pub reason: Option<Reason>,
    pub way: Option<Way>,
    /// Needed for a home visit.
    #[serde(default)]
    pub address: String,
    /// Another number to call (a relative's); empty: the account's.
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub note: String,
    /// The same key on a retry returns the request already made.
    pub idempotency_key: String,
}

/// `POST /api/v1/staff/proxy-requests/{id}`: a staff action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyStep {
    pub action: Option<ProxyAction>,
    /// For `assign`: the 代办员's username.
    #[serde(default)]
    pub assignee: String,
    /// For `decline`: the reason; otherwise an optional note.
    #[serde(default)]
    pub note: String,
    /// For `complete`: the tracking number of the application it led to, if any.
    #[serde(default)]
    pub application: String,
    /// The version the action was decided on; a stale one is refused.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A 代办 request. Personal data is masked in staff lists and shown in full to the citizen and
/// to staff who open it (an audited read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyView {
    pub id: String,
    pub item_code: String,
    pub item_name: String,
    pub reason: Reason,
    pub reason_label: String,
    pub way: Way,
    pub way_label: String,
    pub address: String,
    pub applicant: String,
    pub phone: String,
    pub note: String,
    pub state: ProxyState,
    pub state_label: String,
    /// The 代办员, as the hall shows staff (empty until assigned).
    pub assignee: String,
    /// The application it led to.
    pub application: Option<String>,
    pub created_at: i64,
    pub events: Vec<super::TimelineEvent>,
    /// What the viewer may do now.
    pub actions: Vec<ProxyAction>,
    pub version: i64,
}

/// A list of requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyList {
    pub requests: Vec<ProxyView>,
}
