use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub location_id: i32,
    /// The visit and criterion it came from; None for a free action.
    pub visit_id: Option<String>,
    pub criterion_code: Option<String>,
    /// The category of the criterion's section ("" for a free action).
    pub category: String,
    pub description: String,
    pub responsible_id: i32,
    pub due_on: Date,
    /// low, normal, high
    pub priority: String,
    /// open, done, verified
    pub status: String,
    /// The criterion code while open or done, None once verified (see the
    /// migration's unique index).
    pub pending_code: Option<String>,
    /// None when the rule opened it.
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    pub verified_at: Option<DateTimeUtc>,
    /// None when a passed criterion on the next visit verified it.
    pub verified_by: Option<i32>,
    pub verified_visit_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
