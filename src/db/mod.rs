use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use crate::config::Config;

mod writer;
pub use writer::{Applied, Batch, Writer};

/// Opens the pool. SQLite gets WAL (readers never block the writer), a busy
/// timeout instead of instant "database is locked" errors, and foreign keys;
/// its connections are not pinged before use (a file does not drop the
/// line, and each ping is another trip to the connection's thread).
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        opts.test_before_acquire(false).map_sqlx_sqlite_opts(|o: SqliteConnectOptions| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    }
    Ok(Database::connect(opts).await?)
}

/// Connections for reads that may run beside the writer. sea-orm gives
/// SQLite one connection, so every statement of every request would queue
/// behind whatever transaction holds it; WAL lets readers run alongside the
/// one writer. They are read-only, so a write sent here by mistake fails
/// loudly instead of racing the writer. PostgreSQL's pool serves both.
pub async fn reader(url: &str, db: &DatabaseConnection) -> anyhow::Result<DatabaseConnection> {
    if !url.starts_with("sqlite:") {
        return Ok(db.clone());
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .max_connections(READERS)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .map_sqlx_sqlite_opts(|o: SqliteConnectOptions| {
            o.read_only(true).busy_timeout(Duration::from_secs(10)).foreign_keys(true)
        });
    Ok(Database::connect(opts).await?)
}

/// Two per core: reads are short, and more would only wait for a core.
const READERS: u32 = 4;

pub async fn connect_and_migrate(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let db = connect(&config.database_url).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// A transaction that will write. On SQLite it takes the write lock at
/// `BEGIN` (IMMEDIATE): a deferred one that reads first and then writes
/// cannot wait for the lock once another writer has committed, and fails
/// or sleeps in the busy handler instead. PostgreSQL ignores the mode.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
