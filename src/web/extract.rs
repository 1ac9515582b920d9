//! The extractors every handler uses, and the one place where axum's
//! rejections become `AppError`: so a malformed request gets API.md's JSON
//! (or, on a page, the translated error page) with the right status, never
//! axum's `text/plain`. They are axum's own extractors underneath; only the
//! rejection differs.
//!
//! Statuses, as API.md: a body over the route's limit is 413 (axum's body
//! limit stops reading at the limit, so nothing bigger is held in memory);
//! a body of the wrong content type 415; anything else that cannot be read
//! (bad JSON, a field of the wrong type, a path id or query value that does
//! not parse) 400, with axum's description as `detail`.
use axum::extract::rejection::{
    BytesRejection, FormRejection, JsonRejection, PathRejection, QueryRejection,
};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::AppError;

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

#[derive(FromRequest)]
#[from_request(via(axum::Form), rejection(AppError))]
pub struct PageForm<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

/// A body that could not be read: too large, or cut off.
fn body_error(e: &BytesRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest(e.body_text())
    }
}

impl From<JsonRejection> for AppError {
    fn from(e: JsonRejection) -> Self {
        match e {
            JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMedia,
            JsonRejection::BytesRejection(b) => body_error(&b),
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

impl From<FormRejection> for AppError {
    fn from(e: FormRejection) -> Self {
        match e {
            FormRejection::InvalidFormContentType(_) => AppError::UnsupportedMedia,
            FormRejection::BytesRejection(b) => body_error(&b),
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(e: PathRejection) -> Self {
        match e {
            // A route whose handler asks for parameters it does not have.
            PathRejection::MissingPathParams(m) => {
                AppError::Internal(anyhow::anyhow!(m.body_text()))
            }
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(e: QueryRejection) -> Self {
        AppError::BadRequest(e.body_text())
    }
}

/// A rejection from an extractor not listed above (a handler using axum's
/// own): the same statuses, read from the plain-text answer axum made.
pub fn from_plain_rejection(res: &Response) -> Option<AppError> {
    let plain = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !plain {
        return None;
    }
    match res.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Some(AppError::TooLarge),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Some(AppError::UnsupportedMedia),
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
            Some(AppError::BadRequest(String::new()))
        }
        _ => None,
    }
}

/// A visit id from the path; anything that is not a UUID names no visit.
pub fn visit_id(s: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(s).map_err(|_| AppError::NotFound)
}
