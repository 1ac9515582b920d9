//! How far a round's period has got: per location visited, overdue,
//! missing (not yet visited, still in time) or unassigned (no shopper could
//! take it), in total and by brand and channel.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::periods::Period;
use super::{Round, locations};
use crate::entities::{assignment, brand, location};
use crate::error::AppResult;

/// Where one location stands in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// Its visit was submitted or approved.
    Visited,
    /// Not visited and past its due day.
    Overdue,
    /// Not visited yet, still in time.
    Missing,
    /// No assignment: no shopper could take it, or it was cancelled.
    Unassigned,
}

impl State {
    pub const ALL: [State; 4] = [State::Visited, State::Overdue, State::Missing, State::Unassigned];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Visited => "visited",
            State::Overdue => "overdue",
            State::Missing => "missing",
            State::Unassigned => "unassigned",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// An assignment's state on `today`.
    pub fn of(a: &assignment::Model, today: NaiveDate) -> State {
        match a.status.as_str() {
            "submitted" | "done" => State::Visited,
            "cancelled" => State::Unassigned,
            _ if a.due_on < today => State::Overdue,
            _ => State::Missing,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub visited: u32,
    pub overdue: u32,
    pub missing: u32,
    pub unassigned: u32,
}

impl Counts {
    fn add(&mut self, s: State) {
        match s {
            State::Visited => self.visited += 1,
            State::Overdue => self.overdue += 1,
            State::Missing => self.missing += 1,
            State::Unassigned => self.unassigned += 1,
        }
    }

    pub fn get(&self, s: State) -> u32 {
        match s {
            State::Visited => self.visited,
            State::Overdue => self.overdue,
            State::Missing => self.missing,
            State::Unassigned => self.unassigned,
        }
    }

    pub fn total(&self) -> u32 {
        self.visited + self.overdue + self.missing + self.unassigned
    }
}

/// One line of a period: a location, its brand, and its assignment if any.
#[derive(Clone, Debug)]
pub struct Line {
    pub location: location::Model,
    pub brand: Option<brand::Model>,
    pub assignment: Option<assignment::Model>,
    pub state: State,
}

#[derive(Clone, Debug)]
pub struct Coverage {
    pub period: Period,
    pub total: Counts,
    /// By brand name (own brands first), and by channel.
    pub by_brand: Vec<(brand::Model, Counts)>,
    pub by_channel: BTreeMap<String, Counts>,
    /// Every location of the period, by location name.
    pub lines: Vec<Line>,
}

/// The period's coverage on `today`: the locations of its assignments,
/// and the round's current locations that have none.
pub async fn coverage(
    db: &impl ConnectionTrait,
    r: &Round,
    p: Period,
    today: NaiveDate,
) -> AppResult<Coverage> {
    let made = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(r.model.id))
        .filter(assignment::Column::PeriodStart.eq(p.start))
        .all(db)
        .await?;
    let mut locs: BTreeMap<i32, location::Model> =
        locations(db, r).await?.into_iter().map(|l| (l.id, l)).collect();
    let missing: Vec<i32> =
        made.iter().map(|a| a.location_id).filter(|id| !locs.contains_key(id)).collect();
    if !missing.is_empty() {
        for l in
            location::Entity::find().filter(location::Column::Id.is_in(missing)).all(db).await?
        {
            locs.insert(l.id, l);
        }
    }
    let brand_ids: BTreeSet<i32> = locs.values().map(|l| l.brand_id).collect();
    let brands: BTreeMap<i32, brand::Model> = brand::Entity::find()
        .filter(brand::Column::Id.is_in(brand_ids))
        .order_by_asc(brand::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let by_location: BTreeMap<i32, assignment::Model> =
        made.into_iter().map(|a| (a.location_id, a)).collect();
    let mut total = Counts::default();
    let mut by_brand: BTreeMap<i32, Counts> = BTreeMap::new();
    let mut by_channel: BTreeMap<String, Counts> = BTreeMap::new();
    let mut lines = Vec::new();
    for (id, l) in locs {
        let a = by_location.get(&id).cloned();
        let state = a.as_ref().map_or(State::Unassigned, |a| State::of(a, today));
        total.add(state);
        by_brand.entry(l.brand_id).or_default().add(state);
        by_channel.entry(l.channel.clone()).or_default().add(state);
        lines.push(Line {
            brand: brands.get(&l.brand_id).cloned(),
            location: l,
            assignment: a,
            state,
        });
    }
    lines.sort_by(|a, b| {
        a.location.name_key.cmp(&b.location.name_key).then(a.location.id.cmp(&b.location.id))
    });
    let mut by_brand: Vec<(brand::Model, Counts)> = by_brand
        .into_iter()
        .filter_map(|(id, c)| brands.get(&id).map(|b| (b.clone(), c)))
        .collect();
    by_brand.sort_by(|a, b| b.0.own.cmp(&a.0.own).then_with(|| a.0.name_key.cmp(&b.0.name_key)));
    Ok(Coverage { period: p, total, by_brand, by_channel, lines })
}
