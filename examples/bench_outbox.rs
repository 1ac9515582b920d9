//! Benchmark: the outbox sending 10,000 notification mails to a local SMTP
//! server (tests/smtp_sink.py, aiosmtpd), with the worker killed (`kill -9`)
//! midway and started again.
//!
//!     cargo run --release --example bench_outbox -- [MAILS] [KILL_AFTER]
//!
//! MAILS defaults to 10,000 and KILL_AFTER (mails received before the
//! kill) to half of them. SQLite in a temporary data dir; set
//! `YARDSTICK_BENCH_DATABASE_URL=postgres://...` (an empty database) for
//! PostgreSQL. The worker is this example in its own process
//! (`bench_outbox worker URL SMTP`), sending as the server does
//! (`outbox::drain`, the default options).
//!
//! Prints: the mails per second of each run (from its first claim to its
//! last mark), the outbox's final states, the mails the server received,
//! and the duplicates among them (by `X-Yardstick-Outbox`). The mails the
//! killed worker had claimed but not marked stay `sending` until their
//! lease runs out; the bench then expires them as the next worker would
//! (`expire_claims` at a time past the lease): those being sent become
//! `uncertain` (the bench says how many, and how many of those the server
//! had in fact received), those claimed but never begun go back to
//! `pending` and a third worker sends them.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use yardstick::db::{Db, insert_row};
use yardstick::entities::{outbox as ob, user};
use yardstick::notifications::{self, Mailer, outbox};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn sink(port: u16, dir: &Path) -> Killed {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(port.to_string())
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 tests/smtp_sink.py (pip install aiosmtpd)");
    let mut line = String::new();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut out, &mut line).unwrap();
    assert_eq!(line.trim(), "ready");
    Killed(child)
}

fn received(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect()
}

async fn worker(url: &str, smtp: &str) -> anyhow::Result<()> {
    let db = Db::open(url).await?;
    let mailer = Mailer::new(smtp, "Yardstick <bench@localhost>")?;
    let started = Instant::now();
    let r = outbox::drain(&db, &mailer, &outbox::Options::default())
        .await
        .map_err(|e| anyhow::anyhow!(e.plain_message()))?;
    println!("{} {:.3}", r.sent, started.elapsed().as_secs_f64());
    Ok(())
}

async fn fill(db: &Db, mails: usize) -> anyhow::Result<()> {
    let now = Utc::now();
    let mut users = Vec::new();
    for i in 0..100 {
        let u = user::ActiveModel {
            email: Set(format!("bench-{i}@example.com")),
            name: Set(format!("Bench {i}")),
            role: Set("shopper".into()),
            password_hash: Set("-".into()),
            locale: Set(Some(["en", "fa", "ar"][i % 3].into())),
            active: Set(true),
            session_version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        users.push(insert_row(db, u).await?);
    }
    let body = "x".repeat(600);
    let mut batch = db.batch();
    for i in 0..mails {
        let u = &users[i % users.len()];
        batch.push(&ob::Entity::insert(ob::ActiveModel {
            user_id: Set(u.id),
            recipient: Set(u.email.clone()),
            locale: Set(u.locale.clone().unwrap_or_default()),
            kind: Set("assignment_new".into()),
            subject: Set(format!("New assignment {i}")),
            text_body: Set(format!("Mail {i}\n{body}")),
            html_body: Set(format!("<p>Mail {i}</p><p>{body}</p>")),
            unsubscribe: Set("http://127.0.0.1/unsubscribe".into()),
            dedupe_key: Set(format!("bench:{i}")),
            status: Set(outbox::PENDING.into()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            claimed_until: Set(None),
            claimed_by: Set(None),
            sent_at: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            ..Default::default()
        }));
        if (i + 1) % 1000 == 0 || i + 1 == mails {
            db.apply(std::mem::replace(&mut batch, db.batch())).await?;
        }
    }
    Ok(())
}

fn start_worker(url: &str, smtp: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["worker", url, smtp])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

fn rate(out: &str) -> (usize, f64) {
    let mut it = out.split_whitespace();
    let sent = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let secs = it.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
    (sent, secs)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("worker") {
        return worker(&args[2], &args[3]).await;
    }
    let mails: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let kill_after: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(mails / 2 + 7);
    let data = tempfile::tempdir()?;
    let url = std::env::var("YARDSTICK_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| yardstick::config::sqlite_url_in(data.path()));
    let port = free_port();
    let inbox = data.path().join("inbox");
    let _sink = sink(port, &inbox);
    let smtp = format!("smtp://127.0.0.1:{port}");

    let db = Db::open(&url).await?;
    notifications::configure(&db, true, "http://127.0.0.1")
        .await
        .map_err(|e| anyhow::anyhow!(e.plain_message()))?;
    let filled = Instant::now();
    fill(&db, mails).await?;
    println!("queued {mails} mails in {:.1} s", filled.elapsed().as_secs_f64());

    // The first worker, killed once the server has KILL_AFTER mails.
    let started = Instant::now();
    let mut first = start_worker(&url, &smtp);
    while received(&inbox).len() < kill_after {
        if first.try_wait()?.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let killed = first.kill(); // SIGKILL
    first.wait()?;
    killed?;
    let first_secs = started.elapsed().as_secs_f64();
    let at_kill = received(&inbox).len();
    let states =
        |counts: Vec<(String, i64)>| -> HashMap<String, i64> { counts.into_iter().collect() };
    let mid = states(notifications::outbox_counts(db.read()).await?);
    println!(
        "worker 1: killed (SIGKILL) after {first_secs:.2} s with {at_kill} mails received: \
         {:.0} mails/s; outbox then: {mid:?}",
        at_kill as f64 / first_secs
    );

    // The second worker: everything still pending.
    let second = start_worker(&url, &smtp);
    let out = second.wait_with_output()?;
    let (sent, secs) = rate(&String::from_utf8_lossy(&out.stdout));
    println!("worker 2: sent {sent} in {secs:.2} s: {:.0} mails/s", sent as f64 / secs);

    // Past the lease, the killed worker's claims are found out.
    let later = Utc::now() + chrono::Duration::hours(1);
    let uncertain =
        outbox::expire_claims(&db, later).await.map_err(|e| anyhow::anyhow!(e.plain_message()))?;
    // The mails the killed worker had claimed but not begun are pending
    // again: a worker started after the lease sends them.
    let third = start_worker(&url, &smtp).wait_with_output()?;
    let (resent, secs3) = rate(&String::from_utf8_lossy(&third.stdout));
    println!(
        "after the lease: {uncertain} uncertain; worker 3 sent the {resent} claimed but never begun \
         in {secs3:.2} s"
    );
    let end = states(notifications::outbox_counts(db.read()).await?);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let files = received(&inbox);
    let mut ids: HashMap<String, usize> = HashMap::new();
    for f in &files {
        let raw = std::fs::read_to_string(f)?;
        let id = raw
            .lines()
            .find_map(|l| l.strip_prefix("X-Yardstick-Outbox: "))
            .unwrap_or_default()
            .trim()
            .to_owned();
        *ids.entry(id).or_default() += 1;
    }
    let duplicates: usize = ids.values().map(|n| n - 1).sum();
    let uncertain_rows =
        ob::Entity::find().filter(ob::Column::Status.eq(outbox::UNCERTAIN)).all(db.read()).await?;
    let uncertain_arrived =
        uncertain_rows.iter().filter(|r| ids.contains_key(&r.id.to_string())).count();
    println!("outbox at the end: {end:?}");
    println!(
        "received {} mails, {} distinct, duplicates = {duplicates}; \
         uncertain after the kill: {uncertain} (of which the server had received {uncertain_arrived}); \
         lost (neither sent nor uncertain): {}",
        files.len(),
        ids.len(),
        mails as i64 - end.get("sent").copied().unwrap_or(0) - uncertain as i64
    );
    println!(
        "overall: {} mails in {:.2} s of sending: {:.0} mails/s",
        files.len(),
        first_secs + secs,
        files.len() as f64 / (first_secs + secs)
    );
    Ok(())
}
