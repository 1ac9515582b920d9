//! The outbox worker: claims due mails, sends them, marks them sent.
//!
//! The guarantee is at most once. A worker claims a batch (status
//! `claimed`, with a lease in `claimed_until`), and marks each mail
//! `sending` in a write of its own just before handing it to the server;
//! only then does it send. A claim that runs out with its mail still
//! `claimed` (the worker died before starting it) goes back to `pending`:
//! nothing was sent. Only an answer that proves nothing was handed over
//! (the server refused "for now", or could not be reached) puts a
//! `sending` mail back to `pending` for a retry with exponential back-off,
//! and after [`MAX_ATTEMPTS`] it is `failed`. A mail whose exchange broke
//! midway, or that was still `sending` when its lease ran out (its worker
//! died between the send and the mark: `kill -9`, a lost database),
//! becomes `uncertain`: listed for admins, never resent by itself. So a
//! crash leaves at most the mails in flight (`Options::parallel`)
//! uncertain. On PostgreSQL several instances claim with `FOR UPDATE SKIP
//! LOCKED`, so no two take the same row; on SQLite the one writer
//! serialises the claims.
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, Statement, Value};

use super::mail::{Mailer, SMTP_TIMEOUT, SendError};
use crate::db::{Db, Write};
use crate::entities::outbox;
use crate::error::AppResult;

pub const PENDING: &str = "pending";
pub const CLAIMED: &str = "claimed";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const UNCERTAIN: &str = "uncertain";

/// Attempts before a mail is given up as failed.
pub const MAX_ATTEMPTS: i32 = 8;

/// How the worker runs; the defaults suit a server.
#[derive(Clone, Debug)]
pub struct Options {
    /// Mails claimed at once.
    pub batch: u32,
    /// Mails sent at once (over the transport's pooled connections).
    pub parallel: usize,
    /// The first retry's delay; each further one doubles it (up to a day).
    pub backoff: chrono::Duration,
    /// How long to wait when nothing is due.
    pub idle: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch: 50,
            parallel: 8,
            backoff: chrono::Duration::minutes(1),
            idle: Duration::from_secs(5),
        }
    }
}

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub claimed: usize,
    pub sent: usize,
    pub retry: usize,
    pub failed: usize,
    pub uncertain: usize,
    /// Claims found run out (their worker gone) and marked uncertain.
    pub expired: u64,
}

/// The lease: longer than the claimed mails can take to send.
fn lease(o: &Options) -> chrono::Duration {
    let per_mail = SMTP_TIMEOUT.as_secs() as i64 + 5;
    let waves = u64::from(o.batch).div_ceil(o.parallel.max(1) as u64) as i64;
    chrono::Duration::seconds(60 + per_mail * waves)
}

fn backoff(o: &Options, attempts: i32) -> chrono::Duration {
    let doublings = attempts.clamp(1, 20) - 1;
    let d = o.backoff * 2i32.saturating_pow(doublings as u32);
    d.min(chrono::Duration::days(1))
}

fn stmt(db: &Db, pg: &str, values: Vec<Value>) -> Statement {
    let backend = db.backend();
    let sql = match backend {
        DbBackend::Postgres => pg.to_owned(),
        // $1, $2 ... become ?: every placeholder is used once, in order.
        _ => {
            let mut out = String::with_capacity(pg.len());
            let mut chars = pg.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                    out.push('?');
                } else {
                    out.push(c);
                }
            }
            out
        }
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn t(at: DateTime<Utc>) -> Value {
    Value::ChronoDateTimeUtc(Some(at))
}

fn s(text: &str) -> Value {
    Value::String(Some(text.to_owned()))
}

/// Claims that ran out: mails never started go back to `pending`; mails
/// being sent become `uncertain` (their outcome is unknown). Answers how
/// many became uncertain.
pub async fn expire_claims(db: &Db, now: DateTime<Utc>) -> AppResult<u64> {
    let back = stmt(
        db,
        "UPDATE outbox SET status = $1, claimed_until = NULL, claimed_by = NULL, \
         attempts = attempts - 1 WHERE status = $2 AND claimed_until < $3",
        vec![s(PENDING), s(CLAIMED), t(now)],
    );
    db.run(back, false).await?;
    let q = stmt(
        db,
        "UPDATE outbox SET status = $1, last_error = $2 \
         WHERE status = $3 AND claimed_until < $4",
        vec![
            s(UNCERTAIN),
            s("the worker stopped while sending: the mail may or may not have gone"),
            s(SENDING),
            t(now),
        ],
    );
    Ok(db.run(q, false).await?.rows)
}

/// Marks one claimed mail as being sent, in a write of its own before
/// the send: whether it is still this worker's to send.
pub async fn start(db: &Db, row: &outbox::Model) -> AppResult<bool> {
    let q = stmt(
        db,
        "UPDATE outbox SET status = $1 WHERE id = $2 AND claimed_by = $3 AND status = $4",
        vec![
            s(SENDING),
            Value::Int(Some(row.id)),
            s(row.claimed_by.as_deref().unwrap_or_default()),
            s(CLAIMED),
        ],
    );
    Ok(db.run(q, false).await?.rows == 1)
}

/// Claims up to `batch` due mails for this worker: the rows, now `claimed`.
pub async fn claim(db: &Db, o: &Options, now: DateTime<Utc>) -> AppResult<Vec<outbox::Model>> {
    let token = uuid::Uuid::new_v4().to_string();
    // PostgreSQL: the queue's usual form; rows another worker is claiming
    // are skipped, not waited for. SQLite: the one writer runs one claim
    // at a time.
    let sql = match db.backend() {
        DbBackend::Postgres => {
            "WITH picked AS (SELECT id FROM outbox \
               WHERE status = $4 AND next_attempt_at <= $5 ORDER BY id LIMIT $6 \
               FOR UPDATE SKIP LOCKED) \
             UPDATE outbox SET status = $1, claimed_until = $2, claimed_by = $3, \
               attempts = attempts + 1 \
             FROM picked WHERE outbox.id = picked.id"
        }
        _ => {
            "UPDATE outbox SET status = $1, claimed_until = $2, claimed_by = $3, \
               attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox \
               WHERE status = $4 AND next_attempt_at <= $5 ORDER BY id LIMIT $6)"
        }
    };
    let q = stmt(
        db,
        sql,
        vec![
            s(CLAIMED),
            t(now + lease(o)),
            s(&token),
            s(PENDING),
            t(now),
            Value::BigInt(Some(i64::from(o.batch))),
        ],
    );
    if db.run(q, false).await?.rows == 0 {
        return Ok(Vec::new());
    }
    Ok(outbox::Entity::find()
        .filter(outbox::Column::ClaimedBy.eq(token))
        .filter(outbox::Column::Status.eq(CLAIMED))
        .order_by_asc(outbox::Column::Id)
        .all(db.read())
        .await?)
}

async fn settle(
    db: &Db,
    o: &Options,
    row: &outbox::Model,
    outcome: &Result<(), SendError>,
) -> AppResult<&'static str> {
    let now = Utc::now();
    let claimed_by = s(row.claimed_by.as_deref().unwrap_or_default());
    let (status, q) = match outcome {
        Ok(()) => (
            SENT,
            stmt(
                db,
                "UPDATE outbox SET status = $1, sent_at = $2, claimed_until = NULL, \
                 last_error = NULL WHERE id = $3 AND claimed_by = $4 AND status = 'sending'",
                vec![s(SENT), t(now), Value::Int(Some(row.id)), claimed_by],
            ),
        ),
        Err(SendError::Retry(e)) if row.attempts < MAX_ATTEMPTS => (
            PENDING,
            stmt(
                db,
                "UPDATE outbox SET status = $1, next_attempt_at = $2, claimed_until = NULL, \
                 last_error = $3 WHERE id = $4 AND claimed_by = $5 AND status = 'sending'",
                vec![
                    s(PENDING),
                    t(now + backoff(o, row.attempts)),
                    s(e),
                    Value::Int(Some(row.id)),
                    claimed_by,
                ],
            ),
        ),
        Err(SendError::Retry(e) | SendError::Refused(e)) => (
            FAILED,
            stmt(
                db,
                "UPDATE outbox SET status = $1, claimed_until = NULL, last_error = $2 \
                 WHERE id = $3 AND claimed_by = $4 AND status = 'sending'",
                vec![s(FAILED), s(e), Value::Int(Some(row.id)), claimed_by],
            ),
        ),
        Err(SendError::Unknown(e)) => (
            UNCERTAIN,
            stmt(
                db,
                "UPDATE outbox SET status = $1, claimed_until = NULL, last_error = $2 \
                 WHERE id = $3 AND claimed_by = $4 AND status = 'sending'",
                vec![s(UNCERTAIN), s(e), Value::Int(Some(row.id)), claimed_by],
            ),
        ),
    };
    db.run(q, false).await?;
    Ok(status)
}

/// One round: expired claims become uncertain, then a batch is claimed,
/// sent and settled.
pub async fn run_once(
    db: &Db,
    mailer: &Mailer,
    o: &Options,
    now: DateTime<Utc>,
) -> AppResult<Round> {
    let mut round = Round { expired: expire_claims(db, now).await?, ..Round::default() };
    let rows = claim(db, o, now).await?;
    round.claimed = rows.len();
    let outcomes: Vec<AppResult<&str>> = futures_util::stream::iter(rows)
        .map(|row| async move {
            if !start(db, &row).await? {
                return Ok(CLAIMED);
            }
            let outcome = mailer.send(&row).await;
            if let Err(e) = &outcome {
                tracing::warn!(outbox = row.id, error = ?e, "a mail was not sent");
            }
            settle(db, o, &row, &outcome).await
        })
        .buffer_unordered(o.parallel.max(1))
        .collect()
        .await;
    for status in outcomes {
        match status? {
            SENT => round.sent += 1,
            PENDING => round.retry += 1,
            // Its claim ran out and another worker took it.
            CLAIMED => {}
            FAILED => round.failed += 1,
            _ => round.uncertain += 1,
        }
    }
    Ok(round)
}

/// Sends until nothing is due (a command, the bench): the rounds' sum.
pub async fn drain(db: &Db, mailer: &Mailer, o: &Options) -> AppResult<Round> {
    let mut total = Round::default();
    loop {
        let r = run_once(db, mailer, o, Utc::now()).await?;
        total.claimed += r.claimed;
        total.sent += r.sent;
        total.retry += r.retry;
        total.failed += r.failed;
        total.uncertain += r.uncertain;
        total.expired += r.expired;
        if r.claimed == 0 {
            return Ok(total);
        }
    }
}

/// The server's worker: runs for ever, resting when nothing is due.
pub async fn work(db: Db, mailer: Mailer, o: Options) {
    loop {
        match run_once(&db, &mailer, &o, Utc::now()).await {
            Ok(r) if r.claimed > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e.plain_message(), "the outbox worker failed"),
        }
        tokio::time::sleep(o.idle).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_a_day() {
        let o = Options::default();
        assert_eq!(backoff(&o, 1), chrono::Duration::minutes(1));
        assert_eq!(backoff(&o, 2), chrono::Duration::minutes(2));
        assert_eq!(backoff(&o, 4), chrono::Duration::minutes(8));
        assert_eq!(backoff(&o, 20), chrono::Duration::days(1));
    }

    #[test]
    fn the_lease_outlasts_the_batch() {
        let o = Options::default();
        let worst = SMTP_TIMEOUT.as_secs() as i64 * i64::from(o.batch) / o.parallel as i64;
        assert!(lease(&o).num_seconds() > worst);
    }
}
