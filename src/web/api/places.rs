//! Brands and locations in the API (managers and admins).
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::accounts::Role;
use crate::app::AppState;
use crate::entities::{brand, location};
use crate::error::{AppError, AppResult};
use crate::places::brands::{self, BrandInput};
use crate::places::import;
use crate::places::locations::{self, Filter, LocationInput, PER_PAGE};
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Path, Query};

fn brand_json(b: &brand::Model) -> Value {
    json!({
        "id": b.id,
        "name": b.name,
        "own": b.own,
        "color": b.color,
        "archived": b.archived_at.is_some(),
    })
}

fn location_json(l: &location::Model) -> Value {
    json!({
        "id": l.id,
        "brand_id": l.brand_id,
        "name": l.name,
        "channel": l.channel,
        "region": l.region,
        "city": l.city,
        "address": l.address,
        "url": l.url,
        "phone": l.phone,
        "email": l.email,
        "latitude": l.latitude,
        "longitude": l.longitude,
        "timezone": l.timezone,
        "archived": l.archived_at.is_some(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BrandQuery {
    include_archived: bool,
}

pub async fn list_brands(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<BrandQuery>,
) -> AppResult<Json<Vec<Value>>> {
    actor.require(Role::manages)?;
    Ok(Json(brands::list(&app.db, q.include_archived).await?.iter().map(brand_json).collect()))
}

pub async fn create_brand(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(input): ApiJson<BrandInput>,
) -> AppResult<(StatusCode, Json<Value>)> {
    actor.require(Role::manages)?;
    let b = brands::create(&app.db, actor.id(), &input).await?;
    Ok((StatusCode::CREATED, Json(brand_json(&b))))
}

/// Partial changes: fields left out stay as they are.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BrandPatch {
    name: Option<String>,
    own: Option<bool>,
    color: Option<String>,
    archived: Option<bool>,
}

pub async fn update_brand(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(p): ApiJson<BrandPatch>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let mut b = brands::find(&app.db, id).await?;
    if p.name.is_some() || p.own.is_some() || p.color.is_some() {
        let input = BrandInput {
            name: p.name.unwrap_or(b.name),
            own: p.own.unwrap_or(b.own),
            color: p.color.unwrap_or(b.color),
        };
        b = brands::update(&app.db, actor.id(), id, &input).await?;
    }
    if let Some(archived) = p.archived {
        b = brands::set_archived(&app.db, actor.id(), id, archived).await?;
    }
    Ok(Json(brand_json(&b)))
}

pub async fn list_locations(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(f): Query<Filter>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let page = locations::list(&app.db, &f).await?;
    let items = page.items.iter().map(|(l, _)| location_json(l)).collect();
    Ok(Json(super::page_json(items, page.total, page.page, page.pages, PER_PAGE)))
}

pub async fn show_location(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    Ok(Json(location_json(&locations::find(&app.db, id).await?)))
}

pub async fn create_location(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(input): ApiJson<LocationInput>,
) -> AppResult<(StatusCode, Json<Value>)> {
    actor.require(Role::manages)?;
    let l = locations::create(&app.db, actor.id(), &input).await?;
    Ok((StatusCode::CREATED, Json(location_json(&l))))
}

/// Partial changes: the given fields over the stored location.
pub async fn update_location(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(patch): ApiJson<serde_json::Map<String, Value>>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let current = locations::find(&app.db, id).await?;
    let mut merged = location_json(&current);
    let archived = patch.get("archived").and_then(Value::as_bool);
    for (k, v) in patch {
        if k != "archived" && k != "id" {
            merged[k] = v;
        }
    }
    let input: LocationInput =
        serde_json::from_value(merged).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let mut l = locations::update(&app.db, actor.id(), id, &input).await?;
    if let Some(a) = archived {
        l = locations::set_archived(&app.db, actor.id(), id, a).await?;
    }
    Ok(Json(location_json(&l)))
}

/// `POST /locations/import` with a `text/csv` body.
pub async fn import_locations(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/csv"));
    if !is_csv {
        return Err(AppError::UnsupportedMedia);
    }
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| AppError::BadRequest("the CSV is not UTF-8".into()))?;
    let n = import::import(&app.db, actor.id(), &text).await?;
    Ok(Json(json!({ "imported": n })))
}
