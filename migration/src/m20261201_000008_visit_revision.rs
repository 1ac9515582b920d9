use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A visit's revision goes up with every change to it or its answers and
/// photos, so a write prepared from an earlier read can say "only if
/// nothing changed since" (see the app's `db::Writer`).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Visits::Table)
                .add_column(integer(Visits::Revision).default(0))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Visits::Table).drop_column(Visits::Revision).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Revision,
}
