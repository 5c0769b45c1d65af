//! Staff two-factor secrets (sealed: `hall_domain::sealed`) and recovery codes (hashed).

use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{batch, exec, first, n, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct TotpRow {
    pub secret: String,
    pub enabled_at: Option<f64>,
    pub last_step: Option<f64>,
}

pub async fn get(db: &D1Database, staff_id: &str) -> Result<Option<TotpRow>, Error> {
    first(
        db,
        "totp",
        "SELECT secret, enabled_at, last_step FROM staff_totp WHERE staff_id = ?1",
        &[s(staff_id)],
    )
    .await
}

/// Stores a new pending secret, replacing a pending one (an enabled one stays).
pub async fn put_pending(
    db: &D1Database,
    staff_id: &str,
    secret: &str,
    now: i64,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "totp pending",
        "INSERT INTO staff_totp (staff_id, secret, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (staff_id) DO UPDATE SET secret = ?2, created_at = ?3, last_step = NULL
         WHERE enabled_at IS NULL",
        &[s(staff_id), s(secret), n(now)],
    )
    .await?;
    Ok(changed == 1)
}

/// Enables the pending secret with the step its first code used, and stores the recovery
/// codes' hashes, in one transaction; false if it was enabled meanwhile.
pub async fn enable(
    db: &D1Database,
    staff_id: &str,
    step: i64,
    recovery_hashes: &[String],
    now: i64,
) -> Result<(), Error> {
    let mut stmts = vec![
        stmt(
            db,
            "UPDATE staff_totp SET enabled_at = ?2, last_step = ?3
             WHERE staff_id = ?1 AND enabled_at IS NULL",
            &[s(staff_id), n(now), n(step)],
        )?,
        stmt(
            db,
            "DELETE FROM staff_recovery_codes WHERE staff_id = ?1",
            &[s(staff_id)],
        )?,
    ];
    for h in recovery_hashes {
        stmts.push(stmt(
            db,
            "INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES (?1, ?2)",
            &[s(staff_id), s(h)],
        )?);
    }
    batch(db, "totp enable", stmts).await
}

/// Takes a code's step in one statement: false when this step or a later one was used.
pub async fn use_step(db: &D1Database, staff_id: &str, step: i64) -> Result<bool, Error> {
    let changed = exec(
        db,
        "totp step",
        "UPDATE staff_totp SET last_step = ?2
         WHERE staff_id = ?1 AND enabled_at IS NOT NULL AND (last_step IS NULL OR last_step < ?2)",
        &[s(staff_id), n(step)],
    )
    .await?;
    Ok(changed == 1)
}

/// Uses a recovery code in one statement: false when it is unknown or used.
pub async fn use_recovery(
    db: &D1Database,
    staff_id: &str,
    hash: &str,
    now: i64,
) -> Result<bool, Error> {
    let changed = exec(
        db,
        "totp recovery",
        "UPDATE staff_recovery_codes SET used_at = ?3
         WHERE staff_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
        &[s(staff_id), s(hash), n(now)],
    )
    .await?;
    Ok(changed == 1)
}

/// Replaces a secret stored in clear (before sealing began) by its sealed form, in one
/// statement: nothing changes if the row was replaced meanwhile.
pub async fn reseal(
    db: &D1Database,
    staff_id: &str,
    clear: &str,
    sealed: &str,
) -> Result<(), Error> {
    exec(
        db,
        "totp reseal",
        "UPDATE staff_totp SET secret = ?3 WHERE staff_id = ?1 AND secret = ?2",
        &[s(staff_id), s(clear), s(sealed)],
    )
    .await?;
    Ok(())
}
