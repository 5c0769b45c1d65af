//! Conditional requests (RFC 9110 §13.1.2): whether an `If-None-Match` field matches the
//! current entity tag. The comparison is weak — `W/"a"` matches `"a"` — because a proxy that
//! compresses a response (Cloudflare does) turns its strong tag into a weak one, and the field
//! may list several tags or be `*`.

/// The opaque parts (with their quotes) of the entity tags in an `If-None-Match` field; `None`
/// for `*`. Parsing stops at the first malformed tag.
fn tags(field: &str) -> Option<Vec<&str>> {
    let field = field.trim();
    if field == "*" {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = field;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            break;
        }
        let tag = rest.strip_prefix("W/").unwrap_or(rest);
        let Some(inner) = tag.strip_prefix('"') else {
            break;
        };
        let Some(end) = inner.find('"') else {
            break;
        };
        out.push(&tag[..end + 2]);
        rest = &inner[end + 1..];
    }
    Some(out)
}

/// Whether `if_none_match` matches `current` (a strong `"…"` or weak `W/"…"` tag) by weak
/// comparison: then the answer is 304 Not Modified.
pub fn none_match_hits(if_none_match: Option<&str>, current: &str) -> bool {
    let Some(field) = if_none_match else {
        return false;
    };
    let current = current.strip_prefix("W/").unwrap_or(current);
    match tags(field) {
        None => true,
        Some(list) => list.contains(&current),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_comparison_of_one_tag_a_list_or_any() {
        let hit = |field: &str, tag: &str| none_match_hits(Some(field), tag);
        // Exact, and weak either way (a compressing proxy weakens the tag it passes on).
        assert!(hit("\"city-7\"", "\"city-7\""));
        assert!(hit("W/\"city-7\"", "\"city-7\""));
        assert!(hit("\"city-7\"", "W/\"city-7\""));
        assert!(hit("W/\"city-7\"", "W/\"city-7\""));
        // A list, with spaces; any one matching is enough.
        assert!(hit("\"city-6\", W/\"city-7\"", "\"city-7\""));
        assert!(hit(" \"a\",\"b\" ,  W/\"city-7\"  ", "\"city-7\""));
        // A comma inside a tag is part of it.
        assert!(hit("\"x,y\", \"city-7\"", "\"city-7\""));
        assert!(!hit("\"x,y\"", "\"x\""));
        // `*` matches any current representation.
        assert!(hit("*", "\"city-7\""));
        // No match: another version, a tag without quotes, nothing sent.
        assert!(!hit("\"city-6\"", "\"city-7\""));
        assert!(!hit("city-7", "\"city-7\""));
        assert!(!hit("W/city-7", "\"city-7\""));
        assert!(!hit("\"city-7", "\"city-7\""));
        assert!(!hit("", "\"city-7\""));
        assert!(!none_match_hits(None, "\"city-7\""));
    }
}
