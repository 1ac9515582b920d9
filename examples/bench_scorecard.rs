//! Benchmark: the scorecard over a generated programme (default 1,000,000
//! approved visits, 10 brands, 2,000 locations, 3 years, the built-in
//! standard) for the common filters, median and p95; and, in the same run,
//! a plain scan of the visits, sections and answers computing the same
//! figures without the summary rows.
//!
//! cargo run --release --example bench_scorecard -- [VISITS] [sqlite] [POSTGRES_URL]
//!
//! SQLite lives in `./bench-data/scorecard-VISITS/`; an existing database
//! with the right number of visits is reused, so only the first run pays
//! for generating.
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use yardstick::accounts::Actor;
use yardstick::entities::visit;
use yardstick::generate::{self, Plan};
use yardstick::scorecards::query;
use yardstick::scorecards::rows;
use yardstick::scorecards::{FilterQuery, Filters};

const RUNS: usize = 40;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn filters(q: FilterQuery) -> Filters {
    q.parse().expect("valid filters")
}

async fn prepare(db: &yardstick::db::Db, visits: u64) -> anyhow::Result<()> {
    let have = visit::Entity::find().count(db).await?;
    if have == visits {
        println!("  reusing {have} generated visits");
        return Ok(());
    }
    anyhow::ensure!(have == 0, "database holds {have} visits, not {visits}: use an empty one");
    let started = Instant::now();
    let step = (visits / 10).max(1);
    let report = generate::generate(db, &Plan::benchmark(visits, 1), |done| {
        if done % step == 0 {
            eprintln!("  {done} visits ({:.0} s)", started.elapsed().as_secs_f64());
        }
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    println!(
        "  generated {} visits, {} answers, {} summary rows in {:.0} s",
        report.visits,
        report.answers,
        report.cells,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run(url: &str, label: &str, visits: u64) -> anyhow::Result<()> {
    println!("{label}");
    let mut config =
        yardstick::config::Config::for_data_dir(std::path::PathBuf::from("./bench-data"));
    config.database_url = url.to_owned();
    let db = yardstick::db::Db::open(&config.database_url).await?;
    prepare(&db, visits).await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    }
    let manager = yardstick::accounts::users::find_by_email(&db, "generated-manager@example.com")
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .expect("the generator made a manager");
    let actor = Actor::from_user(manager, None).expect("active");
    let cases = [
        ("all time", FilterQuery::default()),
        (
            "one year (2025)",
            FilterQuery {
                from: "2025-01-01".into(),
                to: "2025-12-31".into(),
                ..Default::default()
            },
        ),
        ("one channel (store)", FilterQuery { channel: "store".into(), ..Default::default() }),
        ("one region (North)", FilterQuery { region: "North".into(), ..Default::default() }),
        (
            "last 30 days (partial months)",
            FilterQuery {
                from: "2026-10-02".into(),
                to: "2026-10-31".into(),
                ..Default::default()
            },
        ),
        ("pending included", FilterQuery { include_pending: "true".into(), ..Default::default() }),
    ];
    println!("  {:<28} {:>10} {:>10}", "filter", "median ms", "p95 ms");
    let mut all_time_median = 0.0;
    for (name, q) in cases {
        let f = filters(q);
        for _ in 0..3 {
            query::scorecard(&db, &actor, &f).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        }
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t = Instant::now();
            query::scorecard(&db, &actor, &f).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            times.push(t.elapsed());
        }
        times.sort();
        let median = percentile(&times, 0.5);
        if name == "all time" {
            all_time_median = median;
        }
        println!("  {name:<28} {median:>10.1} {:>10.1}", percentile(&times, 0.95));
    }

    // The baseline: the same figures straight from visits, sections and
    // answers (every approved visit), as a scorecard without summary rows
    // would compute them.
    let f = Filters::default();
    let card = query::scorecard(&db, &actor, &f).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut scans = Vec::new();
    let mut live = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        live = rows::live(&db, &["approved"], (None, None), &f, false)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        scans.push(t.elapsed());
    }
    scans.sort();
    let scan = percentile(&scans, 0.5);
    // Same overall means both ways.
    for b in &card.brands {
        let mut s = yardstick::scorecards::Stat::default();
        for r in live.iter().filter(|r| r.brand_id == b.brand.id && r.metric == "overall") {
            s.add(r.stat);
        }
        let (a, c) = (b.overall.mean().unwrap_or(0.0), s.mean().unwrap_or(0.0));
        anyhow::ensure!((a - c).abs() < 1e-6 && s.n == b.overall.n, "means differ: {a} {c}");
    }
    println!(
        "  plain scan of the answers (same figures): median {scan:.0} ms over {} runs, {:.0}x the all-time scorecard",
        scans.len(),
        scan / all_time_median
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let visits: u64 =
        args.first().map(|s| s.replace('_', "").parse()).transpose()?.unwrap_or(1_000_000);
    println!("{} cores; {visits} visits", std::thread::available_parallelism()?);
    // Databases to run: `sqlite` and/or PostgreSQL URLs; SQLite alone by default.
    let mut targets: Vec<String> = args.iter().skip(1).cloned().collect();
    if targets.is_empty() {
        targets.push("sqlite".into());
    }
    for t in targets {
        if t == "sqlite" {
            let dir = format!("./bench-data/scorecard-{visits}");
            std::fs::create_dir_all(&dir)?;
            let url = yardstick::config::sqlite_url_in(std::path::Path::new(&dir));
            run(&url, "SQLite", visits).await?;
        } else {
            run(&t, "PostgreSQL", visits).await?;
        }
    }
    Ok(())
}
