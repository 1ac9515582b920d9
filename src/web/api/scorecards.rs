//! The scorecard, its trend and the CSV exports (managers, trainers,
//! admins). Handlers parse the filters, call the domain, render.
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::{Map, Value, json};

use crate::accounts::Role;
use crate::app::AppState;
use crate::error::AppResult;
use crate::scorecards::export;
use crate::scorecards::query::{self, Scorecard};
use crate::scorecards::{FilterQuery, Filters, Stat};
use crate::web::context::CurrentUser;

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
    let card = query::scorecard(&app.read, &actor, &q.parse()?).await?;
    Ok(Json(scorecard_json(&card)))
}

/// `GET /scorecard/trend?interval=month|week`
pub async fn trend(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<FilterQuery>,
) -> AppResult<Json<Value>> {
    actor.require(Role::reads_all_visits)?;
    let (f, interval) = (q.parse()?, q.interval()?);
    let series = query::trend(&app.read, &actor, &f, interval).await?;
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
    let card = query::scorecard(&app.read, &actor, &q.parse()?).await?;
    Ok(csv_response("scorecard.csv", Body::from(export::scorecard_csv(&card)?)))
}

/// `GET /exports/answers.csv`: streamed a page at a time, so memory stays
/// flat however many answers there are.
pub async fn answers_csv(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Query(q): Query<FilterQuery>,
) -> AppResult<Response> {
    actor.require(Role::reads_all_visits)?;
    let f = q.parse()?;
    let header = Bytes::from(export::answers_header()?);
    // State: the last answer id sent, or `None` once the last page is out.
    let pages = futures_util::stream::unfold(Some(0i64), move |after| {
        let (app, f) = (app.clone(), f.clone());
        async move {
            let after = after?;
            match export::answers_page(&app.read, &f, after).await {
                Ok((_, None)) => None,
                Ok((bytes, last)) => Some((Ok(Bytes::from(bytes)), last)),
                Err(e) => {
                    tracing::error!(error = %e, "answers export failed mid-stream");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    let body = futures_util::stream::once(async move { Ok(header) }).chain(pages);
    Ok(csv_response("answers.csv", Body::from_stream(body)))
}
