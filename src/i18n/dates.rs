//! Dates as people type them. Persian readers type the Solar Hijri date
//! (`1405/09/13`, often in Persian digits), which no browser's date picker
//! offers, so Persian pages take dates as text and convert them here with
//! ICU's Persian calendar. English and Arabic use the Gregorian calendar,
//! so their pages keep the browser's own picker, whose value is ISO.
//!
//! Everything past this module is a `NaiveDate`; URLs, exports and the JSON
//! API stay ISO.
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use icu::calendar::{Date, Iso};

use super::Locale;

/// Solar Hijri years below this are read as Solar Hijri, the rest as
/// Gregorian: 1700 AP is 2321 CE, so a Persian page also takes the ISO
/// date an old bookmark, a script or an English browser sends.
const SOLAR_YEARS_BELOW: i32 = 1700;

/// Whether the language types dates as Solar Hijri text rather than with
/// the browser's (Gregorian) picker.
pub fn solar_hijri(l: Locale) -> bool {
    l == Locale::Fa
}

/// ASCII digits for Persian (۰-۹) and Arabic-Indic (٠-٩) ones, and the
/// date separators a Persian or Arabic keyboard offers read as `/`;
/// direction marks a copied date may carry are dropped.
fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{200c}'))
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '-' | '.' | '٫' | '؍' | '／' | '−' => '/',
            c => c,
        })
        .collect()
}

/// Year, month and day from `yyyy/m/d` (any separator, already normalised)
/// or `yyyymmdd`, all a phone's numeric pad can type.
fn parts(s: &str) -> Option<(i32, u8, u8)> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some((s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?));
    }
    let mut it = s.split('/');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    let digits = |p: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if it.next().is_some() || !digits(y, 4, 4) || !digits(m, 1, 2) || !digits(d, 1, 2) {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

fn from_solar_hijri(y: i32, m: u8, d: u8) -> Option<NaiveDate> {
    // ICU refuses a day the month does not have (1404/12/30: not a leap year).
    let iso = Date::try_new_persian(y, m, d).ok()?.to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        iso.month().ordinal.into(),
        iso.day_of_month().0.into(),
    )
}

/// The Solar Hijri year, month and day of a date.
fn solar_hijri_parts(d: NaiveDate) -> (i32, u8, u8) {
    let iso = Date::try_new_iso(d.year(), d.month() as u8, d.day() as u8)
        .expect("chrono dates are valid");
    let p = iso.to_calendar(icu::calendar::cal::Persian::new());
    (p.year().extended_year(), p.month().ordinal, p.day_of_month().0)
}

/// A typed date: in Persian, Solar Hijri `1405/09/13` or `1405-09-13` in
/// any digits, or an ISO date; elsewhere an ISO date in any digits.
pub fn parse_date(l: Locale, s: &str) -> Option<NaiveDate> {
    let (y, m, d) = parts(&normalise(s))?;
    if solar_hijri(l) && y < SOLAR_YEARS_BELOW {
        from_solar_hijri(y, m, d)
    } else {
        NaiveDate::from_ymd_opt(y, m.into(), d.into())
    }
}

/// A typed date as the ISO text the domain and the API read, or the text
/// as typed when it is no date, for the domain to refuse with its message.
pub fn as_iso(l: Locale, typed: &str) -> String {
    parse_date(l, typed).map_or_else(|| typed.to_owned(), |d| d.to_string())
}

fn persian_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(n) if c.is_ascii_digit() => char::from_u32('۰' as u32 + n).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The value a date field shows: in Persian `۱۴۰۵/۰۹/۱۳`, what the page
/// asks for; elsewhere ISO, the only value a `type="date"` field takes
/// (the browser shows it in the phone's own language and digits).
pub fn input_date(l: Locale, d: NaiveDate) -> String {
    if solar_hijri(l) {
        let (y, m, day) = solar_hijri_parts(d);
        persian_digits(&format!("{y:04}/{m:02}/{day:02}"))
    } else {
        d.to_string()
    }
}

/// A typed time, `14:30` or `14:30:05`, in any digits.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = normalise(s);
    NaiveTime::parse_from_str(&s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M:%S"))
        .ok()
}

/// A typed date and time: the date as [`parse_date`] reads it, then `T` or
/// a space, then the time (`2026-12-04T14:30`, `1405/09/13 14:30`).
pub fn parse_datetime(l: Locale, s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, time) = s.split_once(|c: char| c == 'T' || c.is_whitespace())?;
    Some(parse_date(l, date)?.and_time(parse_time(time)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn nowruz_1405_is_the_21st_of_march_2026() {
        assert_eq!(parse_date(Locale::Fa, "1405/01/01"), Some(d("2026-03-21")));
        assert_eq!(parse_date(Locale::Fa, "1404/12/29"), Some(d("2026-03-20")));
        assert_eq!(input_date(Locale::Fa, d("2026-03-21")), "۱۴۰۵/۰۱/۰۱");
    }

    #[test]
    fn persian_dates_are_read_in_any_digits_and_separators() {
        let want = Some(d("2026-12-04"));
        for typed in [
            "1405/09/13",
            "1405-09-13",
            "1405/9/13",
            "۱۴۰۵/۰۹/۱۳",
            "١٤٠٥/٠٩/١٣",
            " ۱۴۰۵-۰۹-۱۳ ",
            "۱۴۰۵.۰۹.۱۳",
            "1405٫09٫13",
            "۱۴۰۵۰۹۱۳",
        ] {
            assert_eq!(parse_date(Locale::Fa, typed), want, "{typed}");
        }
        assert_eq!(input_date(Locale::Fa, d("2026-12-04")), "۱۴۰۵/۰۹/۱۳");
    }

    #[test]
    fn a_persian_page_also_takes_an_iso_date() {
        assert_eq!(parse_date(Locale::Fa, "2026-12-04"), Some(d("2026-12-04")));
        assert_eq!(parse_date(Locale::Fa, "۲۰۲۶-۱۲-۰۴"), Some(d("2026-12-04")));
    }

    #[test]
    fn the_last_day_of_esfand_exists_only_in_leap_years() {
        assert_eq!(parse_date(Locale::Fa, "1403/12/30"), Some(d("2025-03-20")));
        assert_eq!(parse_date(Locale::Fa, "1404/12/30"), None);
        assert_eq!(parse_date(Locale::Fa, "1405/13/40"), None);
        assert_eq!(parse_date(Locale::Fa, "1405/07/31"), None, "the second half has 30 days");
    }

    #[test]
    fn nonsense_is_no_date() {
        for typed in ["", "1405", "1405/09", "1405/09/13/1", "05/09/13", "13 آذر 1405", "soon"] {
            assert_eq!(parse_date(Locale::Fa, typed), None, "{typed}");
            assert_eq!(parse_date(Locale::En, typed), None, "{typed}");
        }
    }

    #[test]
    fn english_and_arabic_read_iso_dates_in_any_digits() {
        for l in [Locale::En, Locale::Ar] {
            assert_eq!(parse_date(l, "2026-12-04"), Some(d("2026-12-04")));
            assert_eq!(parse_date(l, "٢٠٢٦-١٢-٠٤"), Some(d("2026-12-04")));
            assert_eq!(parse_date(l, "2026-02-30"), None);
            assert_eq!(input_date(l, d("2026-12-04")), "2026-12-04");
        }
        assert_eq!(parse_date(Locale::En, "1405/09/13"), d("1405-09-13").into());
    }

    #[test]
    fn every_day_for_years_round_trips_through_the_solar_hijri_text() {
        let mut day = d("2020-01-01");
        while day < d("2032-01-01") {
            assert_eq!(parse_date(Locale::Fa, &input_date(Locale::Fa, day)), Some(day), "{day}");
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn a_date_and_time_is_the_same_moment_in_either_calendar() {
        let want = d("2026-12-04").and_hms_opt(14, 30, 0);
        assert_eq!(parse_datetime(Locale::Fa, "۱۴۰۵/۰۹/۱۳ 14:30"), want);
        assert_eq!(parse_datetime(Locale::Fa, "1405/09/13 ۱۴:۳۰"), want);
        assert_eq!(parse_datetime(Locale::En, "2026-12-04T14:30"), want);
        assert_eq!(parse_datetime(Locale::Fa, "2026-12-04T14:30"), want);
        assert_eq!(parse_datetime(Locale::Fa, "1405/09/13"), None);
        assert_eq!(parse_datetime(Locale::Fa, "1405/09/13 25:00"), None);
    }
}
