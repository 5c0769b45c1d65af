//! The words the hall itself writes into a matter's history ("补正 3 项，2026-12-04 前补交"),
//! kept as a code and its values. The server stores both: the 简体 sentence in `note`, for the
//! record and for older readers, and the `Said` beside it, so every reader composes the
//! sentence in its own language. Values that people wrote (a staff member's reason, a place,
//! a material's name) stay as written.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::application::{Status, RONGQUE_COMMITMENT};
use crate::calendar::Date;
use crate::catalogue::format_fen;
use crate::complaint::{Channel as ComplaintChannel, DeclineReason};
use crate::consultation::Channel as ConsultChannel;
use crate::rating::Level;

/// Read back by hand (`Said::from_value`): the derived reader of a tagged enum this size would
/// add some 57 KB to every app bundle that shows a history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Said {
    /// The application came in online.
    AppliedOnline,
    /// A correction notice's line the clerk left for the hall to word: provide the material.
    Provide { material: String },
    /// A material the applicant declared ready online, still to be checked (a material's note).
    DeclaredOnline,
    /// A correction notice (一次性告知): how many materials, and by when.
    Notice { lines: u32, deadline: Date },
    /// A second or later notice, with the reason the clerk gave.
    Renotice {
        seq: u32,
        reason: String,
        lines: u32,
        deadline: Date,
    },
    /// Accepted; the promised deadline (承诺办结).
    Promise { due: Date },
    /// Accepted under 容缺: what is owed, by when, and the promised deadline.
    Rongque {
        online: bool,
        deadline: Date,
        materials: Vec<String>,
        due: Date,
    },
    /// Materials supplied.
    Supplied,
    /// The last 容缺 material supplied.
    RongqueComplete,
    /// The last 容缺 material supplied, and taken off the 失信 list.
    RongqueCompleteUnlisted,
    /// Where to collect the result, as the clerk wrote it.
    CollectAt { place: String },
    /// The result goes by post to the applicant's address.
    ResultByMail,
    /// The applicant collected the result in person.
    Collected,
    /// The result was posted.
    Posted { courier: String, tracking: String },
    /// 首办 responsibility handed to another clerk, and why.
    HandedOver { to: String, reason: String },
    /// The applicant chose to have the result posted to this region.
    MailTo { region: String },
    /// The applicant chose to collect the result at a window.
    AtWindow,
    /// The applicant withdrew.
    Withdrawn,
    /// The 容缺 commitment the applicant signed.
    Commitment,
    /// Listed as 失信: the 容缺 material was not supplied by the deadline.
    Overdue { deadline: Date },
    /// Off the 失信 list because its public period ended.
    ListingExpired,
    /// Paid online.
    Paid { fen: i64, receipt: String },
    /// Refunded: after a withdrawal (`withdrawn`) or a refusal.
    Refunded {
        fen: i64,
        withdrawn: bool,
        reference: String,
    },
    /// Received as a member of the joint application (联审联办) numbered `joint`.
    JointReceived { joint: String },
    /// A joint application (联审联办) accepted, with its one promised deadline.
    JointAccept { due: Date },
    /// The complainant rated the handling.
    ComplaintRated { level: Level, resolved: bool },
    /// A complaint accepted, by a department (`None`: the hall itself).
    ComplaintAccepted {
        department: Option<String>,
        joint: bool,
    },
    /// A complaint declined for a stated reason, with the officer's further words.
    ComplaintDeclined { reason: DeclineReason, more: String },
    /// The return visit's findings, with the officer's further words.
    Visited {
        resolved: bool,
        satisfied: bool,
        more: String,
    },
    /// A complaint logged by staff from another channel.
    ComplaintChannel { channel: ComplaintChannel },
    /// A question routed to a department; the first responder stays responsible.
    Routed { department: String },
    /// A question logged by staff from another channel.
    ConsultChannel { channel: ConsultChannel },
    /// The staff member who will run a 代办 request.
    ProxyAssigned { assignee: String },
    /// A code this version does not know (written by a later one): show the `note`.
    Unknown,
}

impl<'de> Deserialize<'de> for Said {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Said, D::Error> {
        let v = Value::deserialize(d)?;
        Said::from_value(&v).ok_or_else(|| serde::de::Error::custom("a said code with its values"))
    }
}

impl Said {
    /// The sentence in 简体, as the hall writes it.
    pub fn zh(&self) -> String {
        match self {
            Said::AppliedOnline => "网上申请".into(),
            Said::DeclaredOnline => "申请人网上申报，待核验".into(),
            Said::Provide { material } => format!("请提供{material}"),
            Said::Notice { lines, deadline } => format!("补正 {lines} 项，{deadline} 前补交"),
            Said::Renotice {
                seq,
                reason,
                lines,
                deadline,
            } => format!("第 {seq} 次告知（{reason}）；补正 {lines} 项，{deadline} 前补交"),
            Said::Promise { due } => format!("承诺 {due} 前办结"),
            Said::Rongque {
                online,
                deadline,
                materials,
                due,
            } => format!(
                "申请人已{}签署容缺承诺书；{deadline} 前补交：{}；承诺 {due} 前办结",
                if *online { "在线" } else { "" },
                materials.join("、")
            ),
            Said::Supplied => "已补交材料".into(),
            Said::RongqueComplete => "容缺材料已补齐".into(),
            Said::RongqueCompleteUnlisted => "容缺材料已补齐，移出失信名单".into(),
            Said::CollectAt { place } => format!("领取地点：{place}"),
            Said::ResultByMail => format!("领取地点：{MAILED}"),
            Said::Collected => "申请人已当面领取".into(),
            Said::Posted { courier, tracking } => format!("已邮寄：{courier} {tracking}"),
            Said::HandedOver { to, reason } => format!("移交给 {to}：{reason}"),
            Said::MailTo { region } => format!("结果邮寄至 {region}"),
            Said::AtWindow => "到窗口领取结果".into(),
            Said::Withdrawn => "申请人撤回申请".into(),
            Said::Commitment => RONGQUE_COMMITMENT.into(),
            Said::Overdue { deadline } => {
                format!("容缺受理承诺材料逾期未补交（期限 {deadline}）")
            }
            Said::ListingExpired => "公示期满".into(),
            Said::Paid { fen, receipt } => format!("{}，回执号 {receipt}", format_fen(*fen)),
            Said::Refunded {
                fen,
                withdrawn,
                reference,
            } => format!(
                "{}，{}，退款单号 {reference}",
                format_fen(*fen),
                crate::payment::refund_reason(if *withdrawn {
                    Status::Withdrawn
                } else {
                    Status::Refused
                })
            ),
            Said::JointReceived { joint } => format!("联审联办 {joint}"),
            Said::JointAccept { due } => format!("联审联办受理，承诺 {due} 前办结"),
            Said::ComplaintRated { level, resolved } => format!(
                "{}；问题{}",
                level.label(),
                if *resolved { "已解决" } else { "未解决" }
            ),
            Said::ComplaintAccepted { department, joint } => format!(
                "由{}承办{}",
                department.as_deref().unwrap_or("大厅"),
                if *joint { "，涉及多个部门" } else { "" }
            ),
            Said::ComplaintDeclined { reason, more } => match more.as_str() {
                "" => reason.label().to_string(),
                more => format!("{}：{more}", reason.label()),
            },
            Said::Visited {
                resolved,
                satisfied,
                more,
            } => {
                let said = format!(
                    "问题{}，{}",
                    if *resolved { "已解决" } else { "未解决" },
                    if *satisfied { "满意" } else { "不满意" }
                );
                match more.as_str() {
                    "" => said,
                    more => format!("{said}；{more}"),
                }
            }
            Said::ComplaintChannel { channel } => channel.label().into(),
            Said::Routed { department } => format!("转交{department}答复，首问责任人不变"),
            Said::ConsultChannel { channel } => channel.label().into(),
            Said::ProxyAssigned { assignee } => format!("代办员：{assignee}"),
            Said::Unknown => String::new(),
        }
    }

    /// The JSON form (`{"code": "promise", "due": "2026-12-04"}`) read back; `None` when a
    /// known code lacks a value or has one of the wrong kind, `Unknown` for a code this version
    /// does not know.
    pub fn from_value(v: &Value) -> Option<Said> {
        let text = |k: &str| v.get(k)?.as_str().map(String::from);
        let date = |k: &str| Date::parse(v.get(k)?.as_str()?);
        let count = |k: &str| u32::try_from(v.get(k)?.as_u64()?).ok();
        let fen = || v.get("fen")?.as_i64();
        let yes = |k: &str| v.get(k)?.as_bool();
        let code = |k: &str| v.get(k)?.as_str();
        Some(match v.get("code")?.as_str()? {
            "applied_online" => Said::AppliedOnline,
            "declared_online" => Said::DeclaredOnline,
            "provide" => Said::Provide {
                material: text("material")?,
            },
            "notice" => Said::Notice {
                lines: count("lines")?,
                deadline: date("deadline")?,
            },
            "renotice" => Said::Renotice {
                seq: count("seq")?,
                reason: text("reason")?,
                lines: count("lines")?,
                deadline: date("deadline")?,
            },
            "promise" => Said::Promise { due: date("due")? },
            "rongque" => Said::Rongque {
                online: yes("online")?,
                deadline: date("deadline")?,
                materials: v
                    .get("materials")?
                    .as_array()?
                    .iter()
                    .map(|m| m.as_str().map(String::from))
                    .collect::<Option<Vec<_>>>()?,
                due: date("due")?,
            },
            "supplied" => Said::Supplied,
            "rongque_complete" => Said::RongqueComplete,
            "rongque_complete_unlisted" => Said::RongqueCompleteUnlisted,
            "collect_at" => Said::CollectAt {
                place: text("place")?,
            },
            "result_by_mail" => Said::ResultByMail,
            "collected" => Said::Collected,
            "posted" => Said::Posted {
                courier: text("courier")?,
                tracking: text("tracking")?,
            },
            "handed_over" => Said::HandedOver {
                to: text("to")?,
                reason: text("reason")?,
            },
            "mail_to" => Said::MailTo {
                region: text("region")?,
            },
            "at_window" => Said::AtWindow,
            "withdrawn" => Said::Withdrawn,
            "commitment" => Said::Commitment,
            "overdue" => Said::Overdue {
                deadline: date("deadline")?,
            },
            "listing_expired" => Said::ListingExpired,
            "paid" => Said::Paid {
                fen: fen()?,
                receipt: text("receipt")?,
            },
            "refunded" => Said::Refunded {
                fen: fen()?,
                withdrawn: yes("withdrawn")?,
                reference: text("reference")?,
            },
            "joint_received" => Said::JointReceived {
                joint: text("joint")?,
            },
            "joint_accept" => Said::JointAccept { due: date("due")? },
            "complaint_rated" => Said::ComplaintRated {
                level: Level::parse(code("level")?)?,
                resolved: yes("resolved")?,
            },
            "complaint_accepted" => Said::ComplaintAccepted {
                department: match v.get("department")? {
                    Value::Null => None,
                    d => Some(d.as_str()?.to_string()),
                },
                joint: yes("joint")?,
            },
            "complaint_declined" => Said::ComplaintDeclined {
                reason: DeclineReason::parse(code("reason")?)?,
                more: text("more")?,
            },
            "visited" => Said::Visited {
                resolved: yes("resolved")?,
                satisfied: yes("satisfied")?,
                more: text("more")?,
            },
            "complaint_channel" => Said::ComplaintChannel {
                channel: ComplaintChannel::parse(code("channel")?)?,
            },
            "routed" => Said::Routed {
                department: text("department")?,
            },
            "consult_channel" => Said::ConsultChannel {
                channel: ConsultChannel::parse(code("channel")?)?,
            },
            "proxy_assigned" => Said::ProxyAssigned {
                assignee: text("assignee")?,
            },
            _ => Said::Unknown,
        })
    }

    /// Stored beside the note: JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored `said` column: `None` for entries people wrote, and for unreadable ones.
    pub fn from_stored(stored: Option<&str>) -> Option<Said> {
        stored
            .filter(|s| !s.is_empty())
            .and_then(|s| serde_json::from_str(s).ok())
    }

    /// One of each kind, for documentation and for checking that readers name each one.
    pub fn examples() -> Vec<Said> {
        let Some(d) = Date::new(2026, 12, 4) else {
            return Vec::new();
        };
        vec![
            Said::AppliedOnline,
            Said::DeclaredOnline,
            Said::Provide {
                material: "结婚证".into(),
            },
            Said::Notice {
                lines: 3,
                deadline: d,
            },
            Said::Renotice {
                seq: 2,
                reason: "材料页码缺失".into(),
                lines: 1,
                deadline: d,
            },
            Said::Promise { due: d },
            Said::Rongque {
                online: true,
                deadline: d,
                materials: vec!["户口簿".into(), "照片".into()],
                due: d,
            },
            Said::Supplied,
            Said::RongqueComplete,
            Said::RongqueCompleteUnlisted,
            Said::CollectAt {
                place: "综合窗口".into(),
            },
            Said::ResultByMail,
            Said::Collected,
            Said::Posted {
                courier: "EMS".into(),
                tracking: "1234".into(),
            },
            Said::HandedOver {
                to: "clerk2".into(),
                reason: "调岗交接".into(),
            },
            Said::MailTo {
                region: "广州市天河区".into(),
            },
            Said::AtWindow,
            Said::Withdrawn,
            Said::Commitment,
            Said::Overdue { deadline: d },
            Said::ListingExpired,
            Said::Paid {
                fen: 2050,
                receipt: "R1".into(),
            },
            Said::Refunded {
                fen: 2050,
                withdrawn: true,
                reference: "F1".into(),
            },
            Said::JointReceived {
                joint: "LB1".into(),
            },
            Said::JointAccept { due: d },
            Said::ComplaintRated {
                level: Level::Satisfied,
                resolved: true,
            },
            Said::ComplaintAccepted {
                department: None,
                joint: true,
            },
            Said::ComplaintDeclined {
                reason: DeclineReason::NoSubject,
                more: String::new(),
            },
            Said::Visited {
                resolved: true,
                satisfied: false,
                more: "再次核实".into(),
            },
            Said::ComplaintChannel {
                channel: ComplaintChannel::Hotline,
            },
            Said::Routed {
                department: "市公安局".into(),
            },
            Said::ConsultChannel {
                channel: ConsultChannel::Phone,
            },
            Said::ProxyAssigned {
                assignee: "工号 clerk".into(),
            },
        ]
    }

    /// The code, as the JSON names it.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(String::from))
            .unwrap_or_else(|| "unknown".into())
    }
}

/// Where the result goes when the applicant chose the post (the collect place of record).
pub const MAILED: &str = "邮寄至申请人选择的地址";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_kind_reads_back_and_has_words() {
        let all = Said::examples();
        let codes: HashSet<String> = all.iter().map(Said::code).collect();
        assert_eq!(codes.len(), all.len(), "one example of each kind");
        for s in all {
            let back = Said::from_stored(Some(&s.to_json()));
            assert_eq!(back.as_ref(), Some(&s));
            assert!(!s.zh().is_empty(), "{}", s.code());
        }
    }

    #[test]
    fn the_chinese_sentences_are_the_halls() {
        let d = Date::new(2026, 12, 4).unwrap();
        let said = |s: Said| s.zh();
        assert_eq!(
            said(Said::Notice {
                lines: 3,
                deadline: d
            }),
            "补正 3 项，2026-12-04 前补交"
        );
        assert_eq!(
            said(Said::Renotice {
                seq: 2,
                reason: "页码缺失".into(),
                lines: 1,
                deadline: d
            }),
            "第 2 次告知（页码缺失）；补正 1 项，2026-12-04 前补交"
        );
        assert_eq!(
            said(Said::Rongque {
                online: false,
                deadline: d,
                materials: vec!["户口簿".into(), "照片".into()],
                due: d
            }),
            "申请人已签署容缺承诺书；2026-12-04 前补交：户口簿、照片；承诺 2026-12-04 前办结"
        );
        assert_eq!(
            said(Said::Refunded {
                fen: 2050,
                withdrawn: false,
                reference: "F1".into()
            }),
            "20.50 元，不予许可，退还已缴费用，退款单号 F1"
        );
        assert_eq!(
            said(Said::ComplaintAccepted {
                department: Some("市公安局".into()),
                joint: false
            }),
            "由市公安局承办"
        );
        assert_eq!(
            said(Said::ComplaintDeclined {
                reason: DeclineReason::NoSubject,
                more: "请补充".into()
            }),
            "没有明确的投诉对象：请补充"
        );
        assert_eq!(
            said(Said::Visited {
                resolved: false,
                satisfied: true,
                more: String::new()
            }),
            "问题未解决，满意"
        );
        assert_eq!(said(Said::ResultByMail), "领取地点：邮寄至申请人选择的地址");
    }

    #[test]
    fn what_cannot_be_read_is_left_to_the_note() {
        assert_eq!(Said::from_stored(None), None);
        assert_eq!(Said::from_stored(Some("")), None);
        assert_eq!(Said::from_stored(Some("not json")), None);
        assert_eq!(
            Said::from_stored(Some(r#"{"code":"teleported","to":"moon"}"#)),
            Some(Said::Unknown)
        );
        // A known code with its values missing is unreadable, not a wrong sentence.
        assert_eq!(Said::from_stored(Some(r#"{"code":"promise"}"#)), None);
        assert_eq!(
            serde_json::to_string(&Said::Promise {
                due: Date::new(2026, 12, 4).unwrap()
            })
            .unwrap(),
            r#"{"code":"promise","due":"2026-12-04"}"#
        );
    }
}
