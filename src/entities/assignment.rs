use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub location_id: i32,
    pub checklist_id: i32,
    pub shopper_id: i32,
    pub opens_on: Date,
    pub due_on: Date,
    pub brief: String,
    pub status: String,
    pub visit_id: Option<String>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The round that made it and the start of its period (both NULL for
    /// an assignment made by hand).
    pub round_id: Option<i32>,
    pub period_start: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {
    /// Made by hand unless a round says otherwise, so that every
    /// `..Default::default()` row is whole.
    fn new() -> Self {
        Self {
            round_id: sea_orm::ActiveValue::Set(None),
            period_start: sea_orm::ActiveValue::Set(None),
            ..<Self as ActiveModelTrait>::default()
        }
    }
}
