//! Submitting a visit: completeness exactly as DESIGN.md says, then the
//! scores stored in the same transaction as the status change.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use super::Status;
use super::scoring::{self, MissingReason, VisitScore};
use super::store::{
    answers_of, find_own, sections_for, sections_of, set_assignment, update_as_read,
};
use crate::accounts::Actor;
use crate::audit;
use crate::checklists::Section;
use crate::checklists::cache::ScoringCache;
use crate::db::{Batch, Db, Prepared};
use crate::entities::{expected_photo, visit, visit_answer, visit_section};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

/// A submitted visit and its section scores.
pub struct Submitted {
    pub visit: visit::Model,
    pub sections: Vec<visit_section::Model>,
}

/// What submitting answers: the scores, or every missing item by code.
/// The batch holds only if the visit is as read (`Db::write` reads again
/// otherwise), so answers or photos changed in between are never scored
/// stale. Submitting again is harmless: the visit as submitted.
pub async fn submit(
    db: &Db,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Submitted> {
    db.write(|| prepare(db, cache, actor, id)).await
}

async fn prepare(
    db: &Db,
    cache: &ScoringCache,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Prepared<Submitted>> {
    let read = db.read();
    let own = find_own(read, actor, id).await?.ok_or(AppError::NotFound)?;
    let v = own.visit.clone();
    let status = Status::parse(&v.status).unwrap_or(Status::Draft);
    if !status.editable() {
        let sections = sections_of(read, &v.id).await?;
        return Ok(Prepared::Done(Submitted { visit: v, sections }));
    }
    // Criteria for another channel count nowhere: not required, not
    // scored, no photo rule, like N/A.
    let sections = sections_for(read, cache, v.checklist_version_id, own.channel()?).await?;
    let rows = answers_of(read, &v.id).await?;
    let answers = super::answers::stored(&sections, &rows);
    let photos = match own.has_photos {
        true => super::store::photos_by_criterion(read, &v.id).await?,
        false => HashMap::new(),
    };
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
    // Photos the phone announced and still holds: the visit waits for
    // them. Read with the rest, so the revision guard below covers them
    // (an upload, a delete or a new announcement moves the revision).
    let waiting = match own.has_expected {
        true => super::store::photos_not_arrived(read, &v.id).await?,
        false => vec![],
    };
    if let Some(msg) = not_arrived(&waiting) {
        errors.insert("photos".into(), msg);
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
    let mut batch = db.batch();
    // First, so that nothing else is written when the visit has changed.
    let update = update_as_read(
        &v.id,
        read_revision,
        visit::ActiveModel {
            status: Set(v.status.clone()),
            score: Set(v.score),
            critical_failed: Set(v.critical_failed),
            submitted_at: Set(v.submitted_at),
            updated_at: Set(v.updated_at),
            ..Default::default()
        },
    );
    batch.guard(&update, 1);
    rescore_answers(&mut batch, &sections, &v.id, &rows, &score);
    let stored = store_sections(&mut batch, &v.id, resubmit, &score);
    if let Some(aid) = v.assignment_id {
        batch.push(&set_assignment(aid, "submitted", Some(&v.id)));
    }
    let detail = json!({"score": v.score, "critical_failed": v.critical_failed});
    batch.push(&audit::entry(Some(actor.id()), "visit.submitted", "visit", &v.id, detail));
    Ok(Prepared::Write(Submitted { visit: v, sections: stored }, batch))
}

/// The message naming each announced photo that has not arrived, by its
/// criterion and caption.
fn not_arrived(waiting: &[expected_photo::Model]) -> Option<Msg> {
    let mut msgs: Vec<Msg> = waiting
        .iter()
        .map(|e| {
            let what = match (&e.criterion_code, e.caption.is_empty()) {
                (Some(code), false) => Msg::new("photo-what-criterion-caption")
                    .with("criterion", code)
                    .with("caption", &e.caption),
                (Some(code), true) => Msg::new("photo-what-criterion").with("criterion", code),
                (None, false) => Msg::new("photo-what-visit-caption").with("caption", &e.caption),
                (None, true) => Msg::new("photo-what-visit"),
            };
            Msg::new("photo-not-arrived").with_msg("what", what)
        })
        .collect();
    match msgs.len() {
        0 => None,
        1 => msgs.pop(),
        _ => Some(Msg::new("photos-not-arrived").with_list("list", msgs)),
    }
}

/// Answers are scored as they are saved; this rewrites them only when a
/// stored score differs from the submitted one (rows saved before answers
/// carried scores), or a row is for a criterion that does not apply to the
/// visit (its location's channel changed since it was saved), which is
/// dropped; so the usual submit writes no answer at all.
fn rescore_answers(
    batch: &mut Batch,
    sections: &[Section],
    visit_id: &str,
    rows: &[visit_answer::Model],
    score: &VisitScore,
) {
    let scored: HashMap<&str, &scoring::CriterionScore> =
        score.criteria.iter().map(|c| (c.code.as_str(), c)).collect();
    let same = rows.iter().all(|r| match scored.get(r.code.as_str()) {
        Some(c) => c.earned == r.earned && c.possible == r.possible && c.failed == r.failed,
        None => false,
    });
    if same {
        return;
    }
    batch.push(
        &visit_answer::Entity::delete_many().filter(visit_answer::Column::VisitId.eq(visit_id)),
    );
    let criteria = super::answers::criteria_by_code(sections);
    let rows: Vec<visit_answer::Model> = rows
        .iter()
        .filter_map(|r| {
            let criterion = criteria.get(r.code.as_str()).copied()?;
            let answer = super::answers::decode(criterion, r);
            Some(super::draft::scored(Some(criterion), answer.as_ref(), r.clone()))
        })
        .collect();
    super::draft::push_answers(batch, &rows);
}

/// One row per section, replacing what a previous submit stored.
fn store_sections(
    batch: &mut Batch,
    visit_id: &str,
    resubmit: bool,
    score: &VisitScore,
) -> Vec<visit_section::Model> {
    if resubmit {
        batch.push(
            &visit_section::Entity::delete_many()
                .filter(visit_section::Column::VisitId.eq(visit_id)),
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
    batch.push(&visit_section::Entity::insert_many(active));
    rows
}
