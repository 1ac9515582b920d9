//! What a visit's approval does to actions, pushed into the review's own
//! batch so that it commits with the decision or not at all: an action
//! pending on a criterion the visit passed is verified by the system, and
//! with the rule on, every failed critical item opens one.
use std::collections::HashMap;

use chrono::{Days, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::{NewAction, is_own_location, next_id, people, push_open, rule, tell_responsible};
use crate::audit;
use crate::db::Batch;
use crate::entities::{
    action, action_comment, checklist_criterion, checklist_section, visit, visit_answer,
};
use crate::error::AppResult;

/// The actions pending (open or done) at a location that came from a
/// criterion, by criterion code: what the reviewer of the next visit sees.
pub async fn pending_at(
    db: &impl ConnectionTrait,
    location_id: i32,
) -> AppResult<HashMap<String, action::Model>> {
    Ok(action::Entity::find()
        .filter(action::Column::LocationId.eq(location_id))
        .filter(action::Column::PendingCode.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.pending_code.clone().map(|c| (c, a)))
        .collect())
}

/// Reads (on `read`) what the approval of `v` by `reviewer_id` changes and
/// pushes the statements into `batch`. Guarded: an action changed since
/// the read makes the review read again.
pub async fn on_approval(
    read: &impl ConnectionTrait,
    batch: &mut Batch,
    v: &visit::Model,
    reviewer_id: i32,
) -> AppResult<()> {
    let pending = pending_at(read, v.location_id).await?;
    let answers = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(&v.id))
        .all(read)
        .await?;
    let now = Utc::now();
    for a in &answers {
        let passed = !a.na && a.possible.is_some() && !a.failed;
        let Some(p) = pending.get(&a.code) else { continue };
        if !passed || p.visit_id.as_deref() == Some(v.id.as_str()) {
            continue;
        }
        let set = action::ActiveModel {
            status: Set("verified".into()),
            pending_code: Set(None),
            verified_at: Set(Some(now)),
            verified_by: Set(None),
            verified_visit_id: Set(Some(v.id.clone())),
            updated_at: Set(now),
            ..Default::default()
        };
        batch.guard(
            &action::Entity::update_many()
                .set(set)
                .filter(action::Column::Id.eq(p.id))
                .filter(action::Column::Status.eq(p.status.as_str())),
            1,
        );
        batch.push(&action_comment::Entity::insert(action_comment::ActiveModel {
            action_id: Set(p.id),
            author_id: Set(None),
            kind: Set("verified".into()),
            body: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        }));
        let detail = json!({"from": p.status, "to": "verified", "by": "system", "visit_id": v.id});
        batch.push(&audit::entry(None, "action.verified", "action", p.id, detail));
    }
    let r = rule::get(read).await?;
    if !r.auto_critical || !is_own_location(read, v.location_id).await? {
        return Ok(());
    }
    let failed: Vec<&visit_answer::Model> =
        answers.iter().filter(|a| a.failed && !pending.contains_key(&a.code)).collect();
    if failed.is_empty() {
        return Ok(());
    }
    let critical: HashMap<String, checklist_criterion::Model> = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.eq(v.checklist_version_id))
        .filter(checklist_criterion::Column::Critical.eq(true))
        .all(read)
        .await?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
    let sections: HashMap<i32, String> = checklist_section::Entity::find()
        .filter(checklist_section::Column::VersionId.eq(v.checklist_version_id))
        .all(read)
        .await?
        .into_iter()
        .map(|s| (s.id, s.category))
        .collect();
    let responsible = people::manager_of(read, v.location_id).await?.unwrap_or(reviewer_id);
    let due_on = now.date_naive() + Days::new(r.due_days.max(1) as u64);
    let mut id = next_id(read).await?;
    let mut opened = Vec::new();
    for a in failed {
        let Some(c) = critical.get(&a.code) else { continue };
        let new = NewAction {
            location_id: v.location_id,
            visit_id: Some(v.id.clone()),
            criterion_code: Some(a.code.clone()),
            category: sections.get(&c.section_id).cloned().unwrap_or_default(),
            description: c.prompt.clone(),
            responsible_id: responsible,
            due_on,
            priority: "high".into(),
        };
        opened.push(push_open(batch, id, new, None));
        id += 1;
    }
    tell_responsible(read, batch, &opened).await
}
