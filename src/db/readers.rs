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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sea_orm::sqlx::{self, ConnectOptions as _};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr,
    Statement,
};
use sea_query_sqlx::SqlxValues;
use tokio::sync::{Mutex, MutexGuard};

/// Reads, wherever they run; see the module's note.
#[derive(Clone, Debug)]
pub enum Read {
    Pool(DatabaseConnection),
    Sqlite(Readers),
}

/// SQLite's read-only connections.
#[derive(Clone, Debug)]
pub struct Readers(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    conns: Vec<Mutex<SqliteConnection>>,
    next: AtomicUsize,
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
        let mut conns = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            conns.push(Mutex::new(options.connect().await?));
        }
        Ok(Readers(Arc::new(Inner { conns, next: AtomicUsize::new(0) })))
    }

    /// An idle connection if there is one, else the next in turn.
    async fn conn(&self) -> MutexGuard<'_, SqliteConnection> {
        let conns = &self.0.conns;
        let start = self.0.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..conns.len() {
            if let Ok(conn) = conns[(start + i) % conns.len()].try_lock() {
                return conn;
            }
        }
        conns[start % conns.len()].lock().await
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
                let mut conn = readers.conn().await;
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
                let mut conn = readers.conn().await;
                let row = query(&stmt).fetch_optional(&mut *conn).await.map_err(query_err)?;
                Ok(row.map(QueryResult::from))
            }
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Read::Pool(pool) => pool.query_all_raw(stmt).await,
            Read::Sqlite(readers) => {
                let mut conn = readers.conn().await;
                let rows = query(&stmt).fetch_all(&mut *conn).await.map_err(query_err)?;
                Ok(rows.into_iter().map(QueryResult::from).collect())
            }
        }
    }
}
