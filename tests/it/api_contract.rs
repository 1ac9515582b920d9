//! API.md's contract for tokens and users: paths, fields, status codes.
use reqwest::{Method, StatusCode};
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

/// Every kind of request the API cannot read answers API.md's error object
/// as JSON with the status API.md gives: 400 malformed, 413 too large, 415
/// wrong content type. None may answer axum's plain text.
#[tokio::test]
async fn requests_that_cannot_be_read_answer_the_json_error_shape() {
    let app = TestApp::spawn().await;
    let (admin, _) = Api::new(&app, "admin").await;
    let (shopper, _) = Api::new(&app, "shopper").await;
    let visit = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let json_type = Some("application/json");
    type Case<'a> = (&'a Api, Method, String, Option<&'a str>, Vec<u8>, StatusCode, &'a str);
    let cases: Vec<Case> = vec![
        (
            &admin,
            Method::POST,
            "/api/v1/brands".into(),
            json_type,
            b"{not json".to_vec(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::POST,
            "/api/v1/brands".into(),
            json_type,
            b"{\"name\": 5}".to_vec(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::POST,
            "/api/v1/brands".into(),
            Some("text/plain"),
            b"{\"name\": \"A\"}".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            &admin,
            Method::POST,
            "/api/v1/brands".into(),
            None,
            b"{\"name\": \"A\"}".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            &shopper,
            Method::PUT,
            visit,
            json_type,
            b"\"a visit\"".to_vec(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::PATCH,
            "/api/v1/users/99999999999999999999".into(),
            json_type,
            b"{}".to_vec(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::GET,
            "/api/v1/users/abc".into(),
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::GET,
            "/api/v1/checklists/1/versions/first".into(),
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::GET,
            "/api/v1/visits?page=-5".into(),
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::GET,
            "/api/v1/locations?page=x".into(),
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            &admin,
            Method::GET,
            "/api/v1/assignments?shopper_id=me".into(),
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        // A handler whose extractor is axum's own still answers the shape.
        (
            &admin,
            Method::GET,
            "/api/v1/scorecard?from=2026-01-01&from=2026-02-01".into(),
            None,
            vec![],
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ];
    for (client, method, path, content_type, body, status, code) in cases {
        let what = format!("{method} {path} ({content_type:?}, {} bytes)", body.len());
        let mut req = client.request(method, &path);
        if let Some(t) = content_type {
            req = req.header("content-type", t);
        }
        let res = req.body(body).send().await.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(res.status(), status, "{what}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("application/json"), "{what}: {ct}");
        let body: Value = res.json().await.unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert_eq!(body["error"]["code"], code, "{what}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{what}: {body}");
    }
}

/// A page whose address cannot be read answers the translated error page.
#[tokio::test]
async fn a_page_with_a_bad_path_or_query_answers_the_html_error_page() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    for path in ["/checklists/abc", "/brands/99999999999999999999", "/visits?page=x"] {
        let res = b.get(path).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
        let html = scraper::Html::parse_document(&res.text().await.unwrap());
        let texts = select_all(&html, ".error-page p");
        assert!(texts.iter().any(|t| t == "The request could not be read."), "{path}: {texts:?}");
    }
}

/// Sends the head of a request whose body would be `length` bytes and only a
/// little more than the API's 2 MiB limit of that body, then reads the whole
/// answer: the status, the content type and the body.
async fn answer_to_head(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    length: u64,
) -> (u16, String, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {token}\r\n\
         content-type: application/json\r\ncontent-length: {length}\r\n\
         accept-encoding: identity\r\n\r\n",
        app.addr
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&vec![b' '; (2 << 20) + (64 << 10)]).await.unwrap();
    // The server answers without waiting for the rest of the body.
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let (head, body) = loop {
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), tcp.read(&mut buf))
            .await
            .expect("an answer before the whole body is sent")
            .unwrap();
        assert!(n > 0, "closed without an answer");
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ")?.parse().ok())
                .expect("a sized answer");
            if body.len() >= length {
                break (head.to_owned(), body.to_owned());
            }
        }
    };
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type: ").map(str::to_owned))
        .unwrap_or_default();
    (status, content_type, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// A 10 MB visit and a 100 MB brand are over the API's 2 MB body limit: 413
/// with the error object, answered as soon as the limit is passed, without
/// waiting for (or holding) the rest of the body.
#[tokio::test]
async fn an_oversized_body_is_413_json_without_being_read() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.token_for("admin").await;
    let (shopper, _) = app.token_for("shopper").await;
    let visit = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    for (method, path, token, length) in [
        ("PUT", visit.as_str(), &shopper, 10 << 20),
        ("POST", "/api/v1/brands", &admin, 100 << 20),
        ("POST", "/api/v1/checklists", &admin, 3 << 20),
    ] {
        let (status, content_type, body) = answer_to_head(&app, method, path, token, length).await;
        assert_eq!(status, 413, "{method} {path}: {body}");
        assert!(content_type.starts_with("application/json"), "{method} {path}: {content_type}");
        assert_eq!(body["error"]["code"], "too_large", "{method} {path}");
        assert_eq!(body["error"]["message"], "The upload is too large.", "{method} {path}");
    }
}
