//! Photo rules at submit, who may change a visit's photos and when, and
//! the CSRF token on browser uploads.
use chrono::{Duration, Utc};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::*;

/// The whole draft: its times and the answers (a save replaces both).
fn answers(s: &Setup, shelves_full: bool) -> Value {
    json!({
        "started_at": s.started.to_rfc3339(),
        "ended_at": (s.started + Duration::minutes(30)).to_rfc3339(),
        "answers": [
            {"code": "STK-01", "value": shelves_full},
            {"code": "STK-02", "value": true},
            {"code": "STK-04", "value": true}
        ]
    })
}

#[tokio::test]
async fn submit_names_each_criterion_that_lacks_its_photo() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let path = format!("/api/v1/visits/{}", s.visit);
    let (status, body) = s.shopper.put(&path, answers(&s, false)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = s.shopper.call(Method::POST, &format!("{path}/submit"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields = body["error"]["fields"].as_object().unwrap();
    let mut named: Vec<&str> = fields.keys().map(String::as_str).collect();
    named.sort();
    // Failed with on_fail, always, and the photo kind; never STK-04.
    assert_eq!(named, ["STK-01", "STK-02", "STK-03"]);
    assert_eq!(fields["STK-01"], "This question needs a photo.");

    // A photo of the visit as a whole meets no criterion's rule.
    let at = s.started + Duration::minutes(1);
    s.shopper.upload(&s.visit, photo(at, HERE), None).await;
    for code in ["STK-01", "STK-02"] {
        let (status, _) = s.shopper.upload(&s.visit, photo(at, HERE), Some(code)).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (_, body) = s.shopper.call(Method::POST, &format!("{path}/submit"), None).await;
    assert_eq!(body["error"]["fields"].as_object().unwrap().keys().collect::<Vec<_>>(), ["STK-03"]);
    s.shopper.upload(&s.visit, photo(at, HERE), Some("STK-03")).await;
    let (status, body) = s.shopper.call(Method::POST, &format!("{path}/submit"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_passed_on_fail_criterion_needs_no_photo() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let path = format!("/api/v1/visits/{}", s.visit);
    s.shopper.put(&path, answers(&s, true)).await;
    let (_, body) = s.shopper.call(Method::POST, &format!("{path}/submit"), None).await;
    let fields = body["error"]["fields"].as_object().unwrap();
    assert!(!fields.contains_key("STK-01") && fields.contains_key("STK-02"), "{fields:?}");
}

#[tokio::test]
async fn photos_change_only_by_their_author_while_the_visit_is_open() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let at = s.started + Duration::minutes(1);
    let (_, p) = s.shopper.upload(&s.visit, photo(at, HERE), Some("STK-02")).await;
    let del = format!("/api/v1/photos/{}", p["id"].as_str().unwrap());
    let (other, _) = Api::new(&app, "shopper").await;
    assert_eq!(other.delete(&del).await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.manager.delete(&del).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        s.shopper.delete("/api/v1/photos/00000000-0000-0000-0000-000000000000").await.0,
        StatusCode::NOT_FOUND
    );

    // Submitted: nothing is added or taken away.
    let path = format!("/api/v1/visits/{}", s.visit);
    s.shopper.put(&path, answers(&s, true)).await;
    s.shopper.upload(&s.visit, photo(at, HERE), Some("STK-03")).await;
    let (status, body) = s.shopper.call(Method::POST, &format!("{path}/submit"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(s.shopper.delete(&del).await.0, StatusCode::CONFLICT);
    let (status, body) = s.shopper.upload(&s.visit, photo(at, HERE), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // Returned: the shopper may fix the evidence again.
    let (status, body) = s
        .manager
        .post(&format!("{path}/review"), json!({"decision": "return", "note": "Blurry"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(s.shopper.delete(&del).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        s.shopper.upload(&s.visit, photo(at, HERE), Some("STK-02")).await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_browser_upload_needs_the_csrf_token() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let owner = app.create_user("shopper").await;
    let b = app.browser();
    b.login(&owner.email, PASSWORD).await;
    // The owner's own visit, made through the same session.
    let visit = uuid::Uuid::new_v4().to_string();
    let (_, v) = s.manager.get(&format!("/api/v1/visits/{}", s.visit)).await;
    let token = b.csrf().await;
    let res = b
        .client
        .put(b.url(&format!("/api/v1/visits/{visit}")))
        .header("x-csrf-token", &token)
        .json(&json!({"location_id": v["location_id"], "checklist_version_id": v["checklist_version_id"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let file = || Part::bytes(photo(Utc::now(), HERE)).file_name("a.jpg");
    let send = |query: String, form: Form| {
        b.client
            .post(b.url(&format!("/api/v1/visits/{visit}/photos{query}")))
            .multipart(form)
            .send()
    };
    let none = Form::new().part("file", file());
    assert_eq!(send(String::new(), none).await.unwrap().status(), StatusCode::FORBIDDEN);
    let wrong = Form::new().text("csrf_token", "wrong").part("file", file());
    assert_eq!(send(String::new(), wrong).await.unwrap().status(), StatusCode::FORBIDDEN);
    // The token is read before the files only, and never from the address.
    let late = Form::new().part("file", file()).text("csrf_token", token.clone());
    assert_eq!(send(String::new(), late).await.unwrap().status(), StatusCode::FORBIDDEN);
    let in_query = Form::new().part("file", file());
    let status = send(format!("?csrf_token={token}"), in_query).await.unwrap().status();
    assert_eq!(status, StatusCode::FORBIDDEN);
    let first = Form::new().text("csrf_token", token.clone()).part("file", file());
    assert_eq!(send(String::new(), first).await.unwrap().status(), StatusCode::CREATED);
}
