//! Assignments in the API: managers create, everyone reads what they may.
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};

use crate::app::AppState;
use crate::assignments::{self, AssignmentInput, Filter};
use crate::entities::assignment;
use crate::error::AppResult;
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Query};

pub(super) fn assignment_json(a: &assignment::Model) -> Value {
    json!({
        "id": a.id,
        "location_id": a.location_id,
        "checklist_id": a.checklist_id,
        "shopper_id": a.shopper_id,
        "opens_on": a.opens_on.to_string(),
        "due_on": a.due_on.to_string(),
        "brief": a.brief,
        "status": assignments::shown_status(a, Utc::now().date_naive()),
        "visit_id": a.visit_id,
        "round_id": a.round_id,
        "period_start": a.period_start.map(|d| d.to_string()),
    })
}

/// One location gives the assignment; `location_ids` gives a list.
pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(input): ApiJson<AssignmentInput>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let made = assignments::create(&app.db, &actor, &input).await?;
    let body = if input.location_ids.is_empty() && made.len() == 1 {
        assignment_json(&made[0])
    } else {
        Value::Array(made.iter().map(assignment_json).collect())
    };
    Ok((StatusCode::CREATED, Json(body)))
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(f): Query<Filter>,
) -> AppResult<Json<Vec<Value>>> {
    Ok(Json(assignments::list(&app.db, &actor, &f).await?.iter().map(assignment_json).collect()))
}
