//! The JSON API as a client sees it: one user's bearer token against one
//! server. Paths are full paths from the server root (`/api/v1/visits/…`),
//! the same form as the links the API hands out (a photo's `/photos/…`
//! URLs), so a link from a response is called as it is. Every call gives
//! back the status with the body, and the caller asserts what it expects.
use reqwest::header::HeaderMap;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;

use super::TestApp;

pub struct Api {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Api {
    /// A new user of this role, with a token: the client and the user's id.
    pub async fn new(app: &TestApp, role: &str) -> (Api, i32) {
        let (token, user) = app.token_for(role).await;
        (Api::with_token(app, token), user.id)
    }

    /// Whoever this token belongs to.
    pub fn with_token(app: &TestApp, token: String) -> Api {
        Api { base: app.url(""), token, http: reqwest::Client::new() }
    }

    /// The same user on another server (a restored backup, say), given by
    /// its root URL.
    pub fn at(&self, base: &str) -> Api {
        Api { base: base.to_owned(), token: self.token.clone(), http: self.http.clone() }
    }

    /// A request with this user's token, for what the methods below do not
    /// send (another body type, a form without a file).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token)
    }

    /// Any method, with a JSON body or none; the body read back as JSON
    /// (`null` when it is empty or not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.request(method, path);
        if let Some(b) = body {
            req = req.json(&b);
        }
        json(req).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, None).await
    }

    /// A GET whose answer is not JSON (a CSV export).
    pub async fn text(&self, path: &str) -> (StatusCode, String) {
        let res = self.request(Method::GET, path).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    /// A photo added to a visit as a phone sends it: the file, the
    /// criterion it is for (none: the visit as a whole) and a caption.
    pub async fn upload(
        &self,
        visit: &str,
        file: Vec<u8>,
        criterion: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut form = Form::new().part("file", Part::bytes(file).file_name("IMG_0001.jpg"));
        if let Some(c) = criterion {
            form = form.text("criterion", c.to_owned());
        }
        form = form.text("caption", "Queue at the till");
        json(self.request(Method::POST, &format!("/api/v1/visits/{visit}/photos")).multipart(form))
            .await
    }

    /// A stored copy at a URL the API gave: status, headers and bytes;
    /// with an ETag, asked for only if it changed.
    pub async fn file(&self, url: &str, etag: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut req = self.request(Method::GET, url);
        if let Some(e) = etag {
            req = req.header("if-none-match", e);
        }
        let res = req.send().await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        (status, headers, res.bytes().await.unwrap().to_vec())
    }
}

/// The body of an answer that must have this status.
pub fn expect(want: StatusCode, (status, body): (StatusCode, Value)) -> Value {
    assert_eq!(status, want, "{body}");
    body
}

async fn json(req: RequestBuilder) -> (StatusCode, Value) {
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}
