//! The catalogue loader: validates the seed file with the domain's parser, writes one SQL
//! script of upserts, and runs it with `wrangler d1 execute`.
//!
//! Re-running it duplicates nothing: rows are keyed by code and upserted; an item's materials
//! and a package's members are replaced as a whole. Items missing from a newer file are kept,
//! since records elsewhere may refer to them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hall_domain::directory::pinyin_of;
use hall_domain::seed::{self, SeedCatalogue};

use crate::tools::Tools;
use crate::{run, step, Result, StepError};

/// Which database to load.
#[derive(Clone)]
pub enum Target {
    /// The local D1 of `wrangler dev`, persisted in this directory.
    Local(PathBuf),
    /// The D1 database on Cloudflare (needs `wrangler login`).
    Remote,
}

/// Validates `file` and loads it into the target database.
pub fn load(root: &Path, tools: &Tools, target: Target, file: &Path) -> Result<()> {
    step(&format!("loading the catalogue from {}", file.display()));
    let json = std::fs::read_to_string(file)
        .map_err(|e| StepError(format!("reading {}: {e}", file.display())))?;
    let catalogue = seed::parse(&json).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        StepError(format!(
            "{} is not a valid catalogue ({} problems):\n{}",
            file.display(),
            errors.len(),
            list.join("\n")
        ))
    })?;
    let sql = to_sql(&catalogue, &version_of(&json));
    let out = root.join("target/seed.sql");
    std::fs::create_dir_all(root.join("target"))?;
    std::fs::write(&out, sql)?;
    println!(
        "    {} departments, {} items, {} packages, {} holiday years",
        catalogue.departments.len(),
        catalogue.items.len(),
        catalogue.packages.len(),
        catalogue.holidays.len()
    );
    execute(root, tools, &target, &out, "d1 execute (seed)")
}

/// Runs a SQL file against the target database with `wrangler d1 execute`.
pub fn execute(root: &Path, tools: &Tools, target: &Target, file: &Path, what: &str) -> Result<()> {
    let mut cmd = tools.wrangler(root);
    cmd.args(["d1", "execute", "hall", "--file"]).arg(file);
    match target {
        Target::Local(dir) => {
            cmd.args(["--local", "--persist-to"]).arg(dir);
        }
        Target::Remote => {
            cmd.arg("--remote");
        }
    }
    // wrangler prints one JSON result per statement: keep its errors, drop the rest.
    cmd.stdout(std::process::Stdio::null());
    run(what, &mut cmd)
}

/// A short content hash: the same file gives the same catalogue version.
fn version_of(json: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A SQL string literal.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn json_text<T: serde::Serialize>(v: &T) -> String {
    q(&serde_json::to_string(v).unwrap_or_else(|_| "[]".into()))
}

fn flag(b: bool) -> u8 {
    u8::from(b)
}

/// The whole load as one SQL script.
pub fn to_sql(c: &SeedCatalogue, version: &str) -> String {
    // The 繁體 texts and the 繁體 → 简体 query table are made here, from the 简体, by OpenCC.
    let c = &hall_domain::seed::with_hk(c.clone());
    let tables = hall_domain::directory::QueryTables::for_seed(c);
    let mut s = String::new();
    for (i, d) in c.departments.iter().enumerate() {
        let _ = writeln!(
            s,
            "INSERT INTO departments (code, name, sort, texts) VALUES ({}, {}, {i}, {}) \
             ON CONFLICT(code) DO UPDATE SET name = excluded.name, sort = excluded.sort, \
             texts = excluded.texts;",
            q(&d.code),
            q(&d.name),
            json_text(&d.texts)
        );
    }
    for (i, it) in c.items.iter().enumerate() {
        let keys = pinyin_of(it);
        let (fee_fen, fee_basis) = match &it.fee {
            Some(f) => (f.amount_fen.to_string(), q(&f.basis)),
            None => ("NULL".into(), "NULL".into()),
        };
        let _ = writeln!(
            s,
            "INSERT INTO items (code, name, department, category, audience, kind, legal_limit_workdays, \
             promised_limit_workdays, fee_fen, fee_basis, conditions, steps, channels, tongban, rongque, \
             mail_delivery, appointment, keywords, pinyin, initials, texts, sort) VALUES \
             ({}, {}, {}, {}, {}, {}, {}, {}, {fee_fen}, {fee_basis}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {i}) \
             ON CONFLICT(code) DO UPDATE SET name = excluded.name, department = excluded.department, \
             category = excluded.category, audience = excluded.audience, kind = excluded.kind, \
             legal_limit_workdays = excluded.legal_limit_workdays, \
             promised_limit_workdays = excluded.promised_limit_workdays, fee_fen = excluded.fee_fen, \
             fee_basis = excluded.fee_basis, conditions = excluded.conditions, steps = excluded.steps, \
             channels = excluded.channels, tongban = excluded.tongban, rongque = excluded.rongque, \
             mail_delivery = excluded.mail_delivery, appointment = excluded.appointment, \
             keywords = excluded.keywords, pinyin = excluded.pinyin, initials = excluded.initials, \
             texts = excluded.texts, sort = excluded.sort;",
            q(&it.code),
            q(&it.name),
            q(&it.department),
            q(&it.category),
            json_text(&it.audience),
            q(it.kind.label()),
            it.legal_limit_workdays,
            it.promised_limit_workdays,
            json_text(&it.conditions),
            json_text(&it.steps),
            json_text(&it.channels),
            q(it.tongban.label()),
            flag(it.rongque),
            flag(it.mail_delivery),
            flag(it.appointment),
            json_text(&it.keywords),
            q(&keys.full),
            q(&keys.initials),
            json_text(&it.texts),
        );
        let _ = writeln!(
            s,
            "DELETE FROM item_materials WHERE item_code = {};",
            q(&it.code)
        );
        for (j, m) in it.materials.iter().enumerate() {
            let _ = writeln!(
                s,
                "INSERT INTO item_materials (item_code, seq, name, kind, copies, required, waivable) \
                 VALUES ({}, {j}, {}, {}, {}, {}, {});",
                q(&it.code),
                q(&m.name),
                q(m.kind.label()),
                m.copies,
                flag(m.required),
                flag(m.waivable)
            );
        }
    }
    for (i, p) in c.packages.iter().enumerate() {
        let _ = writeln!(
            s,
            "INSERT INTO packages (code, name, theme, promised_limit_workdays, description, texts, sort) \
             VALUES ({}, {}, {}, {}, {}, {}, {i}) ON CONFLICT(code) DO UPDATE SET name = excluded.name, \
             theme = excluded.theme, promised_limit_workdays = excluded.promised_limit_workdays, \
             description = excluded.description, texts = excluded.texts, sort = excluded.sort;",
            q(&p.code),
            q(&p.name),
            q(&p.theme),
            p.promised_limit_workdays,
            q(&p.description),
            json_text(&p.texts)
        );
        let _ = writeln!(
            s,
            "DELETE FROM package_items WHERE package_code = {};",
            q(&p.code)
        );
        for (j, code) in p.items.iter().enumerate() {
            let _ = writeln!(
                s,
                "INSERT INTO package_items (package_code, seq, item_code) VALUES ({}, {j}, {});",
                q(&p.code),
                q(code)
            );
        }
    }
    for y in &c.holidays {
        let _ = writeln!(
            s,
            "INSERT INTO holiday_years (year, source, complete) VALUES ({}, {}, {}) \
             ON CONFLICT(year) DO UPDATE SET source = excluded.source, complete = excluded.complete;",
            y.year,
            q(&y.source),
            flag(y.complete)
        );
        let _ = writeln!(s, "DELETE FROM holidays WHERE year = {};", y.year);
        for (kind, dates) in [("off", &y.off), ("workday", &y.workday)] {
            for d in dates {
                let _ = writeln!(
                    s,
                    "INSERT INTO holidays (date, year, kind) VALUES ({}, {}, {});",
                    q(&d.to_string()),
                    y.year,
                    q(kind)
                );
            }
        }
    }
    // A guide's "last updated" is this load's time unless the seed file is the one loaded
    // before (content editors' edits change the version, not the seed).
    let _ = writeln!(
        s,
        "UPDATE meta SET value = CAST(strftime('%s', 'now') AS TEXT) \
         WHERE key = 'catalogue_loaded_at' AND NOT EXISTS \
         (SELECT 1 FROM meta WHERE key = 'catalogue_seed' AND value = {0});\n\
         INSERT INTO meta (key, value) VALUES ('catalogue_seed', {0}) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
        q(version)
    );
    let (from, to) = tables.simplifier.stored();
    let (chars, syllables) = tables.sounds.stored();
    let _ = writeln!(
        s,
        "INSERT INTO meta (key, value) VALUES ('hant_from', {}), ('hant_to', {}), \
         ('pinyin_chars', {}), ('pinyin_syllables', {}) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
        q(&from),
        q(&to),
        q(&chars),
        q(&syllables)
    );
    let _ = writeln!(
        s,
        "UPDATE meta SET value = {} WHERE key = 'catalogue_version';",
        q(version)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_escaped() {
        assert_eq!(q("it's"), "'it''s'");
    }

    #[test]
    fn script_upserts_every_row_and_bumps_the_version() {
        let json = include_str!("../../seed/service-items.json");
        let c = seed::parse(json).unwrap();
        let sql = to_sql(&c, &version_of(json));
        assert_eq!(sql.matches("INSERT INTO items ").count(), 99);
        assert_eq!(
            sql.matches("ON CONFLICT(code) DO UPDATE").count(),
            14 + 99 + 5
        );
        assert!(sql.contains("DELETE FROM item_materials WHERE item_code = 'GA-HZ-004';"));
        assert!(sql.ends_with("WHERE key = 'catalogue_version';\n"));
        // Pinyin keys are computed for search.
        assert!(sql.contains("'putonghuzhaoqianfa"));
        assert_eq!(version_of(json), version_of(json));
        assert_ne!(version_of(json), version_of("{}"));
    }

    /// The hall set-up (not yet loaded into D1: bookings come next) is valid against the
    /// catalogue, groups every item, and offers places for every bookable item in the city hall.
    #[test]
    fn the_hall_setup_fits_the_catalogue() {
        let c = seed::parse(include_str!("../../seed/service-items.json")).unwrap();
        let codes = c.items.iter().map(|i| i.code.clone()).collect();
        let setup =
            hall_domain::hall_setup::HallSetup::parse(include_str!("../../seed/hall.json"), &codes)
                .unwrap();
        for item in &c.items {
            let group = setup.group_of(&item.code).unwrap();
            if item.appointment {
                assert!(setup.places("city", group.code) > 0, "{}", item.code);
            }
        }
        assert_eq!(setup.halls.len(), 3);
    }
}
