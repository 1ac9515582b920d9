//! The generator: deterministic, and its summary rows equal a rebuild from
//! the visits it wrote (so they equal what approving each visit gives).
use crate::support::summary;
use yardstick::generate::{self, Plan};

use crate::support::TestApp;

fn small(seed: u64) -> Plan {
    Plan { locations: 40, batch: 70, ..Plan::benchmark(300, seed) }
}

#[tokio::test]
async fn generated_summary_rows_equal_a_rebuild_and_the_scorecard_counts_every_visit() {
    let app = TestApp::spawn().await;
    let db = &app.app.db;
    let report = generate::generate(db, &small(7), |_| {}).await.unwrap();
    assert_eq!(report.visits, 300);
    let generated = summary::all_rows(db).await;
    // Every grain, the visit scores by day and channel too.
    for grain in ["all", "channel", "region", "both", "day", "day_chan"] {
        assert!(generated.iter().any(|r| r.grain == grain), "{grain}");
    }
    summary::rebuild(db).await;
    let rebuilt = summary::all_rows(db).await;
    assert_eq!(generated.len(), rebuilt.len());
    for (a, b) in generated.iter().zip(&rebuilt) {
        assert_eq!(
            (&a.grain, a.brand_id, a.period, &a.channel, &a.region, &a.metric, a.n),
            (&b.grain, b.brand_id, b.period, &b.channel, &b.region, &b.metric, b.n)
        );
        assert!((a.total - b.total).abs() < 1e-6, "{a:?} {b:?}");
    }
    let (token, _) = app.token_for("manager").await;
    let card: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/scorecard"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let brands = card["brands"].as_array().unwrap();
    assert_eq!(brands.len(), 10);
    let n: i64 = brands.iter().map(|b| b["overall"]["n"].as_i64().unwrap()).sum();
    assert_eq!(n, 300);
    // Scores vary by brand: the best and worst brand means differ.
    let means: Vec<f64> = brands.iter().map(|b| b["overall"]["mean"].as_f64().unwrap()).collect();
    let spread = means.iter().cloned().fold(f64::MIN, f64::max)
        - means.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread > 5.0, "{means:?}");
}

#[tokio::test]
async fn a_seed_gives_the_same_programme_and_a_full_database_is_refused() {
    let (a, b) = (TestApp::spawn().await, TestApp::spawn().await);
    generate::generate(&a.app.db, &small(3), |_| {}).await.unwrap();
    generate::generate(&b.app.db, &small(3), |_| {}).await.unwrap();
    let (ra, rb) = (summary::all_rows(&a.app.db).await, summary::all_rows(&b.app.db).await);
    assert_eq!(ra.len(), rb.len());
    assert!(
        ra.iter().zip(&rb).all(|(x, y)| x.metric == y.metric && x.n == y.n && x.total == y.total)
    );
    let again = generate::generate(&a.app.db, &small(3), |_| {}).await;
    assert!(matches!(again, Err(yardstick::AppError::Conflict(_))));
}
