//! A scorecard and a trend for given filters: the summary rows for whole
//! months, the visits themselves for edge days and (when asked) for visits
//! awaiting review. Only roles that read every visit may ask.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::filters::{Filters, Interval, day_of, month_label, month_of, split};
use super::rows::{self, GroupBy, Row, day_bounds};
use super::stats::{self, Gap, GapKey, Stat};
use super::summary::{CATEGORY, CRITERION, OVERALL};
use crate::accounts::{Actor, Role};
use crate::entities::{brand, checklist_criterion, checklist_section, checklist_version};
use crate::error::AppResult;

const APPROVED: &[&str] = &["approved"];
const PENDING: &[&str] = &["submitted"];

#[derive(Clone, Debug)]
pub struct BrandCard {
    pub brand: brand::Model,
    pub overall: Stat,
    pub categories: BTreeMap<String, Stat>,
    pub criteria: BTreeMap<String, Stat>,
    pub channels: BTreeMap<String, Stat>,
    pub channel_gap: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Scorecard {
    pub filters: Filters,
    /// Own brands first, then by name.
    pub brands: Vec<BrandCard>,
    pub gaps: Vec<Gap>,
    /// The category each criterion code belongs to (its latest version).
    pub criterion_categories: BTreeMap<String, String>,
}

/// Everything matching the filters, grouped as `by` says: whole months from
/// the summary, edge days from the day rows where they can answer (`day`,
/// or `day_chan` for visit scores by channel; else live), pending visits
/// live.
async fn gather(
    db: &impl ConnectionTrait,
    f: &Filters,
    by: GroupBy,
    overall_only: bool,
) -> AppResult<Vec<Row>> {
    if f.round_period.is_some() {
        return gather_live(db, f, by, overall_only).await;
    }
    let s = split(f.from, f.to);
    let mut out = match s.months {
        Some(m) => rows::from_summary(db, f, m, by, overall_only, false).await?,
        None => vec![],
    };
    let keep = |mut r: Row, month: i32| {
        if !by.channel {
            r.channel.clear();
        }
        r.month = if by.month { month } else { 0 };
        r
    };
    for (from, to) in s.edges {
        let edge = if rows::days_answer(f, by, overall_only) {
            let days = (Some(day_of(from)), Some(day_of(to)));
            rows::from_summary(db, f, days, by, overall_only, true).await?
        } else {
            rows::live(db, APPROVED, day_bounds(Some(from), Some(to)), f, overall_only).await?
        };
        out.extend(edge.into_iter().map(|r| keep(r, month_of(from))));
    }
    if f.include_pending {
        if by.month {
            // Per month needs each visit's date; pending visits are few.
            for (brand_id, at, score) in
                rows::points(db, PENDING, day_bounds(f.from, f.to), f).await?
            {
                let r = Row {
                    brand_id,
                    channel: String::new(),
                    month: month_of(at.date_naive()),
                    metric: OVERALL.into(),
                    stat: Stat::of(score),
                };
                out.push(r);
            }
        } else {
            let live = rows::live(db, PENDING, day_bounds(f.from, f.to), f, overall_only).await?;
            out.extend(live.into_iter().map(|r| keep(r, 0)));
        }
    }
    Ok(out)
}

/// A round period's visits are few and not in the summary rows (which know
/// no assignment): every figure is read from the visits themselves.
async fn gather_live(
    db: &impl ConnectionTrait,
    f: &Filters,
    by: GroupBy,
    overall_only: bool,
) -> AppResult<Vec<Row>> {
    let statuses: &[&str] = if f.include_pending { &["approved", "submitted"] } else { APPROVED };
    let range = day_bounds(f.from, f.to);
    if by.month {
        let points = rows::points(db, statuses, range, f).await?;
        return Ok(points
            .into_iter()
            .map(|(brand_id, at, score)| Row {
                brand_id,
                channel: String::new(),
                month: month_of(at.date_naive()),
                metric: OVERALL.into(),
                stat: Stat::of(score),
            })
            .collect());
    }
    let mut out = rows::live(db, statuses, range, f, overall_only).await?;
    for r in &mut out {
        if !by.channel {
            r.channel.clear();
        }
        r.month = 0;
    }
    Ok(out)
}

/// Brands to show: those asked for, else all; archived ones only with data.
pub(crate) async fn brands(
    db: &impl ConnectionTrait,
    f: &Filters,
    with_data: &HashMap<i32, bool>,
) -> AppResult<Vec<brand::Model>> {
    let mut q = brand::Entity::find();
    if !f.brand_ids.is_empty() {
        q = q.filter(brand::Column::Id.is_in(f.brand_ids.clone()));
    }
    let mut all: Vec<brand::Model> = q
        .all(db)
        .await?
        .into_iter()
        .filter(|b| b.archived_at.is_none() || with_data.contains_key(&b.id))
        .collect();
    all.sort_by(|a, b| b.own.cmp(&a.own).then_with(|| a.name_key.cmp(&b.name_key)));
    Ok(all)
}

/// Code -> category, the latest version winning, so a criterion is listed
/// under the section it sits in now.
pub async fn criterion_categories(
    db: &impl ConnectionTrait,
    checklist_id: Option<i32>,
) -> AppResult<BTreeMap<String, String>> {
    let mut versions = checklist_version::Entity::find();
    if let Some(id) = checklist_id {
        versions = versions.filter(checklist_version::Column::ChecklistId.eq(id));
    }
    let version_ids: Vec<i32> = versions.all(db).await?.iter().map(|v| v.id).collect();
    let sections: HashMap<i32, String> = checklist_section::Entity::find()
        .filter(checklist_section::Column::VersionId.is_in(version_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.category))
        .collect();
    let criteria = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.is_in(version_ids))
        .order_by_asc(checklist_criterion::Column::VersionId)
        .all(db)
        .await?;
    let mut out = BTreeMap::new();
    for c in criteria {
        if let Some(cat) = sections.get(&c.section_id) {
            out.insert(c.code, cat.clone());
        }
    }
    Ok(out)
}

pub async fn scorecard(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &Filters,
) -> AppResult<Scorecard> {
    actor.require(Role::reads_all_visits)?;
    let metrics = gather(db, f, GroupBy { metric: true, ..Default::default() }, false).await?;
    let channels = gather(db, f, GroupBy { channel: true, ..Default::default() }, true).await?;
    let criterion_categories = criterion_categories(db, f.checklist_id).await?;

    let mut cards: HashMap<i32, BrandCard> = HashMap::new();
    let mut with_data = HashMap::new();
    for r in metrics.iter().chain(&channels) {
        with_data.insert(r.brand_id, true);
    }
    for b in brands(db, f, &with_data).await? {
        let card = BrandCard {
            brand: b.clone(),
            overall: Stat::default(),
            categories: BTreeMap::new(),
            criteria: BTreeMap::new(),
            channels: BTreeMap::new(),
            channel_gap: None,
        };
        cards.insert(b.id, card);
    }
    for r in metrics {
        let Some(card) = cards.get_mut(&r.brand_id) else { continue };
        if r.metric == OVERALL {
            card.overall.add(r.stat);
        } else if let Some(c) = r.metric.strip_prefix(CATEGORY) {
            card.categories.entry(c.to_owned()).or_default().add(r.stat);
        } else if let Some(c) = r.metric.strip_prefix(CRITERION) {
            card.criteria.entry(c.to_owned()).or_default().add(r.stat);
        }
    }
    for r in channels {
        if let Some(card) = cards.get_mut(&r.brand_id) {
            card.channels.entry(r.channel).or_default().add(r.stat);
        }
    }
    let mut list: Vec<BrandCard> = cards.into_values().collect();
    list.sort_by(|a, b| {
        b.brand.own.cmp(&a.brand.own).then_with(|| a.brand.name_key.cmp(&b.brand.name_key))
    });
    for card in &mut list {
        card.channels.retain(|_, s| s.n > 0);
        card.channel_gap = stats::channel_gap(card.channels.values().filter_map(Stat::mean));
    }
    let gaps = gaps_of(&list, &criterion_categories);
    Ok(Scorecard { filters: f.clone(), brands: list, gaps, criterion_categories })
}

fn gap_keys(card: &BrandCard, categories: &BTreeMap<String, String>) -> BTreeMap<GapKey, Stat> {
    let mut out = BTreeMap::new();
    for (c, s) in &card.categories {
        out.insert(GapKey { category: c.clone(), criterion: None }, *s);
    }
    for (code, s) in &card.criteria {
        let category = categories.get(code).cloned().unwrap_or_default();
        out.insert(GapKey { category, criterion: Some(code.clone()) }, *s);
    }
    out
}

fn gaps_of(cards: &[BrandCard], categories: &BTreeMap<String, String>) -> Vec<Gap> {
    let mut own: BTreeMap<GapKey, Stat> = BTreeMap::new();
    let mut competitors = Vec::new();
    for card in cards {
        let keys = gap_keys(card, categories);
        if card.brand.own {
            for (k, s) in keys {
                own.entry(k).or_default().add(s);
            }
        } else {
            competitors.push((card.brand.id, keys));
        }
    }
    let refs: Vec<(i32, &BTreeMap<GapKey, Stat>)> =
        competitors.iter().map(|(id, k)| (*id, k)).collect();
    stats::gaps(&own, &refs)
}

#[derive(Clone, Debug)]
pub struct TrendSeries {
    pub brand: brand::Model,
    /// `(period, stat)` in time order: `2026-01` or `2026-W03`.
    pub points: Vec<(String, Stat)>,
}

/// ISO week label, e.g. `2026-W03`.
pub fn week_label(at: DateTime<Utc>) -> String {
    let w = at.date_naive().iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Mean visit score per brand and month (from the summary) or ISO week
/// (live: weeks cross months, so every visit in the range is read).
pub async fn trend(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &Filters,
    interval: Interval,
) -> AppResult<Vec<TrendSeries>> {
    actor.require(Role::reads_all_visits)?;
    let mut by_brand: HashMap<i32, BTreeMap<String, Stat>> = HashMap::new();
    match interval {
        Interval::Month => {
            let by = GroupBy { month: true, ..Default::default() };
            for r in gather(db, f, by, true).await? {
                let e = by_brand.entry(r.brand_id).or_default();
                e.entry(month_label(r.month)).or_default().add(r.stat);
            }
        }
        Interval::Week => {
            let statuses: &[&str] =
                if f.include_pending { &["approved", "submitted"] } else { APPROVED };
            for (brand_id, at, score) in
                rows::points(db, statuses, day_bounds(f.from, f.to), f).await?
            {
                let e = by_brand.entry(brand_id).or_default();
                e.entry(week_label(at)).or_default().add(Stat::of(score));
            }
        }
    }
    let with_data: HashMap<i32, bool> = by_brand.keys().map(|k| (*k, true)).collect();
    let out = brands(db, f, &with_data)
        .await?
        .into_iter()
        .map(|b| {
            let points = by_brand.remove(&b.id).unwrap_or_default().into_iter().collect();
            TrendSeries { brand: b, points }
        })
        .collect();
    Ok(out)
}
