//! The hall's kiosks and the hashes of their keys (`kiosk_devices`).

use hall_domain::dto::KioskDevice;
use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{all, batch, first, n, opt, s, stmt};

#[derive(Debug, Clone, Deserialize)]
pub struct DeviceRow {
    pub id: String,
    pub hall_code: String,
    pub name: String,
    pub registered_at: f64,
    pub registered_by: String,
    pub registered_name: Option<String>,
    pub revoked_at: Option<f64>,
    pub revoked_name: Option<String>,
}

impl DeviceRow {
    pub fn view(&self) -> KioskDevice {
        KioskDevice {
            id: self.id.clone(),
            hall_code: self.hall_code.clone(),
            name: self.name.clone(),
            registered_at: self.registered_at as i64,
            registered_by: self
                .registered_name
                .clone()
                .unwrap_or_else(|| self.registered_by.clone()),
            revoked_at: self.revoked_at.map(|t| t as i64),
            revoked_by: self.revoked_name.clone(),
        }
    }
}

const SELECT: &str = "SELECT d.id, d.hall_code, d.name, d.registered_at, d.registered_by,
        r.display_name AS registered_name, d.revoked_at, v.display_name AS revoked_name
   FROM kiosk_devices d
   LEFT JOIN staff r ON r.id = d.registered_by
   LEFT JOIN staff v ON v.id = d.revoked_by";

/// The hall's devices, newest first, revoked ones too.
pub async fn list(db: &D1Database, hall: &str) -> Result<Vec<DeviceRow>, Error> {
    all(
        db,
        "devices",
        &format!("{SELECT} WHERE d.hall_code = ?1 ORDER BY d.registered_at DESC, d.id"),
        &[s(hall)],
    )
    .await
}

pub async fn get(db: &D1Database, hall: &str, id: &str) -> Result<Option<DeviceRow>, Error> {
    first(
        db,
        "device",
        &format!("{SELECT} WHERE d.hall_code = ?1 AND d.id = ?2"),
        &[s(hall), s(id)],
    )
    .await
}

/// The device a registration request (its scoped idempotency key) created.
pub async fn by_request(db: &D1Database, request_key: &str) -> Result<Option<DeviceRow>, Error> {
    first(
        db,
        "device by request",
        &format!("{SELECT} WHERE d.request_key = ?1"),
        &[s(request_key)],
    )
    .await
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

/// The id of the live device of `hall` whose key hashes to `key_hash`.
pub async fn live(db: &D1Database, hall: &str, key_hash: &str) -> Result<Option<String>, Error> {
    let row: Option<Id> = first(
        db,
        "device key",
        "SELECT id FROM kiosk_devices
          WHERE key_hash = ?1 AND hall_code = ?2 AND revoked_at IS NULL",
        &[s(key_hash), s(hall)],
    )
    .await?;
    Ok(row.map(|r| r.id))
}

pub struct NewDevice<'a> {
    pub id: &'a str,
    pub hall: &'a str,
    pub name: &'a str,
    pub key_hash: &'a str,
    pub request_key: &'a str,
    pub staff_id: &'a str,
    pub now: i64,
}

/// Registers the device with its audit entry, in one transaction.
pub async fn register(
    db: &D1Database,
    d: &NewDevice<'_>,
    audit: D1PreparedStatement,
) -> Result<(), Error> {
    let insert = stmt(
        db,
        "INSERT INTO kiosk_devices (id, hall_code, name, key_hash, registered_at, registered_by,
                                    request_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            s(d.id),
            s(d.hall),
            s(d.name),
            s(d.key_hash),
            n(d.now),
            s(d.staff_id),
            opt(Some(d.request_key)),
        ],
    )?;
    batch(db, "device register", vec![insert, audit]).await
}

/// Revokes the device with its audit entry, in one transaction; a device revoked already keeps
/// its first revocation.
pub async fn revoke(
    db: &D1Database,
    id: &str,
    staff_id: &str,
    now: i64,
    audit: D1PreparedStatement,
) -> Result<(), Error> {
    let update = stmt(
        db,
        "UPDATE kiosk_devices SET revoked_at = ?2, revoked_by = ?3
          WHERE id = ?1 AND revoked_at IS NULL",
        &[s(id), n(now), s(staff_id)],
    )?;
    batch(db, "device revoke", vec![update, audit]).await
}
