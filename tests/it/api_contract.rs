//! API.md's contract for tokens and users: paths, fields, status codes.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

fn api(app: &TestApp, path: &str) -> String {
    app.url(&format!("/api/v1{path}"))
}

#[tokio::test]
async fn a_token_is_issued_for_good_credentials_and_works_until_revoked() {
    let app = TestApp::spawn().await;
    let user = app.create_user("manager").await;
    let c = reqwest::Client::new();
    let res = c
        .post(api(&app, "/auth/token"))
        .json(&json!({"email": user.email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let token = body["token"].as_str().unwrap().to_owned();
    assert_eq!(body["user"]["email"], user.email);
    assert_eq!(body["user"]["role"], "manager");
    assert_eq!(body["user"]["locale"], "en");
    assert!(body["user"].get("password_hash").is_none());

    let me = c.get(api(&app, "/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    let res = c.delete(api(&app, "/auth/token")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let me = c.get(api(&app, "/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tokens_are_stored_hashed() {
    let app = TestApp::spawn().await;
    let (token, _) = app.token_for("shopper").await;
    use sea_orm::EntityTrait;
    let rows = yardstick::entities::api_token::Entity::find().all(&app.app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, token);
    assert!(!rows[0].token_hash.contains(&token[3..]));
}

#[tokio::test]
async fn wrong_credentials_are_401_with_the_error_object() {
    let app = TestApp::spawn().await;
    let user = app.create_user("manager").await;
    let res = reqwest::Client::new()
        .post(api(&app, "/auth/token"))
        .json(&json!({"email": user.email, "password": "wrong wrong wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "wrong_credentials");
    assert_eq!(body["error"]["message"], "The email or password is wrong.");
}

#[tokio::test]
async fn repeated_wrong_credentials_are_throttled_with_429() {
    let app = TestApp::spawn().await;
    let user = app.create_user("manager").await;
    let c = reqwest::Client::new();
    for _ in 0..5 {
        c.post(api(&app, "/auth/token"))
            .json(&json!({"email": user.email, "password": "wrong wrong wrong"}))
            .send()
            .await
            .unwrap();
    }
    let res = c
        .post(api(&app, "/auth/token"))
        .json(&json!({"email": user.email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((14 * 60..=15 * 60).contains(&retry), "{retry}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "throttled");
}

#[tokio::test]
async fn malformed_json_is_400_and_a_missing_content_type_is_415() {
    let app = TestApp::spawn().await;
    let c = reqwest::Client::new();
    let res = c
        .post(api(&app, "/auth/token"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
    let res = c.post(api(&app, "/auth/token")).body("email=x").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_admin_creates_lists_and_changes_users() {
    let app = TestApp::spawn().await;
    let (token, _) = app.token_for("admin").await;
    let c = reqwest::Client::new();
    let res = c
        .post(api(&app, "/users"))
        .bearer_auth(&token)
        .json(&json!({"email": "Reza@Example.com", "name": "Reza", "role": "shopper", "password": PASSWORD, "locale": "fa"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["email"], "reza@example.com");
    assert_eq!(created["locale"], "fa");
    assert!(created.get("password_hash").is_none());
    let id = created["id"].as_i64().unwrap();

    let list: Vec<Value> =
        c.get(api(&app, "/users")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert!(list.iter().any(|u| u["id"] == id));

    let res = c
        .patch(api(&app, &format!("/users/{id}")))
        .bearer_auth(&token)
        .json(&json!({"role": "trainer", "active": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let changed: Value = res.json().await.unwrap();
    assert_eq!(changed["role"], "trainer");
    assert_eq!(changed["active"], false);
    assert_eq!(changed["name"], "Reza", "fields left out stay as they were");
}

#[tokio::test]
async fn a_bad_user_is_422_naming_each_field() {
    let app = TestApp::spawn().await;
    let (token, _) = app.token_for("admin").await;
    app.create_user_with("shopper", "dup@example.com", "en").await;
    let res = reqwest::Client::new()
        .post(api(&app, "/users"))
        .bearer_auth(&token)
        .json(&json!({"email": "DUP@example.com", "name": "", "role": "boss", "password": "x", "locale": "de"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields = &body["error"]["fields"];
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(fields["email"], "A user with this email already exists.");
    assert_eq!(fields["name"], "This field is required.");
    assert_eq!(fields["role"], "Choose one of the roles in the list.");
    assert_eq!(fields["locale"], "Choose one of the languages in the list.");
    assert_eq!(fields["password"], "Use at least 10 characters.");
}

#[tokio::test]
async fn a_deactivated_users_token_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.token_for("admin").await;
    let (token, user) = app.token_for("shopper").await;
    let c = reqwest::Client::new();
    assert_eq!(
        c.get(api(&app, "/me")).bearer_auth(&token).send().await.unwrap().status(),
        StatusCode::OK
    );
    c.patch(api(&app, &format!("/users/{}", user.id)))
        .bearer_auth(&admin)
        .json(&json!({"active": false}))
        .send()
        .await
        .unwrap();
    let res = c.get(api(&app, "/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_header_for_unsafe_api_calls() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("admin").await;
    let new_user =
        json!({"email": "c@example.com", "name": "C", "role": "shopper", "password": PASSWORD});
    let res = b.client.post(b.url("/api/v1/users")).json(&new_user).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "csrf_failed");
    let me: Value = b.get("/api/v1/me").await.json().await.unwrap();
    let csrf = me["csrf_token"].as_str().unwrap();
    let res = b
        .client
        .post(b.url("/api/v1/users"))
        .header("x-csrf-token", csrf)
        .json(&new_user)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}
