//! What crosses HTTP. The Worker serialises these and the app deserialises the same types, so
//! the two cannot drift.

mod account;
mod application;
mod booking;
mod complaint;
mod consultation;
mod content;
mod proxy;
mod queue;
mod rating;

pub use account::*;
pub use application::*;
pub use booking::*;
pub use complaint::*;
pub use consultation::*;
pub use content::*;
pub use proxy::*;
pub use queue::*;
pub use rating::*;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;

/// One step of a matter's history, as the viewer may see it (consultations, 代办 requests,
/// complaints; applications add their step and status in `EventView`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub at: i64,
    /// What happened, by code; `label` is its 简体 name.
    pub record: crate::record::Record,
    pub label: String,
    /// Who did it, by code.
    #[serde(default)]
    pub actor: crate::record::Actor,
    /// Who did it, as the viewer may see it: a staff member's name or number, else the 简体
    /// name of the actor's part.
    pub by: String,
    /// What a person wrote, or the hall's own words in 简体.
    pub note: String,
    /// The hall's own words by code and values (`None` when a person wrote the note).
    #[serde(default)]
    pub said: Option<crate::said::Said>,
}

impl TimelineEvent {
    /// An entry; `staff` names the staff member when `actor` is one; `said` is the stored
    /// `said` column.
    pub fn new(
        at: i64,
        record: crate::record::Record,
        actor: crate::record::Actor,
        staff: String,
        note: String,
        said: Option<&str>,
    ) -> TimelineEvent {
        TimelineEvent {
            at,
            record,
            label: record.label().to_string(),
            actor,
            by: crate::record::by(actor, staff),
            note,
            said: crate::said::Said::from_stored(said),
        }
    }
}

/// Why a person is not named to this viewer (the name field then holds the 简体 word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unnamed {
    /// They gave no name.
    Anonymous,
    /// Kept from the department handling a confidential complaint.
    Confidential,
}

impl Unnamed {
    pub fn label(self) -> &'static str {
        match self {
            Unnamed::Anonymous => "匿名",
            Unnamed::Confidential => "保密（仅投诉受理人员可见）",
        }
    }
}

use crate::catalogue::{Audience, Channel, Item, ItemKind, Package, Tongban};
use crate::language::Lang;

/// `GET /api/live`: the Worker answers, without touching storage (the baseline of the load
/// measurements).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Live {
    pub status: String,
    pub version: String,
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
    pub items: u32,
}

/// One row of a result list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub code: String,
    pub name: String,
    pub department: String,
    pub department_name: String,
    pub category: String,
    pub audience: Vec<Audience>,
    pub kind: ItemKind,
    pub promised_limit_workdays: u16,
    pub free: bool,
    pub channels: Vec<Channel>,
    pub tongban: Tongban,
    pub rongque: bool,
    pub mail_delivery: bool,
    pub appointment: bool,
}

impl ItemSummary {
    /// The summary a reader of `lang` sees.
    pub fn of(item: &Item, lang: Lang, department_name: &str) -> ItemSummary {
        ItemSummary {
            code: item.code.clone(),
            name: item.name_in(lang).to_string(),
            department: item.department.clone(),
            department_name: department_name.to_string(),
            category: item.category_in(lang).to_string(),
            audience: item.audience.clone(),
            kind: item.kind,
            promised_limit_workdays: item.promised_limit_workdays,
            free: item.fee.is_none(),
            channels: item.channels.clone(),
            tongban: item.tongban,
            rongque: item.rongque,
            mail_delivery: item.mail_delivery,
            appointment: item.appointment,
        }
    }
}

/// `GET /api/v1/items`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemList {
    pub items: Vec<ItemSummary>,
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
    /// Other searches to try; filled when nothing matched.
    pub suggestions: Vec<String>,
    /// "You may also mean": matches too weak to list among the results (at most five).
    #[serde(default)]
    pub also: Vec<ItemSummary>,
}

/// A package an item belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageRef {
    pub code: String,
    pub name: String,
}

/// `GET /api/v1/items/{code}`: the full guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemGuide {
    pub item: Item,
    pub department_name: String,
    pub packages: Vec<PackageRef>,
    /// For 承诺件: the promised deadline if the application were accepted today.
    pub promised_by_if_accepted_today: Option<Date>,
    /// Today's date in the hall (UTC+8), the base of the line above.
    pub today: Option<Date>,
    /// When the guide last changed (Unix seconds): its own edit, else the catalogue's load.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

/// One department with the number of its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentEntry {
    pub code: String,
    pub name: String,
    pub item_count: u32,
}

/// `GET /api/v1/departments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentList {
    pub departments: Vec<DepartmentEntry>,
}

/// `GET /api/v1/packages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageList {
    pub packages: Vec<Package>,
}

/// `GET /api/v1/packages/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageDetail {
    pub package: Package,
    pub items: Vec<ItemSummary>,
    /// Sum of the items' own promised limits, to show what running them jointly saves.
    pub separate_limit_workdays: u32,
}
