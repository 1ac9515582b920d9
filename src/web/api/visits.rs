//! Visits in the API: drafts, submit, review, and reading them back.
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::accounts::Actor;
use crate::app::AppState;
use crate::entities::{visit, visit_answer, visit_section};
use crate::error::AppResult;
use crate::visits::Status;
use crate::visits::draft::{self, DraftInput};
use crate::visits::review::{self, ReviewInput};
use crate::visits::store::{self, ListFilter, PER_PAGE};
use crate::visits::submit::{self, Submitted};
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Path, Query, visit_id};

/// Shoppers see their scores once a manager has approved the visit.
fn shows_scores(actor: &Actor, v: &visit::Model) -> bool {
    actor.role.sees_submitted_scores() || v.status == Status::Approved.as_str()
}

fn summary_json(actor: &Actor, v: &visit::Model) -> Value {
    let scores = shows_scores(actor, v);
    json!({
        "id": v.id,
        "status": v.status,
        "shopper_id": v.shopper_id,
        "location_id": v.location_id,
        "checklist_version_id": v.checklist_version_id,
        "assignment_id": v.assignment_id,
        "started_at": v.started_at.map(|t| t.to_rfc3339()),
        "ended_at": v.ended_at.map(|t| t.to_rfc3339()),
        "submitted_at": v.submitted_at.map(|t| t.to_rfc3339()),
        "score": if scores { json!(v.score) } else { Value::Null },
        "critical_failed": if scores { json!(v.critical_failed) } else { Value::Null },
        "review_note": v.review_note,
    })
}

fn full_json(
    actor: &Actor,
    v: &visit::Model,
    answers: &[visit_answer::Model],
    sections: &[visit_section::Model],
    photos: Vec<Value>,
) -> Value {
    let scores = shows_scores(actor, v) && v.submitted_at.is_some();
    let mut body = summary_json(actor, v);
    body["narrative"] = json!(v.narrative);
    body["answers"] = answers
        .iter()
        .map(|a| {
            let mut j = json!({
                "code": a.code,
                "value": a.value.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok()),
                "na": a.na,
                "comment": a.comment,
            });
            if scores {
                j["earned"] = json!(a.earned);
                j["possible"] = json!(a.possible);
                j["failed"] = json!(a.failed);
            }
            j
        })
        .collect();
    body["sections"] = if scores {
        sections.iter().map(|s| json!({"category": s.category, "pct": s.pct})).collect()
    } else {
        json!([])
    };
    // The visit's flags: every flag any of its photos carries, once.
    let mut flags: Vec<Value> = Vec::new();
    for f in photos.iter().filter_map(|p| p["flags"].as_array()).flatten() {
        if !flags.contains(f) {
            flags.push(f.clone());
        }
    }
    body["photos"] = json!(photos);
    body["flags"] = json!(flags);
    body
}

async fn full(app: &AppState, actor: &Actor, v: &visit::Model) -> AppResult<Value> {
    let answers = store::answers_of(&app.db, &v.id).await?;
    let sections = store::sections_of(&app.db, &v.id).await?;
    let photos = crate::visits::store::photos_of(&app.db, &v.id).await?;
    let photos = photos.iter().map(|p| super::photo_json(app, p, v)).collect();
    Ok(full_json(actor, v, &answers, &sections, photos))
}

/// `PUT /visits/{uuid}`: 201 when made, 200 when updated.
pub async fn put(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DraftInput>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let id = visit_id(&id)?;
    let saved = draft::save_draft(&app.db, &app.scoring, &actor, id, &input).await?;
    let status = if saved.created { StatusCode::CREATED } else { StatusCode::OK };
    let v = &saved.visit;
    // A draft has no section scores, and a returned one only its last.
    let sections = match v.submitted_at {
        Some(_) => store::sections_of(&app.db, &v.id).await?,
        None => vec![],
    };
    // A new draft has no photos yet: no query on the hot path.
    let photos = match saved.created {
        true => vec![],
        false => crate::visits::store::photos_of(&app.db, &v.id).await?,
    };
    let photos = photos.iter().map(|p| super::photo_json(&app, p, v)).collect();
    Ok((status, Json(full_json(&actor, v, &saved.answers, &sections, photos))))
}

pub async fn submit(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let id = visit_id(&id)?;
    let Submitted { visit: v, sections } =
        submit::submit(&app.db, &app.scoring, &actor, id).await?;
    Ok(Json(json!({
        "id": v.id,
        "status": v.status,
        "score": v.score,
        "critical_failed": v.critical_failed,
        "sections": sections.iter().map(|s| json!({"category": s.category, "pct": s.pct})).collect::<Vec<_>>(),
    })))
}

pub async fn review(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> AppResult<Json<Value>> {
    let id = visit_id(&id)?;
    let v = review::review(&app.db, &actor, id, &input).await?;
    Ok(Json(full(&app, &actor, &v).await?))
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let v = store::find_visible(&app.db, &actor, visit_id(&id)?).await?;
    Ok(Json(full(&app, &actor, &v).await?))
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(f): Query<ListFilter>,
) -> AppResult<Json<Value>> {
    let page = store::list(&app.db, &actor, &f, false).await?;
    let items = page.items.iter().map(|v| summary_json(&actor, v)).collect();
    Ok(Json(super::page_json(items, page.total, page.page, page.pages, PER_PAGE)))
}
