//! CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or line break quoted,
//! quotes doubled, rows ended by CRLF; and a field a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@`, a tab or a carriage return first) prefixed with `'`, so an exported
//! audit trail can be opened safely.

/// One row.
pub fn row<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f.as_ref()));
    }
    out.push_str("\r\n");
    out
}

fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(row(&["a", "b c", "中文"]), "a,b c,中文\r\n");
        assert_eq!(
            row(&["x,y", "say \"hi\"", "two\nlines"]),
            "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(
            row(&["=SUM(A1)", "+1", "-2", "@x", "ok-"]),
            "'=SUM(A1),'+1,'-2,'@x,ok-\r\n"
        );
        assert_eq!(row::<&str>(&[]), "\r\n");
    }
}
