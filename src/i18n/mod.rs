//! Languages: which one a request gets, the Fluent strings, and dates and
//! numbers in the locale's calendar and digits.
mod dates;
mod format;
mod locale;

pub use dates::{as_iso, input_date, parse_date, parse_datetime, parse_time, solar_hijri};
pub use format::{
    format_date, format_date_gregorian, format_datetime, format_decimal, format_int,
    format_or_list, format_percent,
};
pub use locale::{Arg, Locale, Msg, negotiate};
