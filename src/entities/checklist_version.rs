use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checklist_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub checklist_id: i32,
    pub version: i32,
    pub status: String,
    pub name: String,
    pub description: String,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn is_published(&self) -> bool {
        self.status == "published"
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::checklist::Entity",
        from = "Column::ChecklistId",
        to = "super::checklist::Column::Id"
    )]
    Checklist,
}

impl Related<super::checklist::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Checklist.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
