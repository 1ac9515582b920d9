//! A manager's decision on a submitted visit, and reopening an approved
//! one. Every change goes to the audit log.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set, TransactionSession,
    TransactionTrait,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::Status;
use super::store::set_assignment;
use crate::accounts::{Actor, Role};
use crate::audit;
use crate::entities::visit;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

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

pub async fn review<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
    input: &ReviewInput,
) -> AppResult<visit::Model> {
    actor.require(Role::manages)?;
    let decision = Decision::parse(&input.decision)
        .ok_or_else(|| AppError::field("decision", Msg::new("review-decision-invalid")))?;
    let note = input.note.trim();
    if decision.needs_note() && note.is_empty() {
        return Err(AppError::field("note", Msg::new("review-note-required")));
    }
    let txn = crate::db::begin_write(db).await?;
    let v = visit::Entity::find_by_id(id.to_string()).one(&txn).await?.ok_or(AppError::NotFound)?;
    let (from, to) = decision.transition();
    if v.status != from.as_str() {
        return Err(AppError::Conflict(Msg::new("review-wrong-status").with("status", &v.status)));
    }
    let (assignment, revision) = (v.assignment_id, v.revision);
    let mut m = v.into_active_model();
    m.status = Set(to.as_str().into());
    m.review_note = Set(note.to_owned());
    m.reviewed_at = Set(Some(Utc::now()));
    m.reviewed_by = Set(Some(actor.id()));
    m.updated_at = Set(Utc::now());
    // Drafts and submits prepared from an earlier read must see the change.
    m.revision = Set(revision + 1);
    let v = m.update(&txn).await?;
    // The scorecard summary changes with the approval, never apart from it.
    if to == Status::Approved {
        crate::scorecards::summary::add(&txn, &v).await?;
    } else if from == Status::Approved {
        crate::scorecards::summary::remove(&txn, &v).await?;
    }
    if let Some(aid) = assignment {
        match to {
            Status::Approved => set_assignment(aid, "done", Some(&v.id)),
            Status::Returned => set_assignment(aid, "in_progress", Some(&v.id)),
            // A rejected visit never counts: the assignment is open again.
            _ => set_assignment(aid, "open", None),
        }
        .exec(&txn)
        .await?;
    }
    let detail = json!({"from": from.as_str(), "to": to.as_str(), "note": note});
    audit::record(
        &txn,
        Some(actor.id()),
        &format!("visit.{}", to.as_str()),
        "visit",
        &v.id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(v)
}
