//! The hall's kiosks (rules in `hall_domain::device`): the hall manager registers one for a
//! hall and gets its key once, lists them and revokes them; the kiosk routes ask [`Kiosk`] who
//! is calling and count what it does.

use hall_domain::device::{clean_name, kiosk_counter, well_formed, KEY_PREFIX, MAX_NAME_CHARS};
use hall_domain::dto::{DeviceRegistered, DeviceRegistration, KioskDeviceList};
use hall_domain::error::FieldError;
use hall_domain::idempotency::Caller;
use hall_domain::Error;
use worker::{D1Database, Response};

use crate::auth::StaffSession;
use crate::ctx::Ctx;
use crate::idem::Idem;
use crate::store::{audit, bookings, devices, limits};
use crate::{crypto, http};

/// A caller of a kiosk route: a registered device, or (development only) a browser without a
/// key, which is scoped by its address and counted by nothing but the appointment number.
pub struct Kiosk {
    device: Option<String>,
    client: String,
}

impl Kiosk {
    /// Who is calling a kiosk route of `hall`. A key must be one of the hall's live keys;
    /// without one, only a development server answers.
    pub async fn of(ctx: &Ctx, db: &D1Database, hall: &str) -> Result<Kiosk, Error> {
        let device = match ctx.device_key.as_deref() {
            Some(key) => {
                if !well_formed(key) {
                    return Err(Error::DeviceRefused);
                }
                let hash = crypto::sha256_hex(key.as_bytes()).await?;
                let id = devices::live(db, hall, &hash)
                    .await?
                    .ok_or(Error::DeviceRefused)?;
                Some(id)
            }
            None if ctx.dev() => None,
            None => return Err(Error::DeviceRequired),
        };
        Ok(Kiosk {
            device,
            client: ctx.client.clone(),
        })
    }

    /// The caller its idempotency keys are scoped to.
    pub fn caller(&self) -> Caller<'_> {
        Caller::Device(self.device.as_deref().unwrap_or(&self.client))
    }

    fn counter(&self, kind: &str) -> Option<String> {
        self.device.as_deref().map(|id| kiosk_counter(id, kind))
    }

    /// Counts one event of `kind` this hour, refused past `limit`.
    pub async fn count(
        &self,
        db: &D1Database,
        now: i64,
        kind: &str,
        limit: u32,
    ) -> Result<(), Error> {
        match self.counter(kind) {
            Some(key) => limits::hit(db, &key, now, limit).await,
            None => Ok(()),
        }
    }

    /// Gives back an event [`Kiosk::count`] counted.
    pub async fn give_back(&self, db: &D1Database, now: i64, kind: &str) -> Result<(), Error> {
        match self.counter(kind) {
            Some(key) => limits::give_back(db, &key, now).await,
            None => Ok(()),
        }
    }
}

async fn known_hall(db: &D1Database, hall: &str) -> Result<(), Error> {
    let (setup, _) = bookings::hall(db).await?;
    setup.hall(hall).map(|_| ()).ok_or(Error::HallNotFound)
}

/// `GET /api/v1/halls/{hall}/devices`.
pub async fn list(ctx: &Ctx, hall: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    known_hall(&db, hall).await?;
    let rows = devices::list(&db, hall).await?;
    http::private(&KioskDeviceList {
        devices: rows.iter().map(devices::DeviceRow::view).collect(),
    })
}

/// `POST /api/v1/halls/{hall}/devices`: registers a kiosk; its key is in this answer only.
pub async fn register(ctx: &Ctx, me: &StaffSession, hall: &str) -> Result<Response, Error> {
    let req: DeviceRegistration = ctx.json()?;
    let mut problems = Vec::new();
    let name = clean_name(&req.name);
    if name.is_none() {
        problems.push(FieldError::new(
            "name",
            format!("请填写设备名称（不超过 {MAX_NAME_CHARS} 个字），如“一楼取号机 1”"),
            format!("name: 1 to {MAX_NAME_CHARS} characters, such as \"Ground floor kiosk 1\""),
        ));
    }
    let idem = Idem::maybe(ctx, Caller::Staff(&me.staff.row.id), &req.idempotency_key).await?;
    if idem.is_none() {
        problems.push(crate::idem::key_problem());
    }
    let (Some(name), Some(idem)) = (name, idem) else {
        return Err(Error::Invalid(problems));
    };
    let db = ctx.db()?;
    known_hall(&db, hall).await?;
    if idem.seen(&db).await? {
        if let Some(d) = devices::by_request(&db, idem.key()).await? {
            return http::private(&DeviceRegistered {
                device: d.view(),
                key: None,
            });
        }
    }
    idem.claim(&db, ctx.now).await?;
    let id = crypto::id("d")?;
    let key = format!("{KEY_PREFIX}{}", crypto::token()?);
    let key_hash = crypto::sha256_hex(key.as_bytes()).await?;
    let detail = format!("{hall} {name}");
    let entry = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "device.register",
                target_kind: "kiosk_device",
                target_id: &id,
                citizen_id: None,
                detail: &detail,
                reason: "",
            },
        ),
    )?;
    devices::register(
        &db,
        &devices::NewDevice {
            id: &id,
            hall,
            name: &name,
            key_hash: &key_hash,
            request_key: idem.key(),
            staff_id: &me.staff.row.id,
            now: ctx.now,
        },
        entry,
    )
    .await?;
    let device = devices::get(&db, hall, &id)
        .await?
        .ok_or(Error::Unavailable)?;
    http::private(&DeviceRegistered {
        device: device.view(),
        key: Some(key),
    })
}

/// `POST /api/v1/halls/{hall}/devices/{id}/revoke`: the key stops working at once. Revoking twice
/// answers the first revocation.
pub async fn revoke(ctx: &Ctx, me: &StaffSession, hall: &str, id: &str) -> Result<Response, Error> {
    let db = ctx.db()?;
    let before = devices::get(&db, hall, id)
        .await?
        .ok_or(Error::DeviceNotFound)?;
    if before.revoked_at.is_none() {
        let detail = format!("{hall} {}", before.name);
        let entry = audit::append(
            &db,
            &me.record(
                ctx,
                audit::What {
                    action: "device.revoke",
                    target_kind: "kiosk_device",
                    target_id: id,
                    citizen_id: None,
                    detail: &detail,
                    reason: "",
                },
            ),
        )?;
        devices::revoke(&db, id, &me.staff.row.id, ctx.now, entry).await?;
    }
    let after = devices::get(&db, hall, id)
        .await?
        .ok_or(Error::Unavailable)?;
    http::private(&after.view())
}
