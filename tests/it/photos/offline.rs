//! Offline capture's server side (issue 15): a photo sent again under the
//! same client id is stored once, the phone announces the photos it still
//! holds, and a submit waits until every announced photo has arrived.
use std::collections::BTreeSet;

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::*;

/// A photo as the offline queue sends it: the client id first, then the
/// criterion, caption and file.
async fn upload_as(
    api: &Api,
    visit: &str,
    client_id: &str,
    criterion: Option<&str>,
    file: Vec<u8>,
) -> (StatusCode, Value) {
    let mut form = Form::new().text("client_id", client_id.to_owned());
    if let Some(c) = criterion {
        form = form.text("criterion", c.to_owned());
    }
    form = form.text("caption", "Shelf edge").part("file", Part::bytes(file).file_name("a.jpg"));
    let res = api
        .request(Method::POST, &format!("/api/v1/visits/{visit}/photos"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The keys of every file in the photo storage.
async fn stored_files(app: &TestApp) -> BTreeSet<String> {
    app.app.evidence.storage.keys().await.unwrap().into_iter().map(|(k, _)| k).collect()
}

/// The keys of the files the stored photo rows refer to.
async fn files_of_rows(app: &TestApp) -> BTreeSet<String> {
    use sea_orm::EntityTrait;
    let rows = yardstick::entities::photo::Entity::find().all(app.app.db.read()).await.unwrap();
    rows.into_iter().flat_map(|p| [p.full_key, p.display_key, p.thumb_key]).collect()
}

async fn photos_of(s: &Setup) -> Vec<Value> {
    let (_, v) = s.shopper.get(&format!("/api/v1/visits/{}", s.visit)).await;
    v["photos"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_same_client_id_twice_stores_the_photo_once() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let cid = new_id();
    let (status, first) =
        upload_as(&s.shopper, &s.visit, &cid, Some("STK-02"), fixture("pillow-800x600.jpg")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["client_id"], cid.as_str());
    let files = stored_files(&app).await;
    assert_eq!(files, files_of_rows(&app).await);
    // Sent again (other bytes, as a resized copy would be): the same photo,
    // and nothing processed or stored.
    let (status, again) =
        upload_as(&s.shopper, &s.visit, &cid, Some("STK-02"), fixture("pillow-200x150.png")).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again, first);
    assert_eq!(stored_files(&app).await, files, "the second file was never stored");
    let listed = photos_of(&s).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["client_id"], cid.as_str());
    assert_eq!(listed[0]["id"], first["id"]);
}

#[tokio::test]
async fn two_uploads_of_one_client_id_at_once_store_one_photo() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let cid = new_id();
    let (a, b) = tokio::join!(
        upload_as(&s.shopper, &s.visit, &cid, None, fixture("pillow-800x600.jpg")),
        upload_as(&s.shopper, &s.visit, &cid, None, fixture("pillow-200x150.webp")),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "{} / {}", a.1, b.1);
    assert_eq!(a.1["id"], b.1["id"], "both answer the one stored photo");
    assert_eq!(photos_of(&s).await.len(), 1);
    // The loser's copies are gone: the winner's files alone remain.
    assert_eq!(stored_files(&app).await, files_of_rows(&app).await);
}

#[tokio::test]
async fn another_client_id_is_another_photo_and_none_is_null() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let photo = fixture("pillow-800x600.jpg");
    let (status, _) = upload_as(&s.shopper, &s.visit, &new_id(), None, photo.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = upload_as(&s.shopper, &s.visit, &new_id(), None, photo.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, plain) = s.shopper.upload(&s.visit, photo, None).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(plain["client_id"], Value::Null);
    assert_eq!(photos_of(&s).await.len(), 3);
}

#[tokio::test]
async fn a_client_id_that_is_not_a_uuid_is_422() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (status, body) =
        upload_as(&s.shopper, &s.visit, "photo-1", None, fixture("pillow-800x600.jpg")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["fields"]["client_id"].is_string(), "{body}");
    assert!(stored_files(&app).await.is_empty());
}
