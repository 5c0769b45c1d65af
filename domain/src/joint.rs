//! 联审联办 (standard 5.6): a joint package applied for once, with one tracking number, runs as
//! one application per member item, each handled by its own department in parallel, all under
//! the package's promised deadline.

use crate::application::{MaterialCheck, Status};
use crate::calendar::{Calendar, Date};

/// Where the package as a whole stands, from its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JointStatus {
    /// Received, not yet accepted as a whole.
    Received,
    /// Accepted; the departments are working (n of total decided).
    InProgress { decided: usize, total: usize },
    /// Every member decided (approved or refused).
    Decided { refused: usize },
    /// Withdrawn by the applicant.
    Withdrawn,
}

impl JointStatus {
    pub fn label(self) -> String {
        match self {
            JointStatus::Received => "已收件，待联合受理".into(),
            JointStatus::InProgress { decided, total } => {
                format!("联合办理中（{decided}/{total} 个部门已办结）")
            }
            JointStatus::Decided { refused: 0 } => "全部办结".into(),
            JointStatus::Decided { refused } => format!("已办结（{refused} 项不予许可）"),
            JointStatus::Withdrawn => "已撤回".into(),
        }
    }
}

/// The package's status from its members' statuses.
pub fn joint_status(members: &[Status]) -> JointStatus {
    if !members.is_empty() && members.iter().all(|s| *s == Status::Withdrawn) {
        return JointStatus::Withdrawn;
    }
    let live: Vec<Status> = members
        .iter()
        .copied()
        .filter(|s| *s != Status::Withdrawn)
        .collect();
    if live
        .iter()
        .any(|s| matches!(s, Status::Submitted | Status::Correcting))
    {
        return JointStatus::Received;
    }
    let decided = live.iter().filter(|s| s.is_decided()).count();
    if decided == live.len() && !live.is_empty() {
        JointStatus::Decided {
            refused: live.iter().filter(|s| **s == Status::Refused).count(),
        }
    } else {
        JointStatus::InProgress {
            decided,
            total: live.len(),
        }
    }
}

/// Joint acceptance needs every member's required materials: the problems, member by member
/// (item name, missing materials), or nothing.
pub fn joint_acceptance_problems(members: &[(String, Vec<MaterialCheck>)]) -> Vec<String> {
    members
        .iter()
        .filter_map(
            |(name, checks)| match crate::application::check_accept(checks) {
                Ok(()) => None,
                Err(crate::application::ChecklistRefusal::NotComplete(missing)) => {
                    Some(format!("{name}：{}", missing.join("、")))
                }
                Err(other) => Some(format!("{name}：{}", other.message_zh())),
            },
        )
        .collect()
}

/// The package's deadline: its own promised limit from the day of joint acceptance.
pub fn joint_due(calendar: &Calendar, accepted: Date, package_workdays: u32) -> Option<Date> {
    crate::application::due_date(calendar, accepted, package_workdays, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::MaterialState;

    fn check(name: &str, state: MaterialState) -> MaterialCheck {
        MaterialCheck {
            name: name.into(),
            required: true,
            waivable: false,
            state,
            note: String::new(),
            said: None,
        }
    }

    #[test]
    fn the_package_status_follows_its_members() {
        use Status::*;
        assert_eq!(joint_status(&[Submitted, Submitted]), JointStatus::Received);
        assert_eq!(joint_status(&[Accepted, Correcting]), JointStatus::Received);
        assert_eq!(
            joint_status(&[Accepted, UnderReview, Approved]),
            JointStatus::InProgress {
                decided: 1,
                total: 3
            }
        );
        assert_eq!(
            joint_status(&[Approved, ResultReady, Archived]),
            JointStatus::Decided { refused: 0 }
        );
        assert_eq!(
            joint_status(&[Approved, Refused]),
            JointStatus::Decided { refused: 1 }
        );
        assert_eq!(
            joint_status(&[Withdrawn, Withdrawn]),
            JointStatus::Withdrawn
        );
        assert_eq!(
            joint_status(&[Withdrawn, Approved]),
            JointStatus::Decided { refused: 0 }
        );
        assert_eq!(JointStatus::Decided { refused: 0 }.label(), "全部办结");
        assert!(JointStatus::InProgress {
            decided: 1,
            total: 3
        }
        .label()
        .contains("1/3"));
    }

    #[test]
    fn joint_acceptance_names_every_member_with_missing_materials() {
        let members = vec![
            (
                "企业设立登记".to_string(),
                vec![check("章程", MaterialState::Received)],
            ),
            (
                "公章刻制备案".to_string(),
                vec![
                    check("营业执照", MaterialState::Missing),
                    check("法人身份证", MaterialState::Incorrect),
                ],
            ),
        ];
        assert_eq!(
            joint_acceptance_problems(&members),
            ["公章刻制备案：营业执照、法人身份证"]
        );
        assert!(joint_acceptance_problems(&members[..1]).is_empty());
    }

    #[test]
    fn the_package_deadline_is_its_own() {
        let cal = Calendar::new([], [], [2026]);
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(joint_due(&cal, d("2026-12-07"), 3), Some(d("2026-12-10")));
    }
}
