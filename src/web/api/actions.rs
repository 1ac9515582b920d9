//! Actions on failures in the API: list with filters, open, read, comment,
//! done, verify, reopen, photos of the fix, the rule, and the locations of
//! a location manager.
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

use super::page_json;
use super::photos::{read_upload, serve_key};
use crate::actions::{
    self, ActionInput, Detail, Filter, NoteInput, Step, StoredPhoto, people, rule,
};
use crate::app::AppState;
use crate::entities::{action, action_comment, action_photo};
use crate::error::{AppError, AppResult};
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Path, Query};
use crate::web::paths::{self, PhotoSize};

pub fn action_json(a: &action::Model) -> Value {
    let today = Utc::now().date_naive();
    json!({
        "id": a.id,
        "location_id": a.location_id,
        "visit_id": a.visit_id,
        "criterion_code": a.criterion_code,
        "category": a.category,
        "description": a.description,
        "responsible_id": a.responsible_id,
        "due_on": a.due_on.to_string(),
        "priority": a.priority,
        "status": a.status,
        "overdue": actions::is_overdue(a, today),
        "created_by": a.created_by,
        "created_at": a.created_at.to_rfc3339(),
        "done_at": a.done_at.map(|t| t.to_rfc3339()),
        "verified_at": a.verified_at.map(|t| t.to_rfc3339()),
        "verified_by": a.verified_by,
        "verified_visit_id": a.verified_visit_id,
    })
}

fn comment_json(c: &action_comment::Model) -> Value {
    json!({
        "id": c.id,
        "author_id": c.author_id,
        "kind": c.kind,
        "body": c.body,
        "created_at": c.created_at.to_rfc3339(),
    })
}

fn photo_json(p: &action_photo::Model) -> Value {
    json!({
        "id": p.id,
        "width": p.width,
        "height": p.height,
        "created_at": p.created_at.to_rfc3339(),
        "urls": {
            "thumb": paths::action_photo_file(&p.id, PhotoSize::Thumb),
            "display": paths::action_photo_file(&p.id, PhotoSize::Display),
            "full": paths::action_photo_file(&p.id, PhotoSize::Full),
        },
    })
}

fn detail_json(d: &Detail) -> Value {
    let mut v = action_json(&d.action);
    v["comments"] = d.comments.iter().map(comment_json).collect();
    v["photos"] = d.photos.iter().map(photo_json).collect();
    v
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(f): Query<Filter>,
) -> AppResult<Json<Value>> {
    let page = actions::list(&app.db, &actor, &f).await?;
    let items = page.items.iter().map(action_json).collect();
    Ok(Json(page_json(items, page.total, page.page, page.pages, actions::PER_PAGE)))
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(input): ApiJson<ActionInput>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let a = actions::create(&app.db, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(action_json(&a))))
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Value>> {
    Ok(Json(detail_json(&actions::detail(&app.db, &actor, id).await?)))
}

pub async fn comment(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let c = actions::comment(&app.db, &actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(comment_json(&c))))
}

async fn step(
    app: &AppState,
    actor: &crate::accounts::Actor,
    id: i32,
    s: Step,
    n: &NoteInput,
) -> AppResult<Json<Value>> {
    Ok(Json(action_json(&actions::step(&app.db, actor, id, s, n).await?)))
}

pub async fn done(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<Json<Value>> {
    step(&app, &actor, id, Step::Done, &input).await
}

pub async fn verify(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<Json<Value>> {
    step(&app, &actor, id, Step::Verify, &input).await
}

pub async fn reopen(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<Json<Value>> {
    step(&app, &actor, id, Step::Reopen, &input).await
}

/// Runs a photo of the fix through the evidence pipeline (sniffing, pixel
/// limit, orientation, metadata stripped, three copies) into storage.
pub(crate) async fn store_fix_photo(app: &AppState, bytes: Vec<u8>) -> AppResult<StoredPhoto> {
    let processed = app.evidence.process(bytes).await?;
    let bytes = (processed.full.len() + processed.display.len() + processed.thumb.len()) as i64;
    Ok(StoredPhoto {
        width: processed.width as i32,
        height: processed.height as i32,
        full_key: app.evidence.storage.put(processed.full).await?,
        display_key: app.evidence.storage.put(processed.display).await?,
        thumb_key: app.evidence.storage.put(processed.thumb).await?,
        bytes,
    })
}

/// `POST /actions/{id}/photos`: multipart field `file`.
pub async fn upload(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<Value>)> {
    // Who, and in what state, before a byte of the file is read.
    actions::photo_target(app.db.read(), &actor, id).await?;
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let _memory = app.evidence.reserve_upload(length).await?;
    let multipart = multipart.map_err(|_| AppError::UnsupportedMedia)?;
    let input = read_upload(multipart, app.evidence.config.max_bytes, length).await?;
    let stored = store_fix_photo(&app, input.bytes).await?;
    let p = actions::add_photo(&app.db, &actor, id, stored).await?;
    Ok((StatusCode::CREATED, Json(photo_json(&p))))
}

/// `GET /action-photos/{id}/{size}` (outside the API, for `<img src>`).
pub async fn serve(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, size)): Path<(String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let size = PhotoSize::parse(&size).ok_or(AppError::NotFound)?;
    let p = actions::find_photo(&app.db, &actor, &id).await?;
    let key = match size {
        PhotoSize::Thumb => &p.thumb_key,
        PhotoSize::Display => &p.display_key,
        PhotoSize::Full => &p.full_key,
    };
    serve_key(&app, key, &headers).await
}

/// The scorecard's `actions`: per own brand, not yet verified and overdue
/// actions in total and per category (`""` for free actions).
pub fn counts_json(counts: &actions::counts::Counts) -> Value {
    counts
        .iter()
        .map(|(brand, rows)| {
            let total = rows.get(&None).cloned().unwrap_or_default();
            let categories: serde_json::Map<String, Value> = rows
                .iter()
                .filter_map(|(k, n)| {
                    k.as_ref().map(|k| (k.clone(), json!({"open": n.open, "overdue": n.overdue})))
                })
                .collect();
            json!({"brand_id": brand, "open": total.open, "overdue": total.overdue,
                   "categories": categories})
        })
        .collect()
}

fn rule_json(r: &rule::Rule) -> Value {
    json!({"auto_critical": r.auto_critical, "due_days": r.due_days})
}

pub async fn show_rule(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
) -> AppResult<Json<Value>> {
    actor.require(crate::accounts::Role::manages)?;
    Ok(Json(rule_json(&rule::get(&app.db).await?)))
}

#[derive(Deserialize)]
pub struct RuleBody {
    #[serde(default)]
    auto_critical: bool,
    due_days: Option<i64>,
}

pub async fn set_rule(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(body): ApiJson<RuleBody>,
) -> AppResult<Json<Value>> {
    let input = rule::RuleInput {
        auto_critical: body.auto_critical,
        due_days: body
            .due_days
            .map(|d| d.to_string())
            .unwrap_or_else(|| rule::DEFAULT_DUE_DAYS.to_string()),
    };
    Ok(Json(rule_json(&rule::set(&app.db, &actor, &input).await?)))
}

pub async fn user_locations(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Value>> {
    actor.require_admin()?;
    crate::accounts::users::find(&app.db, id).await?;
    Ok(Json(json!({"location_ids": people::location_ids(&app.db, id).await?})))
}

#[derive(Deserialize)]
pub struct LocationsBody {
    location_ids: Vec<i32>,
}

pub async fn set_user_locations(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<LocationsBody>,
) -> AppResult<Json<Value>> {
    let ids = people::set_locations(&app.db, &actor, id, body.location_ids).await?;
    Ok(Json(json!({"location_ids": ids})))
}
