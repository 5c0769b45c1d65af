//! Published content: notices, edits of notices, FAQ entries and guides, and their history.

use serde::{Deserialize, Serialize};

use crate::content::FieldChange;

/// A notice (公告) as the public reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: String,
    pub title: String,
    pub body: String,
    pub published_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// `GET /api/v1/notices`: newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeList {
    pub notices: Vec<Notice>,
}

/// `POST /api/v1/staff/notices` (with a key) and `PUT /api/v1/staff/notices/{id}` (with the
/// version read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeEdit {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub idempotency_key: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// `PUT /api/v1/staff/faqs/{id}`: the public question and answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEdit {
    pub question: String,
    pub answer: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// `PUT /api/v1/staff/guides/{code}`: a guide's conditions and steps, one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideEdit {
    pub conditions: String,
    pub steps: String,
    /// The guide's `updated_at` as read (absent: never edited); a newer edit refuses this one.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

/// One change of published content: who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: i64,
    pub by: String,
    pub kind: crate::content::ContentKind,
    pub ref_id: String,
    /// Created (no earlier text) or changed.
    pub created: bool,
    pub changes: Vec<FieldChange>,
}

/// `GET /api/v1/staff/content-history?kind=&ref=`: newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryList {
    pub entries: Vec<HistoryEntry>,
}

/// One item in a public catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueItem {
    pub code: String,
    pub name: String,
    pub department_name: String,
    /// For the 容缺 catalogue: the materials that may be supplied later.
    #[serde(default)]
    pub waivable: Vec<String>,
}

/// A group of a catalogue (a 通办 level, a joint package).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueGroup {
    pub key: String,
    pub label: String,
    pub items: Vec<CatalogueItem>,
}

/// `GET /api/v1/catalogues`: the disclosure catalogues (6.6): 通办 by level, 容缺 items with
/// the materials that may follow, joint packages with their items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogues {
    pub tongban: Vec<CatalogueGroup>,
    pub rongque: Vec<CatalogueItem>,
    pub packages: Vec<CatalogueGroup>,
}
