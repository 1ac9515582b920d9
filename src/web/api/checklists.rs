//! Checklists as whole documents (managers and admins).
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::accounts::Role;
use crate::app::AppState;
use crate::checklists::document::ChecklistDoc;
use crate::checklists::store;
use crate::entities::checklist_version;
use crate::error::AppResult;
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Path};

pub fn version_json(v: &checklist_version::Model) -> Value {
    json!({
        "id": v.checklist_id,
        "version_id": v.id,
        "version": v.version,
        "status": v.status,
        "name": v.name,
        "published_at": v.published_at.map(|t| t.to_rfc3339()),
    })
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
) -> AppResult<Json<Vec<Value>>> {
    actor.require(Role::manages)?;
    let all = store::list(&app.db).await?;
    Ok(Json(
        all.iter()
            .map(|s| {
                json!({
                    "id": s.checklist.id,
                    "name": s.checklist.name,
                    "published_version": s.published().map(|v| v.version),
                    "draft_version": s.draft().map(|v| v.version),
                    "versions": s.versions.iter().map(version_json).collect::<Vec<_>>(),
                })
            })
            .collect(),
    ))
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(doc): ApiJson<ChecklistDoc>,
) -> AppResult<(StatusCode, Json<Value>)> {
    actor.require(Role::manages)?;
    let v = store::create(&app.db, actor.id(), &doc).await?;
    Ok((StatusCode::CREATED, Json(version_json(&v))))
}

pub async fn add_version(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(doc): ApiJson<ChecklistDoc>,
) -> AppResult<(StatusCode, Json<Value>)> {
    actor.require(Role::manages)?;
    let v = store::add_version(&app.db, actor.id(), id, &doc).await?;
    Ok((StatusCode::CREATED, Json(version_json(&v))))
}

pub async fn show_version(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
) -> AppResult<Json<ChecklistDoc>> {
    actor.require(Role::manages)?;
    let v = store::find_version(&app.db, id, version).await?;
    Ok(Json(store::load_doc(&app.db, &v).await?))
}

pub async fn replace_version(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
    ApiJson(doc): ApiJson<ChecklistDoc>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let v = store::replace_draft(&app.db, id, version, &doc).await?;
    Ok(Json(version_json(&v)))
}

pub async fn publish(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let v = store::publish(&app.db, actor.id(), id, version).await?;
    Ok(Json(version_json(&v)))
}
