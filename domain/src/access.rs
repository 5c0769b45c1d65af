//! Who may do what: staff roles and the one table of permissions, `can(role, action, resource)`.
//! Scoping (a clerk's own windows, an officer's own departments) is checked by the handler that
//! knows the resource; this table says whether the role may act on that kind of resource at all.

use serde::{Deserialize, Serialize};

/// A staff role. A staff member holds one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 窗口工作人员: bound to windows; calls tickets, receives applications.
    WindowClerk,
    /// 审批人员: bound to departments; processes applications.
    ApplicationOfficer,
    /// 咨询人员: answers consultations.
    ConsultationOfficer,
    /// 投诉处理人员: handles complaints.
    ComplaintOfficer,
    /// 大厅负责人: oversees the hall, reads every record and the audit trail.
    HallManager,
    /// 内容编辑: maintains service guides and notices.
    ContentEditor,
    /// 系统管理员: creates staff accounts, assigns departments and windows, disables accounts
    /// and resets passwords; grants no role and reads no audit trail (三权分立).
    SystemAdministrator,
    /// 安全管理员: grants and revokes roles, never their own.
    SecurityAdministrator,
    /// 审计管理员: reads and exports the audit trail, nothing else.
    AuditAdministrator,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::WindowClerk,
        Role::ApplicationOfficer,
        Role::ConsultationOfficer,
        Role::ComplaintOfficer,
        Role::HallManager,
        Role::ContentEditor,
        Role::SystemAdministrator,
        Role::SecurityAdministrator,
        Role::AuditAdministrator,
    ];

    /// The three administrators of 三权分立: one account holds at most one of them.
    pub const ADMINISTRATORS: [Role; 3] = [
        Role::SystemAdministrator,
        Role::SecurityAdministrator,
        Role::AuditAdministrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::WindowClerk => "window_clerk",
            Role::ApplicationOfficer => "application_officer",
            Role::ConsultationOfficer => "consultation_officer",
            Role::ComplaintOfficer => "complaint_officer",
            Role::HallManager => "hall_manager",
            Role::ContentEditor => "content_editor",
            Role::SystemAdministrator => "system_administrator",
            Role::SecurityAdministrator => "security_administrator",
            Role::AuditAdministrator => "audit_administrator",
        }
    }

    /// The role a stored name means. `administrator`, the one role before it split in three,
    /// survives in audit entries written then (the trail is never rewritten): it reads as the
    /// system administrator, whose work it was.
    pub fn parse(s: &str) -> Option<Role> {
        if s == "administrator" {
            return Some(Role::SystemAdministrator);
        }
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::WindowClerk => "窗口工作人员",
            Role::ApplicationOfficer => "审批人员",
            Role::ConsultationOfficer => "咨询人员",
            Role::ComplaintOfficer => "投诉处理人员",
            Role::HallManager => "大厅负责人",
            Role::ContentEditor => "内容编辑",
            Role::SystemAdministrator => "系统管理员",
            Role::SecurityAdministrator => "安全管理员",
            Role::AuditAdministrator => "审计管理员",
        }
    }
}

/// What is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    Create,
    Update,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Read, Action::Create, Action::Update];
}

/// What it is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// A citizen's personal data (name, ID number, phones). Every read is audited.
    CitizenData,
    /// Windows, the queue and tickets.
    Window,
    /// Applications and their materials.
    Application,
    /// Online consultations.
    Consultation,
    /// Complaints.
    Complaint,
    /// Service guides, notices, FAQ.
    Content,
    /// Staff accounts: names, departments, windows, passwords, disabling.
    StaffAccount,
    /// The roles staff hold (granting and revoking them).
    StaffRole,
    /// The audit trail (append-only: nobody may update it).
    AuditLog,
    /// 好差评: bad ratings' work orders and appeals (never who rated).
    Rating,
    /// The hall's kiosks and their keys (registering one is Create, revoking it Update).
    Device,
}

impl Resource {
    pub const ALL: [Resource; 11] = [
        Resource::CitizenData,
        Resource::Window,
        Resource::Application,
        Resource::Consultation,
        Resource::Complaint,
        Resource::Content,
        Resource::StaffAccount,
        Resource::StaffRole,
        Resource::AuditLog,
        Resource::Rating,
        Resource::Device,
    ];
}

/// The table of truth: every allowed (role, resource, actions) cell; anything absent is denied.
const ALLOWED: &[(Role, Resource, &[Action])] = {
    use Action::*;
    use Resource::*;
    use Role::*;
    &[
        (WindowClerk, CitizenData, &[Read]),
        (WindowClerk, Window, &[Read, Update]),
        (WindowClerk, Application, &[Read, Create, Update]),
        // Window staff see bad ratings of the hall's services and may appeal a malicious one.
        (WindowClerk, Rating, &[Read, Update]),
        (ApplicationOfficer, CitizenData, &[Read]),
        (ApplicationOfficer, Application, &[Read, Update]),
        // The department's side of a complaint assigned to it (the route narrows the scope).
        (ApplicationOfficer, Complaint, &[Read, Update]),
        (ConsultationOfficer, CitizenData, &[Read]),
        (ConsultationOfficer, Consultation, &[Read, Update]),
        (ComplaintOfficer, CitizenData, &[Read]),
        (ComplaintOfficer, Complaint, &[Read, Create, Update]),
        (ComplaintOfficer, Rating, &[Read, Update]),
        (HallManager, CitizenData, &[Read]),
        (HallManager, Window, &[Read, Create, Update]),
        (HallManager, Application, &[Read]),
        (HallManager, Consultation, &[Read]),
        (HallManager, Complaint, &[Read, Create, Update]),
        (HallManager, Content, &[Read]),
        (HallManager, StaffAccount, &[Read]),
        (HallManager, StaffRole, &[Read]),
        (HallManager, Rating, &[Read, Update]),
        (HallManager, Device, &[Read, Create, Update]),
        (ContentEditor, Content, &[Read, Create, Update]),
        // 三权分立: accounts, roles and the audit trail each have their own administrator.
        (SystemAdministrator, StaffAccount, &[Read, Create, Update]),
        (SystemAdministrator, StaffRole, &[Read]),
        (SecurityAdministrator, StaffAccount, &[Read]),
        (SecurityAdministrator, StaffRole, &[Read, Update]),
        (AuditAdministrator, AuditLog, &[Read]),
    ]
};

/// Whether `role` may do `action` to `resource`.
pub fn can(role: Role, action: Action, resource: Resource) -> bool {
    ALLOWED
        .iter()
        .any(|(r, res, actions)| *r == role && *res == resource && actions.contains(&action))
}

/// Whether any of `roles` may; with the first role that may (the one a staff action is recorded
/// under).
pub fn granting_role(roles: &[Role], action: Action, resource: Resource) -> Option<Role> {
    roles.iter().copied().find(|r| can(*r, action, resource))
}

/// Why a change of roles is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantProblem {
    /// Nobody grants, revokes or changes their own roles.
    OwnRoles,
    /// One account holds at most one of the three administrator roles (三权分立).
    TwoAdministrators,
}

/// Whether setting `roles` on an account is refused; `own` when the account is the granter's.
pub fn grant_problem(own: bool, roles: &[Role]) -> Option<GrantProblem> {
    if own {
        return Some(GrantProblem::OwnRoles);
    }
    let admins = roles
        .iter()
        .filter(|r| Role::ADMINISTRATORS.contains(r))
        .count();
    (admins > 1).then_some(GrantProblem::TwoAdministrators)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table written out, one line per role; columns are the resources in
    /// `Resource::ALL` order, each cell the actions allowed (r, c, u) or `-`.
    ///                       citizen window appl consult compl content account role audit rating device
    const EXPECTED: &str = "
        window_clerk           r   ru  rcu -   -   -   -   -   -   ru  -
        application_officer    r   -   ru  -   ru  -   -   -   -   -   -
        consultation_officer   r   -   -   ru  -   -   -   -   -   -   -
        complaint_officer      r   -   -   -   rcu -   -   -   -   ru  -
        hall_manager           r   rcu r   r   rcu r   r   r   -   ru  rcu
        content_editor         -   -   -   -   -   rcu -   -   -   -   -
        system_administrator   -   -   -   -   -   -   rcu r   -   -   -
        security_administrator -   -   -   -   -   -   r   ru  -   -   -
        audit_administrator    -   -   -   -   -   -   -   -   r   -   -
    ";

    #[test]
    fn every_cell_matches_the_written_table() {
        let rows: Vec<Vec<&str>> = EXPECTED
            .lines()
            .map(str::split_whitespace)
            .map(Iterator::collect)
            .filter(|r: &Vec<&str>| !r.is_empty())
            .collect();
        assert_eq!(rows.len(), Role::ALL.len());
        let mut cells = 0;
        for row in rows {
            let role = Role::parse(row[0]).unwrap();
            assert_eq!(row.len(), 1 + Resource::ALL.len(), "{role:?}");
            for (resource, cell) in Resource::ALL.into_iter().zip(&row[1..]) {
                for (action, letter) in Action::ALL.into_iter().zip(['r', 'c', 'u']) {
                    assert_eq!(
                        can(role, action, resource),
                        cell.contains(letter),
                        "{role:?} {action:?} {resource:?}"
                    );
                    cells += 1;
                }
            }
        }
        assert_eq!(cells, 9 * 11 * 3);
    }

    #[test]
    fn the_three_powers_stay_apart() {
        for role in Role::ALL {
            assert!(!can(role, Action::Update, Resource::AuditLog));
            assert!(!can(role, Action::Create, Resource::AuditLog));
            assert_eq!(
                can(role, Action::Create, Resource::StaffAccount),
                role == Role::SystemAdministrator
            );
            assert_eq!(
                can(role, Action::Update, Resource::StaffRole),
                role == Role::SecurityAdministrator
            );
            // Whoever manages accounts or roles does not read the trail of that work.
            if can(role, Action::Update, Resource::StaffAccount)
                || can(role, Action::Update, Resource::StaffRole)
            {
                assert!(!can(role, Action::Read, Resource::AuditLog), "{role:?}");
            }
        }
        assert!(Role::ALL
            .iter()
            .filter(|r| can(**r, Action::Read, Resource::AuditLog))
            .eq([&Role::AuditAdministrator]));
    }

    #[test]
    fn grants_are_refused_to_oneself_and_across_the_three_powers() {
        use Role::*;
        assert_eq!(
            grant_problem(true, &[WindowClerk]),
            Some(GrantProblem::OwnRoles)
        );
        assert_eq!(grant_problem(true, &[]), Some(GrantProblem::OwnRoles));
        assert_eq!(grant_problem(false, &[WindowClerk, HallManager]), None);
        assert_eq!(grant_problem(false, &[SecurityAdministrator]), None);
        assert_eq!(
            grant_problem(false, &[SystemAdministrator, AuditAdministrator]),
            Some(GrantProblem::TwoAdministrators)
        );
        assert_eq!(
            grant_problem(
                false,
                &[WindowClerk, SecurityAdministrator, SystemAdministrator]
            ),
            Some(GrantProblem::TwoAdministrators)
        );
        // A business role beside one administrator role is allowed (a small hall's manager may
        // also run the accounts); two of the three never.
        assert_eq!(
            grant_problem(false, &[HallManager, SystemAdministrator]),
            None
        );
    }

    #[test]
    fn granting_role_picks_the_first_that_may() {
        let roles = [
            Role::ContentEditor,
            Role::ComplaintOfficer,
            Role::HallManager,
        ];
        assert_eq!(
            granting_role(&roles, Action::Read, Resource::CitizenData),
            Some(Role::ComplaintOfficer)
        );
        assert_eq!(
            granting_role(&roles, Action::Create, Resource::StaffAccount),
            None
        );
        assert_eq!(granting_role(&[], Action::Read, Resource::Content), None);
    }

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        assert_eq!(Role::parse("root"), None);
        // Audit entries written before the administrator role split keep their word.
        assert_eq!(
            Role::parse("administrator"),
            Some(Role::SystemAdministrator)
        );
    }
}
