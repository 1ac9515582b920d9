//! Who changed what, when: status changes, scores and roles.
use chrono::Utc;
use sea_orm::{DbErr, EntityTrait, Set};

use crate::db::{Write, exec};

use crate::entities::audit_log;

pub async fn record(
    db: &impl Write,
    actor_id: Option<i32>,
    action: &str,
    object_type: &str,
    object_id: impl ToString,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    exec(db, &entry(actor_id, action, object_type, object_id, detail)).await?;
    Ok(())
}

/// The insert `record` runs, for a write batch (see `db::Writer`).
pub fn entry(
    actor_id: Option<i32>,
    action: &str,
    object_type: &str,
    object_id: impl ToString,
    detail: serde_json::Value,
) -> sea_orm::Insert<audit_log::ActiveModel> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(action.to_owned()),
        object_type: Set(object_type.to_owned()),
        object_id: Set(object_id.to_string()),
        detail: Set(detail.to_string()),
        at: Set(Utc::now()),
        ..Default::default()
    })
}
