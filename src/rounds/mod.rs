//! Rounds: a programme that runs itself. A manager defines once which
//! locations are visited with which checklist, how often, in which window,
//! and by whom (the round's pool); every period the round makes the
//! assignments itself, spreading the locations over the pool so that no
//! shopper returns to a location within the lockout, nobody is sent to a
//! brand they are excluded from, and loads stay even (see [`allocate`]).
//! [`run::run`] does it for every round, idempotently.
pub mod allocate;
pub mod coverage;
mod input;
pub mod periods;
pub mod run;

use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

pub use input::{Checked, DEFAULT_LOCKOUT_DAYS, RoundInput, parse_periods};
use periods::Recurrence;

use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::{Db, Write, WriteQuery, insert_row};
use crate::entities::{brand, location, round, round_shopper, shopper_exclusion, user};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

/// A round with what its text columns hold, read.
#[derive(Clone, Debug)]
pub struct Round {
    pub model: round::Model,
    pub brand_ids: Vec<i32>,
    pub channels: Vec<String>,
    pub regions: Vec<String>,
    pub location_ids: Vec<i32>,
    pub recurrence: Recurrence,
    /// The pool's user ids, sorted.
    pub pool: Vec<i32>,
}

fn list_of<T: serde::de::DeserializeOwned>(s: &str) -> Vec<T> {
    serde_json::from_str(s).unwrap_or_default()
}

impl Round {
    fn read(model: round::Model, pool: Vec<i32>) -> Round {
        let recurrence = match model.every.as_str() {
            "weeks" => Recurrence::Weeks { n: model.interval.max(1) as u32, start: model.start_on },
            "months" => {
                Recurrence::Months { n: model.interval.max(1) as u32, start: model.start_on }
            }
            _ => Recurrence::Fixed(list_of(&model.periods)),
        };
        Round {
            brand_ids: list_of(&model.brand_ids),
            channels: list_of(&model.channels),
            regions: list_of(&model.regions),
            location_ids: list_of(&model.location_ids),
            recurrence,
            pool,
            model,
        }
    }

    pub fn opens_day(&self) -> u32 {
        self.model.opens_day.max(1) as u32
    }

    pub fn due_day(&self) -> u32 {
        self.model.due_day.max(1) as u32
    }

    /// The periods open on `today` or opening within `ahead` days.
    pub fn runnable(&self, today: NaiveDate, ahead: u64) -> Vec<periods::Period> {
        periods::runnable(&self.recurrence, self.opens_day(), self.due_day(), today, ahead)
    }

    /// Periods started by `until`, newest first.
    pub fn started(&self, until: NaiveDate, limit: usize) -> Vec<periods::Period> {
        periods::started(&self.recurrence, self.opens_day(), self.due_day(), until, limit)
    }

    pub fn period(&self, start: NaiveDate) -> Option<periods::Period> {
        periods::period_starting(&self.recurrence, self.opens_day(), self.due_day(), start)
    }

    /// The input that would make this round again: the edit form's values.
    pub fn as_input(&self) -> RoundInput {
        let m = &self.model;
        let periods = match &self.recurrence {
            Recurrence::Fixed(list) => {
                list.iter().map(|(a, b)| format!("{a} {b}")).collect::<Vec<_>>().join("\n")
            }
            _ => String::new(),
        };
        RoundInput {
            name: m.name.clone(),
            checklist_id: Some(m.checklist_id),
            brand_ids: self.brand_ids.clone(),
            channels: self.channels.clone(),
            regions: self.regions.clone(),
            location_ids: self.location_ids.clone(),
            every: m.every.clone(),
            interval: m.interval.to_string(),
            start_on: m.start_on.to_string(),
            periods,
            opens_day: m.opens_day.to_string(),
            due_day: m.due_day.to_string(),
            brief: m.brief.clone(),
            shopper_ids: self.pool.clone(),
            lockout_days: m.lockout_days.to_string(),
            active: Some(m.active),
        }
    }
}

fn fill(m: &mut round::ActiveModel, c: &Checked) {
    let json = |v: serde_json::Value| v.to_string();
    let (every, interval, start, fixed) = match &c.recurrence {
        Recurrence::Weeks { n, start } => ("weeks", *n as i32, *start, vec![]),
        Recurrence::Months { n, start } => ("months", *n as i32, *start, vec![]),
        Recurrence::Fixed(list) => ("fixed", 1, list[0].0, list.clone()),
    };
    let fixed: Vec<[String; 2]> =
        fixed.iter().map(|(a, b)| [a.to_string(), b.to_string()]).collect();
    m.name = Set(c.name.clone());
    m.checklist_id = Set(c.checklist_id);
    m.brand_ids = Set(json(json!(c.brand_ids)));
    m.channels = Set(json(json!(c.channels)));
    m.regions = Set(json(json!(c.regions)));
    m.location_ids = Set(json(json!(c.location_ids)));
    m.every = Set(every.into());
    m.interval = Set(interval);
    m.start_on = Set(start);
    m.periods = Set(json(json!(fixed)));
    m.opens_day = Set(c.opens_day);
    m.due_day = Set(c.due_day);
    m.brief = Set(c.brief.clone());
    m.lockout_days = Set(c.lockout_days);
    m.active = Set(c.active);
    m.updated_at = Set(Utc::now());
}

async fn set_pool(db: &impl Write, round_id: i32, shoppers: &[i32]) -> AppResult<()> {
    round_shopper::Entity::delete_many()
        .filter(round_shopper::Column::RoundId.eq(round_id))
        .run_on(db)
        .await?;
    for &user_id in shoppers {
        let row = round_shopper::ActiveModel { round_id: Set(round_id), user_id: Set(user_id) };
        insert_row(db, row).await?;
    }
    Ok(())
}

pub async fn create(db: &Db, actor: &Actor, input: &RoundInput) -> AppResult<Round> {
    actor.require(Role::manages)?;
    let c = input.check(db).await?.map_err(AppError::Validation)?;
    let now = Utc::now();
    let mut m = round::ActiveModel {
        created_by: Set(actor.id()),
        created_at: Set(now),
        ..Default::default()
    };
    fill(&mut m, &c);
    let tx = db.begin_write().await?;
    let r = insert_row(&tx, m).await?;
    set_pool(&tx, r.id, &c.shopper_ids).await?;
    audit::record(&tx, Some(actor.id()), "round.created", "round", r.id, json!({"name": r.name}))
        .await?;
    tx.commit().await?;
    Ok(Round::read(r, c.shopper_ids))
}

pub async fn update(db: &Db, actor: &Actor, id: i32, input: &RoundInput) -> AppResult<Round> {
    let old = find(db, actor, id).await?;
    let c = input.check(db).await?.map_err(AppError::Validation)?;
    let mut m: round::ActiveModel = old.model.clone().into();
    fill(&mut m, &c);
    let tx = db.begin_write().await?;
    let r = crate::db::update_row(&tx, m).await?;
    set_pool(&tx, id, &c.shopper_ids).await?;
    let action = match (old.model.active, r.active) {
        (true, false) => "round.paused",
        (false, true) => "round.resumed",
        _ => "round.updated",
    };
    audit::record(&tx, Some(actor.id()), action, "round", id, json!({"pool": c.shopper_ids}))
        .await?;
    tx.commit().await?;
    Ok(Round::read(r, c.shopper_ids))
}

async fn pool_of(db: &impl ConnectionTrait, round_id: i32) -> AppResult<Vec<i32>> {
    let mut ids: Vec<i32> = round_shopper::Entity::find()
        .filter(round_shopper::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

/// A round, for managers; anyone else is told it does not exist.
pub async fn find(db: &impl ConnectionTrait, actor: &Actor, id: i32) -> AppResult<Round> {
    if !actor.role.manages() {
        return Err(AppError::NotFound);
    }
    let m = round::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let pool = pool_of(db, id).await?;
    Ok(Round::read(m, pool))
}

/// Every round, by name (managers only).
pub async fn list(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<Round>> {
    actor.require(Role::manages)?;
    all(db, false).await
}

/// Every round (only the active ones when asked), by name.
pub(crate) async fn all(db: &impl ConnectionTrait, active_only: bool) -> AppResult<Vec<Round>> {
    let mut q = round::Entity::find();
    if active_only {
        q = q.filter(round::Column::Active.eq(true));
    }
    let rounds =
        q.order_by_asc(round::Column::Name).order_by_asc(round::Column::Id).all(db).await?;
    let mut out = Vec::new();
    for m in rounds {
        let pool = pool_of(db, m.id).await?;
        out.push(Round::read(m, pool));
    }
    Ok(out)
}

/// The round's locations now: those its brands, channels and regions
/// select (each empty: any), plus those picked; not archived.
pub async fn locations(db: &impl ConnectionTrait, r: &Round) -> AppResult<Vec<location::Model>> {
    let by_filters = !(r.brand_ids.is_empty() && r.channels.is_empty() && r.regions.is_empty());
    let mut filters = Condition::all();
    if !r.brand_ids.is_empty() {
        filters = filters.add(location::Column::BrandId.is_in(r.brand_ids.clone()));
    }
    if !r.channels.is_empty() {
        filters = filters.add(location::Column::Channel.is_in(r.channels.clone()));
    }
    if !r.regions.is_empty() {
        filters = filters.add(location::Column::Region.is_in(r.regions.clone()));
    }
    let which = match (by_filters, r.location_ids.is_empty()) {
        (false, true) => Condition::all(),
        (false, false) => Condition::all().add(location::Column::Id.is_in(r.location_ids.clone())),
        (true, true) => filters,
        (true, false) => {
            Condition::any().add(filters).add(location::Column::Id.is_in(r.location_ids.clone()))
        }
    };
    Ok(location::Entity::find()
        .filter(location::Column::ArchivedAt.is_null())
        .filter(which)
        .order_by_asc(location::Column::Id)
        .all(db)
        .await?)
}

/// Active shoppers, by name: who may be in a pool.
pub async fn shoppers(db: &impl ConnectionTrait) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::Shopper.as_str()))
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?)
}

/// The brands a shopper is never sent to (managers only).
pub async fn exclusions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user_id: i32,
) -> AppResult<(user::Model, Vec<i32>)> {
    if !actor.role.manages() {
        return Err(AppError::NotFound);
    }
    let u = user::Entity::find_by_id(user_id)
        .filter(user::Column::Role.eq(Role::Shopper.as_str()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let ids = shopper_exclusion::Entity::find()
        .filter(shopper_exclusion::Column::UserId.eq(user_id))
        .order_by_asc(shopper_exclusion::Column::BrandId)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.brand_id)
        .collect();
    Ok((u, ids))
}

/// Replaces a shopper's brand exclusions.
pub async fn set_exclusions(
    db: &Db,
    actor: &Actor,
    user_id: i32,
    brand_ids: &[i32],
) -> AppResult<Vec<i32>> {
    let (_, before) = exclusions(db, actor, user_id).await?;
    let mut ids = brand_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let known = brand::Entity::find().filter(brand::Column::Id.is_in(ids.clone())).all(db).await?;
    if known.len() != ids.len() {
        return Err(AppError::field("brand_ids", Msg::new("rounds-brand-unknown")));
    }
    let tx = db.begin_write().await?;
    shopper_exclusion::Entity::delete_many()
        .filter(shopper_exclusion::Column::UserId.eq(user_id))
        .run_on(&tx)
        .await?;
    let now = Utc::now();
    for &brand_id in &ids {
        let row = shopper_exclusion::ActiveModel {
            user_id: Set(user_id),
            brand_id: Set(brand_id),
            created_at: Set(now),
        };
        insert_row(&tx, row).await?;
    }
    audit::record(
        &tx,
        Some(actor.id()),
        "shopper.exclusions_changed",
        "user",
        user_id,
        json!({"before": before, "after": ids}),
    )
    .await?;
    tx.commit().await?;
    Ok(ids)
}
