//! Summary rows of approved visits, kept in the same transaction as the
//! approval (and taken out again when an approved visit is reopened).
//!
//! Grain: one row per (grain, brand, checklist, period, channel, region,
//! metric) holding n, sum and sum of squares of the visit-level
//! percentages. `period` is `YYYYMM` of when the visit started (UTC). Each
//! visit is counted six times, once per `grain` (the last only for its
//! `overall` metric):
//! - `all`: channel and region left empty, for scorecards with neither filter;
//! - `channel`: split by channel (the per-channel columns, the channel filter);
//! - `region`: split by region;
//! - `both`: split by both, for the two filters together;
//! - `day`: like `all` but `period` is `YYYYMMDD`, for the partial months at
//!   the edges of a date range (e.g. "last 30 days");
//! - `day_chan`: `overall` only, `period` `YYYYMMDD` and split by channel
//!   (region empty), so the per-channel columns, the monthly trend and the
//!   visit scores of one channel over edge days read rows too. About
//!   brands × channels × days rows (77,000 at 10 brands, 7 channels and 3
//!   years). The grain column holds at most 8 characters.
//!
//! So the common scorecards (all time, a year, one channel, one region) read
//! one index range of about brands × months × metrics rows (about 18,000 at
//! 10 brands, 36 months and 49 metrics) whatever the number of visits.
//! Date ranges are answered exactly: whole months from the month rows, the
//! edge days from the `day` rows (or `day_chan` when only visit scores are
//! wanted split by channel), or, when a region filter, or a channel split of
//! category and criterion metrics, needs a split the day rows do not keep,
//! live from the visits ([`super::rows::live`]); splitting every metric of
//! the days by channel and region as well would make the table about as
//! large as the visits. Metrics: `overall` (the visit score),
//! `category:<key>` (the section pct) and `criterion:<code>` (100 × earned /
//! possible, N/A and unscored left out), so criteria compare across checklist
//! versions by code and sections by category.
//!
//! The `day_chan` rows of visits approved before that grain existed are
//! filled in by the migration `m20261204_000009_scorecard_day_channel`, with
//! SQL that must keep giving what [`cells`] gives.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::filters::{day_of, month_of};
use super::stats::Stat;
use crate::db::Batch;
use crate::entities::scorecard_cell::{self, Column};
use crate::entities::{checklist_version, location, visit, visit_answer, visit_section};
use crate::error::AppResult;

pub const OVERALL: &str = "overall";
pub const CATEGORY: &str = "category:";
pub const CRITERION: &str = "criterion:";

pub const ALL: &str = "all";
pub const BY_CHANNEL: &str = "channel";
pub const BY_REGION: &str = "region";
pub const BY_BOTH: &str = "both";
pub const BY_DAY: &str = "day";
/// Days split by channel, `overall` metric only.
pub const BY_DAY_CHANNEL: &str = "day_chan";

/// Everything the summary needs to know about one visit.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitFacts {
    pub brand_id: i32,
    pub channel: String,
    pub region: String,
    pub checklist_id: i32,
    pub started_at: DateTime<Utc>,
    pub score: Option<f64>,
    /// Category and pct of each scored section.
    pub sections: Vec<(String, f64)>,
    /// Code and 100 × earned / possible of each scored answer.
    pub criteria: Vec<(String, f64)>,
}

/// A criterion answer's visit-level value; `None` for N/A, text and photo
/// items, and zero-weight items that have nothing to divide by.
pub fn criterion_pct(a: &visit_answer::Model) -> Option<f64> {
    match (a.na, a.earned, a.possible) {
        (false, Some(e), Some(p)) if p > 0.0 => Some(100.0 * e / p),
        _ => None,
    }
}

impl VisitFacts {
    /// The (metric, value) pairs this visit contributes.
    pub fn metrics(&self) -> Vec<(String, f64)> {
        let mut out = Vec::with_capacity(1 + self.sections.len() + self.criteria.len());
        if let Some(s) = self.score {
            out.push((OVERALL.to_owned(), s));
        }
        out.extend(self.sections.iter().map(|(c, p)| (format!("{CATEGORY}{c}"), *p)));
        out.extend(self.criteria.iter().map(|(c, p)| (format!("{CRITERION}{c}"), *p)));
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub grain: &'static str,
    pub brand_id: i32,
    pub checklist_id: i32,
    pub period: i32,
    pub channel: String,
    pub region: String,
    pub metric: String,
}

/// The summary cells one visit adds to, with its value in each.
pub fn cells(f: &VisitFacts) -> Vec<(CellKey, f64)> {
    let date = f.started_at.date_naive();
    let (month, day) = (month_of(date), day_of(date));
    let metrics = f.metrics();
    let mut out = Vec::with_capacity(metrics.len() * 5 + 1);
    for (grain, period, channel, region) in [
        (ALL, month, "", ""),
        (BY_CHANNEL, month, f.channel.as_str(), ""),
        (BY_REGION, month, "", f.region.as_str()),
        (BY_BOTH, month, f.channel.as_str(), f.region.as_str()),
        (BY_DAY, day, "", ""),
        (BY_DAY_CHANNEL, day, f.channel.as_str(), ""),
    ] {
        for (metric, v) in &metrics {
            if grain == BY_DAY_CHANNEL && metric != OVERALL {
                continue;
            }
            let key = CellKey {
                grain,
                brand_id: f.brand_id,
                checklist_id: f.checklist_id,
                period,
                channel: channel.to_owned(),
                region: region.to_owned(),
                metric: metric.clone(),
            };
            out.push((key, *v));
        }
    }
    out
}

/// Adds an approved visit to the summary, in the approval's batch.
pub fn add(batch: &mut Batch, f: &VisitFacts) {
    push_cells(batch, &cells(f), 1.0);
}

/// Takes a visit that stops being approved back out of the summary.
pub fn remove(batch: &mut Batch, f: &VisitFacts) {
    push_cells(batch, &cells(f), -1.0);
    let date = f.started_at.date_naive();
    // Rows left with no visit go, so the table stays equal to a rebuild:
    // every grain's rows of this visit are in its month or its day.
    batch.push(
        &scorecard_cell::Entity::delete_many()
            .filter(Column::BrandId.eq(f.brand_id))
            .filter(Column::ChecklistId.eq(f.checklist_id))
            .filter(Column::Period.is_in([month_of(date), day_of(date)]))
            .filter(Column::N.lte(0)),
    );
}

/// Rows per statement: seven values a row stays under SQLite's 32,766
/// bound parameters and PostgreSQL's 65,535.
const CHUNK: usize = 3000;

fn upsert() -> OnConflict {
    let add = |c: Column| {
        Expr::col((scorecard_cell::Entity, c)).add(Expr::col((Alias::new("excluded"), c)))
    };
    OnConflict::columns([
        Column::Grain,
        Column::Channel,
        Column::Region,
        Column::Metric,
        Column::Period,
        Column::BrandId,
        Column::ChecklistId,
    ])
    .value(Column::N, add(Column::N))
    .value(Column::Total, add(Column::Total))
    .value(Column::Squares, add(Column::Squares))
    .to_owned()
}

fn row(k: &CellKey, s: Stat) -> scorecard_cell::ActiveModel {
    scorecard_cell::ActiveModel {
        grain: Set(k.grain.to_owned()),
        brand_id: Set(k.brand_id),
        checklist_id: Set(k.checklist_id),
        period: Set(k.period),
        channel: Set(k.channel.clone()),
        region: Set(k.region.clone()),
        metric: Set(k.metric.clone()),
        n: Set(s.n),
        total: Set(s.sum),
        squares: Set(s.sumsq),
        ..Default::default()
    }
}

fn push_cells(batch: &mut Batch, cells: &[(CellKey, f64)], sign: f64) {
    // Always in key order, so two approvals at once lock rows in the same
    // order and cannot deadlock on PostgreSQL.
    let mut cells: Vec<&(CellKey, f64)> = cells.iter().collect();
    cells.sort_by(|a, b| a.0.cmp(&b.0));
    for chunk in cells.chunks(CHUNK) {
        let rows = chunk.iter().map(|(k, v)| {
            let s = Stat::of(*v);
            row(k, Stat { n: s.n * sign as i64, sum: s.sum * sign, sumsq: s.sumsq * sign })
        });
        batch.push(&scorecard_cell::Entity::insert_many(rows).on_conflict(upsert()));
    }
}

/// Adds many cells at once (bulk generation and rebuilds), merging into
/// rows already there.
pub fn add_all(batch: &mut Batch, cells: &HashMap<CellKey, Stat>) {
    let mut sorted: Vec<(&CellKey, &Stat)> = cells.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    for chunk in sorted.chunks(CHUNK) {
        let rows = chunk.iter().map(|(k, s)| row(k, **s));
        batch.push(&scorecard_cell::Entity::insert_many(rows).on_conflict(upsert()));
    }
}

pub fn accumulate(into: &mut HashMap<CellKey, Stat>, f: &VisitFacts) {
    for (k, v) in cells(f) {
        into.entry(k).or_default().add(Stat::of(v));
    }
}

/// What the summary needs of a stored visit; None for one that never
/// started.
pub async fn facts(db: &impl ConnectionTrait, v: &visit::Model) -> AppResult<Option<VisitFacts>> {
    let Some(started_at) = v.started_at else { return Ok(None) };
    let Some(loc) = location::Entity::find_by_id(v.location_id).one(db).await? else {
        return Ok(None);
    };
    let Some(version) =
        checklist_version::Entity::find_by_id(v.checklist_version_id).one(db).await?
    else {
        return Ok(None);
    };
    let sections = visit_section::Entity::find()
        .filter(visit_section::Column::VisitId.eq(&v.id))
        .all(db)
        .await?;
    let answers = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(&v.id))
        .all(db)
        .await?;
    Ok(Some(VisitFacts {
        brand_id: loc.brand_id,
        channel: loc.channel,
        region: loc.region,
        checklist_id: version.checklist_id,
        started_at,
        score: v.score,
        sections: sections.into_iter().filter_map(|s| Some((s.category, s.pct?))).collect(),
        criteria: answers
            .iter()
            .filter_map(|a| Some((a.code.clone(), criterion_pct(a)?)))
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn facts(score: Option<f64>) -> VisitFacts {
        VisitFacts {
            brand_id: 3,
            channel: "phone".into(),
            region: "North".into(),
            checklist_id: 7,
            // Late in the evening UTC: the day is the UTC day.
            started_at: Utc.with_ymd_and_hms(2026, 10, 2, 23, 59, 30).unwrap(),
            score,
            sections: vec![("staff".into(), 50.0), ("delivery".into(), 100.0)],
            criteria: vec![("STF-01".into(), 0.0)],
        }
    }

    #[test]
    fn every_metric_goes_to_five_grains_and_the_score_to_days_by_channel_too() {
        let out = cells(&facts(Some(75.0)));
        // Four metrics in five grains, plus the overall score by day and channel.
        assert_eq!(out.len(), 4 * 5 + 1);
        for grain in [ALL, BY_CHANNEL, BY_REGION, BY_BOTH, BY_DAY] {
            assert_eq!(out.iter().filter(|(k, _)| k.grain == grain).count(), 4, "{grain}");
        }
        let by_day_channel: Vec<&(CellKey, f64)> =
            out.iter().filter(|(k, _)| k.grain == BY_DAY_CHANNEL).collect();
        let want = CellKey {
            grain: BY_DAY_CHANNEL,
            brand_id: 3,
            checklist_id: 7,
            period: 20261002,
            channel: "phone".into(),
            region: String::new(),
            metric: OVERALL.into(),
        };
        assert_eq!(by_day_channel, [&(want, 75.0)]);
        // The migration's column holds at most 8 characters.
        for grain in [ALL, BY_CHANNEL, BY_REGION, BY_BOTH, BY_DAY, BY_DAY_CHANNEL] {
            assert!(grain.len() <= 8, "{grain}");
        }
    }

    #[test]
    fn a_visit_without_a_score_has_no_rows_by_day_and_channel() {
        let out = cells(&facts(None));
        assert_eq!(out.len(), 3 * 5);
        assert!(out.iter().all(|(k, _)| k.grain != BY_DAY_CHANNEL && k.metric != OVERALL));
    }
}
