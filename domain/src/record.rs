//! What a history entry or a matter's status names, as a stable code (`step.accept`,
//! `complaint_state.replied`, `booking.checked_in`, `act.pay`). The server sends the code beside
//! its 简体 label; every reader names the code in its own language instead of translating text.

use serde::{Deserialize, Serialize};

use crate::application::{Status, Step};
use crate::booking::BookingState;
use crate::complaint::{ComplaintAction, ComplaintState};
use crate::consultation::{ConsultAction, ConsultState};
use crate::proxy::{ProxyAction, ProxyState};
use crate::rating::{Level, OrderAction, OrderState};

/// Something a citizen or the system did that is no staff step of the matter's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Act {
    /// An application received.
    Receive,
    /// The reminder that a 容缺 material is due.
    Remind,
    /// Put on, and taken off, the list of broken 容缺 promises.
    List,
    Unlist,
    /// The applicant chose how to get the result.
    Delivery,
    Pay,
    Refund,
    /// The 容缺 commitment signed online.
    Commit,
    ComplaintSubmit,
    ComplaintLog,
    ComplaintInform,
    ComplaintAttach,
    ComplaintRate,
    ConsultAsk,
    ConsultLog,
    ProxyRequest,
    /// A code this version does not know (written by a later one).
    Other,
}

impl Act {
    pub const ALL: [Act; 17] = [
        Act::Receive,
        Act::Remind,
        Act::List,
        Act::Unlist,
        Act::Delivery,
        Act::Pay,
        Act::Refund,
        Act::Commit,
        Act::ComplaintSubmit,
        Act::ComplaintLog,
        Act::ComplaintInform,
        Act::ComplaintAttach,
        Act::ComplaintRate,
        Act::ConsultAsk,
        Act::ConsultLog,
        Act::ProxyRequest,
        Act::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Act::Receive => "receive",
            Act::Remind => "remind",
            Act::List => "list",
            Act::Unlist => "unlist",
            Act::Delivery => "delivery",
            Act::Pay => "pay",
            Act::Refund => "refund",
            Act::Commit => "commit",
            Act::ComplaintSubmit => "complaint_submit",
            Act::ComplaintLog => "complaint_log",
            Act::ComplaintInform => "complaint_inform",
            Act::ComplaintAttach => "complaint_attach",
            Act::ComplaintRate => "complaint_rate",
            Act::ConsultAsk => "consult_ask",
            Act::ConsultLog => "consult_log",
            Act::ProxyRequest => "proxy_request",
            Act::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Act::Receive => "收件",
            Act::Remind => "容缺到期提醒",
            Act::List => "列入失信名单",
            Act::Unlist => "移出失信名单",
            Act::Delivery => "选择结果领取方式",
            Act::Pay => "网上缴费",
            Act::Refund => "退费",
            Act::Commit => "在线签署容缺承诺书",
            Act::ComplaintSubmit => "提交投诉",
            Act::ComplaintLog => "登记投诉",
            Act::ComplaintInform => "投诉人补充情况",
            Act::ComplaintAttach => "投诉人补充图片",
            Act::ComplaintRate => "投诉人评价处理结果",
            Act::ConsultAsk => "提出咨询",
            Act::ConsultLog => "登记咨询",
            Act::ProxyRequest => "提出代办申请",
            Act::Other => "其他",
        }
    }
}

/// Who made an entry of a matter's history. A staff member is shown by `by` (a name or a
/// staff number, as the hall's rules say); anyone else by their part in the matter, which
/// every reader names in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Actor {
    #[default]
    Staff,
    /// The applicant of an application or a 代办 request.
    Applicant,
    /// Who asked a question.
    Asker,
    Complainant,
    /// The hall's own scheduled work (reminders, the 失信 list).
    System,
}

impl Actor {
    pub const ALL: [Actor; 5] = [
        Actor::Staff,
        Actor::Applicant,
        Actor::Asker,
        Actor::Complainant,
        Actor::System,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Staff => "staff",
            Actor::Applicant => "applicant",
            Actor::Asker => "asker",
            Actor::Complainant => "complainant",
            Actor::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Actor> {
        Actor::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The 简体 name of the part (empty for staff, who are named).
    pub fn label(self) -> &'static str {
        match self {
            Actor::Staff => "",
            Actor::Applicant => "申请人",
            Actor::Asker => "咨询人",
            Actor::Complainant => "投诉人",
            Actor::System => "系统",
        }
    }

    /// The actor of a stored event by its stored kind: `staff`, `system`, or else the matter's
    /// citizen, whose part in this matter is `citizen`.
    pub fn of_stored(kind: &str, citizen: Actor) -> Actor {
        match kind {
            "staff" => Actor::Staff,
            "system" => Actor::System,
            _ => citizen,
        }
    }
}

/// What a history entry shows as its actor: the staff member as named, anyone else by part.
pub fn by(actor: Actor, staff: String) -> String {
    match actor {
        Actor::Staff => staff,
        other => other.label().to_string(),
    }
}

impl From<Actor> for String {
    fn from(a: Actor) -> String {
        a.as_str().to_string()
    }
}

impl TryFrom<String> for Actor {
    type Error = String;

    fn try_from(code: String) -> Result<Actor, String> {
        Actor::parse(&code).ok_or_else(|| format!("unknown actor {code}"))
    }
}

/// A step or a state of any matter, by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Record {
    Step(Step),
    Status(Status),
    Complaint(ComplaintAction),
    ComplaintState(ComplaintState),
    Consult(ConsultAction),
    ConsultState(ConsultState),
    Proxy(ProxyAction),
    ProxyState(ProxyState),
    Order(OrderAction),
    OrderState(OrderState),
    Rating(Level),
    Booking(BookingState),
    Act(Act),
}

impl Record {
    /// Every record, for documentation and for checking that readers name each one.
    pub fn all() -> Vec<Record> {
        let mut all: Vec<Record> = Step::ALL.into_iter().map(Record::Step).collect();
        all.extend(Status::ALL.map(Record::Status));
        all.extend(ComplaintAction::ALL.iter().map(|a| Record::Complaint(*a)));
        all.extend(
            ComplaintState::ALL
                .iter()
                .map(|s| Record::ComplaintState(*s)),
        );
        all.extend(ConsultAction::ALL.map(Record::Consult));
        all.extend(ConsultState::ALL.map(Record::ConsultState));
        all.extend(ProxyAction::ALL.map(Record::Proxy));
        all.extend(ProxyState::ALL.map(Record::ProxyState));
        all.extend(OrderAction::ALL.map(Record::Order));
        all.extend(OrderState::ALL.map(Record::OrderState));
        all.extend(Level::ALL.map(Record::Rating));
        all.extend(BookingState::ALL.map(Record::Booking));
        all.extend(Act::ALL.map(Record::Act));
        all
    }

    /// `<kind>.<code>`, e.g. `step.accept`.
    pub fn code(self) -> String {
        let (kind, code) = match self {
            Record::Step(s) => ("step", s.as_str()),
            Record::Status(s) => ("status", s.as_str()),
            Record::Complaint(a) => ("complaint", a.as_str()),
            Record::ComplaintState(s) => ("complaint_state", s.as_str()),
            Record::Consult(a) => ("consult", a.as_str()),
            Record::ConsultState(s) => ("consult_state", s.as_str()),
            Record::Proxy(a) => ("proxy", a.as_str()),
            Record::ProxyState(s) => ("proxy_state", s.as_str()),
            Record::Order(a) => ("order", a.as_str()),
            Record::OrderState(s) => ("order_state", s.as_str()),
            Record::Rating(l) => ("rating", l.as_str()),
            Record::Booking(s) => ("booking", s.as_str()),
            Record::Act(a) => ("act", a.as_str()),
        };
        format!("{kind}.{code}")
    }

    pub fn parse(code: &str) -> Option<Record> {
        Record::all().into_iter().find(|r| r.code() == code)
    }

    /// The 简体 name, as the hall writes it.
    pub fn label(self) -> &'static str {
        match self {
            Record::Step(s) => s.label(),
            Record::Status(s) => s.label(),
            Record::Complaint(a) => a.label(),
            Record::ComplaintState(s) => s.label(),
            Record::Consult(a) => a.label(),
            Record::ConsultState(s) => s.label(),
            Record::Proxy(a) => a.label(),
            Record::ProxyState(s) => s.label(),
            Record::Order(a) => a.label(),
            Record::OrderState(s) => s.label(),
            Record::Rating(l) => l.label(),
            Record::Booking(s) => s.label(),
            Record::Act(a) => a.label(),
        }
    }

    /// An application event as stored: a workflow step, or something else that happened.
    pub fn of_application_event(stored: &str) -> Record {
        if let Some(step) = Step::parse(stored) {
            return Record::Step(step);
        }
        Record::Act(match stored {
            "receive" => Act::Receive,
            "remind" => Act::Remind,
            "list" => Act::List,
            "unlist" => Act::Unlist,
            "delivery" => Act::Delivery,
            "pay" => Act::Pay,
            "refund" => Act::Refund,
            "commit" => Act::Commit,
            _ => Act::Other,
        })
    }

    /// A complaint event as stored: a staff action, or what the complainant did.
    pub fn of_complaint_event(stored: &str) -> Record {
        if let Some(action) = ComplaintAction::parse(stored) {
            return Record::Complaint(action);
        }
        Record::Act(match stored {
            "submit" => Act::ComplaintSubmit,
            "log" => Act::ComplaintLog,
            "inform" => Act::ComplaintInform,
            "attach" => Act::ComplaintAttach,
            "rate" => Act::ComplaintRate,
            _ => Act::Other,
        })
    }

    /// A consultation event as stored: a staff action, the question logged by staff, or asked.
    pub fn of_consult_event(stored: &str) -> Record {
        match ConsultAction::parse(stored) {
            Some(action) => Record::Consult(action),
            None if stored == "log" => Record::Act(Act::ConsultLog),
            None => Record::Act(Act::ConsultAsk),
        }
    }

    /// A 代办 event as stored: an action, or the request itself.
    pub fn of_proxy_event(stored: &str) -> Record {
        match ProxyAction::parse(stored) {
            Some(action) => Record::Proxy(action),
            None => Record::Act(Act::ProxyRequest),
        }
    }

    /// A work-order event as stored.
    pub fn of_order_event(stored: &str) -> Record {
        OrderAction::ALL
            .into_iter()
            .find(|a| a.as_str() == stored)
            .map_or(Record::Act(Act::Other), Record::Order)
    }
}

impl From<Record> for String {
    fn from(r: Record) -> String {
        r.code()
    }
}

impl TryFrom<String> for Record {
    type Error = String;

    fn try_from(code: String) -> Result<Record, String> {
        Record::parse(&code).ok_or_else(|| format!("unknown record {code}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_is_distinct_and_reads_back() {
        let all = Record::all();
        let codes: HashSet<String> = all.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), all.len());
        for r in all {
            assert_eq!(Record::parse(&r.code()), Some(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.code()));
            assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), r);
            assert!(!r.label().is_empty());
        }
        assert!(serde_json::from_str::<Record>("\"step.fly\"").is_err());
        assert!(Record::parse("accept").is_none());
    }

    #[test]
    fn actors_read_back_and_come_from_stored_kinds() {
        for a in Actor::ALL {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
            assert_eq!(serde_json::from_str::<Actor>(&json).unwrap(), a);
            assert_eq!(a.label().is_empty(), a == Actor::Staff);
        }
        assert!(serde_json::from_str::<Actor>("\"robot\"").is_err());
        assert_eq!(Actor::of_stored("staff", Actor::Asker), Actor::Staff);
        assert_eq!(Actor::of_stored("citizen", Actor::Asker), Actor::Asker);
        assert_eq!(Actor::of_stored("system", Actor::Applicant), Actor::System);
    }

    #[test]
    fn stored_events_name_their_kind() {
        assert_eq!(
            Record::of_application_event("accept"),
            Record::Step(Step::Accept)
        );
        assert_eq!(Record::of_application_event("pay"), Record::Act(Act::Pay));
        assert_eq!(
            Record::of_application_event("teleport"),
            Record::Act(Act::Other)
        );
        // The same stored word means different things in different matters.
        assert_eq!(
            Record::of_complaint_event("log"),
            Record::Act(Act::ComplaintLog)
        );
        assert_eq!(
            Record::of_consult_event("log"),
            Record::Act(Act::ConsultLog)
        );
        assert_eq!(
            Record::of_consult_event("ask"),
            Record::Act(Act::ConsultAsk)
        );
        assert_eq!(
            Record::of_complaint_event("reply"),
            Record::Complaint(ComplaintAction::Reply)
        );
        assert_eq!(
            Record::of_proxy_event("request"),
            Record::Act(Act::ProxyRequest)
        );
        assert_eq!(
            Record::of_order_event("contact"),
            Record::Order(OrderAction::Contact)
        );
        assert_eq!(Record::of_order_event("zzz"), Record::Act(Act::Other));
        assert_eq!(Record::of_complaint_event("submit").label(), "提交投诉");
    }
}
