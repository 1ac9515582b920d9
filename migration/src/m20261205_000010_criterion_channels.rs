use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The channels a criterion applies to, as a JSON array of names
/// (`["store","delivery"]`); `[]` means every channel, which is what every
/// criterion stored before this column meant.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ChecklistCriteria::Table)
                .add_column(text(ChecklistCriteria::Channels).default("[]"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ChecklistCriteria::Table)
                .drop_column(ChecklistCriteria::Channels)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ChecklistCriteria {
    Table,
    Channels,
}
