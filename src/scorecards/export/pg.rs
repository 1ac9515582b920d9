//! The streamed exports on PostgreSQL: sqlx streams from the read pool,
//! decoded by column position; the visit's own columns only when a new
//! visit begins.
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sea_orm::sqlx::postgres::PgPool;
use sea_orm::sqlx::{self, Row};

use super::rows::{AnswerRow, Dialect, Plan, Sql, VisitRow, csv_time};
use super::sink::Sink;
use super::writers::RowWriter;

fn query<'q>(
    sql: &'q Sql,
    status: &'static str,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    // Audited: the text holds placeholders and integer ids only (`rows`).
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.text.as_str())).bind(status);
    for t in &sql.times {
        q = q.bind(*t);
    }
    q
}

/// A read-only transaction without JIT: the planner's cost estimate of a
/// whole export makes PostgreSQL compile the query first, which delays the
/// first row by a noticeable fraction of a second for no gain on a plain
/// index walk.
async fn reading(pool: &PgPool) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION READ ONLY").execute(&mut *tx).await?;
    sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
    Ok(tx)
}

pub async fn run(
    pool: &PgPool,
    plan: &Plan,
    w: &mut dyn RowWriter,
    sink: &mut Sink,
) -> anyhow::Result<()> {
    for status in &plan.statuses {
        let more = if w.wants_sections() {
            in_one(pool, plan, status, w, sink).await?
        } else {
            one_status(pool, plan, status, w, sink).await?
        };
        if !more {
            return Ok(());
        }
    }
    sink.send().await;
    Ok(())
}

/// `answers.csv`: one row per answer, no section scores. False when the
/// client has gone.
async fn one_status(
    pool: &PgPool,
    plan: &Plan,
    status: &'static str,
    w: &mut dyn RowWriter,
    sink: &mut Sink,
) -> anyhow::Result<bool> {
    let sql = plan.answers(Dialect::Postgres);
    let mut answers_conn = reading(pool).await?;
    let mut rows = query(&sql, status).fetch(&mut *answers_conn);
    let mut current: Option<String> = None;
    while let Some(r) = rows.try_next().await? {
        let id: &str = r.try_get(0)?;
        if current.as_deref() != Some(id) {
            if current.is_some() {
                w.end_visit(&mut sink.buf);
            }
            let started: Option<DateTime<Utc>> = r.try_get(1)?;
            let visit = VisitRow {
                id: id.to_owned(),
                status,
                started_at: csv_time(started),
                ended_at: csv_time(r.try_get(2)?),
                location_id: r.try_get(3)?,
                version_id: r.try_get(4)?,
                score: r.try_get(5)?,
                critical_failed: r.try_get(6)?,
            };
            w.visit(&visit, &mut sink.buf);
            current = Some(id.to_owned());
        }
        let code: Option<&str> = r.try_get(7)?;
        if let Some(code) = code {
            let answer = AnswerRow {
                code,
                value: r.try_get(8)?,
                na: r.try_get::<Option<bool>, _>(9)?.unwrap_or(false),
                earned: r.try_get(10)?,
                possible: r.try_get(11)?,
                failed: r.try_get::<Option<bool>, _>(12)?.unwrap_or(false),
                comment: r.try_get::<Option<&str>, _>(13)?.unwrap_or(""),
            };
            w.answer(&answer, &mut sink.buf);
        }
        if sink.full() && !sink.send().await {
            return Ok(false);
        }
    }
    if current.is_some() {
        w.end_visit(&mut sink.buf);
    }
    Ok(true)
}

/// `visits.csv`: one query ([`Plan::visits_gathered`]). False when the
/// client has gone.
async fn in_one(
    pool: &PgPool,
    plan: &Plan,
    status: &'static str,
    w: &mut dyn RowWriter,
    sink: &mut Sink,
) -> anyhow::Result<bool> {
    let sql = plan.visits_gathered();
    let mut conn = reading(pool).await?;
    let mut rows = query(&sql, status).fetch(&mut *conn);
    while let Some(r) = rows.try_next().await? {
        let visit = VisitRow {
            id: r.try_get(0)?,
            status,
            started_at: csv_time(r.try_get(1)?),
            ended_at: csv_time(r.try_get(2)?),
            location_id: r.try_get(3)?,
            version_id: r.try_get(4)?,
            score: r.try_get(5)?,
            critical_failed: r.try_get(6)?,
        };
        w.visit(&visit, &mut sink.buf);
        // A visit without sections or answers has NULL, not empty, arrays.
        let categories: Vec<String> = r.try_get::<Option<_>, _>(7)?.unwrap_or_default();
        let pcts: Vec<Option<f64>> = r.try_get::<Option<_>, _>(8)?.unwrap_or_default();
        for (category, pct) in categories.iter().zip(pcts) {
            w.section(category, pct);
        }
        let codes: Vec<String> = r.try_get::<Option<_>, _>(9)?.unwrap_or_default();
        let values: Vec<Option<String>> = r.try_get::<Option<_>, _>(10)?.unwrap_or_default();
        let nas: Vec<bool> = r.try_get::<Option<_>, _>(11)?.unwrap_or_default();
        for ((code, value), na) in codes.iter().zip(&values).zip(nas) {
            let answer = AnswerRow {
                code,
                value: value.as_deref(),
                na,
                earned: None,
                possible: None,
                failed: false,
                comment: "",
            };
            w.answer(&answer, &mut sink.buf);
        }
        w.end_visit(&mut sink.buf);
        if sink.full() && !sink.send().await {
            return Ok(false);
        }
    }
    Ok(true)
}
