//! The service-item catalogue (standard 3.1, 5.3.1, 6.3.2): departments, items with their full
//! guide, and joint packages (联审联办, standard 5.6).

use serde::{Deserialize, Serialize};

use crate::language::Lang;

/// A department that owns service items, e.g. `gaj` 市公安局.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub code: String,
    pub name: String,
    /// The name in the other languages (never sent nor read as JSON: answers carry the reader's
    /// language).
    #[serde(skip)]
    pub texts: Texts<String>,
}

/// Something's text in the two languages besides 简体: English, written by translators and kept
/// in the catalogue file beside the 简体, and 繁體 as Hong Kong writes it, made from the 简体 by
/// OpenCC (s2hk) when the catalogue is loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts<T> {
    #[serde(default)]
    pub en: T,
    #[serde(default)]
    pub hk: T,
}

impl<T> Texts<T> {
    /// The text for `lang`; `None` for 简体, which is the thing's own.
    pub fn get(&self, lang: Lang) -> Option<&T> {
        match lang {
            Lang::ZhCn => None,
            Lang::ZhHk => Some(&self.hk),
            Lang::En => Some(&self.en),
        }
    }
}

/// An item's guide text in one language, field for field as the 简体: the same number of
/// conditions, materials and steps in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemText {
    pub name: String,
    pub category: String,
    pub conditions: Vec<String>,
    /// Each material's name.
    pub materials: Vec<String>,
    pub steps: Vec<String>,
    pub fee_basis: Option<String>,
    /// What a reader of this language types to find the item.
    pub keywords: Vec<String>,
}

/// A joint package's text in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageText {
    pub name: String,
    pub theme: String,
    pub description: String,
}

/// Who an item serves: natural persons (个人办事) or legal persons (法人办事).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Personal,
    Business,
}

impl Audience {
    pub const ALL: [Audience; 2] = [Audience::Personal, Audience::Business];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Personal => "personal",
            Audience::Business => "business",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Personal => "个人办事",
            Audience::Business => "法人办事",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// 即办件 (done on the spot) or 承诺件 (done within a promised number of working days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    #[serde(rename = "即办件")]
    Immediate,
    #[serde(rename = "承诺件")]
    Promised,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Immediate => "即办件",
            ItemKind::Promised => "承诺件",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [ItemKind::Immediate, ItemKind::Promised]
            .into_iter()
            .find(|k| k.label() == s)
    }
}

/// How a material is presented: an original, a copy, or an electronic licence that the hall
/// fetches itself (nothing to hand in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MaterialKind {
    #[serde(rename = "原件")]
    Original,
    #[serde(rename = "复印件")]
    Copy,
    #[serde(rename = "电子证照")]
    Electronic,
}

impl MaterialKind {
    pub fn label(self) -> &'static str {
        match self {
            MaterialKind::Original => "原件",
            MaterialKind::Copy => "复印件",
            MaterialKind::Electronic => "电子证照",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            MaterialKind::Original,
            MaterialKind::Copy,
            MaterialKind::Electronic,
        ]
        .into_iter()
        .find(|k| k.label() == s)
    }
}

/// Where an application can be lodged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    #[serde(rename = "窗口")]
    Window,
    #[serde(rename = "网上")]
    Online,
    #[serde(rename = "粤省事")]
    Yueshengshi,
    #[serde(rename = "自助机")]
    Kiosk,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Window,
        Channel::Online,
        Channel::Yueshengshi,
        Channel::Kiosk,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::Window => "窗口",
            Channel::Online => "网上",
            Channel::Yueshengshi => "粤省事",
            Channel::Kiosk => "自助机",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.label() == s)
    }
}

/// How widely an item can be handled (通办, standard 6.9 and 6.10), narrowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tongban {
    #[serde(rename = "本地")]
    Local,
    #[serde(rename = "同城通办")]
    SameCity,
    #[serde(rename = "跨城通办")]
    CrossCity,
    #[serde(rename = "全省通办")]
    Province,
}

impl Tongban {
    pub const ALL: [Tongban; 4] = [
        Tongban::Local,
        Tongban::SameCity,
        Tongban::CrossCity,
        Tongban::Province,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tongban::Local => "本地",
            Tongban::SameCity => "同城通办",
            Tongban::CrossCity => "跨城通办",
            Tongban::Province => "全省通办",
        }
    }

    /// The ASCII name used in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Tongban::Local => "local",
            Tongban::SameCity => "same_city",
            Tongban::CrossCity => "cross_city",
            Tongban::Province => "province",
        }
    }

    /// Accepts the Chinese label or the ASCII slug.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.label() == s || t.slug() == s)
    }

    pub fn explain(self) -> &'static str {
        match self {
            Tongban::Local => "仅在属地政务服务大厅办理",
            Tongban::SameCity => "可在本市任一政务服务大厅办理",
            Tongban::CrossCity => "可在省内指定城市的政务服务大厅跨城办理",
            Tongban::Province => "可在全省任一政务服务大厅办理",
        }
    }
}

/// A fee in integer fen (1 元 = 100 分) with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub amount_fen: i64,
    pub basis: String,
}

/// Formats an amount of fen as yuan with two decimals, e.g. `2050` → `"20.50 元"`.
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02} 元", abs / 100, abs % 100)
}

/// One material of a guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    pub name: String,
    pub kind: MaterialKind,
    pub copies: u16,
    /// Always required (`false`: only in the situations the name states).
    pub required: bool,
    /// A secondary required material that 容缺受理 may accept as missing, to be supplied later.
    pub waivable: bool,
}

/// A service item with its full guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub name: String,
    pub department: String,
    pub category: String,
    pub audience: Vec<Audience>,
    pub kind: ItemKind,
    pub legal_limit_workdays: u16,
    pub promised_limit_workdays: u16,
    pub fee: Option<Fee>,
    pub conditions: Vec<String>,
    pub materials: Vec<Material>,
    pub steps: Vec<String>,
    pub channels: Vec<Channel>,
    pub tongban: Tongban,
    pub rongque: bool,
    pub mail_delivery: bool,
    pub appointment: bool,
    pub keywords: Vec<String>,
    /// The guide in the other languages (not sent: answers carry the reader's language).
    #[serde(skip)]
    pub texts: Texts<ItemText>,
}

impl Item {
    pub fn serves(&self, audience: Audience) -> bool {
        self.audience.contains(&audience)
    }

    /// The item's name for a reader of `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        self.texts
            .get(lang)
            .map(|t| t.name.as_str())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.name)
    }

    /// The item's category for a reader of `lang`.
    pub fn category_in(&self, lang: Lang) -> &str {
        self.texts
            .get(lang)
            .map(|t| t.category.as_str())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.category)
    }

    /// The item as a reader of `lang` sees it: every text field in that language. A list whose
    /// translation does not match the 简体 one for one (a guide edited since it was translated)
    /// stays in 简体 rather than show a stale or shifted line.
    pub fn in_lang(&self, lang: Lang) -> Item {
        let mut out = self.clone();
        out.texts = Texts::default();
        let Some(t) = self.texts.get(lang) else {
            return out;
        };
        let pick = |own: &mut String, text: &String| {
            if !text.trim().is_empty() {
                own.clone_from(text);
            }
        };
        out.name = self.name_in(lang).to_string();
        out.category = self.category_in(lang).to_string();
        if t.conditions.len() == self.conditions.len() {
            out.conditions.clone_from(&t.conditions);
        }
        if t.steps.len() == self.steps.len() {
            out.steps.clone_from(&t.steps);
        }
        if t.materials.len() == self.materials.len() {
            for (m, name) in out.materials.iter_mut().zip(&t.materials) {
                pick(&mut m.name, name);
            }
        }
        if let (Some(fee), Some(basis)) = (out.fee.as_mut(), t.fee_basis.as_ref()) {
            pick(&mut fee.basis, basis);
        }
        if !t.keywords.is_empty() {
            out.keywords.clone_from(&t.keywords);
        }
        out
    }
}

/// A joint package (联审联办 / 一件事): several items applied for once, with one promised limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub code: String,
    pub name: String,
    pub theme: String,
    pub items: Vec<String>,
    pub promised_limit_workdays: u16,
    pub description: String,
    /// The package in the other languages (not sent: answers carry the reader's language).
    #[serde(skip)]
    pub texts: Texts<PackageText>,
}

impl Package {
    /// The package as a reader of `lang` sees it.
    pub fn in_lang(&self, lang: Lang) -> Package {
        let mut out = self.clone();
        out.texts = Texts::default();
        if let Some(t) = self.texts.get(lang).filter(|t| !t.name.trim().is_empty()) {
            out.name.clone_from(&t.name);
            out.theme.clone_from(&t.theme);
            out.description.clone_from(&t.description);
        }
        out
    }
}

impl Department {
    /// The department's name for a reader of `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        self.texts
            .get(lang)
            .map(String::as_str)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.name)
    }
}

/// Returns true when `code` has the shape of an item code, `PREFIX-SUB-NNN` in upper-case ASCII.
pub fn is_item_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    parts.len() == 3
        && parts[..2]
            .iter()
            .all(|p| (1..=6).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_uppercase()))
        && parts[2].len() == 3
        && parts[2].bytes().all(|b| b.is_ascii_digit())
}

/// Returns true when `code` has the shape of a package code, `LB-` and upper-case ASCII.
pub fn is_package_code(code: &str) -> bool {
    code.strip_prefix("LB-").is_some_and(|rest| {
        (1..=12).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_uppercase())
    })
}

/// Returns true when `code` has the shape of a department code: 1–16 lower-case ASCII letters.
pub fn is_department_code(code: &str) -> bool {
    (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_codes() {
        assert!(is_item_code("GA-HZ-004"));
        assert!(is_item_code("GJJ-TQ-002"));
        assert!(!is_item_code("ga-hz-004"));
        assert!(!is_item_code("GA-HZ-04"));
        assert!(!is_item_code("GA-HZ-0041"));
        assert!(!is_item_code("GA-HZ"));
        assert!(!is_item_code("GA--004"));
        assert!(!is_item_code("GA-HZ-004-1"));
        assert!(!is_item_code("LB-QYKB"));
    }

    #[test]
    fn package_and_department_codes() {
        assert!(is_package_code("LB-QYKB"));
        assert!(!is_package_code("LB-"));
        assert!(!is_package_code("LB-qykb"));
        assert!(!is_package_code("GA-HZ-004"));
        assert!(is_department_code("gaj"));
        assert!(!is_department_code("GAJ"));
        assert!(!is_department_code(""));
        assert!(!is_department_code("gaj;drop"));
    }

    #[test]
    fn fen_formatting() {
        assert_eq!(format_fen(0), "0.00 元");
        assert_eq!(format_fen(2050), "20.50 元");
        assert_eq!(format_fen(5), "0.05 元");
        assert_eq!(format_fen(-120), "-1.20 元");
    }

    #[test]
    fn labels_round_trip() {
        for t in Tongban::ALL {
            assert_eq!(Tongban::parse(t.label()), Some(t));
            assert_eq!(Tongban::parse(t.slug()), Some(t));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.label()), Some(c));
        }
        for a in Audience::ALL {
            assert_eq!(Audience::parse(a.as_str()), Some(a));
        }
        assert_eq!(
            MaterialKind::parse("电子证照"),
            Some(MaterialKind::Electronic)
        );
        assert_eq!(ItemKind::parse("承诺件"), Some(ItemKind::Promised));
        assert_eq!(Tongban::parse("everywhere"), None);
    }

    #[test]
    fn serde_uses_chinese_labels() {
        let json = serde_json::to_string(&Tongban::SameCity).unwrap_or_default();
        assert_eq!(json, "\"同城通办\"");
        let a: Vec<Audience> =
            serde_json::from_str("[\"personal\",\"business\"]").unwrap_or_default();
        assert_eq!(a, vec![Audience::Personal, Audience::Business]);
    }
}
