//! A hall's set-up for bookings and the queue: halls with their opening periods, item groups
//! (the letters of ticket numbers) with their items, windows, and places per slot. Loaded from
//! `seed/hall.json` and validated here as a whole.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::booking::{Period, TimeOfDay};
use crate::error::FieldError;

/// Opening hours written as `09:00-12:00, 13:00-17:00` (also `–`, `，`, `、`): periods in order,
/// each start before its end, none overlapping.
pub fn parse_hours(text: &str) -> Option<Vec<Period>> {
    let mut out: Vec<Period> = Vec::new();
    for part in text
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (a, b) = part.split_once(['-', '–', '—', '~'])?;
        let p = Period {
            start: TimeOfDay::parse(a)?,
            end: TimeOfDay::parse(b)?,
        };
        if p.start >= p.end || out.last().is_some_and(|l| l.end > p.start) {
            return None;
        }
        out.push(p);
    }
    (!out.is_empty()).then_some(out)
}

/// Opening hours as the pages show them.
pub fn format_hours(periods: &[Period]) -> String {
    periods
        .iter()
        .map(|p| format!("{}-{}", p.start, p.end))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hall {
    pub code: String,
    pub name: String,
    pub address: String,
    /// Where the kiosk and windows are (floor, area).
    pub area: String,
    pub periods: Vec<Period>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemGroup {
    /// One upper-case letter: the first character of its ticket numbers.
    pub code: char,
    pub name: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub hall: String,
    pub code: String,
    pub name: String,
    pub groups: Vec<char>,
}

impl Window {
    /// How a staff assignment names this window: its hall and its code, `city/A01`. Window
    /// codes repeat across halls (`01` at two halls), so an assignment always carries both.
    pub fn assignment(&self) -> String {
        assignment(&self.hall, &self.code)
    }
}

/// The assignment text of a hall's window, `city/A01`.
pub fn assignment(hall: &str, code: &str) -> String {
    format!("{hall}/{code}")
}

/// A window assignment as an administrator types it (`city/a01`, spaces around): the hall code
/// and the window code in upper case, or `None` when it is not of that form.
pub fn parse_assignment(input: &str) -> Option<(String, String)> {
    let (hall, code) = input.trim().split_once('/')?;
    let hall = hall.trim().to_ascii_lowercase();
    let hall_ok = (1..=16).contains(&hall.len())
        && hall
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let code = crate::account::validate_window_code(code)?;
    hall_ok.then_some((hall, code))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    pub hall: String,
    pub group: char,
    pub places: u32,
}

/// The whole set-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HallSetup {
    #[serde(default, rename = "_comment", skip_serializing)]
    pub comment: String,
    pub halls: Vec<Hall>,
    pub groups: Vec<ItemGroup>,
    pub windows: Vec<Window>,
    pub capacity: Vec<Capacity>,
}

impl HallSetup {
    /// Parses and checks a set-up against the catalogue's item codes; every problem is named.
    pub fn parse(json: &str, item_codes: &BTreeSet<String>) -> Result<HallSetup, Vec<String>> {
        let setup: HallSetup = serde_json::from_str(json).map_err(|e| vec![e.to_string()])?;
        let mut problems = Vec::new();
        let halls: BTreeSet<&str> = setup.halls.iter().map(|h| h.code.as_str()).collect();
        if halls.len() != setup.halls.len() {
            problems.push("halls: duplicate code".into());
        }
        for (i, h) in setup.halls.iter().enumerate() {
            if h.periods.is_empty() || h.periods.iter().any(|p| p.start >= p.end) {
                problems.push(format!(
                    "halls[{i}] ({}): periods must be non-empty, start < end",
                    h.code
                ));
            }
            if h.periods.windows(2).any(|w| w[0].end > w[1].start) {
                problems.push(format!(
                    "halls[{i}] ({}): periods must be in order and not overlap",
                    h.code
                ));
            }
        }
        let mut groups = BTreeSet::new();
        let mut grouped = BTreeSet::new();
        for (i, g) in setup.groups.iter().enumerate() {
            if !g.code.is_ascii_uppercase() || !groups.insert(g.code) {
                problems.push(format!(
                    "groups[{i}]: code must be a unique upper-case letter"
                ));
            }
            for item in &g.items {
                if !item_codes.contains(item) {
                    problems.push(format!("groups[{i}] ({}): unknown item {item}", g.code));
                }
                if !grouped.insert(item.clone()) {
                    problems.push(format!(
                        "groups[{i}] ({}): item {item} is in two groups",
                        g.code
                    ));
                }
            }
        }
        for (i, w) in setup.windows.iter().enumerate() {
            if !halls.contains(w.hall.as_str()) {
                problems.push(format!(
                    "windows[{i}] ({}): unknown hall {}",
                    w.code, w.hall
                ));
            }
            if w.groups.is_empty() || w.groups.iter().any(|g| !groups.contains(g)) {
                problems.push(format!(
                    "windows[{i}] ({}): groups must be known letters",
                    w.code
                ));
            }
        }
        for (i, c) in setup.capacity.iter().enumerate() {
            if !halls.contains(c.hall.as_str()) || !groups.contains(&c.group) {
                problems.push(format!(
                    "capacity[{i}]: unknown hall {} or group {}",
                    c.hall, c.group
                ));
            }
        }
        if problems.is_empty() {
            Ok(setup)
        } else {
            Err(problems)
        }
    }

    /// A hall's new name, address, area and opening hours (`09:00-12:00, 13:00-17:00`), or
    /// every problem by field.
    pub fn edit_hall(&self, u: &crate::dto::HallUpdate) -> Result<Hall, Vec<FieldError>> {
        let mut problems = Vec::new();
        if !self.halls.iter().any(|h| h.code == u.code) {
            problems.push(FieldError::new(
                "code",
                "没有这个大厅",
                "code: unknown hall",
            ));
        }
        let text = |field: &'static str,
                    v: &str,
                    max: usize,
                    what: &str,
                    problems: &mut Vec<FieldError>| {
            let v = v.trim();
            if v.is_empty() || v.chars().count() > max {
                problems.push(FieldError::new(
                    field,
                    format!("请填写{what}（不超过 {max} 个字）"),
                    format!("{field}: 1 to {max} characters"),
                ));
            }
            v.to_string()
        };
        let name = text("name", &u.name, 40, "大厅名称", &mut problems);
        let address = text("address", &u.address, 80, "地址", &mut problems);
        let area = text("area", &u.area, 60, "楼层和取号机位置", &mut problems);
        let periods = parse_hours(&u.hours);
        if periods.is_none() {
            problems.push(FieldError::new(
                "hours",
                "办公时间格式如 09:00-12:00, 13:00-17:00，各时段按先后顺序且不重叠",
                "hours: HH:MM-HH:MM periods, in order, not overlapping",
            ));
        }
        match periods {
            Some(periods) if problems.is_empty() => Ok(Hall {
                code: u.code.clone(),
                name,
                address,
                area,
                periods,
            }),
            _ => Err(problems),
        }
    }

    /// A window to add or change: its number, name and the item groups it serves.
    pub fn edit_window(&self, u: &crate::dto::WindowUpdate) -> Result<Window, Vec<FieldError>> {
        let mut problems = Vec::new();
        if !self.halls.iter().any(|h| h.code == u.hall) {
            problems.push(FieldError::new(
                "hall",
                "没有这个大厅",
                "hall: unknown hall",
            ));
        }
        let code = u.code.trim().to_uppercase();
        if code.is_empty() || code.len() > 6 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            problems.push(FieldError::new(
                "code",
                "窗口编号为 1 至 6 位字母或数字，如 A03",
                "code: 1 to 6 letters or digits",
            ));
        }
        let name = u.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 30 {
            problems.push(FieldError::new(
                "name",
                "请填写窗口名称（不超过 30 个字）",
                "name: 1 to 30 characters",
            ));
        }
        let mut groups: Vec<char> = u.groups.clone();
        groups.sort_unstable();
        groups.dedup();
        if groups.is_empty()
            || groups
                .iter()
                .any(|g| !self.groups.iter().any(|x| x.code == *g))
        {
            problems.push(FieldError::new(
                "groups",
                "请至少选择一个受理的业务类别",
                "groups: at least one known item group",
            ));
        }
        if problems.is_empty() {
            Ok(Window {
                hall: u.hall.clone(),
                code,
                name,
                groups,
            })
        } else {
            Err(problems)
        }
    }

    /// The hall of that code.
    pub fn hall(&self, code: &str) -> Option<&Hall> {
        self.halls.iter().find(|h| h.code == code)
    }

    /// The group serving an item.
    pub fn group_of(&self, item: &str) -> Option<&ItemGroup> {
        self.groups
            .iter()
            .find(|g| g.items.iter().any(|i| i == item))
    }

    /// Places per slot for an item group in a hall (0: no bookings there).
    pub fn places(&self, hall: &str, group: char) -> u32 {
        self.capacity
            .iter()
            .find(|c| c.hall == hall && c.group == group)
            .map_or(0, |c| c.places)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_assignments_carry_their_hall() {
        assert_eq!(
            parse_assignment(" City / a01 "),
            Some(("city".into(), "A01".into()))
        );
        assert_eq!(assignment("tianhe", "01"), "tianhe/01");
        for bad in [
            "A01",
            "/A01",
            "city/",
            "city/A-1",
            "ci ty/A01",
            "city/A01/B",
        ] {
            assert_eq!(parse_assignment(bad), None, "{bad}");
        }
    }

    fn codes() -> BTreeSet<String> {
        ["GA-HZ-001", "GA-HZ-004", "BDC-DJ-001"]
            .map(String::from)
            .into()
    }

    const GOOD: &str = r#"{
        "halls": [{"code": "city", "name": "市政务服务中心", "address": "一号", "area": "一楼",
                   "periods": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]}],
        "groups": [{"code": "A", "name": "公安", "items": ["GA-HZ-001", "GA-HZ-004"]},
                   {"code": "B", "name": "不动产", "items": ["BDC-DJ-001"]}],
        "windows": [{"hall": "city", "code": "A01", "name": "窗口 1", "groups": ["A", "B"]}],
        "capacity": [{"hall": "city", "group": "A", "places": 6}]
    }"#;

    #[test]
    fn a_good_setup_answers_groups_and_places() {
        let s = HallSetup::parse(GOOD, &codes()).unwrap();
        assert_eq!(s.group_of("GA-HZ-004").map(|g| g.code), Some('A'));
        assert_eq!(s.group_of("XX-YY-001"), None);
        assert_eq!(s.places("city", 'A'), 6);
        assert_eq!(s.places("city", 'B'), 0, "no capacity row: no bookings");
    }

    #[test]
    fn every_problem_is_named() {
        let bad = GOOD
            .replace(r#""13:00", "end": "17:00""#, r#""11:00", "end": "17:00""#)
            .replace(r#""BDC-DJ-001"]}"#, r#""GA-HZ-001", "ZZ-ZZ-999"]}"#)
            .replace(r#""groups": ["A", "B"]"#, r#""groups": ["Q"]"#)
            .replace(r#""group": "A""#, r#""group": "Z""#);
        let problems = HallSetup::parse(&bad, &codes()).unwrap_err();
        let all = problems.join("\n");
        for needle in [
            "not overlap",
            "unknown item ZZ-ZZ-999",
            "GA-HZ-001 is in two groups",
            "known letters",
            "group Z",
        ] {
            assert!(all.contains(needle), "{needle} missing in:\n{all}");
        }
        assert!(HallSetup::parse("{}", &codes()).is_err());
    }

    #[test]
    fn hours_parse_in_order_without_overlap() {
        let p = parse_hours("9:00-12:00， 13:00–17:30").unwrap();
        assert_eq!(format_hours(&p), "09:00-12:00, 13:00-17:30");
        for bad in [
            "",
            "9-12",
            "12:00-09:00",
            "09:00-12:00, 11:00-13:00",
            "09:00",
        ] {
            assert!(parse_hours(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn hall_and_window_edits_name_every_problem() {
        let s = HallSetup::parse(GOOD, &codes()).unwrap();
        let hall = s
            .edit_hall(&crate::dto::HallUpdate {
                code: "city".into(),
                name: " 市民中心 ".into(),
                address: "一号".into(),
                area: "二楼".into(),
                hours: "09:00-12:00".into(),
            })
            .unwrap();
        assert_eq!((hall.name.as_str(), hall.periods.len()), ("市民中心", 1));
        let bad = s
            .edit_hall(&crate::dto::HallUpdate {
                code: "nowhere".into(),
                name: "".into(),
                address: "一号".into(),
                area: "二楼".into(),
                hours: "17:00-09:00".into(),
            })
            .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["code", "name", "hours"]);
        let w = s
            .edit_window(&crate::dto::WindowUpdate {
                hall: "city".into(),
                code: "a03".into(),
                name: "综合窗口".into(),
                groups: vec!['B', 'A', 'B'],
            })
            .unwrap();
        assert_eq!((w.code.as_str(), w.groups), ("A03", vec!['A', 'B']));
        let bad = s
            .edit_window(&crate::dto::WindowUpdate {
                hall: "city".into(),
                code: "A-3".into(),
                name: "".into(),
                groups: vec!['Q'],
            })
            .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["code", "name", "groups"]);
    }
}
