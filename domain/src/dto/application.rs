//! Applications: what the window, the officer, the citizen and the anonymous progress query
//! send and see.

use serde::{Deserialize, Serialize};

use crate::application::{MaterialCheck, MaterialState, Status, Step};
use crate::calendar::Date;
use crate::identity::IdKind;

/// The state of one material of the guide, by its position in the guide's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialInput {
    pub index: usize,
    pub state: MaterialState,
    #[serde(default)]
    pub note: String,
}

/// `POST /api/v1/staff/applications`: a window clerk receives an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationCreate {
    pub item: String,
    pub hall: String,
    pub applicant_name: String,
    pub id_kind: IdKind,
    pub id_number: String,
    pub phone: String,
    /// Every material's state; materials not listed start missing (optional ones not
    /// applicable).
    #[serde(default)]
    pub materials: Vec<MaterialInput>,
    /// The ticket being served, if the application comes from the queue.
    #[serde(default)]
    pub ticket: Option<String>,
    /// How the result reaches the applicant (default: collected at the hall).
    #[serde(default)]
    pub delivery: Option<DeliveryRequest>,
    /// Where it is handled when not at the receiving hall (同城/跨城通办).
    #[serde(default)]
    pub handled_at: Option<crate::tongban::Place>,
    pub idempotency_key: String,
}

/// `POST /api/v1/applications`: a signed-in citizen applies online (网上申请) for an item that
/// offers the online channel. The applicant is the citizen's registered identity; the materials
/// are what the citizen declares to have, checked by the hall before acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineApplication {
    pub item: String,
    pub hall: String,
    /// Positions of the guide's materials the applicant has ready.
    #[serde(default)]
    pub ready: Vec<usize>,
    #[serde(default)]
    pub delivery: Option<DeliveryRequest>,
    pub idempotency_key: String,
}

/// `POST /api/v1/staff/applications/{no}/steps`: one step, with what it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRequest {
    pub step: Option<Step>,
    /// Checklist changes recorded with the step (notice, accept, supply).
    #[serde(default)]
    pub materials: Vec<MaterialInput>,
    /// Why: needed for a second notice, a refusal, a hand-over.
    #[serde(default)]
    pub reason: String,
    /// 容缺: the applicant signed the commitment (承诺书).
    #[serde(default)]
    pub commitment: bool,
    /// Hand-over: the new responsible staff member's username.
    #[serde(default)]
    pub new_owner: String,
    /// Approve: the certificate or licence number.
    #[serde(default)]
    pub certificate_no: String,
    /// Result ready: where and when to collect, or `mail`.
    #[serde(default)]
    pub collect_place: String,
    /// Deliver by mail: the courier and its tracking number.
    #[serde(default)]
    pub courier: String,
    #[serde(default)]
    pub mail_tracking: String,
    /// The version the client saw; a step against a changed application is refused.
    #[serde(default)]
    pub version: Option<i64>,
}

/// One line of a correction notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLine {
    pub name: String,
    pub problem: MaterialState,
    /// What exactly is required.
    pub requirement: String,
    /// The requirement by code, when the hall wrote it rather than the clerk.
    #[serde(default)]
    pub said: Option<crate::said::Said>,
}

/// 材料补正告知书: everything missing or wrong, at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    /// e.g. `BZ261127K7M4QX9P-1`.
    pub number: String,
    /// 1 for the notice; 2 or more only with a recorded reason, flagged to the manager.
    pub seq: u32,
    pub issued_on: Date,
    pub hall_name: String,
    pub hall_address: String,
    pub item_name: String,
    /// The applicant's name (masked for anyone but the applicant and staff).
    #[serde(default)]
    pub applicant: String,
    /// Who issued it (经办人), as the hall names its staff: a name or a staff number.
    #[serde(default)]
    pub issued_by: String,
    pub lines: Vec<NoticeLine>,
    /// Supply by this day.
    pub deadline: Date,
    pub contact: String,
    /// Why a second notice was needed (empty for the first).
    pub repeat_reason: String,
    /// Issued after the five-working-day limit: the application counts as accepted on receipt.
    pub late: bool,
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub at: i64,
    pub step: String,
    /// What happened, by code; `label` is its 简体 name.
    pub record: crate::record::Record,
    pub label: String,
    pub status: Status,
    /// Who did it, by code.
    #[serde(default)]
    pub actor: crate::record::Actor,
    /// Who did it, as the viewer may see it: a staff member's name or number, else the 简体
    /// name of the actor's part.
    pub by: String,
    /// What a person wrote, or the hall's own words in 简体.
    pub note: String,
    /// The hall's own words by code and values (`None` when a person wrote the note).
    #[serde(default)]
    pub said: Option<crate::said::Said>,
}

/// The promised deadline as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    pub accepted_on: Option<Date>,
    pub promised_workdays: u32,
    pub due_on: Option<Date>,
    /// Working days left (negative: overdue); `None` before acceptance or after a decision.
    pub days_left: Option<i64>,
    /// Stopped while waiting for the citizen's correction.
    pub paused: bool,
    pub decided_on: Option<Date>,
}

/// The 容缺 commitment as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RongqueView {
    pub deadline: Date,
    pub outstanding: Vec<String>,
    pub listed: bool,
}

/// The decision and how the result reaches the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultView {
    pub approved: bool,
    pub reasons: String,
    pub certificate_no: String,
    pub collect_place: String,
    pub courier: String,
    pub mail_tracking: String,
}

/// An application as its applicant (or a staff member) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    /// The tracking number, grouped for reading out (`261127-K7M4-QX9P`).
    pub number: String,
    pub item_code: String,
    pub item_name: String,
    pub department: String,
    pub hall_name: String,
    pub status: Status,
    pub status_label: String,
    /// Masked for anyone but the applicant and audited staff.
    pub applicant: String,
    pub id_number: String,
    pub phone: String,
    /// 首办负责人, as the hall shows it.
    pub responsible: String,
    pub received_on: Date,
    pub materials: Vec<MaterialCheck>,
    pub deadline: DeadlineView,
    pub rongque: Option<RongqueView>,
    pub notices: Vec<NoticeView>,
    pub result: Option<ResultView>,
    pub events: Vec<EventView>,
    /// Steps the viewer may take now.
    pub steps: Vec<Step>,
    pub version: i64,
    /// The joint application (联审联办) this one is a member of, by tracking number.
    #[serde(default)]
    pub joint: Option<String>,
    #[serde(default)]
    pub delivery: DeliveryView,
    /// Where it was accepted and where it is handled (通办).
    #[serde(default)]
    pub places: PlacesView,
    /// The item's fee and its payment; `None` for a free item.
    #[serde(default)]
    pub payment: Option<PaymentView>,
    /// The 容缺 commitment, for items that allow 容缺.
    #[serde(default)]
    pub commitment: Option<CommitmentView>,
}

/// The 容缺 commitment (容缺受理承诺书).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentView {
    pub text: String,
    /// Signed online by the applicant (a paper signature is recorded with acceptance).
    pub signed_at: Option<i64>,
    /// The viewer (the applicant) may sign it now.
    pub can_sign: bool,
}

/// An application's fee and its payment (网上缴费, 6.3.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub amount_fen: i64,
    /// The amount in capital numerals, as the receipt writes it.
    pub amount_words: String,
    /// The fee's legal basis.
    pub basis: String,
    /// `None` until a payment is started.
    pub state: Option<crate::payment::PayState>,
    /// The applicant may pay now.
    pub due: bool,
    pub order: Option<String>,
    /// How it was paid, e.g. 开发沙箱（非真实支付）.
    pub provider: String,
    pub paid_at: Option<i64>,
    pub receipt_no: Option<String>,
    /// The provider's transaction number.
    pub provider_ref: Option<String>,
    pub refund: Option<RefundView>,
    /// Paid, and the application ended without a result, but the refund has not gone through.
    pub refund_pending: bool,
}

/// A fee given back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundView {
    pub at: i64,
    /// Why, in 简体; `withdrawn` says which of the two reasons it is.
    pub reason: String,
    /// Refunded because the applicant withdrew (else because the application was refused).
    #[serde(default)]
    pub withdrawn: bool,
    pub reference: String,
}

/// `POST /api/v1/applications/{no}/payments`: where to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentStart {
    pub order: String,
    pub amount_fen: i64,
    /// The provider's hosted pay page.
    pub pay_url: String,
}

/// The answer to a provider's callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackAck {
    pub order: String,
    pub state: crate::payment::PayState,
}

/// 通办: the accepting hall and the place that handles it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacesView {
    /// The item's scope, e.g. 同城通办.
    pub scope: String,
    pub accepted_at: String,
    pub handled_at: String,
    /// The city whose 政务服务中心 handles it, when that is not one of this hall's own.
    #[serde(default)]
    pub handled_city: Option<String>,
    /// Handled elsewhere than where it was accepted.
    pub forwarded: bool,
}

/// How the result reaches the applicant: collected at the hall, or mailed (邮寄, 6.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRequest {
    pub mail: bool,
    #[serde(default)]
    pub address: Option<crate::delivery::AddressInput>,
}

/// The delivery as it stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    /// The item allows mailing the result.
    pub offered: bool,
    pub mail: bool,
    /// The address: in full for the applicant and staff, masked for the progress query.
    pub address: Option<String>,
    /// The viewer may still change it (before the result is ready).
    pub can_change: bool,
}

/// One member item's materials on the joint receiving form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointMaterials {
    pub item: String,
    #[serde(default)]
    pub materials: Vec<MaterialInput>,
}

/// `POST /api/v1/staff/joint-applications`: one form for a joint package (联审联办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointCreate {
    pub package: String,
    pub hall: String,
    pub applicant_name: String,
    pub id_kind: IdKind,
    pub id_number: String,
    pub phone: String,
    #[serde(default)]
    pub materials: Vec<JointMaterials>,
    pub idempotency_key: String,
}

/// One department's part of a joint application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub number: String,
    pub item_code: String,
    pub item_name: String,
    pub department: String,
    pub status: Status,
    pub status_label: String,
    pub decided_on: Option<Date>,
    pub responsible: String,
}

/// A joint application: one tracking number, one deadline, each department's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointView {
    pub number: String,
    pub package_code: String,
    pub package_name: String,
    pub hall_name: String,
    pub applicant: String,
    pub id_number: String,
    pub phone: String,
    pub responsible: String,
    pub received_on: Date,
    pub accepted_on: Option<Date>,
    pub promised_workdays: u32,
    pub due_on: Option<Date>,
    pub days_left: Option<i64>,
    /// Where the package stands in 简体 (`state()` gives it as a value).
    pub status_label: String,
    pub members: Vec<MemberView>,
    /// Joint acceptance is still to do (staff only).
    pub can_accept: bool,
}

impl JointView {
    /// Where the package stands, from its members (as `status_label` names it).
    pub fn state(&self) -> crate::joint::JointStatus {
        let members: Vec<Status> = self.members.iter().map(|m| m.status).collect();
        crate::joint::joint_status(&members)
    }
}

/// The progress query's answer: an application, or a joint application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressView {
    pub application: Option<ApplicationView>,
    pub joint: Option<JointView>,
}

/// `POST /api/v1/progress`: the anonymous progress query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressQuery {
    pub number: String,
    /// The last 4 digits of the applicant's phone, or the last 6 of the ID number.
    pub digits: String,
}

/// One line of a staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationBrief {
    pub number: String,
    pub item_name: String,
    pub applicant: String,
    pub status: Status,
    pub status_label: String,
    pub responsible: String,
    pub received_on: Date,
    pub due_on: Option<Date>,
    pub days_left: Option<i64>,
    /// A second correction notice was issued (the manager is told).
    pub repeat_notice: bool,
    /// Accepted here, handled at another hall or city (通办).
    #[serde(default)]
    pub forwarded: bool,
}

/// `GET /api/v1/staff/applications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationList {
    pub applications: Vec<ApplicationBrief>,
    /// Decided by the deadline, per mille of the decided ones; `None` when none was decided.
    pub on_time_permille: Option<u32>,
    pub decided: u32,
    pub near_due: u32,
    pub overdue: u32,
    pub repeat_notices: u32,
}

/// One entry of the public 失信名单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditEntry {
    pub name: String,
    pub item_name: String,
    pub listed_on: Date,
    pub reason: String,
    /// The reason by code and values, when the hall wrote it.
    #[serde(default)]
    pub said: Option<crate::said::Said>,
}

/// `GET /api/v1/credit-list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditList {
    pub entries: Vec<CreditEntry>,
    pub listing_days: u32,
}
