//! Where photo files go: stored once per content, removed with their last
//! photo or by the clean-up, and the S3-compatible backend.
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use yardstick::db::WriteQuery;
use yardstick::evidence::sample;

use super::*;

#[tokio::test]
async fn the_same_picture_twice_is_stored_once_and_kept_until_both_are_deleted() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    // Bigger than the display size, so three different files.
    let bytes = sample::jpeg(2000, 1000, None, sample::detailed_pixel);
    let (_, a) = s.shopper.upload(&s.visit, bytes.clone(), None).await;
    let (_, b) = s.shopper.upload(&s.visit, bytes, None).await;
    assert_ne!(a["id"], b["id"]);
    let files = app.app.evidence.storage.keys().await.unwrap();
    assert_eq!(files.len(), 3, "{files:?}");

    let (status, _) =
        s.shopper.delete(&format!("/api/v1/photos/{}", a["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        s.shopper.file(a["urls"]["full"].as_str().unwrap(), None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.shopper.file(b["urls"]["full"].as_str().unwrap(), None).await.0, StatusCode::OK);
    assert_eq!(app.app.evidence.storage.keys().await.unwrap().len(), 3);

    s.shopper.delete(&format!("/api/v1/photos/{}", b["id"].as_str().unwrap())).await;
    assert!(
        app.app.evidence.storage.keys().await.unwrap().is_empty(),
        "the last one takes the files"
    );
    let (_, v) = s.shopper.get(&format!("/api/v1/visits/{}", s.visit)).await;
    assert_eq!(v["photos"], json!([]));
}

#[tokio::test]
async fn clean_removes_abandoned_drafts_photos_and_unreferenced_files() {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use yardstick::entities::visit;
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let kept = setup(&app).await;
    let at = s.started + Duration::minutes(1);
    // Three distinct files (it is bigger than the display size).
    let big = sample::jpeg(2000, 1000, None, sample::detailed_pixel);
    s.shopper.upload(&s.visit, big, None).await;
    kept.shopper.upload(&kept.visit, photo(at, FAR), None).await;
    let stray = app.app.evidence.storage.put(b"left by a crashed upload".to_vec()).await.unwrap();
    // The first draft was last touched 40 days ago.
    let db = &app.app.db;
    visit::Entity::update_many()
        .col_expr(visit::Column::UpdatedAt, Expr::value(Utc::now() - Duration::days(40)))
        .filter(visit::Column::Id.eq(&s.visit))
        .run_on(db)
        .await
        .unwrap();

    let report = yardstick::evidence::clean::run(
        db,
        &app.app.evidence,
        Duration::days(30),
        Duration::zero(),
    )
    .await
    .unwrap();
    assert_eq!((report.photos_removed, report.files_removed), (1, 4));
    let (_, v) = s.manager.get(&format!("/api/v1/visits/{}", s.visit)).await;
    assert_eq!(v["photos"], json!([]));
    let (_, v) = kept.manager.get(&format!("/api/v1/visits/{}", kept.visit)).await;
    let url = v["photos"][0]["urls"]["full"].as_str().unwrap();
    assert_eq!(kept.shopper.file(url, None).await.0, StatusCode::OK, "recent drafts keep theirs");
    assert_eq!(app.app.evidence.storage.get(&stray).await.unwrap(), None);
}

/// Runs against a local S3-compatible server (CI starts one and sets
/// `YARDSTICK_TEST_S3_ENDPOINT` with the usual `AWS_*` variables).
#[tokio::test]
async fn photos_live_in_s3_compatible_storage_when_configured() {
    let Ok(endpoint) = std::env::var("YARDSTICK_TEST_S3_ENDPOINT") else {
        println!("skipped: set YARDSTICK_TEST_S3_ENDPOINT (and AWS_*) to test S3 storage");
        return;
    };
    assert!(
        std::env::var("AWS_ENDPOINT_URL").is_ok(),
        "AWS_ENDPOINT_URL, AWS_ALLOW_HTTP and credentials must be set with YARDSTICK_TEST_S3_ENDPOINT"
    );
    let bucket = "yardstick-test";
    // A local test server takes an unsigned bucket creation; already there is fine.
    reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.unwrap();
    let prefix = uuid::Uuid::new_v4().simple().to_string();
    let app = TestApp::spawn_with(|c| c.storage_url = format!("s3://{bucket}/{prefix}")).await;
    let s = setup(&app).await;
    let bytes = sample::jpeg(2000, 1000, None, sample::detailed_pixel);
    let (status, p) = s.shopper.upload(&s.visit, bytes.clone(), None).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let (_, again) = s.shopper.upload(&s.visit, bytes, None).await;
    let (status, headers, body) =
        s.shopper.file(p["urls"]["display"].as_str().unwrap(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(decode(&body).dimensions(), (1600, 800));
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        s.shopper.file(p["urls"]["display"].as_str().unwrap(), Some(&etag)).await.0,
        StatusCode::NOT_MODIFIED
    );
    let keys = app.app.evidence.storage.keys().await.unwrap();
    assert_eq!(keys.len(), 3, "one set of files for two identical uploads: {keys:?}");
    for id in [&p["id"], &again["id"]] {
        let path = format!("/api/v1/photos/{}", id.as_str().unwrap());
        assert_eq!(s.shopper.delete(&path).await.0, StatusCode::NO_CONTENT);
    }
    assert!(app.app.evidence.storage.keys().await.unwrap().is_empty());
}
