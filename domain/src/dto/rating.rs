//! 好差评: what citizens send and see, the work orders staff see (never who rated), and the
//! public figures.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::rating::{Dimension, Kind, Level, OrderAction, OrderState};

/// One dimension's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionLevel {
    pub dimension: Dimension,
    pub level: Level,
}

/// `POST /api/v1/ratings`: the served citizen rates a finished service, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingSubmit {
    pub kind: Kind,
    /// The ticket id (on site) or the application number (online).
    pub subject: String,
    pub level: Level,
    /// Dimensions not given take the overall level.
    #[serde(default)]
    pub dimensions: Vec<DimensionLevel>,
    #[serde(default)]
    pub comment: String,
}

/// A rating as its citizen sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    pub kind: Kind,
    pub subject: String,
    pub level: Level,
    pub label: String,
    pub dimensions: Vec<DimensionLevel>,
    pub comment: String,
    /// Recorded by default after 7 days.
    pub is_default: bool,
    pub rated_on: Date,
    /// The hall's reply to a bad rating, once given.
    pub reply: String,
}

/// `GET /api/v1/ratings/{kind}/{subject}`: what the citizen is about to rate, and whether they
/// may.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingTarget {
    pub kind: Kind,
    pub subject: String,
    /// What was done, e.g. the item's name and the window, in 简体; empty unless yours.
    pub title: String,
    /// The item's name, and the window that served an on-site ticket; empty unless yours.
    #[serde(default)]
    pub item_name: String,
    #[serde(default)]
    pub window: Option<String>,
    pub dimensions: Vec<Dimension>,
    /// `None`: may rate now; else the refusal's code and message.
    pub refusal: Option<String>,
    pub refusal_message: String,
    pub rating: Option<RatingView>,
}

/// A bad rating's work order as staff see it: what was rated and how, never who rated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingOrderView {
    pub id: String,
    pub kind: Kind,
    pub kind_label: String,
    pub level: Level,
    pub label: String,
    pub dimensions: Vec<DimensionLevel>,
    pub comment: String,
    pub item_name: String,
    /// The hall and window (on site), in 简体.
    pub place: String,
    /// The hall's code and the window's number, for readers in other languages.
    #[serde(default)]
    pub hall: Option<String>,
    #[serde(default)]
    pub window: Option<String>,
    pub rated_on: Date,
    pub contact_due: Date,
    pub fix_due: Date,
    /// Working days left to the step's deadline (negative: overdue); `None` when none is due.
    pub days_left: Option<i64>,
    pub state: OrderState,
    pub state_label: String,
    pub appeal_pending: bool,
    pub fix_report: String,
    pub reply: String,
    pub events: Vec<super::TimelineEvent>,
    pub actions: Vec<OrderAction>,
    pub version: i64,
}

/// `GET /api/v1/staff/rating-orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingOrderList {
    pub orders: Vec<RatingOrderView>,
    pub overdue: u32,
    pub appeals: u32,
}

/// `POST /api/v1/staff/rating-orders/{id}`: one step, an appeal, or the manager's decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingOrderStep {
    pub action: Option<OrderAction>,
    /// The fix, the reply, the appeal's grounds or the decision's reason.
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// One group of the public figures (a hall, a window, an item or a month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatisfactionRow {
    /// The group's code; a window's is `<hall>/<window>`.
    pub key: String,
    /// The group's name as the hall wrote it; a window's is its hall's name.
    pub label: String,
    pub count: u32,
    /// Per level, in `Level::ALL` order.
    pub per_level: [u32; 5],
    pub satisfied_permille: u32,
    pub average_centi: u32,
}

/// `GET /api/v1/satisfaction`: aggregates only; groups of fewer than 5 ratings are left out
/// (and counted in `hidden_groups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satisfaction {
    pub total: Option<SatisfactionRow>,
    pub by_hall: Vec<SatisfactionRow>,
    pub by_window: Vec<SatisfactionRow>,
    pub by_item: Vec<SatisfactionRow>,
    pub by_month: Vec<SatisfactionRow>,
    pub hidden_groups: u32,
    pub min_group: u32,
}
