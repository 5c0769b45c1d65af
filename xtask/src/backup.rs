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
    // One statement per table (D1 refuses a compound SELECT of this many terms), all in one
    // call.
    let sql = names
        .iter()
        .map(|t| format!("SELECT '{t}' AS t, count(*) AS n FROM \"{t}\";"))
        .collect::<String>();
    Ok(statements(root, tools, persist, &sql)?
        .iter()
        .flat_map(|s| s["results"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| Some((r["t"].as_str()?.to_string(), r["n"].as_u64()?)))
        .collect())
}

/// The rows of the first statement of `sql`.
fn query(
    root: &Path,
    tools: &tools::Tools,
    persist: &Path,
    sql: &str,
) -> Result<Vec<serde_json::Value>> {
    Ok(statements(root, tools, persist, sql)?
        .first()
        .and_then(|s| s["results"].as_array().cloned())
        .unwrap_or_default())
}

/// Runs `sql` (one or more statements) on the local database in `persist`; one answer per
/// statement.
fn statements(
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
            "d1 execute failed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        )));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| StepError(format!("d1 execute answered no JSON ({e})")))?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

/// Exports `persist`, imports the dump into a fresh database and compares every table.
/// `enrolled`: the database holds staff who enrolled two-factor sign-in (the test run's does), so
/// finding no TOTP secret in the export is a failure too.
pub fn round_trip(root: &Path, tools: &tools::Tools, persist: &Path, enrolled: bool) -> Result<()> {
    step("backup: wrangler d1 export, import into a fresh database, compare every table");
    let dump = root.join("target/backup.sql");
    // `d1 export --local` takes no `--persist-to`: it reads the database kept beside its
    // configuration file (`.wrangler/state`). Export from a copy placed there, under a
    // configuration that holds only the database binding.
    let source = root.join("target/backup-source");
    if source.exists() {
        std::fs::remove_dir_all(&source)?;
    }
    copy_dir(persist, &source.join(".wrangler/state"))?;
    let config = source.join("wrangler.toml");
    std::fs::write(
        &config,
        d1_only_config(&std::fs::read_to_string(root.join("wrangler.toml"))?)?,
    )?;
    // A whole-database export lists tables in creation order, and a column added later
    // may name a table created after its own (`applications.joint_id` names
    // `joint_applications`): the import then fails with "no such table". The backup is
    // therefore the schema first, then the rows.
    let mut sql = String::new();
    for (part, flag) in [("schema", "--no-data"), ("rows", "--no-schema")] {
        let out = root.join(format!("target/backup-{part}.sql"));
        crate::run(
            &format!("d1 export ({part})"),
            tools
                .wrangler(root)
                .args(["d1", "export", "hall", "--local", flag, "--config"])
                .arg(&config)
                .arg("--output")
                .arg(&out),
        )?;
        sql.push_str(&std::fs::read_to_string(&out)?);
        sql.push('\n');
        std::fs::remove_file(&out)?;
    }
    std::fs::write(&dump, sql)?;
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
    // What the export holds: no TOTP secret in clear.
    let totp = query(
        root,
        tools,
        &fresh,
        "SELECT count(*) AS n, coalesce(sum(secret LIKE 'v1.%'), 0) AS sealed FROM staff_totp",
    )?;
    let count = |k: &str| totp.first().and_then(|r| r[k].as_u64()).unwrap_or(0);
    let (secrets, sealed) = (count("n"), count("sealed"));
    if sealed != secrets || (enrolled && secrets == 0) {
        return Err(StepError(format!(
            "the export holds {secrets} TOTP secrets, {sealed} of them sealed"
        )));
    }
    println!("    {secrets} staff TOTP secrets in the export, all sealed (AES-256-GCM)");
    let rows: u64 = before.values().sum();
    let size = std::fs::metadata(&dump).map(|m| m.len()).unwrap_or(0);
    println!(
        "    {} tables, {rows} rows exported ({:.1} MB of SQL) and restored with the same count in each",
        before.len(),
        size as f64 / 1e6
    );
    Ok(())
}

/// The project's `wrangler.toml` cut to its name, date and `[[d1_databases]]` table.
fn d1_only_config(full: &str) -> Result<String> {
    let mut out = String::new();
    let (mut in_d1, mut in_table) = (false, false);
    for line in full.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_table = true;
            in_d1 = t == "[[d1_databases]]";
        }
        let top = !in_table && (t.starts_with("name ") || t.starts_with("compatibility_date "));
        if (in_d1 || top) && !t.starts_with('#') && !t.starts_with("migrations_dir") {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !out.contains("[[d1_databases]]") {
        return Err(StepError("wrangler.toml declares no D1 database".into()));
    }
    Ok(out)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
