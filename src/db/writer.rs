//! SQLite's one writer. Every write to the file goes through one
//! connection of our own (rusqlite), owned by one thread: hot writes
//! arrive as a [`Batch`] of statements prepared from reads made
//! beforehand, some of them guards ("only if the visit is still at
//! revision 7"); the batch is stored whole or, when a guard fails, not at
//! all, and the caller reads again. Single statements
//! ([`Writer::execute`]) and the few admin transactions (`db::WriteTx`)
//! take the same thread; how it commits is in [`super::group`].
//!
//! Why not sqlx: SQLite has one writer, and through sqlx every statement
//! is a round trip to the connection's own thread (a wake-up on each
//! side), with the write lock held throughout; a visit's fifteen
//! statements held it for well over a millisecond. Here a batch is one
//! message to the writer's thread, which runs it without waiting on
//! anyone (BENCHMARKS.md). sqlx on SQLite only migrates and reads.
//! PostgreSQL has a pool of writers and runs the same batch in an
//! ordinary transaction.
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::mpsc;
use std::time::Duration;

use chrono::SecondsFormat;
use rusqlite::types::Value as Raw;
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, QueryTrait, Statement, Value,
};
use tokio::sync::oneshot;

use super::Done;
use super::group::{Applied, Job, RawStep, Reply, Step, Unit, db_err, run_step};
use crate::error::{AppError, AppResult};

/// Statements to run in one transaction, in order.
pub struct Batch {
    backend: DbBackend,
    steps: Vec<(Statement, Option<u64>)>,
}

impl Batch {
    /// Statements are built for `backend` (see `Db::batch`).
    pub fn new(backend: DbBackend) -> Self {
        Self { backend, steps: Vec::new() }
    }

    pub fn push(&mut self, query: &impl QueryTrait) {
        self.steps.push((query.build(self.backend), None));
    }

    /// A statement that must change exactly `rows` rows, or the whole
    /// batch is undone and `Db::apply` answers [`Applied::Changed`].
    pub fn guard(&mut self, query: &impl QueryTrait, rows: u64) {
        self.steps.push((query.build(self.backend), Some(rows)));
    }

    /// SQL written out in full, for the generator's multi-row inserts.
    pub fn push_sql(&mut self, sql: String) {
        self.steps.push((Statement::from_string(self.backend, sql), None));
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// SQLite's file, written directly; see the module's note. A handle on
/// the writer's thread ([`super::group`]), which owns the connection.
#[derive(Clone, Debug)]
pub(super) struct Writer {
    jobs: mpsc::Sender<Job>,
}

/// A write transaction's hold on the writer: until it is dropped, the
/// writer's thread runs this transaction's steps and nothing else. The
/// thread rolls back what is left open when it is dropped (a request
/// cancelled midway, an error returned early), so the next writer never
/// finds someone else's transaction open.
pub(super) struct Held(mpsc::Sender<Step>);

impl Writer {
    /// On PostgreSQL and in-memory databases batches run through sqlx
    /// instead ([`apply_orm`]).
    pub(super) fn open(file: &Path) -> anyhow::Result<Self> {
        let conn = open(file)?;
        let (jobs, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || super::group::serve(conn, queue))?;
        Ok(Self { jobs })
    }

    fn send(&self, job: Job) -> Result<(), DbErr> {
        self.jobs.send(job).map_err(|_| stopped())
    }

    pub(super) async fn apply(&self, batch: Batch) -> AppResult<Applied> {
        let steps = encode(batch.steps)?;
        let (reply, answer) = oneshot::channel();
        self.send(Job::Unit(Unit { steps, reply: Reply::Batch(reply) }))?;
        answer.await.map_err(|_| stopped())?
    }

    /// One statement; it commits with whatever else is queued.
    pub(super) async fn execute(&self, statement: Statement) -> Result<Done, DbErr> {
        let steps = vec![encode_one(statement)?];
        let (reply, answer) = oneshot::channel();
        self.send(Job::Unit(Unit { steps, reply: Reply::One(reply) }))?;
        answer.await.map_err(|_| stopped())?
    }

    /// A transaction begun IMMEDIATE (the write lock is taken now, so
    /// whatever is read before the first write still holds at commit).
    pub(super) async fn begin(&self) -> Result<Held, DbErr> {
        let (steps, queue) = mpsc::channel();
        let (reply, answer) = oneshot::channel();
        self.send(Job::Hold(queue, reply))?;
        answer.await.map_err(|_| stopped())??;
        Ok(Held(steps))
    }
}

impl Held {
    /// Runs `f` on the writer's thread, inside the transaction.
    pub(super) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> T + Send + 'static,
    ) -> Result<T, DbErr> {
        let (reply, answer) = oneshot::channel();
        let step: Step = Box::new(move |conn| {
            let _ = reply.send(f(conn));
        });
        self.0.send(step).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())
    }

    /// One statement inside the transaction; the id is SQLite's last
    /// rowid, an insert's new key.
    pub(super) async fn execute(&self, statement: Statement) -> Result<Done, DbErr> {
        let step = encode_one(statement)?;
        self.run(move |conn| run_step(conn, &step).map_err(db_err)).await?
    }
}

/// The thread is gone: it only stops when it panics.
fn stopped() -> DbErr {
    DbErr::Custom("SQLite's writer has stopped".into())
}

/// Values are encoded here, on the caller's thread, so that the one
/// writer spends its time on SQLite alone.
fn encode(steps: Vec<(Statement, Option<u64>)>) -> AppResult<Vec<RawStep>> {
    steps
        .into_iter()
        .map(|(statement, guard)| {
            let values = statement.values.iter().flat_map(|v| v.0.iter()).map(to_raw);
            Ok(RawStep { sql: statement.sql, values: values.collect::<AppResult<_>>()?, guard })
        })
        .collect()
}

fn encode_one(statement: Statement) -> Result<RawStep, DbErr> {
    let mut steps = encode(vec![(statement, None)]).map_err(|e| DbErr::Custom(e.to_string()))?;
    steps.pop().ok_or_else(|| DbErr::Custom("no statement to encode".into()))
}

/// An in-memory database exists only on its own connection.
pub(super) fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// The file behind a SQLite URL; None for anything else.
pub(super) fn sqlite_file(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") || in_memory(url) {
        return None;
    }
    let opts = SqliteConnectOptions::from_str(url).ok()?;
    Some(opts.get_filename().to_path_buf())
}

/// The settings of `db::connect`, which made the file and its WAL.
/// Enough for every statement shape of the hot paths (answers come in
/// batches of different sizes, each its own statement).
const STATEMENT_CACHE: usize = 256;

/// Savepoints keep their undo pages in memory (`temp_store`), not in a
/// temporary file.
fn open(path: &Path) -> anyhow::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

pub(super) async fn apply_orm(db: &DatabaseConnection, batch: Batch) -> AppResult<Applied> {
    let txn = super::begin_immediate(db).await?;
    for (statement, guard) in batch.steps {
        let done = txn.execute_raw(statement).await?;
        if guard.is_some_and(|rows| rows != done.rows_affected()) {
            // Dropping the transaction rolls it back.
            return Ok(Applied::Changed);
        }
    }
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(Applied::Stored)
}

/// A time as sqlx stores a `DateTime<Utc>` on SQLite, so comparisons with
/// bound values agree; PostgreSQL reads the same text as a timestamptz.
pub fn time_text(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// A value as sqlx would bind it on SQLite (sea-query-sqlx, then sqlx's
/// encoders), so rows written here read back the same as any other.
fn to_raw(value: &Value) -> AppResult<Raw> {
    fn or_null<T>(v: &Option<T>, f: impl FnOnce(&T) -> Raw) -> Raw {
        v.as_ref().map_or(Raw::Null, f)
    }
    let time = |t: &chrono::DateTime<chrono::Utc>| Raw::Text(time_text(t));
    Ok(match value {
        Value::Bool(v) => or_null(v, |b| Raw::Integer(i64::from(*b))),
        Value::TinyInt(v) => or_null(v, |i| Raw::Integer(i64::from(*i))),
        Value::SmallInt(v) => or_null(v, |i| Raw::Integer(i64::from(*i))),
        Value::Int(v) => or_null(v, |i| Raw::Integer(i64::from(*i))),
        Value::BigInt(v) => or_null(v, |i| Raw::Integer(*i)),
        Value::TinyUnsigned(v) => or_null(v, |i| Raw::Integer(i64::from(*i))),
        Value::SmallUnsigned(v) => or_null(v, |i| Raw::Integer(i64::from(*i))),
        Value::Unsigned(v) => or_null(v, |i| Raw::Integer(i64::from(*i))),
        Value::Float(v) => or_null(v, |f| Raw::Real(f64::from(*f))),
        Value::Double(v) => or_null(v, |f| Raw::Real(*f)),
        Value::String(v) => or_null(v, |s| Raw::Text(s.clone())),
        Value::Char(v) => or_null(v, |c| Raw::Text(c.to_string())),
        Value::Bytes(v) => or_null(v, |b| Raw::Blob(b.clone())),
        Value::Json(v) => or_null(v, |j| Raw::Text(j.to_string())),
        Value::ChronoDateTimeUtc(v) => or_null(v, time),
        Value::ChronoDateTimeWithTimeZone(v) => {
            or_null(v, |t| Raw::Text(t.to_rfc3339_opts(SecondsFormat::AutoSi, false)))
        }
        Value::ChronoDate(v) => or_null(v, |d| Raw::Text(d.format("%F").to_string())),
        Value::Uuid(v) => or_null(v, |u| Raw::Blob(u.as_bytes().to_vec())),
        other => {
            return Err(AppError::Internal(anyhow::anyhow!(
                "no SQLite encoding for {other:?} on the write path"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sqlite_files_are_written_directly() {
        assert_eq!(
            sqlite_file("sqlite:///tmp/x/yardstick.db?mode=rwc"),
            Some(PathBuf::from("/tmp/x/yardstick.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/test"), None);
    }

    #[test]
    fn values_are_encoded_as_sqlx_encodes_them() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-01T02:17:36.123456789Z")
            .map(|t| t.to_utc())
            .ok();
        assert_eq!(
            to_raw(&Value::ChronoDateTimeUtc(t)).ok(),
            Some(Raw::Text("2026-12-01T02:17:36.123456789+00:00".into()))
        );
        assert_eq!(to_raw(&Value::Bool(Some(true))).ok(), Some(Raw::Integer(1)));
        assert_eq!(to_raw(&Value::String(None)).ok(), Some(Raw::Null));
        assert_eq!(to_raw(&Value::Double(Some(0.5))).ok(), Some(Raw::Real(0.5)));
    }
}
