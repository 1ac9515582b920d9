use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Actions on failures (issue 16): follow-up work opened from a failed item
/// of an approved own-location visit, its comments and photos of the fix,
/// the locations a location manager answers for, and the rule that opens
/// actions by itself at approval.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Actions::Table)
                .col(pk_auto(Actions::Id))
                .col(integer(Actions::LocationId))
                .col(string_len_null(Actions::VisitId, 36))
                .col(string_null(Actions::CriterionCode))
                .col(string(Actions::Category).default(""))
                .col(text(Actions::Description))
                .col(integer(Actions::ResponsibleId))
                .col(date(Actions::DueOn))
                .col(string_len(Actions::Priority, 16))
                .col(string_len(Actions::Status, 16))
                // The criterion code while the action is open or done, null
                // once verified: the unique index below keeps one pending
                // action per location and criterion (nulls never clash).
                .col(string_null(Actions::PendingCode))
                .col(integer_null(Actions::CreatedBy))
                .col(timestamp_with_time_zone(Actions::CreatedAt))
                .col(timestamp_with_time_zone(Actions::UpdatedAt))
                .col(timestamp_with_time_zone_null(Actions::DoneAt))
                .col(timestamp_with_time_zone_null(Actions::VerifiedAt))
                .col(integer_null(Actions::VerifiedBy))
                .col(string_len_null(Actions::VerifiedVisitId, 36))
                .foreign_key(
                    ForeignKey::create()
                        .from(Actions::Table, Actions::LocationId)
                        .to(Locations::Table, Locations::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Actions::Table, Actions::ResponsibleId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_actions_pending")
                .table(Actions::Table)
                .col(Actions::LocationId)
                .col(Actions::PendingCode)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_actions_responsible")
                .table(Actions::Table)
                .col(Actions::ResponsibleId)
                .col(Actions::Status)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ActionComments::Table)
                .col(big_pk_auto(ActionComments::Id))
                .col(integer(ActionComments::ActionId))
                .col(integer_null(ActionComments::AuthorId))
                // comment, done, reopened, verified
                .col(string_len(ActionComments::Kind, 16))
                .col(text(ActionComments::Body))
                .col(timestamp_with_time_zone(ActionComments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ActionComments::Table, ActionComments::ActionId)
                        .to(Actions::Table, Actions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_action_comments_action")
                .table(ActionComments::Table)
                .col(ActionComments::ActionId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ActionPhotos::Table)
                .col(string_len(ActionPhotos::Id, 36).primary_key())
                .col(integer(ActionPhotos::ActionId))
                .col(integer(ActionPhotos::AuthorId))
                .col(integer(ActionPhotos::Width))
                .col(integer(ActionPhotos::Height))
                .col(string(ActionPhotos::FullKey))
                .col(string(ActionPhotos::DisplayKey))
                .col(string(ActionPhotos::ThumbKey))
                .col(big_integer(ActionPhotos::Bytes))
                .col(timestamp_with_time_zone(ActionPhotos::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ActionPhotos::Table, ActionPhotos::ActionId)
                        .to(Actions::Table, Actions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_action_photos_action")
                .table(ActionPhotos::Table)
                .col(ActionPhotos::ActionId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UserLocations::Table)
                .col(integer(UserLocations::UserId))
                .col(integer(UserLocations::LocationId))
                .primary_key(
                    Index::create().col(UserLocations::UserId).col(UserLocations::LocationId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserLocations::Table, UserLocations::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserLocations::Table, UserLocations::LocationId)
                        .to(Locations::Table, Locations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_user_locations_location")
                .table(UserLocations::Table)
                .col(UserLocations::LocationId)
                .to_owned(),
        )
        .await?;
        // One row (id 1) once a manager has saved the rule; absent means off.
        m.create_table(
            Table::create()
                .table(ActionRules::Table)
                .col(integer(ActionRules::Id).primary_key())
                .col(boolean(ActionRules::AutoCritical))
                .col(integer(ActionRules::DueDays))
                .col(integer_null(ActionRules::UpdatedBy))
                .col(timestamp_with_time_zone(ActionRules::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ActionRules::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(UserLocations::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(ActionPhotos::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(ActionComments::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Actions::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Locations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Actions {
    Table,
    Id,
    LocationId,
    VisitId,
    CriterionCode,
    Category,
    Description,
    ResponsibleId,
    DueOn,
    Priority,
    Status,
    PendingCode,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DoneAt,
    VerifiedAt,
    VerifiedBy,
    VerifiedVisitId,
}

#[derive(DeriveIden)]
enum ActionComments {
    Table,
    Id,
    ActionId,
    AuthorId,
    Kind,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ActionPhotos {
    Table,
    Id,
    ActionId,
    AuthorId,
    Width,
    Height,
    FullKey,
    DisplayKey,
    ThumbKey,
    Bytes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserLocations {
    Table,
    UserId,
    LocationId,
}

#[derive(DeriveIden)]
enum ActionRules {
    Table,
    Id,
    AutoCritical,
    DueDays,
    UpdatedBy,
    UpdatedAt,
}
