//! Signed-in sessions, stored in the database (see `web::session_store`)
//! so they survive restarts and are shared by every instance.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::db::{Write, WriteQuery};
use crate::entities::session;
use crate::error::AppResult;

/// Drops the sessions past their expiry; the store no longer loads them.
pub async fn forget_expired(db: &impl Write) -> AppResult<()> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    session::Entity::delete_many().filter(session::Column::ExpiresAt.lt(now)).run_on(db).await?;
    Ok(())
}
