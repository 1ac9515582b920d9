use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checklist_criteria")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub section_id: i32,
    pub version_id: i32,
    pub position: i32,
    pub code: String,
    pub prompt: String,
    pub guidance: String,
    pub kind: String,
    pub weight: f64,
    pub critical: bool,
    pub allow_na: bool,
    pub photo: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub target: Option<f64>,
    pub direction: Option<String>,
    pub unit: Option<String>,
    /// JSON text: `[{"key", "label", "value"}]`.
    pub options: String,
    /// JSON text: the channel names it applies to, `[]` for every channel.
    pub channels: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
