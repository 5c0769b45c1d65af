//! Reading the catalogue tables (written by the seed loader, `cargo xtask seed`).

use std::collections::BTreeMap;

use hall_domain::calendar::Date;
use hall_domain::catalogue::{
    Audience, Channel, Department, Fee, Item, ItemKind, ItemText, Material, MaterialKind, Package,
    PackageText, Texts, Tongban,
};
use hall_domain::directory::{Directory, PinyinKeys, QueryTables};
use hall_domain::hant::Simplifier;
use hall_domain::search::CharPinyin;
use hall_domain::Error;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use worker::{D1Database, D1Result};

use crate::http::unavailable;

#[derive(Deserialize)]
struct VersionRow {
    value: String,
}

/// The catalogue version, changed by every load.
pub async fn version(db: &D1Database) -> Result<String, Error> {
    let row: Option<VersionRow> = db
        .prepare("SELECT value FROM meta WHERE key = 'catalogue_version'")
        .first(None)
        .await
        .map_err(|e| unavailable("catalogue version", e))?;
    Ok(row.map(|r| r.value).unwrap_or_default())
}

#[derive(Deserialize)]
struct CountRow {
    n: f64,
}

/// Number of items stored.
pub async fn item_count(db: &D1Database) -> Result<u32, Error> {
    let row: Option<CountRow> = db
        .prepare("SELECT count(*) AS n FROM items")
        .first(None)
        .await
        .map_err(|e| unavailable("item count", e))?;
    Ok(row.map(|r| r.n as u32).unwrap_or(0))
}

#[derive(Deserialize)]
struct ItemRow {
    code: String,
    name: String,
    department: String,
    category: String,
    audience: String,
    kind: String,
    legal_limit_workdays: f64,
    promised_limit_workdays: f64,
    fee_fen: Option<f64>,
    fee_basis: Option<String>,
    conditions: String,
    steps: String,
    channels: String,
    tongban: String,
    rongque: f64,
    mail_delivery: f64,
    appointment: f64,
    keywords: String,
    pinyin: String,
    initials: String,
    texts: String,
}

#[derive(Deserialize)]
struct DepartmentRow {
    code: String,
    name: String,
    texts: String,
}

#[derive(Deserialize)]
struct MetaRow {
    key: String,
    value: String,
}

#[derive(Deserialize)]
struct MaterialRow {
    item_code: String,
    name: String,
    kind: String,
    copies: f64,
    required: f64,
    waivable: f64,
}

#[derive(Deserialize)]
struct PackageRow {
    code: String,
    name: String,
    theme: String,
    promised_limit_workdays: f64,
    description: String,
    texts: String,
}

#[derive(Deserialize)]
struct PackageItemRow {
    package_code: String,
    item_code: String,
}

#[derive(Deserialize)]
struct HolidayRow {
    date: String,
    kind: String,
}

#[derive(Deserialize)]
struct YearRow {
    year: f64,
}

fn rows<T: DeserializeOwned>(results: &[D1Result], i: usize, what: &str) -> Result<Vec<T>, Error> {
    results
        .get(i)
        .ok_or_else(|| unavailable(what, worker::Error::RustError("missing result".into())))?
        .results()
        .map_err(|e| unavailable(what, e))
}

/// A stored `texts` object; one stored before the catalogue had languages reads as empty (the
/// 简体 then stands in every language).
fn texts<T: DeserializeOwned + Default>(text: &str, code: &str) -> Result<Texts<T>, Error> {
    if text.trim() == "{}" {
        return Ok(Texts::default());
    }
    serde_json::from_str(text).map_err(|_| corrupt("texts", code))
}

fn corrupt(what: &str, code: &str) -> Error {
    unavailable(
        "catalogue load",
        worker::Error::RustError(format!("bad {what} in stored item {code}")),
    )
}

fn json_list<T: DeserializeOwned>(text: &str, what: &str, code: &str) -> Result<Vec<T>, Error> {
    serde_json::from_str(text).map_err(|_| corrupt(what, code))
}

/// Loads the whole catalogue in one round trip.
pub async fn load(db: &D1Database) -> Result<Directory, Error> {
    let statements = vec![
        db.prepare("SELECT code, name, texts FROM departments ORDER BY sort"),
        db.prepare(
            "SELECT code, name, department, category, audience, kind, legal_limit_workdays, \
             promised_limit_workdays, fee_fen, fee_basis, conditions, steps, channels, tongban, \
             rongque, mail_delivery, appointment, keywords, pinyin, initials, texts \
             FROM items ORDER BY sort",
        ),
        db.prepare(
            "SELECT item_code, name, kind, copies, required, waivable \
             FROM item_materials ORDER BY item_code, seq",
        ),
        db.prepare(
            "SELECT code, name, theme, promised_limit_workdays, description, texts \
             FROM packages ORDER BY sort",
        ),
        db.prepare("SELECT package_code, item_code FROM package_items ORDER BY package_code, seq"),
        db.prepare("SELECT date, kind FROM holidays ORDER BY date"),
        db.prepare("SELECT year FROM holiday_years WHERE complete = 1"),
        db.prepare("SELECT item_code, conditions, steps, updated_at FROM guide_edits"),
        db.prepare("SELECT value FROM meta WHERE key = 'catalogue_loaded_at'"),
        db.prepare(
            "SELECT key, value FROM meta \
             WHERE key IN ('hant_from', 'hant_to', 'pinyin_chars', 'pinyin_syllables')",
        ),
    ];
    let results = db
        .batch(statements)
        .await
        .map_err(|e| unavailable("catalogue load", e))?;

    let department_rows: Vec<DepartmentRow> = rows(&results, 0, "departments")?;
    let departments = department_rows
        .into_iter()
        .map(|d| {
            Ok(Department {
                texts: texts::<String>(&d.texts, &d.code)?,
                code: d.code,
                name: d.name,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let item_rows: Vec<ItemRow> = rows(&results, 1, "items")?;
    let material_rows: Vec<MaterialRow> = rows(&results, 2, "materials")?;
    let package_rows: Vec<PackageRow> = rows(&results, 3, "packages")?;
    let package_items: Vec<PackageItemRow> = rows(&results, 4, "package items")?;
    let holiday_rows: Vec<HolidayRow> = rows(&results, 5, "holidays")?;
    let year_rows: Vec<YearRow> = rows(&results, 6, "holiday years")?;
    let edit_rows: Vec<GuideEditRow> = rows(&results, 7, "guide edits")?;
    let loaded_rows: Vec<VersionRow> = rows(&results, 8, "catalogue loaded at")?;
    let meta: BTreeMap<String, String> = rows::<MetaRow>(&results, 9, "query tables")?
        .into_iter()
        .map(|r| (r.key, r.value))
        .collect();
    let stored = |a: &str, b: &str| {
        (
            meta.get(a).map(String::as_str),
            meta.get(b).map(String::as_str),
        )
    };
    let tables = QueryTables {
        simplifier: match stored("hant_from", "hant_to") {
            (Some(from), Some(to)) => {
                Simplifier::from_stored(from, to).ok_or_else(|| corrupt("hant table", "meta"))?
            }
            _ => Simplifier::default(),
        },
        sounds: match stored("pinyin_chars", "pinyin_syllables") {
            (Some(chars), Some(syllables)) => CharPinyin::from_stored(chars, syllables)
                .ok_or_else(|| corrupt("pinyin table", "meta"))?,
            _ => CharPinyin::default(),
        },
    };
    let loaded_at = loaded_rows
        .first()
        .and_then(|r| r.value.parse::<i64>().ok())
        .filter(|t| *t > 0);
    let mut edits: BTreeMap<String, GuideEditRow> = edit_rows
        .into_iter()
        .map(|e| (e.item_code.clone(), e))
        .collect();
    let mut edited = BTreeMap::new();

    let mut materials: BTreeMap<String, Vec<Material>> = BTreeMap::new();
    for m in material_rows {
        let kind = MaterialKind::parse(&m.kind).ok_or_else(|| corrupt("material", &m.item_code))?;
        materials.entry(m.item_code).or_default().push(Material {
            name: m.name,
            kind,
            copies: m.copies as u16,
            required: m.required != 0.0,
            waivable: m.waivable != 0.0,
        });
    }

    let mut pinyin = BTreeMap::new();
    let mut items = Vec::with_capacity(item_rows.len());
    for r in item_rows {
        let code = r.code;
        let kind = ItemKind::parse(&r.kind).ok_or_else(|| corrupt("kind", &code))?;
        let tongban = Tongban::parse(&r.tongban).ok_or_else(|| corrupt("tongban", &code))?;
        let audience: Vec<Audience> = json_list(&r.audience, "audience", &code)?;
        let channels: Vec<Channel> = json_list(&r.channels, "channels", &code)?;
        let fee = match (r.fee_fen, r.fee_basis) {
            (Some(fen), Some(basis)) => Some(Fee {
                amount_fen: fen as i64,
                basis,
            }),
            _ => None,
        };
        pinyin.insert(
            code.clone(),
            PinyinKeys {
                full: r.pinyin,
                initials: r.initials,
            },
        );
        let mut item_texts: Texts<ItemText> = texts(&r.texts, &code)?;
        // A content editor's edit of the guide stands over the seeded text; its translations
        // are then the seeded lines no more, and [`Item::in_lang`] shows the edited 简体.
        let (conditions, steps) = match edits.remove(&code) {
            Some(e) => {
                edited.insert(code.clone(), e.updated_at as i64);
                for t in [&mut item_texts.en, &mut item_texts.hk] {
                    t.conditions.clear();
                    t.steps.clear();
                }
                (e.conditions, e.steps)
            }
            None => (r.conditions, r.steps),
        };
        items.push(Item {
            materials: materials.remove(&code).unwrap_or_default(),
            conditions: json_list(&conditions, "conditions", &code)?,
            steps: json_list(&steps, "steps", &code)?,
            keywords: json_list(&r.keywords, "keywords", &code)?,
            name: r.name,
            department: r.department,
            category: r.category,
            audience,
            kind,
            legal_limit_workdays: r.legal_limit_workdays as u16,
            promised_limit_workdays: r.promised_limit_workdays as u16,
            fee,
            channels,
            tongban,
            rongque: r.rongque != 0.0,
            mail_delivery: r.mail_delivery != 0.0,
            appointment: r.appointment != 0.0,
            texts: item_texts,
            code,
        });
    }

    let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pi in package_items {
        members
            .entry(pi.package_code)
            .or_default()
            .push(pi.item_code);
    }
    let packages = package_rows
        .into_iter()
        .map(|p| {
            Ok(Package {
                items: members.remove(&p.code).unwrap_or_default(),
                texts: texts::<PackageText>(&p.texts, &p.code)?,
                code: p.code,
                name: p.name,
                theme: p.theme,
                promised_limit_workdays: p.promised_limit_workdays as u16,
                description: p.description,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;

    let (mut off, mut workday) = (Vec::new(), Vec::new());
    for h in holiday_rows {
        let date = Date::parse(&h.date).ok_or_else(|| corrupt("holiday", &h.date))?;
        if h.kind == "workday" {
            workday.push(date);
        } else {
            off.push(date);
        }
    }
    let calendar = hall_domain::calendar::Calendar::new(
        off,
        workday,
        year_rows.into_iter().map(|y| y.year as i32),
    );
    Ok(
        Directory::new(departments, items, packages, calendar, pinyin, tables)
            .with_times(loaded_at, edited),
    )
}

#[derive(Deserialize)]
struct GuideEditRow {
    item_code: String,
    conditions: String,
    steps: String,
    updated_at: f64,
}
