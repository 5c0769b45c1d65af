//! Applications from hand-over to result (standard 5.2, 5.3, 5.5, 5.7, 6.3.3–6.3.4): the state
//! machine, the materials checklist, 一次性告知 (one correction notice, and the five-working-day
//! rule of 行政许可法 art. 32), 承诺办结 deadlines in working days with the time waiting for the
//! citizen left out, 容缺受理 and its 失信名单, tracking numbers and the progress-query check.

use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::calendar::{Calendar, Date};
use crate::catalogue::Material;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已收件: materials handed over, not yet examined to the end.
    Submitted,
    /// 待补正: a correction notice lists what is missing or wrong.
    Correcting,
    /// 已受理.
    Accepted,
    /// 容缺受理: accepted with waivable materials to be supplied by a deadline.
    AcceptedRongque,
    /// 审查中.
    UnderReview,
    /// 准予许可 / 办结（同意）.
    Approved,
    /// 不予许可, with reasons.
    Refused,
    /// 结果待领取 / 待寄出.
    ResultReady,
    /// 已送达: collected or mailed.
    Delivered,
    /// 已归档.
    Archived,
    /// 已撤回 by the applicant before a decision.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 11] = [
        Status::Submitted,
        Status::Correcting,
        Status::Accepted,
        Status::AcceptedRongque,
        Status::UnderReview,
        Status::Approved,
        Status::Refused,
        Status::ResultReady,
        Status::Delivered,
        Status::Archived,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Correcting => "correcting",
            Status::Accepted => "accepted",
            Status::AcceptedRongque => "accepted_rongque",
            Status::UnderReview => "under_review",
            Status::Approved => "approved",
            Status::Refused => "refused",
            Status::ResultReady => "result_ready",
            Status::Delivered => "delivered",
            Status::Archived => "archived",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "已收件",
            Status::Correcting => "待补正材料",
            Status::Accepted => "已受理",
            Status::AcceptedRongque => "已容缺受理",
            Status::UnderReview => "审查中",
            Status::Approved => "已办结（准予）",
            Status::Refused => "已办结（不予许可）",
            Status::ResultReady => "结果待领取",
            Status::Delivered => "结果已送达",
            Status::Archived => "已归档",
            Status::Withdrawn => "已撤回",
        }
    }

    /// Accepted and not yet decided: the promised deadline runs.
    pub fn clock_runs(self) -> bool {
        matches!(
            self,
            Status::Accepted | Status::AcceptedRongque | Status::UnderReview
        )
    }

    /// A decision has been made (the deadline was met or missed for good).
    pub fn is_decided(self) -> bool {
        matches!(
            self,
            Status::Approved
                | Status::Refused
                | Status::ResultReady
                | Status::Delivered
                | Status::Archived
        )
    }

    /// Nothing more will happen to it.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Archived | Status::Withdrawn)
    }
}

/// What someone does to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Issue the correction notice (材料补正告知书).
    Notice,
    /// Accept: every required material is in.
    Accept,
    /// Accept with 容缺: only waivable materials are missing, the applicant signed the
    /// commitment.
    AcceptRongque,
    /// Record materials supplied later (after a notice is answered, or the waived ones).
    Supply,
    StartReview,
    Approve,
    Refuse,
    /// The result (licence, certificate, or refusal letter) is ready to collect or to mail.
    ResultReady,
    /// Handed over at the window or sent by mail.
    Deliver,
    Archive,
    /// The applicant withdraws before a decision.
    Withdraw,
    /// 首办 responsibility passes to another staff member, with a reason.
    HandOver,
}

impl Step {
    pub const ALL: [Step; 12] = [
        Step::Notice,
        Step::Accept,
        Step::AcceptRongque,
        Step::Supply,
        Step::StartReview,
        Step::Approve,
        Step::Refuse,
        Step::ResultReady,
        Step::Deliver,
        Step::Archive,
        Step::Withdraw,
        Step::HandOver,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Notice => "notice",
            Step::Accept => "accept",
            Step::AcceptRongque => "accept_rongque",
            Step::Supply => "supply",
            Step::StartReview => "start_review",
            Step::Approve => "approve",
            Step::Refuse => "refuse",
            Step::ResultReady => "result_ready",
            Step::Deliver => "deliver",
            Step::Archive => "archive",
            Step::Withdraw => "withdraw",
            Step::HandOver => "hand_over",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Notice => "出具补正告知书",
            Step::Accept => "受理",
            Step::AcceptRongque => "容缺受理",
            Step::Supply => "补交材料",
            Step::StartReview => "开始审查",
            Step::Approve => "准予许可",
            Step::Refuse => "不予许可",
            Step::ResultReady => "结果已出",
            Step::Deliver => "送达",
            Step::Archive => "归档",
            Step::Withdraw => "撤回申请",
            Step::HandOver => "移交首办责任",
        }
    }

    /// The staff roles whose work this step is: window clerks receive, accept and hand out;
    /// officers of the item's department review and decide. Withdrawal is the applicant's.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Step::Notice
            | Step::Accept
            | Step::AcceptRongque
            | Step::ResultReady
            | Step::Deliver => &[Role::WindowClerk],
            Step::StartReview | Step::Approve | Step::Refuse => &[Role::ApplicationOfficer],
            Step::Supply | Step::Archive | Step::HandOver => {
                &[Role::WindowClerk, Role::ApplicationOfficer]
            }
            Step::Withdraw => &[],
        }
    }
}

/// Why a step cannot be taken in the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalStep {
    pub from: Status,
    pub step: Step,
}

/// Whether a staff member may read an application (in clear, audited) of an item of
/// `department`: window clerks and the hall manager hall-wide (they receive, hand out and
/// supervise every item), an application officer only for the departments they serve, as for
/// their decisions.
pub fn may_read(roles: &[Role], departments: &[String], department: &str) -> bool {
    roles.contains(&Role::WindowClerk)
        || roles.contains(&Role::HallManager)
        || (roles.contains(&Role::ApplicationOfficer)
            && departments.iter().any(|d| d == department))
}

/// The state machine: the status after `step`, or why it is refused.
pub fn next(from: Status, step: Step) -> Result<Status, IllegalStep> {
    use Status::*;
    let to = match (from, step) {
        (Submitted | Correcting, Step::Notice) => Correcting,
        (Submitted | Correcting, Step::Accept) => Accepted,
        (Submitted | Correcting, Step::AcceptRongque) => AcceptedRongque,
        (Correcting, Step::Supply) => Correcting,
        (AcceptedRongque, Step::Supply) => Accepted,
        (UnderReview | Approved | Refused | ResultReady, Step::Supply) => from,
        (Accepted | AcceptedRongque, Step::StartReview) => UnderReview,
        (UnderReview, Step::Approve) => Approved,
        (UnderReview, Step::Refuse) => Refused,
        (Approved | Refused, Step::ResultReady) => ResultReady,
        (ResultReady, Step::Deliver) => Delivered,
        (Delivered, Step::Archive) => Archived,
        (Submitted | Correcting | Accepted | AcceptedRongque | UnderReview, Step::Withdraw) => {
            Withdrawn
        }
        (s, Step::HandOver) if !s.is_closed() && s != Delivered => s,
        _ => return Err(IllegalStep { from, step }),
    };
    Ok(to)
}

/// The steps that are legal from `from` (what a console offers).
pub fn legal_steps(from: Status) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| next(from, *s).is_ok())
        .collect()
}

/// The state of one material on the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaterialState {
    /// 已收取 (or fetched as an electronic licence).
    Received,
    /// 缺少.
    Missing,
    /// 有误: handed in but not as required.
    Incorrect,
    /// 容缺: accepted as missing, to be supplied by the 容缺 deadline.
    Waived,
    /// 不适用: an optional material the applicant's situation does not call for.
    NotApplicable,
}

impl MaterialState {
    pub fn label(self) -> &'static str {
        match self {
            MaterialState::Received => "已收取",
            MaterialState::Missing => "缺少",
            MaterialState::Incorrect => "有误",
            MaterialState::Waived => "容缺后补",
            MaterialState::NotApplicable => "不适用",
        }
    }
}

/// One line of the checklist: the guide's material and what was handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialCheck {
    pub name: String,
    pub required: bool,
    pub waivable: bool,
    pub state: MaterialState,
    /// What is wrong or what exactly is required (for 有误 and 缺少).
    #[serde(default)]
    pub note: String,
    /// The note by code, when the hall wrote it rather than a clerk.
    #[serde(default)]
    pub said: Option<crate::said::Said>,
}

/// The checklist of a guide with every material in the given state.
pub fn checklist(materials: &[Material], state: MaterialState) -> Vec<MaterialCheck> {
    materials
        .iter()
        .map(|m| MaterialCheck {
            name: m.name.clone(),
            required: m.required,
            waivable: m.waivable,
            state: if !m.required && state != MaterialState::Received {
                MaterialState::NotApplicable
            } else {
                state
            },
            note: String::new(),
            said: None,
        })
        .collect()
}

/// Why a checklist does not allow the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistRefusal {
    /// Accept: these required materials are not received.
    NotComplete(Vec<String>),
    /// Notice: nothing is missing or wrong, so there is nothing to notify.
    NothingToCorrect,
    /// 容缺: the item does not allow it.
    RongqueNotAllowed,
    /// 容缺: these missing or wrong materials are main materials that cannot be waived.
    NotWaivable(Vec<String>),
    /// 容缺: nothing is missing; accept normally.
    NothingToWaive,
    /// 容缺: the applicant is on the 失信名单.
    Listed,
    /// 容缺: the applicant has not signed the commitment.
    NoCommitment,
    /// A required material was marked not applicable.
    RequiredNotApplicable(Vec<String>),
}

impl ChecklistRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            ChecklistRefusal::NotComplete(_) => "application.materials_incomplete",
            ChecklistRefusal::NothingToCorrect => "application.nothing_to_correct",
            ChecklistRefusal::RongqueNotAllowed => "application.rongque_not_allowed",
            ChecklistRefusal::NotWaivable(_) => "application.rongque_not_waivable",
            ChecklistRefusal::NothingToWaive => "application.nothing_to_waive",
            ChecklistRefusal::Listed => "application.rongque_listed",
            ChecklistRefusal::NoCommitment => "application.rongque_no_commitment",
            ChecklistRefusal::RequiredNotApplicable(_) => "application.required_not_applicable",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            ChecklistRefusal::NotComplete(m) => {
                format!("以下必需材料尚未收齐，不能受理：{}", m.join("、"))
            }
            ChecklistRefusal::NothingToCorrect => "材料已齐全，无需出具补正告知书".into(),
            ChecklistRefusal::RongqueNotAllowed => "该事项不适用容缺受理".into(),
            ChecklistRefusal::NotWaivable(m) => {
                format!("以下为主要材料，不能容缺：{}", m.join("、"))
            }
            ChecklistRefusal::NothingToWaive => "材料已齐全，请直接受理".into(),
            ChecklistRefusal::Listed => "申请人在失信名单中，暂不能适用容缺受理".into(),
            ChecklistRefusal::NoCommitment => "容缺受理须申请人签署容缺承诺书".into(),
            ChecklistRefusal::RequiredNotApplicable(m) => {
                format!("以下为必需材料，不能标为不适用：{}", m.join("、"))
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ChecklistRefusal::NotComplete(m) => {
                format!("{} required material(s) not received", m.len())
            }
            ChecklistRefusal::NothingToCorrect => "Nothing is missing or wrong".into(),
            ChecklistRefusal::RongqueNotAllowed => {
                "This item does not allow acceptance with missing materials".into()
            }
            ChecklistRefusal::NotWaivable(m) => {
                format!("{} missing material(s) cannot be waived", m.len())
            }
            ChecklistRefusal::NothingToWaive => "Nothing is missing; accept normally".into(),
            ChecklistRefusal::Listed => "The applicant is on the dishonesty list".into(),
            ChecklistRefusal::NoCommitment => "The applicant must sign the commitment".into(),
            ChecklistRefusal::RequiredNotApplicable(m) => {
                format!("{} required material(s) marked not applicable", m.len())
            }
        }
    }
}

fn names(checks: &[MaterialCheck], pick: impl Fn(&MaterialCheck) -> bool) -> Vec<String> {
    checks
        .iter()
        .filter(|c| pick(c))
        .map(|c| c.name.clone())
        .collect()
}

fn no_required_skipped(checks: &[MaterialCheck]) -> Result<(), ChecklistRefusal> {
    let skipped = names(checks, |c| {
        c.required && c.state == MaterialState::NotApplicable
    });
    if skipped.is_empty() {
        Ok(())
    } else {
        Err(ChecklistRefusal::RequiredNotApplicable(skipped))
    }
}

/// Accepting needs every required material received (waived ones must be supplied first).
pub fn check_accept(checks: &[MaterialCheck]) -> Result<(), ChecklistRefusal> {
    no_required_skipped(checks)?;
    let open = names(checks, |c| c.required && c.state != MaterialState::Received);
    if open.is_empty() {
        Ok(())
    } else {
        Err(ChecklistRefusal::NotComplete(open))
    }
}

/// The materials a correction notice lists: everything missing or wrong (一次性告知: all of
/// them at once). Refused when there is nothing to list.
pub fn notice_lines(checks: &[MaterialCheck]) -> Result<Vec<MaterialCheck>, ChecklistRefusal> {
    no_required_skipped(checks)?;
    let lines: Vec<MaterialCheck> = checks
        .iter()
        .filter(|c| matches!(c.state, MaterialState::Missing | MaterialState::Incorrect))
        .cloned()
        .collect();
    if lines.is_empty() {
        Err(ChecklistRefusal::NothingToCorrect)
    } else {
        Ok(lines)
    }
}

/// The 容缺 commitment (容缺受理承诺书) the applicant signs, on paper at the window or online.
pub const RONGQUE_COMMITMENT: &str = "本人承诺：所提交的申请材料真实有效；容缺的材料将在约定期限内补交；逾期未补交的，同意列入失信名单，并在列入期间不再适用容缺受理。";

/// The applicant may sign the 容缺 commitment online: the item allows 容缺 and the application
/// is not accepted yet.
pub fn may_sign_commitment(rongque_item: bool, status: Status) -> bool {
    rongque_item && matches!(status, Status::Submitted | Status::Correcting)
}

/// 容缺受理 (5.7): the item allows it, the applicant is not listed and signed the commitment,
/// every main material is in, and only waivable materials are missing. Returns the checklist
/// with those materials marked [`MaterialState::Waived`].
pub fn check_rongque(
    item_allows: bool,
    checks: &[MaterialCheck],
    listed: bool,
    committed: bool,
) -> Result<Vec<MaterialCheck>, ChecklistRefusal> {
    if !item_allows {
        return Err(ChecklistRefusal::RongqueNotAllowed);
    }
    if listed {
        return Err(ChecklistRefusal::Listed);
    }
    no_required_skipped(checks)?;
    let blocking = names(checks, |c| {
        c.required
            && !c.waivable
            && c.state != MaterialState::Received
            && c.state != MaterialState::Waived
    });
    if !blocking.is_empty() {
        return Err(ChecklistRefusal::NotWaivable(blocking));
    }
    // A waivable material handed in wrong is treated like a missing one: supplied later.
    let waived: Vec<MaterialCheck> = checks
        .iter()
        .cloned()
        .map(|mut c| {
            if c.required && c.waivable && c.state != MaterialState::Received {
                c.state = MaterialState::Waived;
            }
            c
        })
        .collect();
    if !waived.iter().any(|c| c.state == MaterialState::Waived) {
        return Err(ChecklistRefusal::NothingToWaive);
    }
    if !committed {
        return Err(ChecklistRefusal::NoCommitment);
    }
    Ok(waived)
}

/// Whether waived materials are still outstanding.
pub fn waived_outstanding(checks: &[MaterialCheck]) -> bool {
    checks.iter().any(|c| c.state == MaterialState::Waived)
}

/// A checklist update from the window: the state of each material, by position. Only the
/// states a clerk may record are accepted (waiving is [`check_rongque`]'s to decide), and a
/// material already received stays received.
pub fn apply_states(
    checks: &[MaterialCheck],
    states: &[(usize, MaterialState, String)],
) -> Result<Vec<MaterialCheck>, Vec<usize>> {
    let mut out = checks.to_vec();
    let mut bad = Vec::new();
    for (i, state, note) in states {
        match out.get_mut(*i) {
            Some(c) if *state != MaterialState::Waived => {
                if !(c.state == MaterialState::Received && *state != MaterialState::Received) {
                    c.state = *state;
                    c.note = note.chars().take(200).collect();
                    c.said = None;
                }
            }
            _ => bad.push(*i),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad)
    }
}

/// The most working days after receipt a correction notice may be issued (行政许可法 art. 32).
pub const NOTICE_LIMIT_WORKDAYS: u32 = 5;

/// Whether a notice issued on `issued` is too late for materials received on `received`: then
/// the application counts as accepted on the day it was received.
pub fn notice_is_late(calendar: &Calendar, received: Date, issued: Date) -> bool {
    calendar.working_days_between(received, issued) > NOTICE_LIMIT_WORKDAYS
}

/// The day an application counts as accepted when it is accepted on `today`: the day of
/// receipt when no notice came within the limit (art. 32), else today.
pub fn acceptance_day(
    calendar: &Calendar,
    received: Date,
    first_notice: Option<Date>,
    today: Date,
) -> Date {
    let notified_in_time = first_notice.is_some_and(|n| !notice_is_late(calendar, received, n));
    if !notified_in_time && notice_is_late(calendar, received, today) {
        received
    } else {
        today
    }
}

/// The promised deadline (承诺办结): `promised` working days after acceptance, moved on by the
/// working days the clock stood still waiting for the citizen.
pub fn due_date(calendar: &Calendar, accepted: Date, promised: u32, paused: u32) -> Option<Date> {
    calendar.add_working_days(accepted, promised.saturating_add(paused))
}

/// Working days from `today` to `due`: positive while time is left, 0 on the due day, negative
/// once overdue (the working days past it).
pub fn working_days_left(calendar: &Calendar, today: Date, due: Date) -> i64 {
    if today <= due {
        i64::from(calendar.working_days_between(today, due))
    } else {
        -i64::from(calendar.working_days_between(due, today))
    }
}

/// Near due: at most this many working days left.
pub const NEAR_DUE_WORKDAYS: i64 = 2;

/// The 容缺 supply deadline: `days` working days after acceptance, never after the promised
/// deadline. When a correction notice already gave the same materials a later deadline in
/// writing, that one stands: a material has one deadline, and the hall does not shorten it.
pub fn rongque_deadline(
    calendar: &Calendar,
    accepted: Date,
    days: u32,
    noticed: Option<Date>,
    due: Date,
) -> Option<Date> {
    calendar
        .add_working_days(accepted, days)
        .map(|d| noticed.map_or(d, |n| d.max(n)).min(due))
}

/// What the scheduled job does about an outstanding 容缺 deadline today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RongqueDue {
    Nothing,
    /// Remind the applicant (once) that the deadline is near.
    Remind,
    /// Past the deadline with materials still outstanding: list the applicant.
    List,
}

pub fn rongque_due(
    calendar: &Calendar,
    today: Date,
    deadline: Date,
    remind_workdays: u32,
    reminded: bool,
) -> RongqueDue {
    if today > deadline {
        RongqueDue::List
    } else if !reminded && calendar.working_days_between(today, deadline) <= remind_workdays {
        RongqueDue::Remind
    } else {
        RongqueDue::Nothing
    }
}

/// Whether a listing made on `listed` has run its course by `today`.
pub fn listing_expired(listed: Date, today: Date, listing_days: u32) -> bool {
    today.days_since_epoch() - listed.days_since_epoch() >= i64::from(listing_days)
}

/// The hall's settings for applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationRules {
    /// How the responsible staff member is shown to citizens.
    pub owner_shown: OwnerShown,
    /// Working days a 容缺 applicant has to supply the waived materials (capped by the due date).
    pub rongque_workdays: u32,
    /// Remind this many working days before the 容缺 deadline.
    pub rongque_remind_workdays: u32,
    /// Calendar days a 失信名单 listing lasts unless the materials are supplied.
    pub listing_days: u32,
    /// Working days a citizen has to answer a correction notice.
    pub correction_workdays: u32,
}

impl Default for ApplicationRules {
    fn default() -> Self {
        ApplicationRules {
            owner_shown: OwnerShown::StaffNumber,
            rongque_workdays: 10,
            rongque_remind_workdays: 2,
            listing_days: 180,
            correction_workdays: 10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerShown {
    Name,
    StaffNumber,
}

/// How the responsible staff member appears to the citizen.
pub fn owner_label(shown: OwnerShown, display_name: &str, username: &str) -> String {
    match shown {
        OwnerShown::Name => display_name.to_string(),
        OwnerShown::StaffNumber => format!("{STAFF_NUMBER}{username}"),
    }
}

/// The 简体 words before a staff number in a staff member's label.
const STAFF_NUMBER: &str = "工号 ";

/// What an application names as responsible while no staff member has taken it.
pub const UNASSIGNED: &str = "待工作人员接手";

/// A staff label as the server writes it, read back so that a reader can name it in its own
/// language: the words around a number or for nobody are the server's, the name is the hall's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffLabel<'a> {
    Named(&'a str),
    Number(&'a str),
    Unassigned,
}

impl StaffLabel<'_> {
    pub fn read(label: &str) -> StaffLabel<'_> {
        match label.strip_prefix(STAFF_NUMBER) {
            Some(number) => StaffLabel::Number(number),
            None if label == UNASSIGNED => StaffLabel::Unassigned,
            None => StaffLabel::Named(label),
        }
    }
}

/// The applicant as the window's form gives them, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub name: String,
    pub id_kind: crate::identity::IdKind,
    pub id_number: String,
    pub phone: crate::identity::Phone,
}

/// Checks the request key and the applicant's name, identity document and phone, adding a
/// problem for each bad field; the applicant when all of them are good.
pub fn check_applicant(
    key: &str,
    name: &str,
    id_kind: crate::identity::IdKind,
    id_number: &str,
    phone: &str,
    today: Date,
    problems: &mut Vec<crate::error::FieldError>,
) -> Option<Applicant> {
    use crate::error::FieldError;
    if !crate::idempotency::is_key(key) {
        problems.push(FieldError::new(
            "idempotency_key",
            "请求标识不正确，请刷新页面后重试",
            "idempotency_key: 8-64 letters, digits, - or _",
        ));
    }
    let name = crate::identity::validate_name(name);
    if name.is_none() {
        problems.push(FieldError::new(
            "applicant_name",
            "请填写申请人姓名（1–30 个字）",
            "applicant_name: 1-30 characters",
        ));
    }
    let id_number = crate::identity::validate_id(id_kind, id_number, today);
    if let Err(p) = id_number {
        problems.push(FieldError::new(
            "id_number",
            p.message_zh(id_kind),
            p.message_en(id_kind),
        ));
    }
    let phone = crate::identity::Phone::parse(phone);
    if phone.is_none() {
        problems.push(crate::identity::phone_problem("phone"));
    }
    match (name, id_number, phone) {
        (Some(name), Ok(id_number), Some(phone)) => Some(Applicant {
            name,
            id_kind,
            id_number,
            phone,
        }),
        _ => None,
    }
}

/// Letters and digits of a tracking number: no 0/O, 1/I that are misheard or misread.
const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A tracking number: the day of receipt (YYMMDD) and eight random characters (40 bits), e.g.
/// `261127K7M4QX9P`. Easy to read out in groups, infeasible to guess.
pub fn tracking_number(received: Date, random: [u8; 5]) -> String {
    let mut bits: u64 = 0;
    for b in random {
        bits = (bits << 8) | u64::from(b);
    }
    let mut tail = String::with_capacity(8);
    for i in (0..8).rev() {
        tail.push(char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize]));
    }
    format!(
        "{:02}{:02}{:02}{tail}",
        received.year() % 100,
        received.month(),
        received.day()
    )
}

/// A tracking number as typed (any case, spaces or dashes between groups), or `None` when it
/// cannot be one.
pub fn parse_tracking(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let (date, tail) = (s.get(..6)?, s.get(6..)?);
    (s.len() == 14
        && date.bytes().all(|b| b.is_ascii_digit())
        && tail.bytes().all(|b| ALPHABET.contains(&b)))
    .then_some(s)
}

/// `261127-K7M4-QX9P`: the groups a clerk reads out.
pub fn format_tracking(number: &str) -> String {
    match (number.get(..6), number.get(6..10), number.get(10..)) {
        (Some(a), Some(b), Some(c)) => format!("{a}-{b}-{c}"),
        _ => number.to_string(),
    }
}

/// The anonymous progress query's proof: the last 4 digits of the applicant's phone, or the
/// last 6 characters of the identity number.
pub fn digits_match(phone: &str, id_number: &str, digits: &str) -> bool {
    let d = digits.trim().to_ascii_uppercase();
    match d.len() {
        4 => d.bytes().all(|b| b.is_ascii_digit()) && phone.ends_with(&d),
        6 => id_number.len() > 6 && id_number.to_ascii_uppercase().ends_with(&d),
        _ => false,
    }
}

/// The share of decided applications decided by their deadline, in per mille (None when none
/// was decided).
pub fn on_time_permille(decided: &[(Date, Date)]) -> Option<u32> {
    if decided.is_empty() {
        return None;
    }
    let on_time = decided.iter().filter(|(due, on)| on <= due).count();
    u32::try_from(on_time * 1000 / decided.len()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::MaterialKind;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn staff_labels_read_back_as_written() {
        let number = owner_label(OwnerShown::StaffNumber, "张敏", "clerk");
        assert_eq!(StaffLabel::read(&number), StaffLabel::Number("clerk"));
        let name = owner_label(OwnerShown::Name, "张敏", "clerk");
        assert_eq!(StaffLabel::read(&name), StaffLabel::Named("张敏"));
        assert_eq!(StaffLabel::read(UNASSIGNED), StaffLabel::Unassigned);
        // A name that only starts like the words does not lose its first character.
        assert_eq!(StaffLabel::read("工号"), StaffLabel::Named("工号"));
    }

    /// 2026 around National Day: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked.
    fn cal() -> Calendar {
        let off = (1..=7).map(|n| Date::new(2026, 10, n).unwrap());
        Calendar::new(off, [d("2026-09-20"), d("2026-10-10")], [2026])
    }

    fn m(name: &str, required: bool, waivable: bool) -> Material {
        Material {
            name: name.into(),
            kind: MaterialKind::Original,
            copies: 1,
            required,
            waivable,
        }
    }

    fn guide() -> Vec<Material> {
        vec![
            m("身份证", true, false),
            m("营业执照", true, false),
            m("租赁合同", true, true),
            m("消防验收意见", true, true),
            m("委托书（代办时）", false, false),
        ]
    }

    fn with(states: &[MaterialState]) -> Vec<MaterialCheck> {
        let mut c = checklist(&guide(), MaterialState::Received);
        for (c, s) in c.iter_mut().zip(states) {
            c.state = *s;
        }
        c
    }

    use MaterialState::{Incorrect, Missing, NotApplicable as Na, Received as Ok_, Waived};

    #[test]
    fn the_commitment_is_signed_online_only_before_acceptance_of_a_rongque_item() {
        for s in Status::ALL {
            let before = matches!(s, Status::Submitted | Status::Correcting);
            assert_eq!(may_sign_commitment(true, s), before, "{s:?}");
            assert!(!may_sign_commitment(false, s), "{s:?}");
        }
        assert!(RONGQUE_COMMITMENT.contains("失信名单"));
    }

    #[test]
    fn every_legal_transition() {
        use Status::*;
        let legal: &[(Status, Step, Status)] = &[
            (Submitted, Step::Notice, Correcting),
            (Correcting, Step::Notice, Correcting),
            (Submitted, Step::Accept, Accepted),
            (Correcting, Step::Accept, Accepted),
            (Submitted, Step::AcceptRongque, AcceptedRongque),
            (Correcting, Step::AcceptRongque, AcceptedRongque),
            (Correcting, Step::Supply, Correcting),
            (AcceptedRongque, Step::Supply, Accepted),
            (UnderReview, Step::Supply, UnderReview),
            (Approved, Step::Supply, Approved),
            (Refused, Step::Supply, Refused),
            (ResultReady, Step::Supply, ResultReady),
            (Accepted, Step::StartReview, UnderReview),
            (AcceptedRongque, Step::StartReview, UnderReview),
            (UnderReview, Step::Approve, Approved),
            (UnderReview, Step::Refuse, Refused),
            (Approved, Step::ResultReady, ResultReady),
            (Refused, Step::ResultReady, ResultReady),
            (ResultReady, Step::Deliver, Delivered),
            (Delivered, Step::Archive, Archived),
            (Submitted, Step::Withdraw, Withdrawn),
            (Correcting, Step::Withdraw, Withdrawn),
            (Accepted, Step::Withdraw, Withdrawn),
            (AcceptedRongque, Step::Withdraw, Withdrawn),
            (UnderReview, Step::Withdraw, Withdrawn),
        ];
        let mut count = 0;
        for from in Status::ALL {
            for step in Step::ALL {
                let expected = if step == Step::HandOver {
                    (!from.is_closed() && from != Delivered).then_some(from)
                } else {
                    legal
                        .iter()
                        .find(|(f, s, _)| *f == from && *s == step)
                        .map(|t| t.2)
                };
                assert_eq!(next(from, step).ok(), expected, "{from:?} {step:?}");
                if expected.is_none() {
                    assert_eq!(next(from, step), Err(IllegalStep { from, step }));
                }
                count += 1;
            }
        }
        assert_eq!(count, 11 * 12);
        // Nothing leaves a closed state.
        assert!(legal_steps(Archived).is_empty());
        assert!(legal_steps(Withdrawn).is_empty());
        // No withdrawal after a decision.
        assert!(!legal_steps(Approved).contains(&Step::Withdraw));
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
            assert!(!s.label().is_empty());
        }
        assert_eq!(Status::parse("Accepted"), None);
        assert!(Step::Approve.roles().contains(&Role::ApplicationOfficer));
        assert!(!Step::Approve.roles().contains(&Role::WindowClerk));
        assert!(Step::Withdraw.roles().is_empty());
    }

    #[test]
    fn a_fresh_checklist_skips_optional_materials() {
        let c = checklist(&guide(), MaterialState::Missing);
        assert_eq!(c[0].state, Missing);
        assert_eq!(c[4].state, Na);
        assert!(check_accept(&checklist(&guide(), MaterialState::Received)).is_ok());
    }

    #[test]
    fn accepting_needs_every_required_material() {
        assert!(check_accept(&with(&[Ok_, Ok_, Ok_, Ok_, Na])).is_ok());
        assert_eq!(
            check_accept(&with(&[Ok_, Missing, Ok_, Incorrect, Na])),
            Err(ChecklistRefusal::NotComplete(vec![
                "营业执照".into(),
                "消防验收意见".into()
            ]))
        );
        // Waived materials are not received: accept needs them supplied.
        assert!(check_accept(&with(&[Ok_, Ok_, Waived, Ok_, Na])).is_err());
        assert_eq!(
            check_accept(&with(&[Na, Ok_, Ok_, Ok_, Na])),
            Err(ChecklistRefusal::RequiredNotApplicable(vec![
                "身份证".into()
            ]))
        );
        // An optional material missing does not block.
        assert!(check_accept(&with(&[Ok_, Ok_, Ok_, Ok_, Missing])).is_ok());
    }

    #[test]
    fn the_notice_lists_everything_at_once() {
        let lines = notice_lines(&with(&[Missing, Ok_, Incorrect, Ok_, Missing])).unwrap();
        let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["身份证", "租赁合同", "委托书（代办时）"]);
        assert_eq!(
            notice_lines(&with(&[Ok_, Ok_, Ok_, Ok_, Na])),
            Err(ChecklistRefusal::NothingToCorrect)
        );
    }

    #[test]
    fn rongque_eligibility() {
        // Only waivable materials missing: allowed, marked waived.
        let out = check_rongque(
            true,
            &with(&[Ok_, Ok_, Missing, Incorrect, Na]),
            false,
            true,
        )
        .unwrap();
        assert_eq!(out[2].state, Waived);
        assert_eq!(out[3].state, Waived);
        assert_eq!(out[0].state, Ok_);
        assert!(waived_outstanding(&out));
        // A main material missing: refused, named.
        assert_eq!(
            check_rongque(true, &with(&[Missing, Ok_, Missing, Ok_, Na]), false, true),
            Err(ChecklistRefusal::NotWaivable(vec!["身份证".into()]))
        );
        assert_eq!(
            check_rongque(
                true,
                &with(&[Ok_, Incorrect, Missing, Ok_, Na]),
                false,
                true
            ),
            Err(ChecklistRefusal::NotWaivable(vec!["营业执照".into()]))
        );
        // Nothing missing.
        assert_eq!(
            check_rongque(true, &with(&[Ok_, Ok_, Ok_, Ok_, Na]), false, true),
            Err(ChecklistRefusal::NothingToWaive)
        );
        // Item, listing, commitment.
        let c = with(&[Ok_, Ok_, Missing, Ok_, Na]);
        assert_eq!(
            check_rongque(false, &c, false, true),
            Err(ChecklistRefusal::RongqueNotAllowed)
        );
        assert_eq!(
            check_rongque(true, &c, true, true),
            Err(ChecklistRefusal::Listed)
        );
        assert_eq!(
            check_rongque(true, &c, false, false),
            Err(ChecklistRefusal::NoCommitment)
        );
        // Every refusal has a code and both messages.
        for r in [
            ChecklistRefusal::NotComplete(vec!["x".into()]),
            ChecklistRefusal::NothingToCorrect,
            ChecklistRefusal::RongqueNotAllowed,
            ChecklistRefusal::NotWaivable(vec!["x".into()]),
            ChecklistRefusal::NothingToWaive,
            ChecklistRefusal::Listed,
            ChecklistRefusal::NoCommitment,
            ChecklistRefusal::RequiredNotApplicable(vec!["x".into()]),
        ] {
            assert!(!r.code().is_empty() && !r.message_zh().is_empty());
            assert!(r.message_en().is_ascii());
        }
    }

    #[test]
    fn clerks_cannot_waive_or_unreceive() {
        let c = with(&[Ok_, Missing, Ok_, Ok_, Na]);
        let out = apply_states(&c, &[(1, Ok_, String::new()), (0, Missing, "x".into())]).unwrap();
        assert_eq!(out[1].state, Ok_);
        assert_eq!(out[0].state, Ok_, "a received material stays received");
        assert_eq!(
            apply_states(&c, &[(2, Waived, String::new())]),
            Err(vec![2])
        );
        assert_eq!(apply_states(&c, &[(9, Ok_, String::new())]), Err(vec![9]));
    }

    #[test]
    fn the_five_working_day_notice_rule() {
        let c = cal();
        // Received Fri 25 Sep: 5 working days are 28, 29, 30 Sep, 8, 9 Oct.
        assert!(!notice_is_late(&c, d("2026-09-25"), d("2026-10-09")));
        assert!(notice_is_late(&c, d("2026-09-25"), d("2026-10-10")));
        // The golden week does not count.
        assert!(!notice_is_late(&c, d("2026-09-30"), d("2026-10-13")));
        assert!(notice_is_late(&c, d("2026-09-30"), d("2026-10-14")));
        // Acceptance day: a timely notice moves acceptance to the day of acceptance.
        let rec = d("2026-09-25");
        assert_eq!(
            acceptance_day(&c, rec, Some(d("2026-09-28")), d("2026-10-20")),
            d("2026-10-20")
        );
        // No notice and accepted late: counts from receipt.
        assert_eq!(acceptance_day(&c, rec, None, d("2026-10-20")), rec);
        // A late notice: counts from receipt too.
        assert_eq!(
            acceptance_day(&c, rec, Some(d("2026-10-12")), d("2026-10-20")),
            rec
        );
        // Accepted within the limit without a notice: today.
        assert_eq!(
            acceptance_day(&c, rec, None, d("2026-09-29")),
            d("2026-09-29")
        );
    }

    #[test]
    fn deadlines_in_working_days_with_pauses() {
        let c = cal();
        // Accepted Wed 30 Sep, 3 working days: 8, 9, 10 (adjusted Saturday).
        assert_eq!(due_date(&c, d("2026-09-30"), 3, 0), Some(d("2026-10-10")));
        // Two working days waiting for the citizen move it on by two.
        assert_eq!(due_date(&c, d("2026-09-30"), 3, 2), Some(d("2026-10-13")));
        // 即办件: the day itself.
        assert_eq!(due_date(&c, d("2026-11-27"), 0, 0), Some(d("2026-11-27")));
        assert_eq!(working_days_left(&c, d("2026-09-30"), d("2026-10-10")), 3);
        assert_eq!(working_days_left(&c, d("2026-10-10"), d("2026-10-10")), 0);
        assert_eq!(working_days_left(&c, d("2026-10-13"), d("2026-10-10")), -2);
        // A weekend after the due date is not a day overdue.
        assert_eq!(working_days_left(&c, d("2026-11-29"), d("2026-11-27")), 0);
    }

    /// Properties over every day of 2026 and every limit up to 40 working days, with the real
    /// holiday calendar of the seed: the deadline is a working day, exactly `n` working days
    /// after acceptance, and later limits give later deadlines.
    #[test]
    fn working_day_properties_over_a_whole_year() {
        let seed = crate::seed::parse(include_str!("../../seed/service-items.json")).unwrap();
        let c = crate::directory::calendar_of(&seed.holidays);
        let mut day = d("2026-01-01");
        while day.year() == 2026 {
            let mut last = day;
            for n in 0..=40u32 {
                let due = due_date(&c, day, n, 0).unwrap();
                assert_eq!(c.working_days_between(day, due), n, "{day} + {n}");
                if n > 0 {
                    assert!(c.is_working_day(due), "{day} + {n} = {due}");
                    assert!(due > last);
                    assert_eq!(working_days_left(&c, day, due), i64::from(n));
                    assert_eq!(working_days_left(&c, due, day), -i64::from(n));
                }
                // A pause of p days is the same as a limit of n + p.
                assert_eq!(due_date(&c, day, n, 3), due_date(&c, day, n + 3, 0));
                last = due;
            }
            day = day.succ().unwrap();
        }
    }

    #[test]
    fn rongque_deadline_and_job() {
        let c = cal();
        let due = d("2026-10-10");
        assert_eq!(
            rongque_deadline(&c, d("2026-09-30"), 10, None, due),
            Some(due),
            "never after the promised deadline"
        );
        assert_eq!(
            rongque_deadline(&c, d("2026-09-30"), 2, None, due),
            Some(d("2026-10-09"))
        );
        // A notice's later deadline for the same materials stands; an earlier one gives way;
        // neither passes the promised deadline.
        let notice = d("2026-10-12");
        let later_due = d("2026-10-20");
        assert_eq!(
            rongque_deadline(&c, d("2026-09-30"), 2, Some(notice), later_due),
            Some(notice)
        );
        assert_eq!(
            rongque_deadline(&c, d("2026-09-30"), 2, Some(d("2026-09-30")), later_due),
            Some(d("2026-10-09"))
        );
        assert_eq!(
            rongque_deadline(&c, d("2026-09-30"), 2, Some(notice), due),
            Some(due)
        );
        let dl = d("2026-10-09");
        assert_eq!(
            rongque_due(&c, d("2026-09-28"), dl, 2, false),
            RongqueDue::Nothing
        );
        assert_eq!(
            rongque_due(&c, d("2026-10-07"), dl, 2, false),
            RongqueDue::Remind
        );
        assert_eq!(
            rongque_due(&c, d("2026-10-07"), dl, 2, true),
            RongqueDue::Nothing
        );
        assert_eq!(rongque_due(&c, dl, dl, 2, true), RongqueDue::Nothing);
        assert_eq!(
            rongque_due(&c, d("2026-10-10"), dl, 2, true),
            RongqueDue::List
        );
        assert!(!listing_expired(d("2026-10-10"), d("2027-04-07"), 180));
        assert!(listing_expired(d("2026-10-10"), d("2027-04-08"), 180));
    }

    #[test]
    fn officers_read_only_their_departments_applications() {
        let gaj = vec!["gaj".to_string()];
        assert!(may_read(&[Role::ApplicationOfficer], &gaj, "gaj"));
        assert!(!may_read(&[Role::ApplicationOfficer], &gaj, "scjgj"));
        assert!(!may_read(&[Role::ApplicationOfficer], &[], "gaj"));
        assert!(may_read(&[Role::WindowClerk], &[], "scjgj"));
        assert!(may_read(&[Role::HallManager], &[], "scjgj"));
        assert!(may_read(
            &[Role::ApplicationOfficer, Role::WindowClerk],
            &gaj,
            "scjgj"
        ));
        assert!(!may_read(&[Role::ComplaintOfficer], &gaj, "gaj"));
    }

    #[test]
    fn tracking_numbers() {
        let n = tracking_number(d("2026-11-27"), [0xff, 0, 0x55, 0xaa, 0x01]);
        assert_eq!(n.len(), 14);
        assert!(n.starts_with("261127"));
        assert_eq!(parse_tracking(&n), Some(n.clone()));
        assert_eq!(tracking_number(d("2026-11-27"), [0; 5]), "26112722222222");
        assert_eq!(
            tracking_number(d("2026-11-27"), [0xff; 5]),
            "261127ZZZZZZZZ"
        );
        let shown = format_tracking(&n);
        assert_eq!(shown.len(), 16);
        assert_eq!(parse_tracking(&shown.to_lowercase()), Some(n.clone()));
        assert_eq!(parse_tracking(&shown.replace('-', " ")), Some(n));
        assert_eq!(parse_tracking("261127K7M4QX9"), None, "too short");
        assert_eq!(parse_tracking("261127K7M4QX9O"), None, "O is not used");
        assert_eq!(parse_tracking("26112AK7M4QX9P"), None);
        assert_eq!(parse_tracking("中文"), None);
    }

    #[test]
    fn progress_digits() {
        assert!(digits_match("13812345678", "44010619900307123X", "5678"));
        assert!(digits_match("13812345678", "44010619900307123X", "07123x"));
        assert!(!digits_match("13812345678", "44010619900307123X", "5679"));
        assert!(!digits_match("13812345678", "44010619900307123X", "345678"));
        assert!(!digits_match("13812345678", "44010619900307123X", ""));
        assert!(!digits_match(
            "13812345678",
            "44010619900307123X",
            "12345678"
        ));
        assert!(!digits_match("13812345678", "123456", "123456"));
    }

    #[test]
    fn on_time_rate_and_owner() {
        assert_eq!(on_time_permille(&[]), None);
        let r = on_time_permille(&[
            (d("2026-10-10"), d("2026-10-09")),
            (d("2026-10-10"), d("2026-10-10")),
            (d("2026-10-10"), d("2026-10-12")),
        ]);
        assert_eq!(r, Some(666));
        assert_eq!(owner_label(OwnerShown::Name, "李明", "clerk"), "李明");
        assert_eq!(
            owner_label(OwnerShown::StaffNumber, "李明", "clerk"),
            "工号 clerk"
        );
    }
}
