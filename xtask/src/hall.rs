//! The hall set-up loader (`seed/hall.json`): halls, item groups, windows and places per slot,
//! validated against the catalogue, written as one upsert script. Bookings are never touched.

use std::collections::BTreeSet;
use std::path::Path;

use hall_domain::hall_setup::HallSetup;

use crate::{Result, StepError};

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Reads and validates the set-up against the catalogue file's item codes.
pub fn read(file: &Path, catalogue: &Path) -> Result<HallSetup> {
    let json = std::fs::read_to_string(file)
        .map_err(|e| StepError(format!("reading {}: {e}", file.display())))?;
    let cat = std::fs::read_to_string(catalogue)?;
    let cat = hall_domain::seed::parse(&cat)
        .map_err(|_| StepError(format!("{} is not a valid catalogue", catalogue.display())))?;
    let codes: BTreeSet<String> = cat.items.iter().map(|i| i.code.clone()).collect();
    HallSetup::parse(&json, &codes).map_err(|problems| {
        StepError(format!(
            "{} is not a valid hall set-up:\n  - {}",
            file.display(),
            problems.join("\n  - ")
        ))
    })
}

/// The upsert script. Groups' items, capacity and windows are replaced as a whole.
pub fn to_sql(setup: &HallSetup) -> String {
    let mut sql = String::new();
    for (i, h) in setup.halls.iter().enumerate() {
        let periods = serde_json::to_string(&h.periods).unwrap_or_else(|_| "[]".into());
        sql.push_str(&format!(
            "INSERT INTO halls (code, name, address, area, periods, sort) VALUES ({}, {}, {}, {}, {}, {i}) \
             ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = excluded.address, \
             area = excluded.area, periods = excluded.periods, sort = excluded.sort;\n",
            q(&h.code), q(&h.name), q(&h.address), q(&h.area), q(&periods)
        ));
    }
    sql.push_str(
        "DELETE FROM item_group_items;\nDELETE FROM booking_capacity;\nDELETE FROM windows;\n",
    );
    for g in &setup.groups {
        let code = g.code.to_string();
        sql.push_str(&format!(
            "INSERT INTO item_groups (code, name) VALUES ({}, {}) ON CONFLICT(code) DO UPDATE SET name = excluded.name;\n",
            q(&code), q(&g.name)
        ));
        for item in &g.items {
            sql.push_str(&format!(
                "INSERT INTO item_group_items (group_code, item_code) VALUES ({}, {});\n",
                q(&code),
                q(item)
            ));
        }
    }
    for c in &setup.capacity {
        sql.push_str(&format!(
            "INSERT INTO booking_capacity (hall_code, group_code, places) VALUES ({}, {}, {});\n",
            q(&c.hall),
            q(&c.group.to_string()),
            c.places
        ));
    }
    for w in &setup.windows {
        let groups: String = w.groups.iter().collect();
        sql.push_str(&format!(
            "INSERT INTO windows (hall_code, code, name, groups) VALUES ({}, {}, {}, {});\n",
            q(&w.hall),
            q(&w.code),
            q(&w.name),
            q(&groups)
        ));
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_setup_becomes_one_script() {
        let root = crate::root();
        let setup = read(
            &root.join("seed/hall.json"),
            &root.join("seed/service-items.json"),
        )
        .unwrap();
        let sql = to_sql(&setup);
        assert_eq!(sql.matches("INSERT INTO halls").count(), 3);
        assert_eq!(sql.matches("INSERT INTO item_group_items").count(), 99);
        assert!(sql.contains("'[{\"start\":\"09:00\",\"end\":\"12:00\"}"));
    }
}
