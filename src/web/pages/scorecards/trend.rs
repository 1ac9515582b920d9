//! The trend section: month/week toggle links, the chart, and the same
//! values as a table (in `<details>`) so screen readers get the numbers and
//! every number links to its visits.
use std::collections::BTreeSet;

use maud::{Markup, html};

use super::chart::{Series, chart};
use super::view::cell;
use super::{Behind, period_dates, query_pairs, visits_link};
use crate::i18n::{Locale, format_date, format_int};
use crate::scorecards::query::TrendSeries;
use crate::scorecards::{Filters, Interval, Stat};
use crate::web::paths;

/// The table repeats at most this many latest periods: three years of weeks
/// for ten brands would be several times the page budget on its own.
const TABLE_PERIODS: usize = 24;

/// Every period any brand has, in time order.
fn periods_of(trend: &[TrendSeries]) -> Vec<String> {
    trend
        .iter()
        .flat_map(|s| s.points.iter().map(|(p, _)| p.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// A period's first or last day as the reader reads dates. English keeps
/// the period's own name (`2026-01`, `2026-W03`); elsewhere its days are
/// named in the reader's calendar and digits: a Gregorian month is no
/// Solar Hijri one, so in Persian "۱۱ دی ۱۴۰۴", not a month name.
fn period_edge(l: Locale, p: &str, end: bool) -> String {
    match period_dates(p) {
        Some((first, last)) if l != Locale::En => format_date(l, if end { last } else { first }),
        _ => p.to_owned(),
    }
}

/// A period in the table: from its first day to its last, or its name.
fn period_label(l: Locale, p: &str) -> String {
    match (period_edge(l, p, false), period_edge(l, p, true)) {
        (a, b) if a == b => a,
        (a, b) => format!("{a} – {b}"),
    }
}

/// The chart and, in `<details>`, the same values as a table whose cells
/// link to their visits.
pub fn chart_and_table(l: Locale, f: &Filters, trend: &[TrendSeries], title: &str) -> Markup {
    let periods = periods_of(trend);
    let stat_at =
        |s: &TrendSeries, p: &str| s.points.iter().find(|(q, _)| q == p).map(|(_, st)| *st);
    let shown: Vec<&TrendSeries> = trend.iter().filter(|s| !s.points.is_empty()).collect();
    let series: Vec<Series> = shown
        .iter()
        .map(|s| Series {
            name: &s.brand.name,
            color: &s.brand.color,
            values: periods.iter().map(|p| stat_at(s, p).and_then(|st| st.mean())).collect(),
        })
        .collect();
    // The axis names the first period's first day and the last one's last.
    let last = periods.len().saturating_sub(1);
    let axis: Vec<String> =
        periods.iter().enumerate().map(|(i, p)| period_edge(l, p, i == last && i > 0)).collect();
    html! {
        @if periods.is_empty() { p.muted { (l.t("scorecard-empty")) } } @else {
            (chart(l, title, &axis, &series))
            details.trend-table {
                summary { (l.t("scorecard-trend-table")) }
                @if periods.len() > TABLE_PERIODS {
                    p.hint { (l.t_args("scorecard-trend-table-latest", &[("n", format_int(l, TABLE_PERIODS as i64))])) }
                }
                div.table-wrap { table.data.scorecard {
                    thead { tr {
                        th scope="col" { (l.t("scorecard-period")) }
                        @for s in &shown { th scope="col" { bdi { (s.brand.name) } } }
                    } }
                    tbody { @for p in periods.iter().skip(periods.len().saturating_sub(TABLE_PERIODS)) { tr {
                        th scope="row" {
                            @if l == Locale::En { span.ltr { (p) } } @else { bdi { (period_label(l, p)) } }
                        }
                        @for s in &shown {
                            @let href = visits_link(f, Behind { brand_id: Some(s.brand.id), dates: period_dates(p), ..Default::default() });
                            (cell(l, &stat_at(s, p).unwrap_or(Stat::default()), &href))
                        }
                    } } }
                } }
            }
        }
    }
}

pub fn trend_section(l: Locale, f: &Filters, trend: &[TrendSeries], interval: Interval) -> Markup {
    let toggle = |i: Interval, key: &str| {
        let href = paths::with_query(paths::SCORECARD, &query_pairs(f, i));
        html! { a.btn.btn-secondary href={ (href) "#trend" } aria-current=[(i == interval).then_some("true")] { (l.t(key)) } }
    };
    html! {
        section.card #trend {
            h2 { (l.t("scorecard-trend")) }
            nav.interval-toggle aria-label=(l.t("scorecard-interval")) {
                (toggle(Interval::Month, "scorecard-interval-month"))
                (toggle(Interval::Week, "scorecard-interval-week"))
            }
            (chart_and_table(l, f, trend, &l.t("scorecard-trend")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_named_by_its_days_in_the_readers_calendar() {
        assert_eq!(period_label(Locale::En, "2026-03"), "2026-03");
        assert_eq!(period_label(Locale::Fa, "2026-03"), "۱۰ اسفند ۱۴۰۴ – ۱۱ فروردین ۱۴۰۵");
        assert_eq!(period_edge(Locale::Fa, "2026-W01", false), "۸ دی ۱۴۰۴");
        assert!(period_label(Locale::Ar, "2026-03").contains("مارس ٢٠٢٦"));
    }
}
