//! The CSRF token check: every unsafe request made with the session cookie
//! must carry the session's token, in the `csrf_token` form field (pages; a
//! multipart form sends it before its files) or
//! the `X-CSRF-Token` header (scripts and the API). Requests authenticated
//! by a bearer token, and API calls without the session cookie, are exempt:
//! a forged cross-site request can only borrow credentials the browser
//! attaches by itself.
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use subtle::ConstantTimeEq;

use super::context::Ctx;
use crate::error::AppError;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Forms are small; anything bigger than this is not a form we made.
/// Forms are small, but a confirmed CSV import carries its whole file.
const MAX_FORM_BYTES: usize = crate::places::import::MAX_BYTES + 1024 * 1024;

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn same(a: &str, b: &str) -> bool {
    !a.is_empty() && a.as_bytes().ct_eq(b.as_bytes()).into()
}

pub async fn middleware(req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    // RFC 8058's one-click unsubscribe comes from a mail client with no
    // session; the link carries its own signature, checked by the handler.
    if req.uri().path() == super::paths::UNSUBSCRIBE {
        return next.run(req).await;
    }
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else {
        return AppError::Csrf.into_response();
    };
    let by_token = ctx.actor.as_ref().is_some_and(|a| a.token_id.is_some());
    // A script calling the API without our cookie has no ambient authority
    // for a forged request to borrow.
    let cookieless_api = ctx.is_api && !has_session_cookie(&req);
    if by_token || cookieless_api {
        return next.run(req).await;
    }
    if ctx.csrf.is_empty() {
        // No session token: nothing could match, so do not read the body.
        return AppError::Csrf.into_response();
    }
    if let Some(h) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if same(h, &ctx.csrf) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    let content_type =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("multipart/form-data") {
        let Ok(boundary) = multer::parse_boundary(content_type) else {
            return AppError::Csrf.into_response();
        };
        let (parts, body) = req.into_parts();
        let (token, body) = leading_multipart_token(body, boundary).await;
        return if token.is_some_and(|t| same(&t, &ctx.csrf)) {
            next.run(Request::from_parts(parts, body)).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return AppError::Csrf.into_response();
    }
    // Read the form to find the token, then hand the same bytes on.
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return AppError::TooLarge.into_response();
    };
    let token = form_urlencoded_field(&bytes, FIELD);
    if !token.is_some_and(|t| same(&t, &ctx.csrf)) {
        return AppError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Text fields a multipart form may send before its token; ours sends it first.
const MAX_LEADING_FIELDS: usize = 16;
const MAX_LEADING_FIELD_BYTES: u64 = 64 * 1024;

/// The token of a multipart post, from the text fields before its first
/// file (so a token never has to ride in the URL, where history, logs and
/// screenshots keep it), and the whole body to hand on: what was read to
/// find it, then the rest, still streaming.
async fn leading_multipart_token(body: Body, boundary: String) -> (Option<String>, Body) {
    let mut data = body.into_data_stream();
    let mut seen: Vec<Bytes> = Vec::new();
    let token = {
        let tee = (&mut data).inspect(|chunk| {
            if let Ok(bytes) = chunk {
                seen.push(bytes.clone());
            }
        });
        let limits = multer::Constraints::new()
            .size_limit(multer::SizeLimit::new().per_field(MAX_LEADING_FIELD_BYTES));
        let mut form = multer::Multipart::with_constraints(tee, boundary, limits);
        let mut token = None;
        for _ in 0..MAX_LEADING_FIELDS {
            let Ok(Some(field)) = form.next_field().await else { break };
            if field.file_name().is_some() {
                break;
            }
            if field.name() == Some(FIELD) {
                token = field.text().await.ok();
                break;
            }
        }
        token
    };
    let read = futures_util::stream::iter(seen.into_iter().map(Ok::<_, axum::Error>));
    (token, Body::from_stream(read.chain(data)))
}

fn has_session_cookie(req: &Request) -> bool {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(';').any(|c| c.trim().starts_with(&format!("{}=", super::SESSION_COOKIE))))
}

fn form_urlencoded_field(bytes: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
