//! The route table and the dispatcher. The table is the single source of the API surface: the
//! dispatcher matches it and `openapi.rs` documents it, so the two cannot drift.

mod admin;
pub(crate) mod applications;
mod bookings;
mod catalogue;
mod citizen;
mod complaints;
mod consultations;
mod content;
mod dev;
mod devices;
mod joint;
mod meta;
mod payments;
mod proxy;
mod queue;
mod ratings;
mod real_name;
mod setup;
mod staff;

use hall_domain::access::{Action, Resource};
use hall_domain::calendar::Date;
use hall_domain::Error;
use worker::{Env, Request, Response, Result};

use crate::auth::{self, Guard, Principal};
use crate::ctx::Ctx;
use crate::http;

/// The hall's calendar day at `now` (China Standard Time).
pub(crate) fn today(now: i64) -> std::result::Result<Date, hall_domain::Error> {
    hall_domain::booking::local_of(now)
        .map(|(d, _)| d)
        .ok_or(hall_domain::Error::Unavailable)
}

/// What the staff-facing handlers of a matter need: the store, the catalogue, the hall's rules
/// and the staff names they show (consultations, complaints, rating work orders).
pub(crate) struct Desk {
    pub db: worker::D1Database,
    pub dir: std::rc::Rc<hall_domain::directory::Directory>,
    pub rules: hall_domain::booking::HallRules,
    pub names: applications::Names,
}

pub(crate) async fn desk(ctx: &Ctx) -> std::result::Result<Desk, Error> {
    let db = ctx.db()?;
    let dir = crate::state::directory(&ctx.env).await?;
    let (_, rules) = crate::store::bookings::hall(&db).await?;
    let names = applications::Names(crate::store::applications::staff_names(&db).await?);
    Ok(Desk {
        db,
        dir,
        rules,
        names,
    })
}

/// Every route the Worker serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteId {
    Health,
    Live,
    OpenApi,
    Items,
    Item,
    Departments,
    Packages,
    Package,
    CodeRequest,
    CodeVerify,
    RealNameStart,
    RealNameCallback,
    CitizenSignOut,
    Me,
    MeUpdate,
    MeMatters,
    MeReads,
    MeSignOutAll,
    StaffSignIn,
    StaffSignOut,
    StaffMe,
    StaffPassword,
    TotpEnrol,
    TotpConfirm,
    CitizenSearch,
    CitizenOpen,
    StaffList,
    StaffCreate,
    StaffUpdate,
    StaffRolesSet,
    StaffPasswordReset,
    AuditList,
    AuditExport,
    DevOutbox,
    DevJobs,
    BookingOptions,
    BookingCreate,
    BookingList,
    BookingCancel,
    BookingReschedule,
    BookingCalendar,
    Halls,
    Kiosk,
    WalkIn,
    CheckIn,
    Board,
    Forecast,
    Ticket,
    TicketRejoin,
    Console,
    WindowOpen,
    WindowClose,
    WindowCall,
    TicketEvent,
    Devices,
    DeviceRegister,
    DeviceRevoke,
    HallSetup,
    HallRules,
    HallCapacity,
    HallEdit,
    WindowEdit,
    BookingQr,
    TicketQr,
    ApplicationCreate,
    ApplicationList,
    ApplicationOpen,
    ApplicationStep,
    MyApplication,
    ApplicationWithdraw,
    Progress,
    CreditList,
    JointCreate,
    JointOpen,
    JointAccept,
    MyJoint,
    ApplicationDelivery,
    ApplyOnline,
    PaymentStart,
    PaymentCallback,
    SandboxPage,
    SandboxSubmit,
    ProxyCreate,
    ProxyMine,
    ProxyCancel,
    ProxyList,
    ProxyOpen,
    ProxyStep,
    ApplicationCommitment,
    ConsultAsk,
    ConsultMine,
    ConsultLog,
    ConsultList,
    ConsultStep,
    Faqs,
    ComplaintSubmit,
    ComplaintMine,
    ComplaintOne,
    ComplaintInform,
    ComplaintAttach,
    ComplaintImage,
    ComplaintRate,
    ComplaintLog,
    ComplaintList,
    ComplaintStats,
    ComplaintOpen,
    ComplaintStep,
    ComplaintStaffImage,
    RatingTarget,
    RatingSubmit,
    RatingOrders,
    RatingOrderStep,
    Satisfaction,
    Notices,
    NoticeOne,
    Catalogues,
    NoticePublish,
    NoticeEdit,
    FaqEdit,
    GuideEdit,
    ContentHistory,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    Path,
    Query,
    /// A request header; never required by the document (a route says when it needs one).
    Header,
}

/// One documented parameter.
#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub location: In,
    pub description: &'static str,
    /// JSON Schema of the value, as JSON text.
    pub schema: &'static str,
    /// An example used in the documentation and by the HTTP tests.
    pub example: &'static str,
}

/// One route: what the dispatcher matches and the OpenAPI document describes.
#[derive(Debug)]
pub struct Route {
    pub id: RouteId,
    pub method: &'static str,
    /// Path template; `{name}` matches one segment.
    pub path: &'static str,
    pub summary: &'static str,
    pub params: &'static [Param],
    /// Who may call it.
    pub guard: Guard,
    /// The name of the JSON request body's schema; empty when the route takes none.
    pub body: &'static str,
    /// Status codes with their description and the name of the response schema (`""`: no
    /// body; `"media:TYPE,…"`: a file of one of those media types).
    pub responses: &'static [(u16, &'static str, &'static str)],
}

const CODE_PATH: Param = Param {
    name: "code",
    location: In::Path,
    description: "事项编码 Service item code",
    schema: r#"{"type":"string","pattern":"^[A-Z]{1,6}-[A-Z]{1,6}-[0-9]{3}$"}"#,
    example: "GA-HZ-004",
};

/// The reader's language (`lang`): what a catalogue answer or a written file is in.
const LANG_QUERY: Param = Param {
    name: "lang",
    location: In::Query,
    description: "语言 The reader's language: zh-CN (default), zh-HK or en",
    schema: r#"{"type":"string","enum":["zh-CN","zh-HK","en"]}"#,
    example: "en",
};

const ERR_400: (u16, &str, &str) = (400, "Malformed parameter", "Error");
const ERR_404: (u16, &str, &str) = (404, "Not found", "Error");
const ERR_503: (u16, &str, &str) = (503, "Storage unavailable", "Error");
const ERR_401: (u16, &str, &str) = (401, "Not signed in", "Error");
const ERR_403: (u16, &str, &str) = (403, "Not allowed, or cross-site request", "Error");
const ERR_429: (u16, &str, &str) = (429, "Too many requests; see Retry-After", "Error");

const STAFF_ID_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "工作人员账号编号 Staff account id",
    schema: r#"{"type":"string","pattern":"^s_[0-9a-f]{16}$"}"#,
    example: "s_0000000000000000",
};

const BOOKING_ID_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "预约号 Appointment number",
    schema: r#"{"type":"string"}"#,
    example: "Y260101ABCDEF",
};

const HALL_PATH: Param = Param {
    name: "hall",
    location: In::Path,
    description: "大厅编码 Hall code",
    schema: r#"{"type":"string"}"#,
    example: "city",
};

const DEVICE_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "自助设备编号 Kiosk device id",
    schema: r#"{"type":"string","pattern":"^d_[0-9a-f]{16}$"}"#,
    example: "d_0000000000000000",
};

/// The kiosk's key, registered by the hall manager: production refuses a walk-in ticket or a
/// check-in without a live key of the hall (401 `device.required` / `device.refused`).
const DEVICE_HEADER: Param = Param {
    name: hall_domain::device::HEADER,
    location: In::Header,
    description: "自助设备密钥（生产环境必填） Kiosk device key, required in production",
    schema: r#"{"type":"string","pattern":"^hdk_[0-9a-f]{64}$"}"#,
    example: "hdk_0000000000000000000000000000000000000000000000000000000000000000",
};

const ITEM_QUERY: Param = Param {
    name: "item",
    location: In::Query,
    description: "事项编码 Service item code",
    schema: r#"{"type":"string","pattern":"^[A-Z]{1,6}-[A-Z]{1,6}-[0-9]{3}$"}"#,
    example: "GA-CRJ-001",
};

const WINDOW_PATH: Param = Param {
    name: "window",
    location: In::Path,
    description: "窗口编号 Window number",
    schema: r#"{"type":"string"}"#,
    example: "A01",
};

const TICKET_ID_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "号票编号（随机，号票页面的唯一凭据） Ticket id",
    schema: r#"{"type":"string","pattern":"^t_[0-9a-f]{16}$"}"#,
    example: "t_0000000000000000",
};

const CITIZEN_ID_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "群众账号编号 Citizen id",
    schema: r#"{"type":"string","pattern":"^c_[0-9a-f]{16}$"}"#,
    example: "c_0000000000000000",
};

const ORDER_PATH: Param = Param {
    name: "order",
    location: In::Path,
    description: "缴费订单号 Payment order number",
    schema: r#"{"type":"string","pattern":"^PO[0-9A-F]{16}$"}"#,
    example: "PO0000000000000000",
};

const PROXY_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "代办申请编号 Proxy-service request id",
    schema: r#"{"type":"string","pattern":"^px_[0-9a-f]{16}$"}"#,
    example: "px_0000000000000000",
};

const NOTICE_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "公告编号 Notice id",
    schema: r#"{"type":"string","pattern":"^n_[0-9a-f]{16}$"}"#,
    example: "n_0000000000000000",
};

const FAQ_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "问答编号 FAQ entry id",
    schema: r#"{"type":"string","pattern":"^f_[0-9a-f]{16}$"}"#,
    example: "f_0000000000000000",
};

const RATING_KIND_PATH: Param = Param {
    name: "kind",
    location: In::Path,
    description: "现场 on_site（叫号票）或网上 online（申请）What is rated",
    schema: r#"{"enum":["on_site","online"]}"#,
    example: "on_site",
};

const RATING_SUBJECT_PATH: Param = Param {
    name: "subject",
    location: In::Path,
    description: "叫号票编号或受理编号 Ticket id or application number",
    schema: r#"{"type":"string"}"#,
    example: "t_0000000000000000",
};

const RATING_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "评价编号 Rating id",
    schema: r#"{"type":"string","pattern":"^r_[0-9a-f]{16}$"}"#,
    example: "r_0000000000000000",
};

const COMPLAINT_PATH: Param = Param {
    name: "no",
    location: In::Path,
    description: "投诉编号 Complaint number",
    schema: r#"{"type":"string","pattern":"^TS([0-9]{14}|[0-9]{8}[2-9A-HJ-NP-Z]{13})$"}"#,
    example: "TS20261128K7M4QX9PZ3B5C",
};

const ATTACHMENT_PATH: Param = Param {
    name: "n",
    location: In::Path,
    description: "第几张图片（从 0 起）Image index from 0",
    schema: r#"{"type":"integer","minimum":0,"maximum":2}"#,
    example: "0",
};

const CONSULTATION_PATH: Param = Param {
    name: "id",
    location: In::Path,
    description: "咨询编号 Consultation id",
    schema: r#"{"type":"string","pattern":"^q_[0-9a-f]{16}$"}"#,
    example: "q_0000000000000000",
};

const APPLICATION_PATH: Param = Param {
    name: "no",
    location: In::Path,
    description: "受理编号（14 位，可带连字符） Tracking number",
    schema: r#"{"type":"string"}"#,
    example: "261127-2222-2222",
};

pub const ROUTES: &[Route] = &[
    Route {
        id: RouteId::Health,
        method: "GET",
        path: "/api/health",
        summary: "Liveness and catalogue size",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Healthy", "Health"), ERR_503],
    },
    Route {
        id: RouteId::Live,
        method: "GET",
        path: "/api/live",
        summary: "Liveness: the Worker answers, without touching the database",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Live", "Live")],
    },
    Route {
        id: RouteId::OpenApi,
        method: "GET",
        path: "/api/openapi.json",
        summary: "This API as an OpenAPI 3.1 document",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The document", "media:application/json")],
    },
    Route {
        id: RouteId::Items,
        method: "GET",
        path: "/api/v1/items",
        summary: "Search and filter service items (办事指南检索)",
        params: &[
            Param {
                name: "q",
                location: In::Query,
                description: "搜索内容，口语、简称、拼音均可；最多 50 字 Search text",
                schema: r#"{"type":"string","maxLength":50}"#,
                example: "身份证丢了",
            },
            Param {
                name: "department",
                location: In::Query,
                description: "部门编码 Department code",
                schema: r#"{"type":"string","pattern":"^[a-z]{1,16}$"}"#,
                example: "gaj",
            },
            Param {
                name: "audience",
                location: In::Query,
                description: "办事对象 personal 个人 / business 法人",
                schema: r#"{"type":"string","enum":["personal","business"]}"#,
                example: "personal",
            },
            Param {
                name: "tongban",
                location: In::Query,
                description: "通办范围 Scope of cross-hall handling",
                schema: r#"{"type":"string","enum":["local","same_city","cross_city","province","本地","同城通办","跨城通办","全省通办"]}"#,
                example: "province",
            },
            Param {
                name: "page",
                location: In::Query,
                description: "页码，从 1 开始 Page number",
                schema: r#"{"type":"integer","minimum":1,"maximum":1000,"default":1}"#,
                example: "1",
            },
            Param {
                name: "per_page",
                location: In::Query,
                description: "每页条数 Page size",
                schema: r#"{"type":"integer","minimum":1,"maximum":50,"default":10}"#,
                example: "10",
            },
            LANG_QUERY,
        ],
        guard: Guard::Public,
        body: "",
        responses: &[
            (200, "Matching items, best first", "ItemList"),
            ERR_400,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::Item,
        method: "GET",
        path: "/api/v1/items/{code}",
        summary: "The full service guide of one item (办事指南), in the reader's language",
        params: &[CODE_PATH, LANG_QUERY],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The guide", "ItemGuide"), ERR_400, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::Departments,
        method: "GET",
        path: "/api/v1/departments",
        summary: "Departments with their number of items",
        params: &[LANG_QUERY],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Departments", "DepartmentList"), ERR_400, ERR_503],
    },
    Route {
        id: RouteId::Packages,
        method: "GET",
        path: "/api/v1/packages",
        summary: "Joint packages (联审联办 / 一件事)",
        params: &[LANG_QUERY],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Packages", "PackageList"), ERR_400, ERR_503],
    },
    Route {
        id: RouteId::Package,
        method: "GET",
        path: "/api/v1/packages/{code}",
        summary: "One joint package with its items",
        params: &[
            Param {
                name: "code",
                location: In::Path,
                description: "联办事项编码 Package code",
                schema: r#"{"type":"string","pattern":"^LB-[A-Z]{1,12}$"}"#,
                example: "LB-QYKB",
            },
            LANG_QUERY,
        ],
        guard: Guard::Public,
        body: "",
        responses: &[
            (200, "The package", "PackageDetail"),
            ERR_400,
            ERR_404,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::RealNameStart,
        method: "GET",
        path: "/api/v1/auth/oidc/start",
        summary: "Real-name sign-in: to the province's identity platform (OpenID Connect, PKCE)",
        params: &[
            Param {
                name: "next",
                location: In::Query,
                description: "本站页面路径，登录后返回 The page of this site to return to",
                schema: r#"{"type":"string","maxLength":512}"#,
                example: "/me",
            },
            Param {
                name: "lang",
                location: In::Query,
                description: "界面语言 The page's language",
                schema: r#"{"type":"string","enum":["zh-CN","zh-HK","en"]}"#,
                example: "zh-CN",
            },
        ],
        guard: Guard::Public,
        body: "",
        responses: &[
            (303, "To the platform's sign-in page", ""),
            (503, "Real-name sign-in is not set up or the platform is unreachable", "Error"),
        ],
    },
    Route {
        id: RouteId::RealNameCallback,
        method: "GET",
        path: "/api/v1/auth/oidc/callback",
        summary: "Back from the identity platform: checks the ID token, opens a real-name session",
        params: &[
            Param {
                name: "code",
                location: In::Query,
                description: "授权码 Authorization code",
                schema: r#"{"type":"string"}"#,
                example: "abc",
            },
            Param {
                name: "state",
                location: In::Query,
                description: "登录请求标识 The flow's state",
                schema: r#"{"type":"string"}"#,
                example: "abc",
            },
        ],
        guard: Guard::Public,
        body: "",
        responses: &[(
            303,
            "To the page the sign-in started from, or to the sign-in page with oidc_error",
            "",
        )],
    },
    Route {
        id: RouteId::CodeRequest,
        method: "POST",
        path: "/api/v1/auth/code",
        summary: "Send a sign-in code by SMS (短信验证码)",
        params: &[],
        guard: Guard::Public,
        body: "CodeRequest",
        responses: &[
            (200, "Sent", "CodeSent"),
            ERR_400,
            ERR_403,
            ERR_429,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::CodeVerify,
        method: "POST",
        path: "/api/v1/auth/verify",
        summary: "Sign in with the code; sets the citizen session cookie",
        params: &[],
        guard: Guard::Public,
        body: "VerifyRequest",
        responses: &[
            (200, "Signed in", "SessionOpened"),
            ERR_400,
            ERR_403,
            ERR_429,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::CitizenSignOut,
        method: "POST",
        path: "/api/v1/auth/sign-out",
        summary: "Sign out on this device",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Signed out", "Done"), ERR_403, ERR_503],
    },
    Route {
        id: RouteId::Me,
        method: "GET",
        path: "/api/v1/me",
        summary: "My profile (我的大厅)",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "Profile", "CitizenProfile"), ERR_401, ERR_503],
    },
    Route {
        id: RouteId::MeUpdate,
        method: "PUT",
        path: "/api/v1/me",
        summary: "Edit my name and contact; register my identity document once",
        params: &[],
        guard: Guard::Citizen,
        body: "ProfileUpdate",
        responses: &[
            (200, "Profile", "CitizenProfile"),
            ERR_400,
            ERR_401,
            ERR_403,
            (409, "ID already registered", "Error"),
            ERR_503,
        ],
    },
    Route {
        id: RouteId::MeMatters,
        method: "GET",
        path: "/api/v1/me/matters",
        summary: "My appointments, applications, consultations, complaints and ratings",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "Matters", "MyMatters"), ERR_401, ERR_503],
    },
    Route {
        id: RouteId::MeReads,
        method: "GET",
        path: "/api/v1/me/reads",
        summary: "Who read my data: every staff opening of my personal data",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[
            (200, "Reads, newest first", "DataReadList"),
            ERR_401,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::MeSignOutAll,
        method: "POST",
        path: "/api/v1/me/sign-out-all",
        summary: "Sign out on all devices",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[
            (200, "Signed out everywhere", "Done"),
            ERR_401,
            ERR_403,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::StaffSignIn,
        method: "POST",
        path: "/api/v1/staff/sign-in",
        summary: "Staff sign-in with username and password",
        params: &[],
        guard: Guard::Public,
        body: "StaffSignIn",
        responses: &[
            (200, "Signed in", "SessionOpened"),
            ERR_400,
            (401, "Wrong username or password", "Error"),
            ERR_403,
            (423, "Locked", "Error"),
            ERR_429,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::StaffSignOut,
        method: "POST",
        path: "/api/v1/staff/sign-out",
        summary: "Staff sign-out",
        params: &[],
        guard: Guard::AnyStaff,
        body: "",
        responses: &[(200, "Signed out", "Done"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::StaffMe,
        method: "GET",
        path: "/api/v1/staff/me",
        summary: "The signed-in staff member, roles and assignments",
        params: &[],
        guard: Guard::AnyStaff,
        body: "",
        responses: &[(200, "Me", "StaffMe"), ERR_401, ERR_503],
    },
    Route {
        id: RouteId::StaffPassword,
        method: "POST",
        path: "/api/v1/staff/password",
        summary: "Change my password",
        params: &[],
        guard: Guard::AnyStaff,
        body: "PasswordChange",
        responses: &[(200, "Changed", "Done"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::TotpEnrol,
        method: "POST",
        path: "/api/v1/staff/totp/enrol",
        summary: "Two-factor sign-in: a new authenticator secret and its QR code (pending)",
        params: &[],
        guard: Guard::AnyStaff,
        body: "",
        responses: &[
            (200, "The secret to scan", "TotpEnrolment"),
            (401, "Not signed in, or two-factor sign-in is on already", "Error"),
            ERR_403,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::TotpConfirm,
        method: "POST",
        path: "/api/v1/staff/totp/confirm",
        summary: "Two-factor sign-in: the first code turns it on; the recovery codes, once",
        params: &[],
        guard: Guard::AnyStaff,
        body: "TotpConfirm",
        responses: &[
            (200, "On, with the recovery codes", "TotpEnabled"),
            ERR_400,
            (401, "Not signed in, or a wrong code", "Error"),
            ERR_403,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::CitizenSearch,
        method: "POST",
        path: "/api/v1/staff/citizens/search",
        summary: "Find citizens by phone number (masked results); the number travels in the body, never in a URL that logs keep",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::CitizenData),
        body: "CitizenSearch",
        responses: &[(200, "Matches", "CitizenMatches"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::CitizenOpen,
        method: "POST",
        path: "/api/v1/staff/citizens/{id}/open",
        summary: "Open a citizen's personal data, with a reason; audited and shown to the citizen",
        params: &[CITIZEN_ID_PATH],
        guard: Guard::Staff(Action::Read, Resource::CitizenData),
        body: "OpenReason",
        responses: &[
            (200, "The data in clear", "CitizenRecord"),
            ERR_400,
            ERR_401,
            ERR_403,
            ERR_404,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::StaffList,
        method: "GET",
        path: "/api/v1/admin/staff",
        summary: "Every staff account",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::StaffAccount),
        body: "",
        responses: &[(200, "Accounts", "StaffList"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::StaffCreate,
        method: "POST",
        path: "/api/v1/admin/staff",
        summary: "Create a staff account (audited)",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::StaffAccount),
        body: "StaffCreate",
        responses: &[
            (200, "Created", "StaffAccount"),
            ERR_400,
            ERR_401,
            ERR_403,
            (409, "Username taken", "Error"),
            ERR_503,
        ],
    },
    Route {
        id: RouteId::StaffUpdate,
        method: "PUT",
        path: "/api/v1/admin/staff/{id}",
        summary: "Change an account's name, departments or windows, or disable it (the system administrator; audited)",
        params: &[STAFF_ID_PATH],
        guard: Guard::Staff(Action::Update, Resource::StaffAccount),
        body: "StaffUpdate",
        responses: &[
            (200, "Updated", "StaffAccount"),
            ERR_400,
            ERR_401,
            ERR_403,
            ERR_404,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::StaffRolesSet,
        method: "PUT",
        path: "/api/v1/admin/staff/{id}/roles",
        summary: "Grant and revoke an account's roles (the security administrator, never on their own account; audited)",
        params: &[STAFF_ID_PATH],
        guard: Guard::Staff(Action::Update, Resource::StaffRole),
        body: "StaffRoles",
        responses: &[
            (200, "Updated", "StaffAccount"),
            ERR_400,
            ERR_401,
            ERR_403,
            ERR_404,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::StaffPasswordReset,
        method: "POST",
        path: "/api/v1/admin/staff/{id}/password",
        summary: "Give an account a new initial password; every session of it ends (the system administrator; audited)",
        params: &[STAFF_ID_PATH],
        guard: Guard::Staff(Action::Update, Resource::StaffAccount),
        body: "PasswordReset",
        responses: &[
            (200, "Reset", "StaffAccount"),
            ERR_400,
            ERR_401,
            ERR_403,
            ERR_404,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::AuditList,
        method: "GET",
        path: "/api/v1/admin/audit",
        summary: "The audit trail, newest first (append-only)",
        params: &[Param {
            name: "before",
            location: In::Query,
            description: "只看编号小于此值的记录 Entries with a smaller id (paging)",
            schema: r#"{"type":"integer","minimum":1}"#,
            example: "1000000",
        }],
        guard: Guard::Staff(Action::Read, Resource::AuditLog),
        body: "",
        responses: &[
            (200, "Entries", "AuditList"),
            ERR_400,
            ERR_401,
            ERR_403,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::AuditExport,
        method: "GET",
        path: "/api/v1/admin/audit.csv",
        summary: "The audit trail between two days as CSV (the audit administrator's export)",
        params: &[
            Param {
                name: "from",
                location: In::Query,
                description: "开始日期（含）First day, included",
                schema: r#"{"type":"string","format":"date"}"#,
                example: "2026-12-01",
            },
            Param {
                name: "to",
                location: In::Query,
                description: "结束日期（含）Last day, included",
                schema: r#"{"type":"string","format":"date"}"#,
                example: "2026-12-07",
            },
        ],
        guard: Guard::Staff(Action::Read, Resource::AuditLog),
        body: "",
        responses: &[
            (200, "The entries, oldest first", "media:text/csv"),
            ERR_400,
            ERR_401,
            ERR_403,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::DevOutbox,
        method: "GET",
        path: "/api/v1/dev/outbox",
        summary: "Development only: messages the notifier would have sent",
        params: &[Param {
            name: "phone",
            location: In::Query,
            description: "只看发给此号码的消息 Only messages to this number",
            schema: r#"{"type":"string"}"#,
            example: "13800000000",
        }],
        guard: Guard::Dev,
        body: "",
        responses: &[
            (200, "Messages, newest first", "OutboxList"),
            ERR_400,
            ERR_404,
            ERR_503,
        ],
    },
    Route {
        id: RouteId::DevJobs,
        method: "POST",
        path: "/api/v1/dev/jobs",
        summary: "Development only: run the scheduled job (reminders, no-shows) as of the request's clock",
        params: &[],
        guard: Guard::Dev,
        body: "",
        responses: &[(200, "What the run did", "JobRun"), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::BookingOptions,
        method: "GET",
        path: "/api/v1/booking/options",
        summary: "Where and when an item can be booked, with places left per slot (放号预约)",
        params: &[ITEM_QUERY, LANG_QUERY],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Options", "BookingOptions"), ERR_400, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::BookingCreate,
        method: "POST",
        path: "/api/v1/bookings",
        summary: "Book a slot; a repeated idempotency key returns the same booking",
        params: &[],
        guard: Guard::Citizen,
        body: "BookingRequest",
        responses: &[(200, "The booking", "BookingView"), ERR_400, ERR_401, ERR_403, ERR_404, (409, "Full, or already booked that day", "Error"), ERR_503],
    },
    Route {
        id: RouteId::BookingList,
        method: "GET",
        path: "/api/v1/bookings",
        summary: "My bookings",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "Bookings", "BookingList"), ERR_401, ERR_503],
    },
    Route {
        id: RouteId::BookingCancel,
        method: "POST",
        path: "/api/v1/bookings/{id}/cancel",
        summary: "Cancel my booking before the cut-off",
        params: &[BOOKING_ID_PATH],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "Cancelled", "BookingView"), ERR_401, ERR_403, ERR_404, (409, "Not active, or past the cut-off", "Error"), ERR_503],
    },
    Route {
        id: RouteId::BookingReschedule,
        method: "POST",
        path: "/api/v1/bookings/{id}/reschedule",
        summary: "Move my booking to another time before the cut-off (改约): the new booking is made and the old one released in one write",
        params: &[BOOKING_ID_PATH],
        guard: Guard::Citizen,
        body: "RescheduleRequest",
        responses: &[(200, "The new booking", "BookingView"), ERR_400, ERR_401, ERR_403, ERR_404, (409, "Not active, past the cut-off, or the new time is full", "Error"), ERR_503],
    },    Route {
        id: RouteId::BookingCalendar,
        method: "GET",
        path: "/api/v1/bookings/{id}/calendar.ics",
        summary: "My booking as an iCalendar file (text/calendar), to add to a phone's calendar, in the reader's language",
        params: &[
            BOOKING_ID_PATH,
            LANG_QUERY,
        ],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "text/calendar file", "media:text/calendar"), ERR_400, ERR_401, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::Halls,
        method: "GET",
        path: "/api/v1/halls",
        summary: "The halls (a city hall and its district halls)",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Halls", "HallList"), ERR_503],
    },
    Route {
        id: RouteId::Kiosk,
        method: "GET",
        path: "/api/v1/halls/{hall}/kiosk",
        summary: "What the hall's kiosk offers: item groups, their items and how many wait",
        params: &[HALL_PATH],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The kiosk", "KioskView"), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::WalkIn,
        method: "POST",
        path: "/api/v1/halls/{hall}/tickets",
        summary: "Take a walk-in ticket (现场取号) while the hall is open; a repeated idempotency key returns the same ticket",
        params: &[HALL_PATH, DEVICE_HEADER],
        guard: Guard::Public,
        body: "WalkInRequest",
        responses: &[(200, "The ticket", "TicketView"), ERR_400, (401, "No live device key of this hall", "Error"), ERR_403, ERR_404, (409, "The hall is closed: the message says when it opens", "Error"), ERR_429, ERR_503],
    },
    Route {
        id: RouteId::CheckIn,
        method: "POST",
        path: "/api/v1/halls/{hall}/check-in",
        summary: "Check in a booking by its appointment number (预约签到); twice returns the same ticket",
        params: &[HALL_PATH, DEVICE_HEADER],
        guard: Guard::Public,
        body: "CheckInRequest",
        responses: &[(200, "The ticket", "TicketView"), ERR_400, (401, "No live device key of this hall", "Error"), ERR_403, ERR_404, (409, "Too early, too late, cancelled or another hall", "Error"), ERR_429, ERR_503],
    },
    Route {
        id: RouteId::Board,
        method: "GET",
        path: "/api/v1/halls/{hall}/board",
        summary: "The display board: latest calls and waiting counts; ETag, answers 304 to If-None-Match",
        params: &[HALL_PATH],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The board", "BoardView"), (304, "Unchanged since the ETag", ""), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::Forecast,
        method: "GET",
        path: "/api/v1/halls/{hall}/forecast",
        summary: "The expected wait of an item's queue by weekday and hour, from the served tickets of the last 8 weeks (best time to come)",
        params: &[HALL_PATH, ITEM_QUERY],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The forecast", "WaitForecast"), ERR_400, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::Ticket,
        method: "GET",
        path: "/api/v1/tickets/{id}",
        summary: "A ticket: place in the queue, estimated wait, window once called; ETag, 304 to If-None-Match",
        params: &[TICKET_ID_PATH],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The ticket", "TicketView"), (304, "Unchanged since the ETag", ""), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::TicketRejoin,
        method: "POST",
        path: "/api/v1/tickets/{id}/rejoin",
        summary: "A missed ticket joins the queue again at the back (once, within 10 minutes)",
        params: &[TICKET_ID_PATH],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The ticket", "TicketView"), ERR_403, ERR_404, (409, "Not missed, too late, or rejoined before", "Error"), ERR_503],
    },
    Route {
        id: RouteId::Console,
        method: "GET",
        path: "/api/v1/staff/windows",
        summary: "The window console: my windows, their current ticket and queue",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::Window),
        body: "",
        responses: &[(200, "The console", "ConsoleView"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::WindowOpen,
        method: "POST",
        path: "/api/v1/staff/windows/{hall}/{window}/open",
        summary: "Open my window",
        params: &[HALL_PATH, WINDOW_PATH],
        guard: Guard::Staff(Action::Update, Resource::Window),
        body: "",
        responses: &[(200, "The console", "ConsoleView"), ERR_401, ERR_403, ERR_404, (409, "Open by another clerk", "Error"), ERR_503],
    },
    Route {
        id: RouteId::WindowClose,
        method: "POST",
        path: "/api/v1/staff/windows/{hall}/{window}/close",
        summary: "Close my window (no ticket may be at it)",
        params: &[HALL_PATH, WINDOW_PATH],
        guard: Guard::Staff(Action::Update, Resource::Window),
        body: "",
        responses: &[(200, "The console", "ConsoleView"), ERR_401, ERR_403, ERR_404, (409, "Closed, another clerk's, or a ticket at it", "Error"), ERR_503],
    },
    Route {
        id: RouteId::WindowCall,
        method: "POST",
        path: "/api/v1/staff/windows/{hall}/{window}/call",
        summary: "Call the next ticket in the serving order (叫号)",
        params: &[HALL_PATH, WINDOW_PATH],
        guard: Guard::Staff(Action::Update, Resource::Window),
        body: "",
        responses: &[(200, "The console", "ConsoleView"), ERR_401, ERR_403, ERR_404, (409, "Closed, busy, or nobody waiting", "Error"), ERR_503],
    },
    Route {
        id: RouteId::TicketEvent,
        method: "POST",
        path: "/api/v1/staff/tickets/{id}",
        summary: "Recall, start, finish, mark missed or transfer a ticket from my window",
        params: &[TICKET_ID_PATH],
        guard: Guard::Staff(Action::Update, Resource::Window),
        body: "TicketEventRequest",
        responses: &[(200, "The console", "ConsoleView"), ERR_400, ERR_401, ERR_403, ERR_404, (409, "Not allowed in the ticket's state", "Error"), ERR_503],
    },
    Route {
        id: RouteId::Devices,
        method: "GET",
        path: "/api/v1/halls/{hall}/devices",
        summary: "The hall's kiosks, revoked ones too (never their keys)",
        params: &[HALL_PATH],
        guard: Guard::Staff(Action::Read, Resource::Device),
        body: "",
        responses: &[(200, "The devices", "KioskDeviceList"), ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::DeviceRegister,
        method: "POST",
        path: "/api/v1/halls/{hall}/devices",
        summary: "Register a kiosk; its key is in this answer only (a retry answers without it)",
        params: &[HALL_PATH],
        guard: Guard::Staff(Action::Create, Resource::Device),
        body: "DeviceRegistration",
        responses: &[(200, "The device and its key", "DeviceRegistered"), ERR_400, ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::DeviceRevoke,
        method: "POST",
        path: "/api/v1/halls/{hall}/devices/{id}/revoke",
        summary: "Revoke a kiosk's key at once; revoking twice answers the first revocation",
        params: &[HALL_PATH, DEVICE_PATH],
        guard: Guard::Staff(Action::Update, Resource::Device),
        body: "",
        responses: &[(200, "The device", "KioskDevice"), ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::HallSetup,
        method: "GET",
        path: "/api/v1/admin/hall",
        summary: "The hall set-up (halls, item groups, windows, places per slot) and the rules",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::Window),
        body: "",
        responses: &[(200, "Set-up and rules", "SetupView"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::HallRules,
        method: "PUT",
        path: "/api/v1/admin/hall/rules",
        summary: "Set the booking and serving rules (hall manager; audited)",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Window),
        body: "RulesUpdate",
        responses: &[(200, "Set-up and rules", "SetupView"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::BookingQr,
        method: "GET",
        path: "/api/v1/bookings/{id}/qr.svg",
        summary: "My appointment number as a QR code (image/svg+xml), for the kiosk",
        params: &[BOOKING_ID_PATH],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "SVG image", "media:image/svg+xml"), ERR_401, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::TicketQr,
        method: "GET",
        path: "/api/v1/tickets/{id}/qr.svg",
        summary: "The ticket page's address as a QR code (image/svg+xml)",
        params: &[TICKET_ID_PATH],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "SVG image", "media:image/svg+xml"), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::HallEdit,
        method: "PUT",
        path: "/api/v1/admin/hall/halls",
        summary: "Change a hall's name, address, area and opening hours (hall manager; audited)",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Window),
        body: "HallUpdate",
        responses: &[(200, "Set-up and rules", "SetupView"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::WindowEdit,
        method: "PUT",
        path: "/api/v1/admin/hall/windows",
        summary: "Add a window or change its name and item groups (hall manager; audited)",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Window),
        body: "WindowUpdate",
        responses: &[(200, "Set-up and rules", "SetupView"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::HallCapacity,
        method: "PUT",
        path: "/api/v1/admin/hall/capacity",
        summary: "Set the places per slot of a hall's item group (hall manager; audited)",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Window),
        body: "CapacityUpdate",
        responses: &[(200, "Set-up and rules", "SetupView"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ApplicationCreate,
        method: "POST",
        path: "/api/v1/staff/applications",
        summary: "Receive an application at the window (收件): applicant, item, materials checklist; idempotent by key; audited",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Application),
        body: "ApplicationCreate",
        responses: &[(200, "The application", "ApplicationView"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ApplicationList,
        method: "GET",
        path: "/api/v1/staff/applications",
        summary: "Open and recent applications (names masked), near-due and overdue counts, the on-time rate",
        params: &[Param {
            name: "filter",
            location: In::Query,
            description: "all 全部 / mine 我负责的 / near_due 临近期限 / overdue 已超期 / repeat 多次告知 / forwarded 通办转办",
            schema: r#"{"type":"string","enum":["all","mine","near_due","overdue","repeat","forwarded"],"default":"all"}"#,
            example: "all",
        }],
        guard: Guard::Staff(Action::Read, Resource::Application),
        body: "",
        responses: &[(200, "Applications", "ApplicationList"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ApplicationOpen,
        method: "GET",
        path: "/api/v1/staff/applications/{no}",
        summary: "One application with the applicant's data in clear (audited)",
        params: &[APPLICATION_PATH],
        guard: Guard::Staff(Action::Read, Resource::Application),
        body: "",
        responses: &[(200, "The application", "ApplicationView"), ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::ApplicationStep,
        method: "POST",
        path: "/api/v1/staff/applications/{no}/steps",
        summary: "Take a step: notice, accept, accept with 容缺, supply, review, approve, refuse, result ready, deliver, archive, hand over",
        params: &[APPLICATION_PATH],
        guard: Guard::Staff(Action::Update, Resource::Application),
        body: "StepRequest",
        responses: &[(200, "The application", "ApplicationView"), ERR_400, ERR_401, ERR_403, ERR_404, (409, "Not allowed in this state, or with these materials", "Error"), ERR_503],
    },
    Route {
        id: RouteId::MyApplication,
        method: "GET",
        path: "/api/v1/applications/{no}",
        summary: "One of my applications: timeline, deadline, responsible person, notices, result",
        params: &[APPLICATION_PATH],
        guard: Guard::RealName,
        body: "",
        responses: &[(200, "The application", "ApplicationView"), ERR_401, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::ApplicationWithdraw,
        method: "POST",
        path: "/api/v1/applications/{no}/withdraw",
        summary: "Withdraw my application before a decision",
        params: &[APPLICATION_PATH],
        guard: Guard::RealName,
        body: "",
        responses: &[(200, "The application", "ApplicationView"), ERR_401, ERR_403, ERR_404, (409, "Already decided", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ApplicationCommitment,
        method: "POST",
        path: "/api/v1/applications/{no}/commitment",
        summary: "Sign the 容缺 commitment (容缺受理承诺书) online before acceptance; repeats are harmless",
        params: &[APPLICATION_PATH],
        guard: Guard::RealName,
        body: "",
        responses: &[(200, "The application", "ApplicationView"), ERR_401, ERR_403, ERR_404, (409, "The item has no 容缺, or already accepted", "Error"), ERR_503],
    },
    Route {
        id: RouteId::PaymentStart,
        method: "POST",
        path: "/api/v1/applications/{no}/payments",
        summary: "Pay my application's fee online (网上缴费): starts an order, or resumes the pending one, and names the provider's pay page",
        params: &[APPLICATION_PATH],
        guard: Guard::RealName,
        body: "",
        responses: &[(200, "The order and where to pay it", "PaymentStart"), ERR_401, ERR_403, ERR_404, (409, "No fee, not payable now, or already paid", "Error"), (503, "No payment provider here", "Error")],
    },
    Route {
        id: RouteId::PaymentCallback,
        method: "POST",
        path: "/api/v1/payments/callback",
        summary: "The payment provider's notice that an order is paid; signed with HMAC-SHA256 in x-hall-pay-signature (t=<unix seconds>,v1=<hex> over \"<t>.<body>\"); repeats answer the same",
        params: &[],
        guard: Guard::Provider,
        body: "PaymentCallback",
        responses: &[(200, "The order's state", "CallbackAck"), ERR_400, (401, "Signature missing, wrong or stale", "Error"), ERR_404, (409, "Amount differs, or paid by another transaction", "Error"), (503, "No payment provider here", "Error")],
    },
    Route {
        id: RouteId::SandboxPage,
        method: "GET",
        path: "/api/v1/dev/pay/{order}",
        summary: "Development only: the payment sandbox's hosted pay page (HTML)",
        params: &[ORDER_PATH],
        guard: Guard::Dev,
        body: "",
        responses: &[(200, "The pay page", "media:text/html"), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::SandboxSubmit,
        method: "POST",
        path: "/api/v1/dev/pay/{order}",
        summary: "Development only: the sandbox pay page's form (token, outcome=paid|cancel); sends the signed callback and returns the payer to the application",
        params: &[ORDER_PATH],
        guard: Guard::Provider,
        body: "",
        responses: &[(303, "Back to the application", ""), (401, "Form token wrong", "Error"), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::ProxyCreate,
        method: "POST",
        path: "/api/v1/proxy-requests",
        summary: "Ask for free proxy service (代办, 6.7); a retried idempotency key returns the same request",
        params: &[],
        guard: Guard::Citizen,
        body: "ProxyCreate",
        responses: &[(200, "The request", "ProxyView"), (400, "Invalid fields, all named", "Error"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ProxyMine,
        method: "GET",
        path: "/api/v1/proxy-requests",
        summary: "My proxy-service requests",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "My requests, newest first", "ProxyList"), ERR_401, ERR_503],
    },
    Route {
        id: RouteId::ProxyCancel,
        method: "POST",
        path: "/api/v1/proxy-requests/{id}/cancel",
        summary: "Cancel my proxy-service request before it is done",
        params: &[PROXY_PATH],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "The request", "ProxyView"), ERR_401, ERR_403, ERR_404, (409, "Already closed", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ProxyList,
        method: "GET",
        path: "/api/v1/staff/proxy-requests",
        summary: "Proxy-service requests: open ones oldest first, then recent closed ones; personal data masked",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::Application),
        body: "",
        responses: &[(200, "Requests", "ProxyList"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ProxyOpen,
        method: "GET",
        path: "/api/v1/staff/proxy-requests/{id}",
        summary: "One proxy-service request in full, to contact the citizen (an audited read)",
        params: &[PROXY_PATH],
        guard: Guard::Staff(Action::Read, Resource::Application),
        body: "",
        responses: &[(200, "The request", "ProxyView"), ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::ProxyStep,
        method: "POST",
        path: "/api/v1/staff/proxy-requests/{id}",
        summary: "Assign a 代办员, start, complete (linking the application) or decline with a reason",
        params: &[PROXY_PATH],
        guard: Guard::Staff(Action::Update, Resource::Application),
        body: "ProxyStep",
        responses: &[(200, "The request", "ProxyView"), (400, "Invalid fields", "Error"), ERR_401, (403, "Not allowed, or not the assigned 代办员", "Error"), ERR_404, (409, "State does not allow it, or changed meanwhile", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ConsultAsk,
        method: "POST",
        path: "/api/v1/consultations",
        summary: "Ask a question online (在线咨询), optionally about an item; a retried key returns the same question",
        params: &[],
        guard: Guard::Citizen,
        body: "ConsultAsk",
        responses: &[(200, "The question with its due date", "ConsultView"), (400, "Invalid fields, all named", "Error"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ConsultMine,
        method: "GET",
        path: "/api/v1/consultations",
        summary: "My questions and their answers",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "My questions, newest first", "ConsultList"), ERR_401, ERR_503],
    },
    Route {
        id: RouteId::ConsultLog,
        method: "POST",
        path: "/api/v1/staff/consultations",
        summary: "Log a question taken on site or by phone; the staff member is its 首问 owner",
        params: &[],
        guard: Guard::Staff(Action::Update, Resource::Consultation),
        body: "ConsultLog",
        responses: &[(200, "The question", "ConsultView"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ConsultList,
        method: "GET",
        path: "/api/v1/staff/consultations",
        summary: "Questions from every channel: unanswered first, with near-due and overdue counts; askers masked",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::Consultation),
        body: "",
        responses: &[(200, "Questions", "ConsultList"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ConsultStep,
        method: "POST",
        path: "/api/v1/staff/consultations/{id}",
        summary: "Take (首问), route to a department (the owner stays), answer, or publish anonymised to the FAQ",
        params: &[CONSULTATION_PATH],
        guard: Guard::Staff(Action::Update, Resource::Consultation),
        body: "ConsultStep",
        responses: &[(200, "The question", "ConsultView"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_404, (409, "State does not allow it, or changed meanwhile", "Error"), ERR_503],
    },
    Route {
        id: RouteId::Faqs,
        method: "GET",
        path: "/api/v1/faqs",
        summary: "The public FAQ (常见问题), searched like the guides, or one item's",
        params: &[
            Param {
                name: "q",
                location: In::Query,
                description: "搜索词 Search words",
                schema: r#"{"type":"string","maxLength":50}"#,
                example: "身份证丢了",
            },
            Param {
                name: "item",
                location: In::Query,
                description: "只看此事项的问题 Only this item's",
                schema: r#"{"type":"string"}"#,
                example: "GA-HZ-004",
            },
            LANG_QUERY,
        ],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Questions and answers", "FaqList"), ERR_400, ERR_503],
    },
    Route {
        id: RouteId::Notices,
        method: "GET",
        path: "/api/v1/notices",
        summary: "The hall's notices (通知公告), newest first",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Notices", "NoticeList"), ERR_503],
    },
    Route {
        id: RouteId::NoticeOne,
        method: "GET",
        path: "/api/v1/notices/{id}",
        summary: "One notice, with when it was published and last updated",
        params: &[NOTICE_PATH],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The notice", "Notice"), ERR_404, ERR_503],
    },
    Route {
        id: RouteId::Catalogues,
        method: "GET",
        path: "/api/v1/catalogues",
        summary: "Disclosure catalogues: 通办 by level, 容缺 items with the materials that may follow, joint packages",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The catalogues", "Catalogues"), ERR_503],
    },
    Route {
        id: RouteId::NoticePublish,
        method: "POST",
        path: "/api/v1/staff/notices",
        summary: "Publish a notice; a retried key publishes it once; recorded in the content history",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Content),
        body: "NoticeEdit",
        responses: &[(200, "The notice", "Notice"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::NoticeEdit,
        method: "PUT",
        path: "/api/v1/staff/notices/{id}",
        summary: "Change a notice (only over the version read); recorded in the content history",
        params: &[NOTICE_PATH],
        guard: Guard::Staff(Action::Update, Resource::Content),
        body: "NoticeEdit",
        responses: &[(200, "The notice", "Notice"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_404, (409, "Changed meanwhile", "Error"), ERR_503],
    },
    Route {
        id: RouteId::FaqEdit,
        method: "PUT",
        path: "/api/v1/staff/faqs/{id}",
        summary: "Correct a FAQ entry's public text (no personal data); recorded in the content history",
        params: &[FAQ_PATH],
        guard: Guard::Staff(Action::Update, Resource::Content),
        body: "FaqEdit",
        responses: &[(200, "The entry", "Faq"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_404, (409, "Changed meanwhile", "Error"), ERR_503],
    },
    Route {
        id: RouteId::GuideEdit,
        method: "PUT",
        path: "/api/v1/staff/guides/{code}",
        summary: "Edit a guide's conditions and steps; every view (web, window, search) reads the edit; recorded in the content history",
        params: &[CODE_PATH],
        guard: Guard::Staff(Action::Update, Resource::Content),
        body: "GuideEdit",
        responses: &[(200, "The guide", "ItemGuide"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_404, (409, "Edited meanwhile", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ContentHistory,
        method: "GET",
        path: "/api/v1/staff/content-history",
        summary: "Who changed which notice, FAQ entry or guide, when, and what changed; newest first",
        params: &[
            Param {
                name: "kind",
                location: In::Query,
                description: "内容类型 notice、faq、guide",
                schema: r#"{"enum":["notice","faq","guide"]}"#,
                example: "guide",
            },
            Param {
                name: "ref",
                location: In::Query,
                description: "公告编号、问答编号或事项编码 The notice, entry or item",
                schema: r#"{"type":"string"}"#,
                example: "GA-HZ-004",
            },
        ],
        guard: Guard::Staff(Action::Read, Resource::Content),
        body: "",
        responses: &[(200, "History entries", "HistoryList"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::RatingTarget,
        method: "GET",
        path: "/api/v1/ratings/{kind}/{subject}",
        summary: "What I am about to rate (好差评) and whether I may: only the served citizen, after the service, once",
        params: &[RATING_KIND_PATH, RATING_SUBJECT_PATH],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "The service, the dimensions, a refusal or my rating", "RatingTarget"), ERR_401, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::RatingSubmit,
        method: "POST",
        path: "/api/v1/ratings",
        summary: "Rate a finished service once (five levels, the dimensions, a comment); staff are refused; a bad rating opens a work order",
        params: &[],
        guard: Guard::Citizen,
        body: "RatingSubmit",
        responses: &[(200, "My rating", "RatingView"), (400, "Invalid fields or dimensions", "Error"), ERR_401, (403, "Not the served citizen, or a staff member", "Error"), ERR_404, (409, "Not finished yet, or rated already", "Error"), ERR_503],
    },
    Route {
        id: RouteId::RatingOrders,
        method: "GET",
        path: "/api/v1/staff/rating-orders",
        summary: "Bad ratings' work orders with their deadlines and appeals; never who rated",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::Rating),
        body: "",
        responses: &[(200, "Work orders", "RatingOrderList"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::RatingOrderStep,
        method: "POST",
        path: "/api/v1/staff/rating-orders/{id}",
        summary: "Contact (the hall's message), report the fix, reply, appeal a malicious rating; the hall manager upholds or rejects the appeal",
        params: &[RATING_PATH],
        guard: Guard::Staff(Action::Update, Resource::Rating),
        body: "RatingOrderStep",
        responses: &[(200, "The work order", "RatingOrderView"), (400, "Invalid fields", "Error"), ERR_401, (403, "Not allowed, or a decision for the hall manager", "Error"), ERR_404, (409, "State does not allow it, or changed meanwhile", "Error"), ERR_503],
    },
    Route {
        id: RouteId::Satisfaction,
        method: "GET",
        path: "/api/v1/satisfaction",
        summary: "Public 好差评 figures by hall, window, item and month (last 12 months); groups of fewer than 5 ratings left out",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "The figures", "Satisfaction"), ERR_503],
    },
    Route {
        id: RouteId::ComplaintSubmit,
        method: "POST",
        path: "/api/v1/complaints",
        summary: "Complain online (投诉); images follow one by one; a retried key returns the same complaint",
        params: &[],
        guard: Guard::Citizen,
        body: "ComplaintSubmit",
        responses: &[(200, "The complaint with its number and first deadline", "ComplaintView"), (400, "Invalid fields, all named", "Error"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ComplaintMine,
        method: "GET",
        path: "/api/v1/complaints",
        summary: "My complaints, including those staff logged with my mobile number",
        params: &[],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "My complaints, newest first", "ComplaintList"), ERR_401, ERR_503],
    },
    Route {
        id: RouteId::ComplaintOne,
        method: "GET",
        path: "/api/v1/complaints/{no}",
        summary: "One of my complaints with every step (tracking by number)",
        params: &[COMPLAINT_PATH],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "The complaint", "ComplaintView"), ERR_401, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::ComplaintInform,
        method: "POST",
        path: "/api/v1/complaints/{no}/information",
        summary: "Add information while the complaint is open; a retried key adds nothing",
        params: &[COMPLAINT_PATH],
        guard: Guard::Citizen,
        body: "ComplaintInformation",
        responses: &[(200, "The complaint", "ComplaintView"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_404, (409, "No longer open for additions", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ComplaintAttach,
        method: "POST",
        path: "/api/v1/complaints/{no}/attachments",
        summary: "Add one image (JPEG, PNG or WebP by its bytes, at most 1 MB; three per complaint); a retried key adds nothing",
        params: &[COMPLAINT_PATH],
        guard: Guard::Citizen,
        body: "AttachmentUpload",
        responses: &[(200, "The complaint", "ComplaintView"), (400, "Not an accepted image, too large, or three already", "Error"), ERR_401, ERR_403, ERR_404, (409, "No longer open for additions", "Error"), (413, "Body too large", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ComplaintImage,
        method: "GET",
        path: "/api/v1/complaints/{no}/attachments/{n}",
        summary: "One of my complaint's images",
        params: &[COMPLAINT_PATH, ATTACHMENT_PATH],
        guard: Guard::Citizen,
        body: "",
        responses: &[(200, "The image", "media:image/jpeg,image/png,image/webp"), ERR_401, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::ComplaintRate,
        method: "POST",
        path: "/api/v1/complaints/{no}/rating",
        summary: "Rate the handling once it is replied to; once only (the same rating again is answered as is)",
        params: &[COMPLAINT_PATH],
        guard: Guard::Citizen,
        body: "ComplaintRate",
        responses: &[(200, "The complaint", "ComplaintView"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_404, (409, "Not replied yet, or rated already", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ComplaintLog,
        method: "POST",
        path: "/api/v1/staff/complaints",
        summary: "Log a complaint taken on site, by the 12345 hotline, from the box, by phone or by email",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Complaint),
        body: "ComplaintLog",
        responses: &[(200, "The complaint", "ComplaintView"), (400, "Invalid fields", "Error"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ComplaintList,
        method: "GET",
        path: "/api/v1/staff/complaints",
        summary: "Open complaints first with near-due and overdue counts; a department sees only its own, a confidential complainant never",
        params: &[],
        guard: Guard::Staff(Action::Read, Resource::Complaint),
        body: "",
        responses: &[(200, "Complaints", "ComplaintList"), ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ComplaintStats,
        method: "GET",
        path: "/api/v1/staff/complaint-stats",
        summary: "A month's figures: by category, channel and department, and replies on time",
        params: &[Param {
            name: "month",
            location: In::Query,
            description: "月份 Month (default: this month)",
            schema: r#"{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"}"#,
            example: "2026-11",
        }],
        guard: Guard::Staff(Action::Read, Resource::Complaint),
        body: "",
        responses: &[(200, "The figures", "ComplaintStats"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ComplaintOpen,
        method: "GET",
        path: "/api/v1/staff/complaints/{no}",
        summary: "One complaint with every step; the complaint office sees the complainant (an audited read)",
        params: &[COMPLAINT_PATH],
        guard: Guard::Staff(Action::Read, Resource::Complaint),
        body: "",
        responses: &[(200, "The complaint", "ComplaintView"), ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::ComplaintStep,
        method: "POST",
        path: "/api/v1/staff/complaints/{no}",
        summary: "Accept (assigning the department) or decline with a reason, investigate, handle, reply, record the return visit, archive",
        params: &[COMPLAINT_PATH],
        guard: Guard::Staff(Action::Update, Resource::Complaint),
        body: "ComplaintStep",
        responses: &[(200, "The complaint", "ComplaintView"), (400, "Invalid fields", "Error"), ERR_401, (403, "Not allowed, or a step for the complaint office", "Error"), ERR_404, (409, "State does not allow it, or changed meanwhile", "Error"), ERR_503],
    },
    Route {
        id: RouteId::ComplaintStaffImage,
        method: "GET",
        path: "/api/v1/staff/complaints/{no}/attachments/{n}",
        summary: "A complaint's image, for those who may open the complaint",
        params: &[COMPLAINT_PATH, ATTACHMENT_PATH],
        guard: Guard::Staff(Action::Read, Resource::Complaint),
        body: "",
        responses: &[(200, "The image", "media:image/jpeg,image/png,image/webp"), ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::Progress,
        method: "POST",
        path: "/api/v1/progress",
        summary: "Progress query (办件进度查询): tracking number and the last 4 phone digits or last 6 of the ID number; rate-limited",
        params: &[],
        guard: Guard::Public,
        body: "ProgressQuery",
        responses: &[(200, "The application or joint application, personal data masked", "ProgressView"), ERR_400, ERR_403, ERR_404, ERR_429, ERR_503],
    },
    Route {
        id: RouteId::CreditList,
        method: "GET",
        path: "/api/v1/credit-list",
        summary: "The 失信名单: applicants who missed a 容缺 deadline (names masked)",
        params: &[],
        guard: Guard::Public,
        body: "",
        responses: &[(200, "Current listings", "CreditList"), ERR_503],
    },
    Route {
        id: RouteId::ApplyOnline,
        method: "POST",
        path: "/api/v1/applications",
        summary: "Apply online (网上申请) for an item that offers it, as my registered identity; idempotent by key",
        params: &[],
        guard: Guard::RealName,
        body: "OnlineApplication",
        responses: &[(200, "My application", "ApplicationView"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::ApplicationDelivery,
        method: "POST",
        path: "/api/v1/applications/{no}/delivery",
        summary: "Choose how my result reaches me: collect at the hall, or mail (邮寄) to a validated address",
        params: &[APPLICATION_PATH],
        guard: Guard::RealName,
        body: "DeliveryRequest",
        responses: &[(200, "The application", "ApplicationView"), ERR_400, ERR_401, ERR_403, ERR_404, (409, "The result is already ready", "Error"), ERR_503],
    },
    Route {
        id: RouteId::JointCreate,
        method: "POST",
        path: "/api/v1/staff/joint-applications",
        summary: "Receive a joint package (联审联办): one form, one tracking number, one application per member item; idempotent; audited",
        params: &[],
        guard: Guard::Staff(Action::Create, Resource::Application),
        body: "JointCreate",
        responses: &[(200, "The joint application", "JointView"), ERR_400, ERR_401, ERR_403, ERR_503],
    },
    Route {
        id: RouteId::JointOpen,
        method: "GET",
        path: "/api/v1/staff/joint-applications/{no}",
        summary: "A joint application with each department's progress (audited)",
        params: &[APPLICATION_PATH],
        guard: Guard::Staff(Action::Read, Resource::Application),
        body: "",
        responses: &[(200, "The joint application", "JointView"), ERR_401, ERR_403, ERR_404, ERR_503],
    },
    Route {
        id: RouteId::JointAccept,
        method: "POST",
        path: "/api/v1/staff/joint-applications/{no}/accept",
        summary: "Joint acceptance (综合受理): every member accepted under the package's deadline, or every missing material named",
        params: &[APPLICATION_PATH],
        guard: Guard::Staff(Action::Update, Resource::Application),
        body: "",
        responses: &[(200, "The joint application", "JointView"), ERR_401, ERR_403, ERR_404, (409, "Materials missing", "Error"), ERR_503],
    },
    Route {
        id: RouteId::MyJoint,
        method: "GET",
        path: "/api/v1/joint-applications/{no}",
        summary: "My joint application: one deadline, each department's progress",
        params: &[APPLICATION_PATH],
        guard: Guard::RealName,
        body: "",
        responses: &[(200, "The joint application", "JointView"), ERR_401, ERR_404, ERR_503],
    },
];

/// Routes a staff member may use before changing an initial password.
fn password_route(id: RouteId) -> bool {
    matches!(
        id,
        RouteId::StaffMe
            | RouteId::StaffPassword
            | RouteId::StaffSignOut
            | RouteId::TotpEnrol
            | RouteId::TotpConfirm
    )
}

/// Finds the route for a method and path, with the path parameters in template order.
pub fn find(method: &str, path: &str) -> std::result::Result<(&'static Route, Vec<String>), Error> {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let mut method_mismatch = false;
    for route in ROUTES {
        if let Some(params) = match_path(route.path, path) {
            if route.method == method {
                return Ok((route, params));
            }
            method_mismatch = true;
        }
    }
    Err(if method_mismatch {
        Error::MethodNotAllowed
    } else {
        Error::RouteNotFound
    })
}

fn match_path(template: &str, path: &str) -> Option<Vec<String>> {
    let mut t = template.split('/');
    let mut p = path.split('/');
    let mut params = Vec::new();
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(params),
            (Some(ts), Some(ps)) if ts.starts_with('{') && ts.ends_with('}') && !ps.is_empty() => {
                params.push(ps.to_string())
            }
            (Some(ts), Some(ps)) if ts == ps => {}
            _ => return None,
        }
    }
}

/// Answers one API request; every failure becomes a JSON error with its status.
pub async fn handle(mut req: Request, env: Env) -> Result<Response> {
    let outcome = answer(&mut req, env).await;
    match outcome {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let resp = http::error(&e)?;
            if e == Error::MethodNotAllowed {
                let path = req.url()?.path().to_string();
                resp.headers()
                    .set("allow", &allowed_methods(&path).join(", "))?;
            }
            Ok(resp)
        }
    }
}

/// The methods served at a path, for `Allow`.
fn allowed_methods(path: &str) -> Vec<&'static str> {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    ROUTES
        .iter()
        .filter(|r| match_path(r.path, path).is_some())
        .map(|r| r.method)
        .collect()
}

async fn answer(req: &mut Request, env: Env) -> std::result::Result<Response, Error> {
    let url = req.url().map_err(|_| Error::RouteNotFound)?;
    let (route, params) = find(req.method().as_ref(), url.path())?;
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let origin = header("origin");
    let has_csrf_header = header(hall_domain::account::CSRF_HEADER).is_some();
    let max_body = match route.id {
        RouteId::ComplaintAttach => complaints::MAX_UPLOAD_BYTES,
        _ => crate::ctx::MAX_BODY_BYTES,
    };
    let ctx = Ctx::read(req, env, max_body).await?;
    if route.guard == Guard::Dev && !ctx.dev() {
        return Err(Error::RouteNotFound);
    }
    if route.guard != Guard::Provider {
        if let Err(e) = auth::check_same_origin(&ctx, origin.as_deref(), has_csrf_header) {
            auth::security_event(&ctx, "anonymous", "security.csrf", "route", route.path, "").await;
            return Err(e);
        }
    }
    let who = auth::authorize(&ctx, route.guard, password_route(route.id)).await?;
    dispatch(route.id, &params, &ctx, &who).await
}

async fn dispatch(
    id: RouteId,
    params: &[String],
    ctx: &Ctx,
    who: &Principal,
) -> std::result::Result<Response, Error> {
    let param = |i: usize| params.get(i).map(String::as_str).unwrap_or_default();
    let env = &ctx.env;
    match id {
        RouteId::Health => meta::health(env).await,
        RouteId::Live => meta::live(),
        RouteId::OpenApi => meta::openapi(),
        RouteId::Items => catalogue::items(&ctx.url, env).await,
        RouteId::Item => catalogue::item(&ctx.url, param(0), env).await,
        RouteId::Departments => catalogue::departments(&ctx.url, env).await,
        RouteId::Packages => catalogue::packages(&ctx.url, env).await,
        RouteId::Package => catalogue::package(&ctx.url, param(0), env).await,
        RouteId::RealNameStart => real_name::start(ctx).await,
        RouteId::RealNameCallback => real_name::callback(ctx).await,
        RouteId::CodeRequest => citizen::request_code(ctx).await,
        RouteId::CodeVerify => citizen::verify(ctx).await,
        RouteId::CitizenSignOut => citizen::sign_out(ctx).await,
        RouteId::Me => citizen::me(ctx, who.citizen()?).await,
        RouteId::MeUpdate => citizen::update(ctx, who.citizen()?).await,
        RouteId::MeMatters => citizen::matters(ctx, who.citizen()?).await,
        RouteId::MeReads => citizen::reads(ctx, who.citizen()?).await,
        RouteId::MeSignOutAll => citizen::sign_out_all(ctx, who.citizen()?).await,
        RouteId::StaffSignIn => staff::sign_in(ctx).await,
        RouteId::StaffSignOut => staff::sign_out(ctx, who.staff()?).await,
        RouteId::StaffMe => staff::me(ctx, who.staff()?),
        RouteId::StaffPassword => staff::change_password(ctx, who.staff()?).await,
        RouteId::TotpEnrol => staff::totp_enrol(ctx, who.staff()?).await,
        RouteId::TotpConfirm => staff::totp_confirm(ctx, who.staff()?).await,
        RouteId::CitizenSearch => staff::search_citizens(ctx).await,
        RouteId::CitizenOpen => staff::open_citizen(ctx, who.staff()?, param(0)).await,
        RouteId::StaffList => admin::list(ctx).await,
        RouteId::StaffCreate => admin::create(ctx, who.staff()?).await,
        RouteId::StaffUpdate => admin::update(ctx, who.staff()?, param(0)).await,
        RouteId::StaffRolesSet => admin::set_roles(ctx, who.staff()?, param(0)).await,
        RouteId::StaffPasswordReset => admin::reset_password(ctx, who.staff()?, param(0)).await,
        RouteId::AuditList => admin::audit(ctx).await,
        RouteId::AuditExport => admin::audit_csv(ctx).await,
        RouteId::DevOutbox => dev::outbox(ctx).await,
        RouteId::DevJobs => dev::jobs(ctx).await,
        RouteId::BookingOptions => bookings::options(ctx).await,
        RouteId::BookingCreate => bookings::create(ctx, who.citizen()?).await,
        RouteId::BookingList => bookings::list(ctx, who.citizen()?).await,
        RouteId::BookingCancel => bookings::cancel(ctx, who.citizen()?, param(0)).await,
        RouteId::BookingReschedule => bookings::reschedule(ctx, who.citizen()?, param(0)).await,
        RouteId::BookingCalendar => bookings::calendar(ctx, who.citizen()?, param(0)).await,
        RouteId::Halls => queue::halls(ctx).await,
        RouteId::Kiosk => queue::kiosk(ctx, param(0)).await,
        RouteId::WalkIn => queue::walk_in(ctx, param(0)).await,
        RouteId::CheckIn => queue::check_in_booking(ctx, param(0)).await,
        RouteId::Board => queue::board(ctx, param(0)).await,
        RouteId::Forecast => queue::forecast(ctx, param(0)).await,
        RouteId::Ticket => queue::ticket(ctx, param(0)).await,
        RouteId::TicketRejoin => queue::rejoin(ctx, param(0)).await,
        RouteId::Console => queue::console_view(ctx, who.staff()?).await,
        RouteId::WindowOpen => queue::open(ctx, who.staff()?, param(0), param(1)).await,
        RouteId::WindowClose => queue::close(ctx, who.staff()?, param(0), param(1)).await,
        RouteId::WindowCall => queue::call_next(ctx, who.staff()?, param(0), param(1)).await,
        RouteId::TicketEvent => queue::ticket_event(ctx, who.staff()?, param(0)).await,
        RouteId::Devices => devices::list(ctx, param(0)).await,
        RouteId::DeviceRegister => devices::register(ctx, who.staff()?, param(0)).await,
        RouteId::DeviceRevoke => devices::revoke(ctx, who.staff()?, param(0), param(1)).await,
        RouteId::HallSetup => setup::view(ctx).await,
        RouteId::HallRules => setup::set_rules(ctx, who.staff()?).await,
        RouteId::HallCapacity => setup::set_capacity(ctx, who.staff()?).await,
        RouteId::HallEdit => setup::set_hall(ctx, who.staff()?).await,
        RouteId::BookingQr => bookings::qr(ctx, who.citizen()?, param(0)).await,
        RouteId::TicketQr => queue::ticket_qr(ctx, param(0)).await,
        RouteId::WindowEdit => setup::set_window(ctx, who.staff()?).await,
        RouteId::ApplicationCreate => applications::create(ctx, who.staff()?).await,
        RouteId::ApplicationList => applications::list(ctx, who.staff()?).await,
        RouteId::ApplicationOpen => applications::open(ctx, who.staff()?, param(0)).await,
        RouteId::ApplicationStep => applications::step(ctx, who.staff()?, param(0)).await,
        RouteId::MyApplication => applications::mine(ctx, who.citizen()?, param(0)).await,
        RouteId::ApplicationWithdraw => applications::withdraw(ctx, who.citizen()?, param(0)).await,
        RouteId::Progress => applications::progress(ctx).await,
        RouteId::CreditList => applications::credit_list(ctx).await,
        RouteId::JointCreate => joint::create(ctx, who.staff()?).await,
        RouteId::JointOpen => joint::open(ctx, who.staff()?, param(0)).await,
        RouteId::JointAccept => joint::accept(ctx, who.staff()?, param(0)).await,
        RouteId::MyJoint => joint::mine(ctx, who.citizen()?, param(0)).await,
        RouteId::ApplyOnline => applications::create_online(ctx, who.citizen()?).await,
        RouteId::PaymentStart => payments::start(ctx, who.citizen()?, param(0)).await,
        RouteId::ApplicationCommitment => {
            applications::sign_commitment(ctx, who.citizen()?, param(0)).await
        }
        RouteId::PaymentCallback => payments::callback(ctx).await,
        RouteId::SandboxPage => payments::sandbox_page(ctx, param(0)).await,
        RouteId::SandboxSubmit => payments::sandbox_submit(ctx, param(0)).await,
        RouteId::ProxyCreate => proxy::create(ctx, who.citizen()?).await,
        RouteId::ConsultAsk => consultations::ask(ctx, who.citizen()?).await,
        RouteId::ConsultMine => consultations::mine(ctx, who.citizen()?).await,
        RouteId::ConsultLog => consultations::log(ctx, who.staff()?).await,
        RouteId::ConsultList => consultations::list(ctx).await,
        RouteId::ConsultStep => consultations::step(ctx, who.staff()?, param(0)).await,
        RouteId::Faqs => consultations::faqs(ctx).await,
        RouteId::ProxyMine => proxy::mine(ctx, who.citizen()?).await,
        RouteId::ProxyCancel => proxy::cancel(ctx, who.citizen()?, param(0)).await,
        RouteId::ProxyList => proxy::list(ctx).await,
        RouteId::ProxyOpen => proxy::open(ctx, who.staff()?, param(0)).await,
        RouteId::ProxyStep => proxy::step(ctx, who.staff()?, param(0)).await,
        RouteId::ComplaintSubmit => complaints::submit(ctx, who.citizen()?).await,
        RouteId::ComplaintMine => complaints::mine(ctx, who.citizen()?).await,
        RouteId::ComplaintOne => complaints::one(ctx, who.citizen()?, param(0)).await,
        RouteId::ComplaintInform => complaints::inform(ctx, who.citizen()?, param(0)).await,
        RouteId::ComplaintAttach => complaints::attach(ctx, who.citizen()?, param(0)).await,
        RouteId::ComplaintImage => {
            complaints::my_attachment(ctx, who.citizen()?, param(0), param(1)).await
        }
        RouteId::ComplaintRate => complaints::rate(ctx, who.citizen()?, param(0)).await,
        RouteId::ComplaintLog => complaints::log(ctx, who.staff()?).await,
        RouteId::ComplaintList => complaints::list(ctx, who.staff()?).await,
        RouteId::ComplaintStats => complaints::stats(ctx, who.staff()?).await,
        RouteId::ComplaintOpen => complaints::open(ctx, who.staff()?, param(0)).await,
        RouteId::ComplaintStep => complaints::step(ctx, who.staff()?, param(0)).await,
        RouteId::RatingTarget => ratings::target(ctx, who.citizen()?, param(0), param(1)).await,
        RouteId::RatingSubmit => ratings::rate(ctx, who.citizen()?).await,
        RouteId::RatingOrders => ratings::orders(ctx, who.staff()?).await,
        RouteId::RatingOrderStep => ratings::step(ctx, who.staff()?, param(0)).await,
        RouteId::Satisfaction => ratings::satisfaction(ctx).await,
        RouteId::Notices => content::notices(ctx).await,
        RouteId::NoticeOne => content::notice(ctx, param(0)).await,
        RouteId::Catalogues => content::catalogues(ctx).await,
        RouteId::NoticePublish => content::publish(ctx, who.staff()?).await,
        RouteId::NoticeEdit => content::edit_notice(ctx, who.staff()?, param(0)).await,
        RouteId::FaqEdit => content::edit_faq(ctx, who.staff()?, param(0)).await,
        RouteId::GuideEdit => content::edit_guide(ctx, who.staff()?, param(0)).await,
        RouteId::ContentHistory => content::history(ctx).await,
        RouteId::ComplaintStaffImage => {
            complaints::staff_attachment(ctx, who.staff()?, param(0), param(1)).await
        }
        RouteId::ApplicationDelivery => {
            applications::set_delivery(ctx, who.citizen()?, param(0)).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates_and_methods() {
        let (r, p) = find("GET", "/api/v1/items/GA-HZ-004").unwrap();
        assert_eq!(r.id, RouteId::Item);
        assert_eq!(p, vec!["GA-HZ-004"]);
        assert_eq!(find("GET", "/api/v1/items/").unwrap().0.id, RouteId::Items);
        assert_eq!(
            find("POST", "/api/v1/items").unwrap_err(),
            Error::MethodNotAllowed
        );
        assert_eq!(
            find("GET", "/api/v1/nothing").unwrap_err(),
            Error::RouteNotFound
        );
        assert_eq!(
            find("GET", "/api/v1/items/a/b").unwrap_err(),
            Error::RouteNotFound
        );
    }

    #[test]
    fn paths_are_unique() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(a.path != b.path || a.method != b.method, "{}", a.path);
            }
        }
    }
}
