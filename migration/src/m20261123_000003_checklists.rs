use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Checklists::Table)
                .col(pk_auto(Checklists::Id))
                .col(string(Checklists::Name))
                .col(timestamp_with_time_zone_null(Checklists::ArchivedAt))
                .col(timestamp_with_time_zone(Checklists::CreatedAt))
                .col(timestamp_with_time_zone(Checklists::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ChecklistVersions::Table)
                .col(pk_auto(ChecklistVersions::Id))
                .col(integer(ChecklistVersions::ChecklistId))
                .col(integer(ChecklistVersions::Version))
                // draft | published; a published version never changes.
                .col(string(ChecklistVersions::Status))
                .col(string(ChecklistVersions::Name))
                .col(text(ChecklistVersions::Description))
                .col(timestamp_with_time_zone_null(ChecklistVersions::PublishedAt))
                .col(timestamp_with_time_zone(ChecklistVersions::CreatedAt))
                .col(timestamp_with_time_zone(ChecklistVersions::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ChecklistVersions::Table, ChecklistVersions::ChecklistId)
                        .to(Checklists::Table, Checklists::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_checklist_versions")
                .table(ChecklistVersions::Table)
                .col(ChecklistVersions::ChecklistId)
                .col(ChecklistVersions::Version)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ChecklistSections::Table)
                .col(pk_auto(ChecklistSections::Id))
                .col(integer(ChecklistSections::VersionId))
                .col(integer(ChecklistSections::Position))
                .col(string(ChecklistSections::Category))
                .col(string(ChecklistSections::Title))
                .col(double(ChecklistSections::Weight))
                .foreign_key(
                    ForeignKey::create()
                        .from(ChecklistSections::Table, ChecklistSections::VersionId)
                        .to(ChecklistVersions::Table, ChecklistVersions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_checklist_sections_version")
                .table(ChecklistSections::Table)
                .col(ChecklistSections::VersionId)
                .col(ChecklistSections::Position)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ChecklistCriteria::Table)
                .col(pk_auto(ChecklistCriteria::Id))
                .col(integer(ChecklistCriteria::SectionId))
                .col(integer(ChecklistCriteria::VersionId))
                .col(integer(ChecklistCriteria::Position))
                .col(string(ChecklistCriteria::Code))
                .col(text(ChecklistCriteria::Prompt))
                .col(text(ChecklistCriteria::Guidance))
                .col(string(ChecklistCriteria::Kind))
                .col(double(ChecklistCriteria::Weight))
                .col(boolean(ChecklistCriteria::Critical))
                .col(boolean(ChecklistCriteria::AllowNa))
                .col(string(ChecklistCriteria::Photo))
                .col(double_null(ChecklistCriteria::Min))
                .col(double_null(ChecklistCriteria::Max))
                .col(double_null(ChecklistCriteria::Target))
                .col(string_null(ChecklistCriteria::Direction))
                .col(string_null(ChecklistCriteria::Unit))
                // The choice options as JSON text (key, label, value).
                .col(text(ChecklistCriteria::Options))
                .foreign_key(
                    ForeignKey::create()
                        .from(ChecklistCriteria::Table, ChecklistCriteria::SectionId)
                        .to(ChecklistSections::Table, ChecklistSections::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ChecklistCriteria::Table, ChecklistCriteria::VersionId)
                        .to(ChecklistVersions::Table, ChecklistVersions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Answers and scorecards find criteria by version and code.
        m.create_index(
            Index::create()
                .name("idx_checklist_criteria_version_code")
                .table(ChecklistCriteria::Table)
                .col(ChecklistCriteria::VersionId)
                .col(ChecklistCriteria::Code)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_checklist_criteria_section")
                .table(ChecklistCriteria::Table)
                .col(ChecklistCriteria::SectionId)
                .col(ChecklistCriteria::Position)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ChecklistCriteria::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(ChecklistSections::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(ChecklistVersions::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Checklists::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Checklists {
    Table,
    Id,
    Name,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChecklistVersions {
    Table,
    Id,
    ChecklistId,
    Version,
    Status,
    Name,
    Description,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChecklistSections {
    Table,
    Id,
    VersionId,
    Position,
    Category,
    Title,
    Weight,
}

#[derive(DeriveIden)]
enum ChecklistCriteria {
    Table,
    Id,
    SectionId,
    VersionId,
    Position,
    Code,
    Prompt,
    Guidance,
    Kind,
    Weight,
    Critical,
    AllowNa,
    Photo,
    Min,
    Max,
    Target,
    Direction,
    Unit,
    Options,
}
