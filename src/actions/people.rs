//! The locations a location manager answers for (`user_locations`),
//! edited by an admin on the user's page and through the users API.
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::Db;
use crate::entities::{location, user, user_location};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

/// `SELECT location_id FROM user_locations WHERE user_id = ?`, for scoping.
pub fn locations_of(user_id: i32) -> SelectStatement {
    Query::select()
        .column(user_location::Column::LocationId)
        .from(user_location::Entity)
        .and_where(user_location::Column::UserId.eq(user_id))
        .to_owned()
}

/// The ids of a user's locations, in id order.
pub async fn location_ids(db: &impl ConnectionTrait, user_id: i32) -> AppResult<Vec<i32>> {
    Ok(user_location::Entity::find()
        .filter(user_location::Column::UserId.eq(user_id))
        .order_by_asc(user_location::Column::LocationId)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.location_id)
        .collect())
}

/// Replaces a user's locations (admin only); the user must be a location
/// manager, and every location must exist. Audited with the old and new
/// lists.
pub async fn set_locations(
    db: &Db,
    actor: &Actor,
    user_id: i32,
    ids: Vec<i32>,
) -> AppResult<Vec<i32>> {
    actor.require_admin()?;
    replace_locations(db, Some(actor.id()), user_id, ids).await
}

/// [`set_locations`] once the actor may; `by` None is the system.
pub(crate) async fn replace_locations(
    db: &Db,
    by: Option<i32>,
    user_id: i32,
    mut ids: Vec<i32>,
) -> AppResult<Vec<i32>> {
    let read = db.read();
    let u = user::Entity::find_by_id(user_id).one(read).await?.ok_or(AppError::NotFound)?;
    ids.sort_unstable();
    ids.dedup();
    if !ids.is_empty() && Role::parse(&u.role) != Some(Role::LocationManager) {
        return Err(AppError::field("location_ids", Msg::new("user-locations-role")));
    }
    let found =
        location::Entity::find().filter(location::Column::Id.is_in(ids.clone())).all(read).await?;
    if found.len() != ids.len() {
        return Err(AppError::field("location_ids", Msg::new("location-unknown")));
    }
    let before = location_ids(read, user_id).await?;
    if before == ids {
        return Ok(ids);
    }
    let mut batch = db.batch();
    batch.push(
        &user_location::Entity::delete_many().filter(user_location::Column::UserId.eq(user_id)),
    );
    if !ids.is_empty() {
        batch.push(&user_location::Entity::insert_many(ids.iter().map(|l| {
            user_location::ActiveModel {
                user_id: sea_orm::Set(user_id),
                location_id: sea_orm::Set(*l),
            }
        })));
    }
    let detail = json!({"from": before, "to": ids});
    batch.push(&audit::entry(by, "user.locations_changed", "user", user_id, detail));
    db.apply(batch).await?;
    Ok(ids)
}

/// The location manager who answers for a location (the first by id), if
/// any is active.
pub async fn manager_of(db: &impl ConnectionTrait, location_id: i32) -> AppResult<Option<i32>> {
    let ids: Vec<i32> = user_location::Entity::find()
        .filter(user_location::Column::LocationId.eq(location_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    if ids.is_empty() {
        return Ok(None);
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::LocationManager.as_str()))
        .order_by_asc(user::Column::Id)
        .one(db)
        .await?
        .map(|u| u.id))
}
