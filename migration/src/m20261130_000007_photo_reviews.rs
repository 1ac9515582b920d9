use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A tag is on a photo or not: one row per photo and tag.
        m.create_table(
            Table::create()
                .table(PhotoTags::Table)
                .col(string_len(PhotoTags::PhotoId, 36))
                .col(string_len(PhotoTags::Tag, 32))
                .col(integer(PhotoTags::AuthorId))
                .col(timestamp_with_time_zone(PhotoTags::CreatedAt))
                .primary_key(Index::create().col(PhotoTags::PhotoId).col(PhotoTags::Tag))
                .foreign_key(
                    ForeignKey::create()
                        .from(PhotoTags::Table, PhotoTags::PhotoId)
                        .to(Photos::Table, Photos::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PhotoTags::Table, PhotoTags::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PhotoComments::Table)
                .col(big_integer(PhotoComments::Id).auto_increment().primary_key())
                .col(string_len(PhotoComments::PhotoId, 36))
                .col(integer(PhotoComments::AuthorId))
                .col(text(PhotoComments::Body))
                .col(timestamp_with_time_zone(PhotoComments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PhotoComments::Table, PhotoComments::PhotoId)
                        .to(Photos::Table, Photos::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PhotoComments::Table, PhotoComments::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_photo_comments_photo")
                .table(PhotoComments::Table)
                .col(PhotoComments::PhotoId)
                .to_owned(),
        )
        .await?;
        // The gallery walks photos newest first, a page at a time from a
        // cursor: this index makes each page a short range scan.
        m.create_index(
            Index::create()
                .name("idx_photos_created_id")
                .table(Photos::Table)
                .col(Photos::CreatedAt)
                .col(Photos::Id)
                .to_owned(),
        )
        .await?;
        // Filtering by criterion across visits, read already in the
        // gallery's order (otherwise every photo of a common criterion is
        // sorted for one page).
        m.create_index(
            Index::create()
                .name("idx_photos_criterion_created")
                .table(Photos::Table)
                .col(Photos::CriterionCode)
                .col(Photos::CreatedAt)
                .col(Photos::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop().name("idx_photos_criterion_created").table(Photos::Table).to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name("idx_photos_created_id").table(Photos::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(PhotoComments::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(PhotoTags::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Photos {
    Table,
    Id,
    CriterionCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PhotoTags {
    Table,
    PhotoId,
    Tag,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PhotoComments {
    Table,
    Id,
    PhotoId,
    AuthorId,
    Body,
    CreatedAt,
}
