//! What a scorecard is asked for, parsed from the query string with every
//! bad value named ("parse, don't validate"), and how a date range splits
//! into whole months and the days at its edges.
use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;

use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::places::Channel;

/// The query string as sent: strings, so a bad value is a field error (422)
/// in the reader's language rather than a bare 400.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FilterQuery {
    pub from: String,
    pub to: String,
    pub channel: String,
    pub region: String,
    pub checklist_id: String,
    /// Brand ids separated by commas.
    pub brands: String,
    pub include_pending: String,
    pub interval: String,
    /// `ROUND_ID:YYYY-MM-DD`: only visits made for that round's
    /// assignments of the period starting that day.
    pub round_period: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    /// Inclusive dates of when the visit happened (UTC).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub channel: Option<Channel>,
    pub region: Option<String>,
    pub checklist_id: Option<i32>,
    /// Empty: every brand.
    pub brand_ids: Vec<i32>,
    /// Also count visits awaiting review (status submitted).
    pub include_pending: bool,
    /// Only visits of a round's assignments of one period: the round's id
    /// and the period's first day.
    pub round_period: Option<(i32, NaiveDate)>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Interval {
    #[default]
    Month,
    Week,
}

fn opt(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

impl FilterQuery {
    pub fn parse(&self) -> Result<Filters, AppError> {
        let mut errors = FieldErrors::new();
        let mut date = |field: &str, s: &str| {
            let s = opt(s)?;
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            if d.is_none() {
                errors.insert(field.into(), Msg::new("date-invalid"));
            }
            d
        };
        let from = date("from", &self.from);
        let to = date("to", &self.to);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.insert("to".into(), Msg::new("scorecard-range-reversed"));
        }
        let channel = opt(&self.channel).and_then(|s| {
            let c = Channel::parse(s);
            if c.is_none() {
                errors.insert("channel".into(), Msg::new("channel-invalid"));
            }
            c
        });
        let checklist_id = opt(&self.checklist_id).and_then(|s| {
            let id = s.parse::<i32>().ok();
            if id.is_none() {
                errors.insert("checklist_id".into(), Msg::new("number-invalid"));
            }
            id
        });
        let brand_ids: Vec<i32> = match opt(&self.brands) {
            None => vec![],
            Some(s) => s
                .split(',')
                .map(|p| p.trim().parse::<i32>())
                .collect::<Result<_, _>>()
                .unwrap_or_else(|_| {
                    errors.insert("brands".into(), Msg::new("scorecard-brands-invalid"));
                    vec![]
                }),
        };
        let include_pending = match opt(&self.include_pending) {
            None | Some("false" | "0") => false,
            Some("true" | "1") => true,
            Some(_) => {
                errors.insert("include_pending".into(), Msg::new("scorecard-flag-invalid"));
                false
            }
        };
        let round_period = opt(&self.round_period).and_then(|s| {
            let parsed = s.split_once(':').and_then(|(r, d)| {
                Some((
                    r.trim().parse::<i32>().ok()?,
                    NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()?,
                ))
            });
            if parsed.is_none() {
                errors.insert("round_period".into(), Msg::new("rounds-period-filter-invalid"));
            }
            parsed
        });
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        Ok(Filters {
            from,
            to,
            channel,
            region: opt(&self.region).map(str::to_owned),
            checklist_id,
            brand_ids,
            include_pending,
            round_period,
        })
    }

    pub fn interval(&self) -> Result<Interval, AppError> {
        match opt(&self.interval) {
            None | Some("month") => Ok(Interval::Month),
            Some("week") => Ok(Interval::Week),
            Some(_) => Err(AppError::field("interval", Msg::new("scorecard-interval-invalid"))),
        }
    }
}

/// `YYYYMM`, the month key of the summary rows.
pub fn month_of(d: NaiveDate) -> i32 {
    d.year() * 100 + d.month() as i32
}

/// `YYYYMMDD`, the period key of the `day` summary rows.
pub fn day_of(d: NaiveDate) -> i32 {
    month_of(d) * 100 + d.day() as i32
}

pub fn month_label(m: i32) -> String {
    format!("{:04}-{:02}", m / 100, m % 100)
}

fn first_day(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("every month has a first day")
}

fn last_day(d: NaiveDate) -> NaiveDate {
    let next = first_day(d).checked_add_months(chrono::Months::new(1)).expect("in range");
    next - Days::new(1)
}

fn next_month(m: i32) -> i32 {
    if m % 100 == 12 { (m / 100 + 1) * 100 + 1 } else { m + 1 }
}

fn prev_month(m: i32) -> i32 {
    if m % 100 == 1 { (m / 100 - 1) * 100 + 12 } else { m - 1 }
}

/// A date range as whole months plus partial months at its edges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Inclusive `YYYYMM` bounds (`None`: unbounded); `None` overall when
    /// the range holds no whole month.
    pub months: Option<(Option<i32>, Option<i32>)>,
    /// Inclusive day ranges, each inside one month.
    pub edges: Vec<(NaiveDate, NaiveDate)>,
}

pub fn split(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Split {
    let mut edges = Vec::new();
    let lo = match from {
        None => None,
        Some(f) if f.day() == 1 => Some(month_of(f)),
        Some(f) => {
            let end = last_day(f);
            edges.push((f, to.map_or(end, |t| t.min(end))));
            Some(next_month(month_of(f)))
        }
    };
    let hi = match to {
        None => None,
        Some(t) if t == last_day(t) => Some(month_of(t)),
        Some(t) => {
            let start = first_day(t);
            // Already taken by the first edge when both ends share a month.
            let shared = from.is_some_and(|f| f.day() != 1 && month_of(f) == month_of(t));
            if !shared {
                edges.push((from.map_or(start, |f| f.max(start)), t));
            }
            Some(prev_month(month_of(t)))
        }
    };
    let months = match (lo, hi) {
        (Some(l), Some(h)) if l > h => None,
        _ => Some((lo, hi)),
    };
    Split { months, edges }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn no_dates_is_every_month() {
        assert_eq!(split(None, None), Split { months: Some((None, None)), edges: vec![] });
    }

    #[test]
    fn whole_months_need_no_live_part() {
        let s = split(Some(d("2026-01-01")), Some(d("2026-03-31")));
        assert_eq!(s, Split { months: Some((Some(202601), Some(202603))), edges: vec![] });
    }

    #[test]
    fn partial_edges_are_read_live() {
        let s = split(Some(d("2025-12-15")), Some(d("2026-02-10")));
        assert_eq!(s.months, Some((Some(202601), Some(202601))));
        assert_eq!(
            s.edges,
            vec![(d("2025-12-15"), d("2025-12-31")), (d("2026-02-01"), d("2026-02-10"))]
        );
    }

    #[test]
    fn a_range_inside_one_month_is_one_edge() {
        let s = split(Some(d("2026-02-05")), Some(d("2026-02-20")));
        assert_eq!(s, Split { months: None, edges: vec![(d("2026-02-05"), d("2026-02-20"))] });
        let s = split(Some(d("2026-02-01")), Some(d("2026-02-20")));
        assert_eq!(s, Split { months: None, edges: vec![(d("2026-02-01"), d("2026-02-20"))] });
        let s = split(Some(d("2026-02-05")), Some(d("2026-02-28")));
        assert_eq!(s, Split { months: None, edges: vec![(d("2026-02-05"), d("2026-02-28"))] });
    }

    #[test]
    fn open_ends_and_leap_years() {
        let s = split(None, Some(d("2024-02-29")));
        assert_eq!(s, Split { months: Some((None, Some(202402))), edges: vec![] });
        let s = split(Some(d("2024-02-29")), None);
        assert_eq!(s.months, Some((Some(202403), None)));
        assert_eq!(s.edges, vec![(d("2024-02-29"), d("2024-02-29"))]);
    }

    #[test]
    fn month_keys_roll_over_years() {
        assert_eq!(next_month(202512), 202601);
        assert_eq!(prev_month(202601), 202512);
        assert_eq!(month_label(202603), "2026-03");
    }

    #[test]
    fn bad_values_are_each_named() {
        let q = FilterQuery {
            from: "2026-13-01".into(),
            channel: "fax".into(),
            checklist_id: "x".into(),
            brands: "1,two".into(),
            include_pending: "maybe".into(),
            ..Default::default()
        };
        let Err(AppError::Validation(f)) = q.parse() else { panic!("invalid") };
        let keys: Vec<&str> = f.keys().map(String::as_str).collect();
        assert_eq!(keys, ["brands", "channel", "checklist_id", "from", "include_pending"]);
    }

    #[test]
    fn a_round_period_is_a_round_and_a_day() {
        let q = FilterQuery { round_period: "7:2026-03-01".into(), ..Default::default() };
        assert_eq!(q.parse().unwrap().round_period, Some((7, d("2026-03-01"))));
        let q = FilterQuery { round_period: "7-2026-03-01".into(), ..Default::default() };
        let Err(AppError::Validation(f)) = q.parse() else { panic!("invalid") };
        assert!(f.contains_key("round_period"));
    }

    #[test]
    fn a_reversed_range_is_refused() {
        let q = FilterQuery {
            from: "2026-02-01".into(),
            to: "2026-01-01".into(),
            ..Default::default()
        };
        let Err(AppError::Validation(f)) = q.parse() else { panic!("invalid") };
        assert!(f.contains_key("to"));
    }

    #[test]
    fn good_values_parse() {
        let q = FilterQuery {
            from: "2026-01-01".into(),
            channel: "Store".into(),
            region: " North ".into(),
            brands: "3, 1".into(),
            include_pending: "true".into(),
            ..Default::default()
        };
        let f = q.parse().unwrap();
        assert_eq!(f.channel, Some(Channel::Store));
        assert_eq!(f.region.as_deref(), Some("North"));
        assert_eq!(f.brand_ids, vec![3, 1]);
        assert!(f.include_pending);
    }
}
