//! Parsing and validation of the seed catalogue file (`seed/service-items.json`).
//!
//! The loader refuses a malformed file as a whole and names every bad entry, so a broken
//! catalogue never reaches the database half-loaded.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::calendar::{Date, Weekday};
use crate::catalogue::{
    is_department_code, is_item_code, is_package_code, Audience, Channel, Department, Fee, Item,
    ItemKind, ItemText, Material, Package, PackageText, Texts, Tongban,
};

/// The seed file schema version this code reads.
pub const SCHEMA_VERSION: u64 = 1;

/// A validated catalogue, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedCatalogue {
    pub departments: Vec<Department>,
    pub items: Vec<Item>,
    pub packages: Vec<Package>,
    pub holidays: Vec<HolidayYear>,
}

/// One year of the holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayYear {
    pub year: i32,
    pub source: String,
    pub complete: bool,
    pub off: Vec<Date>,
    pub workday: Vec<Date>,
}

/// A problem in the seed file, located by a path such as `items[3] (GA-HZ-004).fee`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    pub at: String,
    pub message: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    code: String,
    name: String,
    department: String,
    category: String,
    audience: Vec<Audience>,
    kind: ItemKind,
    legal_limit_workdays: u16,
    promised_limit_workdays: u16,
    fee: Option<RawFee>,
    conditions: Vec<String>,
    materials: Vec<RawMaterial>,
    steps: Vec<String>,
    channels: Vec<Channel>,
    tongban: Tongban,
    rongque: bool,
    mail_delivery: bool,
    appointment: bool,
    keywords: Vec<String>,
    /// The guide in English (required: the loader refuses an item without it).
    en: ItemText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    code: String,
    name: String,
    /// The name in English.
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    code: String,
    name: String,
    theme: String,
    items: Vec<String>,
    promised_limit_workdays: u16,
    description: String,
    en: PackageText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFee {
    amount_cny: f64,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMaterial {
    name: String,
    kind: crate::catalogue::MaterialKind,
    copies: u16,
    required: bool,
    waivable: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHolidayYear {
    source: String,
    complete: bool,
    off: Vec<String>,
    workday: Vec<String>,
}

struct Errors(Vec<SeedError>);

impl Errors {
    fn add(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.0.push(SeedError {
            at: at.into(),
            message: message.into(),
        });
    }
}

fn entry_label(list: &str, index: usize, value: &Value) -> String {
    match value.get("code").and_then(Value::as_str) {
        Some(code) => format!("{list}[{index}] ({code})"),
        None => format!("{list}[{index}]"),
    }
}

fn array<'a>(root: &'a Value, key: &str, errors: &mut Errors) -> &'a [Value] {
    match root.get(key) {
        Some(Value::Array(a)) => a,
        Some(_) => {
            errors.add(key, "must be a list");
            &[]
        }
        None => {
            errors.add(key, "is missing");
            &[]
        }
    }
}

fn text_ok(at: &str, what: &str, s: &str, max: usize, errors: &mut Errors) {
    if s.trim().is_empty() {
        errors.add(at, format!("{what} is empty"));
    } else if s.chars().count() > max {
        errors.add(at, format!("{what} is longer than {max} characters"));
    } else if s.chars().any(char::is_control) {
        errors.add(at, format!("{what} contains control characters"));
    }
}

/// Every 简体 text of the catalogue and of the search rules, run together: what a 繁體 → 简体
/// table for this catalogue must cover.
pub fn vocabulary(c: &SeedCatalogue) -> String {
    let mut out = crate::search::vocabulary();
    for d in &c.departments {
        out.push_str(&d.name);
    }
    for it in &c.items {
        for s in [&it.name, &it.category]
            .into_iter()
            .chain(&it.conditions)
            .chain(&it.steps)
            .chain(&it.keywords)
            .chain(it.materials.iter().map(|m| &m.name))
            .chain(it.fee.as_ref().map(|f| &f.basis))
        {
            out.push_str(s);
        }
    }
    for p in &c.packages {
        out.push_str(&p.name);
        out.push_str(&p.theme);
        out.push_str(&p.description);
    }
    out
}

/// The catalogue with its 繁體 texts made from the 简体 (OpenCC s2hk).
#[cfg(feature = "opencc")]
pub fn with_hk(mut c: SeedCatalogue) -> SeedCatalogue {
    let hk = crate::hant::opencc::ToHk::new();
    let conv = |s: &str| hk.convert(s);
    for d in &mut c.departments {
        d.texts.hk = conv(&d.name);
    }
    for it in &mut c.items {
        it.texts.hk = ItemText {
            name: conv(&it.name),
            category: conv(&it.category),
            conditions: it.conditions.iter().map(|s| conv(s)).collect(),
            materials: it.materials.iter().map(|m| conv(&m.name)).collect(),
            steps: it.steps.iter().map(|s| conv(s)).collect(),
            fee_basis: it.fee.as_ref().map(|f| conv(&f.basis)),
            // A 繁體 query is read in 简体: the 简体 keywords serve it.
            keywords: Vec::new(),
        };
    }
    for p in &mut c.packages {
        p.texts.hk = PackageText {
            name: conv(&p.name),
            theme: conv(&p.theme),
            description: conv(&p.description),
        };
    }
    c
}

/// A translation into English: present, within `max` characters, and English (no Han
/// character: a line left in Chinese is a missing translation).
fn english_ok(at: &str, what: &str, s: &str, max: usize, errors: &mut Errors) {
    text_ok(at, what, s, max, errors);
    if s.chars().any(crate::search::is_han) {
        errors.add(at, format!("{what} is not translated into English"));
    }
}

/// The English guide of an item: every field, one line for each 简体 line.
fn english_item_ok(at: &str, raw: &RawItem, errors: &mut Errors) {
    let en = &raw.en;
    let at = format!("{at}.en");
    english_ok(&at, "name", &en.name, 200, errors);
    english_ok(&at, "category", &en.category, 60, errors);
    for (field, theirs, ours) in [
        ("conditions", &en.conditions, raw.conditions.len()),
        ("materials", &en.materials, raw.materials.len()),
        ("steps", &en.steps, raw.steps.len()),
    ] {
        if theirs.len() != ours {
            errors.add(
                &at,
                format!("{field} has {} lines, the 简体 {ours}", theirs.len()),
            );
        }
        for (j, line) in theirs.iter().enumerate() {
            english_ok(&format!("{at}.{field}[{j}]"), field, line, 600, errors);
        }
    }
    match (&raw.fee, &en.fee_basis) {
        (Some(_), Some(basis)) => english_ok(&at, "fee_basis", basis, 1000, errors),
        (None, None) => {}
        (Some(_), None) => errors.add(&at, "fee_basis is missing"),
        (None, Some(_)) => errors.add(&at, "fee_basis is given for an item without a fee"),
    }
    if en.keywords.is_empty() {
        errors.add(&at, "keywords is empty");
    }
    for (j, k) in en.keywords.iter().enumerate() {
        english_ok(&format!("{at}.keywords[{j}]"), "keyword", k, 80, errors);
    }
}

/// Parses and validates the seed file. On failure, returns every problem found.
pub fn parse(json: &str) -> Result<SeedCatalogue, Vec<SeedError>> {
    let mut errors = Errors(Vec::new());
    let root: Value = serde_json::from_str(json).map_err(|e| {
        vec![SeedError {
            at: format!("line {}, column {}", e.line(), e.column()),
            message: format!("not valid JSON: {e}"),
        }]
    })?;
    if !root.is_object() {
        return Err(vec![SeedError {
            at: "top level".into(),
            message: "must be an object".into(),
        }]);
    }
    match root.get("version").and_then(Value::as_u64) {
        Some(SCHEMA_VERSION) => {}
        other => errors.add(
            "version",
            format!("expected schema version {SCHEMA_VERSION}, found {other:?}"),
        ),
    }

    let mut departments = Vec::new();
    for (i, v) in array(&root, "departments", &mut errors).iter().enumerate() {
        let at = entry_label("departments", i, v);
        match RawDepartment::deserialize(v) {
            Ok(raw) => {
                let d = Department {
                    code: raw.code,
                    name: raw.name,
                    texts: Texts {
                        en: raw.en,
                        hk: String::new(),
                    },
                };
                if !is_department_code(&d.code) {
                    errors.add(&at, "code must be 1–16 lower-case letters");
                }
                text_ok(&at, "name", &d.name, 40, &mut errors);
                english_ok(&at, "en", &d.texts.en, 120, &mut errors);
                if departments.iter().any(|x: &Department| x.code == d.code) {
                    errors.add(&at, "duplicate department code");
                }
                departments.push(d);
            }
            Err(e) => errors.add(at, e.to_string()),
        }
    }
    let department_codes: BTreeSet<&str> = departments.iter().map(|d| d.code.as_str()).collect();

    let mut items: Vec<Item> = Vec::new();
    let mut keyword_owner: BTreeMap<String, String> = BTreeMap::new();
    for (i, v) in array(&root, "items", &mut errors).iter().enumerate() {
        let at = entry_label("items", i, v);
        let raw = match RawItem::deserialize(v) {
            Ok(raw) => raw,
            Err(e) => {
                errors.add(at, e.to_string());
                continue;
            }
        };
        if let Some(item) = validate_item(raw, &at, &department_codes, &mut errors) {
            if items.iter().any(|x| x.code == item.code) {
                errors.add(&at, "duplicate item code");
            }
            for k in &item.keywords {
                if let Some(owner) = keyword_owner.insert(k.clone(), item.code.clone()) {
                    if owner != item.code {
                        errors.add(&at, format!("keyword {k} is also a keyword of {owner}"));
                    }
                }
            }
            items.push(item);
        }
    }

    let mut packages: Vec<Package> = Vec::new();
    for (i, v) in array(&root, "joint_packages", &mut errors)
        .iter()
        .enumerate()
    {
        let at = entry_label("joint_packages", i, v);
        let p = match RawPackage::deserialize(v) {
            Ok(raw) => Package {
                code: raw.code,
                name: raw.name,
                theme: raw.theme,
                items: raw.items,
                promised_limit_workdays: raw.promised_limit_workdays,
                description: raw.description,
                texts: Texts {
                    en: raw.en,
                    hk: PackageText::default(),
                },
            },
            Err(e) => {
                errors.add(at, e.to_string());
                continue;
            }
        };
        if !is_package_code(&p.code) {
            errors.add(&at, "code must look like LB-QYKB");
        }
        if packages.iter().any(|x| x.code == p.code) {
            errors.add(&at, "duplicate package code");
        }
        text_ok(&at, "name", &p.name, 60, &mut errors);
        text_ok(&at, "theme", &p.theme, 20, &mut errors);
        text_ok(&at, "description", &p.description, 2000, &mut errors);
        english_ok(&at, "en.name", &p.texts.en.name, 160, &mut errors);
        english_ok(&at, "en.theme", &p.texts.en.theme, 60, &mut errors);
        english_ok(
            &at,
            "en.description",
            &p.texts.en.description,
            4000,
            &mut errors,
        );
        if p.items.len() < 2 {
            errors.add(&at, "a joint package needs at least two items");
        }
        let mut largest = 0;
        for code in &p.items {
            match items.iter().find(|it| &it.code == code) {
                Some(it) => largest = largest.max(it.promised_limit_workdays),
                None => errors.add(&at, format!("item {code} is not in the catalogue")),
            }
        }
        if p.promised_limit_workdays < largest {
            errors.add(
                &at,
                format!(
                    "promised limit {} is less than its slowest item's ({largest})",
                    p.promised_limit_workdays
                ),
            );
        }
        packages.push(p);
    }

    let mut holidays = Vec::new();
    match root.get("holidays") {
        Some(Value::Object(years)) => {
            for (key, v) in years {
                let at = format!("holidays.{key}");
                let Some(year) = key
                    .parse::<i32>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                else {
                    errors.add(&at, "key must be a year such as 2026");
                    continue;
                };
                match RawHolidayYear::deserialize(v) {
                    Ok(raw) => {
                        if let Some(h) = validate_year(year, raw, &at, &mut errors) {
                            holidays.push(h);
                        }
                    }
                    Err(e) => errors.add(at, e.to_string()),
                }
            }
        }
        _ => errors.add("holidays", "must be an object keyed by year"),
    }

    if errors.0.is_empty() {
        Ok(SeedCatalogue {
            departments,
            items,
            packages,
            holidays,
        })
    } else {
        Err(errors.0)
    }
}

fn validate_item(
    raw: RawItem,
    at: &str,
    departments: &BTreeSet<&str>,
    errors: &mut Errors,
) -> Option<Item> {
    let before = errors.0.len();
    english_item_ok(at, &raw, errors);
    if !is_item_code(&raw.code) {
        errors.add(at, "code must look like GA-HZ-004");
    }
    text_ok(at, "name", &raw.name, 100, errors);
    text_ok(at, "category", &raw.category, 20, errors);
    if !departments.contains(raw.department.as_str()) {
        errors.add(at, format!("department {} is not listed", raw.department));
    }
    if raw.audience.is_empty() {
        errors.add(at, "audience is empty");
    }
    let (legal, promised) = (raw.legal_limit_workdays, raw.promised_limit_workdays);
    match raw.kind {
        ItemKind::Immediate if legal != 0 || promised != 0 => {
            errors.add(at, "即办件 must have limits of 0 working days")
        }
        ItemKind::Promised if legal == 0 || promised == 0 => {
            errors.add(at, "承诺件 must have limits of at least 1 working day")
        }
        _ => {}
    }
    if promised > legal {
        errors.add(
            at,
            format!("promised limit {promised} exceeds legal limit {legal}"),
        );
    }
    let fee = raw.fee.and_then(|f| {
        let fen = f.amount_cny * 100.0;
        if !fen.is_finite() || !(0.0..=1e9).contains(&fen) || (fen - fen.round()).abs() > 1e-6 {
            errors.add(
                format!("{at}.fee"),
                "amount_cny must be a non-negative amount in yuan with at most two decimals",
            );
            return None;
        }
        text_ok(&format!("{at}.fee"), "basis", &f.basis, 500, errors);
        Some(Fee {
            amount_fen: fen.round() as i64,
            basis: f.basis,
        })
    });
    for (field, list) in [
        ("conditions", &raw.conditions),
        ("steps", &raw.steps),
        ("keywords", &raw.keywords),
    ] {
        if list.is_empty() {
            errors.add(at, format!("{field} is empty"));
        }
        for (j, s) in list.iter().enumerate() {
            text_ok(&format!("{at}.{field}[{j}]"), field, s, 300, errors);
        }
    }
    if raw.channels.is_empty() {
        errors.add(at, "channels is empty");
    }
    if raw.materials.is_empty() {
        errors.add(at, "materials is empty");
    }
    let mut any_waivable = false;
    let materials = raw
        .materials
        .into_iter()
        .enumerate()
        .map(|(j, m)| {
            let mat_at = format!("{at}.materials[{j}]");
            text_ok(&mat_at, "name", &m.name, 120, errors);
            if m.copies == 0 {
                errors.add(&mat_at, "copies must be at least 1");
            }
            if m.waivable && !m.required {
                errors.add(&mat_at, "a waivable material must be required");
            }
            any_waivable |= m.waivable;
            Material {
                name: m.name,
                kind: m.kind,
                copies: m.copies,
                required: m.required,
                waivable: m.waivable,
            }
        })
        .collect();
    if raw.rongque != any_waivable {
        errors.add(
            at,
            "rongque must be true exactly when some material is waivable",
        );
    }
    (errors.0.len() == before).then_some(Item {
        code: raw.code,
        name: raw.name,
        department: raw.department,
        category: raw.category,
        audience: raw.audience,
        kind: raw.kind,
        legal_limit_workdays: legal,
        promised_limit_workdays: promised,
        fee,
        conditions: raw.conditions,
        materials,
        steps: raw.steps,
        channels: raw.channels,
        tongban: raw.tongban,
        rongque: raw.rongque,
        mail_delivery: raw.mail_delivery,
        appointment: raw.appointment,
        keywords: raw.keywords,
        texts: Texts {
            en: raw.en,
            hk: ItemText::default(),
        },
    })
}

fn validate_year(
    year: i32,
    raw: RawHolidayYear,
    at: &str,
    errors: &mut Errors,
) -> Option<HolidayYear> {
    let before = errors.0.len();
    let mut parse_list = |field: &str, list: &[String]| -> Vec<Date> {
        let mut out: Vec<Date> = Vec::new();
        for s in list {
            match Date::parse(s) {
                Some(d) if d.year() != year => {
                    errors.add(format!("{at}.{field}"), format!("{s} is not in {year}"))
                }
                Some(d) => {
                    if out.last().is_some_and(|last| *last >= d) {
                        errors.add(format!("{at}.{field}"), format!("{s} is out of order"));
                    }
                    out.push(d);
                }
                None => errors.add(format!("{at}.{field}"), format!("{s} is not a date")),
            }
        }
        out
    };
    let off = parse_list("off", &raw.off);
    let workday = parse_list("workday", &raw.workday);
    for d in &workday {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            errors.add(format!("{at}.workday"), format!("{d} is not a weekend day"));
        }
        if off.contains(d) {
            errors.add(
                format!("{at}.workday"),
                format!("{d} is also listed as off"),
            );
        }
    }
    (errors.0.len() == before).then_some(HolidayYear {
        year,
        source: raw.source,
        complete: raw.complete,
        off,
        workday,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../seed/service-items.json");

    fn seed_value() -> Value {
        serde_json::from_str(SEED).unwrap()
    }

    fn errors_of(v: &Value) -> Vec<String> {
        parse(&v.to_string())
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_shipped_catalogue_is_valid() {
        let c = parse(SEED).unwrap();
        assert_eq!(c.departments.len(), 14);
        assert_eq!(c.items.len(), 99);
        assert_eq!(c.packages.len(), 5);
        assert_eq!(c.holidays.len(), 2);
        let passport = c.items.iter().find(|i| i.code == "GA-CRJ-001").unwrap();
        assert_eq!(passport.fee.as_ref().map(|f| f.amount_fen), Some(12000));
        assert!(c.holidays.iter().any(|h| h.year == 2026 && h.complete));
    }

    #[test]
    fn rejects_invalid_json_with_position() {
        let e = parse("{\"version\": 1,,}").unwrap_err();
        assert!(e[0].at.starts_with("line 1"), "{e:?}");
    }

    #[test]
    fn names_the_bad_item() {
        let mut v = seed_value();
        v["items"][3]["kind"] = Value::String("马上办".into());
        let e = errors_of(&v);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("items[3] (GA-HZ-004)"), "{e:?}");
    }

    #[test]
    fn rejects_rule_breaking_items() {
        let mut v = seed_value();
        v["items"][0]["department"] = Value::String("nope".into());
        v["items"][1]["promised_limit_workdays"] = 999.into();
        v["items"][2]["materials"][0]["copies"] = 0.into();
        v["items"][4]["rongque"] = true.into();
        v["items"][5]["keywords"][0] = v["items"][6]["keywords"][0].clone();
        let e = errors_of(&v).join("\n");
        assert!(e.contains("items[0] (GA-HZ-001): department nope"), "{e}");
        assert!(
            e.contains("items[1] (GA-HZ-002): promised limit 999 exceeds"),
            "{e}"
        );
        assert!(
            e.contains("items[2] (GA-HZ-003).materials[0]: copies"),
            "{e}"
        );
        assert!(e.contains("items[4] (GA-HZ-005): rongque"), "{e}");
        assert!(e.contains("is also a keyword of"), "{e}");
    }

    #[test]
    fn rejects_fee_with_fractions_of_fen_and_unknown_fields() {
        let mut v = seed_value();
        let idx = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .position(|i| !i["fee"].is_null())
            .unwrap();
        v["items"][idx]["fee"]["amount_cny"] = 1.234.into();
        v["items"][idx + 1]["colour"] = "red".into();
        let e = errors_of(&v).join("\n");
        assert!(e.contains(".fee: amount_cny"), "{e}");
        assert!(e.contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn rejects_duplicates_and_broken_packages() {
        let mut v = seed_value();
        v["items"][1]["code"] = v["items"][0]["code"].clone();
        v["joint_packages"][0]["items"][0] = "XX-YY-999".into();
        v["joint_packages"][1]["promised_limit_workdays"] = 0.into();
        let e = errors_of(&v).join("\n");
        assert!(e.contains("duplicate item code"), "{e}");
        assert!(e.contains("item XX-YY-999 is not in the catalogue"), "{e}");
        assert!(e.contains("less than its slowest item"), "{e}");
    }

    #[test]
    fn rejects_bad_holidays() {
        let mut v = seed_value();
        v["holidays"]["2026"]["off"][0] = "2025-12-31".into();
        v["holidays"]["2026"]["workday"][0] = "2026-11-27".into();
        v["holidays"]["2027"]["off"][1] = "2027-02-30".into();
        let e = errors_of(&v).join("\n");
        assert!(
            e.contains("holidays.2026.off: 2025-12-31 is not in 2026"),
            "{e}"
        );
        assert!(e.contains("2026-11-27 is not a weekend day"), "{e}");
        assert!(e.contains("2027-02-30 is not a date"), "{e}");
    }

    #[test]
    fn rejects_wrong_version_and_shape() {
        let mut v = seed_value();
        v["version"] = 2.into();
        assert!(errors_of(&v)[0].starts_with("version"));
        assert_eq!(parse("[]").unwrap_err()[0].at, "top level");
    }
}
