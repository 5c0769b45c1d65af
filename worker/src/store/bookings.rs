//! Hall set-up and bookings. A booking takes a place while `active` or `checked_in`; the place
//! check and the insert are one statement, so capacity holds under any concurrency.

use hall_domain::booking::{HallRules, Period, Slot};
use hall_domain::hall_setup::{Capacity, Hall, HallSetup, ItemGroup, Window};
use hall_domain::Error;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement, D1Result};

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
    Ok(hall(db).await?.0)
}

/// The set-up and the rules, in one round trip.
pub async fn hall(db: &D1Database) -> Result<(HallSetup, HallRules), Error> {
    let results = db
        .batch(hall_statements(db)?)
        .await
        .map_err(|e| unavailable("hall set-up", e))?;
    hall_from(&results)
}

/// The statements that read the set-up and the rules, to run alone or in a larger batch.
pub fn hall_statements(db: &D1Database) -> Result<Vec<D1PreparedStatement>, Error> {
    Ok(vec![
        stmt(
            db,
            "SELECT code, name, address, area, periods FROM halls ORDER BY sort",
            &[],
        )?,
        stmt(
            db,
            "SELECT g.code, g.name, group_concat(i.item_code) AS items FROM item_groups g
             LEFT JOIN item_group_items i ON i.group_code = g.code GROUP BY g.code ORDER BY g.code",
            &[],
        )?,
        stmt(
            db,
            "SELECT hall_code, code, name, groups FROM windows ORDER BY hall_code, code",
            &[],
        )?,
        stmt(
            db,
            "SELECT hall_code, group_code, places FROM booking_capacity",
            &[],
        )?,
        stmt(db, "SELECT rules FROM hall_rules WHERE id = 1", &[])?,
    ])
}

/// How many results `hall_statements` yields, first in a batch.
pub const HALL_STATEMENTS: usize = 5;

/// The set-up and the rules from the first `HALL_STATEMENTS` results of a batch.
pub fn hall_from(results: &[D1Result]) -> Result<(HallSetup, HallRules), Error> {
    let rows = |i: usize| results.get(i).ok_or(Error::Unavailable);
    let halls: Vec<HallRow> = rows(0)?.results().map_err(|e| unavailable("halls", e))?;
    let groups: Vec<GroupRow> = rows(1)?
        .results()
        .map_err(|e| unavailable("item groups", e))?;
    let windows: Vec<WindowRow> = rows(2)?.results().map_err(|e| unavailable("windows", e))?;
    let capacity: Vec<CapacityRow> = rows(3)?.results().map_err(|e| unavailable("capacity", e))?;
    let stored: Vec<RulesRow> = rows(4)?.results().map_err(|e| unavailable("rules", e))?;
    let rules = stored
        .first()
        .and_then(|r| serde_json::from_str(&r.rules).ok())
        .unwrap_or_default();
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
    Ok((out, rules))
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
    /// The ticket it checked in to, if any.
    pub ticket_id: Option<String>,
    /// The booking that replaced it (改约), if it was moved.
    #[serde(default)]
    pub moved_to: Option<String>,
}

const COLUMNS: &str = "id, hall_code, item_code, date, start, status, moved_to,
    (SELECT t.id FROM tickets t WHERE t.booking_id = bookings.id) AS ticket_id";

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
/// of the item that day, in one statement; a repeated idempotency key (or, once in 2^65, a
/// booking number already taken) inserts nothing.
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
         ON CONFLICT DO NOTHING",
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

/// 改约: in one transaction, the citizen's active booking `old` is cancelled and names `new`,
/// `new` is inserted as [`insert`] would (places left, one booking of the item a day), and if
/// that insert wrote nothing the old booking is active again. Whether `new` was made.
pub async fn reschedule(db: &D1Database, old: &str, b: &NewBooking<'_>) -> Result<bool, Error> {
    let release = stmt(
        db,
        "UPDATE bookings SET status = 'cancelled', moved_to = ?3, updated_at = ?4
         WHERE id = ?1 AND citizen_id = ?2 AND status = 'active' AND moved_to IS NULL",
        &[s(old), s(b.citizen_id), s(b.id), n(b.now)],
    )?;
    let take = stmt(
        db,
        "INSERT INTO bookings (id, citizen_id, idempotency_key, hall_code, item_code, group_code,
                               date, start, starts_at, status, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'active', ?10, ?10
         WHERE EXISTS (SELECT 1 FROM bookings WHERE id = ?12 AND moved_to = ?1)
           AND (SELECT count(*) FROM bookings
                WHERE hall_code = ?4 AND group_code = ?6 AND date = ?7 AND start = ?8
                  AND status IN ('active', 'checked_in')) < ?11
           AND NOT EXISTS (SELECT 1 FROM bookings
                WHERE citizen_id = ?2 AND item_code = ?5 AND date = ?7
                  AND status IN ('active', 'checked_in'))
         ON CONFLICT DO NOTHING",
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
            s(old),
        ],
    )?;
    let undo = stmt(
        db,
        "UPDATE bookings SET status = 'active', moved_to = NULL
         WHERE id = ?1 AND moved_to = ?2 AND NOT EXISTS (SELECT 1 FROM bookings
               WHERE id = ?2 AND citizen_id = ?3 AND idempotency_key = ?4)",
        &[s(old), s(b.id), s(b.citizen_id), s(b.key)],
    )?;
    super::batch(db, "booking reschedule", vec![release, take, undo]).await?;
    Ok(by_key(db, b.citizen_id, b.key)
        .await?
        .is_some_and(|r| r.id == b.id))
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

/// A booking with whom it belongs to and its item group, for the kiosk and the jobs.
pub struct BookingFull {
    pub row: BookingRow,
    pub citizen_id: String,
    pub group_code: String,
}

#[derive(Deserialize)]
struct FullRow {
    id: String,
    hall_code: String,
    item_code: String,
    date: String,
    start: String,
    status: String,
    ticket_id: Option<String>,
    #[serde(default)]
    moved_to: Option<String>,
    citizen_id: String,
    group_code: String,
}

/// Any booking by its appointment number.
pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<BookingFull>, Error> {
    let r: Option<FullRow> = first(
        db,
        "booking by id",
        &format!("SELECT {COLUMNS}, citizen_id, group_code FROM bookings WHERE id = ?1"),
        &[s(id)],
    )
    .await?;
    Ok(r.map(|r| BookingFull {
        row: BookingRow {
            id: r.id,
            hall_code: r.hall_code,
            item_code: r.item_code,
            date: r.date,
            start: r.start,
            status: r.status,
            ticket_id: r.ticket_id,
            moved_to: r.moved_to,
        },
        citizen_id: r.citizen_id,
        group_code: r.group_code,
    }))
}

/// An active booking the scheduled job looks at, with its owner's number and name.
#[derive(Debug, Clone, Deserialize)]
pub struct DueRow {
    pub id: String,
    pub citizen_id: String,
    pub hall_code: String,
    pub item_code: String,
    pub date: String,
    pub start: String,
    pub reminded_day: f64,
    pub reminded_hour: f64,
    pub phone: String,
}

/// Active bookings starting before `until` (oldest first): those due a reminder or overdue.
pub async fn due(db: &D1Database, until: i64) -> Result<Vec<DueRow>, Error> {
    all(
        db,
        "due bookings",
        "SELECT b.id, b.citizen_id, b.hall_code, b.item_code, b.date, b.start, b.reminded_day,
                b.reminded_hour, c.phone
         FROM bookings b JOIN citizens c ON c.id = b.citizen_id
         WHERE b.status = 'active' AND b.starts_at <= ?1 ORDER BY b.starts_at LIMIT 500",
        &[n(until)],
    )
    .await
}

/// Marks which reminders a booking has had.
pub async fn reminded(db: &D1Database, id: &str, day: bool, hour: bool) -> Result<(), Error> {
    exec(
        db,
        "booking reminded",
        "UPDATE bookings SET reminded_day = max(reminded_day, ?2), reminded_hour = max(reminded_hour, ?3)
         WHERE id = ?1",
        &[s(id), n(i64::from(day)), n(i64::from(hour))],
    )
    .await?;
    Ok(())
}

/// Marks an active booking a no-show; false if it was no longer active.
pub async fn no_show(db: &D1Database, id: &str, now: i64) -> Result<bool, Error> {
    Ok(exec(
        db,
        "booking no-show",
        "UPDATE bookings SET status = 'no_show', updated_at = ?2 WHERE id = ?1 AND status = 'active'",
        &[s(id), n(now)],
    )
    .await?
        == 1)
}

#[derive(Deserialize)]
struct At {
    at: f64,
}

/// When a citizen's earlier no-shows were recorded.
pub async fn no_shows_of(db: &D1Database, citizen: &str, except: &str) -> Result<Vec<i64>, Error> {
    let rows: Vec<At> = all(
        db,
        "no-shows",
        "SELECT updated_at AS at FROM bookings WHERE citizen_id = ?1 AND status = 'no_show' AND id <> ?2",
        &[s(citizen), s(except)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.at as i64).collect())
}

/// Suspends a citizen's online booking until then (never shortens a longer suspension).
pub async fn suspend(db: &D1Database, citizen: &str, until: i64) -> Result<(), Error> {
    exec(
        db,
        "booking suspension",
        "UPDATE citizens SET booking_suspended_until = max(coalesce(booking_suspended_until, 0), ?2)
         WHERE id = ?1",
        &[s(citizen), n(until)],
    )
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct RulesRow {
    rules: String,
}

/// The hall's rules; the published defaults until a manager changes them.
pub async fn rules(db: &D1Database) -> Result<HallRules, Error> {
    let row: Option<RulesRow> = first(
        db,
        "hall rules",
        "SELECT rules FROM hall_rules WHERE id = 1",
        &[],
    )
    .await?;
    Ok(row
        .and_then(|r| serde_json::from_str(&r.rules).ok())
        .unwrap_or_default())
}

/// Stores new rules together with their audit entry.
pub async fn set_rules(
    db: &D1Database,
    rules: &HallRules,
    staff: &str,
    now: i64,
    audit: worker::D1PreparedStatement,
) -> Result<(), Error> {
    let json = serde_json::to_string(rules).map_err(|_| Error::Unavailable)?;
    super::batch(
        db,
        "hall rules",
        vec![
            stmt(
                db,
                "INSERT INTO hall_rules (id, rules, updated_at, updated_by) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET rules = excluded.rules,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                &[s(&json), n(now), s(staff)],
            )?,
            audit,
        ],
    )
    .await
}

/// Sets the places per slot of a hall's item group, with its audit entry.
pub async fn set_capacity(
    db: &D1Database,
    hall: &str,
    group: char,
    places: u32,
    audit: worker::D1PreparedStatement,
) -> Result<(), Error> {
    super::batch(
        db,
        "capacity",
        vec![
            stmt(
                db,
                "INSERT INTO booking_capacity (hall_code, group_code, places) VALUES (?1, ?2, ?3)
                 ON CONFLICT (hall_code, group_code) DO UPDATE SET places = excluded.places",
                &[s(hall), s(&group.to_string()), n(i64::from(places))],
            )?,
            audit,
        ],
    )
    .await
}

/// Changes a hall's name, address, area and hours, with its audit entry.
pub async fn set_hall(
    db: &D1Database,
    hall: &Hall,
    audit: worker::D1PreparedStatement,
) -> Result<(), Error> {
    let periods = serde_json::to_string(&hall.periods).map_err(|_| Error::Unavailable)?;
    super::batch(
        db,
        "hall",
        vec![
            stmt(
                db,
                "UPDATE halls SET name = ?2, address = ?3, area = ?4, periods = ?5 WHERE code = ?1",
                &[
                    s(&hall.code),
                    s(&hall.name),
                    s(&hall.address),
                    s(&hall.area),
                    s(&periods),
                ],
            )?,
            audit,
        ],
    )
    .await
}

/// Adds a window or changes its name and groups, with its audit entry.
pub async fn set_window(
    db: &D1Database,
    w: &Window,
    audit: worker::D1PreparedStatement,
) -> Result<(), Error> {
    let groups: String = w.groups.iter().collect();
    super::batch(
        db,
        "window",
        vec![
            stmt(
                db,
                "INSERT INTO windows (hall_code, code, name, groups) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (hall_code, code) DO UPDATE SET name = excluded.name, groups = excluded.groups",
                &[s(&w.hall), s(&w.code), s(&w.name), s(&groups)],
            )?,
            audit,
        ],
    )
    .await
}
