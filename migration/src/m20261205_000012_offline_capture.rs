use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Offline capture (issue 15). A phone names each photo it takes with a
/// UUID of its own (`photos.client_id`), so an upload repeated after a lost
/// answer stores it once: the unique index makes the second one find the
/// first. Before submitting, the phone announces the photos it still holds
/// (`expected_photos`), and the server refuses to finalise the visit while
/// one of them has not arrived. Old photos have no client id; NULLs never
/// collide in a unique index, on SQLite as on PostgreSQL.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Photos::Table).add_column(text_null(Photos::ClientId)).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_photos_visit_client")
                .table(Photos::Table)
                .col(Photos::VisitId)
                .col(Photos::ClientId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ExpectedPhotos::Table)
                .col(string_len(ExpectedPhotos::VisitId, 36))
                .col(text(ExpectedPhotos::ClientId))
                .col(text_null(ExpectedPhotos::CriterionCode))
                .col(text(ExpectedPhotos::Caption))
                .col(timestamp_with_time_zone(ExpectedPhotos::CreatedAt))
                .primary_key(
                    Index::create().col(ExpectedPhotos::VisitId).col(ExpectedPhotos::ClientId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ExpectedPhotos::Table, ExpectedPhotos::VisitId)
                        .to(Visits::Table, Visits::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ExpectedPhotos::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_photos_visit_client").table(Photos::Table).to_owned())
            .await?;
        m.alter_table(Table::alter().table(Photos::Table).drop_column(Photos::ClientId).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Photos {
    Table,
    VisitId,
    ClientId,
}

#[derive(DeriveIden)]
enum ExpectedPhotos {
    Table,
    VisitId,
    ClientId,
    CriterionCode,
    Caption,
    CreatedAt,
}
