//! Content the hall publishes (standard 5.4, 6.3.7, 6.6): notices, and the editable text of the
//! service guides and the FAQ. Content editors change it in the app; every change keeps who,
//! when and what changed, and a guide shows when it was last updated. A guide's edits are
//! stored beside the seeded catalogue and applied to it, so the guide a window clerk sees and
//! the one online are the same record.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// Bounds of a notice.
pub const TITLE_MAX: usize = 60;
pub const BODY_MAX: usize = 5000;
/// Bounds of one line of a guide's conditions or steps, and how many lines.
pub const LINE_MAX: usize = 300;
pub const LINES_MAX: usize = 30;

/// What kind of content a history entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    Notice,
    Faq,
    Guide,
}

impl ContentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Notice => "notice",
            ContentKind::Faq => "faq",
            ContentKind::Guide => "guide",
        }
    }

    pub fn parse(s: &str) -> Option<ContentKind> {
        [ContentKind::Notice, ContentKind::Faq, ContentKind::Guide]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One field's change: before and after, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields that differ between `before` and `after` (pairs of field name and text), in
/// order; unchanged fields are left out.
pub fn changes(fields: &[(&str, &str, &str)]) -> Vec<FieldChange> {
    fields
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| FieldChange {
            field: field.to_string(),
            before: before.to_string(),
            after: after.to_string(),
        })
        .collect()
}

fn bounded(
    field: &'static str,
    text: &str,
    min: usize,
    max: usize,
    what: &str,
) -> Option<FieldError> {
    let n = text.trim().chars().count();
    (!(min..=max).contains(&n)).then(|| {
        FieldError::new(
            field,
            format!("{what}应为 {min} 至 {max} 个字"),
            format!("{field}: {min} to {max} characters"),
        )
    })
}

/// A notice's problems.
pub fn check_notice(title: &str, body: &str) -> Vec<FieldError> {
    bounded("title", title, 2, TITLE_MAX, "标题")
        .into_iter()
        .chain(bounded("body", body, 10, BODY_MAX, "正文"))
        .collect()
}

/// A FAQ entry's problems (the public text holds no personal data).
pub fn check_faq(question: &str, answer: &str) -> Vec<FieldError> {
    crate::consultation::check_publication(question, answer)
}

/// The lines of a list field as an editor types them (one per line, blank lines dropped), or
/// its problem.
pub fn lines(field: &'static str, text: &str, what: &str) -> Result<Vec<String>, FieldError> {
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if lines.is_empty() || lines.len() > LINES_MAX {
        return Err(FieldError::new(
            field,
            format!("{what}应为 1 至 {LINES_MAX} 行"),
            format!("{field}: 1 to {LINES_MAX} lines"),
        ));
    }
    if lines.iter().any(|l| l.chars().count() > LINE_MAX) {
        return Err(FieldError::new(
            field,
            format!("{what}每行不超过 {LINE_MAX} 个字"),
            format!("{field}: at most {LINE_MAX} characters a line"),
        ));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_list_only_what_differs() {
        let c = changes(&[
            ("title", "停电通知", "停电通知"),
            ("body", "周六停电", "周六上午停电"),
        ]);
        assert_eq!(
            c,
            [FieldChange {
                field: "body".into(),
                before: "周六停电".into(),
                after: "周六上午停电".into(),
            }]
        );
        assert!(changes(&[("a", "x", "x")]).is_empty());
    }

    #[test]
    fn notices_and_faqs_are_checked() {
        assert!(check_notice(
            "春节休息安排",
            "2027 年 2 月 6 日至 2 月 14 日休息，2 月 15 日起正常办公。"
        )
        .is_empty());
        let fields: Vec<&str> = check_notice("春", "太短").iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "body"]);
        let faq: Vec<&str> = check_faq("电话13812345678能办吗", "可以办理，请带身份证")
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(faq, ["question"]);
        assert_eq!(ContentKind::parse("guide"), Some(ContentKind::Guide));
    }

    #[test]
    fn list_fields_are_one_line_each() {
        assert_eq!(
            lines("steps", "网上申请\n\n  窗口核验  \n领取证件\n", "办理流程").unwrap(),
            ["网上申请", "窗口核验", "领取证件"]
        );
        assert!(lines("steps", "  \n ", "办理流程").is_err());
        assert!(lines("steps", &"长".repeat(LINE_MAX + 1), "办理流程").is_err());
        let many = "一行\n".repeat(LINES_MAX + 1);
        assert!(lines("conditions", &many, "申请条件").is_err());
    }
}
