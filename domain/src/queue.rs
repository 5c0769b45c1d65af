//! The queue (standard 6.2 叫号): ticket numbers, the life of a ticket, and the order windows
//! call tickets in.
//!
//! Serving order: within an item group, checked-in bookings go ahead of walk-ins, but never more
//! than [`ServingOrder::booked_run`] bookings in a row while a walk-in waits; within each kind,
//! first come, first served (by `queued_at`). So a walk-in waits behind at most `booked_run`
//! bookings between two walk-in calls, and bookings keep the advantage they were promised.

use serde::{Deserialize, Serialize};

use crate::booking::{local_of, unix_of, Period};
use crate::calendar::Calendar;

/// The kiosk issues walk-in tickets only while the hall is open: on a working day, inside one
/// of its opening periods (not at night, on a day off or in the lunch break).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HallClosed {
    pub now: i64,
    /// When the hall next opens (Unix seconds), if within the next month.
    pub opens: Option<i64>,
}

/// How far ahead the next opening is looked for.
const NEXT_OPENING_DAYS: u32 = 31;

/// Whether walk-in tickets are issued at `now`; when not, when the hall next opens.
pub fn walk_ins_open(calendar: &Calendar, periods: &[Period], now: i64) -> Result<(), HallClosed> {
    let closed = |opens| Err(HallClosed { now, opens });
    let Some((today, time)) = local_of(now) else {
        return closed(None);
    };
    if calendar.is_working_day(today) && periods.iter().any(|p| p.start <= time && time < p.end) {
        return Ok(());
    }
    let mut starts: Vec<_> = periods.iter().map(|p| p.start).collect();
    starts.sort();
    let mut day = today;
    for _ in 0..=NEXT_OPENING_DAYS {
        if calendar.is_working_day(day) {
            if let Some(s) = starts.iter().find(|s| day != today || **s > time) {
                return closed(Some(unix_of(day, *s)));
            }
        }
        match day.succ() {
            Some(next) => day = next,
            None => break,
        }
    }
    closed(None)
}

impl HallClosed {
    pub fn code(self) -> &'static str {
        "queue.hall_closed"
    }

    pub fn message_zh(self) -> String {
        let when = match (self.opens.and_then(local_of), local_of(self.now)) {
            (Some((day, at)), Some((today, _))) if day == today => format!("今天 {at}"),
            (Some((day, at)), _) => {
                format!("{}（{}）{at}", day.month_day_zh(), day.weekday().label())
            }
            _ => return "大厅现在不在开放时间，不能取号。可以在网上预约办理时间。".into(),
        };
        format!("大厅现在不在开放时间，不能取号。下次开放：{when}。也可以先在网上预约办理时间。")
    }

    pub fn message_en(self) -> String {
        let when = match (self.opens.and_then(local_of), local_of(self.now)) {
            (Some((day, at)), Some((today, _))) if day == today => format!("today at {at}"),
            (Some((day, at)), _) => {
                format!(
                    "{} {} at {at}",
                    day.weekday().short_en(),
                    day.day_month_en()
                )
            }
            _ => {
                return "The hall is closed and issues no tickets now. You can book a time online."
                    .into()
            }
        };
        format!("The hall is closed and issues no tickets now. It opens again {when}; you can also book a time online.")
    }
}

/// How a ticket joined the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Taken at the kiosk without a booking.
    WalkIn,
    /// A booking checked in at the kiosk.
    Booked,
}

/// Where a ticket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Waiting,
    Called,
    Serving,
    Done,
    /// Called but not there; may rejoin once, within [`REJOIN_SECS`], at the back.
    Missed,
}

impl State {
    /// The state in an English sentence.
    pub fn label_en(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Called => "called to a window",
            State::Serving => "being served",
            State::Done => "finished",
            State::Missed => "missed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Waiting => "等候中",
            State::Called => "请到窗口",
            State::Serving => "办理中",
            State::Done => "已办结",
            State::Missed => "已过号",
        }
    }
}

/// How long after being marked missed a ticket may rejoin.
pub const REJOIN_SECS: i64 = 10 * 60;

/// A ticket's number: the item group's letter and the day's sequence, at least 3 digits, e.g.
/// `A023`. The sequence restarts every day and never repeats within it: after `A999` comes
/// `A1000` (the store writes the same with `printf('%03d', seq)`).
pub fn ticket_number(group: char, seq: u32) -> String {
    format!("{}{:03}", group.to_ascii_uppercase(), seq.max(1))
}

/// One ticket, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub number: String,
    /// The item group it queues in (the letter of its number at first; a transfer changes it).
    pub group: char,
    pub origin: Origin,
    pub state: State,
    /// Its place in the queue: when it joined (a transfer keeps it; a rejoin moves it back).
    pub queued_at: i64,
    /// The window it is called to; while waiting, the window it was transferred to (only that
    /// window calls it).
    pub window: Option<String>,
    pub missed_at: Option<i64>,
    pub rejoined: bool,
}

/// What a window or the kiosk does to a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Call {
        window: String,
    },
    Recall,
    Start,
    Finish,
    MarkMissed,
    Rejoin,
    /// To another item group (and so to the windows serving it), keeping its place.
    Transfer {
        group: char,
    },
    /// To another window (a colleague who handles the case), keeping its place: it waits for
    /// that window only.
    TransferToWindow {
        window: String,
    },
}

/// A step the rules do not allow, with what to tell the clerk or citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The event does not apply in the ticket's state.
    NotNow(State),
    /// Missed more than ten minutes ago.
    RejoinTooLate,
    /// A ticket rejoins once.
    AlreadyRejoined,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::NotNow(_) => "ticket.not_now",
            Refused::RejoinTooLate => "ticket.rejoin_too_late",
            Refused::AlreadyRejoined => "ticket.already_rejoined",
        }
    }

    pub fn message_zh(self) -> String {
        match self {
            Refused::NotNow(s) => format!("号票当前状态为“{}”，不能进行此操作", s.label()),
            Refused::RejoinTooLate => "过号已超过 10 分钟，请重新取号".into(),
            Refused::AlreadyRejoined => "每张号票只能过号重排一次，请重新取号".into(),
        }
    }

    pub fn message_en(self) -> String {
        match self {
            Refused::NotNow(s) => format!(
                "The ticket is {}: this step does not apply now",
                s.label_en()
            ),
            Refused::RejoinTooLate => {
                "More than 10 minutes since the ticket was missed; please take a new one".into()
            }
            Refused::AlreadyRejoined => {
                "A missed ticket rejoins the queue once; please take a new one".into()
            }
        }
    }
}

impl Ticket {
    pub fn new(number: String, group: char, origin: Origin, now: i64) -> Ticket {
        Ticket {
            number,
            group,
            origin,
            state: State::Waiting,
            queued_at: now,
            window: None,
            missed_at: None,
            rejoined: false,
        }
    }

    /// The ticket after `event` at `now`, or why not.
    pub fn apply(&self, event: &Event, now: i64) -> Result<Ticket, Refused> {
        let mut t = self.clone();
        match (self.state, event) {
            (State::Waiting, Event::Call { window }) => {
                t.state = State::Called;
                t.window = Some(window.clone());
            }
            (State::Called, Event::Recall) => {}
            (State::Called, Event::Start) => t.state = State::Serving,
            (State::Serving, Event::Finish) => t.state = State::Done,
            (State::Called, Event::MarkMissed) => {
                t.state = State::Missed;
                t.missed_at = Some(now);
            }
            (State::Missed, Event::Rejoin) => {
                if self.rejoined {
                    return Err(Refused::AlreadyRejoined);
                }
                if self.missed_at.is_none_or(|m| now - m > REJOIN_SECS) {
                    return Err(Refused::RejoinTooLate);
                }
                t.state = State::Waiting;
                t.window = None;
                t.queued_at = now;
                t.rejoined = true;
            }
            (
                State::Waiting | State::Called | State::Serving,
                Event::TransferToWindow { window },
            ) => {
                t.state = State::Waiting;
                t.window = Some(window.clone());
            }
            (State::Waiting | State::Called | State::Serving, Event::Transfer { group }) => {
                t.state = State::Waiting;
                t.group = *group;
                t.window = None;
            }
            (state, _) => return Err(Refused::NotNow(state)),
        }
        Ok(t)
    }
}

/// The serving order's one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServingOrder {
    /// At most this many bookings are called in a row while a walk-in waits.
    pub booked_run: u32,
}

impl Default for ServingOrder {
    fn default() -> Self {
        ServingOrder { booked_run: 2 }
    }
}

/// The index in `waiting` of the ticket to call next, given how many bookings were called in a
/// row just before (`booked_streak`). `waiting` holds the waiting tickets of the groups a window
/// serves, in any order.
pub fn next_to_call(waiting: &[&Ticket], booked_streak: u32, order: ServingOrder) -> Option<usize> {
    let oldest = |origin: Origin| {
        waiting
            .iter()
            .enumerate()
            .filter(|(_, t)| t.origin == origin && t.state == State::Waiting)
            .min_by_key(|(_, t)| (t.queued_at, t.number.clone()))
            .map(|(i, _)| i)
    };
    match (oldest(Origin::Booked), oldest(Origin::WalkIn)) {
        (Some(b), Some(_)) if booked_streak < order.booked_run => Some(b),
        (_, Some(w)) => Some(w),
        (Some(b), None) => Some(b),
        (None, None) => None,
    }
}

/// The streak after calling a ticket of `origin`.
pub fn streak_after(streak: u32, origin: Origin) -> u32 {
    match origin {
        Origin::Booked => streak + 1,
        Origin::WalkIn => 0,
    }
}

/// The order in which `waiting` will be called if windows call in the serving order from now
/// on (everything waiting stays; nobody new arrives): indexes into `waiting`.
pub fn call_order(waiting: &[&Ticket], booked_streak: u32, order: ServingOrder) -> Vec<usize> {
    let mut left: Vec<usize> = (0..waiting.len()).collect();
    let mut streak = booked_streak;
    let mut out = Vec::with_capacity(waiting.len());
    loop {
        let view: Vec<&Ticket> = left.iter().map(|i| waiting[*i]).collect();
        let Some(j) = next_to_call(&view, streak, order) else {
            return out;
        };
        let i = left.remove(j);
        streak = streak_after(streak, waiting[i].origin);
        out.push(i);
    }
}

/// How many tickets will be called before `number`, in [`call_order`].
pub fn ahead_of(
    waiting: &[&Ticket],
    number: &str,
    booked_streak: u32,
    order: ServingOrder,
) -> Option<usize> {
    call_order(waiting, booked_streak, order)
        .iter()
        .position(|i| waiting[*i].number == number)
}

/// A reminder goes to a waiting citizen when this many or fewer are ahead (standard 6.2.2).
pub const REMIND_AHEAD: usize = 3;

/// Average minutes a window spends on one ticket, for the estimated wait.
pub const AVERAGE_SERVICE_MINUTES: u32 = 6;

/// The estimated wait in minutes with `ahead` tickets before and `windows` windows serving the
/// group (at least one is assumed, so a closed hall still gives an answer).
pub fn estimated_wait(ahead: usize, windows: usize) -> u32 {
    let ahead = u32::try_from(ahead).unwrap_or(u32::MAX);
    let windows = u32::try_from(windows.max(1)).unwrap_or(1);
    ahead
        .saturating_mul(AVERAGE_SERVICE_MINUTES)
        .div_ceil(windows)
}

/// Whether a waiting ticket with `ahead` before it should get its reminder now.
pub fn should_remind(ahead: usize, reminded: bool) -> bool {
    !reminded && ahead <= REMIND_AHEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(number: &str, origin: Origin, at: i64) -> Ticket {
        Ticket::new(number.into(), 'A', origin, at)
    }

    #[test]
    fn walk_ins_only_while_the_hall_is_open_and_the_refusal_says_when_it_opens() {
        use crate::booking::TimeOfDay;
        use crate::calendar::Date;
        let d = |s: &str| Date::parse(s).unwrap();
        // 1–7 October off, Saturday 10 October a working day.
        let off = (1..=7).map(|n| Date::new(2026, 10, n).unwrap());
        let cal = Calendar::new(off, [d("2026-10-10")], [2026]);
        let t = |h, m| TimeOfDay::new(h, m).unwrap();
        let periods = [
            Period {
                start: t(9, 0),
                end: t(12, 0),
            },
            Period {
                start: t(13, 0),
                end: t(17, 0),
            },
        ];
        let at = |day: &str, h, m| unix_of(d(day), t(h, m));
        let open = |now| walk_ins_open(&cal, &periods, now);
        let opens = |now| open(now).unwrap_err().opens.and_then(local_of);
        // Open: inside either period, from its first minute to its last.
        for now in [
            at("2026-09-29", 9, 0),
            at("2026-09-29", 11, 59),
            at("2026-09-29", 16, 59),
            at("2026-10-10", 10, 0),
        ] {
            assert_eq!(open(now), Ok(()));
        }
        // The lunch break: opens today at 13:00, said so.
        assert_eq!(
            opens(at("2026-09-29", 12, 0)),
            Some((d("2026-09-29"), t(13, 0)))
        );
        let lunch = open(at("2026-09-29", 12, 30)).unwrap_err();
        assert!(
            lunch.message_zh().contains("今天 13:00"),
            "{}",
            lunch.message_zh()
        );
        assert!(
            lunch.message_en().contains("today at 13:00"),
            "{}",
            lunch.message_en()
        );
        // Before opening, and in the night: the first period of that or the next working day.
        assert_eq!(
            opens(at("2026-09-29", 7, 30)),
            Some((d("2026-09-29"), t(9, 0)))
        );
        assert_eq!(
            opens(at("2026-09-29", 17, 0)),
            Some((d("2026-09-30"), t(9, 0)))
        );
        // The night before the holidays: the hall opens on 8 October, named with its weekday.
        let holiday = open(at("2026-09-30", 21, 55)).unwrap_err();
        assert_eq!(
            holiday.opens.and_then(local_of),
            Some((d("2026-10-08"), t(9, 0)))
        );
        assert!(
            holiday.message_zh().contains("10月8日（周四）09:00"),
            "{}",
            holiday.message_zh()
        );
        assert!(
            holiday.message_en().contains("Thu 8 Oct at 09:00"),
            "{}",
            holiday.message_en()
        );
        assert!(holiday.message_zh().contains("网上预约"));
        // A Sunday: the next working day.
        assert_eq!(
            opens(at("2026-09-27", 10, 0)),
            Some((d("2026-09-28"), t(9, 0)))
        );
        // A hall with no opening periods never opens: no time is promised.
        let never = walk_ins_open(&cal, &[], at("2026-09-29", 10, 0)).unwrap_err();
        assert_eq!(never.opens, None);
        assert!(!never.message_zh().contains("下次开放"));
        assert_eq!(never.code(), "queue.hall_closed");
    }

    #[test]
    fn numbers_are_a_letter_and_at_least_three_digits() {
        assert_eq!(ticket_number('a', 23), "A023");
        assert_eq!(ticket_number('B', 1), "B001");
        assert_eq!(ticket_number('B', 999), "B999");
        assert_eq!(ticket_number('B', 1000), "B1000");
        assert_eq!(ticket_number('B', 12345), "B12345");
        assert_eq!(ticket_number('B', 0), "B001");
    }

    #[test]
    fn a_ticket_is_called_served_and_done() {
        let t = ticket("A001", Origin::WalkIn, 0);
        let t = t.apply(&Event::Call { window: "5".into() }, 10).unwrap();
        assert_eq!((t.state, t.window.as_deref()), (State::Called, Some("5")));
        let t = t.apply(&Event::Recall, 20).unwrap();
        assert_eq!(t.state, State::Called);
        let t = t.apply(&Event::Start, 30).unwrap();
        let t = t.apply(&Event::Finish, 40).unwrap();
        assert_eq!(t.state, State::Done);
        assert_eq!(
            t.apply(&Event::Start, 50),
            Err(Refused::NotNow(State::Done))
        );
        assert_eq!(
            t.apply(&Event::Transfer { group: 'B' }, 50),
            Err(Refused::NotNow(State::Done))
        );
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        let t = ticket("A001", Origin::WalkIn, 0);
        for e in [
            Event::Recall,
            Event::Start,
            Event::Finish,
            Event::MarkMissed,
            Event::Rejoin,
        ] {
            assert_eq!(
                t.apply(&e, 1),
                Err(Refused::NotNow(State::Waiting)),
                "{e:?}"
            );
        }
        let called = t.apply(&Event::Call { window: "1".into() }, 1).unwrap();
        assert!(called
            .apply(&Event::Call { window: "2".into() }, 2)
            .is_err());
        assert!(called.apply(&Event::Finish, 2).is_err());
    }

    #[test]
    fn a_missed_ticket_rejoins_once_within_ten_minutes_at_the_back() {
        let t = ticket("A001", Origin::Booked, 0)
            .apply(&Event::Call { window: "1".into() }, 100)
            .unwrap()
            .apply(&Event::MarkMissed, 200)
            .unwrap();
        assert_eq!(t.state, State::Missed);
        assert_eq!(
            t.apply(&Event::Rejoin, 200 + REJOIN_SECS + 1),
            Err(Refused::RejoinTooLate)
        );
        let back = t.apply(&Event::Rejoin, 200 + REJOIN_SECS).unwrap();
        assert_eq!(
            (back.state, back.queued_at, back.window.clone()),
            (State::Waiting, 200 + REJOIN_SECS, None)
        );
        let missed_again = back
            .apply(&Event::Call { window: "1".into() }, 1000)
            .unwrap()
            .apply(&Event::MarkMissed, 1001)
            .unwrap();
        assert_eq!(
            missed_again.apply(&Event::Rejoin, 1002),
            Err(Refused::AlreadyRejoined)
        );
        assert!(Refused::RejoinTooLate.message_zh().contains("10 分钟"));
    }

    #[test]
    fn a_transfer_keeps_the_place() {
        let t = ticket("A007", Origin::WalkIn, 42)
            .apply(&Event::Call { window: "3".into() }, 100)
            .unwrap()
            .apply(&Event::Start, 110)
            .unwrap();
        let moved = t.apply(&Event::Transfer { group: 'C' }, 120).unwrap();
        assert_eq!(
            (
                moved.state,
                moved.group,
                moved.queued_at,
                moved.window.clone()
            ),
            (State::Waiting, 'C', 42, None)
        );
        assert_eq!(moved.number, "A007");
        let handed = t
            .apply(&Event::TransferToWindow { window: "5".into() }, 130)
            .unwrap();
        assert_eq!(
            (
                handed.state,
                handed.group,
                handed.queued_at,
                handed.window.as_deref()
            ),
            (State::Waiting, 'A', 42, Some("5"))
        );
        assert!(moved
            .apply(&Event::TransferToWindow { window: "5".into() }, 130)
            .is_ok());
        let done = t.apply(&Event::Finish, 140).unwrap();
        assert_eq!(
            done.apply(&Event::TransferToWindow { window: "5".into() }, 150),
            Err(Refused::NotNow(State::Done))
        );
    }

    #[test]
    fn bookings_go_first_but_walk_ins_never_starve() {
        let b: Vec<Ticket> = (0..5)
            .map(|i| ticket(&format!("B{i}"), Origin::Booked, 10 + i))
            .collect();
        let w: Vec<Ticket> = (0..3)
            .map(|i| ticket(&format!("W{i}"), Origin::WalkIn, i))
            .collect();
        let mut left: Vec<&Ticket> = b.iter().chain(&w).collect();
        let mut streak = 0;
        let mut calls = Vec::new();
        while let Some(i) = next_to_call(&left, streak, ServingOrder::default()) {
            let t = left.remove(i);
            streak = streak_after(streak, t.origin);
            calls.push(t.number.clone());
        }
        assert_eq!(calls, ["B0", "B1", "W0", "B2", "B3", "W1", "B4", "W2"]);
        // With only one kind waiting, it is first come, first served.
        let only_walk_ins: Vec<&Ticket> = w.iter().collect();
        assert_eq!(
            next_to_call(&only_walk_ins, 0, ServingOrder::default()),
            Some(0)
        );
        assert_eq!(next_to_call(&[], 0, ServingOrder::default()), None);
        // A streak carried over from earlier calls lets a walk-in go first.
        let mixed: Vec<&Ticket> = vec![&b[0], &w[0]];
        assert_eq!(next_to_call(&mixed, 2, ServingOrder::default()), Some(1));
    }

    #[test]
    fn the_count_ahead_follows_the_serving_order() {
        let b0 = ticket("B0", Origin::Booked, 50);
        let b1 = ticket("B1", Origin::Booked, 60);
        let b2 = ticket("B2", Origin::Booked, 70);
        let w0 = ticket("W0", Origin::WalkIn, 1);
        let w1 = ticket("W1", Origin::WalkIn, 2);
        let called = ticket("W9", Origin::WalkIn, 0)
            .apply(&Event::Call { window: "1".into() }, 5)
            .unwrap();
        let queue: Vec<&Ticket> = vec![&w1, &b2, &called, &b0, &w0, &b1];
        let order = ServingOrder::default();
        assert_eq!(ahead_of(&queue, "B0", 0, order), Some(0));
        assert_eq!(ahead_of(&queue, "W0", 0, order), Some(2));
        assert_eq!(ahead_of(&queue, "B2", 0, order), Some(3));
        assert_eq!(ahead_of(&queue, "W1", 0, order), Some(4));
        // Called tickets are not waiting, and unknown numbers are nowhere.
        assert_eq!(ahead_of(&queue, "W9", 0, order), None);
        assert_eq!(ahead_of(&queue, "Z1", 0, order), None);
    }

    #[test]
    fn waits_and_reminders() {
        assert_eq!(estimated_wait(0, 2), 0);
        assert_eq!(estimated_wait(5, 1), 30);
        assert_eq!(estimated_wait(5, 2), 15);
        assert_eq!(estimated_wait(3, 0), 18, "a closed group counts one window");
        assert!(should_remind(3, false));
        assert!(!should_remind(4, false));
        assert!(!should_remind(0, true));
    }
}
