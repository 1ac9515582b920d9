//! Submitting a visit: completeness exactly as DESIGN.md says, then the
//! scores stored in the same transaction as the status change.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::Status;
use super::scoring::{self, Answer, MissingReason, VisitScore};
use super::store::{answers_of, find_own, sections_of, set_assignment};
use crate::accounts::Actor;
use crate::audit;
use crate::checklists::cache::ScoringCache;
use crate::checklists::{Kind, Section};
use crate::db::{Applied, Batch, Writer};
use crate::entities::{visit, visit_answer, visit_section};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

/// The stored answers of a visit as scoring answers, by code.
pub fn stored_answers(rows: &[visit_answer::Model]) -> HashMap<String, Answer> {
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
fn typed(sections: &[Section], mut answers: HashMap<String, Answer>) -> HashMap<String, Answer> {
    for c in sections.iter().flat_map(|s| &s.criteria) {
        if let (Kind::Choice { .. }, Some(Answer::Given(scoring::Value::Text(t)))) =
            (&c.kind, answers.get(&c.code))
        {
            let key = t.clone();
            answers.insert(c.code.clone(), Answer::Given(scoring::Value::Choice(key)));
        }
    }
    answers
}

/// A submitted visit and its section scores.
pub struct Submitted {
    pub visit: visit::Model,
    pub sections: Vec<visit_section::Model>,
}

/// What submitting answers: the scores, or every missing item by code.
/// Reads on `read`, then writes one batch that holds only if the visit is
/// as read, so answers or photos changed in between are never scored stale.
pub async fn submit(
    read: &impl ConnectionTrait,
    writer: &Writer,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Submitted> {
    for _ in 0..super::draft::ATTEMPTS {
        let (submitted, batch) = match prepare(read, writer.backend(), cache, actor, id).await? {
            Prepared::Done(s) => return Ok(s),
            Prepared::Write(s, batch) => (s, batch),
        };
        if writer.apply(batch).await? == Applied::Stored {
            return Ok(submitted);
        }
    }
    Err(AppError::Conflict(Msg::new("error-conflict")))
}

enum Prepared {
    /// Submitted before (a double tap, a retried request): harmless.
    Done(Submitted),
    Write(Submitted, Batch),
}

async fn prepare(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Prepared> {
    let v = find_own(db, actor, id).await?.ok_or(AppError::NotFound)?;
    let status = Status::parse(&v.status).unwrap_or(Status::Draft);
    if !status.editable() {
        let sections = sections_of(db, &v.id).await?;
        return Ok(Prepared::Done(Submitted { visit: v, sections }));
    }
    let sections = cache.sections(db, v.checklist_version_id).await?;
    let rows = answers_of(db, &v.id).await?;
    let answers = typed(&sections, stored_answers(&rows));
    let photos = crate::evidence::photos::count_by_criterion(db, &v.id).await?;
    let missing =
        scoring::missing(&sections, |c| answers.get(c), |c| photos.get(c).copied().unwrap_or(0));
    let criteria = super::answers::criteria_by_code(&sections);
    let mut errors: FieldErrors = missing
        .into_iter()
        .map(|m| {
            // An answer stored before its check existed (a number out of
            // range) counts as unanswered; saying why helps fix it.
            let refused = criteria.get(m.code.as_str()).and_then(|c| {
                let e = scoring::check_answer(c, answers.get(&m.code)?).err()?;
                Some(super::answers::problem_msg(c, e))
            });
            let msg = match m.reason {
                MissingReason::Unanswered => {
                    refused.unwrap_or_else(|| Msg::new("visit-missing-answer"))
                }
                MissingReason::PhotoRequired => Msg::new("visit-missing-photo"),
            };
            (m.code.clone(), msg)
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
    let resubmit = v.submitted_at.is_some();
    let now = Utc::now();
    let read_revision = v.revision;
    let v = visit::Model {
        status: Status::Submitted.as_str().into(),
        score: score.score,
        critical_failed: score.critical_failed,
        submitted_at: Some(now),
        updated_at: now,
        revision: read_revision + 1,
        ..v
    };
    let mut batch = Batch::new();
    // First, so that nothing else is written when the visit has changed.
    let update = visit::Entity::update_many()
        .set(visit::ActiveModel {
            status: Set(v.status.clone()),
            score: Set(v.score),
            critical_failed: Set(v.critical_failed),
            submitted_at: Set(v.submitted_at),
            updated_at: Set(v.updated_at),
            revision: Set(v.revision),
            ..Default::default()
        })
        .filter(visit::Column::Id.eq(&v.id))
        .filter(visit::Column::Revision.eq(read_revision));
    batch.guard(&update, backend, 1);
    rescore_answers(&mut batch, backend, &sections, &v.id, &rows, &score);
    let stored = store_sections(&mut batch, backend, &v.id, resubmit, &score);
    if let Some(aid) = v.assignment_id {
        batch.push(&set_assignment(aid, "submitted", Some(&v.id)), backend);
    }
    let detail = json!({"score": v.score, "critical_failed": v.critical_failed});
    batch.push(&audit::entry(Some(actor.id()), "visit.submitted", "visit", &v.id, detail), backend);
    Ok(Prepared::Write(Submitted { visit: v, sections: stored }, batch))
}

/// Answers are scored as they are saved; this rewrites them only when a
/// stored score differs from the submitted one (rows saved before answers
/// carried scores), so the usual submit writes no answer at all.
fn rescore_answers(
    batch: &mut Batch,
    backend: DbBackend,
    sections: &[Section],
    visit_id: &str,
    rows: &[visit_answer::Model],
    score: &VisitScore,
) {
    let scored: HashMap<&str, &scoring::CriterionScore> =
        score.criteria.iter().map(|c| (c.code.as_str(), c)).collect();
    let same = rows.iter().all(|r| match scored.get(r.code.as_str()) {
        Some(c) => c.earned == r.earned && c.possible == r.possible && c.failed == r.failed,
        None => r.earned.is_none() && r.possible.is_none() && !r.failed,
    });
    if same {
        return;
    }
    batch.push(
        &visit_answer::Entity::delete_many().filter(visit_answer::Column::VisitId.eq(visit_id)),
        backend,
    );
    let checked: Vec<super::answers::Checked> = rows
        .iter()
        .map(|r| super::answers::Checked {
            code: r.code.clone(),
            answer: typed(sections, stored_answers(std::slice::from_ref(r))).remove(&r.code),
            comment: r.comment.clone(),
        })
        .collect();
    let rows = super::draft::answer_rows(visit_id, sections, &checked);
    super::draft::push_answers(batch, backend, &rows);
}

/// One row per section, replacing what a previous submit stored.
fn store_sections(
    batch: &mut Batch,
    backend: DbBackend,
    visit_id: &str,
    resubmit: bool,
    score: &VisitScore,
) -> Vec<visit_section::Model> {
    if resubmit {
        batch.push(
            &visit_section::Entity::delete_many()
                .filter(visit_section::Column::VisitId.eq(visit_id)),
            backend,
        );
    }
    if score.sections.is_empty() {
        return vec![];
    }
    let rows: Vec<visit_section::Model> = score
        .sections
        .iter()
        .map(|s| visit_section::Model {
            // Not read back from the database: a section row's id is never shown.
            id: 0,
            visit_id: visit_id.to_owned(),
            category: s.category.clone(),
            weight: s.weight,
            earned: s.earned,
            possible: s.possible,
            pct: s.pct,
        })
        .collect();
    let active = rows.iter().map(|r| {
        let mut a = r.clone().into_active_model();
        a.id = sea_orm::ActiveValue::NotSet;
        a
    });
    batch.push(&visit_section::Entity::insert_many(active), backend);
    rows
}
