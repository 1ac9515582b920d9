//! Actions on failures over HTTP: opened from a failed item (and refused
//! otherwise), by the rule at approval, done / verified / reopened,
//! verified by the next passing visit, the location manager's view, the
//! scorecard's counts, filters, forms and the API's codes.
mod api;
mod pages;
mod role;

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use yardstick::entities::audit_log;

use crate::support::*;
use crate::visits::{Programme, full_answers, programme, times};

/// The programme of the visits tests (an own store, a checklist whose
/// STF-01 is critical) with a second own store and a competitor's.
pub(crate) struct Setup {
    pub p: Programme,
    pub other_location: i64,
    pub competitor_location: i64,
}

pub(crate) async fn setup(app: &TestApp) -> Setup {
    let p = programme(app, true).await;
    let (_, ours) = p.manager.get("/api/v1/brands").await;
    let own_brand = ours[0]["id"].clone();
    let (s, other) = p
        .manager
        .post(
            "/api/v1/locations",
            json!({"brand_id": own_brand, "name": "Uptown", "channel": "store",
                   "address": "2 Main St", "timezone": "Asia/Tehran"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{other}");
    let (_, rival) = p.manager.post("/api/v1/brands", json!({"name": "Rival", "own": false})).await;
    let (s, comp) = p
        .manager
        .post(
            "/api/v1/locations",
            json!({"brand_id": rival["id"], "name": "Rival Mall", "channel": "store",
                   "address": "3 Main St", "timezone": "Asia/Tehran"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{comp}");
    Setup {
        p,
        other_location: other["id"].as_i64().unwrap(),
        competitor_location: comp["id"].as_i64().unwrap(),
    }
}

/// A submitted visit at `location` (greeted: RSP-01 passes; thanked:
/// STF-01, critical, passes); its id.
pub(crate) async fn submitted(s: &Setup, location: i64, greeted: bool, thanked: bool) -> String {
    let p = &s.p;
    let id = uuid::Uuid::new_v4().to_string();
    let (start, end) = times();
    let body = json!({"location_id": location, "checklist_id": p.checklist_id,
        "started_at": start, "ended_at": end, "answers": full_answers(greeted, thanked)});
    let (st, v) = p.shopper.put(&format!("/api/v1/visits/{id}"), body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = p.shopper.post(&format!("/api/v1/visits/{id}/submit"), json!({})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    id
}

/// As [`submitted`], then approved by the manager.
pub(crate) async fn approved(s: &Setup, location: i64, greeted: bool, thanked: bool) -> String {
    let id = submitted(s, location, greeted, thanked).await;
    let (st, v) =
        s.p.manager
            .post(&format!("/api/v1/visits/{id}/review"), json!({"decision": "approve"}))
            .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    id
}

/// Opens an action from `visit`'s `code` for `responsible`, due `due_on`.
pub(crate) async fn open(
    s: &Setup,
    visit: &str,
    code: &str,
    responsible: i32,
    due_on: &str,
) -> (StatusCode, Value) {
    s.p.manager
        .post(
            "/api/v1/actions",
            json!({"visit_id": visit, "criterion_code": code, "description": "Thank every customer",
                   "responsible_id": responsible, "due_on": due_on, "priority": "high"}),
        )
        .await
}

/// The audit rows about one action, oldest first: (action, actor).
pub(crate) async fn audit_of(app: &TestApp, id: i64) -> Vec<(String, Option<i32>, String)> {
    audit_log::Entity::find()
        .filter(audit_log::Column::ObjectType.eq("action"))
        .filter(audit_log::Column::ObjectId.eq(id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.action, r.actor_id, r.detail))
        .collect()
}

pub(crate) fn future() -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(10)).to_string()
}

pub(crate) fn past() -> String {
    (chrono::Utc::now().date_naive() - chrono::Days::new(3)).to_string()
}
