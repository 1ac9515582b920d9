//! A backup taken while the server is busy restores to a working instance:
//! serving the backup's directory shows the same visits and photos, and
//! the same tokens sign in.
use reqwest::StatusCode;
use sea_orm::DatabaseBackend;
use serde_json::json;
use yardstick::App;
use yardstick::config::Config;
use yardstick::evidence::sample;

use crate::photos::setup;
use crate::support::*;

#[tokio::test]
async fn a_backup_taken_while_visits_are_saved_restores_to_a_working_instance() {
    let app = TestApp::spawn().await;
    let dest = tempfile::tempdir().unwrap().keep().join("backup");
    if app.app.db.backend() != DatabaseBackend::Sqlite {
        let err = yardstick::backup::run(&app.app, &dest).await.err().unwrap();
        assert!(err.to_string().contains("pg_dump"), "{err}");
        return;
    }
    let s = setup(&app).await;
    let photo = sample::jpeg(640, 480, None, |x, _| [(x % 256) as u8, 90, 40]);
    let (status, uploaded) = s.shopper.upload(&s.visit, photo, Some("STK-03")).await;
    assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    let (_, _, original) =
        s.shopper.file(uploaded["urls"]["display"].as_str().unwrap(), None).await;

    // Saves keep arriving while the backup runs.
    let path = format!("/api/v1/visits/{}", s.visit);
    let busy = {
        let (shopper, path) = (s.shopper.at(&app.url("")), path.clone());
        tokio::spawn(async move {
            for n in 0..40 {
                let body = json!({"narrative": format!("save {n}")});
                let (status, body) = shopper.put(&path, body).await;
                assert_eq!(status, StatusCode::OK, "{body}");
            }
        })
    };
    let report = yardstick::backup::run(&app.app, &dest).await.unwrap();
    busy.await.unwrap();
    let files = app.app.evidence.storage.keys().await.unwrap();
    assert!(report.photos >= 2, "a display copy and a thumbnail at least");
    assert_eq!(report.photos, files.len(), "every stored file");

    // Restoring is serving the backup's directory.
    let restored = App::build(Config::for_data_dir(dest.clone())).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(yardstick::web::serve(restored.clone(), listener));
    let again = s.shopper.at(&format!("http://{addr}"));
    let (status, visit) = again.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{visit}");
    assert_eq!(visit["photos"].as_array().unwrap().len(), 1);
    let url = visit["photos"][0]["urls"]["display"].as_str().unwrap();
    let (status, _, bytes) = again.file(url, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, original, "the same photo, byte for byte");
}

#[tokio::test]
async fn a_backup_never_writes_into_a_directory_in_use() {
    let app = TestApp::spawn().await;
    if app.app.db.backend() != DatabaseBackend::Sqlite {
        return;
    }
    let dest = tempfile::tempdir().unwrap();
    std::fs::write(dest.path().join("yardstick.db"), b"someone's data").unwrap();
    let err = yardstick::backup::run(&app.app, dest.path()).await.err().unwrap();
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(std::fs::read(dest.path().join("yardstick.db")).unwrap(), b"someone's data");
}
