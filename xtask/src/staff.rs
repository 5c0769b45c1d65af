//! Demonstration staff accounts for local development and tests (`seed/staff.json`). Passwords
//! are hashed here with PBKDF2-SHA256 in the format the Worker verifies through WebCrypto.

use std::io::Read;
use std::path::Path;

use hall_domain::access::Role;
use hall_domain::account::{
    check_new_password, validate_username, PasswordHash, PBKDF2_ITERATIONS,
};
use serde::Deserialize;

use crate::{Result, StepError};

#[derive(Deserialize)]
struct File {
    password: String,
    staff: Vec<Demo>,
}

#[derive(Deserialize)]
struct Demo {
    username: String,
    display_name: String,
    roles: Vec<Role>,
    departments: Vec<String>,
    windows: Vec<String>,
}

fn urandom(n: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0; n];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut buf)?;
    Ok(buf)
}

/// The stored hash of a password, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String> {
    let salt = urandom(16)?;
    let mut hash = vec![0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, PBKDF2_ITERATIONS, &mut hash);
    Ok(PasswordHash {
        iterations: PBKDF2_ITERATIONS,
        salt,
        hash,
    }
    .encode())
}

/// A stable id for a demonstration account (FNV-1a of the username).
fn demo_id(username: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in username.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("s_{h:016x}")
}

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Upserts the demonstration accounts: each gets the demo password back, unlocked, enabled and
/// marked for a password change, with exactly the listed assignments.
pub fn to_sql(file: &Path, now: i64) -> Result<String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| StepError(format!("reading {}: {e}", file.display())))?;
    let demo: File =
        serde_json::from_str(&text).map_err(|e| StepError(format!("{}: {e}", file.display())))?;
    // One hash for the shared demonstration password keeps loading quick.
    let hash = hash_password(&demo.password)?;
    let mut sql = String::new();
    for s in &demo.staff {
        let username = validate_username(&s.username)
            .ok_or_else(|| StepError(format!("bad demo username {}", s.username)))?;
        check_new_password(&username, None, &demo.password)
            .map_err(|p| StepError(format!("demo password: {}", p.message_en())))?;
        let id = demo_id(&username);
        sql.push_str(&format!(
            "INSERT INTO staff (id, username, display_name, password_hash, must_change_password, created_at, updated_at) \
             VALUES ({id}, {u}, {n}, {h}, 1, {now}, {now}) \
             ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash, \
             must_change_password = 1, failed_attempts = 0, locked_until = NULL, disabled = 0, updated_at = {now};\n",
            id = q(&id),
            u = q(&username),
            n = q(&s.display_name),
            h = q(&hash),
        ));
        for table in ["staff_roles", "staff_departments", "staff_windows"] {
            sql.push_str(&format!(
                "DELETE FROM {table} WHERE staff_id = {};\n",
                q(&id)
            ));
        }
        for r in &s.roles {
            sql.push_str(&format!(
                "INSERT INTO staff_roles (staff_id, role) VALUES ({}, {});\n",
                q(&id),
                q(r.as_str())
            ));
        }
        for d in &s.departments {
            sql.push_str(&format!(
                "INSERT INTO staff_departments (staff_id, department_code) VALUES ({}, {});\n",
                q(&id),
                q(d)
            ));
        }
        for w in &s.windows {
            let (hall, code) = hall_domain::hall_setup::parse_assignment(w)
                .ok_or_else(|| StepError(format!("{}: window {w} is not hall/code", s.username)))?;
            sql.push_str(&format!(
                "INSERT INTO staff_windows (staff_id, hall_code, window_code) VALUES ({}, {}, {});\n",
                q(&id),
                q(&hall),
                q(&code)
            ));
        }
    }
    Ok(sql)
}

/// A random initial password: 16 letters and digits, at least one of each.
pub fn random_password() -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    loop {
        let bytes = urandom(16)?;
        let p: String = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect();
        if p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(|c| c.is_ascii_alphabetic()) {
            return Ok(p);
        }
    }
}

/// The administrator role `cargo xtask admin --role` names: system, security or audit.
pub fn administrator_role(kind: &str) -> Option<Role> {
    let name = format!("{kind}_administrator");
    Role::ADMINISTRATORS
        .into_iter()
        .find(|r| r.as_str() == name)
}

/// The SQL that creates an administrator account of `role` (must change the password at first
/// sign-in). Refuses to replace an existing account of that name.
pub fn admin_sql(username: &str, role: Role, password: &str, now: i64) -> Result<String> {
    let username = validate_username(username)
        .ok_or_else(|| StepError(format!("{username} is not a valid username")))?;
    check_new_password(&username, None, password)
        .map_err(|p| StepError(p.message_en().to_string()))?;
    let id = format!("s_{}", hall_domain::account::to_hex(&urandom(8)?));
    let hash = hash_password(password)?;
    Ok(format!(
        "INSERT INTO staff (id, username, display_name, password_hash, must_change_password, created_at, updated_at) \
         VALUES ({id}, {u}, {n}, {h}, 1, {now}, {now});\n\
         INSERT INTO staff_roles (staff_id, role) VALUES ({id}, {r});\n",
        id = q(&id),
        u = q(&username),
        n = q(role.label()),
        r = q(role.as_str()),
        h = q(&hash),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash_password("Hall2026demo").unwrap();
        let b = hash_password("Hall2026demo").unwrap();
        assert_ne!(a, b);
        let h = PasswordHash::parse(&a).unwrap();
        let mut again = vec![0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"Hall2026demo", &h.salt, h.iterations, &mut again);
        assert_eq!(again, h.hash);
    }

    #[test]
    fn pbkdf2_matches_the_rfc_7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64.
        let mut out = [0u8; 64];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"passwd", b"salt", 1, &mut out);
        assert_eq!(hall_domain::account::to_hex(&out[..8]), "55ac046e56e3089f");
    }

    #[test]
    fn first_administrator() {
        let p = random_password().unwrap();
        assert_eq!(p.len(), 16);
        assert!(check_new_password("root.admin", None, &p).is_ok());
        let sql = admin_sql("Root.Admin", Role::SystemAdministrator, &p, 1).unwrap();
        assert!(sql.contains("'root.admin'") && sql.contains("'system_administrator'"));
        assert!(!sql.contains(&p));
        assert!(admin_sql("x", Role::SystemAdministrator, &p, 1).is_err());
        let audit = administrator_role("audit").unwrap();
        assert!(admin_sql("root.audit", audit, &p, 1)
            .unwrap()
            .contains("'audit_administrator'"));
        assert_eq!(administrator_role("root"), None);
    }

    #[test]
    fn the_demo_file_gives_every_role() {
        let root = crate::root();
        let sql = to_sql(&root.join("seed/staff.json"), 0).unwrap();
        for role in Role::ALL {
            assert!(sql.contains(&format!("'{}'", role.as_str())), "{role:?}");
        }
        assert_eq!(demo_id("admin"), demo_id("admin"));
    }
}
