//! Assignments: a manager asks a shopper to visit locations with a
//! checklist between two dates, with a scenario brief.
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    Set,
};
use serde::Deserialize;
use serde_json::json;

use crate::accounts::{Actor, Role};
use crate::audit;
use crate::checklists::store as checklists;
use crate::db::Db;
use crate::db::{Write, WriteRow};
use crate::entities::{assignment, location, user};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

pub const STATUSES: [&str; 6] =
    ["open", "in_progress", "submitted", "done", "cancelled", "overdue"];

/// `overdue` is not stored: it is an open or started assignment past its
/// due date.
pub fn shown_status(a: &assignment::Model, today: NaiveDate) -> &str {
    match a.status.as_str() {
        "open" | "in_progress" if a.due_on < today => "overdue",
        s => s,
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignmentInput {
    pub location_id: Option<i32>,
    /// Several locations at once: one assignment each.
    pub location_ids: Vec<i32>,
    pub checklist_id: Option<i32>,
    pub shopper_id: Option<i32>,
    pub opens_on: String,
    pub due_on: String,
    pub brief: String,
}

fn date(errors: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        errors.insert(field.into(), Msg::new("field-required"));
        return None;
    }
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        errors.insert(field.into(), Msg::new("date-invalid"));
    }
    d
}

/// Creates one assignment per location, all or none.
pub async fn create(
    db: &Db,
    actor: &Actor,
    input: &AssignmentInput,
) -> AppResult<Vec<assignment::Model>> {
    actor.require(Role::manages)?;
    let mut e = FieldErrors::new();
    let mut location_ids = input.location_ids.clone();
    location_ids.extend(input.location_id);
    location_ids.sort_unstable();
    location_ids.dedup();
    if location_ids.is_empty() {
        e.insert("location_id".into(), Msg::new("field-required"));
    } else {
        let found = location::Entity::find()
            .filter(location::Column::Id.is_in(location_ids.clone()))
            .filter(location::Column::ArchivedAt.is_null())
            .all(db)
            .await?;
        if found.len() != location_ids.len() {
            e.insert("location_id".into(), Msg::new("location-unknown"));
        }
    }
    match input.checklist_id {
        None => {
            e.insert("checklist_id".into(), Msg::new("field-required"));
        }
        Some(id) => {
            if checklists::latest_published(db, id).await?.is_none() {
                e.insert("checklist_id".into(), Msg::new("checklist-not-published"));
            }
        }
    }
    match input.shopper_id {
        None => {
            e.insert("shopper_id".into(), Msg::new("field-required"));
        }
        Some(id) => {
            let u = user::Entity::find_by_id(id).one(db).await?;
            if !u.is_some_and(|u| u.active) {
                e.insert("shopper_id".into(), Msg::new("shopper-unknown"));
            }
        }
    }
    let opens = date(&mut e, "opens_on", &input.opens_on);
    let due = date(&mut e, "due_on", &input.due_on);
    if let (Some(o), Some(d)) = (opens, due)
        && d < o
    {
        e.insert("due_on".into(), Msg::new("due-before-opens"));
    }
    let (Some(opens), Some(due), Some(checklist_id), Some(shopper_id)) =
        (opens, due, input.checklist_id, input.shopper_id)
    else {
        return Err(AppError::Validation(e));
    };
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let txn = db.begin_write().await?;
    let now = Utc::now();
    let mut out = Vec::new();
    for location_id in location_ids {
        let a = assignment::ActiveModel {
            location_id: Set(location_id),
            checklist_id: Set(checklist_id),
            shopper_id: Set(shopper_id),
            opens_on: Set(opens),
            due_on: Set(due),
            brief: Set(input.brief.trim().to_owned()),
            status: Set("open".into()),
            visit_id: Set(None),
            created_by: Set(actor.id()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let a = crate::db::insert_row(&txn, a).await?;
        audit::record(
            &txn,
            Some(actor.id()),
            "assignment.created",
            "assignment",
            a.id,
            json!({"shopper_id": shopper_id}),
        )
        .await?;
        crate::notifications::assignment_created(&txn, &a).await?;
        out.push(a);
    }
    txn.commit().await?;
    Ok(out)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub status: String,
    pub shopper_id: Option<i32>,
}

/// Assignments the actor may see (a shopper: their own), due first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &Filter,
) -> AppResult<Vec<assignment::Model>> {
    let mut cond = Condition::all();
    if actor.role.manages() || actor.role.reads_all_visits() {
        if let Some(s) = f.shopper_id {
            cond = cond.add(assignment::Column::ShopperId.eq(s));
        }
    } else {
        cond = cond.add(assignment::Column::ShopperId.eq(actor.id()));
    }
    let today = Utc::now().date_naive();
    match f.status.as_str() {
        "" => {}
        "overdue" => {
            cond = cond
                .add(assignment::Column::Status.is_in(["open", "in_progress"]))
                .add(assignment::Column::DueOn.lt(today));
        }
        "open" | "in_progress" => {
            cond = cond
                .add(assignment::Column::Status.eq(f.status.as_str()))
                .add(assignment::Column::DueOn.gte(today));
        }
        s if STATUSES.contains(&s) => cond = cond.add(assignment::Column::Status.eq(s)),
        _ => return Err(AppError::field("status", Msg::new("status-invalid"))),
    }
    Ok(assignment::Entity::find()
        .filter(cond)
        .order_by_asc(assignment::Column::DueOn)
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?)
}

pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
) -> AppResult<assignment::Model> {
    let mut q = assignment::Entity::find_by_id(id);
    if !actor.role.reads_all_visits() {
        q = q.filter(assignment::Column::ShopperId.eq(actor.id()));
    }
    q.one(db).await?.ok_or(AppError::NotFound)
}

pub async fn cancel(db: &impl Write, actor: &Actor, id: i32) -> AppResult<assignment::Model> {
    actor.require(Role::manages)?;
    let a = assignment::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if !matches!(a.status.as_str(), "open" | "in_progress") {
        return Err(AppError::Conflict(Msg::new("assignment-closed")));
    }
    let mut m = a.into_active_model();
    m.status = Set("cancelled".into());
    m.updated_at = Set(Utc::now());
    let a = m.update_row(db).await?;
    audit::record(db, Some(actor.id()), "assignment.cancelled", "assignment", id, json!({}))
        .await?;
    Ok(a)
}

/// Gives an open assignment to another shopper, who need only be an active
/// shopper: a manager may override a round's lockout and exclusions.
pub async fn reassign(
    db: &Db,
    actor: &Actor,
    id: i32,
    shopper_id: Option<i32>,
) -> AppResult<assignment::Model> {
    actor.require(Role::manages)?;
    let a = assignment::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let Some(shopper_id) = shopper_id else {
        return Err(AppError::field("shopper_id", Msg::new("field-required")));
    };
    let u = user::Entity::find_by_id(shopper_id)
        .filter(user::Column::Role.eq(Role::Shopper.as_str()))
        .one(db)
        .await?;
    if !u.is_some_and(|u| u.active) {
        return Err(AppError::field("shopper_id", Msg::new("shopper-unknown")));
    }
    // Once started, the visit belongs to the shopper who started it.
    if a.status != "open" {
        return Err(AppError::Conflict(Msg::new("assignment-closed")));
    }
    let from = a.shopper_id;
    if from == shopper_id {
        return Ok(a);
    }
    let tx = db.begin_write().await?;
    let mut m = a.into_active_model();
    m.shopper_id = Set(shopper_id);
    m.updated_at = Set(Utc::now());
    let a = m.update_row(&tx).await?;
    audit::record(
        &tx,
        Some(actor.id()),
        "assignment.reassigned",
        "assignment",
        id,
        json!({"from": from, "to": shopper_id}),
    )
    .await?;
    crate::notifications::assignment_reassigned(&tx, &a).await?;
    tx.commit().await?;
    Ok(a)
}
