//! Parsing of the catalogue's query parameters. The server parses every request with these
//! functions; the app builds its URLs from the same types.

use crate::catalogue::{is_department_code, Audience, Tongban};
use crate::Error;

/// Longest search text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 50;
/// Largest page size.
pub const MAX_PER_PAGE: u32 = 50;
pub const DEFAULT_PER_PAGE: u32 = 10;
/// Highest page number accepted.
pub const MAX_PAGE: u32 = 1000;

/// A validated item search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemQuery {
    /// The search text, trimmed; empty lists everything.
    pub q: String,
    pub department: Option<String>,
    pub audience: Option<Audience>,
    pub tongban: Option<Tongban>,
    pub page: u32,
    pub per_page: u32,
    /// The reader's language: what the results' names are in (a query may be typed in any).
    pub lang: crate::language::Lang,
}

impl ItemQuery {
    /// Parses decoded query pairs. Unknown parameters are ignored (embedding portals add their
    /// own); a repeated parameter takes its last value; an empty value means "not given".
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, Error> {
        let mut query = ItemQuery {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            ..ItemQuery::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        return Err(Error::QueryTooLong);
                    }
                    if value.chars().any(char::is_control) {
                        return Err(Error::bad_param(
                            "q",
                            "搜索内容含有不可见的控制字符",
                            "q contains control characters",
                        ));
                    }
                    query.q = value.to_string();
                }
                "department" if value.is_empty() => query.department = None,
                "department" => {
                    if !is_department_code(value) {
                        return Err(Error::bad_param(
                            "department",
                            "部门编码格式不正确",
                            "department must be a department code such as gaj",
                        ));
                    }
                    query.department = Some(value.to_string());
                }
                "audience" if value.is_empty() => query.audience = None,
                "audience" => {
                    query.audience = Some(Audience::parse(value).ok_or_else(|| {
                        Error::bad_param(
                            "audience",
                            "办事对象只能是 personal（个人）或 business（法人）",
                            "audience must be personal or business",
                        )
                    })?);
                }
                "tongban" if value.is_empty() => query.tongban = None,
                "tongban" => {
                    query.tongban = Some(Tongban::parse(value).ok_or_else(|| {
                        Error::bad_param(
                            "tongban",
                            "通办范围只能是 local、same_city、cross_city 或 province",
                            "tongban must be local, same_city, cross_city or province",
                        )
                    })?);
                }
                "page" if value.is_empty() => query.page = 1,
                "page" => {
                    query.page = parse_bounded(value, 1, MAX_PAGE).ok_or_else(|| {
                        Error::bad_param(
                            "page",
                            format!("页码必须是 1 到 {MAX_PAGE} 之间的整数"),
                            format!("page must be an integer from 1 to {MAX_PAGE}"),
                        )
                    })?;
                }
                "per_page" if value.is_empty() => query.per_page = DEFAULT_PER_PAGE,
                "per_page" => {
                    query.per_page = parse_bounded(value, 1, MAX_PER_PAGE).ok_or_else(|| {
                        Error::bad_param(
                            "per_page",
                            format!("每页条数必须是 1 到 {MAX_PER_PAGE} 之间的整数"),
                            format!("per_page must be an integer from 1 to {MAX_PER_PAGE}"),
                        )
                    })?;
                }
                "lang" => query.lang = crate::language::Lang::from_param(Some(value))?,
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query as URL parameters, leaving out defaults; the inverse of [`ItemQuery::parse`].
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        if let Some(d) = &self.department {
            out.push(("department", d.clone()));
        }
        if let Some(a) = self.audience {
            out.push(("audience", a.as_str().to_string()));
        }
        if let Some(t) = self.tongban {
            out.push(("tongban", t.slug().to_string()));
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE && self.per_page != 0 {
            out.push(("per_page", self.per_page.to_string()));
        }
        if self.lang != crate::language::Lang::ZhCn {
            out.push(("lang", self.lang.tag().to_string()));
        }
        out
    }

    /// Index range of the requested page within `total` results.
    pub fn page_range(&self, total: usize) -> std::ops::Range<usize> {
        let per = self.per_page.max(1) as usize;
        let start = (self.page.max(1) as usize - 1)
            .saturating_mul(per)
            .min(total);
        start..start.saturating_add(per).min(total)
    }
}

fn parse_bounded(value: &str, min: u32, max: u32) -> Option<u32> {
    if value.is_empty() || value.len() > 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok().filter(|n| (min..=max).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<ItemQuery, Error> {
        ItemQuery::parse(pairs.iter().copied())
    }

    #[test]
    fn defaults() {
        let q = parse(&[]).unwrap();
        assert_eq!(q.page, 1);
        assert_eq!(q.per_page, DEFAULT_PER_PAGE);
        assert!(q.q.is_empty());
        assert!(q.to_pairs().is_empty());
    }

    #[test]
    fn parses_every_filter_and_round_trips() {
        let q = parse(&[
            ("q", "  护照 "),
            ("department", "gaj"),
            ("audience", "personal"),
            ("tongban", "同城通办"),
            ("page", "2"),
            ("per_page", "20"),
            ("utm_source", "portal"),
        ])
        .unwrap();
        assert_eq!(q.q, "护照");
        assert_eq!(q.department.as_deref(), Some("gaj"));
        assert_eq!(q.audience, Some(Audience::Personal));
        assert_eq!(q.tongban, Some(Tongban::SameCity));
        assert_eq!((q.page, q.per_page), (2, 20));
        let pairs = q.to_pairs();
        let again = ItemQuery::parse(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
        assert_eq!(again, q);
    }

    #[test]
    fn rejects_malformed_values_naming_the_field() {
        for (pairs, field) in [
            (vec![("page", "0")], "page"),
            (vec![("page", "-1")], "page"),
            (vec![("page", "abc")], "page"),
            (vec![("page", "1.5")], "page"),
            (vec![("page", "99999999999999999999")], "page"),
            (vec![("page", "1001")], "page"),
            (vec![("per_page", "51")], "per_page"),
            (vec![("per_page", "0")], "per_page"),
            (vec![("audience", "alien")], "audience"),
            (vec![("tongban", "mars")], "tongban"),
            (vec![("department", "GAJ")], "department"),
            (vec![("department", "g a j")], "department"),
            (vec![("q", "a\u{0}b")], "q"),
        ] {
            match parse(&pairs) {
                Err(Error::BadParam { field: f, .. }) => assert_eq!(f, field, "{pairs:?}"),
                other => panic!("{pairs:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn query_length_limit_counts_characters() {
        let ok = "护".repeat(MAX_QUERY_CHARS);
        assert!(parse(&[("q", &ok)]).is_ok());
        let long = "护".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(parse(&[("q", &long)]), Err(Error::QueryTooLong));
    }

    #[test]
    fn empty_values_mean_absent_and_last_value_wins() {
        let q = parse(&[("department", ""), ("page", ""), ("audience", "")]).unwrap();
        assert_eq!(q.department, None);
        assert_eq!(q.page, 1);
        let q = parse(&[("page", "3"), ("page", "4")]).unwrap();
        assert_eq!(q.page, 4);
    }

    #[test]
    fn page_ranges() {
        let mut q = parse(&[("per_page", "10")]).unwrap();
        assert_eq!(q.page_range(25), 0..10);
        q.page = 3;
        assert_eq!(q.page_range(25), 20..25);
        q.page = 4;
        assert_eq!(q.page_range(25), 25..25);
        q.page = 1000;
        assert_eq!(q.page_range(0), 0..0);
    }
}
