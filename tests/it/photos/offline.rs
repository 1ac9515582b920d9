//! Offline capture's server side (issue 15): a photo sent again under the
//! same client id is stored once, the phone announces the photos it still
//! holds, and a submit waits until every announced photo has arrived.
use std::collections::BTreeSet;

use chrono::Duration;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

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

async fn announce(s: &Setup, api: &Api, photos: Value) -> (StatusCode, Value) {
    api.put(&format!("/api/v1/visits/{}/expected-photos", s.visit), json!({ "photos": photos }))
        .await
}

async fn submit(s: &Setup) -> (StatusCode, Value) {
    s.shopper.call(Method::POST, &format!("/api/v1/visits/{}/submit", s.visit), None).await
}

/// Every answer and every photo rule met, so only announced photos can
/// hold the submit back.
async fn complete(s: &Setup) {
    let path = format!("/api/v1/visits/{}", s.visit);
    let body = json!({
        "started_at": s.started.to_rfc3339(),
        "ended_at": (s.started + Duration::minutes(30)).to_rfc3339(),
        "answers": [{"code": "STK-01", "value": true}, {"code": "STK-02", "value": true},
                    {"code": "STK-04", "value": true}]
    });
    expect(StatusCode::OK, s.shopper.put(&path, body).await);
    for code in ["STK-02", "STK-03"] {
        let (status, _) =
            s.shopper.upload(&s.visit, fixture("pillow-800x600.jpg"), Some(code)).await;
        assert_eq!(status, StatusCode::CREATED);
    }
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

#[tokio::test]
async fn announced_photos_report_which_have_arrived() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (here, there) = (new_id(), new_id());
    upload_as(&s.shopper, &s.visit, &here, Some("STK-02"), fixture("pillow-800x600.jpg")).await;
    let list = json!([
        {"client_id": here, "criterion": "STK-02", "caption": "Shelf edge"},
        {"client_id": there, "criterion": null, "caption": "Receipt"}
    ]);
    let body = expect(StatusCode::OK, announce(&s, &s.shopper, list).await);
    assert_eq!(
        body,
        json!({
            "expected": [
                {"client_id": here, "criterion": "STK-02", "caption": "Shelf edge", "arrived": true},
                {"client_id": there, "criterion": null, "caption": "Receipt", "arrived": false}
            ],
            "missing": [there]
        })
    );
    // The set is replaced, not added to.
    let body = expect(StatusCode::OK, announce(&s, &s.shopper, json!([])).await);
    assert_eq!(body, json!({"expected": [], "missing": []}));
}

#[tokio::test]
async fn announcing_photos_is_for_the_visits_shopper_while_it_is_open() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let list = json!([{"client_id": new_id(), "criterion": null, "caption": ""}]);
    let (other, _) = Api::new(&app, "shopper").await;
    assert_eq!(announce(&s, &other, list.clone()).await.0, StatusCode::NOT_FOUND);
    assert_eq!(announce(&s, &s.manager, list.clone()).await.0, StatusCode::NOT_FOUND);
    complete(&s).await;
    expect(StatusCode::OK, submit(&s).await);
    let (status, body) = announce(&s, &s.shopper, list).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn an_announced_photo_must_name_a_criterion_of_the_visit() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let list = json!([
        {"client_id": new_id(), "criterion": "STK-02", "caption": ""},
        {"client_id": new_id(), "criterion": "XYZ-99", "caption": ""}
    ]);
    let (status, body) = announce(&s, &s.shopper, list).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields = body["error"]["fields"].as_object().unwrap();
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["photos[1].criterion"]);
    assert!(fields["photos[1].criterion"].as_str().unwrap().contains("XYZ-99"), "{body}");
    let (status, body) =
        announce(&s, &s.shopper, json!([{"client_id": "nope", "caption": ""}])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["fields"]["photos[0].client_id"].is_string(), "{body}");
    let many: Vec<Value> = (0..201).map(|_| json!({"client_id": new_id()})).collect();
    let (status, body) = announce(&s, &s.shopper, json!(many)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["fields"]["photos"].is_string(), "{body}");
}

const NOT_ARRIVED_EN: &str = "The photo for STK-02 “Shelf edge” has not reached the server yet: \
    it is still on the phone that took it.";
const NOT_ARRIVED_FA: &str =
    "عکسِ STK-02 «Shelf edge» هنوز به سرور نرسیده است: هنوز روی گوشی‌ای است که آن را گرفته.";

#[tokio::test]
async fn submit_waits_for_an_announced_photo_and_names_it() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    complete(&s).await;
    let cid = new_id();
    let list = json!([{"client_id": cid, "criterion": "STK-02", "caption": "Shelf edge"}]);
    expect(StatusCode::OK, announce(&s, &s.shopper, list).await);
    let (status, body) = submit(&s).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"], json!({"photos": NOT_ARRIVED_EN}));

    // In the shopper's own language.
    let (admin, _) = Api::new(&app, "admin").await;
    let user = format!("/api/v1/users/{}", s.shopper_id);
    let patch = admin.call(Method::PATCH, &user, Some(json!({"locale": "fa"}))).await;
    expect(StatusCode::OK, patch);
    let (_, body) = submit(&s).await;
    assert_eq!(body["error"]["fields"], json!({"photos": NOT_ARRIVED_FA}));

    let (status, _) =
        upload_as(&s.shopper, &s.visit, &cid, Some("STK-02"), fixture("pillow-o1.jpg")).await;
    assert_eq!(status, StatusCode::CREATED);
    let body = expect(StatusCode::OK, submit(&s).await);
    assert_eq!(body["status"], "submitted");
}

#[tokio::test]
async fn a_deleted_photo_drops_its_announcement() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    complete(&s).await;
    let cid = new_id();
    let list = json!([{"client_id": cid, "criterion": null, "caption": "Receipt"}]);
    expect(StatusCode::OK, announce(&s, &s.shopper, list).await);
    let (status, p) =
        upload_as(&s.shopper, &s.visit, &cid, None, fixture("pillow-800x600.jpg")).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let (status, _) =
        s.shopper.delete(&format!("/api/v1/photos/{}", p["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let body = expect(StatusCode::OK, submit(&s).await);
    assert_eq!(body["status"], "submitted");
}

#[tokio::test]
async fn the_page_form_submit_waits_for_an_announced_photo_and_keeps_the_answers() {
    use crate::photo_pages::World;
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (_, loc) = w.place("Azadi", "store").await;
    let (b, user) = app.signed_in("shopper").await;
    let token = yardstick::accounts::tokens::issue(&app.app.db, user.id).await.unwrap();
    let api = Api::with_token(&app, token);
    let id = new_id();
    let started = chrono::Utc::now() - Duration::minutes(40);
    let draft = json!({"location_id": loc, "checklist_id": w.checklist,
        "started_at": started.to_rfc3339(),
        "ended_at": (started + Duration::minutes(30)).to_rfc3339()});
    expect(StatusCode::CREATED, api.put(&format!("/api/v1/visits/{id}"), draft).await);
    let (status, _) = api.upload(&id, fixture("pillow-800x600.jpg"), Some("STK-03")).await;
    assert_eq!(status, StatusCode::CREATED);

    // Announced from the page's script: the session and its CSRF header.
    let cid = new_id();
    let res = b
        .client
        .put(b.url(&format!("/api/v1/visits/{id}/expected-photos")))
        .header("x-csrf-token", b.csrf().await)
        .json(&json!({"photos": [{"client_id": cid, "criterion": "STK-01", "caption": "Shelf edge"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let (status, page) = b.get_html(&format!("/visits/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    let action = attr(&page, "form.visit-form", "action").unwrap();
    let mut form = Form::new();
    let csrf = attr(&page, "form.visit-form input[name=csrf_token]", "value").unwrap();
    form = form.text("csrf_token", csrf.clone());
    for n in ["started_at", "ended_at"] {
        let at = if n == "started_at" { started } else { started + Duration::minutes(30) };
        form = form.text(n, at.format("%Y-%m-%dT%H:%M").to_string());
    }
    let fields = [
        ("v:STK-01", "no"),
        ("v:STF-01", "yes"),
        ("narrative", "Typed on the phone"),
        ("action", "submit"),
    ];
    let post = |form: Form| {
        let mut form = form;
        for (k, v) in fields {
            form = form.text(k, v);
        }
        b.client.post(b.url(&action)).multipart(form).send()
    };
    let res = post(form).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = scraper::Html::parse_document(&res.text().await.unwrap());
    let summary = text(&page, ".error-summary").unwrap();
    let want = "The photo for STK-01 “Shelf edge” has not reached the server yet: \
        it is still on the phone that took it.";
    assert!(summary.contains(want), "{summary}");
    assert_eq!(text(&page, "textarea[name=narrative]").unwrap(), "Typed on the phone");
    assert!(attr(&page, "input[name='v:STK-01'][value=no]", "checked").is_some());

    let (status, _) = upload_as(&api, &id, &cid, Some("STK-01"), fixture("pillow-o2.jpg")).await;
    assert_eq!(status, StatusCode::CREATED);
    let form = Form::new()
        .text("csrf_token", csrf)
        .text("started_at", started.format("%Y-%m-%dT%H:%M").to_string());
    let form = form
        .text("ended_at", (started + Duration::minutes(30)).format("%Y-%m-%dT%H:%M").to_string());
    let res = post(form).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, v) = api.get(&format!("/api/v1/visits/{id}")).await;
    assert_eq!(v["status"], "submitted");
}
