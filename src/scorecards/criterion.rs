//! One criterion across brands and months: the `criterion:<code>` summary
//! rows for whole months (one index range, whatever the number of visits),
//! the `day` rows for the edge days of a range where they can answer, and
//! the answers themselves for the rest (edge days split by channel or
//! region, visits awaiting review).
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};

use super::filters::{Filters, day_of, month_label, month_of, split};
use super::query::{TrendSeries, brands};
use super::rows::{day_bounds, in_periods_and_filters, stat, visits_in};
use super::stats::Stat;
use super::summary::{ALL, BY_BOTH, BY_CHANNEL, BY_DAY, BY_REGION, CRITERION};
use crate::accounts::{Actor, Role};
use crate::error::AppResult;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

/// `(brand, period, stat)` of one metric from the summary rows: months,
/// or days (`YYYYMMDD`) when `days`.
async fn from_summary(
    db: &impl ConnectionTrait,
    f: &Filters,
    metric: &str,
    periods: (Option<i32>, Option<i32>),
    days: bool,
) -> AppResult<Vec<(i32, i32, Stat)>> {
    let grain = match (f.channel.is_some(), f.region.is_some()) {
        _ if days => BY_DAY,
        (false, false) => ALL,
        (true, false) => BY_CHANNEL,
        (false, true) => BY_REGION,
        (true, true) => BY_BOTH,
    };
    let mut q = Query::select();
    q.from(a("scorecard_cells"))
        .column(a("brand_id"))
        .column(a("period"))
        .expr_as(Expr::cust("CAST(SUM(n) AS BIGINT)"), a("n"))
        .expr_as(Expr::cust("SUM(total)"), a("total"))
        .expr_as(Expr::cust("SUM(squares)"), a("squares"))
        .and_where(Expr::col(a("grain")).eq(grain))
        .and_where(Expr::col(a("channel")).eq(f.channel.map(|c| c.as_str()).unwrap_or("")))
        .and_where(Expr::col(a("region")).eq(f.region.clone().unwrap_or_default()))
        .and_where(Expr::col(a("metric")).eq(metric))
        .group_by_col(a("brand_id"))
        .group_by_col(a("period"));
    in_periods_and_filters(&mut q, f, periods);
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get("", "brand_id")?, r.try_get("", "period")?, stat(&r)?));
    }
    Ok(out)
}

/// Each matching answer to `code`: its brand, when the visit started and
/// `100 * earned / possible` (N/A and unscored left out).
async fn answers(
    db: &impl ConnectionTrait,
    statuses: &[&str],
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    f: &Filters,
    code: &str,
) -> AppResult<Vec<(i32, DateTime<Utc>, f64)>> {
    let mut q = Query::select();
    visits_in(&mut q, statuses, range, f);
    q.column((a("locations"), a("brand_id")))
        .column((a("v"), a("started_at")))
        .expr_as(Expr::cust("100.0 * ans.earned / ans.possible"), a("pct"))
        .join_as(
            JoinType::InnerJoin,
            a("visit_answers"),
            a("ans"),
            Expr::col((a("ans"), a("visit_id"))).equals((a("v"), a("id"))),
        )
        .and_where(Expr::col((a("ans"), a("code"))).eq(code))
        .and_where(Expr::col((a("ans"), a("na"))).eq(false))
        .and_where(Expr::col((a("ans"), a("earned"))).is_not_null())
        .and_where(Expr::col((a("ans"), a("possible"))).gt(0.0));
    let rows = db.query_all(&q).await?;
    rows.iter()
        .map(|r| {
            Ok((r.try_get("", "brand_id")?, r.try_get("", "started_at")?, r.try_get("", "pct")?))
        })
        .collect()
}

/// The criterion's monthly mean per brand (every brand the filters show,
/// own brands first), with the same visits as the scorecard counts.
pub async fn trend(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &Filters,
    code: &str,
) -> AppResult<Vec<TrendSeries>> {
    actor.require(Role::reads_all_visits)?;
    let metric = format!("{CRITERION}{code}");
    let mut by_brand: HashMap<i32, BTreeMap<i32, Stat>> = HashMap::new();
    let mut add = |brand: i32, month: i32, s: Stat| {
        by_brand.entry(brand).or_default().entry(month).or_default().add(s);
    };
    let s = split(f.from, f.to);
    if let Some(months) = s.months {
        for (b, month, st) in from_summary(db, f, &metric, months, false).await? {
            add(b, month, st);
        }
    }
    for (from, to) in s.edges {
        if f.channel.is_none() && f.region.is_none() {
            let days = (Some(day_of(from)), Some(day_of(to)));
            for (b, _, st) in from_summary(db, f, &metric, days, true).await? {
                add(b, month_of(from), st);
            }
        } else {
            let range = day_bounds(Some(from), Some(to));
            for (b, _, pct) in answers(db, &["approved"], range, f, code).await? {
                add(b, month_of(from), Stat::of(pct));
            }
        }
    }
    if f.include_pending {
        for (b, at, pct) in answers(db, &["submitted"], day_bounds(f.from, f.to), f, code).await? {
            add(b, month_of(at.date_naive()), Stat::of(pct));
        }
    }
    by_brand.retain(|_, months| months.values().any(|s| s.n > 0));
    let with_data: HashMap<i32, bool> = by_brand.keys().map(|k| (*k, true)).collect();
    let out = brands(db, f, &with_data)
        .await?
        .into_iter()
        .map(|b| {
            let months = by_brand.remove(&b.id).unwrap_or_default();
            let points = months
                .into_iter()
                .filter(|(_, s)| s.n > 0)
                .map(|(m, s)| (month_label(m), s))
                .collect();
            TrendSeries { brand: b, points }
        })
        .collect();
    Ok(out)
}

/// A series' stat over the whole range: monthly stats add exactly.
pub fn total(series: &TrendSeries) -> Stat {
    series.points.iter().fold(Stat::default(), |acc, (_, s)| acc.plus(*s))
}
