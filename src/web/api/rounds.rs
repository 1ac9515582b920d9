//! Rounds in the API (managers): the round as a document, its periods and
//! their coverage, running it now, shoppers' brand exclusions, and
//! reassigning an open assignment.
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::assignments::assignment_json;
use crate::accounts::Role;
use crate::app::AppState;
use crate::assignments;
use crate::error::{AppError, AppResult};
use crate::rounds::coverage::{self, Counts};
use crate::rounds::periods::{Period, Recurrence};
use crate::rounds::run::{self, PeriodRun};
use crate::rounds::{self, Round, RoundInput};
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Path};

fn round_json(r: &Round) -> Value {
    let m = &r.model;
    let periods: Vec<[String; 2]> = match &r.recurrence {
        Recurrence::Fixed(list) => {
            list.iter().map(|(a, b)| [a.to_string(), b.to_string()]).collect()
        }
        _ => vec![],
    };
    json!({
        "id": m.id,
        "name": m.name,
        "checklist_id": m.checklist_id,
        "brand_ids": r.brand_ids,
        "channels": r.channels,
        "regions": r.regions,
        "location_ids": r.location_ids,
        "every": m.every,
        "interval": m.interval,
        "start_on": m.start_on.to_string(),
        "periods": periods,
        "opens_day": m.opens_day,
        "due_day": m.due_day,
        "brief": m.brief,
        "shopper_ids": r.pool,
        "lockout_days": m.lockout_days,
        "active": m.active,
    })
}

fn counts_json(c: &Counts) -> Value {
    json!({"visited": c.visited, "overdue": c.overdue, "missing": c.missing,
           "unassigned": c.unassigned, "total": c.total()})
}

fn period_json(p: &Period) -> Value {
    json!({"start": p.start.to_string(), "end": p.end.to_string(),
           "opens_on": p.opens_on.to_string(), "due_on": p.due_on.to_string()})
}

fn run_json(r: &PeriodRun) -> Value {
    json!({
        "round_id": r.round_id,
        "period": period_json(&r.period),
        "made": r.made.iter().map(|(l, s)| json!({"location_id": l, "shopper_id": s})).collect::<Vec<_>>(),
        "already": r.already,
        "blocked": r.blocked.iter().map(|(l, why)| json!({"location_id": l, "reason": why.as_str()})).collect::<Vec<_>>(),
    })
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
) -> AppResult<Json<Vec<Value>>> {
    Ok(Json(rounds::list(&app.db, &actor).await?.iter().map(round_json).collect()))
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(input): ApiJson<RoundInput>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let r = rounds::create(&app.db, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(round_json(&r))))
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Value>> {
    Ok(Json(round_json(&rounds::find(&app.db, &actor, id).await?)))
}

/// Fields given replace the round's; fields left out keep their values.
pub async fn update(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(patch): ApiJson<Value>,
) -> AppResult<Json<Value>> {
    let Value::Object(fields) = patch else {
        return Err(AppError::BadRequest("a JSON object".into()));
    };
    let old = rounds::find(&app.db, &actor, id).await?;
    let mut merged = serde_json::to_value(old.as_input()).map_err(anyhow::Error::from)?;
    for (k, v) in fields {
        // `periods` may come as the pairs the API gives out.
        let v = match (k.as_str(), v) {
            ("periods", Value::Array(pairs)) => Value::String(
                pairs
                    .iter()
                    .filter_map(|p| p.as_array())
                    .map(|p| p.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            (_, v) => v,
        };
        merged[k] = v;
    }
    let input: RoundInput =
        serde_json::from_value(merged).map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(Json(round_json(&rounds::update(&app.db, &actor, id, &input).await?)))
}

/// `periods` as the API gives them out (pairs) is read as the form's lines.
pub async fn create_from_pairs(
    state: State<AppState>,
    user: CurrentUser,
    ApiJson(mut body): ApiJson<Value>,
) -> AppResult<(StatusCode, Json<Value>)> {
    if let Some(Value::Array(pairs)) = body.get("periods").cloned() {
        body["periods"] = Value::String(
            pairs
                .iter()
                .filter_map(|p| p.as_array())
                .map(|p| p.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    let input: RoundInput =
        serde_json::from_value(body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    create(state, user, ApiJson(input)).await
}

pub async fn run_now(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Value>> {
    let runs = run::run_one(&app.db, &actor, id, Utc::now().date_naive()).await?;
    Ok(Json(json!({"periods": runs.iter().map(run_json).collect::<Vec<_>>()})))
}

/// The periods started so far (and the next one when it opens soon),
/// newest first, with their coverage counts.
pub async fn periods(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Vec<Value>>> {
    let r = rounds::find(&app.db, &actor, id).await?;
    let today = Utc::now().date_naive();
    let mut out = Vec::new();
    for p in r.started(today + chrono::Days::new(run::AHEAD_DAYS), 24) {
        let c = coverage::coverage(&app.db, &r, p, today).await?;
        let mut v = period_json(&p);
        v["counts"] = counts_json(&c.total);
        out.push(v);
    }
    Ok(Json(out))
}

fn period_of(r: &Round, start: &str) -> AppResult<Period> {
    NaiveDate::parse_from_str(start, "%Y-%m-%d")
        .ok()
        .and_then(|d| r.period(d))
        .ok_or(AppError::NotFound)
}

pub async fn period(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, start)): Path<(i32, String)>,
) -> AppResult<Json<Value>> {
    let r = rounds::find(&app.db, &actor, id).await?;
    let p = period_of(&r, &start)?;
    let c = coverage::coverage(&app.db, &r, p, Utc::now().date_naive()).await?;
    let mut v = period_json(&p);
    v["counts"] = counts_json(&c.total);
    v["by_brand"] = c
        .by_brand
        .iter()
        .map(|(b, n)| json!({"brand_id": b.id, "name": b.name, "counts": counts_json(n)}))
        .collect();
    v["by_channel"] = c
        .by_channel
        .iter()
        .map(|(ch, n)| json!({"channel": ch, "counts": counts_json(n)}))
        .collect();
    v["locations"] = c
        .lines
        .iter()
        .map(|l| {
            json!({"location_id": l.location.id, "state": l.state.as_str(),
                   "assignment": l.assignment.as_ref().map(assignment_json)})
        })
        .collect();
    Ok(Json(v))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Exclusions {
    brand_ids: Vec<i32>,
}

pub async fn exclusions(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(user_id): Path<i32>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let (_, ids) = rounds::exclusions(&app.db, &actor, user_id).await?;
    Ok(Json(json!({"user_id": user_id, "brand_ids": ids})))
}

pub async fn set_exclusions(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(user_id): Path<i32>,
    ApiJson(body): ApiJson<Exclusions>,
) -> AppResult<Json<Value>> {
    actor.require(Role::manages)?;
    let ids = rounds::set_exclusions(&app.db, &actor, user_id, &body.brand_ids).await?;
    Ok(Json(json!({"user_id": user_id, "brand_ids": ids})))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Reassign {
    shopper_id: Option<i32>,
}

pub async fn reassign(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<Reassign>,
) -> AppResult<Json<Value>> {
    let a = assignments::reassign(&app.db, &actor, id, body.shopper_id).await?;
    Ok(Json(assignment_json(&a)))
}
