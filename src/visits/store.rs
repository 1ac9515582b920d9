//! Visits in the database: drafts saved as the shopper goes, submitted in
//! one transaction with their scores, read back scoped to who may see them.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::Status;
use super::answers::{self, AnswerInput, Checked};
use super::scoring::{self, Answer, MissingReason, Section, VisitScore};
use crate::accounts::Actor;
use crate::audit;
use crate::checklists::store as checklists;
use crate::entities::{
    assignment, brand, checklist_version, location, visit, visit_answer, visit_section,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

/// What a shopper sends while filling a visit (API.md `PUT /visits/{uuid}`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct DraftInput {
    pub location_id: Option<i32>,
    pub checklist_id: Option<i32>,
    pub checklist_version_id: Option<i32>,
    pub assignment_id: Option<i32>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub narrative: String,
    pub answers: Vec<AnswerInput>,
}

/// How far ahead of the server's clock a visit may say it happened, for
/// phones with a wrong clock or time zone.
const FUTURE_TOLERANCE_HOURS: i64 = 24;

fn parse_time(errors: &mut FieldErrors, field: &str, s: &Option<String>) -> Option<DateTime<Utc>> {
    let s = s.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    match DateTime::parse_from_rfc3339(s) {
        Ok(t) if t.to_utc() > Utc::now() + Duration::hours(FUTURE_TOLERANCE_HOURS) => {
            errors.insert(field.into(), Msg::new("visit-time-future"));
            None
        }
        Ok(t) => Some(t.to_utc()),
        Err(_) => {
            errors.insert(field.into(), Msg::new("visit-time-invalid"));
            None
        }
    }
}

/// The scoring model of a checklist version.
pub async fn scoring_sections(
    db: &impl ConnectionTrait,
    version_id: i32,
) -> AppResult<Vec<Section>> {
    let v = checklists::version_by_id(db, version_id).await?;
    Ok(checklists::load_doc(db, &v).await?.to_scoring())
}

/// A visit the actor may read: their own, or any for roles that read all.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<visit::Model> {
    let mut q = visit::Entity::find_by_id(id.to_string());
    if !actor.role.reads_all_visits() {
        q = q.filter(visit::Column::ShopperId.eq(actor.id()));
    }
    q.one(db).await?.ok_or(AppError::NotFound)
}

/// The actor's own visit, to change it. Someone else's is not found for a
/// shopper, and forbidden for roles that may read it but never edit it.
async fn find_own(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Option<visit::Model>> {
    let Some(v) = visit::Entity::find_by_id(id.to_string()).one(db).await? else { return Ok(None) };
    if v.shopper_id == actor.id() {
        Ok(Some(v))
    } else if actor.role.reads_all_visits() {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// Where and against what a new visit is made; every problem at once.
async fn place_new_visit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &DraftInput,
    errors: &mut FieldErrors,
) -> AppResult<Option<(i32, i32, Option<i32>)>> {
    let assignment = match input.assignment_id {
        Some(id) => {
            let a = assignment::Entity::find_by_id(id)
                .filter(assignment::Column::ShopperId.eq(actor.id()))
                .one(db)
                .await?;
            match a {
                Some(a) if matches!(a.status.as_str(), "open" | "in_progress") => Some(a),
                Some(_) => {
                    errors.insert("assignment_id".into(), Msg::new("assignment-closed"));
                    None
                }
                None => {
                    errors.insert("assignment_id".into(), Msg::new("assignment-unknown"));
                    None
                }
            }
        }
        None => None,
    };
    let location_id = input.location_id.or(assignment.as_ref().map(|a| a.location_id));
    let location = match location_id {
        Some(id) => location::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    match (&location, location_id) {
        (None, None) => {
            errors.insert("location_id".into(), Msg::new("field-required"));
        }
        (None, Some(_)) => {
            errors.insert("location_id".into(), Msg::new("location-unknown"));
        }
        (Some(l), _) if l.archived_at.is_some() => {
            errors.insert("location_id".into(), Msg::new("location-archived"));
        }
        _ => {}
    }
    let version = match (
        input.checklist_version_id,
        input.checklist_id.or(assignment.as_ref().map(|a| a.checklist_id)),
    ) {
        (Some(vid), _) => match checklist_version::Entity::find_by_id(vid).one(db).await? {
            Some(v) if v.is_published() => Some(v),
            Some(_) => {
                errors.insert("checklist_version_id".into(), Msg::new("visit-version-draft"));
                None
            }
            None => {
                errors.insert("checklist_version_id".into(), Msg::new("checklist-unknown"));
                None
            }
        },
        (None, Some(cid)) => {
            let v = checklists::latest_published(db, cid).await?;
            if v.is_none() {
                errors.insert("checklist_id".into(), Msg::new("checklist-not-published"));
            }
            v
        }
        (None, None) => {
            errors.insert("checklist_id".into(), Msg::new("field-required"));
            None
        }
    };
    if let (Some(a), Some(l)) = (&assignment, &location)
        && a.location_id != l.id
    {
        errors.insert("location_id".into(), Msg::new("assignment-location-mismatch"));
    }
    Ok(match (location, version) {
        (Some(l), Some(v)) if errors.is_empty() => Some((l.id, v.id, assignment.map(|a| a.id))),
        _ => None,
    })
}

/// Creates or updates the actor's draft. Repeating it stores the same
/// thing (the answers sent replace the stored ones), so a retried request
/// is harmless. Returns the visit and whether it was created.
pub async fn save_draft<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    input: &DraftInput,
) -> AppResult<(visit::Model, bool)> {
    let txn = db.begin().await?;
    let existing = find_own(&txn, actor, id).await?;
    let mut errors = FieldErrors::new();
    if let Some(v) = &existing
        && !Status::parse(&v.status).is_some_and(Status::editable)
    {
        return Err(AppError::Conflict(Msg::new("visit-not-editable")));
    }
    let placed = match &existing {
        Some(v) => {
            if input.checklist_version_id.is_some_and(|x| x != v.checklist_version_id) {
                errors.insert("checklist_version_id".into(), Msg::new("visit-version-fixed"));
            }
            Some((v.location_id, v.checklist_version_id, v.assignment_id))
        }
        None => place_new_visit(&txn, actor, input, &mut errors).await?,
    };
    let started_at = parse_time(&mut errors, "started_at", &input.started_at);
    let ended_at = parse_time(&mut errors, "ended_at", &input.ended_at);
    if let (Some(s), Some(e)) = (started_at, ended_at)
        && e < s
    {
        errors.insert("ended_at".into(), Msg::new("visit-end-before-start"));
    }
    let checked = match placed {
        Some((_, version_id, _)) => {
            let sections = scoring_sections(&txn, version_id).await?;
            answers::check(&sections, &input.answers).unwrap_or_else(|e| {
                errors.extend(e);
                vec![]
            })
        }
        None => vec![],
    };
    let Some((location_id, version_id, assignment_id)) = placed else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let now = Utc::now();
    let created = existing.is_none();
    let model = match existing {
        Some(v) => {
            let mut m = v.into_active_model();
            m.started_at = Set(started_at);
            m.ended_at = Set(ended_at);
            m.narrative = Set(input.narrative.trim().to_owned());
            m.updated_at = Set(now);
            m.update(&txn).await?
        }
        None => {
            let v = visit::ActiveModel {
                id: Set(id.to_string()),
                shopper_id: Set(actor.id()),
                location_id: Set(location_id),
                checklist_version_id: Set(version_id),
                assignment_id: Set(assignment_id),
                status: Set(Status::Draft.as_str().into()),
                started_at: Set(started_at),
                ended_at: Set(ended_at),
                narrative: Set(input.narrative.trim().to_owned()),
                score: Set(None),
                critical_failed: Set(false),
                review_note: Set(String::new()),
                submitted_at: Set(None),
                reviewed_at: Set(None),
                reviewed_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            if let Some(aid) = assignment_id {
                set_assignment(&txn, aid, "in_progress", Some(&v.id)).await?;
            }
            v
        }
    };
    write_answers(&txn, &model.id, &checked).await?;
    txn.commit().await?;
    Ok((model, created))
}

async fn write_answers(
    db: &impl ConnectionTrait,
    visit_id: &str,
    checked: &[Checked],
) -> AppResult<()> {
    visit_answer::Entity::delete_many()
        .filter(visit_answer::Column::VisitId.eq(visit_id))
        .exec(db)
        .await?;
    if checked.is_empty() {
        return Ok(());
    }
    let rows = checked.iter().map(|c| visit_answer::ActiveModel {
        visit_id: Set(visit_id.to_owned()),
        code: Set(c.code.clone()),
        value: Set(c.answer.as_ref().and_then(answers::to_json).map(|j| j.to_string())),
        na: Set(matches!(c.answer, Some(Answer::Na))),
        comment: Set(c.comment.clone()),
        earned: Set(None),
        possible: Set(None),
        failed: Set(false),
        ..Default::default()
    });
    // One multi-row statement: answers come forty at a time.
    visit_answer::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

pub async fn set_assignment(
    db: &impl ConnectionTrait,
    id: i32,
    status: &str,
    visit_id: Option<&str>,
) -> AppResult<()> {
    if let Some(a) = assignment::Entity::find_by_id(id).one(db).await? {
        let mut m = a.into_active_model();
        m.status = Set(status.into());
        m.visit_id = Set(visit_id.map(str::to_owned));
        m.updated_at = Set(Utc::now());
        m.update(db).await?;
    }
    Ok(())
}

/// The stored answers of a visit as scoring answers, by code.
pub fn stored_answers(rows: &[visit_answer::Model]) -> std::collections::HashMap<String, Answer> {
    rows.iter()
        .filter_map(|r| {
            let answer = if r.na {
                Answer::Na
            } else {
                let json: serde_json::Value = serde_json::from_str(r.value.as_deref()?).ok()?;
                Answer::Given(match json {
                    serde_json::Value::Bool(b) => scoring::Value::Bool(b),
                    serde_json::Value::Number(n) => scoring::Value::Number(n.as_f64()?),
                    serde_json::Value::String(s) => scoring::Value::Text(s),
                    _ => return None,
                })
            };
            Some((r.code.clone(), answer))
        })
        .collect()
}

/// Text values are stored alike for choice and text; the criterion's kind
/// says which it is.
fn typed(
    sections: &[Section],
    mut answers: std::collections::HashMap<String, Answer>,
) -> std::collections::HashMap<String, Answer> {
    for c in sections.iter().flat_map(|s| &s.criteria) {
        if let (scoring::Kind::Choice { .. }, Some(Answer::Given(scoring::Value::Text(t)))) =
            (&c.kind, answers.get(&c.code))
        {
            let key = t.clone();
            answers.insert(c.code.clone(), Answer::Given(scoring::Value::Choice(key)));
        }
    }
    answers
}

pub async fn answers_of(
    db: &impl ConnectionTrait,
    visit_id: &str,
) -> AppResult<Vec<visit_answer::Model>> {
    Ok(visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(visit_id))
        .order_by_asc(visit_answer::Column::Id)
        .all(db)
        .await?)
}

pub async fn sections_of(
    db: &impl ConnectionTrait,
    visit_id: &str,
) -> AppResult<Vec<visit_section::Model>> {
    Ok(visit_section::Entity::find()
        .filter(visit_section::Column::VisitId.eq(visit_id))
        .order_by_asc(visit_section::Column::Id)
        .all(db)
        .await?)
}

/// What submitting answers: the scores, or every missing item by code.
pub async fn submit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
) -> AppResult<visit::Model> {
    let txn = db.begin().await?;
    let v = find_own(&txn, actor, id).await?.ok_or(AppError::NotFound)?;
    let status = Status::parse(&v.status).unwrap_or(Status::Draft);
    if !status.editable() {
        // Already submitted (a double tap, a retried request): harmless.
        return Ok(v);
    }
    let sections = scoring_sections(&txn, v.checklist_version_id).await?;
    let rows = answers_of(&txn, &v.id).await?;
    let answers = typed(&sections, stored_answers(&rows));
    let missing = scoring::missing(&sections, |c| answers.get(c), |_| 0);
    let mut errors: FieldErrors = missing
        .into_iter()
        .map(|m| {
            let key = match m.reason {
                MissingReason::Unanswered => "visit-missing-answer",
                MissingReason::PhotoRequired => "visit-missing-photo",
            };
            (m.code.clone(), Msg::new(key))
        })
        .collect();
    if v.started_at.is_none() {
        errors.insert("started_at".into(), Msg::new("field-required"));
    }
    if v.ended_at.is_none() {
        errors.insert("ended_at".into(), Msg::new("field-required"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let score = scoring::score_visit(&sections, |c| answers.get(c));
    store_scores(&txn, &v.id, &rows, &score).await?;
    let mut m = v.into_active_model();
    m.status = Set(Status::Submitted.as_str().into());
    m.score = Set(score.score);
    m.critical_failed = Set(score.critical_failed);
    m.submitted_at = Set(Some(Utc::now()));
    m.updated_at = Set(Utc::now());
    let v = m.update(&txn).await?;
    if let Some(aid) = v.assignment_id {
        set_assignment(&txn, aid, "submitted", Some(&v.id)).await?;
    }
    let detail = json!({"score": v.score, "critical_failed": v.critical_failed});
    audit::record(&txn, Some(actor.id()), "visit.submitted", "visit", &v.id, detail).await?;
    txn.commit().await?;
    Ok(v)
}

/// Per-answer earned/possible/failed and one row per section, replacing
/// what a previous submit stored.
async fn store_scores(
    db: &impl ConnectionTrait,
    visit_id: &str,
    rows: &[visit_answer::Model],
    score: &VisitScore,
) -> AppResult<()> {
    // Rewritten in one multi-row insert rather than forty updates.
    let scored: std::collections::HashMap<&str, &scoring::CriterionScore> =
        score.criteria.iter().map(|c| (c.code.as_str(), c)).collect();
    visit_answer::Entity::delete_many()
        .filter(visit_answer::Column::VisitId.eq(visit_id))
        .exec(db)
        .await?;
    if !rows.is_empty() {
        let answers = rows.iter().map(|r| {
            let c = scored.get(r.code.as_str());
            visit_answer::ActiveModel {
                visit_id: Set(visit_id.to_owned()),
                code: Set(r.code.clone()),
                value: Set(r.value.clone()),
                na: Set(r.na),
                comment: Set(r.comment.clone()),
                earned: Set(c.and_then(|c| c.earned)),
                possible: Set(c.and_then(|c| c.possible)),
                failed: Set(c.is_some_and(|c| c.failed)),
                ..Default::default()
            }
        });
        visit_answer::Entity::insert_many(answers).exec_without_returning(db).await?;
    }
    visit_section::Entity::delete_many()
        .filter(visit_section::Column::VisitId.eq(visit_id))
        .exec(db)
        .await?;
    let sections = score.sections.iter().map(|s| visit_section::ActiveModel {
        visit_id: Set(visit_id.to_owned()),
        category: Set(s.category.clone()),
        weight: Set(s.weight),
        earned: Set(s.earned),
        possible: Set(s.possible),
        pct: Set(s.pct),
        ..Default::default()
    });
    visit_section::Entity::insert_many(sections).exec_without_returning(db).await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    /// One status, or several separated by commas (the scorecard's
    /// "approved,submitted" when visits awaiting review count).
    pub status: String,
    pub location_id: Option<i32>,
    pub brand_id: Option<i32>,
    /// Own brands only (`true`) or competitors only (`false`): the visits
    /// behind the scorecard's pooled own-brand figures.
    pub own: Option<bool>,
    pub channel: String,
    pub region: String,
    pub checklist_id: Option<i32>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub page: Option<u64>,
}

pub const PER_PAGE: u64 = 50;

pub struct VisitPage {
    pub items: Vec<visit::Model>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// Visits the actor may see, newest first. For review queues, the caller
/// filters by status and sorts oldest first with `oldest_first`.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &ListFilter,
    oldest_first: bool,
) -> AppResult<VisitPage> {
    let mut cond = Condition::all();
    if !actor.role.reads_all_visits() {
        cond = cond.add(visit::Column::ShopperId.eq(actor.id()));
    }
    let statuses: Vec<&str> =
        f.status.split(',').filter_map(|s| Status::parse(s.trim())).map(Status::as_str).collect();
    if !statuses.is_empty() {
        cond = cond.add(visit::Column::Status.is_in(statuses));
    }
    if let Some(l) = f.location_id {
        cond = cond.add(visit::Column::LocationId.eq(l));
    }
    // Brand, ownership, channel and region are the location's: narrow the
    // locations first, then the visits to them.
    let (channel, region) = (f.channel.trim(), f.region.trim());
    if f.brand_id.is_some() || f.own.is_some() || !channel.is_empty() || !region.is_empty() {
        let mut lq = location::Entity::find();
        if let Some(b) = f.brand_id {
            lq = lq.filter(location::Column::BrandId.eq(b));
        }
        if let Some(own) = f.own {
            let brands = brand::Entity::find().filter(brand::Column::Own.eq(own)).all(db).await?;
            lq = lq.filter(location::Column::BrandId.is_in(brands.iter().map(|b| b.id)));
        }
        if !channel.is_empty() {
            lq = lq.filter(location::Column::Channel.eq(channel));
        }
        if !region.is_empty() {
            lq = lq.filter(location::Column::Region.eq(region));
        }
        let ids: Vec<i32> = lq.all(db).await?.into_iter().map(|l| l.id).collect();
        cond = cond.add(visit::Column::LocationId.is_in(ids));
    }
    if let Some(c) = f.checklist_id {
        let versions = checklist_version::Entity::find()
            .filter(checklist_version::Column::ChecklistId.eq(c))
            .all(db)
            .await?;
        cond = cond.add(visit::Column::ChecklistVersionId.is_in(versions.iter().map(|v| v.id)));
    }
    if let Some(from) = f.from {
        cond = cond.add(
            visit::Column::StartedAt.gte(from.and_hms_opt(0, 0, 0).expect("midnight").and_utc()),
        );
    }
    if let Some(to) = f.to {
        let end = (to + chrono::Days::new(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        cond = cond.add(visit::Column::StartedAt.lt(end));
    }
    let mut q = visit::Entity::find().filter(cond);
    q = if oldest_first {
        q.order_by_asc(visit::Column::SubmittedAt).order_by_asc(visit::Column::Id)
    } else {
        q.order_by_desc(visit::Column::UpdatedAt).order_by_asc(visit::Column::Id)
    };
    let paginator = q.paginate(db, PER_PAGE);
    let total = paginator.num_items().await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let items = paginator.fetch_page(page - 1).await?;
    Ok(VisitPage { items, total, page, pages })
}
