//! Making a round's assignments: for every active round, every period open
//! now or opening within [`AHEAD_DAYS`], one write transaction each. The
//! unique index on `(round_id, period_start, location_id)` makes a second
//! run, or a second instance running at the same moment, make nothing
//! twice: each insert is `ON CONFLICT DO NOTHING`.
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::{Days, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::json;

use super::allocate::{self, Blocked, Member, Problem, Slot};
use super::periods::Period;
use super::{Round, all, find, locations};
use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::{Db, Write};
use crate::entities::{assignment, shopper_exclusion, user, visit};
use crate::error::AppResult;
use crate::notifications;

/// How far ahead a period's window may open and still be made now, so
/// that shoppers see their work a few days before it starts.
pub const AHEAD_DAYS: u64 = 3;
/// How often the server runs every round by itself.
pub const EVERY: Duration = Duration::from_secs(3600);

/// What one run of one round's period did.
#[derive(Clone, Debug)]
pub struct PeriodRun {
    pub round_id: i32,
    pub round_name: String,
    pub period: Period,
    /// Location id -> shopper id, made by this run.
    pub made: BTreeMap<i32, i32>,
    /// Locations that already had their assignment for this period.
    pub already: usize,
    /// Locations no one may take, and why.
    pub blocked: Vec<(i32, Blocked)>,
}

/// Runs every active round for `today`. Each period is its own
/// transaction: a failure leaves the others done.
pub async fn run(db: &Db, today: NaiveDate) -> AppResult<Vec<PeriodRun>> {
    let mut out = Vec::new();
    for r in all(db, true).await? {
        out.extend(run_round(db, &r, today, None).await?);
    }
    Ok(out)
}

/// Runs one round now, at a manager's request; a paused round makes
/// nothing.
pub async fn run_one(
    db: &Db,
    actor: &Actor,
    id: i32,
    today: NaiveDate,
) -> AppResult<Vec<PeriodRun>> {
    actor.require(Role::manages)?;
    let r = find(db, actor, id).await?;
    if !r.model.active {
        return Ok(vec![]);
    }
    run_round(db, &r, today, Some(actor.id())).await
}

async fn run_round(
    db: &Db,
    r: &Round,
    today: NaiveDate,
    actor_id: Option<i32>,
) -> AppResult<Vec<PeriodRun>> {
    let mut out = Vec::new();
    let periods = r.runnable(today, AHEAD_DAYS);
    if periods.is_empty() {
        return Ok(out);
    }
    let locs = locations(db, r).await?;
    for p in periods {
        out.push(run_period(db, r, &locs, p, actor_id).await?);
    }
    Ok(out)
}

/// The pool as it is now: active shoppers only, with their exclusions and
/// the open work they hold.
async fn members(db: &impl ConnectionTrait, r: &Round) -> AppResult<Vec<Member>> {
    let active: Vec<i32> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(r.pool.clone()))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::Shopper.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    let mut members: BTreeMap<i32, Member> =
        active.iter().map(|&id| (id, Member { id, ..Default::default() })).collect();
    for e in shopper_exclusion::Entity::find()
        .filter(shopper_exclusion::Column::UserId.is_in(active.clone()))
        .all(db)
        .await?
    {
        if let Some(m) = members.get_mut(&e.user_id) {
            m.excluded_brands.insert(e.brand_id);
        }
    }
    let loads: Vec<(i32, i64)> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::ShopperId)
        .column_as(assignment::Column::Id.count(), "n")
        .filter(assignment::Column::ShopperId.is_in(active.clone()))
        .filter(assignment::Column::Status.is_in(["open", "in_progress"]))
        .group_by(assignment::Column::ShopperId)
        .into_tuple()
        .all(db)
        .await?;
    for (id, n) in loads {
        if let Some(m) = members.get_mut(&id) {
            m.load = n as u32;
        }
    }
    Ok(members.into_values().collect())
}

/// The latest day each pool shopper was, or is due to be, at each of the
/// round's locations, looking back as far as the lockout reaches: an
/// assignment (not cancelled) counts with its due day, a visit with the
/// day it happened (or was started).
async fn last_seen(
    db: &impl ConnectionTrait,
    pool: &[i32],
    locations: &BTreeSet<i32>,
    since: NaiveDate,
) -> AppResult<BTreeMap<(i32, i32), NaiveDate>> {
    let mut out: BTreeMap<(i32, i32), NaiveDate> = BTreeMap::new();
    let mut note = |shopper: i32, location: i32, day: NaiveDate| {
        if locations.contains(&location) {
            let e = out.entry((shopper, location)).or_insert(day);
            *e = (*e).max(day);
        }
    };
    let rows: Vec<(i32, i32, NaiveDate)> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::ShopperId)
        .column(assignment::Column::LocationId)
        .column(assignment::Column::DueOn)
        .filter(assignment::Column::ShopperId.is_in(pool.to_vec()))
        .filter(assignment::Column::Status.ne("cancelled"))
        .filter(assignment::Column::DueOn.gte(since))
        .into_tuple()
        .all(db)
        .await?;
    for (s, l, d) in rows {
        note(s, l, d);
    }
    let since_at = since.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let visits = visit::Entity::find()
        .filter(visit::Column::ShopperId.is_in(pool.to_vec()))
        .filter(
            sea_orm::Condition::any()
                .add(visit::Column::StartedAt.gte(since_at))
                .add(visit::Column::CreatedAt.gte(since_at)),
        )
        .all(db)
        .await?;
    for v in visits {
        let day = v.started_at.unwrap_or(v.created_at).date_naive();
        note(v.shopper_id, v.location_id, day);
    }
    Ok(out)
}

async fn run_period(
    db: &Db,
    r: &Round,
    locs: &[crate::entities::location::Model],
    p: Period,
    actor_id: Option<i32>,
) -> AppResult<PeriodRun> {
    let done: BTreeSet<i32> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::LocationId)
        .filter(assignment::Column::RoundId.eq(r.model.id))
        .filter(assignment::Column::PeriodStart.eq(p.start))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let slots: Vec<Slot> = locs
        .iter()
        .filter(|l| !done.contains(&l.id))
        .map(|l| Slot { location_id: l.id, brand_id: l.brand_id })
        .collect();
    let mut report = PeriodRun {
        round_id: r.model.id,
        round_name: r.model.name.clone(),
        period: p,
        made: BTreeMap::new(),
        already: done.len(),
        blocked: vec![],
    };
    if slots.is_empty() {
        return Ok(report);
    }
    let pool = members(db, r).await?;
    let ids: Vec<i32> = pool.iter().map(|m| m.id).collect();
    let lockout = r.model.lockout_days.max(0) as u32;
    let wanted: BTreeSet<i32> = slots.iter().map(|s| s.location_id).collect();
    let since = p.opens_on - Days::new(u64::from(lockout));
    let problem = Problem {
        opens_on: Some(p.opens_on),
        lockout_days: lockout,
        slots,
        last_seen: last_seen(db, &ids, &wanted, since).await?,
        pool,
    };
    let a = allocate::allocate(&problem);
    report.blocked = a.blocked;

    let tx = db.begin_write().await?;
    let now = Utc::now();
    let mut made = Vec::new();
    for (&location_id, &shopper_id) in &a.assigned {
        let row = assignment::ActiveModel {
            location_id: Set(location_id),
            checklist_id: Set(r.model.checklist_id),
            shopper_id: Set(shopper_id),
            opens_on: Set(p.opens_on),
            due_on: Set(p.due_on),
            brief: Set(r.model.brief.clone()),
            status: Set("open".into()),
            visit_id: Set(None),
            created_by: Set(actor_id.unwrap_or(r.model.created_by)),
            created_at: Set(now),
            updated_at: Set(now),
            round_id: Set(Some(r.model.id)),
            period_start: Set(Some(p.start)),
            ..Default::default()
        };
        if let Some(a) = insert_made(&tx, row).await? {
            report.made.insert(location_id, shopper_id);
            made.push(a);
        }
    }
    notifications::assignments_created(&tx, &made).await?;
    let blocked: Vec<serde_json::Value> =
        report.blocked.iter().map(|(l, why)| json!([l, why.as_str()])).collect();
    audit::record(
        &tx,
        actor_id,
        "round.run",
        "round",
        r.model.id,
        json!({"period_start": p.start.to_string(), "made": report.made.len(),
               "already": report.already, "blocked": blocked}),
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// The one place a round's assignment is written: `None` when the period
/// already had one for that location (another run got there first).
/// The shoppers are told of what was made by the caller, all at once.
pub async fn insert_made(
    tx: &impl Write,
    row: assignment::ActiveModel,
) -> AppResult<Option<assignment::Model>> {
    let mut insert = assignment::Entity::insert(row.clone());
    insert = insert.on_conflict(
        OnConflict::columns([
            assignment::Column::RoundId,
            assignment::Column::PeriodStart,
            assignment::Column::LocationId,
        ])
        .do_nothing()
        .to_owned(),
    );
    let backend = tx.get_database_backend();
    if backend == sea_orm::DbBackend::Postgres {
        sea_orm::QueryTrait::query(&mut insert).returning_col(assignment::Column::Id);
    }
    let statement = sea_orm::QueryTrait::build(&insert, backend);
    let done = match tx.run(statement, true).await {
        Ok(done) => done,
        // PostgreSQL: RETURNING gave no row, the conflict did nothing.
        Err(DbErr::RecordNotInserted) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if done.rows == 0 {
        return Ok(None);
    }
    let mut row = row;
    row.id = Set(done.id as i32);
    Ok(Some(sea_orm::TryIntoModel::try_into_model(row)?))
}

/// The server's own scheduler: every round at start-up, then hourly. A
/// failed run is logged and tried again at the next hour.
pub async fn every_hour(db: Db) {
    loop {
        match run(&db, Utc::now().date_naive()).await {
            Ok(runs) => {
                let made: usize = runs.iter().map(|r| r.made.len()).sum();
                let blocked: usize = runs.iter().map(|r| r.blocked.len()).sum();
                if made > 0 || blocked > 0 {
                    tracing::info!(made, blocked, "rounds ran");
                }
            }
            Err(e) => tracing::error!(error = %e, "rounds could not run"),
        }
        tokio::time::sleep(EVERY).await;
    }
}
