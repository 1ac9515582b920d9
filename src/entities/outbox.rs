use sea_orm::entity::prelude::*;

/// One mail to send. `status`: pending, sending (claimed until
/// `claimed_until`), sent, failed (gave up after retries), uncertain (a
/// claim that ran out without an outcome: never resent by itself).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub recipient: String,
    pub locale: String,
    pub kind: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// The absolute one-click unsubscribe URL (List-Unsubscribe).
    pub unsubscribe: String,
    #[sea_orm(unique)]
    pub dedupe_key: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_until: Option<DateTimeUtc>,
    pub claimed_by: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
