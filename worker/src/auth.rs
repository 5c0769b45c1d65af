//! Who is asking: session cookies, the guard each route declares, and the same-origin check
//! on every state-changing request.

use hall_domain::access::{granting_role, Action, Resource, Role};
use hall_domain::account::{
    idle_secs, staff_session, StaffSession as StaffSessionState, SEEN_EVERY_SECS,
};
use hall_domain::dto::SessionKind;
use hall_domain::Error;

use crate::ctx::Ctx;
use crate::store;

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Anyone.
    Public,
    /// A signed-in citizen (a phone code is enough: asking, booking, a walk-in reminder).
    Citizen,
    /// A citizen signed in with the province's identity platform: anything that shows or
    /// changes an application, its result or delivery, a payment, or a matter's personal data.
    RealName,
    /// Any signed-in staff member, even one who still has to change the initial password.
    AnyStaff,
    /// A staff member holding a role that may do this.
    Staff(Action, Resource),
    /// Only in development; the route does not exist in production.
    Dev,
    /// A payment provider (or its pay page) calling back: no session and no same-origin
    /// header; the handler verifies the provider's signature instead.
    Provider,
}

/// A signed-in citizen.
pub struct CitizenSession {
    pub citizen_id: String,
    /// Signed in with the identity platform (not only a phone code).
    pub real_name: bool,
}

/// A signed-in staff member, with the role that grants the current route (if it needs one).
pub struct StaffSession {
    pub staff: store::staff::Staff,
    pub token_hash: String,
    pub acting_role: Option<Role>,
}

impl StaffSession {
    /// The audit record of an action this staff member takes in this request.
    pub fn record<'a>(
        &'a self,
        ctx: &'a Ctx,
        what: store::audit::What<'a>,
    ) -> store::audit::Record<'a> {
        store::audit::Record {
            at: ctx.now,
            actor_id: &self.staff.row.id,
            actor_role: self.acting_role,
            actor_departments: &self.staff.departments,
            client: ctx.client_masked(),
            user_agent: &ctx.user_agent,
            what,
        }
    }
}

pub enum Principal {
    Anonymous,
    Citizen(CitizenSession),
    Staff(Box<StaffSession>),
}

impl Principal {
    pub fn citizen(&self) -> Result<&CitizenSession, Error> {
        match self {
            Principal::Citizen(c) => Ok(c),
            _ => Err(Error::Unauthenticated),
        }
    }

    pub fn staff(&self) -> Result<&StaffSession, Error> {
        match self {
            Principal::Staff(s) => Ok(s),
            _ => Err(Error::Unauthenticated),
        }
    }
}

pub fn cookie_name(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Citizen => hall_domain::account::CITIZEN_COOKIE,
        SessionKind::Staff => hall_domain::account::STAFF_COOKIE,
    }
}

/// The `Set-Cookie` value that carries a session token (or clears it with `max_age` 0).
pub fn session_cookie(ctx: &Ctx, kind: SessionKind, token: &str, max_age: i64) -> String {
    let secure = if ctx.secure() { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/api; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(kind)
    )
}

/// Refuses a state-changing request unless it carries the custom header and, when the browser
/// names its origin, comes from this site.
pub fn check_same_origin(ctx: &Ctx, origin: Option<&str>, has_header: bool) -> Result<(), Error> {
    let changes_state = !matches!(ctx.method.as_str(), "GET" | "HEAD" | "OPTIONS");
    if changes_state && !(has_header && ctx.origin_allowed(origin)) {
        return Err(Error::CsrfRejected);
    }
    Ok(())
}

/// Records a security event (`store::audit::Security`) of this request in the audit trail.
pub async fn security_event(
    ctx: &Ctx,
    actor: &str,
    action: &str,
    target_kind: &str,
    target_id: &str,
    detail: &str,
) {
    if let Ok(db) = ctx.db() {
        store::audit::security(
            &db,
            &store::audit::Security {
                at: ctx.now,
                actor,
                action,
                target_kind,
                target_id,
                detail,
                client: ctx.client_masked(),
                user_agent: &ctx.user_agent,
            },
        )
        .await;
    }
}

/// The SHA-256 of the session token in this request's cookie of `kind`.
pub async fn token_hash(ctx: &Ctx, kind: SessionKind) -> Result<Option<String>, Error> {
    match ctx.cookie(cookie_name(kind)) {
        Some(token) if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(Some(crate::crypto::sha256_hex(token.as_bytes()).await?))
        }
        _ => Ok(None),
    }
}

/// Resolves the caller and checks the route's guard. `password_route` marks the routes a staff
/// member may use before changing an initial password.
pub async fn authorize(ctx: &Ctx, guard: Guard, password_route: bool) -> Result<Principal, Error> {
    match guard {
        Guard::Public | Guard::Dev | Guard::Provider => Ok(Principal::Anonymous),
        Guard::Citizen | Guard::RealName => {
            let db = ctx.db()?;
            let hash = token_hash(ctx, SessionKind::Citizen)
                .await?
                .ok_or(Error::Unauthenticated)?;
            let live = store::sessions::subject(&db, &hash, SessionKind::Citizen, ctx.now)
                .await?
                .ok_or(Error::Unauthenticated)?;
            let (id, real_name) = (
                live.subject,
                live.assurance == store::sessions::Assurance::RealName,
            );
            if guard == Guard::RealName && !real_name {
                return Err(Error::RealNameRequired);
            }
            Ok(Principal::Citizen(CitizenSession {
                citizen_id: id,
                real_name,
            }))
        }
        Guard::AnyStaff | Guard::Staff(..) => {
            let db = ctx.db()?;
            let hash = token_hash(ctx, SessionKind::Staff)
                .await?
                .ok_or(Error::Unauthenticated)?;
            let live = store::sessions::subject(&db, &hash, SessionKind::Staff, ctx.now)
                .await?
                .ok_or(Error::Unauthenticated)?;
            // 等保 2.0: a staff session left unused ends (and the page says so).
            let idle = idle_secs(
                ctx.env
                    .var("HALL_STAFF_IDLE_MINUTES")
                    .ok()
                    .map(|v| v.to_string())
                    .as_deref(),
            );
            if staff_session(live.last_seen, ctx.now, idle) == StaffSessionState::Idle {
                store::sessions::revoke(&db, &hash, ctx.now).await?;
                return Err(Error::SessionIdle);
            }
            store::sessions::touch(&db, &hash, ctx.now, SEEN_EVERY_SECS).await?;
            let id = live.subject;
            let staff = store::staff::get(&db, &id)
                .await?
                .ok_or(Error::Unauthenticated)?;
            if staff.row.disabled != 0.0 {
                return Err(Error::Unauthenticated);
            }
            if staff.row.must_change_password != 0.0 && !ctx.dev() && !password_route {
                return Err(Error::PasswordChangeRequired);
            }
            // 等保 2.0: administrators and hall managers sign in with two factors; until they
            // have set it up, only the set-up routes open (production only).
            if staff.row.totp_enabled_at.is_none()
                && hall_domain::totp::required_for(&staff.roles)
                && !ctx.dev()
                && !password_route
            {
                return Err(Error::TotpEnrolmentRequired);
            }
            let acting_role = match guard {
                Guard::Staff(action, resource) => {
                    match granting_role(&staff.roles, action, resource) {
                        Some(role) => Some(role),
                        None => {
                            let path = ctx.url.path().to_string();
                            security_event(
                                ctx,
                                &staff.row.id,
                                "security.forbidden",
                                "route",
                                &format!("{} {path}", ctx.method),
                                "",
                            )
                            .await;
                            return Err(Error::Forbidden);
                        }
                    }
                }
                _ => None,
            };
            Ok(Principal::Staff(Box::new(StaffSession {
                staff,
                token_hash: hash,
                acting_role,
            })))
        }
    }
}
