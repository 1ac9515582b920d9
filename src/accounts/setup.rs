//! The one-time link that creates the first administrator. It is printed
//! at start while no active admin exists, works once, and expires.
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::tokens::{digest, random_secret};
use super::users::{self, NewUser};
use crate::db::Db;
use crate::db::{Write, WriteQuery, WriteRow};
use crate::entities::{setup_token, user};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

pub const LIFETIME_HOURS: i64 = 24;

/// A fresh link token when no active admin exists (older links stop
/// working); `None` otherwise.
pub async fn issue_if_needed(db: &impl Write) -> AppResult<Option<String>> {
    if users::count_active_admins(db).await? > 0 {
        return Ok(None);
    }
    issue(db, Duration::hours(LIFETIME_HOURS)).await.map(Some)
}

pub async fn issue(db: &impl Write, lifetime: Duration) -> AppResult<String> {
    setup_token::Entity::delete_many().run_on(db).await?;
    let token = random_secret();
    setup_token::ActiveModel {
        token_hash: Set(digest(&token)),
        expires_at: Set(Utc::now() + lifetime),
        ..Default::default()
    }
    .insert_row(db)
    .await?;
    Ok(token)
}

/// Why a setup link does not work, for the page to say.
pub async fn check(db: &impl ConnectionTrait, token: &str) -> AppResult<()> {
    let row = setup_token::Entity::find()
        .filter(setup_token::Column::TokenHash.eq(digest(token)))
        .one(db)
        .await?;
    match row {
        None => Err(AppError::Conflict(Msg::new("setup-link-invalid"))),
        Some(r) if r.expires_at < Utc::now() => {
            Err(AppError::Conflict(Msg::new("setup-link-expired")))
        }
        Some(_) => Ok(()),
    }
}

/// Creates the first admin and spends the link, in one transaction: of two
/// simultaneous uses, only one creates an admin.
pub async fn complete(db: &Db, token: &str, mut input: NewUser) -> AppResult<user::Model> {
    let txn = db.begin_write().await?;
    check(&txn, token).await?;
    let spent = setup_token::Entity::delete_many()
        .filter(setup_token::Column::TokenHash.eq(digest(token)))
        .run_on(&txn)
        .await?;
    if spent != 1 {
        return Err(AppError::Conflict(Msg::new("setup-link-invalid")));
    }
    input.role = "admin".into();
    let admin = users::create(&txn, None, &input).await?;
    setup_token::Entity::delete_many().run_on(&txn).await?;
    txn.commit().await?;
    Ok(admin)
}
