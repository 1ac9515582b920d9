//! Benchmark: the streamed CSV exports over HTTP at 100,000 visits, against
//! a release server in its own process, so that its memory is its own.
//!
//!     cargo build --release
//!     yardstick generate --visits 100000 --seed 1 --data-dir /tmp/ys_exports_100k
//!     cargo run --release --example bench_exports -- /tmp/ys_exports_100k [RUNS]
//!
//! PostgreSQL: generate into the database (`--database-url`), then set
//! `YARDSTICK_BENCH_DATABASE_URL` to it; the data dir is still given (the
//! server keeps its photos there).
//!
//! For each export and for no compression and `Accept-Encoding: gzip, br`
//! (what browsers send), RUNS requests one after the other: time to the
//! first byte of the body, total time, bytes (as sent) and the growth of
//! the server's peak resident memory over its resident memory before the
//! request (`/proc/PID/clear_refs` resets the peak). On SQLite, the same
//! rows dumped by the `sqlite3` shell (`-csv`, to /dev/null) as the floor.
//!
//! `YARDSTICK_BENCH_ONLY=visits.csv` times only the exports whose name
//! contains it; `YARDSTICK_BENCH_SAVE=DIR` keeps each uncompressed body in
//! DIR (to compare two builds' output with `cmp`).
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PORT: u16 = 18150;

fn status_kib(pid: u32, field: &str) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start(data_dir: &Path, url: Option<&str>) -> anyhow::Result<Server> {
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/yardstick");
    let mut cmd = Command::new(bin);
    cmd.arg("--data-dir").arg(data_dir).arg("--listen").arg(format!("127.0.0.1:{PORT}"));
    if let Some(u) = url {
        cmd.arg("--database-url").arg(u);
    }
    let server = Server(cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?);
    let health = format!("http://127.0.0.1:{PORT}/healthz");
    for _ in 0..300 {
        if reqwest::get(&health).await.is_ok_and(|r| r.status().is_success()) {
            return Ok(server);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the server did not start")
}

struct Run {
    first: f64,
    total: f64,
    bytes: u64,
    lines: u64,
    growth_mib: f64,
}

async fn one(pid: u32, token: &str, path: &str, encoding: Option<&str>) -> anyhow::Result<Run> {
    let client = reqwest::Client::builder().no_gzip().no_brotli().build()?;
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5")?;
    let before = status_kib(pid, "VmRSS:");
    let started = Instant::now();
    let mut req = client.get(format!("http://127.0.0.1:{PORT}{path}")).bearer_auth(token);
    if let Some(e) = encoding {
        req = req.header("accept-encoding", e);
    }
    let mut res = req.send().await?;
    anyhow::ensure!(res.status().is_success(), "{path}: {}", res.status());
    let mut saved = match (std::env::var_os("YARDSTICK_BENCH_SAVE"), encoding) {
        (Some(dir), None) => {
            let name = path.rsplit('/').next().unwrap_or(path);
            Some(std::fs::File::create(Path::new(&dir).join(name))?)
        }
        _ => None,
    };
    let (mut first, mut bytes, mut lines) = (None, 0u64, 0u64);
    while let Some(chunk) = res.chunk().await? {
        first.get_or_insert_with(|| started.elapsed());
        if let Some(f) = saved.as_mut() {
            std::io::Write::write_all(f, &chunk)?;
        }
        bytes += chunk.len() as u64;
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
    }
    let total = started.elapsed();
    let peak = status_kib(pid, "VmHWM:");
    Ok(Run {
        first: first.unwrap_or(total).as_secs_f64(),
        total: total.as_secs_f64(),
        bytes,
        lines,
        growth_mib: peak.saturating_sub(before) as f64 / 1024.0,
    })
}

fn floor(db_file: &Path, runs: usize) -> anyhow::Result<()> {
    // The answers query of `export::rows` with the joins an export needs,
    // formatted by the sqlite3 shell instead.
    let sql = "SELECT v.id, v.status, v.started_at, l.brand_id, b.name, l.id, l.name, l.channel, \
        l.region, cv.checklist_id, cv.version, a.code, a.value, a.na, a.earned, a.possible, \
        a.failed, a.comment FROM visits v CROSS JOIN visit_answers a ON a.visit_id = v.id \
        JOIN locations l ON l.id = v.location_id JOIN brands b ON b.id = l.brand_id \
        JOIN checklist_versions cv ON cv.id = v.checklist_version_id \
        WHERE v.status = 'approved' AND v.started_at IS NOT NULL \
        ORDER BY v.started_at, v.id, a.code";
    let mut times = vec![];
    for _ in 0..runs {
        let started = Instant::now();
        let ok = Command::new("sqlite3")
            .arg("-csv")
            .arg(db_file)
            .arg(sql)
            .stdout(Stdio::null())
            .status()?
            .success();
        anyhow::ensure!(ok, "sqlite3 failed");
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "| floor: sqlite3 -csv, the answers' rows | – | {:.2} s | {:.2} s | – | – |",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let data_dir = PathBuf::from(args.next().expect("a data dir (see the header)"));
    let runs: usize = args.next().map(|r| r.parse().expect("RUNS")).unwrap_or(5);
    let url = std::env::var("YARDSTICK_BENCH_DATABASE_URL").ok();
    let mut config = yardstick::config::Config::for_data_dir(data_dir.clone());
    if let Some(u) = &url {
        config.database_url = u.clone();
    }
    let db = yardstick::db::Db::open(&config.database_url).await?;
    let manager = yardstick::accounts::users::find_by_email(&db, "generated-manager@example.com")
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .expect("a generated programme (see the header)");
    let token = yardstick::accounts::tokens::issue(&db, manager.id)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    drop(db);
    let server = start(&data_dir, url.as_deref()).await?;
    let pid = server.0.id();
    let load = std::fs::read_to_string("/proc/loadavg")?;
    println!(
        "{} · {runs} runs · load average at start: {}",
        url.as_deref().map_or("SQLite", |_| "PostgreSQL"),
        load.trim()
    );
    println!(
        "| export | compression | median | p95 | first byte (p95) | MB sent | lines | RSS growth (max) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for path in [
        "/api/v1/exports/visits.csv",
        "/api/v1/exports/answers.csv",
        "/api/v1/exports/scorecard.csv",
    ] {
        if std::env::var("YARDSTICK_BENCH_ONLY").is_ok_and(|o| !path.contains(&o)) {
            continue;
        }
        for encoding in [None, Some("gzip, br")] {
            let mut got = vec![];
            for _ in 0..runs {
                got.push(one(pid, &token, path, encoding).await?);
            }
            let mut totals: Vec<f64> = got.iter().map(|r| r.total).collect();
            let mut firsts: Vec<f64> = got.iter().map(|r| r.first).collect();
            totals.sort_by(f64::total_cmp);
            firsts.sort_by(f64::total_cmp);
            let growth = got.iter().map(|r| r.growth_mib).fold(0.0, f64::max);
            println!(
                "| {} | {} | {:.2} s | {:.2} s | {:.0} ms | {:.1} | {} | {:.1} MiB |",
                path.rsplit('/').next().unwrap_or(path),
                encoding.unwrap_or("none"),
                percentile(&totals, 0.5),
                percentile(&totals, 0.95),
                percentile(&firsts, 0.95) * 1000.0,
                got[0].bytes as f64 / 1e6,
                if encoding.is_none() { got[0].lines.to_string() } else { "–".into() },
                growth,
            );
        }
    }
    drop(server);
    if url.is_none() {
        floor(&data_dir.join("yardstick.db"), runs)?;
    }
    Ok(())
}
