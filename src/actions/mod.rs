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
use crate::notifications;

pub mod counts;
pub mod hooks;
mod open;
pub mod people;
mod photos;
mod read;
pub mod rule;
mod steps;

pub use open::*;
pub use photos::*;
pub use read::*;
pub use steps::*;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn action(status: &str, due: &str) -> action::Model {
        let now = Utc::now();
        action::Model {
            id: 1,
            location_id: 1,
            visit_id: None,
            criterion_code: None,
            category: String::new(),
            description: "Fix".into(),
            responsible_id: 1,
            due_on: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap(),
            priority: "normal".into(),
            status: status.into(),
            pending_code: None,
            created_by: None,
            created_at: now,
            updated_at: now,
            done_at: None,
            verified_at: None,
            verified_by: None,
            verified_visit_id: None,
        }
    }

    #[test]
    fn overdue_is_past_its_due_date_and_not_yet_verified() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert!(is_overdue(&action("open", "2026-12-04"), today));
        assert!(is_overdue(&action("done", "2026-12-04"), today));
        assert!(!is_overdue(&action("verified", "2026-12-04"), today));
        assert!(!is_overdue(&action("open", "2026-12-05"), today), "due today is not late");
        assert_eq!(shown_status(&action("open", "2026-12-01"), today), "overdue");
        // Done and waiting for a manager: shown as done, counted overdue.
        assert_eq!(shown_status(&action("done", "2026-12-01"), today), "done");
    }

    #[test]
    fn each_step_has_one_way_in_and_only_done_and_reopen_need_a_note() {
        assert_eq!(Step::Done.transition(), ("open", "done"));
        assert_eq!(Step::Verify.transition(), ("done", "verified"));
        assert_eq!(Step::Reopen.transition(), ("done", "open"));
        assert!(Step::Done.needs_note() && Step::Reopen.needs_note());
        assert!(!Step::Verify.needs_note());
    }
}
