//! Consultation (咨询, standard 5.1 首问负责, 6.3.5, 6.4): questions asked online, or taken on
//! site or by phone and logged by staff, land in one place. The first staff member to take one
//! is its 首问 owner and stays responsible until it is answered, even when it is routed to a
//! department; the answer is due within the hall's working days. An answered question may be
//! published, anonymised, to the public FAQ.

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};
use crate::error::FieldError;

/// Shortest and longest question or answer.
pub const TEXT_MIN: usize = 5;
pub const TEXT_MAX: usize = 1000;

/// How the question reached the hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    OnSite,
    Phone,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Online, Channel::OnSite, Channel::Phone];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::OnSite => "on_site",
            Channel::Phone => "phone",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Online => "网上咨询",
            Channel::OnSite => "现场咨询",
            Channel::Phone => "电话咨询",
        }
    }
}

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultState {
    /// Nobody has taken it yet.
    Open,
    /// A 首问 owner is responsible (perhaps routed to a department).
    Taken,
    Answered,
}

impl ConsultState {
    pub const ALL: [ConsultState; 3] = [
        ConsultState::Open,
        ConsultState::Taken,
        ConsultState::Answered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsultState::Open => "open",
            ConsultState::Taken => "taken",
            ConsultState::Answered => "answered",
        }
    }

    pub fn parse(s: &str) -> Option<ConsultState> {
        ConsultState::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsultState::Open => "待受理",
            ConsultState::Taken => "答复中",
            ConsultState::Answered => "已答复",
        }
    }
}

/// What staff do to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultAction {
    /// Become its 首问 owner.
    Take,
    /// Ask a department to answer; the owner stays responsible.
    Route,
    Answer,
    /// Publish the question and answer, anonymised, to the FAQ.
    Publish,
}

impl ConsultAction {
    pub const ALL: [ConsultAction; 4] = [
        ConsultAction::Take,
        ConsultAction::Route,
        ConsultAction::Answer,
        ConsultAction::Publish,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsultAction::Take => "take",
            ConsultAction::Route => "route",
            ConsultAction::Answer => "answer",
            ConsultAction::Publish => "publish",
        }
    }

    pub fn parse(s: &str) -> Option<ConsultAction> {
        ConsultAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsultAction::Take => "首问受理",
            ConsultAction::Route => "转交部门",
            ConsultAction::Answer => "答复",
            ConsultAction::Publish => "发布到常见问题",
        }
    }
}

/// The state after `action`, or `None` when it is not allowed. Routing or answering an open
/// question takes it too (whoever does it first is its 首问 owner).
pub fn next(from: ConsultState, action: ConsultAction) -> Option<ConsultState> {
    use ConsultAction as A;
    use ConsultState as S;
    match (from, action) {
        (S::Open, A::Take) => Some(S::Taken),
        (S::Open | S::Taken, A::Route) => Some(S::Taken),
        (S::Open | S::Taken, A::Answer) => Some(S::Answered),
        (S::Answered, A::Publish) => Some(S::Answered),
        _ => None,
    }
}

/// The actions a question in `state` allows.
pub fn actions(state: ConsultState) -> Vec<ConsultAction> {
    ConsultAction::ALL
        .into_iter()
        .filter(|a| next(state, *a).is_some())
        .collect()
}

/// The hall's settings for consultations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultationRules {
    /// Working days to answer, from the day asked.
    pub answer_workdays: u32,
}

impl Default for ConsultationRules {
    fn default() -> Self {
        ConsultationRules { answer_workdays: 2 }
    }
}

/// The day the answer is due: `workdays` working days after the day asked.
pub fn answer_due(calendar: &Calendar, asked: Date, workdays: u32) -> Option<Date> {
    calendar.add_working_days(asked, workdays)
}

/// Whether text carries what looks like personal data: a mainland mobile number or an ID
/// number (15 or 18 characters, digits with a final X allowed). Published FAQ text must not.
pub fn has_personal_data(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == 'X' || chars[i] == 'x')
            {
                i += 1;
            }
            let run = &chars[start..i];
            let digits = run.iter().take_while(|c| c.is_ascii_digit()).count();
            let mobile = digits == 11 && run.len() == 11 && run[0] == '1';
            let id = matches!(run.len(), 15 | 18) && digits >= run.len() - 1;
            if mobile || id {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

fn length_problem(field: &'static str, text: &str, what: &str) -> Option<FieldError> {
    let n = text.trim().chars().count();
    (!(TEXT_MIN..=TEXT_MAX).contains(&n)).then(|| {
        FieldError::new(
            field,
            format!("{what}应为 {TEXT_MIN} 至 {TEXT_MAX} 个字"),
            format!("{field}: {TEXT_MIN} to {TEXT_MAX} characters"),
        )
    })
}

/// A question's problems: its length, and the item when one is named.
pub fn check_question(question: &str, item_named: bool, item_known: bool) -> Vec<FieldError> {
    let mut problems = Vec::new();
    if item_named && !item_known {
        problems.push(FieldError::new(
            "item",
            "没有这个事项编码",
            "item: no such service item",
        ));
    }
    problems.extend(length_problem("question", question, "问题"));
    problems
}

/// An answer's problems.
pub fn check_answer(answer: &str) -> Vec<FieldError> {
    length_problem("answer", answer, "答复")
        .into_iter()
        .collect()
}

/// The public FAQ text's problems: length, and no personal data.
pub fn check_publication(question: &str, answer: &str) -> Vec<FieldError> {
    let mut problems: Vec<FieldError> = length_problem("question", question, "问题")
        .into_iter()
        .chain(length_problem("answer", answer, "答复"))
        .collect();
    for (field, text) in [("question", question), ("answer", answer)] {
        if has_personal_data(text) {
            problems.push(FieldError::new(
                field,
                "公开内容不能包含手机号码或证件号码，请先去除",
                format!("{field}: remove phone or ID numbers before publishing"),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_is_legal_or_refused_as_the_table_says() {
        use ConsultAction as A;
        use ConsultState as S;
        let legal = [
            (S::Open, A::Take, S::Taken),
            (S::Open, A::Route, S::Taken),
            (S::Taken, A::Route, S::Taken),
            (S::Open, A::Answer, S::Answered),
            (S::Taken, A::Answer, S::Answered),
            (S::Answered, A::Publish, S::Answered),
        ];
        for from in ConsultState::ALL {
            for action in ConsultAction::ALL {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(next(from, action), expected, "{from:?} {action:?}");
            }
        }
        assert_eq!(actions(S::Taken), [A::Route, A::Answer]);
        assert_eq!(actions(S::Answered), [A::Publish]);
    }

    #[test]
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        for s in ConsultState::ALL {
            assert_eq!(ConsultState::parse(s.as_str()), Some(s));
        }
        for a in ConsultAction::ALL {
            assert_eq!(ConsultAction::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn the_answer_is_due_in_working_days() {
        let cal = Calendar::new([], [], [2026]);
        // Friday + 2 working days = Tuesday.
        let fri = Date::parse("2026-12-04").unwrap();
        assert_eq!(
            answer_due(&cal, fri, 2),
            Some(Date::parse("2026-12-08").unwrap())
        );
        assert_eq!(ConsultationRules::default().answer_workdays, 2);
    }

    #[test]
    fn personal_data_is_found_in_text() {
        for t in [
            "我的电话13812345678",
            "身份证号44010619900101001X，怎么办",
            "旧证 440106900101001",
        ] {
            assert!(has_personal_data(t), "{t}");
        }
        for t in [
            "办理时限为 20 个工作日",
            "拨打 12345 咨询",
            "编号 2026120812345",
            "金额 1381234567",
        ] {
            assert!(!has_personal_data(t), "{t}");
        }
    }

    #[test]
    fn texts_are_checked_for_length_item_and_publication() {
        let fields =
            |p: Vec<FieldError>| -> Vec<&'static str> { p.into_iter().map(|e| e.field).collect() };
        assert!(check_question("护照过期了怎么办？", true, true).is_empty());
        assert_eq!(
            fields(check_question("护照", true, false)),
            ["item", "question"]
        );
        assert_eq!(
            fields(check_question(&"长".repeat(TEXT_MAX + 1), false, false)),
            ["question"]
        );
        assert_eq!(fields(check_answer("好")), ["answer"]);
        assert_eq!(
            fields(check_publication(
                "电话13812345678能办吗",
                "可以，请携带身份证原件"
            )),
            ["question"]
        );
    }
}
