//! The location manager: only their locations' visits (with scores),
//! photos and actions; never other locations' (404), never managers' or
//! admins' pages (403).
use reqwest::StatusCode;
use serde_json::json;
use yardstick::evidence::sample;

use super::*;

#[tokio::test]
async fn a_location_manager_sees_only_their_locations_visits_photos_and_actions() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (lm, lm_id) = Api::new(&app, "location_manager").await;
    let (admin, _) = Api::new(&app, "admin").await;
    let (st, body) = admin
        .put(
            &format!("/api/v1/users/{lm_id}/locations"),
            json!({"location_ids": [s.p.location_id]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let (_, got) = admin.get(&format!("/api/v1/users/{lm_id}/locations")).await;
    assert_eq!(got["location_ids"], json!([s.p.location_id]));

    // Photos are added while the visit is a draft.
    let mine = uuid::Uuid::new_v4().to_string();
    let (start, end) = times();
    let body = json!({"location_id": s.p.location_id, "checklist_id": s.p.checklist_id,
        "started_at": start, "ended_at": end, "answers": full_answers(true, false)});
    s.p.shopper.put(&format!("/api/v1/visits/{mine}"), body).await;
    let jpeg = sample::jpeg(32, 32, None, sample::detailed_pixel);
    let (st, photo) = s.p.shopper.upload(&mine, jpeg.clone(), Some("STF-01")).await;
    assert_eq!(st, StatusCode::CREATED, "{photo}");
    s.p.shopper.post(&format!("/api/v1/visits/{mine}/submit"), json!({})).await;
    let theirs = approved(&s, s.other_location, true, false).await;

    let (st, list) = lm.get("/api/v1/visits").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["id"], mine.as_str());
    let (st, v) = lm.get(&format!("/api/v1/visits/{mine}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(v["score"].is_number(), "scores of their visits, even awaiting review: {v}");
    let (st, _) = lm.get(&format!("/api/v1/visits/{theirs}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _, _) = lm.file(photo["urls"]["thumb"].as_str().unwrap(), None).await;
    assert_eq!(st, StatusCode::OK, "their location's photo");

    // A photo at another location: not found.
    let other = uuid::Uuid::new_v4().to_string();
    let body = json!({"location_id": s.other_location, "checklist_id": s.p.checklist_id,
        "started_at": start, "ended_at": end, "answers": full_answers(true, true)});
    s.p.shopper.put(&format!("/api/v1/visits/{other}"), body).await;
    let (_, photo2) = s.p.shopper.upload(&other, jpeg, None).await;
    let (st, _, _) = lm.file(photo2["urls"]["thumb"].as_str().unwrap(), None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Actions: theirs by location (someone else responsible) yes, others no.
    let (_, mgr_id) = Api::new(&app, "manager").await;
    s.p.manager
        .post(&format!("/api/v1/visits/{mine}/review"), json!({"decision": "approve"}))
        .await;
    let (st, here) = open(&s, &mine, "STF-01", mgr_id, &future()).await;
    assert_eq!(st, StatusCode::CREATED, "{here}");
    let (_, there) = open(&s, &theirs, "STF-01", mgr_id, &future()).await;
    let (_, list) = lm.get("/api/v1/actions").await;
    assert_eq!(list["total"], 1, "{list}");
    let (st, _) = lm.get(&format!("/api/v1/actions/{}", there["id"])).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) =
        lm.post(&format!("/api/v1/actions/{}/comments", there["id"]), json!({"note": "hi"})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = lm.get(&format!("/api/v1/actions/{}", here["id"])).await;
    assert_eq!(st, StatusCode::OK);

    // Never the scorecard, managers' or admins' routes.
    for path in ["/api/v1/scorecard", "/api/v1/users", "/api/v1/actions/rule"] {
        let (st, _) = lm.get(path).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{path}");
    }
    let (st, _) = lm.post("/api/v1/assignments", json!({})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn only_a_location_manager_has_locations_and_unknown_ones_are_refused() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (admin, _) = Api::new(&app, "admin").await;
    let (_, shopper_id) = Api::new(&app, "shopper").await;
    let (st, body) = admin
        .put(
            &format!("/api/v1/users/{shopper_id}/locations"),
            json!({"location_ids": [s.p.location_id]}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, lm_id) = Api::new(&app, "location_manager").await;
    let (st, body) = admin
        .put(&format!("/api/v1/users/{lm_id}/locations"), json!({"location_ids": [999999]}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (st, _) =
        s.p.manager
            .put(&format!("/api/v1/users/{lm_id}/locations"), json!({"location_ids": []}))
            .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = admin.put("/api/v1/users/999999/locations", json!({"location_ids": []})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}
