//! The streamed exports on SQLite: one read-only connection of our own,
//! stepped on a blocking thread. Through sqlx each row would be a message
//! between threads; here a row costs what SQLite costs.
use std::path::Path;
use std::time::Duration;

use chrono::DateTime;
use rusqlite::{Connection, OpenFlags, Row, params_from_iter};

use super::rows::{AnswerRow, Dialect, Plan, Sql, VisitRow, sqlite_time};
use super::sink::Sink;
use super::writers::RowWriter;

fn params(status: &str, sql: &Sql) -> Vec<String> {
    std::iter::once(status.to_owned()).chain(sql.times.iter().map(sqlite_time)).collect()
}

/// As stored (sqlx's RFC 3339), written in the API's form.
fn time(raw: Option<String>) -> String {
    match raw {
        None => String::new(),
        Some(s) => match DateTime::parse_from_rfc3339(&s) {
            Ok(t) => t.to_utc().to_rfc3339(),
            Err(_) => s,
        },
    }
}

/// A section score waiting for its visit: (started_at, visit id, category, pct).
type Pending = (String, String, String, Option<f64>);

fn pending(r: &Row<'_>) -> rusqlite::Result<Pending> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

pub fn run(path: &Path, plan: &Plan, w: &mut dyn RowWriter, sink: &mut Sink) -> anyhow::Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // One snapshot for the answers and the section scores.
    conn.execute_batch("BEGIN")?;
    for status in &plan.statuses {
        if !one_status(&conn, plan, status, w, sink)? {
            return Ok(());
        }
    }
    sink.send_blocking();
    Ok(())
}

/// False when the client has gone.
fn one_status(
    conn: &Connection,
    plan: &Plan,
    status: &'static str,
    w: &mut dyn RowWriter,
    sink: &mut Sink,
) -> anyhow::Result<bool> {
    let sql = plan.answers(Dialect::Sqlite);
    let mut stmt = conn.prepare(&sql.text)?;
    let mut rows = stmt.query(params_from_iter(params(status, &sql)))?;
    let sections_sql = plan.sections();
    let mut sections_stmt = conn.prepare(&sections_sql.text)?;
    let mut sections = if w.wants_sections() {
        Some(sections_stmt.query(params_from_iter(params(status, &sections_sql)))?)
    } else {
        None
    };
    let mut next_section: Option<Pending> = None;
    let mut current: Option<(String, String)> = None;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str()?;
        if current.as_ref().is_none_or(|(_, c)| c != id) {
            if current.is_some() {
                w.end_visit(&mut sink.buf);
            }
            let started: Option<String> = r.get(1)?;
            let key = (started.clone().unwrap_or_default(), id.to_owned());
            let visit = VisitRow {
                id: id.to_owned(),
                status,
                started_at: time(started),
                ended_at: time(r.get(2)?),
                location_id: r.get(3)?,
                version_id: r.get(4)?,
                score: r.get(5)?,
                critical_failed: r.get(6)?,
            };
            w.visit(&visit, &mut sink.buf);
            if let Some(s) = sections.as_mut() {
                // Both queries walk the visits in the same order.
                loop {
                    if next_section.is_none() {
                        next_section = s.next()?.map(pending).transpose()?;
                    }
                    let Some(p) = &next_section else { break };
                    let here = (&p.0, &p.1).cmp(&(&key.0, &key.1));
                    if here.is_gt() {
                        break;
                    }
                    if here.is_eq() {
                        w.section(&p.2, p.3);
                    }
                    next_section = None;
                }
            }
            current = Some(key);
        }
        if let Some(code) = r.get_ref(7)?.as_str_or_null()? {
            let answer = AnswerRow {
                code,
                value: r.get_ref(8)?.as_str_or_null()?,
                na: r.get(9)?,
                earned: r.get(10)?,
                possible: r.get(11)?,
                failed: r.get(12)?,
                comment: r.get_ref(13)?.as_str_or_null()?.unwrap_or(""),
            };
            w.answer(&answer, &mut sink.buf);
        }
        if sink.full() && !sink.send_blocking() {
            return Ok(false);
        }
    }
    if current.is_some() {
        w.end_visit(&mut sink.buf);
    }
    Ok(true)
}
