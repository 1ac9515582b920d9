//! Reading aggregates: from the summary rows (months, or days at the edges
//! of a range), and live from the visits where the summary cannot answer
//! (visits awaiting review, edge days split by region, or by channel for
//! more than the visit scores). Both give the same [`Row`]s, which add.
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, QueryResult};

use super::filters::Filters;
use super::stats::Stat;
use super::summary::{
    ALL, BY_BOTH, BY_CHANNEL, BY_DAY, BY_DAY_CHANNEL, BY_REGION, CATEGORY, CRITERION, OVERALL,
};
use crate::error::AppResult;
use crate::places::Channel;

/// One aggregate: what is not grouped on is empty (`channel`) or 0 (`month`).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub brand_id: i32,
    pub channel: String,
    pub month: i32,
    pub metric: String,
    pub stat: Stat,
}

/// Which dimensions a read keeps apart.
#[derive(Clone, Copy, Debug, Default)]
pub struct GroupBy {
    pub channel: bool,
    pub month: bool,
    pub metric: bool,
}

fn a(s: &str) -> Alias {
    Alias::new(s)
}

/// The n, sum and sum of squares a summary read selects.
pub(super) fn stat(r: &QueryResult) -> AppResult<Stat> {
    Ok(Stat {
        n: r.try_get::<i64>("", "n")?,
        sum: r.try_get::<Option<f64>>("", "total")?.unwrap_or(0.0),
        sumsq: r.try_get::<Option<f64>>("", "squares")?.unwrap_or(0.0),
    })
}

fn read(r: &QueryResult, by: GroupBy, metric: Option<&str>) -> AppResult<Row> {
    Ok(Row {
        brand_id: r.try_get("", "brand_id")?,
        channel: if by.channel { r.try_get("", "channel")? } else { String::new() },
        month: if by.month { r.try_get("", "period")? } else { 0 },
        metric: match metric {
            Some(m) => m.to_owned(),
            None => r.try_get("", "metric")?,
        },
        stat: stat(r)?,
    })
}

/// Whether the day rows can answer: `day` keeps no channel or region, and
/// `day_chan` splits by channel only the visit scores (`overall_only`).
pub fn days_answer(f: &Filters, by: GroupBy, overall_only: bool) -> bool {
    let split_channel = by.channel || f.channel.is_some();
    f.region.is_none() && (!split_channel || overall_only)
}

/// Periods `lo..=hi` (either open) from the summary rows: months, or days
/// (`YYYYMMDD`) when `days` (only where [`days_answer`] says they can).
/// With `overall_only`, only the visit scores (trend, channels).
pub async fn from_summary(
    db: &impl ConnectionTrait,
    f: &Filters,
    periods: (Option<i32>, Option<i32>),
    by: GroupBy,
    overall_only: bool,
    days: bool,
) -> AppResult<Vec<Row>> {
    debug_assert!(!days || days_answer(f, by, overall_only), "no day rows for {f:?} {by:?}");
    let c = a("scorecard_cells");
    // The grain whose rows split by exactly the dimensions needed.
    let split_channel = by.channel || f.channel.is_some();
    let grain = match (split_channel, f.region.is_some()) {
        (false, _) if days => BY_DAY,
        (true, _) if days => BY_DAY_CHANNEL,
        (false, false) => ALL,
        (true, false) => BY_CHANNEL,
        (false, true) => BY_REGION,
        (true, true) => BY_BOTH,
    };
    let mut q = Query::select();
    q.from(c.clone())
        .column((c.clone(), a("brand_id")))
        .expr_as(Expr::cust("CAST(SUM(n) AS BIGINT)"), a("n"))
        .expr_as(Expr::cust("SUM(total)"), a("total"))
        .expr_as(Expr::cust("SUM(squares)"), a("squares"))
        .and_where(Expr::col(a("grain")).eq(grain))
        .group_by_col(a("brand_id"));
    match (f.channel, split_channel) {
        (Some(ch), _) => {
            q.and_where(Expr::col(a("channel")).eq(ch.as_str()));
        }
        (None, true) => {
            // Every channel, named, so the index is still used per channel.
            let all: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
            q.and_where(Expr::col(a("channel")).is_in(all));
        }
        (None, false) => {
            q.and_where(Expr::col(a("channel")).eq(""));
        }
    }
    q.and_where(Expr::col(a("region")).eq(f.region.clone().unwrap_or_default()));
    if overall_only {
        q.and_where(Expr::col(a("metric")).eq(OVERALL));
    }
    in_periods_and_filters(&mut q, f, periods);
    for (keep, col) in [(by.channel, "channel"), (by.month, "period"), (by.metric, "metric")] {
        if keep {
            q.column(a(col)).group_by_col(a(col));
        }
    }
    let metric = (!by.metric).then_some(OVERALL);
    let rows = db.query_all(&q).await?;
    rows.iter().map(|r| read(r, by, metric)).collect()
}

/// Summary rows of periods `lo..=hi` (either open), of the filter's
/// checklist and brands (its channel and region pick the grain).
pub(super) fn in_periods_and_filters(
    q: &mut SelectStatement,
    f: &Filters,
    periods: (Option<i32>, Option<i32>),
) {
    if let Some(lo) = periods.0 {
        q.and_where(Expr::col(a("period")).gte(lo));
    }
    if let Some(hi) = periods.1 {
        q.and_where(Expr::col(a("period")).lte(hi));
    }
    if let Some(id) = f.checklist_id {
        q.and_where(Expr::col(a("checklist_id")).eq(id));
    }
    if !f.brand_ids.is_empty() {
        q.and_where(Expr::col(a("brand_id")).is_in(f.brand_ids.clone()));
    }
}

/// Visits of these statuses that happened in `[from, to)` and match the
/// filters: visits `v` joined to their location `l` and version `cv`.
pub fn visits_in(
    q: &mut SelectStatement,
    statuses: &[&str],
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    f: &Filters,
) {
    q.from_as(a("visits"), a("v"))
        .inner_join(
            a("locations"),
            Expr::col((a("locations"), a("id"))).equals((a("v"), a("location_id"))),
        )
        .inner_join(
            a("checklist_versions"),
            Expr::col((a("checklist_versions"), a("id")))
                .equals((a("v"), a("checklist_version_id"))),
        )
        .and_where(Expr::col((a("v"), a("status"))).is_in(statuses.to_vec()))
        .and_where(Expr::col((a("v"), a("started_at"))).is_not_null());
    if let Some(from) = range.0 {
        q.and_where(Expr::col((a("v"), a("started_at"))).gte(from));
    }
    if let Some(to) = range.1 {
        q.and_where(Expr::col((a("v"), a("started_at"))).lt(to));
    }
    if let Some(ch) = f.channel {
        q.and_where(Expr::col((a("locations"), a("channel"))).eq(ch.as_str()));
    }
    if let Some(r) = &f.region {
        q.and_where(Expr::col((a("locations"), a("region"))).eq(r.clone()));
    }
    if let Some(id) = f.checklist_id {
        q.and_where(Expr::col((a("checklist_versions"), a("checklist_id"))).eq(id));
    }
    if !f.brand_ids.is_empty() {
        q.and_where(Expr::col((a("locations"), a("brand_id"))).is_in(f.brand_ids.clone()));
    }
    if let Some((round_id, start)) = f.round_period {
        let mut made = Query::select();
        made.column(a("id"))
            .from(a("assignments"))
            .and_where(Expr::col(a("round_id")).eq(round_id))
            .and_where(Expr::col(a("period_start")).eq(start));
        q.and_where(Expr::col((a("v"), a("assignment_id"))).in_subquery(made));
    }
}

/// Midnight (UTC) starting a day, and the one after a last day.
pub fn day_bounds(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    (from.map(start), to.map(|t| start(t + chrono::Days::new(1))))
}

/// Live aggregates by brand, channel and metric.
pub async fn live(
    db: &impl ConnectionTrait,
    statuses: &[&str],
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    f: &Filters,
    overall_only: bool,
) -> AppResult<Vec<Row>> {
    let by = GroupBy { channel: true, month: false, metric: true };
    let base = |value: &str, key: Option<(&str, &str)>| {
        let mut q = Query::select();
        visits_in(&mut q, statuses, range, f);
        q.column((a("locations"), a("brand_id")))
            .column((a("locations"), a("channel")))
            .expr_as(Expr::cust(format!("COUNT({value})")), a("n"))
            .expr_as(Expr::cust(format!("SUM({value})")), a("total"))
            .expr_as(Expr::cust(format!("SUM(({value}) * ({value}))")), a("squares"))
            .group_by_col((a("locations"), a("brand_id")))
            .group_by_col((a("locations"), a("channel")));
        if let Some((t, c)) = key {
            q.expr_as(Expr::col((a(t), a(c))), a("metric")).group_by_col((a(t), a(c)));
        }
        q
    };
    let mut out = Vec::new();
    let mut q = base("v.score", None);
    q.and_where(Expr::col((a("v"), a("score"))).is_not_null());
    for r in db.query_all(&q).await? {
        out.push(read(&r, by, Some(OVERALL))?);
    }
    if overall_only {
        return Ok(out);
    }
    let mut q = base("s.pct", Some(("s", "category")));
    q.join_as(
        JoinType::InnerJoin,
        a("visit_sections"),
        a("s"),
        Expr::col((a("s"), a("visit_id"))).equals((a("v"), a("id"))),
    )
    .and_where(Expr::col((a("s"), a("pct"))).is_not_null());
    for r in db.query_all(&q).await? {
        let mut row = read(&r, by, None)?;
        row.metric = format!("{CATEGORY}{}", row.metric);
        out.push(row);
    }
    let pct = "100.0 * ans.earned / ans.possible";
    let mut q = base(pct, Some(("ans", "code")));
    q.join_as(
        JoinType::InnerJoin,
        a("visit_answers"),
        a("ans"),
        Expr::col((a("ans"), a("visit_id"))).equals((a("v"), a("id"))),
    )
    .and_where(Expr::col((a("ans"), a("na"))).eq(false))
    .and_where(Expr::col((a("ans"), a("earned"))).is_not_null())
    .and_where(Expr::col((a("ans"), a("possible"))).gt(0.0));
    for r in db.query_all(&q).await? {
        let mut row = read(&r, by, None)?;
        row.metric = format!("{CRITERION}{}", row.metric);
        out.push(row);
    }
    Ok(out)
}

/// Each matching visit's brand, start and score, for trends by week and
/// for visits awaiting review (few). Ordered by start.
pub async fn points(
    db: &impl ConnectionTrait,
    statuses: &[&str],
    range: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    f: &Filters,
) -> AppResult<Vec<(i32, DateTime<Utc>, f64)>> {
    let mut q = Query::select();
    visits_in(&mut q, statuses, range, f);
    q.column((a("locations"), a("brand_id")))
        .column((a("v"), a("started_at")))
        .column((a("v"), a("score")))
        .and_where(Expr::col((a("v"), a("score"))).is_not_null())
        .order_by((a("v"), a("started_at")), Order::Asc);
    let rows = db.query_all(&q).await?;
    rows.iter()
        .map(|r| {
            Ok((r.try_get("", "brand_id")?, r.try_get("", "started_at")?, r.try_get("", "score")?))
        })
        .collect()
}
