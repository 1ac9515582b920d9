//! A round's periods and the window inside each: pure date arithmetic.
use chrono::{Days, Months, NaiveDate};

/// How a round repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recurrence {
    /// Every `n` weeks from `start`.
    Weeks { n: u32, start: NaiveDate },
    /// Every `n` months from `start` (the same day of the month, or the
    /// month's last day when it has no such day).
    Months { n: u32, start: NaiveDate },
    /// These periods only, inclusive, sorted, not overlapping.
    Fixed(Vec<(NaiveDate, NaiveDate)>),
}

/// One period of a round and its window: the assignments it makes open on
/// `opens_on` and are due on `due_on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub opens_on: NaiveDate,
    pub due_on: NaiveDate,
}

/// Day `day` (1 = the first) of a period, kept inside it.
fn day_of(start: NaiveDate, end: NaiveDate, day: u32) -> NaiveDate {
    let d = start + Days::new(u64::from(day.max(1) - 1));
    d.min(end)
}

impl Recurrence {
    /// The `k`th period (0 = the first), if there is one.
    pub fn nth(&self, k: u32) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Recurrence::Weeks { n, start } => {
                let len = u64::from(*n) * 7;
                let s = start.checked_add_days(Days::new(len * u64::from(k)))?;
                Some((s, s.checked_add_days(Days::new(len - 1))?))
            }
            Recurrence::Months { n, start } => {
                let s = start.checked_add_months(Months::new(n * k))?;
                let next = start.checked_add_months(Months::new(n * (k + 1)))?;
                Some((s, next.pred_opt()?))
            }
            Recurrence::Fixed(list) => list.get(k as usize).copied(),
        }
    }

    /// The shortest period this recurrence can have, in days: the most a
    /// window's due day may be.
    pub fn shortest(&self) -> u32 {
        match self {
            Recurrence::Weeks { n, .. } => n * 7,
            // Any n consecutive months hold at least 28 + 30 * (n - 1) days.
            Recurrence::Months { n, .. } => 28 + 30 * (n.max(&1) - 1),
            Recurrence::Fixed(list) => {
                list.iter().map(|(s, e)| (*e - *s).num_days() as u32 + 1).min().unwrap_or(0)
            }
        }
    }
}

/// Periods whose window is open on `today` or opens within `ahead` days,
/// and whose due day has not passed: what a run makes work for. Long-past
/// periods are never filled in after the fact.
pub fn runnable(
    r: &Recurrence,
    opens_day: u32,
    due_day: u32,
    today: NaiveDate,
    ahead: u64,
) -> Vec<Period> {
    let horizon = today + Days::new(ahead);
    let mut out = Vec::new();
    for k in 0.. {
        let Some((start, end)) = r.nth(k) else { break };
        if start > horizon {
            break;
        }
        let p = Period {
            start,
            end,
            opens_on: day_of(start, end, opens_day),
            due_on: day_of(start, end, due_day),
        };
        if p.opens_on <= horizon && p.due_on >= today {
            out.push(p);
        }
    }
    out
}

/// Every period that has started by `until` (for the round's page), most
/// recent first, at most `limit`.
pub fn started(
    r: &Recurrence,
    opens_day: u32,
    due_day: u32,
    until: NaiveDate,
    limit: usize,
) -> Vec<Period> {
    let mut out = Vec::new();
    for k in 0.. {
        let Some((start, end)) = r.nth(k) else { break };
        if start > until {
            break;
        }
        out.push(Period {
            start,
            end,
            opens_on: day_of(start, end, opens_day),
            due_on: day_of(start, end, due_day),
        });
    }
    out.reverse();
    out.truncate(limit);
    out
}

/// The period of this recurrence that starts on `start`, if any.
pub fn period_starting(
    r: &Recurrence,
    opens_day: u32,
    due_day: u32,
    start: NaiveDate,
) -> Option<Period> {
    for k in 0.. {
        let (s, e) = r.nth(k)?;
        if s > start {
            return None;
        }
        if s == start {
            return Some(Period {
                start: s,
                end: e,
                opens_on: day_of(s, e, opens_day),
                due_on: day_of(s, e, due_day),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_follow_each_other_without_gaps() {
        let r = Recurrence::Weeks { n: 2, start: d("2026-01-05") };
        assert_eq!(r.nth(0), Some((d("2026-01-05"), d("2026-01-18"))));
        assert_eq!(r.nth(1), Some((d("2026-01-19"), d("2026-02-01"))));
        assert_eq!(r.shortest(), 14);
    }

    #[test]
    fn months_keep_the_start_day_and_end_the_day_before_the_next() {
        let r = Recurrence::Months { n: 1, start: d("2026-01-31") };
        assert_eq!(r.nth(0), Some((d("2026-01-31"), d("2026-02-27"))));
        assert_eq!(r.nth(1), Some((d("2026-02-28"), d("2026-03-30"))));
        assert_eq!(r.nth(2), Some((d("2026-03-31"), d("2026-04-29"))));
        let q = Recurrence::Months { n: 3, start: d("2026-01-01") };
        assert_eq!(q.nth(1), Some((d("2026-04-01"), d("2026-06-30"))));
        assert_eq!(q.shortest(), 88);
    }

    #[test]
    fn fixed_periods_end_after_the_last() {
        let r = Recurrence::Fixed(vec![
            (d("2026-01-01"), d("2026-01-10")),
            (d("2026-03-01"), d("2026-03-31")),
        ]);
        assert_eq!(r.nth(1), Some((d("2026-03-01"), d("2026-03-31"))));
        assert_eq!(r.nth(2), None);
        assert_eq!(r.shortest(), 10);
    }

    #[test]
    fn runnable_periods_are_open_now_or_soon_and_not_past_due() {
        let r = Recurrence::Months { n: 1, start: d("2026-01-01") };
        // Window: days 1 to 20 of each month.
        let p = runnable(&r, 1, 20, d("2026-03-10"), 3);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].start, d("2026-03-01"));
        assert_eq!(p[0].due_on, d("2026-03-20"));
        // After the due day and before the next opens: nothing.
        assert!(runnable(&r, 1, 20, d("2026-03-25"), 3).is_empty());
        // Three days before April opens: April.
        let p = runnable(&r, 1, 20, d("2026-03-29"), 3);
        assert_eq!(p.iter().map(|p| p.start).collect::<Vec<_>>(), [d("2026-04-01")]);
        // Before the round starts: nothing; long-past periods: never.
        assert!(runnable(&r, 1, 20, d("2025-12-01"), 3).is_empty());
    }

    #[test]
    fn a_window_stays_inside_its_period() {
        let r = Recurrence::Fixed(vec![(d("2026-01-01"), d("2026-01-05"))]);
        let p = runnable(&r, 3, 30, d("2026-01-02"), 3);
        assert_eq!(p[0].opens_on, d("2026-01-03"));
        assert_eq!(p[0].due_on, d("2026-01-05"));
    }

    #[test]
    fn started_periods_are_listed_newest_first() {
        let r = Recurrence::Weeks { n: 1, start: d("2026-01-05") };
        let p = started(&r, 1, 7, d("2026-01-20"), 10);
        let starts: Vec<_> = p.iter().map(|p| p.start).collect();
        assert_eq!(starts, [d("2026-01-19"), d("2026-01-12"), d("2026-01-05")]);
        assert_eq!(period_starting(&r, 1, 7, d("2026-01-12")).unwrap().end, d("2026-01-18"));
        assert_eq!(period_starting(&r, 1, 7, d("2026-01-13")), None);
    }
}
