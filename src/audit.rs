//! Who changed what, when: status changes, scores and roles.
use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

use crate::entities::audit_log;

pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<i32>,
    action: &str,
    object_type: &str,
    object_id: impl ToString,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    let row = audit_log::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(action.to_owned()),
        object_type: Set(object_type.to_owned()),
        object_id: Set(object_id.to_string()),
        detail: Set(detail.to_string()),
        at: Set(Utc::now()),
        ..Default::default()
    };
    audit_log::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}
