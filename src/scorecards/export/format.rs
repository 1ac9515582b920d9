//! How one value is written in a CSV cell: RFC 4180 quoting, formulas made
//! plain text, numbers in one stable form, stored JSON answers as the text a
//! spreadsheet user expects.
use std::borrow::Cow;

/// A cell a spreadsheet would run as a formula is made plain text.
pub fn neutralise(s: &str) -> String {
    guarded(s).into_owned()
}

fn guarded(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// One field, quoted when it must be (a comma, quote or line break), as the
/// `csv` crate writes it. Written by hand because the streamed exports
/// build each visit's repeated fields once and copy them into every row.
pub fn push_field(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// A field of free text: neutralised, then quoted as needed.
pub fn push_text(out: &mut Vec<u8>, s: &str) {
    push_field(out, &guarded(s));
}

/// Numbers are written the same way whatever stored them: the shortest
/// decimal that reads back as the same `f64`, with `.` for the decimal
/// point, no exponent and no trailing `.0` (`4`, `4.5`, `66.66666666666667`).
pub fn push_num(out: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // Whole numbers are most values (points, counts): the integer path
        // is the cheap one, and -0 is written 0.
        let _ = write!(out, "{}", v as i64);
    } else if v.is_finite() {
        let _ = write!(out, "{v}");
    }
}

pub fn push_opt_num(out: &mut Vec<u8>, v: Option<f64>) {
    if let Some(v) = v {
        push_num(out, v);
    }
}

pub fn push_bool(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// A stored answer value (JSON text: `true`, `4`, `4.0`, `"good"`) as plain
/// text: booleans `true`/`false`, numbers as [`push_num`], a choice's key
/// or a text as typed (neutralised and quoted as needed).
pub fn push_value(out: &mut Vec<u8>, json: &str) {
    match json.as_bytes().first() {
        None => {}
        Some(b'"') => match serde_json::from_str::<Cow<'_, str>>(json) {
            Ok(s) => push_text(out, &s),
            Err(_) => push_text(out, json),
        },
        Some(b't' | b'f') if json == "true" || json == "false" => {
            out.extend_from_slice(json.as_bytes());
        }
        Some(b'n') if json == "null" => {}
        _ => match json.parse::<f64>() {
            Ok(v) => push_num(out, v),
            Err(_) => push_text(out, json),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: &str) -> String {
        let mut out = Vec::new();
        push_value(&mut out, json);
        String::from_utf8(out).unwrap()
    }

    fn number(v: f64) -> String {
        let mut out = Vec::new();
        push_num(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn stored_json_values_are_plain_text() {
        assert_eq!(value(r#""good""#), "good");
        assert_eq!(value("true"), "true");
        assert_eq!(value("false"), "false");
        assert_eq!(value("4"), "4");
        assert_eq!(value("4.0"), "4");
        assert_eq!(value("-5"), "-5");
        assert_eq!(value("2.5"), "2.5");
        assert_eq!(value("1e3"), "1000");
        assert_eq!(value("null"), "");
        assert_eq!(value(r#""a, \"b\"""#), r#""a, ""b""""#);
        assert_eq!(value(r#""خوب بود""#), "خوب بود");
        assert_eq!(value(r#""=cmd()""#), "'=cmd()");
        assert_eq!(value(r#""line\nbreak""#), "\"line\nbreak\"");
    }

    #[test]
    fn numbers_have_one_form() {
        assert_eq!(number(100.0), "100");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(200.0 / 3.0), "66.66666666666667");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number(1e20), "100000000000000000000");
        assert_eq!(number(f64::NAN), "");
    }

    #[test]
    fn fields_are_quoted_as_the_csv_crate_reads_them() {
        let mut out = Vec::new();
        for s in ["plain", "a,b", "say \"hi\"", "two\nlines", ""] {
            push_field(&mut out, s);
            out.push(b',');
        }
        out.push(b'\n');
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&out[..]);
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[0], "plain");
        assert_eq!(&rec[1], "a,b");
        assert_eq!(&rec[2], "say \"hi\"");
        assert_eq!(&rec[3], "two\nlines");
        assert_eq!(&rec[4], "");
    }
}
