use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scorecard_cells")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub grain: String,
    pub brand_id: i32,
    pub checklist_id: i32,
    pub period: i32,
    pub channel: String,
    pub region: String,
    pub metric: String,
    pub n: i64,
    pub total: f64,
    pub squares: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
