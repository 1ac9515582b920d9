use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub visit_id: String,
    pub category: String,
    pub weight: f64,
    pub earned: f64,
    pub possible: f64,
    pub pct: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
