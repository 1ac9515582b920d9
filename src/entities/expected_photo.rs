use sea_orm::entity::prelude::*;

/// A photo the shopper's phone announced before submitting: it holds the
/// photo and will upload it under `client_id` (see `evidence::expected`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "expected_photos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub visit_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: String,
    pub criterion_code: Option<String>,
    pub caption: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
