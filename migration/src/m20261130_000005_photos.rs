use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Photos::Table)
                .col(string_len(Photos::Id, 36).primary_key())
                .col(string_len(Photos::VisitId, 36))
                // A criterion code of the visit's checklist version; none
                // for photos of the visit as a whole.
                .col(string_null(Photos::CriterionCode))
                .col(text(Photos::Caption))
                .col(integer(Photos::AuthorId))
                .col(integer(Photos::Width))
                .col(integer(Photos::Height))
                .col(timestamp_with_time_zone_null(Photos::TakenAt))
                // Metres from the location where the photo says it was
                // taken. The position itself is never stored.
                .col(double_null(Photos::DistanceM))
                .col(string(Photos::FullKey))
                .col(string(Photos::DisplayKey))
                .col(string(Photos::ThumbKey))
                .col(big_integer(Photos::Bytes))
                .col(timestamp_with_time_zone(Photos::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Photos::Table, Photos::VisitId)
                        .to(Visits::Table, Visits::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Photos::Table, Photos::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_photos_visit_criterion")
                .table(Photos::Table)
                .col(Photos::VisitId)
                .col(Photos::CriterionCode)
                .to_owned(),
        )
        .await?;
        // Shared files: a file is deleted only when no row refers to it.
        m.create_index(
            Index::create()
                .name("idx_photos_full_key")
                .table(Photos::Table)
                .col(Photos::FullKey)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Photos::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Photos {
    Table,
    Id,
    VisitId,
    CriterionCode,
    Caption,
    AuthorId,
    Width,
    Height,
    TakenAt,
    DistanceM,
    FullKey,
    DisplayKey,
    ThumbKey,
    Bytes,
    CreatedAt,
}
