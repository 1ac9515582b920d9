//! Dates and numbers in the reader's calendar and digits, by ICU4X: `fa`
//! gets the Solar Hijri calendar and Persian digits from CLDR itself.
use chrono::{DateTime, Datelike, Timelike, Utc};
use icu::calendar::Date;
use icu::datetime::DateTimeFormatter;
use icu::datetime::fieldsets::{YMD, YMDT};
use icu::datetime::input::{DateTime as IcuDateTime, Time};
use icu::decimal::DecimalFormatter;
use icu::decimal::input::Decimal;
use icu::list::ListFormatter;
use icu::list::options::ListFormatterOptions;
use icu::locale::Locale as IcuLocale;

use super::Locale;

fn icu_locale(l: Locale) -> IcuLocale {
    l.code().parse().expect("our locale codes are valid")
}

struct Formatters {
    date: DateTimeFormatter<YMD>,
    /// The Gregorian date in the language's words and digits, beside a
    /// Solar Hijri one ("۴ دسامبر ۲۰۲۶").
    gregorian: DateTimeFormatter<YMD>,
    datetime: DateTimeFormatter<YMDT>,
    decimal: DecimalFormatter,
    or_list: ListFormatter,
}

/// The locale dates are formatted in. Arabic asks for Arabic-Indic digits
/// and month names ("٤ ديسمبر ٢٠٢٦"): CLDR's default for plain `ar` is
/// Latin digits and a numeric medium date ("04/12/2026").
fn date_locale(l: Locale, calendar: Option<&str>) -> (IcuLocale, bool) {
    let mut code = l.code().to_owned();
    let mut ext: Vec<String> = calendar.map(|c| format!("ca-{c}")).into_iter().collect();
    let long = l == Locale::Ar;
    if long {
        ext.push("nu-arab".into());
    }
    if !ext.is_empty() {
        code = format!("{code}-u-{}", ext.join("-"));
    }
    (code.parse().expect("a valid locale"), long)
}

fn ymd(loc: &IcuLocale, long: bool) -> DateTimeFormatter<YMD> {
    let fields = if long { YMD::long() } else { YMD::medium() };
    DateTimeFormatter::try_new(loc.into(), fields).expect("compiled data has every locale")
}

// Built once per thread and language: loading the data is the expensive
// part, and ICU4X formatters are not `Sync`.
fn build() -> Vec<Formatters> {
    Locale::ALL
        .into_iter()
        .map(|l| {
            let loc = icu_locale(l);
            let (dates, long) = date_locale(l, None);
            let (gregorian, _) = date_locale(l, Some("gregory"));
            let ymdt = if long { YMD::long() } else { YMD::medium() }.with_time_hm();
            Formatters {
                date: ymd(&dates, long),
                gregorian: ymd(&gregorian, long),
                datetime: DateTimeFormatter::try_new((&dates).into(), ymdt)
                    .expect("compiled data has every locale"),
                decimal: DecimalFormatter::try_new((&loc).into(), Default::default())
                    .expect("compiled data has every locale"),
                or_list: ListFormatter::try_new_or((&loc).into(), ListFormatterOptions::default())
                    .expect("compiled data has every locale"),
            }
        })
        .collect()
}

thread_local! {
    static FORMATTERS: Vec<Formatters> = build();
}

fn with<R>(l: Locale, f: impl FnOnce(&Formatters) -> R) -> R {
    let i = Locale::ALL.iter().position(|x| *x == l).unwrap_or(0);
    FORMATTERS.with(|all| f(&all[i]))
}

fn iso_date(d: chrono::NaiveDate) -> Date<icu::calendar::Iso> {
    Date::try_new_iso(d.year(), d.month() as u8, d.day() as u8).expect("chrono dates are valid")
}

/// A calendar date, e.g. "21 Mar 2026" or, in Persian, "۱ فروردین ۱۴۰۵".
pub fn format_date(l: Locale, d: chrono::NaiveDate) -> String {
    with(l, |f| f.date.format(&iso_date(d)).to_string())
}

/// A calendar date in the Gregorian calendar whatever the language's own:
/// "۴ دسامبر ۲۰۲۶" in Persian, for the small print beside a Solar Hijri date.
pub fn format_date_gregorian(l: Locale, d: chrono::NaiveDate) -> String {
    with(l, |f| f.gregorian.format(&iso_date(d)).to_string())
}

/// A moment, shown at the given offset from UTC (a location's or the user's).
pub fn format_datetime(l: Locale, at: DateTime<Utc>, offset: chrono::FixedOffset) -> String {
    let local = at.with_timezone(&offset).naive_local();
    let input = IcuDateTime {
        date: iso_date(local.date()),
        time: Time::try_new(local.hour() as u8, local.minute() as u8, local.second() as u8, 0)
            .expect("chrono times are valid"),
    };
    with(l, |f| f.datetime.format(&input).to_string())
}

/// Alternatives as the language lists them: "Website, App or Social media",
/// in Persian "وب‌سایت، اپلیکیشن یا شبکه‌های اجتماعی".
pub fn format_or_list(l: Locale, items: &[String]) -> String {
    with(l, |f| f.or_list.format_to_string(items.iter()))
}

/// A number with at most `decimals` digits after the point, trailing zeros
/// dropped, in the locale's digits and separators.
pub fn format_decimal(l: Locale, x: f64, decimals: usize) -> String {
    let mut d = Decimal::try_from_str(&format!("{x:.decimals$}")).unwrap_or_default();
    d.absolute.trim_end();
    with(l, |f| f.decimal.format_to_string(&d))
}

/// A percentage with at most `decimals` digits after the point and the
/// language's own sign (Persian and Arabic write ٪).
pub fn format_percent(l: Locale, x: f64, decimals: usize) -> String {
    l.t_args("number-percent", &[("n", format_decimal(l, x, decimals))])
}

/// An integer with the locale's digits and grouping.
pub fn format_int(l: Locale, n: i64) -> String {
    with(l, |f| f.decimal.format_to_string(&Decimal::from(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_has_the_languages_digits_and_sign() {
        assert_eq!(format_percent(Locale::En, 87.26, 1), "87.3%");
        assert_eq!(format_percent(Locale::Fa, 87.26, 1), "۸۷٫۳٪");
        assert_eq!(format_percent(Locale::Fa, 0.0, 1), "۰٪");
    }

    fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn alternatives_are_listed_in_each_languages_words_and_commas() {
        let items = ["A".to_owned(), "B".to_owned(), "C".to_owned()];
        assert_eq!(format_or_list(Locale::En, &items), "A, B, or C");
        assert_eq!(format_or_list(Locale::Fa, &items), "A،\u{200f} B، یا C");
        assert_eq!(format_or_list(Locale::En, &items[..1]), "A");
    }

    #[test]
    fn persian_dates_use_the_solar_hijri_calendar_and_persian_digits() {
        let s = format_date(Locale::Fa, d(2026, 3, 21));
        assert!(s.contains("۱۴۰۵"), "{s}");
        assert!(s.contains("فروردین"), "{s}");
        assert!(!s.chars().any(|c| c.is_ascii_digit()), "{s}");
    }

    #[test]
    fn the_gregorian_date_beside_a_persian_one_is_in_persian_words_and_digits() {
        let s = format_date_gregorian(Locale::Fa, d(2026, 12, 4));
        assert!(s.contains("۲۰۲۶") && s.contains("دسامبر"), "{s}");
        assert_eq!(format_date_gregorian(Locale::En, d(2026, 12, 4)), "Dec 4, 2026");
    }

    #[test]
    fn arabic_dates_are_gregorian_with_arabic_digits_and_month_names() {
        let s = format_date(Locale::Ar, d(2026, 12, 4));
        assert!(s.contains("٢٠٢٦") && s.contains("ديسمبر"), "{s}");
        let at = DateTime::parse_from_rfc3339("2026-12-04T10:30:00Z").unwrap().to_utc();
        let s = format_datetime(Locale::Ar, at, chrono::FixedOffset::east_opt(0).unwrap());
        assert!(s.contains("٢٠٢٦") && s.contains("١٠:٣٠"), "{s}");
    }

    #[test]
    fn english_dates_are_gregorian() {
        let s = format_date(Locale::En, d(2026, 3, 21));
        assert!(s.contains("2026") && s.contains("Mar"), "{s}");
    }

    #[test]
    fn decimals_are_rounded_and_take_the_locales_separator() {
        assert_eq!(format_decimal(Locale::En, 81.818181, 1), "81.8");
        assert_eq!(format_decimal(Locale::En, 75.0, 1), "75");
        assert_eq!(format_decimal(Locale::Fa, 2.5, 1), "۲٫۵");
    }

    #[test]
    fn numbers_take_the_locales_digits() {
        assert_eq!(format_int(Locale::En, 1234), "1,234");
        assert_eq!(format_int(Locale::Fa, 12), "۱۲");
    }

    #[test]
    fn datetimes_are_shown_at_the_given_offset() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T23:30:00Z").unwrap().to_utc();
        let tehran = chrono::FixedOffset::east_opt(3 * 3600 + 1800).unwrap();
        let s = format_datetime(Locale::En, at, tehran);
        assert!(s.contains("Nov 24"), "{s}");
    }
}
