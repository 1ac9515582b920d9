//! The scorecard, its trend and the CSV exports (managers, trainers,
//! admins). Handlers parse the filters, call the domain, render.
use crate::web::extract::Query;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::map_response_body::MapResponseBodyLayer;

use crate::accounts::{Actor, Role};
use crate::app::AppState;
use crate::error::AppResult;
use crate::scorecards::export::{self, Kind};
use crate::scorecards::query::{self, Scorecard};
use crate::scorecards::{FilterQuery, Filters, Stat};
use crate::web::context::CurrentUser;
use crate::web::fused::Fused;
use crate::web::paths;

fn stat_json(s: &Stat) -> Value {
    json!({"mean": s.mean(), "n": s.n, "stddev": s.stddev()})
}

fn filters_json(f: &Filters) -> Value {
    json!({
        "from": f.from.map(|d| d.to_string()),
        "to": f.to.map(|d| d.to_string()),
        "channel": f.channel.map(|c| c.as_str()),
        "region": f.region,
        "checklist_id": f.checklist_id,
        "brands": f.brand_ids,
        "include_pending": f.include_pending,
    })
}

fn scorecard_json(card: &Scorecard) -> Value {
    let brands: Vec<Value> = card
        .brands
        .iter()
        .map(|b| {
            let categories: Map<String, Value> =
                b.categories.iter().map(|(k, s)| (k.clone(), stat_json(s))).collect();
            let criteria: Map<String, Value> = b
                .criteria
                .iter()
                .map(|(code, s)| {
                    let mut j = stat_json(s);
                    j["category"] = json!(card.criterion_categories.get(code));
                    (code.clone(), j)
                })
                .collect();
            let channels: Map<String, Value> =
                b.channels.iter().map(|(k, s)| (k.clone(), stat_json(s))).collect();
            json!({
                "id": b.brand.id,
                "name": b.brand.name,
                "own": b.brand.own,
                "color": b.brand.color,
                "overall": stat_json(&b.overall),
                "categories": categories,
                "criteria": criteria,
                "channels": channels,
                "channel_gap": b.channel_gap,
            })
        })
        .collect();
    let gaps: Vec<Value> = card
        .gaps
        .iter()
        .map(|g| {
            json!({
                "category": g.key.category,
                "criterion": g.key.criterion,
                "own_mean": g.own.mean(),
                "own_n": g.own.n,
                "best_competitor_id": g.best_competitor_id,
                "best_competitor_mean": g.best_competitor.mean(),
                "best_competitor_n": g.best_competitor.n,
                "delta": g.delta,
            })
        })
        .collect();
    json!({"filters": filters_json(&card.filters), "brands": brands, "gaps": gaps})
}

/// `GET /scorecard`
pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<FilterQuery>,
) -> AppResult<Json<Value>> {
    actor.require(Role::reads_all_visits)?;
    let card = query::scorecard(&app.db, &actor, &q.parse()?).await?;
    let mut body = scorecard_json(&card);
    let counts = crate::actions::counts::by_brand_and_category(&app.db, &actor).await?;
    body["actions"] = super::actions::counts_json(&counts);
    Ok(Json(body))
}

/// `GET /scorecard/trend?interval=month|week`
pub async fn trend(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<FilterQuery>,
) -> AppResult<Json<Value>> {
    actor.require(Role::reads_all_visits)?;
    let (f, interval) = (q.parse()?, q.interval()?);
    let series = query::trend(&app.db, &actor, &f, interval).await?;
    let brands: Vec<Value> = series
        .iter()
        .map(|s| {
            let points: Vec<Value> = s
                .points
                .iter()
                .map(|(p, st)| json!({"period": p, "mean": st.mean(), "n": st.n}))
                .collect();
            json!({"id": s.brand.id, "name": s.brand.name, "own": s.brand.own,
                   "color": s.brand.color, "points": points})
        })
        .collect();
    let interval = match interval {
        crate::scorecards::Interval::Month => "month",
        crate::scorecards::Interval::Week => "week",
    };
    Ok(Json(json!({"filters": filters_json(&f), "interval": interval, "brands": brands})))
}

fn csv_response(name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

/// `GET /exports/scorecard.csv`
pub async fn scorecard_csv(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<FilterQuery>,
) -> AppResult<Response> {
    actor.require(Role::reads_all_visits)?;
    let card = query::scorecard(&app.db, &actor, &q.parse()?).await?;
    Ok(csv_response("scorecard.csv", Body::from(export::scorecard_csv(&card)?)))
}

/// `GET /exports/answers.csv`: one row per answer, streamed.
pub async fn answers_csv(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<FilterQuery>,
) -> AppResult<Response> {
    streamed(&app, &actor, &q, Kind::Answers, "answers.csv").await
}

/// `GET /exports/visits.csv`: one row per visit, a column per criterion.
pub async fn visits_csv(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<FilterQuery>,
) -> AppResult<Response> {
    streamed(&app, &actor, &q, Kind::Visits, "visits.csv").await
}

async fn streamed(
    app: &AppState,
    actor: &Actor,
    q: &FilterQuery,
    kind: Kind,
    name: &str,
) -> AppResult<Response> {
    actor.require(Role::reads_all_visits)?;
    let body = export::stream(&app.db, &q.parse()?, kind).await?;
    Ok(csv_response(name, Body::from_stream(body)))
}

/// The exports' routes. CSV is large and compresses well at any level: the
/// fastest keeps the compression from being the export's bottleneck
/// (BENCHMARKS.md, "Exports at 100,000 visits").
pub fn export_routes() -> Router<AppState> {
    Router::new()
        .route(paths::API_EXPORT_SCORECARD, get(scorecard_csv))
        .route(paths::API_EXPORT_ANSWERS, get(answers_csv))
        .route(paths::API_EXPORT_VISITS, get(visits_csv))
        .layer(MapResponseBodyLayer::new(Fused::body))
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
}
