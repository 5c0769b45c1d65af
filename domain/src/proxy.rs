//! 代办服务 (standard 6.7): the hall's free proxy service for citizens who cannot easily come or
//! handle a matter themselves (the elderly, the disabled, the seriously ill) and for key
//! projects. A request is assigned to a staff member (代办员), who contacts the citizen, handles
//! the matter, and closes the request, linking the application it led to.

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::error::FieldError;

/// The age from which a citizen may ask for 代办 as elderly.
pub const ELDERLY_AGE: u32 = 60;

/// Longest free text (note, address, reasons).
pub const TEXT_MAX: usize = 300;

/// Why the citizen asks for 代办.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// 60 or older, by the identity document registered in the account.
    Elderly,
    Disabled,
    /// Seriously ill or unable to move about.
    Illness,
    /// A key investment or construction project (重点项目).
    Project,
    /// Another difficulty, described in the note.
    Other,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Elderly,
        Reason::Disabled,
        Reason::Illness,
        Reason::Project,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Elderly => "elderly",
            Reason::Disabled => "disabled",
            Reason::Illness => "illness",
            Reason::Project => "project",
            Reason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::Elderly => "老年人（60 周岁以上）",
            Reason::Disabled => "残疾人",
            Reason::Illness => "重病或行动不便",
            Reason::Project => "重点项目",
            Reason::Other => "其他困难（请说明）",
        }
    }
}

/// Where the 代办员 meets the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Way {
    /// At the hall's 代办 desk.
    Hall,
    /// At home (上门服务): an address is needed.
    Home,
}

impl Way {
    pub fn as_str(self) -> &'static str {
        match self {
            Way::Hall => "hall",
            Way::Home => "home",
        }
    }

    pub fn parse(s: &str) -> Option<Way> {
        [Way::Hall, Way::Home].into_iter().find(|w| w.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Way::Hall => "到大厅代办窗口",
            Way::Home => "上门服务",
        }
    }
}

/// A request's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyState {
    Requested,
    /// A 代办员 is named.
    Assigned,
    /// The 代办员 is handling the matter.
    InProgress,
    Done,
    /// The hall declined, with a reason.
    Declined,
    /// The citizen no longer needs it.
    Cancelled,
}

impl ProxyState {
    pub const ALL: [ProxyState; 6] = [
        ProxyState::Requested,
        ProxyState::Assigned,
        ProxyState::InProgress,
        ProxyState::Done,
        ProxyState::Declined,
        ProxyState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProxyState::Requested => "requested",
            ProxyState::Assigned => "assigned",
            ProxyState::InProgress => "in_progress",
            ProxyState::Done => "done",
            ProxyState::Declined => "declined",
            ProxyState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ProxyState> {
        ProxyState::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProxyState::Requested => "待安排代办员",
            ProxyState::Assigned => "已安排代办员",
            ProxyState::InProgress => "代办中",
            ProxyState::Done => "已办结",
            ProxyState::Declined => "不予代办",
            ProxyState::Cancelled => "已取消",
        }
    }

    /// Still to be handled.
    pub fn open(self) -> bool {
        matches!(
            self,
            ProxyState::Requested | ProxyState::Assigned | ProxyState::InProgress
        )
    }
}

/// What staff or the citizen do to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyAction {
    /// Name (or change) the 代办员.
    Assign,
    Start,
    Complete,
    Decline,
    /// The citizen's own.
    Cancel,
}

impl ProxyAction {
    pub const ALL: [ProxyAction; 5] = [
        ProxyAction::Assign,
        ProxyAction::Start,
        ProxyAction::Complete,
        ProxyAction::Decline,
        ProxyAction::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProxyAction::Assign => "assign",
            ProxyAction::Start => "start",
            ProxyAction::Complete => "complete",
            ProxyAction::Decline => "decline",
            ProxyAction::Cancel => "cancel",
        }
    }

    pub fn parse(s: &str) -> Option<ProxyAction> {
        ProxyAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProxyAction::Assign => "安排代办员",
            ProxyAction::Start => "开始代办",
            ProxyAction::Complete => "代办办结",
            ProxyAction::Decline => "不予代办",
            ProxyAction::Cancel => "申请人取消",
        }
    }
}

/// The state after `action`, or `None` when the state does not allow it.
pub fn next(from: ProxyState, action: ProxyAction) -> Option<ProxyState> {
    use ProxyAction as A;
    use ProxyState as S;
    match (from, action) {
        (S::Requested | S::Assigned, A::Assign) => Some(S::Assigned),
        // Reassigning while in progress keeps the work going.
        (S::InProgress, A::Assign) => Some(S::InProgress),
        (S::Assigned, A::Start) => Some(S::InProgress),
        (S::InProgress, A::Complete) => Some(S::Done),
        (S::Requested | S::Assigned, A::Decline) => Some(S::Declined),
        (S::Requested | S::Assigned | S::InProgress, A::Cancel) => Some(S::Cancelled),
        _ => None,
    }
}

/// The staff actions a request in `state` allows (the citizen's cancel is not among them).
pub fn staff_actions(state: ProxyState) -> Vec<ProxyAction> {
    ProxyAction::ALL
        .into_iter()
        .filter(|a| *a != ProxyAction::Cancel && next(state, *a).is_some())
        .collect()
}

/// Age in whole years on `today` of someone born on `born`.
pub fn age_on(born: Date, today: Date) -> u32 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// The birth date inside a mainland resident ID number (positions 7–14).
pub fn birth_date(resident_id: &str) -> Option<Date> {
    let digits = resident_id.get(6..14)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::new(
        digits.get(0..4)?.parse().ok()?,
        digits.get(4..6)?.parse().ok()?,
        digits.get(6..8)?.parse().ok()?,
    )
}

/// What a citizen's request says, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts<'a> {
    pub reason: Option<Reason>,
    pub way: Option<Way>,
    pub address: &'a str,
    pub note: &'a str,
    /// The applicant's age by the resident ID in their account; `None` without one.
    pub age: Option<u32>,
    /// The item exists.
    pub item_known: bool,
}

/// Every problem of a request, named at once.
pub fn check_request(f: &RequestFacts<'_>) -> Vec<FieldError> {
    let mut problems = Vec::new();
    if !f.item_known {
        problems.push(FieldError::new(
            "item",
            "请选择要代办的事项",
            "item: choose the service item",
        ));
    }
    match f.reason {
        None => problems.push(FieldError::new(
            "reason",
            "请选择申请代办的原因",
            "reason: choose why you need 代办",
        )),
        Some(Reason::Elderly) if f.age.is_none_or(|a| a < ELDERLY_AGE) => {
            problems.push(FieldError::new(
                "reason",
                "按老年人申请代办须年满 60 周岁（以“我的大厅”中登记的居民身份证为准）",
                "reason: the elderly reason needs age 60 or over by the registered resident ID",
            ))
        }
        Some(Reason::Other) if f.note.trim().chars().count() < 4 => problems.push(FieldError::new(
            "note",
            "请说明需要代办的困难（至少 4 个字）",
            "note: describe the difficulty (at least 4 characters)",
        )),
        _ => {}
    }
    match f.way {
        None => problems.push(FieldError::new(
            "way",
            "请选择代办方式",
            "way: choose at the hall or at home",
        )),
        Some(Way::Home) if f.address.trim().chars().count() < 6 => problems.push(FieldError::new(
            "address",
            "上门服务请填写详细地址（区、街道、门牌）",
            "address: a home visit needs the full address",
        )),
        _ => {}
    }
    if f.note.chars().count() > TEXT_MAX {
        problems.push(FieldError::new(
            "note",
            "说明不超过 300 字",
            "note: at most 300 characters",
        ));
    }
    if f.address.chars().count() > TEXT_MAX {
        problems.push(FieldError::new(
            "address",
            "地址不超过 300 字",
            "address: at most 300 characters",
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn every_transition_is_legal_or_refused_as_the_table_says() {
        use ProxyAction as A;
        use ProxyState as S;
        let legal = [
            (S::Requested, A::Assign, S::Assigned),
            (S::Assigned, A::Assign, S::Assigned),
            (S::InProgress, A::Assign, S::InProgress),
            (S::Assigned, A::Start, S::InProgress),
            (S::InProgress, A::Complete, S::Done),
            (S::Requested, A::Decline, S::Declined),
            (S::Assigned, A::Decline, S::Declined),
            (S::Requested, A::Cancel, S::Cancelled),
            (S::Assigned, A::Cancel, S::Cancelled),
            (S::InProgress, A::Cancel, S::Cancelled),
        ];
        for from in ProxyState::ALL {
            for action in ProxyAction::ALL {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(next(from, action), expected, "{from:?} {action:?}");
            }
        }
        for s in [S::Done, S::Declined, S::Cancelled] {
            assert!(!s.open());
            assert!(staff_actions(s).is_empty(), "{s:?}");
        }
        assert_eq!(staff_actions(S::Requested), [A::Assign, A::Decline]);
        assert_eq!(staff_actions(S::InProgress), [A::Assign, A::Complete]);
    }

    #[test]
    fn names_round_trip() {
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
        }
        for s in ProxyState::ALL {
            assert_eq!(ProxyState::parse(s.as_str()), Some(s));
        }
        for a in ProxyAction::ALL {
            assert_eq!(ProxyAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(Way::parse("home"), Some(Way::Home));
        assert_eq!(Reason::parse("rich"), None);
    }

    #[test]
    fn age_counts_whole_years_to_the_birthday() {
        assert_eq!(age_on(d("1966-12-08"), d("2026-12-07")), 59);
        assert_eq!(age_on(d("1966-12-08"), d("2026-12-08")), 60);
        assert_eq!(age_on(d("1964-02-29"), d("2026-02-28")), 61);
        assert_eq!(age_on(d("1964-02-29"), d("2026-03-01")), 62);
        assert_eq!(age_on(d("2030-01-01"), d("2026-01-01")), 0);
        assert_eq!(birth_date("44010619661208001X"), Some(d("1966-12-08")));
        assert_eq!(birth_date("440106196613080011"), None);
        assert_eq!(birth_date("H01234567"), None);
    }

    #[test]
    fn requests_name_every_problem() {
        let ok = RequestFacts {
            reason: Some(Reason::Elderly),
            way: Some(Way::Hall),
            address: "",
            note: "",
            age: Some(60),
            item_known: true,
        };
        assert!(check_request(&ok).is_empty());
        let fields = |f: RequestFacts<'_>| -> Vec<&'static str> {
            check_request(&f).into_iter().map(|e| e.field).collect()
        };
        assert_eq!(
            fields(RequestFacts {
                age: Some(59),
                ..ok.clone()
            }),
            ["reason"]
        );
        assert_eq!(
            fields(RequestFacts {
                age: None,
                ..ok.clone()
            }),
            ["reason"]
        );
        assert_eq!(
            fields(RequestFacts {
                reason: Some(Reason::Disabled),
                age: None,
                ..ok.clone()
            }),
            Vec::<&str>::new()
        );
        assert_eq!(
            fields(RequestFacts {
                reason: Some(Reason::Other),
                note: "难",
                ..ok.clone()
            }),
            ["note"]
        );
        assert_eq!(
            fields(RequestFacts {
                way: Some(Way::Home),
                address: "天河",
                ..ok.clone()
            }),
            ["address"]
        );
        assert_eq!(
            fields(RequestFacts {
                reason: None,
                way: None,
                item_known: false,
                ..ok.clone()
            }),
            ["item", "reason", "way"]
        );
        let long = "长".repeat(TEXT_MAX + 1);
        assert_eq!(
            fields(RequestFacts {
                way: Some(Way::Home),
                address: &long,
                note: &long,
                ..ok
            }),
            ["note", "address"]
        );
    }
}
