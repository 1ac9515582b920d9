use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "action_comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub action_id: i32,
    /// None for the system (an action verified by a later visit).
    pub author_id: Option<i32>,
    /// comment, done, reopened, verified
    pub kind: String,
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
