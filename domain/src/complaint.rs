//! Complaints (投诉, standard 5.8, 6.5, 7.3, handled by GB/T 36113): intake from every channel,
//! a workflow with a deadline on each step, confidentiality, the complainant's own rating of
//! the handling, and the hall manager's monthly figures.
//!
//! The workflow: submitted → accepted, or declined with a stated reason → investigating →
//! handled → replied to the complainant → return visit → archived (a declined complaint is
//! archived straight away). Accepting is due within `accept_workdays` of submission; the reply
//! within `reply_workdays` of acceptance (`reply_workdays_joint` when several departments are
//! involved); the return visit within `visit_workdays` of the reply.

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};
use crate::error::FieldError;

/// Shortest and longest account of the facts; longest reply and note.
pub const FACTS_MIN: usize = 10;
pub const FACTS_MAX: usize = 2000;
pub const NOTE_MAX: usize = 2000;
/// At most this many images, each at most this many bytes.
pub const MAX_ATTACHMENTS: usize = 3;
pub const MAX_ATTACHMENT_BYTES: usize = 1_000_000;

macro_rules! named {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$v => $label),+ }
            }
        }
    };
}

named! {
    /// The three kinds of complaint GB/T 36113 distinguishes.
    Category {
        Conduct = "conduct", "工作人员服务态度、效率、作风问题";
        Department = "department", "政策性问题或严重、多次违规，需部门处理";
        Suggestion = "suggestion", "意见和建议";
    }
}

named! {
    /// How the complaint reached the hall.
    Channel {
        Web = "web", "网上投诉";
        OnSite = "on_site", "现场投诉";
        Hotline = "hotline", "12345 热线";
        Box = "box", "意见箱";
        Phone = "phone", "电话投诉";
        Email = "email", "电子邮件";
    }
}

named! {
    /// Why a complaint is not accepted.
    DeclineReason {
        OutsideService = "outside_service", "不属于政务服务范围";
        NoSubject = "no_subject", "没有明确的投诉对象";
        UnderReview = "under_review", "已进入行政复议或诉讼程序";
    }
}

named! {
    /// Where a complaint stands.
    ComplaintState {
        Submitted = "submitted", "待受理";
        Accepted = "accepted", "已受理";
        Declined = "declined", "不予受理";
        Investigating = "investigating", "调查核实中";
        Handled = "handled", "已处理";
        Replied = "replied", "已答复";
        Visited = "visited", "已回访";
        Archived = "archived", "已归档";
    }
}

named! {
    /// What staff do to a complaint.
    ComplaintAction {
        Accept = "accept", "受理";
        Decline = "decline", "不予受理";
        Investigate = "investigate", "调查核实";
        Handle = "handle", "处理完毕";
        Reply = "reply", "答复投诉人";
        Visit = "visit", "回访";
        Archive = "archive", "归档";
    }
}

/// The state after `action`, or `None` when it is not allowed.
pub fn next(from: ComplaintState, action: ComplaintAction) -> Option<ComplaintState> {
    use ComplaintAction as A;
    use ComplaintState as S;
    match (from, action) {
        (S::Submitted, A::Accept) => Some(S::Accepted),
        (S::Submitted, A::Decline) => Some(S::Declined),
        (S::Accepted, A::Investigate) => Some(S::Investigating),
        (S::Investigating, A::Handle) => Some(S::Handled),
        (S::Handled, A::Reply) => Some(S::Replied),
        (S::Replied, A::Visit) => Some(S::Visited),
        (S::Visited | S::Declined, A::Archive) => Some(S::Archived),
        _ => None,
    }
}

/// The actions a complaint in `state` allows.
pub fn actions(state: ComplaintState) -> Vec<ComplaintAction> {
    ComplaintAction::ALL
        .iter()
        .copied()
        .filter(|a| next(state, *a).is_some())
        .collect()
}

/// Whether staff of the department a complaint was assigned to may take `action` (they
/// investigate and handle; the complaint office accepts, replies, visits and archives).
pub fn department_may(action: ComplaintAction) -> bool {
    matches!(
        action,
        ComplaintAction::Investigate | ComplaintAction::Handle
    )
}

/// Whether the complainant may still add information (until it is replied to).
pub fn open_for_information(state: ComplaintState) -> bool {
    use ComplaintState as S;
    matches!(
        state,
        S::Submitted | S::Accepted | S::Investigating | S::Handled
    )
}

/// Whether the complainant may rate the handling (once replied to, until archived).
pub fn open_for_rating(state: ComplaintState) -> bool {
    matches!(state, ComplaintState::Replied | ComplaintState::Visited)
}

/// The hall's deadlines for complaints, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintRules {
    pub accept_workdays: u32,
    pub reply_workdays: u32,
    /// When several departments are involved.
    pub reply_workdays_joint: u32,
    pub visit_workdays: u32,
}

impl Default for ComplaintRules {
    fn default() -> Self {
        ComplaintRules {
            accept_workdays: 1,
            reply_workdays: 5,
            reply_workdays_joint: 15,
            visit_workdays: 5,
        }
    }
}

/// The days that fix a complaint's deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Milestones {
    pub submitted_on: Option<Date>,
    pub accepted_on: Option<Date>,
    pub replied_on: Option<Date>,
    /// Several departments are involved.
    pub joint: bool,
}

/// The reply deadline, once accepted.
pub fn reply_due(calendar: &Calendar, rules: &ComplaintRules, m: &Milestones) -> Option<Date> {
    let days = if m.joint {
        rules.reply_workdays_joint
    } else {
        rules.reply_workdays
    };
    calendar.add_working_days(m.accepted_on?, days)
}

/// The deadline of the step a complaint in `state` waits for, or `None` when nothing is due.
pub fn step_due(
    calendar: &Calendar,
    rules: &ComplaintRules,
    state: ComplaintState,
    m: &Milestones,
) -> Option<Date> {
    use ComplaintState as S;
    match state {
        S::Submitted => calendar.add_working_days(m.submitted_on?, rules.accept_workdays),
        S::Accepted | S::Investigating | S::Handled => reply_due(calendar, rules, m),
        S::Replied => calendar.add_working_days(m.replied_on?, rules.visit_workdays),
        S::Declined | S::Visited | S::Archived => None,
    }
}

/// Whether the reply went out by its deadline (`None` while not replied or never accepted).
pub fn replied_on_time(
    calendar: &Calendar,
    rules: &ComplaintRules,
    m: &Milestones,
) -> Option<bool> {
    Some(m.replied_on? <= reply_due(calendar, rules, m)?)
}

/// An image type the hall accepts as an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    /// The type the bytes really are, from their signature, whatever the name says.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageKind::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(ImageKind::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageKind::Webp)
        } else {
            None
        }
    }
}

/// The attachment's type, or why it is refused: its declared type must be an accepted image
/// type and match what the bytes are, and it must not be empty or too large.
pub fn check_attachment(n: usize, declared: &str, bytes: &[u8]) -> Result<ImageKind, FieldError> {
    let field = format!("attachments[{n}]");
    if bytes.is_empty() || bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(FieldError::new(
            "attachments",
            format!("第 {} 张图片不能为空，也不能超过 1 MB", n + 1),
            format!("{field}: 1 byte to 1 MB"),
        ));
    }
    match ImageKind::sniff(bytes) {
        Some(kind) if kind.content_type() == declared.trim().to_ascii_lowercase() => Ok(kind),
        _ => Err(FieldError::new(
            "attachments",
            format!("第 {} 张不是 JPG、PNG 或 WebP 图片", n + 1),
            format!("{field}: must be a JPEG, PNG or WebP image of the declared type"),
        )),
    }
}

fn length(
    field: &'static str,
    text: &str,
    min: usize,
    max: usize,
    what: &str,
) -> Option<FieldError> {
    let n = text.trim().chars().count();
    (!(min..=max).contains(&n)).then(|| {
        FieldError::new(
            field,
            format!("{what}应为 {min} 至 {max} 个字"),
            format!("{field}: {min} to {max} characters"),
        )
    })
}

/// What the complaint is about: all optional, but bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject<'a> {
    pub window: &'a str,
    pub staff_no: &'a str,
    /// The item's code as given, and whether the catalogue knows it.
    pub item: Option<(&'a str, bool)>,
}

/// An intake's problems (attachments are checked one by one with `check_attachment`).
pub fn check_intake(facts: &str, subject: Subject<'_>, attachments: usize) -> Vec<FieldError> {
    let mut problems: Vec<FieldError> = length("facts", facts, FACTS_MIN, FACTS_MAX, "投诉事实")
        .into_iter()
        .collect();
    if subject.window.trim().chars().count() > 10 {
        problems.push(FieldError::new(
            "window",
            "窗口号不超过 10 个字",
            "window: at most 10 characters",
        ));
    }
    if subject.staff_no.trim().chars().count() > 20 {
        problems.push(FieldError::new(
            "staff_no",
            "工号不超过 20 个字",
            "staff_no: at most 20 characters",
        ));
    }
    if let Some((_, false)) = subject.item {
        problems.push(FieldError::new(
            "item",
            "没有这个事项编码",
            "item: no such service item",
        ));
    }
    if attachments > MAX_ATTACHMENTS {
        problems.push(FieldError::new(
            "attachments",
            format!("最多上传 {MAX_ATTACHMENTS} 张图片"),
            format!("attachments: at most {MAX_ATTACHMENTS}"),
        ));
    }
    problems
}

/// Information the complainant adds, a staff note, or a reply.
pub fn check_text(field: &'static str, text: &str, what: &str) -> Vec<FieldError> {
    length(field, text, 2, NOTE_MAX, what).into_iter().collect()
}

/// One complaint as the monthly figures count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub category: Category,
    pub channel: Channel,
    /// The department it was assigned to (code), if any.
    pub department: Option<String>,
    /// Whether the reply went out in time (`None` while not replied or declined).
    pub on_time: Option<bool>,
}

/// A month's figures: counts by category, channel and department, and the on-time rate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figures {
    pub total: u32,
    pub by_category: Vec<(Category, u32)>,
    pub by_channel: Vec<(Channel, u32)>,
    /// Department code (empty: handled by the hall itself) and count, most first.
    pub by_department: Vec<(String, u32)>,
    pub replied: u32,
    pub replied_on_time: u32,
    /// Per mille of replies on time; `None` when nothing was replied.
    pub on_time_permille: Option<u32>,
}

/// Counts the month's complaints.
pub fn figures(complaints: &[Counted]) -> Figures {
    let count = |f: &dyn Fn(&Counted) -> bool| complaints.iter().filter(|c| f(c)).count() as u32;
    let mut by_department: Vec<(String, u32)> = Vec::new();
    for c in complaints {
        let d = c.department.clone().unwrap_or_default();
        match by_department.iter_mut().find(|(k, _)| *k == d) {
            Some((_, n)) => *n += 1,
            None => by_department.push((d, 1)),
        }
    }
    by_department.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let replied = count(&|c| c.on_time.is_some());
    let replied_on_time = count(&|c| c.on_time == Some(true));
    Figures {
        total: complaints.len() as u32,
        by_category: Category::ALL
            .iter()
            .map(|k| (*k, count(&|c| c.category == *k)))
            .collect(),
        by_channel: Channel::ALL
            .iter()
            .map(|k| (*k, count(&|c| c.channel == *k)))
            .collect(),
        by_department,
        replied,
        replied_on_time,
        on_time_permille: (replied > 0).then(|| replied_on_time * 1000 / replied),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn every_transition_is_legal_or_refused_as_the_table_says() {
        use ComplaintAction as A;
        use ComplaintState as S;
        let legal = [
            (S::Submitted, A::Accept, S::Accepted),
            (S::Submitted, A::Decline, S::Declined),
            (S::Accepted, A::Investigate, S::Investigating),
            (S::Investigating, A::Handle, S::Handled),
            (S::Handled, A::Reply, S::Replied),
            (S::Replied, A::Visit, S::Visited),
            (S::Visited, A::Archive, S::Archived),
            (S::Declined, A::Archive, S::Archived),
        ];
        for from in ComplaintState::ALL {
            for action in ComplaintAction::ALL {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| f == from && a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(next(*from, *action), expected, "{from:?} {action:?}");
            }
        }
        assert_eq!(actions(S::Submitted), [A::Accept, A::Decline]);
        assert!(actions(S::Archived).is_empty());
        assert!(department_may(A::Investigate) && department_may(A::Handle));
        assert!(!department_may(A::Accept) && !department_may(A::Reply));
        assert!(open_for_information(S::Handled) && !open_for_information(S::Replied));
        assert!(open_for_rating(S::Replied) && open_for_rating(S::Visited));
        assert!(!open_for_rating(S::Handled) && !open_for_rating(S::Archived));
    }

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(*c));
        }
        for r in DeclineReason::ALL {
            assert_eq!(DeclineReason::parse(r.as_str()), Some(*r));
        }
        for s in ComplaintState::ALL {
            assert_eq!(ComplaintState::parse(s.as_str()), Some(*s));
        }
        assert_eq!(
            ComplaintAction::parse("reply"),
            Some(ComplaintAction::Reply)
        );
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn each_step_has_its_deadline_in_working_days() {
        // 2026-12-04 is a Friday.
        let cal = Calendar::new([], [], [2026]);
        let rules = ComplaintRules::default();
        let mut m = Milestones {
            submitted_on: Some(d("2026-12-04")),
            ..Milestones::default()
        };
        let due = |s, m: &Milestones| step_due(&cal, &rules, s, m);
        assert_eq!(due(ComplaintState::Submitted, &m), Some(d("2026-12-07")));
        m.accepted_on = Some(d("2026-12-07"));
        assert_eq!(
            due(ComplaintState::Investigating, &m),
            Some(d("2026-12-14"))
        );
        m.joint = true;
        assert_eq!(due(ComplaintState::Handled, &m), Some(d("2026-12-28")));
        m.joint = false;
        m.replied_on = Some(d("2026-12-14"));
        assert_eq!(replied_on_time(&cal, &rules, &m), Some(true));
        assert_eq!(due(ComplaintState::Replied, &m), Some(d("2026-12-21")));
        m.replied_on = Some(d("2026-12-15"));
        assert_eq!(replied_on_time(&cal, &rules, &m), Some(false), "a day late");
        for s in [
            ComplaintState::Declined,
            ComplaintState::Visited,
            ComplaintState::Archived,
        ] {
            assert_eq!(due(s, &m), None);
        }
        let never_accepted = Milestones {
            replied_on: Some(d("2026-12-15")),
            ..Milestones::default()
        };
        assert_eq!(replied_on_time(&cal, &rules, &never_accepted), None);
    }

    #[test]
    fn attachments_must_be_images_of_the_declared_type_and_size() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0];
        let webp = *b"RIFF\0\0\0\0WEBPVP8 ";
        assert_eq!(
            check_attachment(0, "image/jpeg", &jpeg),
            Ok(ImageKind::Jpeg)
        );
        assert_eq!(check_attachment(0, "IMAGE/PNG", &png), Ok(ImageKind::Png));
        assert_eq!(
            check_attachment(0, "image/webp", &webp),
            Ok(ImageKind::Webp)
        );
        // A renamed file: the bytes say PNG, the name says JPEG.
        assert!(check_attachment(1, "image/jpeg", &png).is_err());
        assert!(check_attachment(0, "application/pdf", b"%PDF-1.7").is_err());
        assert!(check_attachment(0, "image/jpeg", &[]).is_err());
        let mut big = vec![0u8; MAX_ATTACHMENT_BYTES + 1];
        big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        let e = check_attachment(2, "image/jpeg", &big).unwrap_err();
        assert!(e.zh.contains("第 3 张"), "{}", e.zh);
        big.truncate(MAX_ATTACHMENT_BYTES);
        assert!(check_attachment(2, "image/jpeg", &big).is_ok());
    }

    #[test]
    fn intake_checks_facts_subject_and_attachment_count() {
        let fields =
            |p: Vec<FieldError>| -> Vec<&'static str> { p.into_iter().map(|e| e.field).collect() };
        let none = Subject {
            window: "",
            staff_no: "",
            item: None,
        };
        assert!(check_intake("窗口人员态度生硬，拒绝解释原因", none, 0).is_empty());
        assert_eq!(fields(check_intake("太慢了", none, 0)), ["facts"]);
        assert_eq!(
            fields(check_intake(&"慢".repeat(FACTS_MAX + 1), none, 4)),
            ["facts", "attachments"]
        );
        let bad = Subject {
            window: "第一百二十三号综合窗口",
            staff_no: &"9".repeat(21),
            item: Some(("XX-XX-999", false)),
        };
        assert_eq!(
            fields(check_intake("窗口人员态度生硬，拒绝解释原因", bad, 3)),
            ["window", "staff_no", "item"]
        );
        assert_eq!(fields(check_text("reply", "好", "答复")), ["reply"]);
    }

    #[test]
    fn the_figures_count_by_category_channel_department_and_time() {
        let c = |category, channel, dept: Option<&str>, on_time| Counted {
            category,
            channel,
            department: dept.map(str::to_string),
            on_time,
        };
        let f = figures(&[
            c(Category::Conduct, Channel::Web, None, Some(true)),
            c(
                Category::Conduct,
                Channel::Hotline,
                Some("gaj"),
                Some(false),
            ),
            c(Category::Department, Channel::Web, Some("gaj"), Some(true)),
            c(Category::Suggestion, Channel::Box, None, None),
        ]);
        assert_eq!(f.total, 4);
        assert_eq!(f.by_category[0], (Category::Conduct, 2));
        assert_eq!(f.by_channel[0], (Channel::Web, 2));
        assert_eq!(f.by_channel[2], (Channel::Hotline, 1));
        assert_eq!(
            f.by_department,
            [("".to_string(), 2), ("gaj".to_string(), 2)]
        );
        assert_eq!((f.replied, f.replied_on_time), (3, 2));
        assert_eq!(f.on_time_permille, Some(666));
        assert_eq!(figures(&[]).on_time_permille, None);
    }
}
