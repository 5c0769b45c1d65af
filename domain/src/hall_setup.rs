//! A hall's set-up for bookings and the queue: halls with their opening periods, item groups
//! (the letters of ticket numbers) with their items, windows, and places per slot. Loaded from
//! `seed/hall.json` and validated here as a whole.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::booking::Period;

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
}
