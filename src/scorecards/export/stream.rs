//! Starting a streamed export: the lookups, the header at once, then the
//! rows read on their own task into the [`Sink`].
use std::io;
use std::path::Path;

use bytes::Bytes;
use futures_util::Stream;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use tokio::sync::mpsc;

use super::lookup::Lookup;
use super::rows::{Dialect, Plan};
use super::sink::{QUEUE, Sink};
use super::writers::{Answers, RowWriter, Visits};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::scorecards::Filters;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `answers.csv`: one row per answer.
    Answers,
    /// `visits.csv`: one row per visit.
    Visits,
}

async fn versions_used(db: &Db, plan: &Plan, d: Dialect) -> AppResult<Vec<i32>> {
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    for status in &plan.statuses {
        let sql = plan.versions_used(d);
        let mut values: Vec<Value> = vec![(*status).into()];
        values.extend(sql.times.iter().map(|t| Value::from(*t)));
        let stmt = Statement::from_sql_and_values(backend, sql.text, values);
        for r in db.query_all_raw(stmt).await? {
            let id: i32 = r.try_get_by_index(0)?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

/// The export as a stream of chunks, the header first. Errors before the
/// first row (bad database, lookup) are answered as errors; later ones end
/// the body abnormally.
pub async fn stream(
    db: &Db,
    f: &Filters,
    kind: Kind,
) -> AppResult<impl Stream<Item = io::Result<Bytes>> + Send + 'static> {
    let lookup = Lookup::load(db).await?;
    let plan = Plan::new(f, &lookup);
    let dialect = match db.get_database_backend() {
        DatabaseBackend::Sqlite => Dialect::Sqlite,
        DatabaseBackend::Postgres => Dialect::Postgres,
        other => return Err(AppError::Internal(anyhow::anyhow!("no exports on {other:?}"))),
    };
    let writer: Box<dyn RowWriter> = match kind {
        Kind::Answers => Box::new(Answers::new(lookup)),
        Kind::Visits => {
            let used = versions_used(db, &plan, dialect).await?;
            Box::new(Visits::new(lookup, &used))
        }
    };
    let (tx, mut rx) = mpsc::channel(QUEUE);
    let mut sink = Sink { tx, buf: super::BOM.as_bytes().to_vec() };
    writer.header(&mut sink.buf);
    // The header goes out at once: the client sees the download start.
    let header = sink.take();
    let _ = sink.tx.try_send(Ok(header));
    match dialect {
        Dialect::Sqlite => {
            let path = db.sqlite_file().map(Path::to_path_buf).ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("streamed exports need a SQLite file"))
            })?;
            tokio::task::spawn_blocking(move || {
                let mut writer = writer;
                if let Err(e) = super::sqlite::run(&path, &plan, writer.as_mut(), &mut sink) {
                    sink.fail_blocking(&e);
                }
            });
        }
        Dialect::Postgres => {
            let pool = db.conn().get_postgres_connection_pool().clone();
            tokio::spawn(async move {
                let mut writer = writer;
                if let Err(e) = super::pg::run(&pool, &plan, writer.as_mut(), &mut sink).await {
                    sink.fail(&e).await;
                }
            });
        }
    }
    // `poll_recv` keeps answering `None` after the end: a fused stream.
    Ok(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}
