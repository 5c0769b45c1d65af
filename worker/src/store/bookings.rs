//! Hall set-up and bookings. A booking takes a place while `active` or `checked_in`; the place
//! check and the insert are one statement, so capacity holds under any concurrency.

use hall_domain::booking::{Period, Slot};
use hall_domain::hall_setup::{Capacity, Hall, HallSetup, ItemGroup, Window};
use hall_domain::Error;
use serde::Deserialize;
use worker::D1Database;

use super::{all, exec, first, n, s, stmt};
use crate::http::unavailable;

#[derive(Deserialize)]
struct HallRow {
    code: String,
    name: String,
    address: String,
    area: String,
    periods: String,
}

#[derive(Deserialize)]
struct GroupRow {
    code: String,
    name: String,
    items: Option<String>,
}

#[derive(Deserialize)]
struct WindowRow {
    hall_code: String,
    code: String,
    name: String,
    groups: String,
}

#[derive(Deserialize)]
struct CapacityRow {
    hall_code: String,
    group_code: String,
    places: f64,
}

fn letter(s: &str) -> char {
    s.chars().next().unwrap_or('?')
}

/// The whole set-up (a few dozen rows).
pub async fn setup(db: &D1Database) -> Result<HallSetup, Error> {
    // One round trip for the four tables.
    let results = db
        .batch(vec![
            stmt(db, "SELECT code, name, address, area, periods FROM halls ORDER BY sort", &[])?,
            stmt(
                db,
                "SELECT g.code, g.name, group_concat(i.item_code) AS items FROM item_groups g
                 LEFT JOIN item_group_items i ON i.group_code = g.code GROUP BY g.code ORDER BY g.code",
                &[],
            )?,
            stmt(db, "SELECT hall_code, code, name, groups FROM windows ORDER BY hall_code, code", &[])?,
            stmt(db, "SELECT hall_code, group_code, places FROM booking_capacity", &[])?,
        ])
        .await
        .map_err(|e| unavailable("hall set-up", e))?;
    let rows = |i: usize| results.get(i).ok_or(Error::Unavailable);
    let halls: Vec<HallRow> = rows(0)?.results().map_err(|e| unavailable("halls", e))?;
    let groups: Vec<GroupRow> = rows(1)?
        .results()
        .map_err(|e| unavailable("item groups", e))?;
    let windows: Vec<WindowRow> = rows(2)?.results().map_err(|e| unavailable("windows", e))?;
    let capacity: Vec<CapacityRow> = rows(3)?.results().map_err(|e| unavailable("capacity", e))?;
    let mut out = HallSetup {
        comment: String::new(),
        halls: Vec::new(),
        groups: Vec::new(),
        windows: Vec::new(),
        capacity: Vec::new(),
    };
    for h in halls {
        let periods: Vec<Period> = serde_json::from_str(&h.periods)
            .map_err(|e| unavailable("hall periods", worker::Error::RustError(e.to_string())))?;
        out.halls.push(Hall {
            code: h.code,
            name: h.name,
            address: h.address,
            area: h.area,
            periods,
        });
    }
    for g in groups {
        out.groups.push(ItemGroup {
            code: letter(&g.code),
            name: g.name,
            items: g
                .items
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        });
    }
    for w in windows {
        out.windows.push(Window {
            hall: w.hall_code,
            code: w.code,
            name: w.name,
            groups: w.groups.chars().collect(),
        });
    }
    for c in capacity {
        out.capacity.push(Capacity {
            hall: c.hall_code,
            group: letter(&c.group_code),
            places: c.places as u32,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct SlotCount {
    date: String,
    start: String,
    n: f64,
}

/// Places taken per (date, start) for a hall's item group over some dates.
pub async fn taken(
    db: &D1Database,
    hall: &str,
    group: char,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, u32)>, Error> {
    let rows: Vec<SlotCount> = all(
        db,
        "slot counts",
        "SELECT date, start, count(*) AS n FROM bookings
         WHERE hall_code = ?1 AND group_code = ?2 AND date >= ?3 AND date <= ?4
           AND status IN ('active', 'checked_in')
         GROUP BY date, start",
        &[s(hall), s(&group.to_string()), s(from), s(to)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.date, r.start, r.n as u32))
        .collect())
}

/// A booking as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct BookingRow {
    pub id: String,
    pub hall_code: String,
    pub item_code: String,
    pub date: String,
    pub start: String,
    pub status: String,
}

const COLUMNS: &str = "id, hall_code, item_code, date, start, status";

/// What a new booking holds.
pub struct NewBooking<'a> {
    pub id: &'a str,
    pub citizen_id: &'a str,
    pub key: &'a str,
    pub hall: &'a str,
    pub item: &'a str,
    pub group: char,
    pub slot: &'a Slot,
    pub places: u32,
    pub now: i64,
}

/// Inserts the booking if the slot has a place left and the citizen holds no active booking
/// of the item that day, in one statement; a repeated idempotency key inserts nothing.
/// Returns whether a row was inserted.
pub async fn insert(db: &D1Database, b: &NewBooking<'_>) -> Result<bool, Error> {
    let changed = exec(
        db,
        "booking insert",
        "INSERT INTO bookings (id, citizen_id, idempotency_key, hall_code, item_code, group_code,
                               date, start, starts_at, status, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'active', ?10, ?10
         WHERE (SELECT count(*) FROM bookings
                WHERE hall_code = ?4 AND group_code = ?6 AND date = ?7 AND start = ?8
                  AND status IN ('active', 'checked_in')) < ?11
           AND NOT EXISTS (SELECT 1 FROM bookings
                WHERE citizen_id = ?2 AND item_code = ?5 AND date = ?7
                  AND status IN ('active', 'checked_in'))
         ON CONFLICT (citizen_id, idempotency_key) DO NOTHING",
        &[
            s(b.id),
            s(b.citizen_id),
            s(b.key),
            s(b.hall),
            s(b.item),
            s(&b.group.to_string()),
            s(&b.slot.date.to_string()),
            s(&b.slot.start.to_string()),
            n(b.slot.starts_at()),
            n(b.now),
            n(i64::from(b.places)),
        ],
    )
    .await?;
    Ok(changed == 1)
}

/// The booking a citizen made with this idempotency key.
pub async fn by_key(
    db: &D1Database,
    citizen: &str,
    key: &str,
) -> Result<Option<BookingRow>, Error> {
    first(
        db,
        "booking by key",
        &format!("SELECT {COLUMNS} FROM bookings WHERE citizen_id = ?1 AND idempotency_key = ?2"),
        &[s(citizen), s(key)],
    )
    .await
}

/// Whether the citizen holds an active booking of the item on the date.
pub async fn holds(db: &D1Database, citizen: &str, item: &str, date: &str) -> Result<bool, Error> {
    let row: Option<BookingRow> = first(
        db,
        "booking holds",
        &format!(
            "SELECT {COLUMNS} FROM bookings WHERE citizen_id = ?1 AND item_code = ?2 AND date = ?3
             AND status IN ('active', 'checked_in')"
        ),
        &[s(citizen), s(item), s(date)],
    )
    .await?;
    Ok(row.is_some())
}

/// A citizen's bookings, newest slot first.
pub async fn of_citizen(db: &D1Database, citizen: &str) -> Result<Vec<BookingRow>, Error> {
    all(
        db,
        "bookings of citizen",
        &format!("SELECT {COLUMNS} FROM bookings WHERE citizen_id = ?1 ORDER BY starts_at DESC LIMIT 100"),
        &[s(citizen)],
    )
    .await
}

/// One of a citizen's bookings (never another's).
pub async fn own(db: &D1Database, citizen: &str, id: &str) -> Result<Option<BookingRow>, Error> {
    first(
        db,
        "own booking",
        &format!("SELECT {COLUMNS} FROM bookings WHERE citizen_id = ?1 AND id = ?2"),
        &[s(citizen), s(id)],
    )
    .await
}

/// Cancels an active booking; false if it was not active.
pub async fn cancel(db: &D1Database, citizen: &str, id: &str, now: i64) -> Result<bool, Error> {
    let changed = exec(
        db,
        "booking cancel",
        "UPDATE bookings SET status = 'cancelled', updated_at = ?3
         WHERE citizen_id = ?1 AND id = ?2 AND status = 'active'",
        &[s(citizen), s(id), n(now)],
    )
    .await?;
    Ok(changed == 1)
}
