//! Hall set-up for the hall manager: the rules (horizon, cut-off, check-in window, no-show
//! policy, serving order) and the places per slot. Window clerks may read; changes are the
//! manager's, each written with its audit entry in one transaction.

use hall_domain::dto::{CapacityUpdate, HallUpdate, RulesUpdate, SetupView, WindowUpdate};
use hall_domain::Error;
use worker::Response;

use crate::auth::StaffSession;
use crate::ctx::Ctx;
use crate::http;
use crate::store::{audit, bookings};

async fn current(db: &worker::D1Database) -> Result<SetupView, Error> {
    let (setup, rules) = bookings::hall(db).await?;
    Ok(SetupView { setup, rules })
}

/// `GET /api/v1/admin/hall`.
pub async fn view(ctx: &Ctx) -> Result<Response, Error> {
    http::private(&current(&ctx.db()?).await?)
}

/// `PUT /api/v1/admin/hall/rules`.
pub async fn set_rules(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let update: RulesUpdate = ctx.json()?;
    let db = ctx.db()?;
    let rules = bookings::rules(&db)
        .await?
        .from_update(&update)
        .map_err(Error::Invalid)?;
    let p = &rules.policy;
    let detail = format!(
        "可预约第 {}–{} 个工作日；取消截止 {} 小时；签到 -{}/+{} 分钟；{} 天内爽约 {} 次暂停 {} 天；连续预约号 {}",
        p.horizon_from,
        p.horizon_to,
        p.cancel_cutoff_secs / 3600,
        p.check_in_before_secs / 60,
        p.check_in_after_secs / 60,
        p.no_show.window_days,
        p.no_show.limit,
        p.no_show.suspend_days,
        rules.order.booked_run
    );
    let entry = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "hall.rules",
                target_kind: "hall_rules",
                target_id: "1",
                citizen_id: None,
                detail: &detail,
                reason: "",
            },
        ),
    )?;
    bookings::set_rules(&db, &rules, &me.staff.row.id, ctx.now, entry).await?;
    http::private(&current(&db).await?)
}

/// `PUT /api/v1/admin/hall/capacity`.
pub async fn set_capacity(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let update: CapacityUpdate = ctx.json()?;
    let db = ctx.db()?;
    let setup = bookings::setup(&db).await?;
    let mut problems = Vec::new();
    if !setup.halls.iter().any(|h| h.code == update.hall) {
        problems.push(hall_domain::error::FieldError::new(
            "hall",
            "没有这个大厅",
            "hall: unknown",
        ));
    }
    if !setup.groups.iter().any(|g| g.code == update.group) {
        problems.push(hall_domain::error::FieldError::new(
            "group",
            "没有这个业务类别",
            "group: unknown item group",
        ));
    }
    let places = u32::try_from(update.places).ok().filter(|p| *p <= 500);
    if places.is_none() {
        problems.push(hall_domain::error::FieldError::new(
            "places",
            "名额应为 0 至 500 之间的整数",
            "places: an integer from 0 to 500",
        ));
    }
    let Some(places) = places.filter(|_| problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let target = format!("{}/{}", update.hall, update.group);
    let detail = format!("places={places}");
    let entry = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "hall.capacity",
                target_kind: "booking_capacity",
                target_id: &target,
                citizen_id: None,
                detail: &detail,
                reason: "",
            },
        ),
    )?;
    bookings::set_capacity(&db, &update.hall, update.group, places, entry).await?;
    http::private(&current(&db).await?)
}

/// `PUT /api/v1/admin/hall/halls`: a hall's name, address, area and hours.
pub async fn set_hall(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let update: HallUpdate = ctx.json()?;
    let db = ctx.db()?;
    let hall = bookings::setup(&db)
        .await?
        .edit_hall(&update)
        .map_err(Error::Invalid)?;
    let detail = format!(
        "{}；{}；{}；{}",
        hall.name,
        hall.address,
        hall.area,
        hall_domain::hall_setup::format_hours(&hall.periods)
    );
    let entry = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "hall.hall",
                target_kind: "hall",
                target_id: &hall.code,
                citizen_id: None,
                detail: &detail,
                reason: "",
            },
        ),
    )?;
    bookings::set_hall(&db, &hall, entry).await?;
    http::private(&current(&db).await?)
}

/// `PUT /api/v1/admin/hall/windows`: adds a window or changes its name and groups.
pub async fn set_window(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let update: WindowUpdate = ctx.json()?;
    let db = ctx.db()?;
    let window = bookings::setup(&db)
        .await?
        .edit_window(&update)
        .map_err(Error::Invalid)?;
    let target = format!("{}/{}", window.hall, window.code);
    let detail = format!(
        "{}；{}",
        window.name,
        window.groups.iter().collect::<String>()
    );
    let entry = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "hall.window",
                target_kind: "window",
                target_id: &target,
                citizen_id: None,
                detail: &detail,
                reason: "",
            },
        ),
    )?;
    bookings::set_window(&db, &window, entry).await?;
    http::private(&current(&db).await?)
}
