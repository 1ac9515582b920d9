//! Actions on failures: follow-up work opened from a failed item of an
//! approved visit of an own location (by a manager, or by the rule at
//! approval), done by the person responsible, verified or reopened by a
//! manager, and verified by itself when the next approved visit of that
//! location passes the criterion.
//!
//! Every write is one guarded batch (`Db::write`): ids are taken in the
//! preparation and the insert holds only if nobody took the id meanwhile,
//! so opening an action by hand and by the rule (inside a review's batch)
//! share [`push_open`], the one place an action comes into being.
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::{Batch, Db, Prepared};
use crate::entities::{
    action, action_comment, action_photo, brand, checklist_criterion, checklist_section, location,
    user, user_location, visit, visit_answer,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

pub mod counts;
pub mod hooks;
pub mod people;
pub mod rule;

pub const STATUSES: [&str; 3] = ["open", "done", "verified"];
pub const PRIORITIES: [&str; 3] = ["low", "normal", "high"];
/// What the list filters by: the stored statuses, plus `pending` (open or
/// done) and `overdue` (pending past its due date).
pub const FILTER_STATUSES: [&str; 5] = ["open", "done", "verified", "pending", "overdue"];
pub const PER_PAGE: u64 = 50;
const MAX_TEXT: usize = 4000;

/// Not yet verified and past its due date.
pub fn is_overdue(a: &action::Model, today: NaiveDate) -> bool {
    a.status != "verified" && a.due_on < today
}

/// The status to show: `overdue` is derived, as for assignments.
pub fn shown_status(a: &action::Model, today: NaiveDate) -> &str {
    if a.status == "open" && a.due_on < today { "overdue" } else { a.status.as_str() }
}

/// The actions the actor may see: every one for those who read every
/// visit; a location manager's locations' and their own; else only those
/// they are responsible for.
pub fn visible(actor: &Actor) -> Condition {
    if actor.role.reads_all_visits() {
        return Condition::all();
    }
    let mine = Condition::any().add(action::Column::ResponsibleId.eq(actor.id()));
    if actor.role.is_location_manager() {
        return mine.add(action::Column::LocationId.in_subquery(people::locations_of(actor.id())));
    }
    mine
}

pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
) -> AppResult<action::Model> {
    action::Entity::find_by_id(id).filter(visible(actor)).one(db).await?.ok_or(AppError::NotFound)
}

/// What a manager (or the API) sends to open an action. From a visit:
/// `visit_id` and `criterion_code`; a free action: `location_id`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionInput {
    pub visit_id: Option<String>,
    pub criterion_code: Option<String>,
    pub location_id: Option<i32>,
    pub description: String,
    pub responsible_id: Option<i32>,
    /// ISO date.
    pub due_on: String,
    pub priority: String,
}

/// The new action's row as [`push_open`] stores it.
pub struct NewAction {
    pub location_id: i32,
    pub visit_id: Option<String>,
    pub criterion_code: Option<String>,
    pub category: String,
    pub description: String,
    pub responsible_id: i32,
    pub due_on: NaiveDate,
    pub priority: String,
}

/// The one place an action is opened: its insert (holding only if `id` is
/// still free and no action is pending for the same location and
/// criterion) and its audit row, pushed into `batch`. `by` is None for the
/// rule. Notifications of the responsible person hook in here.
pub fn push_open(batch: &mut Batch, id: i32, new: NewAction, by: Option<i32>) -> action::Model {
    let now = Utc::now();
    let row = action::Model {
        id,
        location_id: new.location_id,
        pending_code: new.criterion_code.clone(),
        visit_id: new.visit_id,
        criterion_code: new.criterion_code,
        category: new.category,
        description: new.description,
        responsible_id: new.responsible_id,
        due_on: new.due_on,
        priority: new.priority,
        status: "open".into(),
        created_by: by,
        created_at: now,
        updated_at: now,
        done_at: None,
        verified_at: None,
        verified_by: None,
        verified_visit_id: None,
    };
    let insert = action::Entity::insert(action::ActiveModel::from(row.clone()))
        .on_conflict(OnConflict::new().do_nothing().to_owned());
    batch.guard(&insert, 1);
    let detail = json!({
        "location_id": row.location_id,
        "visit_id": row.visit_id,
        "criterion": row.criterion_code,
        "responsible_id": row.responsible_id,
        "due_on": row.due_on.to_string(),
        "priority": row.priority,
        "by_rule": by.is_none(),
    });
    batch.push(&audit::entry(by, "action.opened", "action", id, detail));
    row
}

/// The next free action id, as read now; the insert's guard catches a race.
pub async fn next_id(db: &impl ConnectionTrait) -> AppResult<i32> {
    let max: Option<i32> = action::Entity::find()
        .select_only()
        .column_as(action::Column::Id.max(), "m")
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    Ok(max.unwrap_or(0) + 1)
}

/// Whether the location's brand is one of ours.
pub async fn is_own_location(db: &impl ConnectionTrait, location_id: i32) -> AppResult<bool> {
    let Some(l) = location::Entity::find_by_id(location_id).one(db).await? else {
        return Ok(false);
    };
    Ok(brand::Entity::find_by_id(l.brand_id).one(db).await?.is_some_and(|b| b.own))
}

/// The action pending (open or done) for a location and criterion.
pub async fn pending_for(
    db: &impl ConnectionTrait,
    location_id: i32,
    code: &str,
) -> AppResult<Option<action::Model>> {
    Ok(action::Entity::find()
        .filter(action::Column::LocationId.eq(location_id))
        .filter(action::Column::PendingCode.eq(code))
        .one(db)
        .await?)
}

/// The criterion of a visit's version by code, with its section's category.
pub async fn criterion_of(
    db: &impl ConnectionTrait,
    version_id: i32,
    code: &str,
) -> AppResult<Option<(checklist_criterion::Model, String)>> {
    let Some(c) = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.eq(version_id))
        .filter(checklist_criterion::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let category = checklist_section::Entity::find_by_id(c.section_id)
        .one(db)
        .await?
        .map(|s| s.category)
        .unwrap_or_default();
    Ok(Some((c, category)))
}

fn parse_date(e: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        e.insert(field.into(), Msg::new("field-required"));
        return None;
    }
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        e.insert(field.into(), Msg::new("date-invalid"));
    }
    d
}

fn text(e: &mut FieldErrors, field: &str, s: &str, required: bool) -> String {
    let t = s.trim();
    if required && t.is_empty() {
        e.insert(field.into(), Msg::new("field-required"));
    } else if t.chars().count() > MAX_TEXT {
        e.insert(field.into(), Msg::new("action-text-too-long").with_int("max", MAX_TEXT as i64));
    }
    t.to_owned()
}

/// Opens an action: a manager's, from a failed item of an approved visit of
/// an own location, or a free one at an own location.
pub async fn create(db: &Db, actor: &Actor, input: &ActionInput) -> AppResult<action::Model> {
    actor.require(Role::manages)?;
    db.write(|| prepare_create(db, actor, input)).await
}

async fn prepare_create(
    db: &Db,
    actor: &Actor,
    input: &ActionInput,
) -> AppResult<Prepared<action::Model>> {
    let read = db.read();
    let mut e = FieldErrors::new();
    let mut source: Option<(i32, String, String, String)> = None; // location, visit, code, category
    let mut location_id = input.location_id;
    if let Some(vid) = input.visit_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let id = Uuid::parse_str(vid).map_err(|_| AppError::NotFound)?;
        let v = crate::entities::visit::Entity::find_by_id(id.to_string())
            .one(read)
            .await?
            .ok_or(AppError::NotFound)?;
        if v.status != "approved" {
            return Err(AppError::Conflict(
                Msg::new("action-visit-not-approved")
                    .with_msg("status", Msg::new(visit_status_key(&v.status))),
            ));
        }
        if !is_own_location(read, v.location_id).await? {
            return Err(AppError::field("visit_id", Msg::new("action-not-own")));
        }
        location_id = Some(v.location_id);
        let code = input.criterion_code.as_deref().unwrap_or("").trim().to_owned();
        if code.is_empty() {
            e.insert("criterion_code".into(), Msg::new("field-required"));
        } else {
            let answer = visit_answer::Entity::find()
                .filter(visit_answer::Column::VisitId.eq(&v.id))
                .filter(visit_answer::Column::Code.eq(&code))
                .one(read)
                .await?;
            match answer {
                Some(a) if a.failed => {
                    let category = criterion_of(read, v.checklist_version_id, &code)
                        .await?
                        .map(|(_, c)| c)
                        .unwrap_or_default();
                    source = Some((v.location_id, v.id.clone(), code, category));
                }
                Some(_) => {
                    e.insert(
                        "criterion_code".into(),
                        Msg::new("action-criterion-not-failed").with("code", &code),
                    );
                }
                None => {
                    e.insert(
                        "criterion_code".into(),
                        Msg::new("action-criterion-unknown").with("code", &code),
                    );
                }
            }
        }
    } else {
        match input.location_id {
            None => {
                e.insert("location_id".into(), Msg::new("field-required"));
            }
            Some(l) => {
                let found = location::Entity::find_by_id(l).one(read).await?;
                if found.is_none() {
                    e.insert("location_id".into(), Msg::new("location-unknown"));
                } else if !is_own_location(read, l).await? {
                    e.insert("location_id".into(), Msg::new("action-not-own"));
                }
            }
        }
    }
    let description = text(&mut e, "description", &input.description, true);
    let responsible = match input.responsible_id {
        None => {
            e.insert("responsible_id".into(), Msg::new("field-required"));
            None
        }
        Some(id) => {
            let u = user::Entity::find_by_id(id).one(read).await?.filter(|u| u.active);
            if u.is_none() {
                e.insert("responsible_id".into(), Msg::new("action-responsible-unknown"));
            }
            u.map(|u| u.id)
        }
    };
    let due = parse_date(&mut e, "due_on", &input.due_on);
    let priority = match input.priority.trim() {
        "" => "normal".to_owned(),
        p if PRIORITIES.contains(&p) => p.to_owned(),
        _ => {
            e.insert("priority".into(), Msg::new("action-priority-invalid"));
            String::new()
        }
    };
    let (Some(location_id), Some(responsible_id), Some(due_on)) = (location_id, responsible, due)
    else {
        return Err(AppError::Validation(e));
    };
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    if let Some((loc, _, code, _)) = &source
        && let Some(p) = pending_for(read, *loc, code).await?
    {
        return Err(AppError::Conflict(Msg::new("action-duplicate").with_int("id", p.id as i64)));
    }
    let (visit_id, criterion_code, category) = match source {
        Some((_, v, c, cat)) => (Some(v), Some(c), cat),
        None => (None, None, String::new()),
    };
    let id = next_id(read).await?;
    let mut batch = db.batch();
    let new = NewAction {
        location_id,
        visit_id,
        criterion_code,
        category,
        description,
        responsible_id,
        due_on,
        priority,
    };
    let row = push_open(&mut batch, id, new, Some(actor.id()));
    Ok(Prepared::Write(row, batch))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// A location id, as typed (empty: any).
    pub location_id: String,
    /// One of [`FILTER_STATUSES`] or empty.
    pub status: String,
    /// Due on or after / on or before, ISO dates.
    pub due_from: String,
    pub due_to: String,
    /// Only the caller's own (the responsible person's list).
    pub mine: bool,
    pub page: Option<u64>,
}

pub struct ActionPage {
    pub items: Vec<action::Model>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// The actions the actor may see, filtered, overdue and soonest due first.
pub async fn list(db: &impl ConnectionTrait, actor: &Actor, f: &Filter) -> AppResult<ActionPage> {
    let mut cond = visible(actor);
    let mut e = FieldErrors::new();
    let today = Utc::now().date_naive();
    if !f.location_id.trim().is_empty() {
        match f.location_id.trim().parse::<i32>() {
            Ok(l) => cond = cond.add(action::Column::LocationId.eq(l)),
            Err(_) => {
                e.insert("location_id".into(), Msg::new("location-unknown"));
            }
        }
    }
    match f.status.trim() {
        "" => {}
        "pending" => cond = cond.add(action::Column::Status.is_in(["open", "done"])),
        "overdue" => {
            cond = cond
                .add(action::Column::Status.is_in(["open", "done"]))
                .add(action::Column::DueOn.lt(today))
        }
        s if STATUSES.contains(&s) => cond = cond.add(action::Column::Status.eq(s)),
        _ => {
            e.insert("status".into(), Msg::new("status-invalid"));
        }
    }
    for (field, value, from) in [("due_from", &f.due_from, true), ("due_to", &f.due_to, false)] {
        if value.trim().is_empty() {
            continue;
        }
        match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
            Ok(d) if from => cond = cond.add(action::Column::DueOn.gte(d)),
            Ok(d) => cond = cond.add(action::Column::DueOn.lte(d)),
            Err(_) => {
                e.insert(field.into(), Msg::new("date-invalid"));
            }
        }
    }
    if f.mine {
        cond = cond.add(action::Column::ResponsibleId.eq(actor.id()));
    }
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    // Verified last; among the rest, soonest due first.
    let q = action::Entity::find()
        .filter(cond)
        .order_by_asc(Expr::cust("CASE WHEN status = 'verified' THEN 1 ELSE 0 END"))
        .order_by_asc(action::Column::DueOn)
        .order_by_asc(action::Column::Id);
    let pager = q.paginate(db, PER_PAGE);
    let counts = pager.num_items_and_pages().await?;
    let page = f.page.unwrap_or(1).max(1);
    let items = pager.fetch_page(page - 1).await?;
    Ok(ActionPage { items, total: counts.number_of_items, page, pages: counts.number_of_pages })
}

/// An action with its thread and photos, as its page and the API show it.
pub struct Detail {
    pub action: action::Model,
    pub location: Option<location::Model>,
    pub responsible: Option<user::Model>,
    pub comments: Vec<action_comment::Model>,
    pub photos: Vec<action_photo::Model>,
    /// Names of everyone in the thread, by id.
    pub names: std::collections::HashMap<i32, String>,
    /// The criterion's prompt, when it came from a visit.
    pub prompt: Option<String>,
    pub may_done: bool,
    pub may_review: bool,
}

pub async fn detail(db: &impl ConnectionTrait, actor: &Actor, id: i32) -> AppResult<Detail> {
    let a = find_visible(db, actor, id).await?;
    let location = location::Entity::find_by_id(a.location_id).one(db).await?;
    let comments = action_comment::Entity::find()
        .filter(action_comment::Column::ActionId.eq(id))
        .order_by_asc(action_comment::Column::Id)
        .all(db)
        .await?;
    let photos = action_photo::Entity::find()
        .filter(action_photo::Column::ActionId.eq(id))
        .order_by_asc(action_photo::Column::CreatedAt)
        .all(db)
        .await?;
    let mut ids: Vec<i32> = comments.iter().filter_map(|c| c.author_id).collect();
    ids.push(a.responsible_id);
    ids.extend(a.created_by);
    let users = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    let names = users.iter().map(|u| (u.id, u.name.clone())).collect();
    let responsible = users.into_iter().find(|u| u.id == a.responsible_id);
    let prompt = match (&a.visit_id, &a.criterion_code) {
        (Some(v), Some(code)) => {
            let version = visit::Entity::find_by_id(v.clone()).one(db).await?;
            match version {
                Some(v) => {
                    criterion_of(db, v.checklist_version_id, code).await?.map(|(c, _)| c.prompt)
                }
                None => None,
            }
        }
        _ => None,
    };
    Ok(Detail {
        may_done: a.status == "open" && a.responsible_id == actor.id(),
        may_review: actor.role.manages() && a.status == "done",
        action: a,
        location,
        responsible,
        comments,
        photos,
        names,
        prompt,
    })
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    pub note: String,
}

/// A comment in the action's thread, by anyone who may see it.
pub async fn comment(
    db: &Db,
    actor: &Actor,
    id: i32,
    input: &NoteInput,
) -> AppResult<action_comment::Model> {
    let a = find_visible(db.read(), actor, id).await?;
    let mut e = FieldErrors::new();
    let body = text(&mut e, "note", &input.note, true);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let txn = db.begin_write().await?;
    let c =
        crate::db::insert_row(&txn, comment_row(a.id, Some(actor.id()), "comment", &body)).await?;
    audit::record(&txn, Some(actor.id()), "action.commented", "action", a.id, json!({})).await?;
    txn.commit().await?;
    Ok(c)
}

fn comment_row(
    action_id: i32,
    author: Option<i32>,
    kind: &str,
    body: &str,
) -> action_comment::ActiveModel {
    action_comment::ActiveModel {
        action_id: Set(action_id),
        author_id: Set(author),
        kind: Set(kind.to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// A change of status: who may make it, from which status, and whether a
/// note is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The responsible person: the fix is made.
    Done,
    /// A manager: the fix is confirmed.
    Verify,
    /// A manager: the fix is not good enough; back to open.
    Reopen,
}

impl Step {
    fn transition(self) -> (&'static str, &'static str) {
        match self {
            Step::Done => ("open", "done"),
            Step::Verify => ("done", "verified"),
            Step::Reopen => ("done", "open"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Step::Done => "done",
            Step::Verify => "verified",
            Step::Reopen => "reopened",
        }
    }

    fn needs_note(self) -> bool {
        matches!(self, Step::Done | Step::Reopen)
    }
}

/// Moves an action one step (see [`Step`]), with its note in the thread
/// and an audit row, in one guarded batch.
pub async fn step(
    db: &Db,
    actor: &Actor,
    id: i32,
    step: Step,
    input: &NoteInput,
) -> AppResult<action::Model> {
    db.write(|| prepare_step(db, actor, id, step, input)).await
}

async fn prepare_step(
    db: &Db,
    actor: &Actor,
    id: i32,
    step: Step,
    input: &NoteInput,
) -> AppResult<Prepared<action::Model>> {
    let a = find_visible(db.read(), actor, id).await?;
    match step {
        Step::Done if a.responsible_id != actor.id() => return Err(AppError::Forbidden),
        Step::Verify | Step::Reopen => actor.require(Role::manages)?,
        _ => {}
    }
    let mut e = FieldErrors::new();
    let note = text(&mut e, "note", &input.note, step.needs_note());
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let (from, to) = step.transition();
    if a.status != from {
        return Err(AppError::Conflict(
            Msg::new("action-wrong-status").with_msg("status", Msg::new(status_key(&a.status))),
        ));
    }
    let now = Utc::now();
    let mut next = action::Model { status: to.into(), updated_at: now, ..a.clone() };
    let mut set = action::ActiveModel {
        status: Set(next.status.clone()),
        updated_at: Set(now),
        ..Default::default()
    };
    match step {
        Step::Done => {
            next.done_at = Some(now);
            set.done_at = Set(Some(now));
        }
        Step::Verify => {
            next.verified_at = Some(now);
            next.verified_by = Some(actor.id());
            next.pending_code = None;
            set.verified_at = Set(Some(now));
            set.verified_by = Set(Some(actor.id()));
            set.pending_code = Set(None);
        }
        Step::Reopen => {
            next.done_at = None;
            set.done_at = Set(None);
        }
    }
    let mut batch = db.batch();
    batch.guard(
        &action::Entity::update_many()
            .set(set)
            .filter(action::Column::Id.eq(id))
            .filter(action::Column::Status.eq(from)),
        1,
    );
    // Every step is in the thread, with its note (verifying needs none).
    batch.push(&action_comment::Entity::insert(comment_row(
        id,
        Some(actor.id()),
        step.name(),
        &note,
    )));
    let action = format!("action.{}", step.name());
    let detail = json!({"from": from, "to": to, "note": note});
    batch.push(&audit::entry(Some(actor.id()), &action, "action", id, detail));
    Ok(Prepared::Write(next, batch))
}

/// Locale key of a status (or `overdue`).
pub fn status_key(s: &str) -> &'static str {
    match s {
        "open" => "action-status-open",
        "done" => "action-status-done",
        "verified" => "action-status-verified",
        "overdue" => "action-status-overdue",
        "pending" => "action-status-pending",
        _ => "action-status-open",
    }
}

/// Locale key of a visit's status (the visits module is above this one).
fn visit_status_key(s: &str) -> &'static str {
    match s {
        "draft" => "visit-status-draft",
        "submitted" => "visit-status-submitted",
        "returned" => "visit-status-returned",
        "rejected" => "visit-status-rejected",
        _ => "visit-status-approved",
    }
}

pub fn priority_key(p: &str) -> &'static str {
    match p {
        "low" => "action-priority-low",
        "high" => "action-priority-high",
        _ => "action-priority-normal",
    }
}

/// A stored photo of the fix (the files are the evidence pipeline's).
pub struct StoredPhoto {
    pub width: i32,
    pub height: i32,
    pub full_key: String,
    pub display_key: String,
    pub thumb_key: String,
    pub bytes: i64,
}

/// Who may add a photo of the fix: the responsible person or a manager,
/// while the action is not verified. Checked before the upload is read.
pub async fn photo_target(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
) -> AppResult<action::Model> {
    let a = find_visible(db, actor, id).await?;
    if a.responsible_id != actor.id() && !actor.role.manages() {
        return Err(AppError::Forbidden);
    }
    if a.status == "verified" {
        return Err(AppError::Conflict(
            Msg::new("action-wrong-status").with_msg("status", Msg::new(status_key(&a.status))),
        ));
    }
    Ok(a)
}

/// Records a processed and stored photo of the fix.
pub async fn add_photo(
    db: &Db,
    actor: &Actor,
    id: i32,
    p: StoredPhoto,
) -> AppResult<action_photo::Model> {
    let a = photo_target(db.read(), actor, id).await?;
    let row = action_photo::Model {
        id: Uuid::new_v4().to_string(),
        action_id: a.id,
        author_id: actor.id(),
        width: p.width,
        height: p.height,
        full_key: p.full_key,
        display_key: p.display_key,
        thumb_key: p.thumb_key,
        bytes: p.bytes,
        created_at: Utc::now(),
    };
    let mut batch = db.batch();
    batch.push(&action_photo::Entity::insert(action_photo::ActiveModel::from(row.clone())));
    let detail = json!({"photo": row.id});
    batch.push(&audit::entry(Some(actor.id()), "action.photo_added", "action", a.id, detail));
    db.apply(batch).await?;
    Ok(row)
}

/// A photo of a fix the actor may see (scoped through its action).
pub async fn find_photo(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &str,
) -> AppResult<action_photo::Model> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let theirs = Query::select()
        .column(action::Column::Id)
        .from(action::Entity)
        .cond_where(visible(actor))
        .to_owned();
    action_photo::Entity::find_by_id(id.to_string())
        .filter(action_photo::Column::ActionId.in_subquery(theirs))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Storage keys still referred to by a photo of a fix, so that cleaning
/// unreferenced files keeps them.
pub async fn photo_keys(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    let rows = action_photo::Entity::find().all(db).await?;
    Ok(rows.into_iter().flat_map(|p| [p.full_key, p.display_key, p.thumb_key]).collect())
}

/// The users offered as responsible: active location managers of the
/// location first, then managers and admins.
pub async fn candidates(
    db: &impl ConnectionTrait,
    location_id: Option<i32>,
) -> AppResult<Vec<user::Model>> {
    let mut out = Vec::new();
    if let Some(l) = location_id {
        let ids = user_location::Entity::find()
            .filter(user_location::Column::LocationId.eq(l))
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.user_id);
        out = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::Name)
            .all(db)
            .await?;
    }
    let staff = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in([
            Role::LocationManager.as_str(),
            Role::Manager.as_str(),
            Role::Admin.as_str(),
        ]))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    for u in staff {
        if !out.iter().any(|o| o.id == u.id) {
            out.push(u);
        }
    }
    Ok(out)
}
