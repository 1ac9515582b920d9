use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Summary cells of approved visits: count, sum and sum of squares of
/// visit-level percentages, so a scorecard reads a few thousand rows rather
/// than millions of answers. See `src/scorecards/summary.rs` for the grain.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ScorecardCells::Table)
                .col(big_pk_auto(ScorecardCells::Id))
                // Which dimensions the row is split by: all, channel, region, both.
                .col(string_len(ScorecardCells::Grain, 8))
                .col(integer(ScorecardCells::BrandId))
                .col(integer(ScorecardCells::ChecklistId))
                // When the visit happened (UTC): YYYYMM, or YYYYMMDD for the
                // `day` grain.
                .col(integer(ScorecardCells::Period))
                // '' when the grain does not split by it.
                .col(string(ScorecardCells::Channel))
                .col(string(ScorecardCells::Region))
                // `overall`, `category:<key>` or `criterion:<code>`.
                .col(string(ScorecardCells::Metric))
                .col(big_integer(ScorecardCells::N))
                .col(double(ScorecardCells::Total))
                .col(double(ScorecardCells::Squares))
                .to_owned(),
        )
        .await?;
        // The upsert key, and the scorecard's access path: the grain and its
        // filter values, then the metric (trend and channel rows want only
        // `overall`), then the period range.
        m.create_index(
            Index::create()
                .name("uq_scorecard_cells")
                .table(ScorecardCells::Table)
                .col(ScorecardCells::Grain)
                .col(ScorecardCells::Channel)
                .col(ScorecardCells::Region)
                .col(ScorecardCells::Metric)
                .col(ScorecardCells::Period)
                .col(ScorecardCells::BrandId)
                .col(ScorecardCells::ChecklistId)
                .unique()
                .to_owned(),
        )
        .await?;
        // Live parts of a scorecard (edge months, pending visits, exports)
        // select visits by status and when they happened.
        m.create_index(
            Index::create()
                .name("idx_visits_status_started")
                .table(Visits::Table)
                .col(Visits::Status)
                .col(Visits::StartedAt)
                .col(Visits::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop().name("idx_visits_status_started").table(Visits::Table).to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(ScorecardCells::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Status,
    StartedAt,
    Id,
}

#[derive(DeriveIden)]
enum ScorecardCells {
    Table,
    Id,
    Grain,
    BrandId,
    ChecklistId,
    Period,
    Channel,
    Region,
    Metric,
    N,
    Total,
    Squares,
}
