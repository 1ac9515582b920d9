//! Personal API tokens. Only a SHA-256 of each token is stored: a leaked
//! database does not leak working tokens, and 256 random bits need no salt.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use super::Actor;
use crate::db::{Write, WriteQuery, WriteRow};
use crate::entities::{api_token, user};
use crate::error::AppResult;

const PREFIX: &str = "ys_";

pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Issues a token for the user and returns it; it is never shown again.
pub async fn issue(db: &impl Write, user_id: i32) -> AppResult<String> {
    let token = format!("{PREFIX}{}", random_secret());
    api_token::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(digest(&token)),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert_row(db)
    .await?;
    Ok(token)
}

/// The actor a bearer token stands for, if the token exists and its user is
/// active: deactivating a user stops their tokens at once.
/// Looks the token up on `read`; the rare write of its use goes to `db`.
pub async fn authenticate(db: &impl Write, token: &str) -> AppResult<Option<Actor>> {
    let Some((row, Some(user))) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(digest(token)))
        .find_also_related(user::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // Record use at most once a minute, so reads stay reads.
    let now = Utc::now();
    let id = row.id;
    if row.last_used_at.is_none_or(|t| now - t > Duration::minutes(1)) {
        let mut model: api_token::ActiveModel = row.into();
        model.last_used_at = Set(Some(now));
        model.update_row(db).await?;
    }
    Ok(Actor::from_user(user, Some(id)))
}

pub async fn revoke(db: &impl Write, token_id: i32) -> AppResult<()> {
    api_token::Entity::delete_by_id(token_id).run_on(db).await?;
    Ok(())
}
