//! A visit's draft, saved as the shopper goes: made by the client's UUID
//! on first save, so a retried request stores one visit.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::Deserialize;
use uuid::Uuid;

use super::Status;
use super::answers::{self, AnswerInput, Checked};
use super::scoring::{self, Answer};
use super::store::{find_own, set_assignment, update_open};
use crate::accounts::Actor;
use crate::checklists::cache::ScoringCache;
use crate::checklists::store as checklists;
use crate::checklists::{Criterion, Section};
use crate::db::{Batch, Db, Prepared};
use crate::entities::{assignment, checklist_version, location, visit, visit_answer};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;
use crate::places::Channel;

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

/// Where a visit is, against what, for which assignment, and the channel
/// that decides which criteria apply.
type Placed = (i32, i32, Option<i32>, Channel);

/// Where and against what a new visit is made; every problem at once.
async fn place_new_visit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &DraftInput,
    errors: &mut FieldErrors,
) -> AppResult<Option<Placed>> {
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
        (Some(l), Some(v)) if errors.is_empty() => {
            let channel = Channel::parse(&l.channel)
                .ok_or_else(|| anyhow::anyhow!("location {} has channel {:?}", l.id, l.channel))?;
            Some((l.id, v.id, assignment.map(|a| a.id), channel))
        }
        _ => None,
    })
}

/// A saved draft and its answers as stored.
pub struct Saved {
    pub visit: visit::Model,
    pub answers: Vec<visit_answer::Model>,
    pub created: bool,
}

/// Creates or updates the actor's draft. Repeating it stores the same
/// thing (the answers sent replace the stored ones), so a retried request
/// is harmless. The batch holds only if the visit is still open, or for a
/// new one, still not there (`Db::write` reads again otherwise): someone
/// else's visit under this id is a conflict, and nothing is stored.
pub async fn save_draft(
    db: &Db,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
    input: &DraftInput,
) -> AppResult<Saved> {
    db.write(|| prepare(db, cache, actor, id, input)).await
}

/// The form's save: like [`save_draft`], but answers that fail their
/// checks are left out and the rest is stored, so one mistyped number does
/// not cost the shopper everything else typed since the last save. The
/// answers left out come back as the problems to show beside their fields.
/// Any other problem (a time, the place) still stores nothing.
pub async fn save_draft_keeping_valid(
    db: &Db,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
    input: &DraftInput,
) -> AppResult<(Saved, FieldErrors)> {
    let errors = match save_draft(db, cache, actor, id, input).await {
        Ok(saved) => return Ok((saved, FieldErrors::new())),
        Err(AppError::Validation(errors)) => errors,
        Err(e) => return Err(e),
    };
    let bad = |code: &str| errors.contains_key(&format!("answers.{code}"));
    if errors.keys().any(|k| !k.starts_with("answers."))
        || !input.answers.iter().any(|a| bad(&a.code))
    {
        return Err(AppError::Validation(errors));
    }
    let rest = DraftInput {
        answers: input.answers.iter().filter(|a| !bad(&a.code)).cloned().collect(),
        ..input.clone()
    };
    let saved = save_draft(db, cache, actor, id, &rest).await?;
    Ok((saved, errors))
}

async fn prepare(
    db: &Db,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
    input: &DraftInput,
) -> AppResult<Prepared<Saved>> {
    let (read, mut batch) = (db.read(), db.batch());
    let own = find_own(read, actor, id).await?;
    let existing = own.map(|own| own.channel().map(|c| (c, own.visit))).transpose()?;
    let mut errors = FieldErrors::new();
    if let Some((_, v)) = &existing
        && !Status::parse(&v.status).is_some_and(Status::editable)
    {
        return Err(AppError::Conflict(Msg::new("visit-not-editable")));
    }
    let placed = match &existing {
        Some((channel, v)) => {
            if input.checklist_version_id.is_some_and(|x| x != v.checklist_version_id) {
                errors.insert("checklist_version_id".into(), Msg::new("visit-version-fixed"));
            }
            Some((v.location_id, v.checklist_version_id, v.assignment_id, *channel))
        }
        None => place_new_visit(read, actor, input, &mut errors).await?,
    };
    let started_at = parse_time(&mut errors, "started_at", &input.started_at);
    let ended_at = parse_time(&mut errors, "ended_at", &input.ended_at);
    if let (Some(s), Some(e)) = (started_at, ended_at)
        && e < s
    {
        errors.insert("ended_at".into(), Msg::new("visit-end-before-start"));
    }
    let Some((location_id, version_id, assignment_id, channel)) = placed else {
        return Err(AppError::Validation(errors));
    };
    let sections = cache.sections(read, version_id).await?;
    let checked = answers::check(&sections, channel, &input.answers).unwrap_or_else(|e| {
        errors.extend(e);
        vec![]
    });
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let now = Utc::now();
    let created = existing.is_none();
    let visit = match existing.map(|(_, v)| v) {
        Some(v) => {
            let v = visit::Model {
                started_at,
                ended_at,
                narrative: input.narrative.trim().to_owned(),
                updated_at: now,
                revision: v.revision + 1,
                ..v
            };
            // The last save wins, as long as the visit is still open: a
            // save never needs the visit as it was read, only editable.
            let update = update_open(&v.id).set(visit::ActiveModel {
                started_at: Set(v.started_at),
                ended_at: Set(v.ended_at),
                narrative: Set(v.narrative.clone()),
                updated_at: Set(v.updated_at),
                ..Default::default()
            });
            batch.guard(&update, 1);
            batch.push(
                &visit_answer::Entity::delete_many()
                    .filter(visit_answer::Column::VisitId.eq(&v.id)),
            );
            v
        }
        None => {
            let v = visit::Model {
                id: id.to_string(),
                shopper_id: actor.id(),
                location_id,
                checklist_version_id: version_id,
                assignment_id,
                status: Status::Draft.as_str().into(),
                started_at,
                ended_at,
                narrative: input.narrative.trim().to_owned(),
                score: None,
                critical_failed: false,
                review_note: String::new(),
                submitted_at: None,
                reviewed_at: None,
                reviewed_by: None,
                created_at: now,
                updated_at: now,
                revision: 0,
            };
            // Nothing inserted means the id was taken since the read.
            let insert = visit::Entity::insert(v.clone().into_active_model())
                .on_conflict(OnConflict::column(visit::Column::Id).do_nothing().to_owned());
            batch.guard(&insert, 1);
            if let Some(aid) = assignment_id {
                // Still open as read: a cancel in between means read again.
                let open = ["open", "in_progress"];
                let start = set_assignment(aid, "in_progress", Some(&v.id))
                    .filter(assignment::Column::Status.is_in(open));
                batch.guard(&start, 1);
            }
            v
        }
    };
    let answers = answer_rows(&visit.id, &sections, &checked);
    push_answers(&mut batch, &answers);
    Ok(Prepared::Write(Saved { visit, answers, created }, batch))
}

/// Each answer is stored with what it earns, so submitting needs no
/// second pass over the answers.
pub(super) fn answer_rows(
    visit_id: &str,
    sections: &[Section],
    checked: &[Checked],
) -> Vec<visit_answer::Model> {
    let criteria: HashMap<&str, &Criterion> = answers::criteria_by_code(sections);
    checked
        .iter()
        .map(|c| {
            let row = visit_answer::Model {
                // Not read back from the database: an answer's id is never shown.
                id: 0,
                visit_id: visit_id.to_owned(),
                code: c.code.clone(),
                value: c.answer.as_ref().and_then(answers::encode),
                na: matches!(c.answer, Some(Answer::Na)),
                comment: c.comment.clone(),
                earned: None,
                possible: None,
                failed: false,
            };
            scored(criteria.get(c.code.as_str()).copied(), c.answer.as_ref(), row)
        })
        .collect()
}

/// The row with what its answer earns under its criterion.
pub(super) fn scored(
    criterion: Option<&Criterion>,
    answer: Option<&Answer>,
    row: visit_answer::Model,
) -> visit_answer::Model {
    let score = criterion.map(|k| scoring::score_criterion(k, answer));
    visit_answer::Model {
        earned: score.as_ref().and_then(|s| s.earned),
        possible: score.as_ref().and_then(|s| s.possible),
        failed: score.is_some_and(|s| s.failed),
        ..row
    }
}

/// One multi-row statement: answers come forty at a time.
pub(super) fn push_answers(batch: &mut Batch, rows: &[visit_answer::Model]) {
    if rows.is_empty() {
        return;
    }
    let active = rows.iter().map(|r| {
        let mut a = r.clone().into_active_model();
        a.id = sea_orm::ActiveValue::NotSet;
        a
    });
    batch.push(&visit_answer::Entity::insert_many(active));
}
