//! A visit as its report shows it, cut to what the reader may see: the
//! rule of who sees scores lives here, not in the page.
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::Status;
use super::scoring::Answer;
use super::store::{PhotosBy, answers_of, by_criterion, find_visible, photos_of, sections_of};
use crate::accounts::Actor;
use crate::checklists::document::ChecklistDoc;
use crate::checklists::store as checklists;
use crate::entities::{brand, location, user, visit, visit_answer, visit_section};
use crate::error::{AppError, AppResult};
use crate::places::Channel;

pub struct Report {
    pub visit: visit::Model,
    pub status: Status,
    pub location: location::Model,
    /// The location's brand: with the location, channel and date, what the
    /// report is about (its heading).
    pub brand: Option<brand::Model>,
    /// The version's document for the location's channel: the criteria and
    /// sections this visit asked (`ChecklistDoc::for_channel`).
    pub checklist: ChecklistDoc,
    /// The name of the shopper who made the visit.
    pub shopper: Option<String>,
    pub answers: HashMap<String, visit_answer::Model>,
    /// Each stored answer read for its criterion (see `answers::decode`).
    pub values: HashMap<String, Answer>,
    /// Empty when the reader may not see scores.
    pub sections: Vec<visit_section::Model>,
    /// By criterion code; `None` for photos of the whole visit.
    pub photos: PhotosBy,
    /// Scores are shown to the roles that read every visit once it is
    /// submitted, and to its shopper once it is approved (DESIGN.md).
    pub shows_scores: bool,
    /// The shopper may go on filling it in.
    pub may_continue: bool,
    /// A manager may decide on it (or reopen an approved one).
    pub may_review: bool,
}

/// The report of a visit the actor may see; another's is not found.
pub async fn load(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> AppResult<Report> {
    let mut v = find_visible(db, actor, id).await?;
    let status = Status::parse(&v.status).unwrap_or(Status::Draft);
    let shows_scores = v.submitted_at.is_some()
        && (actor.role.sees_submitted_scores() || status == Status::Approved);
    let location =
        location::Entity::find_by_id(v.location_id).one(db).await?.ok_or(AppError::NotFound)?;
    let brand = brand::Entity::find_by_id(location.brand_id).one(db).await?;
    let version = checklists::version_by_id(db, v.checklist_version_id).await?;
    let checklist = checklists::load_doc(db, &version).await?;
    // Only what the visit asked: criteria for another channel count nowhere.
    let checklist = match Channel::parse(&location.channel) {
        Some(ch) => checklist.for_channel(ch),
        None => checklist,
    };
    let shopper = user::Entity::find_by_id(v.shopper_id).one(db).await?.map(|u| u.name);
    let mut answers = answers_of(db, &v.id).await?;
    let values = super::answers::stored(&checklist.to_scoring(), &answers);
    let mut sections = sections_of(db, &v.id).await?;
    if !shows_scores {
        v.score = None;
        v.critical_failed = false;
        sections.clear();
        for a in &mut answers {
            (a.earned, a.possible, a.failed) = (None, None, false);
        }
    }
    let photos = by_criterion(photos_of(db, &v.id).await?);
    Ok(Report {
        may_continue: status.editable() && v.shopper_id == actor.id(),
        may_review: actor.role.manages() && matches!(status, Status::Submitted | Status::Approved),
        answers: answers.into_iter().map(|a| (a.code.clone(), a)).collect(),
        values,
        visit: v,
        status,
        location,
        brand,
        checklist,
        shopper,
        sections,
        photos,
        shows_scores,
    })
}
