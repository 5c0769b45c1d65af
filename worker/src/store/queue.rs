//! Tickets, windows and the queue's version counter. Numbers come from a per-day counter in the
//! same transaction as the ticket; a ticket changes only if its `version` is the one read, so
//! two windows can never call the same ticket.

use hall_domain::booking::HallRules;
use hall_domain::hall_setup::HallSetup;
use hall_domain::queue::{Origin, State, Ticket};
use hall_domain::Error;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::{all, batch, exec, first, n, opt, s, stmt};
use crate::http::unavailable;

/// A ticket as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct TicketRow {
    pub id: String,
    pub hall_code: String,
    pub day: String,
    pub number: String,
    pub group_code: String,
    pub item_code: String,
    pub origin: String,
    pub booking_id: Option<String>,
    pub citizen_id: Option<String>,
    pub state: String,
    pub queued_at: f64,
    pub window_code: Option<String>,
    pub missed_at: Option<f64>,
    pub rejoined: f64,
    pub reminded: f64,
    pub version: f64,
    pub created_at: f64,
    /// The booked citizen's name, read with one ticket (never with the live queue).
    #[serde(default)]
    pub holder_name: Option<String>,
}

const COLUMNS: &str = "id, hall_code, day, number, group_code, item_code, origin, booking_id,
    citizen_id, state, queued_at, window_code, missed_at, rejoined, reminded, version, created_at";

fn origin_str(o: Origin) -> &'static str {
    match o {
        Origin::WalkIn => "walk_in",
        Origin::Booked => "booked",
    }
}

pub fn state_str(s: State) -> &'static str {
    match s {
        State::Waiting => "waiting",
        State::Called => "called",
        State::Serving => "serving",
        State::Done => "done",
        State::Missed => "missed",
    }
}

fn parse_state(s: &str) -> State {
    match s {
        "called" => State::Called,
        "serving" => State::Serving,
        "done" => State::Done,
        "missed" => State::Missed,
        _ => State::Waiting,
    }
}

impl TicketRow {
    pub fn group(&self) -> char {
        self.group_code.chars().next().unwrap_or('?')
    }

    pub fn origin(&self) -> Origin {
        if self.origin == "booked" {
            Origin::Booked
        } else {
            Origin::WalkIn
        }
    }

    pub fn state(&self) -> State {
        parse_state(&self.state)
    }

    /// The ticket as the queue rules see it.
    pub fn ticket(&self) -> Ticket {
        Ticket {
            number: self.number.clone(),
            group: self.group(),
            origin: self.origin(),
            state: self.state(),
            queued_at: self.queued_at as i64,
            window: self.window_code.clone(),
            missed_at: self.missed_at.map(|m| m as i64),
            rejoined: self.rejoined != 0.0,
        }
    }
}

/// A ticket to issue: a walk-in (with its idempotency key) or a checked-in booking.
pub struct NewTicket<'a> {
    pub id: &'a str,
    pub hall: &'a str,
    pub day: &'a str,
    pub group: char,
    pub item: &'a str,
    pub origin: Origin,
    pub booking: Option<&'a str>,
    pub citizen: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub key: Option<&'a str>,
    pub now: i64,
}

fn bump(db: &D1Database, hall: &str) -> Result<D1PreparedStatement, Error> {
    stmt(
        db,
        "INSERT INTO queue_versions (hall_code, version) VALUES (?1, 1)
         ON CONFLICT (hall_code) DO UPDATE SET version = version + 1",
        &[s(hall)],
    )
}

/// Issues a ticket in one transaction: the group's counter moves on and the ticket takes its
/// number, unless a ticket with the same idempotency key or booking exists (a retry), in which
/// case nothing changes. A booking's check-in also marks the booking checked in.
pub async fn issue(db: &D1Database, t: &NewTicket<'_>) -> Result<(), Error> {
    let group = t.group.to_string();
    let exists = "NOT EXISTS (SELECT 1 FROM tickets WHERE idempotency_key = ?4 OR booking_id = ?5)";
    let key = opt(t.key);
    let booking = opt(t.booking);
    let mut stmts = vec![
        stmt(
            db,
            &format!(
                "INSERT INTO ticket_counters (hall_code, day, group_code, seq)
                 SELECT ?1, ?2, ?3, 1 WHERE {exists}
                 ON CONFLICT (hall_code, day, group_code) DO UPDATE SET seq = seq + 1"
            ),
            &[s(t.hall), s(t.day), s(&group), key.clone(), booking.clone()],
        )?,
        stmt(
            db,
            &format!(
                "INSERT INTO tickets (id, hall_code, day, number, group_code, item_code, origin,
                    booking_id, citizen_id, phone, idempotency_key, state, queued_at, created_at)
                 SELECT ?6, ?1, ?2, ?3 || printf('%03d', c.seq), ?3, ?7, ?8,
                    ?5, ?9, ?10, ?4, 'waiting', ?11, ?11
                 FROM ticket_counters c
                 WHERE c.hall_code = ?1 AND c.day = ?2 AND c.group_code = ?3 AND {exists}"
            ),
            &[
                s(t.hall),
                s(t.day),
                s(&group),
                key,
                booking,
                s(t.id),
                s(t.item),
                s(origin_str(t.origin)),
                opt(t.citizen),
                opt(t.phone),
                n(t.now),
            ],
        )?,
        stmt(
            db,
            "INSERT INTO ticket_events (ticket_id, hall_code, at, event)
             SELECT id, hall_code, ?2, CASE WHEN origin = 'booked' THEN 'checked_in' ELSE 'issued' END
             FROM tickets WHERE id = ?1",
            &[s(t.id), n(t.now)],
        )?,
        bump(db, t.hall)?,
    ];
    if let Some(b) = t.booking {
        stmts.push(stmt(
            db,
            "UPDATE bookings SET status = 'checked_in', updated_at = ?2
             WHERE id = ?1 AND status = 'active'",
            &[s(b), n(t.now)],
        )?);
    }
    batch(db, "ticket issue", stmts).await
}

/// One ticket (`condition` on `t`) with its holder's name and, if asked, its hall's queue
/// version.
fn one_sql(condition: &str, with_version: bool) -> String {
    let columns: Vec<String> = COLUMNS
        .split(',')
        .map(|c| format!("t.{}", c.trim()))
        .collect();
    let (version, join) = if with_version {
        (
            ", COALESCE(v.version, 0) AS queue_version",
            " LEFT JOIN queue_versions v ON v.hall_code = t.hall_code",
        )
    } else {
        ("", "")
    };
    format!(
        "SELECT {}, c.name AS holder_name{version} FROM tickets t
         LEFT JOIN citizens c ON c.id = t.citizen_id{join} WHERE {condition}",
        columns.join(", ")
    )
}

pub async fn by_id(db: &D1Database, id: &str) -> Result<Option<TicketRow>, Error> {
    first(db, "ticket", &one_sql("t.id = ?1", false), &[s(id)]).await
}

#[derive(Deserialize)]
struct WithVersion {
    #[serde(flatten)]
    ticket: TicketRow,
    queue_version: f64,
}

/// A ticket and its hall's queue version, in one query: a phone polling its ticket costs one
/// round trip when nothing changed.
pub async fn by_id_with_version(
    db: &D1Database,
    id: &str,
) -> Result<Option<(TicketRow, i64)>, Error> {
    let sql = one_sql("t.id = ?1", true);
    let row: Option<WithVersion> = first(db, "ticket and queue version", &sql, &[s(id)]).await?;
    Ok(row.map(|r| (r.ticket, r.queue_version as i64)))
}

pub async fn by_key(db: &D1Database, key: &str) -> Result<Option<TicketRow>, Error> {
    first(
        db,
        "ticket by key",
        &one_sql("t.idempotency_key = ?1", false),
        &[s(key)],
    )
    .await
}

pub async fn by_booking(db: &D1Database, booking: &str) -> Result<Option<TicketRow>, Error> {
    first(
        db,
        "ticket by booking",
        &one_sql("t.booking_id = ?1", false),
        &[s(booking)],
    )
    .await
}

/// The query behind [`live`], shared with the batched snapshot.
fn live_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM tickets WHERE hall_code = ?1 AND day = ?2
         AND state IN ('waiting', 'called', 'serving', 'missed') ORDER BY queued_at, number"
    )
}

/// Today's tickets of a hall that are still in the queue (waiting, called, serving, missed).
pub async fn live(db: &D1Database, hall: &str, day: &str) -> Result<Vec<TicketRow>, Error> {
    all(db, "live tickets", &live_sql(), &[s(hall), s(day)]).await
}

#[derive(Deserialize)]
struct Version {
    version: f64,
}

/// The hall's queue version (0 before its first ticket).
pub async fn version(db: &D1Database, hall: &str) -> Result<i64, Error> {
    let v: Option<Version> = first(
        db,
        "queue version",
        "SELECT version FROM queue_versions WHERE hall_code = ?1",
        &[s(hall)],
    )
    .await?;
    Ok(v.map_or(0, |v| v.version as i64))
}

/// What a ticket step writes besides the ticket itself.
pub struct Step<'a> {
    pub event: &'a str,
    pub window: Option<&'a str>,
    pub staff: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// Writes the ticket's new state if nobody changed it since `row` was read; records the
/// event and moves the hall's version. Returns false when the ticket had changed.
pub async fn apply(
    db: &D1Database,
    row: &TicketRow,
    next: &Ticket,
    step: &Step<'_>,
    now: i64,
) -> Result<bool, Error> {
    let called_at = if step.event == "called" || step.event == "recalled" {
        n(now)
    } else {
        JsValue::NULL
    };
    let changed = exec(
        db,
        "ticket step",
        "UPDATE tickets SET state = ?3, group_code = ?4, window_code = ?5, queued_at = ?6,
            missed_at = ?7, rejoined = ?8, called_at = coalesce(?9, called_at),
            version = version + 1
         WHERE id = ?1 AND version = ?2",
        &[
            s(&row.id),
            JsValue::from_f64(row.version),
            s(state_str(next.state)),
            s(&next.group.to_string()),
            opt(next.window.as_deref()),
            n(next.queued_at),
            next.missed_at.map_or(JsValue::NULL, n),
            n(i64::from(next.rejoined)),
            called_at,
        ],
    )
    .await?;
    if changed != 1 {
        return Ok(false);
    }
    batch(
        db,
        "ticket event",
        vec![
            stmt(
                db,
                "INSERT INTO ticket_events (ticket_id, hall_code, at, event, window_code, staff_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &[
                    s(&row.id),
                    s(&row.hall_code),
                    n(now),
                    s(step.event),
                    opt(step.window),
                    opt(step.staff),
                    opt(step.detail),
                ],
            )?,
            bump(db, &row.hall_code)?,
        ],
    )
    .await?;
    Ok(true)
}

/// Records a finished service: who served whom, where and for what.
pub async fn served(
    db: &D1Database,
    row: &TicketRow,
    window: &str,
    staff: &str,
    now: i64,
) -> Result<(), Error> {
    exec(
        db,
        "service record",
        "INSERT INTO services (ticket_id, citizen_id, booking_id, hall_code, window_code, staff_id,
                               item_code, finished_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (ticket_id) DO NOTHING",
        &[
            s(&row.id),
            opt(row.citizen_id.as_deref()),
            opt(row.booking_id.as_deref()),
            s(&row.hall_code),
            s(window),
            s(staff),
            s(&row.item_code),
            n(now),
        ],
    )
    .await?;
    exec(
        db,
        "ticket finished",
        "UPDATE tickets SET served_by = ?2, finished_at = ?3 WHERE id = ?1",
        &[s(&row.id), s(staff), n(now)],
    )
    .await?;
    Ok(())
}

/// A window's state row.
#[derive(Debug, Clone, Deserialize)]
pub struct WindowStateRow {
    pub hall_code: String,
    pub window_code: String,
    pub staff_id: Option<String>,
    pub open: f64,
    pub booked_streak: f64,
}

const WINDOW_STATES: &str =
    "SELECT hall_code, window_code, staff_id, open, booked_streak FROM window_state";

pub async fn windows(db: &D1Database) -> Result<Vec<WindowStateRow>, Error> {
    all(db, "window states", WINDOW_STATES, &[]).await
}

/// A hall's live tickets of one day and every window's state, read together.
pub struct Snapshot {
    pub live: Vec<TicketRow>,
    pub windows: Vec<WindowStateRow>,
}

fn snapshot_statements(
    db: &D1Database,
    hall: &str,
    day: &str,
) -> Result<Vec<D1PreparedStatement>, Error> {
    Ok(vec![
        stmt(db, &live_sql(), &[s(hall), s(day)])?,
        stmt(db, WINDOW_STATES, &[])?,
    ])
}

fn snapshot_from(results: &[D1Result]) -> Result<Snapshot, Error> {
    let [live, windows] = results else {
        return Err(Error::Unavailable);
    };
    Ok(Snapshot {
        live: live.results().map_err(|e| unavailable("live tickets", e))?,
        windows: windows
            .results()
            .map_err(|e| unavailable("window states", e))?,
    })
}

/// The queue snapshot, in one round trip.
pub async fn snapshot(db: &D1Database, hall: &str, day: &str) -> Result<Snapshot, Error> {
    let results = db
        .batch(snapshot_statements(db, hall, day)?)
        .await
        .map_err(|e| unavailable("queue snapshot", e))?;
    snapshot_from(&results)
}

/// The hall set-up, its rules and the queue snapshot, in one round trip.
pub async fn snapshot_with_hall(
    db: &D1Database,
    hall: &str,
    day: &str,
) -> Result<((HallSetup, HallRules), Snapshot), Error> {
    let mut statements = super::bookings::hall_statements(db)?;
    statements.extend(snapshot_statements(db, hall, day)?);
    let results = db
        .batch(statements)
        .await
        .map_err(|e| unavailable("hall and queue", e))?;
    let (setup, queue) = results.split_at(super::bookings::HALL_STATEMENTS.min(results.len()));
    Ok((super::bookings::hall_from(setup)?, snapshot_from(queue)?))
}

/// Opens a window for a clerk, unless another clerk has it open. Returns whether it is now
/// open for this clerk.
pub async fn open(
    db: &D1Database,
    hall: &str,
    window: &str,
    staff: &str,
    now: i64,
) -> Result<bool, Error> {
    batch(
        db,
        "window open",
        vec![
            stmt(
                db,
                "INSERT INTO window_state (hall_code, window_code, staff_id, open, booked_streak, changed_at)
                 VALUES (?1, ?2, ?3, 1, 0, ?4)
                 ON CONFLICT (hall_code, window_code) DO UPDATE
                 SET staff_id = excluded.staff_id, open = 1, changed_at = excluded.changed_at
                 WHERE window_state.open = 0 OR window_state.staff_id = excluded.staff_id",
                &[s(hall), s(window), s(staff), n(now)],
            )?,
            bump(db, hall)?,
        ],
    )
    .await?;
    let row: Option<WindowStateRow> = first(
        db,
        "window state",
        "SELECT hall_code, window_code, staff_id, open, booked_streak FROM window_state
         WHERE hall_code = ?1 AND window_code = ?2",
        &[s(hall), s(window)],
    )
    .await?;
    Ok(row.is_some_and(|r| r.open != 0.0 && r.staff_id.as_deref() == Some(staff)))
}

pub async fn close(db: &D1Database, hall: &str, window: &str, now: i64) -> Result<(), Error> {
    batch(
        db,
        "window close",
        vec![
            stmt(
                db,
                "UPDATE window_state SET open = 0, changed_at = ?3
                 WHERE hall_code = ?1 AND window_code = ?2",
                &[s(hall), s(window), n(now)],
            )?,
            bump(db, hall)?,
        ],
    )
    .await
}

pub async fn set_streak(
    db: &D1Database,
    hall: &str,
    window: &str,
    streak: u32,
) -> Result<(), Error> {
    exec(
        db,
        "window streak",
        "UPDATE window_state SET booked_streak = ?3 WHERE hall_code = ?1 AND window_code = ?2",
        &[s(hall), s(window), n(i64::from(streak))],
    )
    .await?;
    Ok(())
}

/// One call for the board.
#[derive(Debug, Clone, Deserialize)]
pub struct CallRow {
    pub number: String,
    pub window_code: String,
    pub at: f64,
}

/// The latest calls in a hall today, newest first (one per ticket).
pub async fn latest_calls(
    db: &D1Database,
    hall: &str,
    day: &str,
    limit: u32,
) -> Result<Vec<CallRow>, Error> {
    all(
        db,
        "latest calls",
        "SELECT t.number, e.window_code, max(e.at) AS at FROM ticket_events e
         JOIN tickets t ON t.id = e.ticket_id
         WHERE e.hall_code = ?1 AND t.day = ?2 AND e.event IN ('called', 'recalled')
           AND e.window_code IS NOT NULL
         GROUP BY e.ticket_id ORDER BY max(e.id) DESC LIMIT ?3",
        &[s(hall), s(day), n(i64::from(limit))],
    )
    .await
}

/// Who to remind: a waiting ticket's contact number (the walk-in's, or the booked citizen's).
#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    pub id: String,
    pub phone: Option<String>,
}

pub async fn contacts(db: &D1Database, ids: &[String]) -> Result<Vec<Contact>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let json = serde_json::to_string(ids).map_err(|_| Error::Unavailable)?;
    all(
        db,
        "ticket contacts",
        "SELECT t.id, coalesce(t.phone, c.phone) AS phone FROM tickets t
         LEFT JOIN citizens c ON c.id = t.citizen_id
         WHERE t.id IN (SELECT value FROM json_each(?1)) AND t.reminded = 0",
        &[s(&json)],
    )
    .await
}

pub async fn mark_reminded(db: &D1Database, id: &str) -> Result<(), Error> {
    exec(
        db,
        "ticket reminded",
        "UPDATE tickets SET reminded = 1 WHERE id = ?1",
        &[s(id)],
    )
    .await?;
    Ok(())
}

/// Served tickets of a group in a hall, counted by weekday (0 = Sunday), hour and whole minutes
/// waited (hall time, UTC+8).
#[derive(Debug, Clone, Deserialize)]
pub struct WaitRow {
    pub weekday: f64,
    pub hour: f64,
    pub wait: f64,
    pub count: f64,
}

/// The waits of the tickets of `group` in `hall` taken on or after `since` (YYYY-MM-DD) and
/// called: a few hundred counted rows rather than every ticket.
pub async fn waits(
    db: &D1Database,
    hall: &str,
    group: char,
    since: &str,
) -> Result<Vec<WaitRow>, Error> {
    all(
        db,
        "waits",
        "SELECT CAST(strftime('%w', queued_at + 28800, 'unixepoch') AS INTEGER) AS weekday,
                CAST(strftime('%H', queued_at + 28800, 'unixepoch') AS INTEGER) AS hour,
                max(0, (called_at - queued_at + 30) / 60) AS wait, count(*) AS count
         FROM tickets
         WHERE hall_code = ?1 AND day >= ?2 AND group_code = ?3 AND called_at IS NOT NULL
         GROUP BY weekday, hour, wait",
        &[s(hall), s(since), s(&group.to_string())],
    )
    .await
}
