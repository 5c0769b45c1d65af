//! Tickets and the queue (standard 6.2): what the kiosk, the ticket page, the window console and
//! the display board show.

use serde::{Deserialize, Serialize};

use crate::queue::{Origin, State};

/// An item as the kiosk lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskItem {
    pub code: String,
    pub name: String,
}

/// An item group at the kiosk: its letter, name, how many wait, and its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskGroup {
    pub code: char,
    pub name: String,
    pub waiting: u32,
    pub items: Vec<KioskItem>,
}

/// `GET /api/v1/halls/{hall}/kiosk`: what the hall's kiosk offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskView {
    pub hall_code: String,
    pub hall_name: String,
    pub area: String,
    pub groups: Vec<KioskGroup>,
    /// Walk-in tickets are issued now (the hall is open).
    #[serde(default = "yes")]
    pub open: bool,
    /// When closed: when the hall next opens (Unix seconds), if known.
    #[serde(default)]
    pub opens_at: Option<i64>,
}

fn yes() -> bool {
    true
}

/// A kiosk registered to a hall (`GET /api/v1/halls/{hall}/devices`). The key itself is shown
/// once, when it is registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskDevice {
    pub id: String,
    pub hall_code: String,
    pub name: String,
    /// Unix seconds.
    pub registered_at: i64,
    pub registered_by: String,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
}

/// `GET /api/v1/halls/{hall}/devices`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskDeviceList {
    pub devices: Vec<KioskDevice>,
}

/// `POST /api/v1/halls/{hall}/devices` (the hall manager): a kiosk to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRegistration {
    pub name: String,
    pub idempotency_key: String,
}

/// A registered kiosk and its key, shown this once (`None` when a retried registration answers:
/// the key was shown the first time; revoke the device and register it again if it was lost).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRegistered {
    pub device: KioskDevice,
    pub key: Option<String>,
}

/// `GET /api/v1/halls`: the halls, for the kiosk and board pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallBrief {
    pub code: String,
    pub name: String,
    pub address: String,
    pub area: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallList {
    pub halls: Vec<HallBrief>,
}

/// `POST /api/v1/halls/{hall}/tickets`: a walk-in ticket. A retried request with the same key
/// returns the same ticket. The phone, when given, gets the "almost your turn" message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkInRequest {
    pub item: String,
    pub idempotency_key: String,
    #[serde(default)]
    pub phone: Option<String>,
}

/// `POST /api/v1/halls/{hall}/check-in`: a booking checks in by its appointment number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInRequest {
    pub booking: String,
}

/// A ticket as its holder sees it (`GET /api/v1/tickets/{id}`; the id is unguessable and is
/// the only key to the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub id: String,
    pub number: String,
    pub hall_code: String,
    pub hall_name: String,
    pub area: String,
    pub item_code: String,
    pub item_name: String,
    pub group: char,
    pub origin: Origin,
    pub state: State,
    pub state_label: String,
    /// Tickets before this one; `None` unless waiting.
    pub ahead: Option<u32>,
    /// Estimated minutes until called; `None` unless waiting.
    pub wait_minutes: Option<u32>,
    /// The window to go to, once called.
    pub window: Option<String>,
    pub window_name: Option<String>,
    /// Until when a missed ticket may rejoin (Unix seconds); `None` when it may not.
    pub rejoin_until: Option<i64>,
    pub issued_at: i64,
    /// The booking it checked in, if any.
    pub booking: Option<String>,
    /// The booked citizen's name, masked (a walk-in ticket has none).
    #[serde(default)]
    pub name_masked: Option<String>,
}

/// A ticket on the window console: no personal data, only what the clerk needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketBrief {
    pub id: String,
    pub number: String,
    pub group: char,
    pub item_code: String,
    pub item_name: String,
    pub origin: Origin,
    pub state: State,
    pub queued_at: i64,
    pub booking: Option<String>,
}

/// One window on the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowStatus {
    pub hall_code: String,
    pub hall_name: String,
    pub code: String,
    pub name: String,
    pub groups: Vec<char>,
    pub open: bool,
    /// Open by me (false when another clerk holds it).
    pub mine: bool,
    /// The ticket called to or served at this window.
    pub current: Option<TicketBrief>,
    /// Waiting tickets of the groups this window serves, in the order they will be called.
    pub waiting: Vec<TicketBrief>,
    /// Missed tickets of today that may still rejoin.
    pub missed: Vec<TicketBrief>,
}

/// A group a ticket may be transferred to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupBrief {
    pub code: char,
    pub name: String,
}

/// `GET /api/v1/staff/windows`: the windows I may run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleView {
    pub windows: Vec<WindowStatus>,
    pub groups: Vec<GroupBrief>,
    /// Every window of the halls of my windows, for a transfer to a colleague.
    pub peers: Vec<WindowBrief>,
}

/// A window a ticket may be handed over to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowBrief {
    pub hall_code: String,
    pub code: String,
    pub name: String,
}

/// `POST /api/v1/staff/windows/{hall}/{window}/{open|close|call}` answer, and the body of a
/// ticket event on the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketEventRequest {
    /// `recall`, `start`, `finish`, `missed`, `transfer` or `transfer_window`.
    pub event: String,
    /// The window the clerk acts from.
    pub hall: String,
    pub window: String,
    /// For `transfer`: the target item group.
    #[serde(default)]
    pub group: Option<char>,
    /// For `transfer_window`: the target window of the same hall.
    #[serde(default)]
    pub to_window: Option<String>,
}

/// One call on the display board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardCall {
    pub number: String,
    pub window: String,
    pub window_name: String,
    /// Unix seconds of the (last) call.
    pub at: i64,
}

/// Waiting count of one group on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardGroup {
    pub code: char,
    pub name: String,
    pub waiting: u32,
}

/// `GET /api/v1/halls/{hall}/board`: the latest calls, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    pub hall_code: String,
    pub hall_name: String,
    /// The server's clock when it answered (Unix seconds): the board's clock follows it rather
    /// than the screen's own, which a hall's TV often has wrong.
    pub now: i64,
    pub calls: Vec<BoardCall>,
    pub groups: Vec<BoardGroup>,
}
