//! Photos over HTTP: upload (multipart, streamed with a running byte count),
//! delete, and serving the stored copies to those who may see the visit.
use crate::web::extract::Path;
use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::AppState;
use crate::entities::{photo, visit};
use crate::error::{AppError, AppResult};
use crate::evidence::expected::{self, Announced};
use crate::evidence::photos::{self, Added, NewPhoto};
use crate::evidence::storage::sha_of;
use crate::i18n::Msg;
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, visit_id};
use crate::web::paths;

/// A photo as API.md describes it, with its flags against its visit.
pub fn photo_json(app: &AppState, p: &photo::Model, v: &visit::Model) -> Value {
    let flags: Vec<&str> =
        photos::flags_of(p, v, &app.evidence.rules()).iter().map(|f| f.as_str()).collect();
    json!({
        "id": p.id,
        "criterion": p.criterion_code,
        "caption": p.caption,
        "client_id": p.client_id,
        "width": p.width,
        "height": p.height,
        "taken_at": p.taken_at.map(|t| t.to_rfc3339()),
        "flags": flags,
        "urls": {
            "thumb": paths::photo_file(&p.id, paths::PhotoSize::Thumb),
            "display": paths::photo_file(&p.id, paths::PhotoSize::Display),
            "full": paths::photo_file(&p.id, paths::PhotoSize::Full),
        },
    })
}

/// `POST /visits/{uuid}/photos`.
pub async fn upload(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<Value>)> {
    // Whose visit, and in what state, before a byte of the file is read.
    let v = photos::editable_visit(&app.db, &actor, visit_id(&id)?).await?;
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let _memory = app.evidence.reserve_upload(length).await?;
    let multipart = multipart.map_err(|_| AppError::UnsupportedMedia)?;
    let input = read_upload(multipart, app.evidence.config.max_bytes, length).await?;
    let added = photos::add(&app.db, &app.evidence, &actor, &v, input).await?;
    let status = match added {
        Added::New(_) => StatusCode::CREATED,
        // Sent again (the phone lost the first answer): stored once.
        Added::Known(_) => StatusCode::OK,
    };
    Ok((status, Json(photo_json(&app, added.photo(), &v))))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest(e.body_text())
    }
}

/// The form's fields; the file is read chunk by chunk and refused as soon as
/// it passes the limit, so an oversized upload is never held whole.
/// `length` is the request's declared length: the file is read into one
/// buffer of about that size, instead of one that doubles as it fills
/// (which held up to three times the file while growing).
pub(super) async fn read_upload(
    mut multipart: Multipart,
    max_bytes: usize,
    length: Option<u64>,
) -> AppResult<NewPhoto> {
    let mut input =
        NewPhoto { bytes: Vec::new(), criterion: None, caption: String::new(), client_id: None };
    let mut has_file = false;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or("") {
            "file" => {
                let expected = length.map_or(0, |l| l.min(max_bytes as u64) as usize);
                input.bytes = read_limited(field, max_bytes, expected).await?;
                has_file = true;
            }
            "criterion" => input.criterion = Some(read_text(field).await?),
            "caption" => input.caption = read_text(field).await?,
            "client_id" => input.client_id = Some(read_text(field).await?),
            _ => {}
        }
    }
    if !has_file {
        return Err(AppError::field("file", Msg::new("field-required")));
    }
    Ok(input)
}

async fn read_limited(
    mut field: Field<'_>,
    max_bytes: usize,
    expected: usize,
) -> AppResult<Vec<u8>> {
    let mut bytes = Vec::with_capacity(expected);
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > max_bytes {
            return Err(AppError::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Small text fields; a caption longer than this is not a caption.
async fn read_text(field: Field<'_>) -> AppResult<String> {
    let bytes = read_limited(field, 8 * 1024, 0).await?;
    String::from_utf8(bytes).map_err(|_| AppError::BadRequest("not UTF-8".into()))
}

#[derive(Deserialize)]
pub struct ExpectedInput {
    photos: Vec<AnnouncedInput>,
}

#[derive(Deserialize)]
struct AnnouncedInput {
    client_id: String,
    #[serde(default)]
    criterion: Option<String>,
    #[serde(default)]
    caption: String,
}

/// `PUT /visits/{uuid}/expected-photos`: the photos the phone still holds,
/// which the submit waits for.
pub async fn expected(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ExpectedInput>,
) -> AppResult<Json<Value>> {
    let list = input
        .photos
        .into_iter()
        .map(|p| Announced { client_id: p.client_id, criterion: p.criterion, caption: p.caption })
        .collect();
    let found = expected::replace(&app.db, &actor, visit_id(&id)?, list).await?;
    let missing: Vec<&str> =
        found.iter().filter(|e| !e.arrived).map(|e| e.row.client_id.as_str()).collect();
    let expected: Vec<Value> = found
        .iter()
        .map(|e| {
            json!({
                "client_id": e.row.client_id,
                "criterion": e.row.criterion_code,
                "caption": e.row.caption,
                "arrived": e.arrived,
            })
        })
        .collect();
    Ok(Json(json!({ "expected": expected, "missing": missing })))
}

/// `DELETE /photos/{id}`.
pub async fn delete(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    photos::delete(&app.db, &app.evidence, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /photos/{id}/{size}`: the stored JPEG. Keys are content hashes, so
/// a URL's bytes never change: browsers may keep them for a year, and the
/// hash is the ETag.
pub async fn serve(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, size)): Path<(String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let size = paths::PhotoSize::parse(&size).ok_or(AppError::NotFound)?;
    let (p, _) = photos::find_visible(&app.db, &actor, &id).await?;
    let key = match size {
        paths::PhotoSize::Thumb => &p.thumb_key,
        paths::PhotoSize::Display => &p.display_key,
        paths::PhotoSize::Full => &p.full_key,
    };
    serve_key(&app, key, &headers).await
}

/// Answers one stored copy by its content key (visits' photos and photos
/// of a fix alike), with the cache headers.
pub(super) async fn serve_key(
    app: &AppState,
    key: &str,
    headers: &HeaderMap,
) -> AppResult<Response> {
    let etag = HeaderValue::from_str(&format!("\"{}\"", sha_of(key)))
        .map_err(|e| AppError::Internal(e.into()))?;
    let cache = HeaderValue::from_static("private, max-age=31536000, immutable");
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if fresh {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response());
    }
    let bytes = app
        .evidence
        .storage
        .get(key)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("photo file {key} is missing")))?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
        (header::ETAG, etag),
        (header::CACHE_CONTROL, cache),
    ];
    Ok((headers, Body::from(bytes)).into_response())
}
