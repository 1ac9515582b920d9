use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Recurring rounds (issue 16). A round says which locations are visited
/// with which checklist, how often, and by whom (its pool); each period it
/// makes one assignment per location. The assignments it made carry the
/// round and the period start, and the unique index on
/// `(round_id, period_start, location_id)` is what makes a second run (or a
/// second instance running at the same moment) make nothing twice. Manual
/// assignments leave both NULL, and NULLs never collide. Shoppers' brand
/// exclusions (their own workplace, say) live beside it.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Rounds::Table)
                .col(pk_auto(Rounds::Id))
                .col(string(Rounds::Name))
                .col(integer(Rounds::ChecklistId))
                // Which locations: JSON arrays of ids and names; all four
                // empty means every location.
                .col(text(Rounds::BrandIds))
                .col(text(Rounds::Channels))
                .col(text(Rounds::Regions))
                .col(text(Rounds::LocationIds))
                // weeks | months | fixed
                .col(string(Rounds::Every))
                .col(integer(Rounds::Interval))
                .col(date(Rounds::StartOn))
                // For `fixed`: a JSON array of `[start, end]` pairs.
                .col(text(Rounds::Periods))
                .col(integer(Rounds::OpensDay))
                .col(integer(Rounds::DueDay))
                .col(text(Rounds::Brief))
                .col(integer(Rounds::LockoutDays))
                .col(boolean(Rounds::Active))
                .col(integer(Rounds::CreatedBy))
                .col(timestamp_with_time_zone(Rounds::CreatedAt))
                .col(timestamp_with_time_zone(Rounds::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Rounds::Table, Rounds::ChecklistId)
                        .to(Checklists::Table, Checklists::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RoundShoppers::Table)
                .col(integer(RoundShoppers::RoundId))
                .col(integer(RoundShoppers::UserId))
                .primary_key(Index::create().col(RoundShoppers::RoundId).col(RoundShoppers::UserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(RoundShoppers::Table, RoundShoppers::RoundId)
                        .to(Rounds::Table, Rounds::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RoundShoppers::Table, RoundShoppers::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ShopperExclusions::Table)
                .col(integer(ShopperExclusions::UserId))
                .col(integer(ShopperExclusions::BrandId))
                .col(timestamp_with_time_zone(ShopperExclusions::CreatedAt))
                .primary_key(
                    Index::create().col(ShopperExclusions::UserId).col(ShopperExclusions::BrandId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ShopperExclusions::Table, ShopperExclusions::UserId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ShopperExclusions::Table, ShopperExclusions::BrandId)
                        .to(Brands::Table, Brands::Id),
                )
                .to_owned(),
        )
        .await?;
        // SQLite adds one column per statement.
        m.alter_table(
            Table::alter()
                .table(Assignments::Table)
                .add_column(integer_null(Assignments::RoundId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Assignments::Table)
                .add_column(date_null(Assignments::PeriodStart))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_assignments_round_period_location")
                .table(Assignments::Table)
                .col(Assignments::RoundId)
                .col(Assignments::PeriodStart)
                .col(Assignments::LocationId)
                .unique()
                .to_owned(),
        )
        .await?;
        // The lockout reads a shopper's past work per location.
        m.create_index(
            Index::create()
                .name("idx_assignments_shopper_location")
                .table(Assignments::Table)
                .col(Assignments::ShopperId)
                .col(Assignments::LocationId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_assignments_shopper_location")
                .table(Assignments::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_assignments_round_period_location")
                .table(Assignments::Table)
                .to_owned(),
        )
        .await?;
        for col in [Assignments::PeriodStart, Assignments::RoundId] {
            m.alter_table(Table::alter().table(Assignments::Table).drop_column(col).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(ShopperExclusions::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(RoundShoppers::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Rounds::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
    Name,
    ChecklistId,
    BrandIds,
    Channels,
    Regions,
    LocationIds,
    Every,
    Interval,
    StartOn,
    Periods,
    OpensDay,
    DueDay,
    Brief,
    LockoutDays,
    Active,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RoundShoppers {
    Table,
    RoundId,
    UserId,
}

#[derive(DeriveIden)]
enum ShopperExclusions {
    Table,
    UserId,
    BrandId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    LocationId,
    ShopperId,
    RoundId,
    PeriodStart,
}

#[derive(DeriveIden)]
enum Checklists {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
}
