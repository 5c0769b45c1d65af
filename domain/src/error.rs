//! The one error type of the API: a stable code, a message in Chinese and English, and the HTTP
//! status it maps to.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Everything that can go wrong in a request, as the client should hear it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No route matches the path.
    RouteNotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    ItemNotFound(String),
    PackageNotFound(String),
    /// A query parameter is malformed or out of range.
    BadParam {
        field: &'static str,
        zh: String,
        en: String,
    },
    /// The search text is longer than [`crate::query::MAX_QUERY_CHARS`].
    QueryTooLong,
    /// A request body field (or several) is invalid; every problem is named at once.
    Invalid(Vec<FieldError>),
    /// The body is not the JSON the route expects.
    BadBody,
    /// The body is larger than the route accepts.
    BodyTooLarge,
    /// No valid session for a route that needs one.
    Unauthenticated,
    /// A phone-code session where the route needs real-name sign-in (the province's identity
    /// platform).
    RealNameRequired,
    /// Real-name sign-in is not set up here, or the identity platform cannot be reached.
    RealNameUnavailable,
    /// A staff session that was left unused too long has ended.
    SessionIdle,
    /// The account signs in with a second factor: the code from the authenticator app.
    TotpRequired,
    /// The one-time code (or recovery code) is wrong or was used already.
    TotpWrong,
    /// This role must set up two-factor sign-in before anything else.
    TotpEnrolmentRequired,
    /// Signed in, but the role may not do this.
    Forbidden,
    /// A state-changing request without the same-origin proof.
    CsrfRejected,
    /// The one-time code is wrong; this many tries remain.
    CodeWrong {
        remaining: u32,
    },
    /// No live code for the number (expired, used, or never sent).
    CodeExpired,
    /// Too many wrong entries of one code.
    CodeExhausted,
    /// A new code was asked for too soon; seconds to wait.
    ResendTooSoon {
        wait_secs: i64,
    },
    /// Too many requests from one number or address; seconds to wait.
    RateLimited {
        wait_secs: i64,
    },
    /// Wrong username or password (never says which).
    BadCredentials,
    /// Locked after repeated wrong passwords; seconds to wait.
    AccountLocked {
        wait_secs: i64,
    },
    /// The account was disabled by an administrator.
    AccountDisabled,
    /// The password must be changed before anything else.
    PasswordChangeRequired,
    CitizenNotFound,
    StaffNotFound,
    UsernameTaken,
    /// The identity number belongs to another account.
    IdNumberTaken,
    /// The identity document is set once; a change goes through the hall.
    IdLocked,
    /// An idempotency key this caller already used for a different request body.
    IdempotencyMismatch,
    /// A booking the rules refuse.
    BookingRefused(crate::booking::Refusal),
    /// The item takes no bookings (walk-in only), or not at that hall.
    NotBookable,
    BookingNotFound,
    /// The booking is cancelled, checked in or missed.
    BookingNotActive,
    /// Past the cancellation cut-off.
    CancelTooLate,
    /// The kiosk refuses a booking's check-in.
    CheckInRefused(crate::booking::CheckInRefusal),
    TicketNotFound,
    /// A ticket step the queue rules refuse.
    TicketRefused(crate::queue::Refused),
    /// A walk-in ticket asked for outside the hall's opening hours.
    HallClosed(crate::queue::HallClosed),
    HallNotFound,
    WindowNotFound,
    /// The window is not assigned to this clerk.
    WindowNotYours,
    /// A kiosk request without a device key (production).
    DeviceRequired,
    /// The device key is not one of this hall's live keys (unknown, revoked, another hall's).
    DeviceRefused,
    DeviceNotFound,
    /// Another clerk has the window open.
    WindowTaken,
    /// The window is closed; open it first.
    WindowClosed,
    /// The window still has a called or served ticket.
    WindowBusy,
    /// Nobody waits for this window's groups.
    QueueEmpty,
    ApplicationNotFound,
    /// Someone else changed the application since it was read.
    ApplicationChanged,
    /// The application's state does not allow this step.
    StepIllegal(crate::application::IllegalStep),
    /// The materials checklist does not allow this step.
    Checklist(crate::application::ChecklistRefusal),
    /// The application's item belongs to a department the officer does not serve.
    OtherDepartment,
    /// Waived (容缺) materials must be supplied before the result is issued.
    WaivedOutstanding,
    /// A payment step is refused.
    Payment(crate::payment::Refusal),
    ProxyNotFound,
    ConsultationNotFound,
    /// The consultation's state does not allow this action.
    ConsultationStepIllegal,
    /// Someone else changed the consultation since it was read.
    ConsultationChanged,
    ComplaintNotFound,
    /// The complaint's state does not allow this action (or this person may not take it).
    ComplaintStepIllegal,
    /// Someone else changed the complaint since it was read.
    ComplaintChanged,
    /// A rating is refused (not finished, not yours, rated already, staff, bad dimension).
    Rating(crate::rating::Refusal),
    /// No such service to rate, or no such work order.
    RatingSubjectNotFound,
    /// The work order's state does not allow this action.
    RatingOrderStepIllegal,
    /// Someone else changed the work order since it was read.
    RatingOrderChanged,
    /// No such notice or FAQ entry.
    ContentNotFound,
    /// Someone else changed the content since it was read.
    ContentChanged,
    /// The 代办 request's state does not allow this action.
    ProxyStepIllegal,
    /// Someone else changed the 代办 request since it was read.
    ProxyChanged,
    /// The store failed; details are logged, never shown.
    Unavailable,
}

/// One invalid field, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub zh: String,
    pub en: String,
}

impl FieldError {
    pub fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
        FieldError {
            field,
            zh: zh.into(),
            en: en.into(),
        }
    }
}

fn minutes(secs: i64) -> i64 {
    (secs + 59) / 60
}

impl Error {
    pub fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError::new(field, zh, en)])
    }

    /// Seconds a client should wait before retrying, for `Retry-After`.
    pub fn retry_after(&self) -> Option<i64> {
        match self {
            Error::ResendTooSoon { wait_secs }
            | Error::RateLimited { wait_secs }
            | Error::AccountLocked { wait_secs } => Some((*wait_secs).max(1)),
            _ => None,
        }
    }

    pub fn bad_param(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::BadParam {
            field,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::RouteNotFound => "route.not_found",
            Error::MethodNotAllowed => "route.method_not_allowed",
            Error::ItemNotFound(_) => "item.not_found",
            Error::PackageNotFound(_) => "package.not_found",
            Error::BadParam { .. } => "param.invalid",
            Error::QueryTooLong => "search.query_too_long",
            Error::Invalid(_) => "input.invalid",
            Error::BadBody => "body.invalid",
            Error::BodyTooLarge => "body.too_large",
            Error::Unauthenticated => "auth.required",
            Error::RealNameRequired => "auth.real_name_required",
            Error::RealNameUnavailable => "auth.real_name_unavailable",
            Error::SessionIdle => "auth.session_idle",
            Error::TotpRequired => "staff.totp_required",
            Error::TotpWrong => "staff.totp_wrong",
            Error::TotpEnrolmentRequired => "staff.totp_enrolment_required",
            Error::Forbidden => "auth.forbidden",
            Error::CsrfRejected => "auth.csrf",
            Error::CodeWrong { .. } => "otp.wrong",
            Error::CodeExpired => "otp.expired",
            Error::CodeExhausted => "otp.exhausted",
            Error::ResendTooSoon { .. } => "otp.resend_too_soon",
            Error::RateLimited { .. } => "rate.limited",
            Error::BadCredentials => "staff.bad_credentials",
            Error::AccountLocked { .. } => "staff.locked",
            Error::AccountDisabled => "staff.disabled",
            Error::PasswordChangeRequired => "staff.password_change_required",
            Error::CitizenNotFound => "citizen.not_found",
            Error::StaffNotFound => "staff.not_found",
            Error::UsernameTaken => "staff.username_taken",
            Error::IdNumberTaken => "profile.id_taken",
            Error::IdLocked => "profile.id_locked",
            Error::IdempotencyMismatch => "idempotency.mismatch",
            Error::BookingRefused(r) => match r {
                crate::booking::Refusal::OutsideHorizon { .. } => "booking.outside_horizon",
                crate::booking::Refusal::NoSuchSlot => "booking.no_such_slot",
                crate::booking::Refusal::Past => "booking.past",
                crate::booking::Refusal::AlreadyBooked => "booking.already_booked",
                crate::booking::Refusal::Suspended { .. } => "booking.suspended",
                crate::booking::Refusal::Full => "booking.full",
            },
            Error::NotBookable => "booking.not_offered",
            Error::BookingNotFound => "booking.not_found",
            Error::BookingNotActive => "booking.not_active",
            Error::CancelTooLate => "booking.cancel_too_late",
            Error::CheckInRefused(r) => r.code(),
            Error::TicketNotFound => "ticket.not_found",
            Error::TicketRefused(r) => r.code(),
            Error::HallClosed(c) => c.code(),
            Error::HallNotFound => "hall.not_found",
            Error::WindowNotFound => "window.not_found",
            Error::WindowNotYours => "window.not_yours",
            Error::DeviceRequired => "device.required",
            Error::DeviceRefused => "device.refused",
            Error::DeviceNotFound => "device.not_found",
            Error::WindowTaken => "window.taken",
            Error::WindowClosed => "window.closed",
            Error::WindowBusy => "window.busy",
            Error::QueueEmpty => "queue.empty",
            Error::ApplicationNotFound => "application.not_found",
            Error::ApplicationChanged => "application.changed",
            Error::StepIllegal(_) => "application.step_illegal",
            Error::Checklist(r) => r.code(),
            Error::OtherDepartment => "application.other_department",
            Error::WaivedOutstanding => "application.waived_outstanding",
            Error::Payment(r) => r.code(),
            Error::ProxyNotFound => "proxy.not_found",
            Error::ConsultationNotFound => "consultation.not_found",
            Error::ConsultationStepIllegal => "consultation.step_illegal",
            Error::ConsultationChanged => "consultation.changed",
            Error::ComplaintNotFound => "complaint.not_found",
            Error::ComplaintStepIllegal => "complaint.step_illegal",
            Error::ComplaintChanged => "complaint.changed",
            Error::Rating(r) => r.code(),
            Error::RatingSubjectNotFound => "rating.not_found",
            Error::RatingOrderStepIllegal => "rating.order_step_illegal",
            Error::RatingOrderChanged => "rating.order_changed",
            Error::ContentNotFound => "content.not_found",
            Error::ContentChanged => "content.changed",
            Error::ProxyStepIllegal => "proxy.step_illegal",
            Error::ProxyChanged => "proxy.changed",
            Error::Unavailable => "service.unavailable",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Error::RouteNotFound
            | Error::ItemNotFound(_)
            | Error::PackageNotFound(_)
            | Error::CitizenNotFound
            | Error::StaffNotFound
            | Error::BookingNotFound
            | Error::TicketNotFound
            | Error::HallNotFound
            | Error::WindowNotFound
            | Error::DeviceNotFound
            | Error::ApplicationNotFound
            | Error::ProxyNotFound
            | Error::ConsultationNotFound
            | Error::ComplaintNotFound
            | Error::RatingSubjectNotFound
            | Error::ContentNotFound => 404,
            Error::MethodNotAllowed => 405,
            Error::BadParam { .. }
            | Error::QueryTooLong
            | Error::Invalid(_)
            | Error::BadBody
            | Error::CodeWrong { .. }
            | Error::CodeExpired
            | Error::CodeExhausted => 400,
            Error::Unauthenticated
            | Error::RealNameRequired
            | Error::SessionIdle
            | Error::TotpRequired
            | Error::TotpWrong
            | Error::DeviceRequired
            | Error::DeviceRefused
            | Error::BadCredentials => 401,
            Error::Forbidden
            | Error::CsrfRejected
            | Error::AccountDisabled
            | Error::PasswordChangeRequired
            | Error::TotpEnrolmentRequired
            | Error::WindowNotYours
            | Error::OtherDepartment => 403,
            Error::UsernameTaken
            | Error::IdNumberTaken
            | Error::IdLocked
            | Error::BookingNotActive
            | Error::CancelTooLate
            | Error::CheckInRefused(_)
            | Error::TicketRefused(_)
            | Error::HallClosed(_)
            | Error::WindowTaken
            | Error::WindowClosed
            | Error::WindowBusy
            | Error::QueueEmpty
            | Error::StepIllegal(_)
            | Error::ApplicationChanged
            | Error::Checklist(_)
            | Error::WaivedOutstanding
            | Error::ProxyStepIllegal
            | Error::ProxyChanged
            | Error::ConsultationStepIllegal
            | Error::ConsultationChanged
            | Error::ComplaintStepIllegal
            | Error::ComplaintChanged
            | Error::RatingOrderStepIllegal
            | Error::RatingOrderChanged
            | Error::ContentChanged => 409,
            Error::Rating(r) => r.status(),
            Error::BookingRefused(r) => match r {
                crate::booking::Refusal::AlreadyBooked | crate::booking::Refusal::Full => 409,
                crate::booking::Refusal::Suspended { .. } => 403,
                _ => 400,
            },
            Error::NotBookable => 400,
            Error::BodyTooLarge => 413,
            Error::IdempotencyMismatch => 422,
            Error::AccountLocked { .. } => 423,
            Error::ResendTooSoon { .. } | Error::RateLimited { .. } => 429,
            Error::Payment(r) => r.status(),
            Error::Unavailable | Error::RealNameUnavailable => 503,
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            Error::RouteNotFound => "没有这个接口".into(),
            Error::MethodNotAllowed => "该接口不支持这种请求方法".into(),
            Error::ItemNotFound(code) => format!("没有找到事项 {code}，请检查事项编码或重新搜索"),
            Error::PackageNotFound(code) => format!("没有找到联办事项 {code}"),
            Error::BadParam { zh, .. } => zh.clone(),
            Error::QueryTooLong => format!(
                "搜索内容太长，请控制在 {} 个字以内",
                crate::query::MAX_QUERY_CHARS
            ),
            Error::Invalid(fields) => {
                let all: Vec<&str> = fields.iter().map(|f| f.zh.as_str()).collect();
                format!("请修改以下内容：{}", all.join("；"))
            }
            Error::BadBody => "提交的内容格式不正确，请刷新页面后重试".into(),
            Error::BodyTooLarge => "提交的内容太大".into(),
            Error::Unauthenticated => "请先登录".into(),
            Error::RealNameRequired => "查看或办理申请须先用广东省统一身份认证实名登录".into(),
            Error::RealNameUnavailable => {
                "统一身份认证暂时无法使用，请稍后再试或到大厅窗口办理".into()
            }
            Error::SessionIdle => "长时间未操作，已安全退出，请重新登录".into(),
            Error::TotpRequired => "请输入身份验证器上的 6 位动态验证码".into(),
            Error::TotpWrong => "动态验证码不正确或已使用".into(),
            Error::TotpEnrolmentRequired => "请先设置双因素登录（身份验证器）".into(),
            Error::Forbidden => "您没有权限进行此操作".into(),
            Error::CsrfRejected => "请求来源校验未通过，请刷新页面后重试".into(),
            Error::CodeWrong { remaining } => {
                format!("验证码不正确，还可以再试 {remaining} 次")
            }
            Error::CodeExpired => "验证码已失效（超过 5 分钟或已使用），请重新获取".into(),
            Error::CodeExhausted => "验证码输错次数过多，请重新获取验证码".into(),
            Error::ResendTooSoon { wait_secs } => {
                format!("验证码已发送，请 {wait_secs} 秒后再重新获取")
            }
            Error::RateLimited { wait_secs } => {
                format!("操作太频繁，请 {} 分钟后再试", minutes(*wait_secs))
            }
            Error::BadCredentials => "用户名或密码错误".into(),
            Error::AccountLocked { wait_secs } => format!(
                "密码错误次数过多，账号已锁定，请 {} 分钟后再试",
                minutes(*wait_secs)
            ),
            Error::AccountDisabled => "账号已停用，请联系系统管理员".into(),
            Error::PasswordChangeRequired => "请先修改初始密码".into(),
            Error::CitizenNotFound => "没有找到该群众".into(),
            Error::StaffNotFound => "没有找到该工作人员账号".into(),
            Error::UsernameTaken => "该用户名已被使用".into(),
            Error::IdNumberTaken => "该证件号码已绑定其他账号，请到大厅窗口核实".into(),
            Error::IdLocked => "证件信息已实名登记，如需更改请携带证件到大厅窗口办理".into(),
            Error::IdempotencyMismatch => "这次提交的内容与先前的不同，请刷新页面后重新提交".into(),
            Error::BookingRefused(r) => r.message_zh(),
            Error::NotBookable => "此事项在该大厅不提供预约，请直接到大厅取号办理".into(),
            Error::BookingNotFound => "没有找到这条预约".into(),
            Error::BookingNotActive => "这条预约已取消、已签到或已过期".into(),
            Error::CancelTooLate => {
                "已过网上取消的截止时间，不能在网上取消；如不能前来，请致电大厅".into()
            }
            Error::CheckInRefused(r) => r.message_zh(),
            Error::TicketNotFound => "没有找到这张号票，请核对号票上的二维码或链接".into(),
            Error::TicketRefused(r) => r.message_zh(),
            Error::HallClosed(c) => c.message_zh(),
            Error::HallNotFound => "没有这个办事大厅".into(),
            Error::WindowNotFound => "没有这个窗口".into(),
            Error::WindowNotYours => "您没有被分配到这个窗口".into(),
            Error::DeviceRequired | Error::DeviceRefused => {
                "本机未登记为本大厅的自助设备，请到服务台取号或联系大厅负责人".into()
            }
            Error::DeviceNotFound => "没有找到这台设备".into(),
            Error::WindowTaken => "该窗口已由其他工作人员开启".into(),
            Error::WindowClosed => "窗口未开启，请先开启窗口".into(),
            Error::WindowBusy => "请先办结当前号票或标记过号".into(),
            Error::QueueEmpty => "当前没有等候本窗口的号票".into(),
            Error::ApplicationNotFound => {
                "没有找到这件申请，请核对受理编号（以及手机号后 4 位或证件号后 6 位）".into()
            }
            Error::ApplicationChanged => "这件申请刚被其他人更新，请刷新后再操作".into(),
            Error::StepIllegal(s) => {
                format!("申请当前为“{}”，不能{}", s.from.label(), s.step.label())
            }
            Error::Checklist(r) => r.message_zh(),
            Error::OtherDepartment => "该申请不属于您所在部门，不能办理".into(),
            Error::WaivedOutstanding => "容缺材料尚未补齐，补齐后才能出具办理结果".into(),
            Error::Payment(r) => r.message_zh().into(),
            Error::ProxyNotFound => "没有找到这条代办申请".into(),
            Error::ConsultationNotFound => "没有找到这条咨询".into(),
            Error::ConsultationStepIllegal => "咨询当前的状态不能进行此操作".into(),
            Error::ConsultationChanged => "咨询已被他人更新，请刷新后再操作".into(),
            Error::ComplaintNotFound => "没有找到这件投诉".into(),
            Error::ComplaintStepIllegal => "投诉当前的状态不能进行此操作".into(),
            Error::ComplaintChanged => "投诉已被他人更新，请刷新后再操作".into(),
            Error::Rating(r) => r.message_zh().into(),
            Error::RatingSubjectNotFound => "没有找到要评价的服务".into(),
            Error::RatingOrderStepIllegal => "整改工单当前的状态不能进行此操作".into(),
            Error::RatingOrderChanged => "整改工单已被他人更新，请刷新后再操作".into(),
            Error::ContentNotFound => "没有找到这条内容".into(),
            Error::ContentChanged => "内容已被他人修改，请刷新后再改".into(),
            Error::ProxyStepIllegal => "代办申请当前的状态不能进行此操作".into(),
            Error::ProxyChanged => "代办申请已被他人更新，请刷新后再操作".into(),
            Error::Unavailable => "服务暂时不可用，请稍后再试".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Error::RouteNotFound => "No such endpoint".into(),
            Error::MethodNotAllowed => "Method not allowed on this endpoint".into(),
            Error::ItemNotFound(code) => format!("Service item {code} not found"),
            Error::PackageNotFound(code) => format!("Joint package {code} not found"),
            Error::BadParam { en, .. } => en.clone(),
            Error::QueryTooLong => format!(
                "Search text is too long (at most {} characters)",
                crate::query::MAX_QUERY_CHARS
            ),
            Error::Invalid(fields) => {
                let all: Vec<&str> = fields.iter().map(|f| f.en.as_str()).collect();
                format!("Please correct: {}", all.join("; "))
            }
            Error::BadBody => "The request body is not valid JSON for this endpoint".into(),
            Error::BodyTooLarge => "The request body is too large".into(),
            Error::Unauthenticated => "Please sign in first".into(),
            Error::RealNameRequired => {
                "Sign in with the provincial identity platform (real-name) to see or change applications".into()
            }
            Error::RealNameUnavailable => {
                "The provincial identity platform is not available; retry later or come to the hall".into()
            }
            Error::SessionIdle => "Signed out after a time without activity; please sign in again".into(),
            Error::TotpRequired => "Enter the 6-digit code from your authenticator app".into(),
            Error::TotpWrong => "The one-time code is wrong or was used already".into(),
            Error::TotpEnrolmentRequired => "Set up two-factor sign-in (an authenticator app) first".into(),
            Error::Forbidden => "You are not allowed to do this".into(),
            Error::CsrfRejected => "Cross-site request rejected; reload the page and retry".into(),
            Error::CodeWrong { remaining } => {
                format!("Wrong code; {remaining} tries left")
            }
            Error::CodeExpired => "The code has expired or was used; request a new one".into(),
            Error::CodeExhausted => "Too many wrong codes; request a new one".into(),
            Error::ResendTooSoon { wait_secs } => {
                format!("A code was just sent; retry in {wait_secs} s")
            }
            Error::RateLimited { wait_secs } => {
                format!("Too many requests; retry in {} min", minutes(*wait_secs))
            }
            Error::BadCredentials => "Wrong username or password".into(),
            Error::AccountLocked { wait_secs } => format!(
                "Account locked after repeated failures; retry in {} min",
                minutes(*wait_secs)
            ),
            Error::AccountDisabled => "This account is disabled".into(),
            Error::PasswordChangeRequired => "Change the initial password first".into(),
            Error::CitizenNotFound => "Citizen not found".into(),
            Error::StaffNotFound => "Staff account not found".into(),
            Error::UsernameTaken => "Username already taken".into(),
            Error::IdNumberTaken => "This ID number is bound to another account".into(),
            Error::IdLocked => "The identity document is already registered".into(),
            Error::IdempotencyMismatch => {
                "This submission differs from the earlier one with the same key; reload the page and submit again".into()
            }
            Error::BookingRefused(r) => r.message_en(),
            Error::NotBookable => "This item takes no bookings at this hall".into(),
            Error::BookingNotFound => "Booking not found".into(),
            Error::BookingNotActive => "The booking is no longer active".into(),
            Error::CancelTooLate => "Too late to cancel online".into(),
            Error::CheckInRefused(r) => r.message_en(),
            Error::TicketNotFound => "Ticket not found".into(),
            Error::TicketRefused(r) => r.message_en(),
            Error::HallClosed(c) => c.message_en(),
            Error::HallNotFound => "No such hall".into(),
            Error::WindowNotFound => "No such window".into(),
            Error::WindowNotYours => "This window is not assigned to you".into(),
            Error::DeviceRequired | Error::DeviceRefused => {
                "This machine is not registered as one of the hall's kiosks; please ask at the information desk".into()
            }
            Error::DeviceNotFound => "No such device".into(),
            Error::WindowTaken => "Another clerk has this window open".into(),
            Error::WindowClosed => "The window is closed; open it first".into(),
            Error::WindowBusy => "Finish or mark missed the current ticket first".into(),
            Error::QueueEmpty => "Nobody is waiting for this window".into(),
            Error::ApplicationNotFound => "Application not found".into(),
            Error::ApplicationChanged => "The application changed; reload and retry".into(),
            Error::StepIllegal(s) => format!(
                "Step {} is not allowed while the application is {}",
                s.step.as_str(),
                s.from.as_str()
            ),
            Error::Checklist(r) => r.message_en(),
            Error::OtherDepartment => "This application belongs to another department".into(),
            Error::WaivedOutstanding => "Waived materials must be supplied first".into(),
            Error::Payment(r) => r.message_en().into(),
            Error::ProxyNotFound => "No such proxy-service request".into(),
            Error::ConsultationNotFound => "No such consultation".into(),
            Error::ConsultationStepIllegal => {
                "The consultation's state does not allow this action".into()
            }
            Error::ConsultationChanged => "The consultation changed since you read it".into(),
            Error::ComplaintNotFound => "No such complaint".into(),
            Error::ComplaintStepIllegal => {
                "The complaint's state does not allow this action".into()
            }
            Error::ComplaintChanged => "The complaint changed since you read it; reload".into(),
            Error::Rating(r) => r.message_en().into(),
            Error::RatingSubjectNotFound => "No such service to rate".into(),
            Error::RatingOrderStepIllegal => "The work order's state does not allow this".into(),
            Error::RatingOrderChanged => "The work order changed since you read it".into(),
            Error::ContentNotFound => "No such notice or FAQ entry".into(),
            Error::ContentChanged => "The content changed since you read it; reload".into(),
            Error::ProxyStepIllegal => "The request's state does not allow this action".into(),
            Error::ProxyChanged => "The request changed since you read it; reload".into(),
            Error::Unavailable => "Service temporarily unavailable, please retry".into(),
        }
    }

    /// The JSON body sent to the client.
    pub fn body(&self) -> ErrorBody {
        // Each named field's message, in Chinese and in English.
        let fields: Option<Vec<(String, String, String)>> = match self {
            Error::BadParam { field, zh, en } => {
                Some(vec![(field.to_string(), zh.clone(), en.clone())])
            }
            Error::QueryTooLong => Some(vec![(
                "q".to_string(),
                self.message_zh(),
                self.message_en(),
            )]),
            Error::Invalid(fields) => Some(
                fields
                    .iter()
                    .map(|f| (f.field.to_string(), f.zh.clone(), f.en.clone()))
                    .collect(),
            ),
            _ => None,
        };
        let message = self.message_zh();
        ErrorBody {
            code: self.code().to_string(),
            message_hk: crate::hant::to_hk(&message),
            message,
            message_en: self.message_en(),
            fields: fields
                .as_ref()
                .map(|f| f.iter().map(|(k, zh, _)| (k.clone(), zh.clone())).collect()),
            fields_hk: fields.as_ref().map(|f| {
                f.iter()
                    .map(|(k, zh, _)| (k.clone(), crate::hant::to_hk(zh)))
                    .collect()
            }),
            fields_en: fields.map(|f| f.into_iter().map(|(k, _, en)| (k, en)).collect()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message_en())
    }
}

impl std::error::Error for Error {}

/// The error body of every failed API response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    pub message_en: String,
    /// The message in 繁體 (Hong Kong).
    #[serde(default)]
    pub message_hk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// The same fields' messages in 繁體.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields_hk: Option<BTreeMap<String, String>>,
    /// The same fields' messages in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields_en: Option<BTreeMap<String, String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal reads as an English sentence, never as the name of a Rust value.
    #[test]
    fn english_messages_are_sentences_not_debug_dumps() {
        use crate::booking::Refusal;
        use crate::queue::{Refused, State};
        let errors = [
            Error::BookingRefused(Refusal::OutsideHorizon { from: 1, to: 5 }),
            Error::BookingRefused(Refusal::NoSuchSlot),
            Error::BookingRefused(Refusal::Past),
            Error::BookingRefused(Refusal::AlreadyBooked),
            Error::BookingRefused(Refusal::Suspended {
                until: 1_790_000_000,
            }),
            Error::BookingRefused(Refusal::Full),
            Error::TicketRefused(Refused::NotNow(State::Done)),
            Error::TicketRefused(Refused::RejoinTooLate),
            Error::TicketRefused(Refused::AlreadyRejoined),
        ];
        for e in errors {
            let en = e.message_en();
            let camel = en.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
                w.chars().filter(char::is_ascii_uppercase).count() >= 2
                    && w.chars().any(|c| c.is_ascii_lowercase())
            });
            assert!(
                !camel && !en.contains('{') && !en.chars().any(crate::search::is_han),
                "{en}"
            );
        }
        assert_eq!(
            Error::BookingRefused(Refusal::OutsideHorizon { from: 1, to: 5 }).message_en(),
            "Bookings are open from the 1st to the 5th working day ahead"
        );
    }

    #[test]
    fn statuses_and_codes_are_stable() {
        let cases = [
            (Error::RouteNotFound, 404, "route.not_found"),
            (Error::MethodNotAllowed, 405, "route.method_not_allowed"),
            (Error::ItemNotFound("X".into()), 404, "item.not_found"),
            (Error::PackageNotFound("X".into()), 404, "package.not_found"),
            (
                Error::bad_param("page", "页码", "page"),
                400,
                "param.invalid",
            ),
            (Error::QueryTooLong, 400, "search.query_too_long"),
            (Error::Unavailable, 503, "service.unavailable"),
            (Error::invalid("name", "姓名", "name"), 400, "input.invalid"),
            (Error::Unauthenticated, 401, "auth.required"),
            (Error::RealNameRequired, 401, "auth.real_name_required"),
            (Error::SessionIdle, 401, "auth.session_idle"),
            (Error::TotpRequired, 401, "staff.totp_required"),
            (Error::TotpWrong, 401, "staff.totp_wrong"),
            (
                Error::TotpEnrolmentRequired,
                403,
                "staff.totp_enrolment_required",
            ),
            (Error::Forbidden, 403, "auth.forbidden"),
            (Error::CsrfRejected, 403, "auth.csrf"),
            (Error::CodeWrong { remaining: 2 }, 400, "otp.wrong"),
            (Error::CodeExpired, 400, "otp.expired"),
            (
                Error::ResendTooSoon { wait_secs: 30 },
                429,
                "otp.resend_too_soon",
            ),
            (Error::RateLimited { wait_secs: 61 }, 429, "rate.limited"),
            (Error::BadCredentials, 401, "staff.bad_credentials"),
            (Error::AccountLocked { wait_secs: 900 }, 423, "staff.locked"),
            (Error::IdLocked, 409, "profile.id_locked"),
            (Error::IdempotencyMismatch, 422, "idempotency.mismatch"),
            (
                Error::BookingRefused(crate::booking::Refusal::Full),
                409,
                "booking.full",
            ),
            (
                Error::BookingRefused(crate::booking::Refusal::Suspended { until: 0 }),
                403,
                "booking.suspended",
            ),
            (Error::CancelTooLate, 409, "booking.cancel_too_late"),
            (
                Error::CheckInRefused(crate::booking::CheckInRefusal::TooLate),
                409,
                "check_in.too_late",
            ),
            (Error::TicketNotFound, 404, "ticket.not_found"),
            (
                Error::TicketRefused(crate::queue::Refused::RejoinTooLate),
                409,
                "ticket.rejoin_too_late",
            ),
            (Error::WindowNotYours, 403, "window.not_yours"),
            (Error::DeviceRequired, 401, "device.required"),
            (Error::DeviceRefused, 401, "device.refused"),
            (Error::DeviceNotFound, 404, "device.not_found"),
            (Error::WindowBusy, 409, "window.busy"),
            (Error::QueueEmpty, 409, "queue.empty"),
            (Error::ApplicationNotFound, 404, "application.not_found"),
            (
                Error::StepIllegal(crate::application::IllegalStep {
                    from: crate::application::Status::Archived,
                    step: crate::application::Step::Approve,
                }),
                409,
                "application.step_illegal",
            ),
            (
                Error::Checklist(crate::application::ChecklistRefusal::Listed),
                409,
                "application.rongque_listed",
            ),
            (Error::OtherDepartment, 403, "application.other_department"),
            (
                Error::WaivedOutstanding,
                409,
                "application.waived_outstanding",
            ),
            (
                Error::Payment(crate::payment::Refusal::BadSignature),
                401,
                "payment.signature",
            ),
            (
                Error::Payment(crate::payment::Refusal::NoProvider),
                503,
                "payment.unavailable",
            ),
            (
                Error::Payment(crate::payment::Refusal::AlreadyPaid),
                409,
                "payment.paid",
            ),
            (
                Error::Payment(crate::payment::Refusal::OrderNotFound),
                404,
                "payment.not_found",
            ),
            (Error::ProxyNotFound, 404, "proxy.not_found"),
            (Error::ProxyStepIllegal, 409, "proxy.step_illegal"),
            (Error::ProxyChanged, 409, "proxy.changed"),
            (Error::ConsultationNotFound, 404, "consultation.not_found"),
            (
                Error::ConsultationStepIllegal,
                409,
                "consultation.step_illegal",
            ),
            (Error::ConsultationChanged, 409, "consultation.changed"),
            (Error::ComplaintNotFound, 404, "complaint.not_found"),
            (Error::ComplaintStepIllegal, 409, "complaint.step_illegal"),
            (Error::ComplaintChanged, 409, "complaint.changed"),
            (
                Error::Rating(crate::rating::Refusal::Staff),
                403,
                "rating.staff",
            ),
            (
                Error::Rating(crate::rating::Refusal::AlreadyRated),
                409,
                "rating.already_rated",
            ),
            (Error::RatingSubjectNotFound, 404, "rating.not_found"),
            (Error::RatingOrderChanged, 409, "rating.order_changed"),
            (Error::ContentNotFound, 404, "content.not_found"),
            (Error::ContentChanged, 409, "content.changed"),
        ];
        for (e, status, code) in cases {
            assert_eq!(e.status(), status, "{e}");
            assert_eq!(e.code(), code);
            assert!(!e.message_zh().is_empty());
            assert!(!e.message_en().is_empty());
        }
    }

    #[test]
    fn waits_are_told_in_whole_minutes_and_retry_after() {
        let e = Error::RateLimited { wait_secs: 61 };
        assert!(e.message_zh().contains("2 分钟"));
        assert_eq!(e.retry_after(), Some(61));
        assert_eq!(Error::Forbidden.retry_after(), None);
        assert!(Error::CodeWrong { remaining: 3 }
            .message_zh()
            .contains("3 次"));
    }

    #[test]
    fn invalid_names_every_field() {
        let body = Error::Invalid(vec![
            FieldError::new("name", "请填写姓名", "name required"),
            FieldError::new("id_number", "校验位不正确", "check digit"),
        ])
        .body();
        let fields = body.fields.unwrap();
        assert_eq!(fields.len(), 2);
        assert!(body.message.contains("请填写姓名") && body.message.contains("校验位不正确"));
        // The same fields in English, for a page in English.
        let hk = body.fields_hk.unwrap();
        assert_eq!(hk.get("name").map(String::as_str), Some("請填寫姓名"));
        assert!(body.message_hk.contains("請填寫姓名"));
        let en = body.fields_en.unwrap();
        assert_eq!(en.get("name").map(String::as_str), Some("name required"));
        assert_eq!(en.get("id_number").map(String::as_str), Some("check digit"));
    }

    #[test]
    fn bad_param_names_the_field() {
        let body = Error::bad_param(
            "page",
            "页码必须是正整数",
            "page must be a positive integer",
        )
        .body();
        assert_eq!(body.code, "param.invalid");
        assert_eq!(body.message, "页码必须是正整数");
        assert_eq!(
            body.fields.and_then(|f| f.get("page").cloned()).as_deref(),
            Some("页码必须是正整数")
        );
    }
}
