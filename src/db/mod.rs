use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, ExecResult,
    QueryResult, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

mod group;
mod readers;
mod tx;
mod write;
mod writer;
pub use group::Applied;
pub use readers::{Read, Readers};
pub use tx::WriteTx;
pub use write::{Done, Write, WriteQuery, WriteRow, exec, exec_sql, insert_row, update_row};
use writer::Writer;
pub use writer::{Batch, time_text};

/// The database, as every domain function takes it; handlers pass it on and
/// never choose a connection. It is itself a connection: a `SELECT` runs on
/// the readers beside the writer (see [`Read`]), every write on SQLite's
/// one writer (see `writer`), as PostgreSQL's pool would run either
/// anywhere. Transactions come from [`Db::begin_write`]; visits are
/// written through [`Db::write`].
#[derive(Clone, Debug)]
pub struct Db {
    /// PostgreSQL's pool; on a SQLite file, one read-only connection that
    /// answers `ping` (sqlx's own writer is closed once it has migrated).
    conn: DatabaseConnection,
    read: Read,
    /// SQLite's only writer; None on PostgreSQL and in-memory SQLite.
    writer: Option<Writer>,
    /// SQLite's file; None on PostgreSQL and in-memory SQLite.
    file: Option<PathBuf>,
}

/// What a write's preparation found: nothing to write (a repeated request)
/// or a batch whose guards hold only if nothing changed since the reads.
pub enum Prepared<T> {
    Done(T),
    Write(T, Batch),
}

/// Preparations retried when a guard finds the data changed: a submit
/// races every save, and a phone sends a few at a time.
const ATTEMPTS: usize = 5;

impl Db {
    /// Connects, migrates, and opens the readers and SQLite's writer.
    pub async fn open(url: &str) -> anyhow::Result<Db> {
        let file = writer::sqlite_file(url);
        if let Some(dir) = file.as_deref().and_then(Path::parent) {
            std::fs::create_dir_all(dir)?;
        }
        let conn = connect(url).await?;
        Migrator::up(&conn, None).await?;
        let writer = file.as_deref().map(Writer::open).transpose()?;
        let (conn, read) = match writer {
            Some(_) => {
                conn.close().await?;
                (pinger(url).await?, Read::Sqlite(Readers::open(url).await?))
            }
            None => (conn.clone(), Read::Pool(conn)),
        };
        Ok(Db { conn, read, writer, file })
    }

    /// Reads that may run beside the writer (see [`Read`]): they see
    /// what is committed, never a transaction in progress.
    pub fn read(&self) -> &Read {
        &self.read
    }

    /// sqlx's own handle: PostgreSQL's pool, or on SQLite the connection
    /// that answers `ping`.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// SQLite's file, for the readers that bypass sqlx (the exports).
    pub fn sqlite_file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// An empty batch for this database.
    pub fn batch(&self) -> Batch {
        Batch::new(self.backend())
    }

    /// A transaction that will write; see [`WriteTx`] for what it may read.
    pub async fn begin_write(&self) -> Result<WriteTx, DbErr> {
        match &self.writer {
            Some(w) => Ok(WriteTx::sqlite(w.begin().await?, self.read.clone())),
            None => Ok(WriteTx::orm(begin_immediate(&self.conn).await?)),
        }
    }

    /// Runs one batch in one transaction: all of it, or nothing when a
    /// guard finds the data changed.
    pub async fn apply(&self, batch: Batch) -> AppResult<Applied> {
        match &self.writer {
            Some(w) => w.apply(batch).await,
            None => writer::apply_orm(&self.conn, batch).await,
        }
    }

    /// The one way visits are written: `prepare` reads (on [`Db::read`])
    /// and returns the batch to store, guarded on what it read; when a
    /// guard fails it reads again. Gives up with a conflict when the data
    /// changes faster than it can be read, having stored nothing.
    pub async fn write<T, F, Fut>(&self, mut prepare: F) -> AppResult<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = AppResult<Prepared<T>>>,
    {
        for _ in 0..ATTEMPTS {
            let (done, batch) = match prepare().await? {
                Prepared::Done(done) => return Ok(done),
                Prepared::Write(done, batch) => (done, batch),
            };
            if self.apply(batch).await? == Applied::Stored {
                return Ok(done);
            }
        }
        Err(AppError::Conflict(Msg::new("error-conflict")))
    }
}

#[async_trait::async_trait]
impl Write for Db {
    async fn run(&self, statement: Statement, with_id: bool) -> Result<Done, DbErr> {
        match &self.writer {
            Some(w) => w.execute(statement).await,
            None => write::run_orm(&self.conn, statement, with_id).await,
        }
    }
}

/// sea-orm's own writes (`insert(db)`, `exec(db)`) on SQLite would need
/// sqlx's writer beside ours; they go through [`exec`] and its kin.
fn not_here(sql: &str) -> DbErr {
    DbErr::Custom(format!("SQLite is written through db::exec, not sea-orm's execute: {sql}"))
}

/// A statement on its own (outside a transaction) sees what is committed
/// wherever it runs, so reads may go to the readers.
fn is_select(sql: &str) -> bool {
    sql.trim_start().get(..6).is_some_and(|s| s.eq_ignore_ascii_case("select"))
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match &self.writer {
            Some(_) => Err(not_here(&stmt.sql)),
            None => self.conn.execute_raw(stmt).await,
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match &self.writer {
            Some(_) => Err(not_here(sql)),
            None => self.conn.execute_unprepared(sql).await,
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match &self.writer {
            _ if is_select(&stmt.sql) => self.read.query_one_raw(stmt).await,
            None => self.conn.query_one_raw(stmt).await,
            Some(_) => Err(not_here(&stmt.sql)),
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match &self.writer {
            _ if is_select(&stmt.sql) => self.read.query_all_raw(stmt).await,
            None => self.conn.query_all_raw(stmt).await,
            Some(_) => Err(not_here(&stmt.sql)),
        }
    }
}

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

/// On a SQLite file, sqlx's handle for `ping`: one read-only connection
/// (reads themselves run on [`Readers`]).
async fn pinger(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .max_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .map_sqlx_sqlite_opts(|o: SqliteConnectOptions| o.read_only(true));
    Ok(Database::connect(opts).await?)
}

/// A transaction that will write. On SQLite it takes the write lock at
/// `BEGIN` (IMMEDIATE): a deferred one that reads first and then writes
/// cannot wait for the lock once another writer has committed, and fails
/// or sleeps in the busy handler instead. PostgreSQL ignores the mode.
async fn begin_immediate<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_selects_go_to_the_readers() {
        assert!(super::is_select("SELECT \"id\" FROM \"visit\""));
        assert!(super::is_select("  select 1"));
        assert!(!super::is_select("INSERT INTO \"photo\" VALUES (1) RETURNING \"id\""));
        assert!(!super::is_select("UPDATE \"visit\" SET \"revision\" = 2"));
        assert!(!super::is_select("SEL"));
    }
}
