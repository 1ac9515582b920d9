use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "photos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub visit_id: String,
    pub criterion_code: Option<String>,
    pub caption: String,
    pub author_id: i32,
    pub width: i32,
    pub height: i32,
    pub taken_at: Option<DateTimeUtc>,
    /// Metres from the location, when both positions were known.
    pub distance_m: Option<f64>,
    pub full_key: String,
    pub display_key: String,
    pub thumb_key: String,
    /// Size of the three stored copies together.
    pub bytes: i64,
    pub created_at: DateTimeUtc,
    /// The id the shopper's phone gave the photo, so that an upload sent
    /// again stores it once; None for photos sent without one.
    pub client_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
