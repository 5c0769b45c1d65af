//! The names of the domain's enums in the page's language. The domain crate names them in
//! 简体 for the server's records; the interface names them through the locales.

use hall_domain::access::Role;
use hall_domain::application::{MaterialState, StaffLabel, Status, Step};
use hall_domain::booking::BookingState;
use hall_domain::catalogue::{Audience, Channel, ItemKind, MaterialKind, Tongban};
use hall_domain::complaint::{
    Category, Channel as ComplaintChannel, ComplaintAction, ComplaintState, DeclineReason,
};
use hall_domain::consultation::{Channel as ConsultChannel, ConsultAction, ConsultState};
use hall_domain::dto::Unnamed;
use hall_domain::identity::IdKind;
use hall_domain::joint::JointStatus;
use hall_domain::payment::PayState;
use hall_domain::proxy::{ProxyAction, ProxyState, Reason, Way};
use hall_domain::queue::State;
use hall_domain::rating::{Dimension, Kind as RatingKind, Level, OrderAction, OrderState};
use hall_domain::record::{Act, Actor, Record};
use hall_domain::said::Said;

use crate::tr;

pub fn audience(a: Audience) -> &'static str {
    match a {
        Audience::Personal => tr!(audience_personal),
        Audience::Business => tr!(audience_business),
    }
}

pub fn tongban(t: Tongban) -> &'static str {
    match t {
        Tongban::Local => tr!(tongban_local),
        Tongban::SameCity => tr!(tongban_same_city),
        Tongban::CrossCity => tr!(tongban_cross_city),
        Tongban::Province => tr!(tongban_province),
    }
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Window => tr!(channel_window),
        Channel::Online => tr!(channel_online),
        Channel::Yueshengshi => tr!(channel_yueshengshi),
        Channel::Kiosk => tr!(channel_kiosk),
    }
}

/// "即办件 · 当场办结" or "承诺件 · 3 个工作日内办结".
pub fn limit(kind: ItemKind, days: u16) -> String {
    match kind {
        ItemKind::Immediate => tr!(kind_immediate).to_string(),
        ItemKind::Promised => tr!(kind_promised, days = days),
    }
}

pub fn tongban_explain(t: Tongban) -> &'static str {
    match t {
        Tongban::Local => tr!(tongban_local_explain),
        Tongban::SameCity => tr!(tongban_same_city_explain),
        Tongban::CrossCity => tr!(tongban_cross_city_explain),
        Tongban::Province => tr!(tongban_province_explain),
    }
}

pub fn item_kind(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Immediate => tr!(guide_kind_immediate),
        ItemKind::Promised => tr!(guide_kind_promised),
    }
}

pub fn material(k: MaterialKind) -> &'static str {
    match k {
        MaterialKind::Original => tr!(material_original),
        MaterialKind::Copy => tr!(material_copy),
        MaterialKind::Electronic => tr!(material_electronic),
    }
}

pub fn id_kind(k: IdKind) -> &'static str {
    match k {
        IdKind::Resident => tr!(id_resident),
        IdKind::HkMacauPermit => tr!(id_hk_macau),
        IdKind::TaiwanPermit => tr!(id_taiwan),
        IdKind::Passport => tr!(id_passport),
    }
}

pub fn role(r: Role) -> &'static str {
    match r {
        Role::WindowClerk => tr!(role_window_clerk),
        Role::ApplicationOfficer => tr!(role_application_officer),
        Role::ConsultationOfficer => tr!(role_consultation_officer),
        Role::ComplaintOfficer => tr!(role_complaint_officer),
        Role::HallManager => tr!(role_hall_manager),
        Role::ContentEditor => tr!(role_content_editor),
        Role::SystemAdministrator => tr!(role_system_administrator),
        Role::SecurityAdministrator => tr!(role_security_administrator),
        Role::AuditAdministrator => tr!(role_audit_administrator),
    }
}

pub fn pay_state(p: PayState) -> &'static str {
    match p {
        PayState::Pending => tr!(pay_pending),
        PayState::Paid => tr!(pay_paid),
        PayState::Refunded => tr!(pay_refunded_state),
    }
}

pub fn app_status(s: Status) -> &'static str {
    match s {
        Status::Submitted => tr!(status_submitted),
        Status::Correcting => tr!(status_correcting),
        Status::Accepted => tr!(status_accepted),
        Status::AcceptedRongque => tr!(status_accepted_rongque),
        Status::UnderReview => tr!(status_under_review),
        Status::Approved => tr!(status_approved),
        Status::Refused => tr!(status_refused),
        Status::ResultReady => tr!(status_result_ready),
        Status::Delivered => tr!(status_delivered),
        Status::Archived => tr!(status_archived),
        Status::Withdrawn => tr!(status_withdrawn),
    }
}

pub fn consult_state(s: ConsultState) -> &'static str {
    match s {
        ConsultState::Open => tr!(consult_state_open),
        ConsultState::Taken => tr!(consult_state_taken),
        ConsultState::Answered => tr!(consult_state_answered),
    }
}

pub fn level(l: Level) -> &'static str {
    match l {
        Level::VerySatisfied => tr!(level_very_satisfied),
        Level::Satisfied => tr!(level_satisfied),
        Level::Basic => tr!(level_basic),
        Level::Dissatisfied => tr!(level_dissatisfied),
        Level::VeryDissatisfied => tr!(level_very_dissatisfied),
    }
}

pub fn dimension(d: Dimension) -> &'static str {
    match d {
        Dimension::Efficiency => tr!(dim_efficiency),
        Dimension::Skill => tr!(dim_skill),
        Dimension::Attitude => tr!(dim_attitude),
        Dimension::OnlineEfficiency => tr!(dim_online_efficiency),
        Dimension::GuideAccuracy => tr!(dim_guide_accuracy),
        Dimension::Convenience => tr!(dim_convenience),
        Dimension::Operability => tr!(dim_operability),
    }
}

pub fn complaint_category(c: Category) -> &'static str {
    match c {
        Category::Conduct => tr!(complaint_cat_conduct),
        Category::Department => tr!(complaint_cat_department),
        Category::Suggestion => tr!(complaint_cat_suggestion),
    }
}

pub fn complaint_state(s: ComplaintState) -> &'static str {
    match s {
        ComplaintState::Submitted => tr!(complaint_state_submitted),
        ComplaintState::Accepted => tr!(complaint_state_accepted),
        ComplaintState::Declined => tr!(complaint_state_declined),
        ComplaintState::Investigating => tr!(complaint_state_investigating),
        ComplaintState::Handled => tr!(complaint_state_handled),
        ComplaintState::Replied => tr!(complaint_state_replied),
        ComplaintState::Visited => tr!(complaint_state_visited),
        ComplaintState::Archived => tr!(complaint_state_archived),
    }
}

pub fn material_state(s: MaterialState) -> &'static str {
    match s {
        MaterialState::Received => tr!(mat_received),
        MaterialState::Missing => tr!(mat_missing),
        MaterialState::Incorrect => tr!(mat_incorrect),
        MaterialState::Waived => tr!(mat_waived),
        MaterialState::NotApplicable => tr!(not_applicable),
    }
}

pub fn proxy_reason(r: Reason) -> &'static str {
    match r {
        Reason::Elderly => tr!(proxy_reason_elderly),
        Reason::Disabled => tr!(proxy_reason_disabled),
        Reason::Illness => tr!(proxy_reason_illness),
        Reason::Project => tr!(proxy_reason_project),
        Reason::Other => tr!(proxy_reason_other),
    }
}

pub fn proxy_way(w: Way) -> &'static str {
    match w {
        Way::Hall => tr!(proxy_way_hall),
        Way::Home => tr!(proxy_way_home),
    }
}

pub fn proxy_state(s: ProxyState) -> &'static str {
    match s {
        ProxyState::Requested => tr!(proxy_state_requested),
        ProxyState::Assigned => tr!(proxy_state_assigned),
        ProxyState::InProgress => tr!(proxy_state_in_progress),
        ProxyState::Done => tr!(proxy_state_done),
        ProxyState::Declined => tr!(proxy_state_declined),
        ProxyState::Cancelled => tr!(proxy_state_cancelled),
    }
}

pub fn queue_state(s: State) -> &'static str {
    match s {
        State::Waiting => tr!(queue_waiting),
        State::Called => tr!(queue_called),
        State::Serving => tr!(queue_serving),
        State::Done => tr!(queue_done),
        State::Missed => tr!(queue_missed),
    }
}

pub fn step(s: Step) -> &'static str {
    match s {
        Step::Notice => tr!(step_notice),
        Step::Accept => tr!(step_accept),
        Step::AcceptRongque => tr!(step_accept_rongque),
        Step::Supply => tr!(step_supply),
        Step::StartReview => tr!(step_start_review),
        Step::Approve => tr!(step_approve),
        Step::Refuse => tr!(step_refuse),
        Step::ResultReady => tr!(step_result_ready),
        Step::Deliver => tr!(step_deliver),
        Step::Archive => tr!(step_archive),
        Step::Withdraw => tr!(step_withdraw),
        Step::HandOver => tr!(step_hand_over),
    }
}

pub fn consult_channel(c: ConsultChannel) -> &'static str {
    match c {
        ConsultChannel::Online => tr!(consult_channel_online),
        ConsultChannel::OnSite => tr!(consult_channel_on_site),
        ConsultChannel::Phone => tr!(consult_channel_phone),
    }
}

pub fn complaint_channel(c: ComplaintChannel) -> &'static str {
    match c {
        ComplaintChannel::Web => tr!(complaint_channel_web),
        ComplaintChannel::OnSite => tr!(complaint_channel_on_site),
        ComplaintChannel::Hotline => tr!(complaint_channel_hotline),
        ComplaintChannel::Box => tr!(complaint_channel_box),
        ComplaintChannel::Phone => tr!(complaint_channel_phone),
        ComplaintChannel::Email => tr!(complaint_channel_email),
    }
}

pub fn decline_reason(r: DeclineReason) -> &'static str {
    match r {
        DeclineReason::OutsideService => tr!(decline_outside),
        DeclineReason::NoSubject => tr!(decline_no_subject),
        DeclineReason::UnderReview => tr!(decline_under_review),
    }
}

pub fn complaint_action(a: ComplaintAction) -> &'static str {
    match a {
        ComplaintAction::Accept => tr!(complaint_action_accept),
        ComplaintAction::Decline => tr!(complaint_action_decline),
        ComplaintAction::Investigate => tr!(complaint_action_investigate),
        ComplaintAction::Handle => tr!(complaint_action_handle),
        ComplaintAction::Reply => tr!(complaint_action_reply),
        ComplaintAction::Visit => tr!(complaint_action_visit),
        ComplaintAction::Archive => tr!(complaint_action_archive),
    }
}

pub fn rating_kind(k: RatingKind) -> &'static str {
    match k {
        RatingKind::OnSite => tr!(rating_kind_on_site),
        RatingKind::Online => tr!(rating_kind_online),
    }
}

pub fn order_state(s: OrderState) -> &'static str {
    match s {
        OrderState::Open => tr!(order_open),
        OrderState::Contacted => tr!(order_contacted),
        OrderState::Fixed => tr!(order_fixed),
        OrderState::Replied => tr!(order_replied),
        OrderState::Voided => tr!(order_voided),
    }
}

pub fn order_action(a: OrderAction) -> &'static str {
    match a {
        OrderAction::Contact => tr!(order_contact),
        OrderAction::Fix => tr!(order_fix),
        OrderAction::Reply => tr!(order_reply),
        OrderAction::Appeal => tr!(order_appeal),
        OrderAction::Uphold => tr!(order_uphold),
        OrderAction::Reject => tr!(order_reject),
    }
}

/// A step or state of any matter, named by its code.
pub fn record(r: Record) -> &'static str {
    match r {
        Record::Step(s) => step(s),
        Record::Status(s) => app_status(s),
        Record::Complaint(a) => complaint_action(a),
        Record::ComplaintState(s) => complaint_state(s),
        Record::Consult(a) => consult_action(a),
        Record::ConsultState(s) => consult_state(s),
        Record::Proxy(a) => proxy_action(a),
        Record::ProxyState(s) => proxy_state(s),
        Record::Order(a) => order_action(a),
        Record::OrderState(s) => order_state(s),
        Record::Rating(l) => level(l),
        Record::Booking(s) => match s {
            BookingState::Active => tr!(booking_active),
            BookingState::Cancelled => tr!(booking_cancelled),
            BookingState::CheckedIn => tr!(record_booking_checked_in),
            BookingState::NoShow => tr!(record_booking_missed),
        },
        Record::Act(a) => match a {
            Act::Receive => tr!(record_receive),
            Act::Remind => tr!(record_remind),
            Act::List => tr!(record_list),
            Act::Unlist => tr!(record_unlist),
            Act::Delivery => tr!(record_delivery),
            Act::Pay => tr!(record_pay),
            Act::Refund => tr!(record_refund),
            Act::Commit => tr!(record_commit),
            Act::ComplaintSubmit => tr!(record_complaint_submit),
            Act::ComplaintLog => tr!(record_complaint_log),
            Act::ComplaintInform => tr!(record_complaint_inform),
            Act::ComplaintAttach => tr!(record_complaint_attach),
            Act::ComplaintRate => tr!(record_complaint_rate),
            Act::ConsultAsk => tr!(record_consult_ask),
            Act::ConsultLog => tr!(record_consult_log),
            Act::ProxyRequest => tr!(record_proxy_request),
            Act::Other => tr!(record_other),
        },
    }
}

/// Where a joint application stands.
pub fn joint_state(s: JointStatus) -> String {
    match s {
        JointStatus::Received => tr!(joint_received).to_string(),
        JointStatus::InProgress { decided, total } => {
            tr!(joint_in_progress, decided = decided, total = total)
        }
        JointStatus::Decided { refused: 0 } => tr!(joint_all_done).to_string(),
        JointStatus::Decided { refused } => tr!(joint_done_refused, refused = refused),
        JointStatus::Withdrawn => app_status(Status::Withdrawn).to_string(),
    }
}

pub fn consult_action(a: ConsultAction) -> &'static str {
    match a {
        ConsultAction::Take => tr!(consult_action_take),
        ConsultAction::Route => tr!(consult_action_route),
        ConsultAction::Answer => tr!(consult_action_answer),
        ConsultAction::Publish => tr!(consult_action_publish),
    }
}

pub fn proxy_action(a: ProxyAction) -> &'static str {
    match a {
        ProxyAction::Assign => tr!(proxy_action_assign),
        ProxyAction::Start => tr!(proxy_action_start),
        ProxyAction::Complete => tr!(proxy_action_complete),
        ProxyAction::Decline => tr!(proxy_action_decline),
        ProxyAction::Cancel => tr!(proxy_action_cancel),
    }
}

/// Who made a history entry: a staff member as the server names them, anyone else by part.
pub fn actor(a: Actor, by: String) -> String {
    match a {
        Actor::Staff => staff(&by),
        Actor::Applicant => tr!(actor_applicant).into(),
        Actor::Asker => tr!(actor_asker).into(),
        Actor::Complainant => tr!(actor_complainant).into(),
        Actor::System => tr!(actor_system).into(),
    }
}

/// A staff member as the server labels them, in the reader's language.
pub fn staff(label: &str) -> String {
    match StaffLabel::read(label) {
        StaffLabel::Named(name) => name.to_string(),
        StaffLabel::Number(number) => tr!(staff_number, number = number),
        StaffLabel::Unassigned => tr!(staff_unassigned).into(),
    }
}

/// The hall's own words in a history entry, composed in the reader's language. Values people
/// wrote (a reason, a place, a material) stay as written. The templates carry `{slot}`s this
/// function fills (one small routine instead of an interpolation per string in every bundle).
pub fn said(s: &Said) -> String {
    use crate::lang::{date, money};
    let with_more = |said: String, more: &str| match more {
        "" => said,
        more => fill(tr!(said_with_more), &[("said", &said), ("more", more)]),
    };
    let solved = |yes: bool| {
        if yes {
            tr!(said_resolved)
        } else {
            tr!(said_unresolved)
        }
    };
    match s {
        Said::AppliedOnline => tr!(said_applied_online).into(),
        Said::DeclaredOnline => tr!(said_declared_online).into(),
        Said::Provide { material } => fill(tr!(said_provide), &[("material", material)]),
        Said::Notice { lines, deadline } => fill(
            tr!(said_notice),
            &[
                ("lines", &lines.to_string()),
                ("deadline", &date(*deadline)),
            ],
        ),
        Said::Renotice {
            seq,
            reason,
            lines,
            deadline,
        } => fill(
            tr!(said_renotice),
            &[
                ("seq", &seq.to_string()),
                ("reason", reason),
                ("lines", &lines.to_string()),
                ("deadline", &date(*deadline)),
            ],
        ),
        Said::Promise { due } => fill(tr!(said_promise), &[("due", &date(*due))]),
        Said::Rongque {
            online,
            deadline,
            materials,
            due,
        } => fill(
            if *online {
                tr!(said_rongque_online)
            } else {
                tr!(said_rongque)
            },
            &[
                ("deadline", &date(*deadline)),
                ("materials", &materials.join(tr!(said_list_sep))),
                ("due", &date(*due)),
            ],
        ),
        Said::Supplied => tr!(said_supplied).into(),
        Said::RongqueComplete => tr!(said_rongque_complete).into(),
        Said::RongqueCompleteUnlisted => tr!(said_rongque_complete_unlisted).into(),
        Said::CollectAt { place } => fill(tr!(said_collect_at), &[("place", place)]),
        Said::ResultByMail => tr!(said_result_by_mail).into(),
        Said::Collected => tr!(said_collected).into(),
        Said::Posted { courier, tracking } => fill(
            tr!(said_posted),
            &[("courier", courier), ("tracking", tracking)],
        ),
        Said::HandedOver { to, reason } => {
            fill(tr!(said_handed_over), &[("to", to), ("reason", reason)])
        }
        Said::MailTo { region } => fill(tr!(said_mail_to), &[("region", region)]),
        Said::AtWindow => tr!(said_at_window).into(),
        Said::Withdrawn => tr!(said_withdrawn).into(),
        Said::Commitment => tr!(said_commitment).into(),
        Said::Overdue { deadline } => fill(tr!(said_overdue), &[("deadline", &date(*deadline))]),
        Said::ListingExpired => tr!(said_listing_expired).into(),
        Said::Paid { fen, receipt } => fill(
            tr!(said_paid),
            &[("amount", &money(*fen)), ("receipt", receipt)],
        ),
        Said::Refunded {
            fen,
            withdrawn,
            reference,
        } => fill(
            tr!(said_refunded),
            &[
                ("amount", &money(*fen)),
                ("reason", refund_reason(*withdrawn)),
                ("reference", reference),
            ],
        ),
        Said::JointReceived { joint } => fill(tr!(said_joint_received), &[("joint", joint)]),
        Said::JointAccept { due } => fill(tr!(said_joint_accept), &[("due", &date(*due))]),
        Said::ComplaintRated { level: l, resolved } => fill(
            tr!(said_complaint_rated),
            &[("level", level(*l)), ("resolved", solved(*resolved))],
        ),
        Said::ComplaintAccepted { department, joint } => {
            let by = department.as_deref().unwrap_or(tr!(said_hall));
            let said = fill(tr!(said_complaint_accepted), &[("department", by)]);
            if *joint {
                said + tr!(said_several_departments)
            } else {
                said
            }
        }
        Said::ComplaintDeclined { reason, more } => with_more(decline_reason(*reason).into(), more),
        Said::Visited {
            resolved,
            satisfied,
            more,
        } => {
            let satisfied = if *satisfied {
                tr!(said_satisfied)
            } else {
                tr!(said_unsatisfied)
            };
            let said = fill(
                tr!(said_visited),
                &[("resolved", solved(*resolved)), ("satisfied", satisfied)],
            );
            with_more(said, more)
        }
        Said::ComplaintChannel { channel } => complaint_channel(*channel).into(),
        Said::Routed { department } => fill(tr!(said_routed), &[("department", department)]),
        Said::ConsultChannel { channel } => consult_channel(*channel).into(),
        Said::ProxyAssigned { assignee } => {
            fill(tr!(said_proxy_assigned), &[("assignee", &staff(assignee))])
        }
        Said::Unknown => String::new(),
    }
}

/// Why a fee went back, in the reader's language.
pub fn refund_reason(withdrawn: bool) -> &'static str {
    if withdrawn {
        tr!(refund_withdrawn)
    } else {
        tr!(refund_refused)
    }
}

/// A template with each `{name}` replaced by its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A history entry's note as the reader reads it: the hall's own words in their language,
/// else what was written.
pub fn note(note: &str, said: Option<&Said>) -> String {
    match said {
        Some(Said::Unknown) | None => note.to_string(),
        Some(s) => self::said(s),
    }
}

/// Why a staff member read a citizen's data, in the reader's language: the matter they were
/// handling and the step, or the reason they typed for a direct read.
pub fn read_why(action: &str, reason: &str) -> String {
    let (kind, code) = action.split_once('.').unwrap_or((action, ""));
    match (kind, code) {
        ("application" | "joint", "open") => tr!(read_application_open).into(),
        ("application" | "joint", "create") => tr!(read_application_create).into(),
        ("application" | "joint", step) => match Step::parse(step) {
            Some(s) => tr!(read_step, step = self::step(s)),
            None => reason.to_string(),
        },
        ("complaint", "open") => tr!(read_complaint_open).into(),
        ("proxy", "open") => tr!(read_proxy_open).into(),
        ("proxy", step) => match ProxyAction::parse(step) {
            Some(a) => tr!(read_proxy_step, step = proxy_action(a)),
            None => reason.to_string(),
        },
        _ => reason.to_string(),
    }
}

/// A person as this viewer may see them: named (or masked) as the server sends it, or why not.
pub fn person(name: &str, unnamed: Option<Unnamed>) -> String {
    match unnamed {
        Some(Unnamed::Anonymous) => tr!(unnamed_anonymous).into(),
        Some(Unnamed::Confidential) => tr!(unnamed_confidential).into(),
        None => name.to_string(),
    }
}
