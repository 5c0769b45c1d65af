//! Accounts, sessions, staff administration, the audit trail and the development outbox.
//! Times are Unix seconds.

use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::identity::IdKind;

/// The answer of an action that returns nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    pub ok: bool,
    /// How many things the action affected (e.g. sessions ended), where that is meaningful.
    #[serde(default)]
    pub count: u64,
}

/// `POST /api/v1/auth/code`: send a one-time code to this number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    pub phone: String,
    /// The `lang` tag of the page asking: the code goes out in it (else in the language the
    /// number's citizen chose, else 简体).
    #[serde(default)]
    pub lang: Option<String>,
}

/// The answer to a code request. The same whether or not the number has an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    pub phone_masked: String,
    pub resend_after_secs: i64,
    pub expires_in_secs: i64,
}

/// `POST /api/v1/auth/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyRequest {
    pub phone: String,
    pub code: String,
    /// The `lang` tag of the page signing in: messages to this citizen go out in it.
    #[serde(default)]
    pub lang: Option<String>,
}

/// Which kind of session a cookie holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Citizen,
    Staff,
}

/// A session just opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOpened {
    pub kind: SessionKind,
    pub expires_at: i64,
    /// Staff only: the password must be changed before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `GET /api/v1/me`: the signed-in citizen's own profile. Only the ID number is masked here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenProfile {
    /// The name and document are the ones the identity platform verified.
    #[serde(default)]
    pub verified: bool,
    /// This session came from real-name sign-in (applications, results and payments need it).
    #[serde(default)]
    pub real_name_session: bool,
    pub phone: String,
    pub name: Option<String>,
    pub id_kind: Option<IdKind>,
    pub id_masked: Option<String>,
    pub contact_phone: Option<String>,
    pub created_at: i64,
    /// The `lang` tag messages to this citizen are written in.
    #[serde(default)]
    pub lang: String,
}

/// `PUT /api/v1/me`: every field optional. The identity document comes only from real-name
/// sign-in: sending one is refused by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileUpdate {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub id_kind: Option<IdKind>,
    #[serde(default)]
    pub id_number: Option<String>,
    /// `zh-CN`, `zh-HK` or `en`: the language of messages.
    #[serde(default)]
    pub lang: Option<String>,
}

/// One of a citizen's matters (appointment, application, consultation, complaint, rating).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterSummary {
    pub id: String,
    pub title: String,
    /// Where it stands, by code; `status` is its 简体 name.
    pub record: crate::record::Record,
    pub status: String,
    pub at: i64,
    /// The page that shows it, when there is one.
    #[serde(default)]
    pub href: Option<String>,
}

impl MatterSummary {
    pub fn new(
        id: String,
        title: String,
        record: crate::record::Record,
        at: i64,
        href: Option<String>,
    ) -> MatterSummary {
        MatterSummary {
            id,
            title,
            record,
            status: record.label().to_string(),
            at,
            href,
        }
    }
}

/// `GET /api/v1/me/matters`: everything the citizen has with the hall.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMatters {
    pub appointments: Vec<MatterSummary>,
    /// Applications, only in a real-name session.
    pub applications: Vec<MatterSummary>,
    /// This session is a phone-code one: applications show after real-name sign-in.
    #[serde(default)]
    pub applications_need_real_name: bool,
    pub consultations: Vec<MatterSummary>,
    pub complaints: Vec<MatterSummary>,
    pub ratings: Vec<MatterSummary>,
}

/// One time a staff member opened the citizen's personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRead {
    pub at: i64,
    pub role: Role,
    pub role_label: String,
    /// Names of the staff member's departments at the time (empty: hall-wide role).
    pub departments: Vec<String>,
    /// What the staff member did, as the audit trail names it (`application.open`,
    /// `application.accept`, `complaint.open`, `proxy.assign`, `citizen.open`).
    #[serde(default)]
    pub action: String,
    /// Why: typed by the staff member for a direct read (`citizen.open`), else the note of
    /// the step, in 简体.
    pub reason: String,
}

/// `GET /api/v1/me/reads`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataReadList {
    pub reads: Vec<DataRead>,
}

/// `POST /api/v1/staff/sign-in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSignIn {
    pub username: String,
    pub password: String,
    /// The authenticator app's 6-digit code, or a recovery code, for an account with
    /// two-factor sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp: Option<String>,
}

/// `POST /api/v1/staff/totp/enrol`: a new secret to scan, pending until a code confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    /// The secret in base32, for typing into an app that cannot scan.
    pub secret: String,
    pub otpauth_uri: String,
    /// The same address as a QR code (SVG).
    pub qr_svg: String,
}

/// `POST /api/v1/staff/totp/confirm`: the first code from the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpConfirm {
    pub code: String,
}

/// Two-factor sign-in is on: the recovery codes, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnabled {
    pub recovery_codes: Vec<String>,
}

/// `POST /api/v1/staff/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

/// `GET /api/v1/staff/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMe {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub departments: Vec<String>,
    pub windows: Vec<String>,
    pub must_change_password: bool,
    /// Two-factor sign-in is on.
    #[serde(default)]
    pub totp_enabled: bool,
    /// The account's roles must have it (in production) and it is not on yet.
    #[serde(default)]
    pub totp_required: bool,
}

/// A staff account as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub departments: Vec<String>,
    pub windows: Vec<String>,
    pub disabled: bool,
    pub locked_until: Option<i64>,
    pub must_change_password: bool,
    pub created_at: i64,
}

/// `GET /api/v1/admin/staff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffList {
    pub staff: Vec<StaffAccount>,
}

/// `POST /api/v1/admin/staff` (the system administrator): an account without roles; the
/// security administrator grants them (三权分立).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCreate {
    pub username: String,
    pub display_name: String,
    /// Handed to the person; they must change it at first sign-in.
    pub initial_password: String,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub windows: Vec<String>,
    pub reason: String,
}

/// `PUT /api/v1/admin/staff/{id}` (the system administrator): the new name, departments,
/// windows and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUpdate {
    pub display_name: String,
    pub departments: Vec<String>,
    pub windows: Vec<String>,
    pub disabled: bool,
    pub reason: String,
}

/// `PUT /api/v1/admin/staff/{id}/roles` (the security administrator): the roles the account
/// holds from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRoles {
    pub roles: Vec<Role>,
    pub reason: String,
}

/// `POST /api/v1/admin/staff/{id}/password` (the system administrator): a new initial password
/// for someone who lost theirs. Every session of the account ends; the password must be changed
/// at the next sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub initial_password: String,
    pub reason: String,
}

/// `POST /api/v1/staff/citizens/{id}/open`: why the personal data is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenReason {
    pub reason: String,
}

/// A citizen as staff find them: masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenMasked {
    pub id: String,
    pub phone_masked: String,
    pub name_masked: Option<String>,
    pub id_masked: Option<String>,
}

/// `POST /api/v1/staff/citizens/search`: the number is in the body so that no URL (and no
/// request log) carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenSearch {
    pub phone: String,
}

/// The answer to a citizen search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenMatches {
    pub citizens: Vec<CitizenMasked>,
}

/// A citizen's personal data in clear, after an audited open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenRecord {
    pub id: String,
    pub phone: String,
    pub name: Option<String>,
    pub id_kind: Option<IdKind>,
    pub id_number: Option<String>,
    pub contact_phone: Option<String>,
}

/// One audit entry. Holds references, never personal data in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: String,
    pub actor_username: String,
    pub actor_role: Option<Role>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    /// What changed, e.g. `roles: window_clerk → window_clerk, hall_manager`.
    pub detail: String,
    pub reason: String,
    /// The client address, its last part hidden.
    pub client: String,
}

/// `GET /api/v1/admin/audit`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditList {
    pub entries: Vec<AuditEntry>,
}

/// One message the development notifier "sent".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub at: i64,
    pub channel: String,
    pub to_masked: String,
    pub body: String,
}

/// `GET /api/v1/dev/outbox`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxList {
    pub messages: Vec<OutboxMessage>,
}
