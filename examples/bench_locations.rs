//! Benchmark: the locations list (page and API) over HTTP with 10,000
//! locations, on SQLite or on `YARDSTICK_BENCH_DATABASE_URL`.
//!
//! cargo run --release --example bench_locations
use std::time::{Duration, Instant};

use yardstick::App;
use yardstick::accounts::users::{self, NewUser};
use yardstick::config::Config;

const LOCATIONS: usize = 10_000;
const ROUNDS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut config = Config::for_data_dir(dir.path().to_path_buf());
    if let Ok(url) = std::env::var("YARDSTICK_BENCH_DATABASE_URL") {
        config.database_url = url;
    }
    let app = App::build(config).await?;
    let password = "tangerine orbit cello 42";
    let input = NewUser {
        email: "bench@example.com".into(),
        name: "Bench".into(),
        role: "manager".into(),
        password: password.into(),
        password_confirm: password.into(),
        locale: "en".into(),
    };
    let user = users::create(&app.db, None, &input).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    for (name, own) in [("Ours", true), ("Rival", false)] {
        let b =
            yardstick::places::brands::BrandInput { name: name.into(), own, color: String::new() };
        yardstick::places::brands::create(&app.db, user.id, &b)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let mut csv = String::from("brand,name,channel,region,city,address,url,timezone\n");
    let regions = ["North", "South", "East", "West", "Centre"];
    for i in 0..LOCATIONS {
        let brand = if i % 3 == 0 { "Rival" } else { "Ours" };
        let region = regions[i % regions.len()];
        if i % 4 == 0 {
            csv.push_str(&format!(
                "{brand},Web {i:05},website,{region},,,https://s{i}.example,UTC\n"
            ));
        } else {
            csv.push_str(&format!(
                "{brand},Store {i:05},store,{region},City {},{i} Main St,,Asia/Tehran\n",
                i % 50
            ));
        }
    }
    let started = Instant::now();
    let n = yardstick::places::import::import(&app.db, user.id, &csv)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("imported {n} locations in one transaction: {:.2?}", started.elapsed());
    let token = yardstick::accounts::tokens::issue(&app.db, user.id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(yardstick::web::serve(app.clone(), listener));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let login = client.get(format!("http://{addr}/login")).send().await?.text().await?;
    let csrf = login
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("");
    client
        .post(format!("http://{addr}/login"))
        .form(&[("email", "bench@example.com"), ("password", password), ("csrf_token", csrf)])
        .send()
        .await?;

    let cases: [(&str, String, bool); 4] = [
        ("page, all, page 1", "/locations".into(), false),
        (
            "page, region + channel, page 20",
            "/locations?region=North&channel=store&page=20".into(),
            false,
        ),
        ("page, name search", "/locations?q=store%2001".into(), false),
        ("api, brand filter, page 50", "/api/v1/locations?brand_id=1&page=50".into(), true),
    ];
    println!("{ROUNDS} requests each, one at a time, over HTTP on loopback:");
    for (label, path, api) in cases {
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let mut req = client.get(format!("http://{addr}{path}"));
            if api {
                req = req.bearer_auth(&token);
            }
            let t = Instant::now();
            let res = req.send().await?;
            anyhow::ensure!(res.status().is_success(), "{path}: {}", res.status());
            res.bytes().await?;
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "  {label:<34} median {:>7.2} ms   p95 {:>7.2} ms",
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            percentile(&times, 0.95).as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
