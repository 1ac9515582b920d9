use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub visit_id: String,
    pub code: String,
    /// JSON text of the value; `None` when N/A.
    pub value: Option<String>,
    pub na: bool,
    pub comment: String,
    pub earned: Option<f64>,
    pub possible: Option<f64>,
    pub failed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
