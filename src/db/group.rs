//! The writer's thread: it owns SQLite's one writing connection and runs
//! what is queued for it, in order.
//!
//! Writes that arrive while it is busy are committed together: one
//! transaction for the group, each write inside a savepoint of its own.
//! A write whose guard fails, or whose statement fails, is undone back to
//! its savepoint and the rest of the group goes on; every caller hears
//! only after the commit, so a write reported stored is on disk (as far
//! as `synchronous = NORMAL` goes) and a reader that looks next sees it.
//! The thread never waits on a caller between writes, and the commit,
//! with the pages every visit touches (the visits table's last leaf, its
//! indexes), is written once per group rather than once per write
//! (BENCHMARKS.md, session 10).
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;

use rusqlite::Connection;
use rusqlite::types::Value as Raw;
use sea_orm::{DbErr, RuntimeErr};
use tokio::sync::oneshot;

use super::Done;
use crate::error::{AppError, AppResult, UNIQUE_VIOLATION};

/// What the thread is asked to do.
pub(super) enum Job {
    /// A write to commit, with whatever else is waiting.
    Unit(Unit),
    /// A transaction of the caller's (`db::WriteTx`): the thread runs its
    /// steps, and nothing else, until the caller lets go.
    Hold(mpsc::Receiver<Step>, oneshot::Sender<Result<(), DbErr>>),
}

/// A step of a held transaction.
pub(super) type Step = Box<dyn FnOnce(&Connection) + Send>;

/// A statement with its values encoded for SQLite; with a guard, the
/// number of rows it must change.
pub(super) struct RawStep {
    pub sql: String,
    pub values: Vec<Raw>,
    pub guard: Option<u64>,
}

/// One write: stored whole or not at all.
pub(super) struct Unit {
    pub steps: Vec<RawStep>,
    pub reply: Reply,
}

/// Where a unit's outcome goes, in the form its caller expects.
pub(super) enum Reply {
    Batch(oneshot::Sender<AppResult<Applied>>),
    One(oneshot::Sender<Result<Done, DbErr>>),
}

/// How one unit went inside its group.
enum Outcome {
    /// Kept; the last statement's rows and rowid.
    Stored(Done),
    /// A guard failed, so it was undone.
    Changed,
    /// A statement failed, so it was undone.
    Failed(rusqlite::Error),
}

/// Whether a batch was stored, or a guard found the data changed.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    Stored,
    Changed,
}

/// A group of writes in flight is at most this long: the first waits for
/// the last before it hears back.
const GROUP: usize = 32;

/// Serves until every handle on the writer is dropped.
pub(super) fn serve(mut conn: Connection, jobs: mpsc::Receiver<Job>) {
    let mut next: Option<Job> = None;
    loop {
        let job = match next.take() {
            Some(job) => job,
            None => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        match job {
            Job::Hold(steps, reply) => hold(&conn, &steps, reply),
            Job::Unit(first) => {
                let mut group = vec![first];
                while group.len() < GROUP {
                    match jobs.try_recv() {
                        Ok(Job::Unit(unit)) => group.push(unit),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                commit_group(&mut conn, group);
            }
        }
    }
}

/// Runs a held transaction's steps until its holder lets go, then rolls
/// back whatever it left open.
fn hold(
    conn: &Connection,
    steps: &mpsc::Receiver<Step>,
    reply: oneshot::Sender<Result<(), DbErr>>,
) {
    let begun = sql(conn, "BEGIN IMMEDIATE").map_err(db_err);
    let ok = begun.is_ok();
    if reply.send(begun).is_ok() && ok {
        while let Ok(step) = steps.recv() {
            // A step that panics loses its own answer, not the writer.
            let _ = std::panic::catch_unwind(AssertUnwindSafe(|| step(conn)));
        }
    }
    if !conn.is_autocommit() {
        let _ = sql(conn, "ROLLBACK");
    }
}

/// Commits a group, answering each unit. When SQLite gives up the whole
/// transaction because of one unit (it does for some errors, such as a
/// full disk), that unit fails and the others are run again.
fn commit_group(conn: &mut Connection, mut group: Vec<Unit>) {
    while !group.is_empty() {
        match run_group(conn, &group) {
            Ok(outcomes) => {
                for (unit, outcome) in group.into_iter().zip(outcomes) {
                    unit.reply.send(outcome);
                }
                return;
            }
            Err(GroupErr::Lost(at, e)) => group.remove(at).reply.send(Outcome::Failed(e)),
            Err(GroupErr::All(e)) => {
                if !conn.is_autocommit() {
                    let _ = sql(conn, "ROLLBACK");
                }
                let text = e.to_string();
                for unit in group {
                    unit.reply.fail(&text);
                }
                return;
            }
        }
    }
}

enum GroupErr {
    /// The transaction is gone, because of the unit at this index.
    Lost(usize, rusqlite::Error),
    /// Beginning or committing failed: nothing is stored.
    All(rusqlite::Error),
}

fn run_group(conn: &Connection, group: &[Unit]) -> Result<Vec<Outcome>, GroupErr> {
    sql(conn, "BEGIN IMMEDIATE").map_err(GroupErr::All)?;
    let mut outcomes = Vec::with_capacity(group.len());
    for (i, unit) in group.iter().enumerate() {
        sql(conn, "SAVEPOINT unit").map_err(GroupErr::All)?;
        let outcome = match run_unit(conn, &unit.steps) {
            Ok(outcome) => outcome,
            Err(e) if conn.is_autocommit() => return Err(GroupErr::Lost(i, e)),
            Err(e) => Outcome::Failed(e),
        };
        if !matches!(outcome, Outcome::Stored(_)) {
            sql(conn, "ROLLBACK TO unit").map_err(GroupErr::All)?;
        }
        sql(conn, "RELEASE unit").map_err(GroupErr::All)?;
        outcomes.push(outcome);
    }
    sql(conn, "COMMIT").map_err(GroupErr::All)?;
    Ok(outcomes)
}

/// A unit's statements in order, stopping at the first guard that fails.
fn run_unit(conn: &Connection, steps: &[RawStep]) -> rusqlite::Result<Outcome> {
    let mut done = Done::default();
    for step in steps {
        done = run_step(conn, step)?;
        if step.guard.is_some_and(|want| want != done.rows) {
            return Ok(Outcome::Changed);
        }
    }
    Ok(Outcome::Stored(done))
}

/// One statement: the rows it changed, and SQLite's last rowid (an
/// insert's new key).
pub(super) fn run_step(conn: &Connection, step: &RawStep) -> rusqlite::Result<Done> {
    let rows = conn.prepare_cached(&step.sql)?.execute(rusqlite::params_from_iter(&step.values))?;
    Ok(Done { rows: rows as u64, id: conn.last_insert_rowid() })
}

/// A statement without values, prepared once.
fn sql(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

fn is_unique(e: &rusqlite::Error) -> bool {
    use rusqlite::ffi::{SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE};
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.extended_code, SQLITE_CONSTRAINT_UNIQUE | SQLITE_CONSTRAINT_PRIMARYKEY))
}

/// A duplicate is marked so that `AppError` tells it from other failures,
/// as sea-orm does for sqlx's errors.
pub(super) fn db_err(e: rusqlite::Error) -> DbErr {
    let text = if is_unique(&e) { format!("{UNIQUE_VIOLATION}{e}") } else { e.to_string() };
    DbErr::Exec(RuntimeErr::Internal(text))
}

/// As `AppError::from(DbErr)` answers on the other path: a duplicate is a
/// conflict, anything else the server's fault.
fn raw_err(e: rusqlite::Error) -> AppError {
    if is_unique(&e) {
        return AppError::Conflict(crate::i18n::Msg::new("error-conflict"));
    }
    AppError::Internal(anyhow::Error::new(e).context("writing to SQLite"))
}

impl Reply {
    fn send(self, outcome: Outcome) {
        // A caller that has gone (a cancelled request) needs no answer.
        match self {
            Reply::Batch(to) => {
                let _ = to.send(match outcome {
                    Outcome::Stored(_) => Ok(Applied::Stored),
                    Outcome::Changed => Ok(Applied::Changed),
                    Outcome::Failed(e) => Err(raw_err(e)),
                });
            }
            Reply::One(to) => {
                let _ = to.send(match outcome {
                    Outcome::Stored(done) => Ok(done),
                    Outcome::Changed => {
                        Err(DbErr::Custom("a single statement has no guard".into()))
                    }
                    Outcome::Failed(e) => Err(db_err(e)),
                });
            }
        }
    }

    fn fail(self, text: &str) {
        let text = format!("writing to SQLite: {text}");
        match self {
            Reply::Batch(to) => {
                let _ = to.send(Err(AppError::Internal(anyhow::anyhow!(text))));
            }
            Reply::One(to) => {
                let _ = to.send(Err(DbErr::Custom(text)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Connection {
        let conn = Connection::open_in_memory().expect("an in-memory database");
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL UNIQUE)")
            .expect("a table");
        conn
    }

    fn step(sql: &str, n: i64, guard: Option<u64>) -> RawStep {
        RawStep { sql: sql.into(), values: vec![Raw::Integer(n)], guard }
    }

    fn insert(n: i64) -> RawStep {
        step("INSERT INTO t (n) VALUES (?)", n, None)
    }

    fn batch(steps: Vec<RawStep>) -> (Unit, oneshot::Receiver<AppResult<Applied>>) {
        let (reply, answer) = oneshot::channel();
        (Unit { steps, reply: Reply::Batch(reply) }, answer)
    }

    fn stored(conn: &Connection) -> Vec<i64> {
        let mut q = conn.prepare("SELECT n FROM t ORDER BY n").expect("a query");
        q.query_map([], |r| r.get(0)).expect("rows").map(|n| n.expect("a number")).collect()
    }

    fn outcome(mut answer: oneshot::Receiver<AppResult<Applied>>) -> Result<Applied, String> {
        answer.try_recv().expect("an answer").map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn a_failed_guard_undoes_its_own_write_and_no_other() {
        let mut conn = table();
        let (first, a) = batch(vec![insert(1)]);
        let missing = step("UPDATE t SET n = 3 WHERE n = ?", 99, Some(1));
        let (second, b) = batch(vec![insert(2), missing]);
        let (third, c) = batch(vec![insert(4)]);
        commit_group(&mut conn, vec![first, second, third]);
        assert_eq!(outcome(a), Ok(Applied::Stored));
        assert_eq!(outcome(b), Ok(Applied::Changed));
        assert_eq!(outcome(c), Ok(Applied::Stored));
        assert_eq!(stored(&conn), vec![1, 4]);
        assert!(conn.is_autocommit(), "the group's transaction is closed");
    }

    #[test]
    fn a_failing_statement_fails_its_write_alone() {
        let mut conn = table();
        let (first, a) = batch(vec![insert(1)]);
        let (second, b) = batch(vec![insert(2), insert(1)]);
        let (third, c) = batch(vec![insert(5)]);
        commit_group(&mut conn, vec![first, second, third]);
        assert_eq!(outcome(a), Ok(Applied::Stored));
        let duplicate = outcome(b).expect_err("a duplicate fails");
        assert!(duplicate.contains("Conflict"), "a duplicate is a conflict: {duplicate}");
        assert_eq!(outcome(c), Ok(Applied::Stored));
        assert_eq!(stored(&conn), vec![1, 5]);
    }

    #[test]
    fn a_later_write_in_a_group_sees_an_earlier_one() {
        // Two saves prepared from the same read: the second's guard must
        // see the first's change and fail, as it would one commit later.
        let mut conn = table();
        conn.execute("INSERT INTO t (n) VALUES (10)", []).expect("a row");
        let bump = || step("UPDATE t SET n = n + 1 WHERE n = ?", 10, Some(1));
        let (first, a) = batch(vec![bump()]);
        let (second, b) = batch(vec![bump()]);
        commit_group(&mut conn, vec![first, second]);
        assert_eq!(outcome(a), Ok(Applied::Stored));
        assert_eq!(outcome(b), Ok(Applied::Changed));
        assert_eq!(stored(&conn), vec![11]);
    }

    #[test]
    fn a_single_statement_answers_its_rows_and_new_id() {
        let mut conn = table();
        let (reply, mut answer) = oneshot::channel();
        commit_group(&mut conn, vec![Unit { steps: vec![insert(7)], reply: Reply::One(reply) }]);
        let done = answer.try_recv().expect("an answer").expect("stored");
        assert_eq!((done.rows, done.id), (1, 1));
    }

    #[test]
    fn a_held_transaction_let_go_without_commit_is_rolled_back() {
        let conn = table();
        let (steps, queue) = mpsc::channel::<Step>();
        let (reply, mut begun) = oneshot::channel();
        steps
            .send(Box::new(|c: &Connection| {
                c.execute("INSERT INTO t (n) VALUES (1)", []).expect("an insert");
            }))
            .expect("queued");
        drop(steps);
        hold(&conn, &queue, reply);
        assert!(begun.try_recv().expect("an answer").is_ok());
        assert!(conn.is_autocommit());
        assert_eq!(stored(&conn), Vec::<i64>::new());
    }
}
