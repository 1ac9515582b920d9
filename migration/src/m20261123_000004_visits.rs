use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Assignments::Table)
                .col(pk_auto(Assignments::Id))
                .col(integer(Assignments::LocationId))
                .col(integer(Assignments::ChecklistId))
                .col(integer(Assignments::ShopperId))
                .col(date(Assignments::OpensOn))
                .col(date(Assignments::DueOn))
                .col(text(Assignments::Brief))
                // open | in_progress | submitted | done | cancelled
                .col(string(Assignments::Status))
                .col(string_null(Assignments::VisitId))
                .col(integer(Assignments::CreatedBy))
                .col(timestamp_with_time_zone(Assignments::CreatedAt))
                .col(timestamp_with_time_zone(Assignments::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Assignments::Table, Assignments::LocationId)
                        .to(Locations::Table, Locations::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Assignments::Table, Assignments::ChecklistId)
                        .to(Checklists::Table, Checklists::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Assignments::Table, Assignments::ShopperId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_assignments_shopper_status")
                .table(Assignments::Table)
                .col(Assignments::ShopperId)
                .col(Assignments::Status)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Visits::Table)
                // A UUID chosen by the client, as text on both databases.
                .col(string_len(Visits::Id, 36).primary_key())
                .col(integer(Visits::ShopperId))
                .col(integer(Visits::LocationId))
                .col(integer(Visits::ChecklistVersionId))
                .col(integer_null(Visits::AssignmentId))
                // draft | submitted | returned | approved | rejected
                .col(string(Visits::Status))
                .col(timestamp_with_time_zone_null(Visits::StartedAt))
                .col(timestamp_with_time_zone_null(Visits::EndedAt))
                .col(text(Visits::Narrative))
                .col(double_null(Visits::Score))
                .col(boolean(Visits::CriticalFailed))
                .col(text(Visits::ReviewNote))
                .col(timestamp_with_time_zone_null(Visits::SubmittedAt))
                .col(timestamp_with_time_zone_null(Visits::ReviewedAt))
                .col(integer_null(Visits::ReviewedBy))
                .col(timestamp_with_time_zone(Visits::CreatedAt))
                .col(timestamp_with_time_zone(Visits::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Visits::Table, Visits::ShopperId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Visits::Table, Visits::LocationId)
                        .to(Locations::Table, Locations::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Visits::Table, Visits::ChecklistVersionId)
                        .to(ChecklistVersions::Table, ChecklistVersions::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_visits_status_submitted", vec![Visits::Status, Visits::SubmittedAt]),
            ("idx_visits_shopper", vec![Visits::ShopperId, Visits::UpdatedAt]),
            ("idx_visits_location", vec![Visits::LocationId]),
        ] {
            let mut idx = Index::create().name(name).table(Visits::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx).await?;
        }

        m.create_table(
            Table::create()
                .table(VisitAnswers::Table)
                .col(big_pk_auto(VisitAnswers::Id))
                .col(string_len(VisitAnswers::VisitId, 36))
                .col(string(VisitAnswers::Code))
                // The value as JSON text: true, 4, "partly", "free text".
                .col(text_null(VisitAnswers::Value))
                .col(boolean(VisitAnswers::Na))
                .col(text(VisitAnswers::Comment))
                .col(double_null(VisitAnswers::Earned))
                .col(double_null(VisitAnswers::Possible))
                .col(boolean(VisitAnswers::Failed))
                .foreign_key(
                    ForeignKey::create()
                        .from(VisitAnswers::Table, VisitAnswers::VisitId)
                        .to(Visits::Table, Visits::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_visit_answers")
                .table(VisitAnswers::Table)
                .col(VisitAnswers::VisitId)
                .col(VisitAnswers::Code)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(VisitSections::Table)
                .col(big_pk_auto(VisitSections::Id))
                .col(string_len(VisitSections::VisitId, 36))
                .col(string(VisitSections::Category))
                .col(double(VisitSections::Weight))
                .col(double(VisitSections::Earned))
                .col(double(VisitSections::Possible))
                .col(double_null(VisitSections::Pct))
                .foreign_key(
                    ForeignKey::create()
                        .from(VisitSections::Table, VisitSections::VisitId)
                        .to(Visits::Table, Visits::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_visit_sections")
                .table(VisitSections::Table)
                .col(VisitSections::VisitId)
                .col(VisitSections::Category)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(VisitSections::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(VisitAnswers::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Visits::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Assignments::Table).to_owned()).await
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
enum Checklists {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ChecklistVersions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    Id,
    LocationId,
    ChecklistId,
    ShopperId,
    OpensOn,
    DueOn,
    Brief,
    Status,
    VisitId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
    ShopperId,
    LocationId,
    ChecklistVersionId,
    AssignmentId,
    Status,
    StartedAt,
    EndedAt,
    Narrative,
    Score,
    CriticalFailed,
    ReviewNote,
    SubmittedAt,
    ReviewedAt,
    ReviewedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum VisitAnswers {
    Table,
    Id,
    VisitId,
    Code,
    Value,
    Na,
    Comment,
    Earned,
    Possible,
    Failed,
}

#[derive(DeriveIden)]
enum VisitSections {
    Table,
    Id,
    VisitId,
    Category,
    Weight,
    Earned,
    Possible,
    Pct,
}
