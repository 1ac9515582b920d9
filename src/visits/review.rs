//! A manager's decision on a submitted visit, and reopening an approved
//! one. Every change goes to the audit log.
use chrono::Utc;
use sea_orm::Set;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::Status;
use super::store::{find_visible, set_assignment, update_as_read};
use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::{Db, Prepared};
use crate::entities::visit;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::scorecards::summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Return,
    Reject,
    /// An approved visit goes back to the shopper; it stops counting.
    Reopen,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        serde_json::from_value(json!(s)).ok()
    }

    /// Where the visit may come from, and where it goes.
    fn transition(self) -> (Status, Status) {
        match self {
            Decision::Approve => (Status::Submitted, Status::Approved),
            Decision::Return => (Status::Submitted, Status::Returned),
            Decision::Reject => (Status::Submitted, Status::Rejected),
            Decision::Reopen => (Status::Approved, Status::Returned),
        }
    }

    /// Returning or reopening tells the shopper what to change.
    fn needs_note(self) -> bool {
        matches!(self, Decision::Return | Decision::Reopen)
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct ReviewInput {
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

/// Decides on a visit the actor may see (another's is not found, before any
/// role check). The batch holds only if the visit is as read, and carries
/// the scorecard summary's change with the decision, never apart from it.
pub async fn review(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    input: &ReviewInput,
) -> AppResult<visit::Model> {
    db.write(|| prepare(db, actor, id, input)).await
}

async fn prepare(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    input: &ReviewInput,
) -> AppResult<Prepared<visit::Model>> {
    let read = db.read();
    let v = find_visible(read, actor, id).await?;
    actor.require(Role::manages)?;
    let decision = Decision::parse(&input.decision)
        .ok_or_else(|| AppError::field("decision", Msg::new("review-decision-invalid")))?;
    let note = input.note.trim();
    if decision.needs_note() && note.is_empty() {
        return Err(AppError::field("note", Msg::new("review-note-required")));
    }
    let (from, to) = decision.transition();
    if v.status != from.as_str() {
        return Err(AppError::Conflict(Msg::new("review-wrong-status").with("status", &v.status)));
    }
    let facts = match from == Status::Approved || to == Status::Approved {
        true => summary::facts(read, &v).await?,
        false => None,
    };
    let read_revision = v.revision;
    let now = Utc::now();
    let v = visit::Model {
        status: to.as_str().into(),
        review_note: note.to_owned(),
        reviewed_at: Some(now),
        reviewed_by: Some(actor.id()),
        updated_at: now,
        // Drafts and submits prepared from an earlier read must see the change.
        revision: read_revision + 1,
        ..v
    };
    let mut batch = db.batch();
    let update = update_as_read(
        &v.id,
        read_revision,
        visit::ActiveModel {
            status: Set(v.status.clone()),
            review_note: Set(v.review_note.clone()),
            reviewed_at: Set(v.reviewed_at),
            reviewed_by: Set(v.reviewed_by),
            updated_at: Set(v.updated_at),
            ..Default::default()
        },
    );
    batch.guard(&update, 1);
    if let Some(f) = &facts {
        match to == Status::Approved {
            true => summary::add(&mut batch, f),
            false => summary::remove(&mut batch, f),
        }
    }
    if to == Status::Approved {
        // Actions pending on what this visit passed close themselves, and
        // the rule opens actions on its failed critical items: same batch.
        crate::actions::hooks::on_approval(read, &mut batch, &v, actor.id()).await?;
    }
    if let Some(aid) = v.assignment_id {
        batch.push(&match to {
            Status::Approved => set_assignment(aid, "done", Some(&v.id)),
            Status::Returned => set_assignment(aid, "in_progress", Some(&v.id)),
            // A rejected visit never counts: the assignment is open again.
            _ => set_assignment(aid, "open", None),
        });
    }
    if to == Status::Returned {
        // The shopper hears of it, with the note, in the same transaction.
        crate::notifications::visit_returned(read, &v).await?.push(&mut batch);
    }
    let detail = json!({"from": from.as_str(), "to": to.as_str(), "note": note});
    let action = format!("visit.{}", to.as_str());
    batch.push(&audit::entry(Some(actor.id()), &action, "visit", &v.id, detail));
    Ok(Prepared::Write(v, batch))
}
