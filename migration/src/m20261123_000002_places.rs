use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Brands::Table)
                .col(pk_auto(Brands::Id))
                .col(string(Brands::Name))
                // Lower-cased name: brand names are unique ignoring case.
                .col(string_uniq(Brands::NameKey))
                .col(boolean(Brands::Own))
                .col(string(Brands::Color))
                .col(timestamp_with_time_zone_null(Brands::ArchivedAt))
                .col(timestamp_with_time_zone(Brands::CreatedAt))
                .col(timestamp_with_time_zone(Brands::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Locations::Table)
                .col(pk_auto(Locations::Id))
                .col(integer(Locations::BrandId))
                .col(string(Locations::Name))
                .col(string(Locations::NameKey))
                .col(string(Locations::Channel))
                .col(string(Locations::Region))
                .col(string(Locations::City))
                .col(string(Locations::Address))
                .col(string(Locations::Url))
                .col(string(Locations::Phone))
                .col(string(Locations::Email))
                .col(double_null(Locations::Latitude))
                .col(double_null(Locations::Longitude))
                .col(string(Locations::Timezone))
                .col(timestamp_with_time_zone_null(Locations::ArchivedAt))
                .col(timestamp_with_time_zone(Locations::CreatedAt))
                .col(timestamp_with_time_zone(Locations::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Locations::Table, Locations::BrandId)
                        .to(Brands::Table, Brands::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        // One brand cannot have two locations of the same name.
        m.create_index(
            Index::create()
                .name("uq_locations_brand_name")
                .table(Locations::Table)
                .col(Locations::BrandId)
                .col(Locations::NameKey)
                .unique()
                .to_owned(),
        )
        .await?;
        // The list pages filter by these and sort by name.
        for (name, col) in [
            ("idx_locations_channel", Locations::Channel),
            ("idx_locations_region", Locations::Region),
            ("idx_locations_name", Locations::NameKey),
        ] {
            m.create_index(Index::create().name(name).table(Locations::Table).col(col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Locations::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Brands::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
    Name,
    NameKey,
    Own,
    Color,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Locations {
    Table,
    Id,
    BrandId,
    Name,
    NameKey,
    Channel,
    Region,
    City,
    Address,
    Url,
    Phone,
    Email,
    Latitude,
    Longitude,
    Timezone,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}
