//! The backup round trip the test command proves: the local database is exported with
//! `wrangler d1 export` (as production is, see README.md "Backups"), imported into a fresh
//! database, and every table's row count is compared.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{step, tools, Result, StepError};

/// Rows of every table of the local database in `persist`.
fn row_counts(root: &Path, tools: &tools::Tools, persist: &Path) -> Result<BTreeMap<String, u64>> {
    let tables = query(
        root,
        tools,
        persist,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_cf_%' ORDER BY name",
    )?;
    let names: Vec<String> = tables
        .iter()
        .filter_map(|r| r["name"].as_str().map(str::to_string))
        .collect();
    if names.is_empty() {
        return Err(StepError(format!("no tables in {}", persist.display())));
    }
    let sql = names
        .iter()
        .map(|t| format!("SELECT '{t}' AS t, count(*) AS n FROM \"{t}\""))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    Ok(query(root, tools, persist, &sql)?
        .iter()
        .filter_map(|r| Some((r["t"].as_str()?.to_string(), r["n"].as_u64()?)))
        .collect())
}

fn query(
    root: &Path,
    tools: &tools::Tools,
    persist: &Path,
    sql: &str,
) -> Result<Vec<serde_json::Value>> {
    let out = tools
        .wrangler(root)
        .args(["d1", "execute", "hall", "--local", "--json", "--persist-to"])
        .arg(persist)
        .args(["--command", sql])
        .output()?;
    if !out.status.success() {
        return Err(StepError(format!(
            "d1 execute failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| StepError(format!("d1 execute answered no JSON ({e})")))?;
    Ok(v[0]["results"].as_array().cloned().unwrap_or_default())
}

/// Exports `persist`, imports the dump into a fresh database and compares every table.
pub fn round_trip(root: &Path, tools: &tools::Tools, persist: &Path) -> Result<()> {
    step("backup: wrangler d1 export, import into a fresh database, compare every table");
    let dump = root.join("target/backup.sql");
    crate::run(
        "d1 export",
        tools
            .wrangler(root)
            .args(["d1", "export", "hall", "--local", "--persist-to"])
            .arg(persist)
            .arg("--output")
            .arg(&dump),
    )?;
    let fresh = root.join("target/backup-restored");
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh)?;
    }
    crate::run(
        "d1 execute (restore)",
        tools
            .wrangler(root)
            .args(["d1", "execute", "hall", "--local", "--yes", "--persist-to"])
            .arg(&fresh)
            .arg("--file")
            .arg(&dump),
    )?;
    let (before, after) = (
        row_counts(root, tools, persist)?,
        row_counts(root, tools, &fresh)?,
    );
    let differ: Vec<String> = before
        .iter()
        .filter(|(t, n)| after.get(*t) != Some(n))
        .map(|(t, n)| format!("{t}: {n} before, {:?} after", after.get(t)))
        .chain(
            after
                .keys()
                .filter(|t| !before.contains_key(*t))
                .map(|t| format!("{t}: only in the restored database")),
        )
        .collect();
    if !differ.is_empty() {
        return Err(StepError(format!(
            "the restored database differs:\n{}",
            differ.join("\n")
        )));
    }
    let rows: u64 = before.values().sum();
    let size = std::fs::metadata(&dump).map(|m| m.len()).unwrap_or(0);
    println!(
        "    {} tables, {rows} rows exported ({:.1} MB of SQL) and restored with the same count in each",
        before.len(),
        size as f64 / 1e6
    );
    Ok(())
}
