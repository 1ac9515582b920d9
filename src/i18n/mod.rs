//! Languages: which one a request gets, the Fluent strings, and dates and
//! numbers in the locale's calendar and digits.
mod format;
mod locale;

pub use format::{format_date, format_datetime, format_decimal, format_int, format_or_list};
pub use locale::{Arg, Locale, Msg, negotiate};
