use sea_orm::entity::prelude::*;

/// A recurring round: see `crate::rounds`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub checklist_id: i32,
    /// JSON arrays; all four empty means every location.
    pub brand_ids: String,
    pub channels: String,
    pub regions: String,
    pub location_ids: String,
    /// `weeks`, `months` or `fixed`.
    pub every: String,
    pub interval: i32,
    pub start_on: Date,
    /// For `fixed`: a JSON array of `[start, end]` pairs.
    pub periods: String,
    pub opens_day: i32,
    pub due_day: i32,
    pub brief: String,
    pub lockout_days: i32,
    pub active: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
