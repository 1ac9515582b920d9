//! Where reads run: on PostgreSQL the pool, on a SQLite file a few
//! read-only connections of our own beside the one writer (WAL lets them
//! read while it writes).
//!
//! Why not sqlx's pool on SQLite: it pings every connection on its way
//! back, which on SQLite is a second round trip to the connection's thread
//! after every read. These connections only ever run one `SELECT` at a
//! time in autocommit, so nothing of one read is left for the next to
//! find, and they go back as they are (BENCHMARKS.md, session 10).
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sea_orm::sqlx::{self, ConnectOptions as _};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr,
    Statement,
};
use sea_query_sqlx::SqlxValues;
use tokio::sync::{Semaphore, SemaphorePermit};

/// Reads, wherever they run; see the module's note.
#[derive(Clone, Debug)]
pub enum Read {
    Pool(DatabaseConnection),
    Sqlite(Readers),
}

/// SQLite's read-only connections.
#[derive(Clone, Debug)]
pub struct Readers(Arc<Inner>);

/// As many permits as idle connections: a permit always finds one.
#[derive(Debug)]
struct Inner {
    idle: std::sync::Mutex<Vec<SqliteConnection>>,
    permits: Semaphore,
}

/// A connection lent to one read; it goes back when the read ends or is
/// cancelled (a cancelled statement is dropped by the connection's thread).
struct Lease<'a> {
    conn: Option<SqliteConnection>,
    from: &'a Inner,
    _permit: SemaphorePermit<'a>,
}

/// Two per core: reads are short, and more would only wait for a core.
const READERS: usize = 4;

impl Readers {
    pub(super) async fn open(url: &str) -> anyhow::Result<Readers> {
        // 8 MiB of page cache each (SQLite's default is 2 MiB): the
        // scorecard's reads of summary rows fit (BENCHMARKS.md).
        let options = url
            .parse::<SqliteConnectOptions>()?
            .read_only(true)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .pragma("cache_size", "-8192");
        let mut idle = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            idle.push(options.connect().await?);
        }
        let permits = Semaphore::new(idle.len());
        Ok(Readers(Arc::new(Inner { idle: std::sync::Mutex::new(idle), permits })))
    }

    /// The first connection to come free, in the order of asking.
    async fn conn(&self) -> Result<Lease<'_>, DbErr> {
        let gone = || DbErr::Custom("SQLite's readers are closed".into());
        let permit = self.0.permits.acquire().await.map_err(|_| gone())?;
        let conn = self.0.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Ok(Lease { conn: Some(conn.ok_or_else(gone)?), from: &self.0, _permit: permit })
    }
}

impl std::ops::Deref for Lease<'_> {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        self.conn.as_ref().expect("a lease holds its connection until dropped")
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.conn.as_mut().expect("a lease holds its connection until dropped")
    }
}

impl Drop for Lease<'_> {
    /// Back to the idle list before the permit is released (fields drop
    /// after this body), so a permit never finds the list empty.
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.from.idle.lock().unwrap_or_else(|e| e.into_inner()).push(conn);
        }
    }
}

fn query(stmt: &Statement) -> sqlx::query::Query<'_, sqlx::Sqlite, SqlxValues> {
    let values = stmt.values.clone().unwrap_or(sea_orm::sea_query::Values(Vec::new()));
    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), SqlxValues(values))
}

fn query_err(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(e.into()))
}

#[async_trait::async_trait]
impl ConnectionTrait for Read {
    fn get_database_backend(&self) -> DbBackend {
        match self {
            Read::Pool(pool) => pool.get_database_backend(),
            Read::Sqlite(_) => DbBackend::Sqlite,
        }
    }

    /// What a read-only connection can do besides `SELECT`: `VACUUM INTO`
    /// (the backup). A write fails: the connections are read-only.
    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self {
            Read::Pool(pool) => pool.execute_raw(stmt).await,
            Read::Sqlite(readers) => {
                let mut conn = readers.conn().await?;
                let done = query(&stmt).execute(&mut *conn).await.map_err(query_err)?;
                Ok(done.into())
            }
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self {
            Read::Pool(pool) => pool.execute_unprepared(sql).await,
            Read::Sqlite(_) => Err(super::not_here(sql)),
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self {
            Read::Pool(pool) => pool.query_one_raw(stmt).await,
            Read::Sqlite(readers) => {
                let mut conn = readers.conn().await?;
                let row = query(&stmt).fetch_optional(&mut *conn).await.map_err(query_err)?;
                Ok(row.map(QueryResult::from))
            }
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Read::Pool(pool) => pool.query_all_raw(stmt).await,
            Read::Sqlite(readers) => {
                let mut conn = readers.conn().await?;
                let rows = query(&stmt).fetch_all(&mut *conn).await.map_err(query_err)?;
                Ok(rows.into_iter().map(QueryResult::from).collect())
            }
        }
    }
}
