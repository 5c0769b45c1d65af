//! Administration, split three ways (三权分立): the system administrator's accounts (create,
//! departments and windows, disable, password reset), the security administrator's roles, the
//! audit administrator's trail. Every change is recorded with its reason in the same
//! transaction.

use hall_domain::access::{grant_problem, GrantProblem, Role};
use hall_domain::account::{check_new_password, validate_reason, validate_username};
use hall_domain::dto::{AuditList, PasswordReset, StaffCreate, StaffList, StaffRoles, StaffUpdate};
use hall_domain::error::FieldError;
use hall_domain::hall_setup::{assignment, parse_assignment};
use hall_domain::identity::validate_name;
use hall_domain::Error;
use worker::Response;

use crate::auth::StaffSession;
use crate::ctx::Ctx;
use crate::store::{audit, bookings, staff};
use crate::{crypto, http, state};

/// `GET /api/v1/admin/staff`.
pub async fn list(ctx: &Ctx) -> Result<Response, Error> {
    let all = staff::list(&ctx.db()?).await?;
    http::private(&StaffList {
        staff: all.iter().map(staff::Staff::account).collect(),
    })
}

/// The checked values of a create or update.
struct Checked {
    display_name: String,
    departments: Vec<String>,
    windows: Vec<String>,
    reason: String,
}

fn reason_of(reason: &str, problems: &mut Vec<FieldError>) -> String {
    validate_reason(reason).unwrap_or_else(|| {
        problems.push(FieldError::new(
            "reason",
            "请填写变更原因（4 到 200 个字），将记入审计日志",
            "Give a reason of 4 to 200 characters for the audit trail",
        ));
        String::new()
    })
}

async fn check(
    ctx: &Ctx,
    display_name: &str,
    departments: &[String],
    windows: &[String],
    reason: &str,
    problems: &mut Vec<FieldError>,
) -> Result<Checked, Error> {
    let dir = state::directory(&ctx.env).await?;
    let display_name = validate_name(display_name).unwrap_or_else(|| {
        problems.push(FieldError::new(
            "display_name",
            "请填写姓名（文字，最多 30 个字）",
            "Display name: letters only, at most 30",
        ));
        String::new()
    });
    let mut deps: Vec<String> = departments.iter().map(|d| d.trim().to_string()).collect();
    deps.sort();
    deps.dedup();
    if let Some(bad) = deps.iter().find(|d| dir.department_name_of(d).is_none()) {
        problems.push(FieldError::new(
            "departments",
            format!("没有编码为 {bad} 的部门"),
            format!("No department {bad}"),
        ));
    }
    // An assignment names the hall with the window (`city/A01`): codes repeat across halls.
    let setup = bookings::setup(&ctx.db()?).await?;
    let mut wins = Vec::new();
    for w in windows {
        match parse_assignment(w) {
            Some((hall, code))
                if setup
                    .windows
                    .iter()
                    .any(|x| x.hall == hall && x.code == code) =>
            {
                wins.push(assignment(&hall, &code))
            }
            Some((hall, code)) => problems.push(FieldError::new(
                "windows",
                format!("{hall} 大厅没有 {code} 号窗口"),
                format!("No window {code} at hall {hall}"),
            )),
            None => problems.push(FieldError::new(
                "windows",
                "窗口写作“大厅编码/窗口编号”，如 city/A01",
                "Write a window as hall/window, e.g. city/A01",
            )),
        }
    }
    wins.sort();
    wins.dedup();
    let reason = reason_of(reason, problems);
    Ok(Checked {
        display_name,
        departments: deps,
        windows: wins,
        reason,
    })
}

/// What the roles need of the account's assignments: an application officer a department, a
/// window clerk a window. `field` names the input the reader fixes.
fn needs(
    roles: &[Role],
    departments: &[String],
    windows: &[String],
    field: (&'static str, &'static str),
    problems: &mut Vec<FieldError>,
) {
    if roles.contains(&Role::ApplicationOfficer) && departments.is_empty() {
        problems.push(FieldError::new(
            field.0,
            "审批人员须绑定至少一个部门",
            "An application officer needs a department",
        ));
    }
    if roles.contains(&Role::WindowClerk) && windows.is_empty() {
        problems.push(FieldError::new(
            field.1,
            "窗口工作人员须绑定至少一个窗口",
            "A window clerk needs a window",
        ));
    }
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// `POST /api/v1/admin/staff`: an account without roles (the security administrator grants
/// them).
pub async fn create(ctx: &Ctx, me: &StaffSession) -> Result<Response, Error> {
    let req: StaffCreate = ctx.json()?;
    let mut problems = Vec::new();
    let username = validate_username(&req.username).unwrap_or_else(|| {
        problems.push(FieldError::new(
            "username",
            "用户名为 3 到 32 位小写字母、数字、点、下划线或连字符，以字母开头",
            "Username: 3-32 of a-z 0-9 . _ -, starting with a letter",
        ));
        String::new()
    });
    if let Err(p) = check_new_password(&username, None, &req.initial_password) {
        problems.push(FieldError::new(
            "initial_password",
            p.message_zh(),
            p.message_en(),
        ));
    }
    let c = check(
        ctx,
        &req.display_name,
        &req.departments,
        &req.windows,
        &req.reason,
        &mut problems,
    )
    .await?;
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let db = ctx.db()?;
    if staff::username_taken(&db, &username).await? {
        return Err(Error::UsernameTaken);
    }
    let id = crypto::id("s")?;
    let hash = crypto::hash_password(&req.initial_password).await?;
    let detail = format!(
        "departments: {}; windows: {}",
        c.departments.join(","),
        c.windows.join(",")
    );
    let audit = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "staff.create",
                target_kind: "staff",
                target_id: &id,
                citizen_id: None,
                detail: &detail,
                reason: &c.reason,
            },
        ),
    )?;
    let a = staff::Assignments {
        display_name: &c.display_name,
        departments: &c.departments,
        windows: &c.windows,
        disabled: false,
    };
    staff::create(&db, &id, &username, &hash, &a, ctx.now, audit).await?;
    let created = staff::get(&db, &id).await?.ok_or(Error::Unavailable)?;
    http::private(&created.account())
}

/// `PUT /api/v1/admin/staff/{id}`: name, departments, windows, state; never roles.
pub async fn update(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: StaffUpdate = ctx.json()?;
    let db = ctx.db()?;
    let before = staff::get(&db, id).await?.ok_or(Error::StaffNotFound)?;
    let mut problems = Vec::new();
    let c = check(
        ctx,
        &req.display_name,
        &req.departments,
        &req.windows,
        &req.reason,
        &mut problems,
    )
    .await?;
    needs(
        &before.roles,
        &c.departments,
        &c.windows,
        ("departments", "windows"),
        &mut problems,
    );
    if id == me.staff.row.id && req.disabled {
        problems.push(FieldError::new(
            "disabled",
            "不能停用自己的账号",
            "You cannot disable your own account",
        ));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut changes = Vec::new();
    if before.departments != c.departments {
        changes.push(format!(
            "departments: {} → {}",
            before.departments.join(","),
            c.departments.join(",")
        ));
    }
    if before.windows != c.windows {
        changes.push(format!(
            "windows: {} → {}",
            before.windows.join(","),
            c.windows.join(",")
        ));
    }
    let was_disabled = before.row.disabled != 0.0;
    if was_disabled != req.disabled {
        changes.push(format!("disabled: {was_disabled} → {}", req.disabled));
    }
    if before.row.display_name != c.display_name {
        changes.push("display_name changed".into());
    }
    let detail = changes.join("; ");
    let audit = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "staff.update",
                target_kind: "staff",
                target_id: id,
                citizen_id: None,
                detail: &detail,
                reason: &c.reason,
            },
        ),
    )?;
    let a = staff::Assignments {
        display_name: &c.display_name,
        departments: &c.departments,
        windows: &c.windows,
        disabled: req.disabled,
    };
    staff::update(&db, id, &a, ctx.now, audit).await?;
    let after = staff::get(&db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&after.account())
}

/// `PUT /api/v1/admin/staff/{id}/roles`: the security administrator grants and revokes roles,
/// never their own, and never two of the three administrator roles to one account.
pub async fn set_roles(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let mut req: StaffRoles = ctx.json()?;
    let db = ctx.db()?;
    let before = staff::get(&db, id).await?.ok_or(Error::StaffNotFound)?;
    let mut roles = std::mem::take(&mut req.roles);
    roles.sort();
    roles.dedup();
    let mut problems = Vec::new();
    match grant_problem(id == me.staff.row.id, &roles) {
        Some(GrantProblem::OwnRoles) => problems.push(FieldError::new(
            "roles",
            "不能更改自己的角色，须由另一位安全管理员办理",
            "You cannot change your own roles; another security administrator must",
        )),
        Some(GrantProblem::TwoAdministrators) => problems.push(FieldError::new(
            "roles",
            "系统管理员、安全管理员、审计管理员三者不能由同一账号兼任",
            "One account holds at most one of the system, security and audit administrator roles",
        )),
        None => {}
    }
    needs(
        &roles,
        &before.departments,
        &before.windows,
        ("roles", "roles"),
        &mut problems,
    );
    let reason = reason_of(&req.reason, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let detail = format!(
        "roles: {} → {}",
        roles_text(&before.roles),
        roles_text(&roles)
    );
    let audit = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "staff.roles",
                target_kind: "staff",
                target_id: id,
                citizen_id: None,
                detail: &detail,
                reason: &reason,
            },
        ),
    )?;
    staff::set_roles(&db, id, &roles, ctx.now, audit).await?;
    let after = staff::get(&db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&after.account())
}

/// `POST /api/v1/admin/staff/{id}/password`: a new initial password; every session of the
/// account ends, the lock-out is lifted and the password must be changed at the next sign-in.
pub async fn reset_password(ctx: &Ctx, me: &StaffSession, id: &str) -> Result<Response, Error> {
    let req: PasswordReset = ctx.json()?;
    let db = ctx.db()?;
    let target = staff::get(&db, id).await?.ok_or(Error::StaffNotFound)?;
    let mut problems = Vec::new();
    if id == me.staff.row.id {
        problems.push(FieldError::new(
            "initial_password",
            "自己的密码请在“修改密码”中更改",
            "Change your own password under Change password",
        ));
    } else if target
        .roles
        .iter()
        .any(|r| Role::ADMINISTRATORS.contains(r))
    {
        // Resetting another administrator's password would hand the system administrator
        // that account, and with it the other two powers.
        problems.push(FieldError::new(
            "initial_password",
            "管理员账号的密码不能在此重置：请另行创建管理员账号（cargo xtask admin），再停用此账号",
            "An administrator's password is not reset here: create a new administrator (cargo xtask admin) and disable this account",
        ));
    } else if let Err(p) = check_new_password(&target.row.username, None, &req.initial_password) {
        problems.push(FieldError::new(
            "initial_password",
            p.message_zh(),
            p.message_en(),
        ));
    }
    let reason = reason_of(&req.reason, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let hash = crypto::hash_password(&req.initial_password).await?;
    let audit = audit::append(
        &db,
        &me.record(
            ctx,
            audit::What {
                action: "staff.password_reset",
                target_kind: "staff",
                target_id: id,
                citizen_id: None,
                detail: "password reset; every session ended",
                reason: &reason,
            },
        ),
    )?;
    staff::set_password(&db, id, &hash, true, None, ctx.now, Some(audit)).await?;
    let after = staff::get(&db, id).await?.ok_or(Error::Unavailable)?;
    http::private(&after.account())
}

/// `GET /api/v1/admin/audit[?before=]`.
pub async fn audit(ctx: &Ctx) -> Result<Response, Error> {
    let before = match ctx.query("before") {
        None => None,
        Some(v) => Some(v.parse::<i64>().ok().filter(|b| *b >= 1).ok_or_else(|| {
            Error::bad_param(
                "before",
                "before 必须是正整数",
                "before must be a positive integer",
            )
        })?),
    };
    let entries = audit::list(&ctx.db()?, before).await?;
    http::private(&AuditList { entries })
}

/// Days of the audit trail one export covers at the most (a half year, what 等保 2.0 asks to
/// keep at the least; the trail itself is never deleted).
const EXPORT_DAYS: i64 = 183;
/// Entries one export carries at the most.
const EXPORT_ROWS: u32 = 50_000;

/// `GET /api/v1/admin/audit.csv?from=&to=`: the audit trail between two days (China time,
/// both included; the last half year by default) as CSV, for the audit administrator.
pub async fn audit_csv(ctx: &Ctx) -> Result<Response, Error> {
    use hall_domain::booking::{local_of, unix_of, TimeOfDay};
    use hall_domain::calendar::Date;
    let today = Date::china_today(ctx.now as f64 * 1000.0).ok_or(Error::Unavailable)?;
    let day = |name: &'static str| -> Result<Option<Date>, Error> {
        match ctx.query(name) {
            None => Ok(None),
            Some(v) => Date::parse(&v).map(Some).ok_or_else(|| {
                Error::bad_param(name, "日期格式为 YYYY-MM-DD", "a date, YYYY-MM-DD")
            }),
        }
    };
    let to = day("to")?.unwrap_or(today);
    let from = match day("from")? {
        Some(d) => d,
        None => Date::from_days_since_epoch(to.days_since_epoch() - EXPORT_DAYS)
            .ok_or(Error::Unavailable)?,
    };
    if from > to || to.days_since_epoch() - from.days_since_epoch() > EXPORT_DAYS {
        return Err(Error::bad_param(
            "from",
            "导出范围最长 183 天，且开始日期不晚于结束日期",
            "from must not be after to, and the range at most 183 days",
        ));
    }
    let midnight = TimeOfDay::new(0, 0).ok_or(Error::Unavailable)?;
    let until = unix_of(to, midnight) + 86_400;
    let rows = audit::export(&ctx.db()?, unix_of(from, midnight), until, EXPORT_ROWS).await?;
    let mut out = hall_domain::csv::row(&[
        "id",
        "time",
        "actor_id",
        "actor_username",
        "actor_role",
        "actor_departments",
        "action",
        "target_kind",
        "target_id",
        "citizen_id",
        "detail",
        "reason",
        "client",
        "user_agent",
    ]);
    for r in rows {
        let time = local_of(r.at as i64)
            .map(|(d, t)| format!("{d}T{t}+08:00"))
            .unwrap_or_default();
        out.push_str(&hall_domain::csv::row(&[
            (r.id as i64).to_string(),
            time,
            r.actor_id,
            r.username.unwrap_or_default(),
            r.actor_role.unwrap_or_default(),
            r.actor_departments,
            r.action,
            r.target_kind,
            r.target_id,
            r.citizen_id.unwrap_or_default(),
            r.detail,
            r.reason,
            r.client,
            r.user_agent,
        ]));
    }
    http::download(
        out,
        "text/csv; charset=utf-8",
        &format!("audit-{from}-{to}.csv"),
    )
}
