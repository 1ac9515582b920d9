//! The rule a manager switches on: every failed critical item of an
//! approved own-location visit opens an action at approval.
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde::Deserialize;
use serde_json::json;

use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::Db;
use crate::entities::action_rule;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

pub const DEFAULT_DUE_DAYS: i32 = 14;
pub const MAX_DUE_DAYS: i32 = 365;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub auto_critical: bool,
    /// The due date of an action the rule opens, in days after approval.
    pub due_days: i32,
}

impl Default for Rule {
    fn default() -> Self {
        Rule { auto_critical: false, due_days: DEFAULT_DUE_DAYS }
    }
}

/// The rule as saved; off until a manager saves it.
pub async fn get(db: &impl ConnectionTrait) -> AppResult<Rule> {
    Ok(action_rule::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|r| Rule { auto_critical: r.auto_critical, due_days: r.due_days })
        .unwrap_or_default())
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RuleInput {
    pub auto_critical: bool,
    /// As typed; a number of days from 1 to 365.
    pub due_days: String,
}

pub async fn set(db: &Db, actor: &Actor, input: &RuleInput) -> AppResult<Rule> {
    actor.require(Role::manages)?;
    let due_days = match input.due_days.trim().parse::<i32>() {
        Ok(d) if (1..=MAX_DUE_DAYS).contains(&d) => d,
        _ => {
            let msg = Msg::new("action-due-days-invalid").with_int("max", MAX_DUE_DAYS as i64);
            return Err(AppError::field("due_days", msg));
        }
    };
    let rule = Rule { auto_critical: input.auto_critical, due_days };
    let row = action_rule::ActiveModel {
        id: Set(1),
        auto_critical: Set(rule.auto_critical),
        due_days: Set(rule.due_days),
        updated_by: Set(Some(actor.id())),
        updated_at: Set(Utc::now()),
    };
    let upsert = action_rule::Entity::insert(row).on_conflict(
        OnConflict::column(action_rule::Column::Id)
            .update_columns([
                action_rule::Column::AutoCritical,
                action_rule::Column::DueDays,
                action_rule::Column::UpdatedBy,
                action_rule::Column::UpdatedAt,
            ])
            .to_owned(),
    );
    let mut batch = db.batch();
    batch.push(&upsert);
    let detail = json!({"auto_critical": rule.auto_critical, "due_days": rule.due_days});
    batch.push(&audit::entry(Some(actor.id()), "action_rule.changed", "action_rule", 1, detail));
    db.apply(batch).await?;
    Ok(rule)
}
