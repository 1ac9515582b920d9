//! Benchmark: visit submission over HTTP (40 answers, no photos): save the
//! draft (PUT) and submit it, from many concurrent clients, on SQLite or on
//! `YARDSTICK_BENCH_DATABASE_URL`. Beside it, a baseline in the same run:
//! the same rows written with plain SQL through the same driver, one
//! transaction per visit, with no HTTP, checks or scoring.
//!
//! cargo run --release --example bench_visits
//!
//! `YARDSTICK_BENCH_BASELINES=0` leaves the baselines out (for profiles).
use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use serde_json::{Value, json};
use yardstick::App;
use yardstick::accounts::users::{self, NewUser};
use yardstick::config::Config;

/// Visits per run unless `YARDSTICK_BENCH_VISITS` says otherwise.
const VISITS: usize = 4_000;
/// Concurrent clients unless `YARDSTICK_BENCH_CLIENTS` says otherwise.
const CLIENTS: usize = 16;
const ANSWERS: usize = 40;

/// CPU seconds this process has used (user + system), from /proc: the
/// figure that says what a visit costs even when other work shares the
/// cores.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let f: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15, the 12th and 13th after the name.
    let field = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (field(11) + field(12)) / 100.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn checklist() -> Value {
    let kinds = ["yes_no", "scale", "number", "choice"];
    let criteria: Vec<Value> = (0..ANSWERS)
        .map(|i| {
            let code = format!("C-{i:02}");
            match kinds[i % 4] {
                "yes_no" => json!({"code": code, "prompt": "?", "kind": "yes_no"}),
                "scale" => json!({"code": code, "prompt": "?", "kind": "scale", "min": 1, "max": 5}),
                "number" => json!({"code": code, "prompt": "?", "kind": "number", "target": 5, "direction": "at_most"}),
                _ => json!({"code": code, "prompt": "?", "kind": "choice", "options": [
                    {"key": "a", "label": "A", "value": 1.0}, {"key": "b", "label": "B", "value": 0.0}]}),
            }
        })
        .collect();
    let sections: Vec<Value> = ["staff", "stock", "quality", "delivery"]
        .iter()
        .enumerate()
        .map(|(s, cat)| json!({"category": cat, "title": cat, "criteria": criteria[s * 10..s * 10 + 10]}))
        .collect();
    json!({"name": "Bench", "sections": sections})
}

fn answers(n: usize) -> Value {
    let values = [
        json!(n.is_multiple_of(2)),
        json!(1 + n % 5),
        json!(n % 9),
        json!(if n.is_multiple_of(3) { "b" } else { "a" }),
    ];
    Value::Array(
        (0..ANSWERS)
            .map(|i| json!({"code": format!("C-{i:02}"), "value": values[i % 4]}))
            .collect(),
    )
}

async fn user(app: &App, role: &str, email: &str) -> anyhow::Result<String> {
    let p = "tangerine orbit cello 42";
    let input = NewUser {
        email: email.into(),
        name: email.into(),
        role: role.into(),
        password: p.into(),
        password_confirm: p.into(),
        locale: "en".into(),
    };
    let u = users::create(&app.db, None, &input).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    yardstick::accounts::tokens::issue(&app.db, u.id).await.map_err(|e| anyhow::anyhow!("{e}"))
}

/// The same allocator as the `yardstick` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The server's errors on stderr (RUST_LOG, default info), so a 500 says why.
    yardstick::telemetry::init_logging();
    let setting = |name: &str, default: usize| {
        std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
    };
    let clients = setting("YARDSTICK_BENCH_CLIENTS", CLIENTS);
    let visits = setting("YARDSTICK_BENCH_VISITS", VISITS);
    let dir = tempfile::tempdir()?;
    let mut config = Config::for_data_dir(dir.path().to_path_buf());
    if let Ok(url) = std::env::var("YARDSTICK_BENCH_DATABASE_URL") {
        config.database_url = url;
    }
    let url = config.database_url.clone();
    let app = App::build(config).await?;
    let manager = user(&app, "manager", "m@example.com").await?;
    let shopper = user(&app, "shopper", "s@example.com").await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/api/v1", listener.local_addr()?);
    tokio::spawn(yardstick::web::serve(app.clone(), listener));
    let http = reqwest::Client::builder().pool_max_idle_per_host(clients).build()?;
    let post = |path: &str, body: Value, token: &str| {
        http.post(format!("{base}{path}")).bearer_auth(token).json(&body).send()
    };
    let brand: Value =
        post("/brands", json!({"name": "Ours", "own": true}), &manager).await?.json().await?;
    let loc: Value = post(
        "/locations",
        json!({"brand_id": brand["id"], "name": "L", "channel": "phone",
        "phone": "+98 21 5555 5555", "timezone": "UTC"}),
        &manager,
    )
    .await?
    .json()
    .await?;
    let cl: Value = post("/checklists", checklist(), &manager).await?.json().await?;
    let cid = cl["id"].as_i64().unwrap_or_default();
    post(&format!("/checklists/{cid}/versions/1/publish"), json!({}), &manager)
        .await?
        .error_for_status()?;
    let start = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let end = chrono::Utc::now().to_rfc3339();

    // Bodies are made before the clock starts, so the load generator spends
    // the shared cores on sending, not on building JSON.
    let bodies: Arc<Vec<(uuid::Uuid, Vec<u8>)>> = Arc::new(
        (0..visits)
            .map(|n| {
                let body = json!({"location_id": loc["id"], "checklist_id": cid,
                    "started_at": start, "ended_at": end, "answers": answers(n)});
                (uuid::Uuid::new_v4(), serde_json::to_vec(&body).unwrap_or_default())
            })
            .collect(),
    );
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let cpu = cpu_seconds();
    let began = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, base, shopper, next, bodies) =
            (http.clone(), base.clone(), shopper.clone(), next.clone(), bodies.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((id, body)) = bodies.get(n).cloned() else {
                    return Ok::<_, anyhow::Error>(times);
                };
                let t = Instant::now();
                http.put(format!("{base}/visits/{id}"))
                    .bearer_auth(&shopper)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                http.post(format!("{base}/visits/{id}/submit"))
                    .bearer_auth(&shopper)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                times.push(t.elapsed());
            }
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await??);
    }
    let wall = began.elapsed();
    let cpu_ms = (cpu_seconds() - cpu) * 1000.0 / visits as f64;
    times.sort();
    let rate = visits as f64 / wall.as_secs_f64();
    println!(
        "{visits} visits of {ANSWERS} answers, {clients} concurrent clients, PUT + submit over HTTP:"
    );
    println!(
        "  {rate:.0} visits/s   median {:.1} ms   p95 {:.1} ms   p99 {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99)
    );
    println!("  CPU per visit (server and load generator together): {cpu_ms:.2} ms");
    // Profiles of the server alone run without the baselines.
    if std::env::var("YARDSTICK_BENCH_BASELINES").is_ok_and(|v| v == "0") {
        return Ok(());
    }

    // Baseline: the same rows by plain SQL, one transaction per visit, on
    // a sqlx connection of its own (the app's sqlx handle only reads).
    let db = &yardstick::db::connect(&url).await?;
    let backend = db.get_database_backend();
    let version_id: i32 = cl["version_id"].as_i64().unwrap_or_default() as i32;
    let shopper_id: i32 = 2;
    let placeholder = |i: usize| {
        if backend == sea_orm::DatabaseBackend::Postgres { format!("${i}") } else { "?".into() }
    };
    let began = Instant::now();
    for n in 0..visits {
        let id = uuid::Uuid::new_v4().to_string();
        let txn = db.begin().await?;
        let now = chrono::Utc::now();
        let cols = "id, shopper_id, location_id, checklist_version_id, status, narrative, critical_failed, review_note, created_at, updated_at, started_at, ended_at, score, submitted_at";
        let ph: Vec<String> = (1..=14).map(placeholder).collect();
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("INSERT INTO visits ({cols}) VALUES ({})", ph.join(", ")),
            [
                id.clone().into(),
                shopper_id.into(),
                (loc["id"].as_i64().unwrap_or_default() as i32).into(),
                version_id.into(),
                "submitted".into(),
                "".into(),
                false.into(),
                "".into(),
                now.into(),
                now.into(),
                now.into(),
                now.into(),
                75.0f64.into(),
                now.into(),
            ],
        ))
        .await?;
        let mut values = Vec::new();
        let mut rows = Vec::new();
        for i in 0..ANSWERS {
            let b = values.len();
            rows.push(format!(
                "({}, {}, {}, {}, {}, {}, {}, {})",
                placeholder(b + 1),
                placeholder(b + 2),
                placeholder(b + 3),
                placeholder(b + 4),
                placeholder(b + 5),
                placeholder(b + 6),
                placeholder(b + 7),
                placeholder(b + 8)
            ));
            values.extend([
                id.clone().into(),
                format!("C-{i:02}").into(),
                answers(n)[i]["value"].to_string().into(),
                false.into(),
                "".into(),
                1.0f64.into(),
                1.0f64.into(),
                false.into(),
            ]);
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("INSERT INTO visit_answers (visit_id, code, value, na, comment, earned, possible, failed) VALUES {}", rows.join(", ")),
            values,
        ))
        .await?;
        txn.commit().await?;
    }
    let base_rate = visits as f64 / began.elapsed().as_secs_f64();
    println!(
        "baseline, plain SQL through the same driver, one transaction per visit, one client: {base_rate:.0} visits/s"
    );
    println!("ratio (HTTP / baseline): {:.2}", rate / base_rate);
    if backend == sea_orm::DatabaseBackend::Sqlite {
        let path = dir.path().join("yardstick.db");
        let location = loc["id"].as_i64().unwrap_or_default();
        let raw = tokio::task::spawn_blocking(move || {
            raw_sqlite(&path, visits, location, version_id.into(), shopper_id.into())
        })
        .await??;
        println!(
            "raw SQLite (rusqlite, prepared statements), one transaction per visit, one client: {raw:.0} visits/s"
        );
        println!("ratio (HTTP / raw SQLite): {:.2}", rate / raw);
    }
    Ok(())
}

/// The floor under everything: the same rows through SQLite's C API with
/// cached prepared statements, into the same file, with the app's settings.
fn raw_sqlite(
    path: &std::path::Path,
    visits: usize,
    location: i64,
    version: i64,
    shopper: i64,
) -> anyhow::Result<f64> {
    let mut conn = rusqlite::Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let answer_rows = vec!["(?, ?, ?, 0, '', 1.0, 1.0, 0)"; ANSWERS].join(", ");
    let insert_answers = format!(
        "INSERT INTO visit_answers (visit_id, code, value, na, comment, earned, possible, failed) VALUES {answer_rows}"
    );
    let insert_visit = "INSERT INTO visits (id, shopper_id, location_id, checklist_version_id, status, narrative, critical_failed, review_note, created_at, updated_at, started_at, ended_at, score, submitted_at) VALUES (?, ?, ?, ?, 'submitted', '', 0, '', ?, ?, ?, ?, 75.0, ?)";
    let codes: Vec<String> = (0..ANSWERS).map(|i| format!("C-{i:02}")).collect();
    let began = Instant::now();
    for n in 0..visits {
        let id = uuid::Uuid::new_v4().to_string();
        let now = chrono::Utc::now().to_rfc3339();
        let values: Vec<String> = answers(n)
            .as_array()
            .map(|a| a.iter().map(|x| x["value"].to_string()).collect())
            .unwrap_or_default();
        let txn = conn.transaction()?;
        txn.prepare_cached(insert_visit)?
            .execute(rusqlite::params![id, shopper, location, version, now, now, now, now, now])?;
        let mut params: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(ANSWERS * 3);
        for (code, value) in codes.iter().zip(&values) {
            params.extend([&id as &dyn rusqlite::ToSql, code, value]);
        }
        txn.prepare_cached(&insert_answers)?.execute(params.as_slice())?;
        txn.commit()?;
    }
    Ok(visits as f64 / began.elapsed().as_secs_f64())
}
