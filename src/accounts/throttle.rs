//! Login throttling. Failures are rows in the database, so the limits hold
//! across every instance behind a load balancer.
//!
//! The numbers: 5 failures for one account, or 20 from one address, within
//! 15 minutes block further attempts for that account or address until the
//! oldest counted failure is 15 minutes old. A successful sign-in clears the
//! account's count.
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::users::normalize_email;
use crate::db::{Write, WriteQuery, WriteRow};
use crate::entities::login_failure;
use crate::error::{AppError, AppResult};

pub const ACCOUNT_LIMIT: usize = 5;
pub const ADDRESS_LIMIT: usize = 20;
pub const WINDOW_MINUTES: i64 = 15;

fn account_key(email: &str) -> String {
    format!("account:{}", normalize_email(email))
}

fn address_key(ip: &str) -> String {
    format!("address:{ip}")
}

/// `Err(Throttled)` while either the account or the address is blocked.
pub async fn check(db: &impl ConnectionTrait, email: &str, ip: &str) -> AppResult<()> {
    let now = Utc::now();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    for (key, limit) in [(account_key(email), ACCOUNT_LIMIT), (address_key(ip), ADDRESS_LIMIT)] {
        let recent: Vec<login_failure::Model> = login_failure::Entity::find()
            .filter(login_failure::Column::Key.eq(key))
            .filter(login_failure::Column::At.gt(since))
            .order_by_desc(login_failure::Column::At)
            .limit(limit as u64)
            .all(db)
            .await?;
        if recent.len() >= limit {
            let oldest = recent.last().expect("limit is above zero").at;
            let free_at = oldest + Duration::minutes(WINDOW_MINUTES);
            let retry_after_secs = (free_at - now).num_seconds().max(1) as u64;
            return Err(AppError::Throttled { retry_after_secs });
        }
    }
    Ok(())
}

pub async fn record_failure(db: &impl Write, email: &str, ip: &str) -> AppResult<()> {
    let at = Utc::now();
    for key in [account_key(email), address_key(ip)] {
        login_failure::ActiveModel { key: Set(key), at: Set(at), ..Default::default() }
            .insert_row(db)
            .await?;
    }
    Ok(())
}

pub async fn clear_account(db: &impl Write, email: &str) -> AppResult<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.eq(account_key(email)))
        .run_on(db)
        .await?;
    Ok(())
}

/// Drops failures too old to count; run from the periodic clean-up.
pub async fn forget_old(db: &impl Write) -> AppResult<()> {
    let before = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(before))
        .run_on(db)
        .await?;
    Ok(())
}
