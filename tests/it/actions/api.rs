//! Actions through the JSON API: opening, refusals, the rule, transitions,
//! verification by the next visit, filters, photos and audit rows.
use reqwest::StatusCode;
use serde_json::json;
use yardstick::evidence::sample;

use super::*;

#[tokio::test]
async fn a_manager_opens_an_action_from_a_failed_item_of_an_approved_own_visit() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (lm, lm_id) = Api::new(&app, "location_manager").await;
    let visit = approved(&s, s.p.location_id, true, false).await;
    let due = future();
    let (st, a) = open(&s, &visit, "STF-01", lm_id, &due).await;
    assert_eq!(st, StatusCode::CREATED, "{a}");
    assert_eq!(a["status"], "open");
    assert_eq!(a["criterion_code"], "STF-01");
    assert_eq!(a["category"], "staff");
    assert_eq!(a["location_id"], s.p.location_id);
    assert_eq!(a["due_on"], due.as_str());
    assert_eq!(a["priority"], "high");
    assert_eq!(a["responsible_id"], lm_id);
    // The responsible person sees it in their list.
    let (st, mine) = lm.get("/api/v1/actions?mine=true").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(mine["total"], 1, "{mine}");
    // And is told of it, with a link to the action.
    let told = told_of_actions(&lm).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["link"], format!("/actions/{}", a["id"]));
    // Never two pending actions on one place and question.
    let (st, dup) = open(&s, &visit, "STF-01", lm_id, &due).await;
    assert_eq!(st, StatusCode::CONFLICT, "{dup}");
    assert_eq!(dup["error"]["code"], "conflict");
    let log = audit_of(&app, a["id"].as_i64().unwrap()).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].0, "action.opened");
    assert!(log[0].1.is_some(), "opened by the manager");
}

#[tokio::test]
async fn an_action_is_refused_from_a_passed_item_a_competitor_or_an_unapproved_visit() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (_, lm_id) = Api::new(&app, "location_manager").await;
    let due = future();
    let visit = approved(&s, s.p.location_id, true, false).await;
    let (st, body) = open(&s, &visit, "RSP-01", lm_id, &due).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "passed item: {body}");
    assert!(body["error"]["fields"]["criterion_code"].is_string(), "{body}");

    let rival = approved(&s, s.competitor_location, true, false).await;
    let (st, body) = open(&s, &rival, "STF-01", lm_id, &due).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "competitor: {body}");
    assert!(body["error"]["fields"]["visit_id"].is_string(), "{body}");

    let waiting = submitted(&s, s.p.location_id, true, false).await;
    let (st, body) = open(&s, &waiting, "STF-01", lm_id, &due).await;
    assert_eq!(st, StatusCode::CONFLICT, "unapproved: {body}");

    let (st, body) = open(&s, &uuid::Uuid::new_v4().to_string(), "STF-01", lm_id, &due).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{body}");

    // Bad input names every field.
    let (st, body) =
        s.p.manager
            .post(
                "/api/v1/actions",
                json!({"location_id": s.p.location_id, "description": " ", "due_on": "2026-02-30",
                   "priority": "urgent"}),
            )
            .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = body["error"]["fields"].as_object().unwrap();
    for f in ["description", "responsible_id", "due_on", "priority"] {
        assert!(fields.contains_key(f), "{f} in {fields:?}");
    }
    // A shopper may never open one; the API says so with 403.
    let (st, _) =
        s.p.shopper.post("/api/v1/actions", json!({"location_id": s.p.location_id})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_rule_opens_an_action_for_each_failed_critical_item_at_approval() {
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
    // Off by default: nothing is opened.
    approved(&s, s.p.location_id, true, false).await;
    let (_, list) = s.p.manager.get("/api/v1/actions").await;
    assert_eq!(list["total"], 0, "{list}");

    let (st, rule) =
        s.p.manager
            .put("/api/v1/actions/rule", json!({"auto_critical": true, "due_days": 7}))
            .await;
    assert_eq!(st, StatusCode::OK, "{rule}");
    let (st, bad) =
        s.p.manager
            .put("/api/v1/actions/rule", json!({"auto_critical": true, "due_days": 0}))
            .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert!(bad["error"]["fields"]["due_days"].is_string());

    let visit = approved(&s, s.p.location_id, false, false).await;
    let (_, list) = lm.get("/api/v1/actions").await;
    assert_eq!(list["total"], 1, "only the critical STF-01, not RSP-01: {list}");
    let a = &list["items"][0];
    assert_eq!(a["criterion_code"], "STF-01");
    assert_eq!(a["visit_id"], visit.as_str());
    assert_eq!(a["responsible_id"], lm_id, "the location's manager");
    assert_eq!(a["created_by"], serde_json::Value::Null, "opened by the rule");
    assert_eq!(told_of_actions(&lm).await.len(), 1, "the location's manager is told");
    let due = chrono::Utc::now().date_naive() + chrono::Days::new(7);
    assert_eq!(a["due_on"], due.to_string());
    let log = audit_of(&app, a["id"].as_i64().unwrap()).await;
    assert_eq!(log[0].0, "action.opened");
    assert_eq!(log[0].1, None, "audited as by the system");

    // Another failing visit opens no second one for the same question.
    approved(&s, s.p.location_id, false, false).await;
    let (_, list) = s.p.manager.get("/api/v1/actions").await;
    assert_eq!(list["total"], 1, "{list}");
    // A competitor's failures open nothing; at another own store, with no
    // location manager, the reviewer is responsible.
    approved(&s, s.competitor_location, false, false).await;
    approved(&s, s.other_location, true, false).await;
    let (_, list) = s.p.manager.get("/api/v1/actions?status=open").await;
    assert_eq!(list["total"], 2, "{list}");
    let other =
        list["items"].as_array().unwrap().iter().find(|a| a["location_id"] == s.other_location);
    assert!(other.is_some_and(|a| a["responsible_id"] != lm_id), "{list}");
}

#[tokio::test]
async fn done_verify_and_reopen_move_an_action_and_wrong_steps_are_refused() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (lm, lm_id) = Api::new(&app, "location_manager").await;
    let visit = approved(&s, s.p.location_id, true, false).await;
    let (_, a) = open(&s, &visit, "STF-01", lm_id, &future()).await;
    let id = a["id"].as_i64().unwrap();
    let at = |step: &str| format!("/api/v1/actions/{id}/{step}");

    // Verify or reopen an open action: a state conflict.
    let (st, body) = s.p.manager.post(&at("verify"), json!({})).await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    // Done needs a note, and only the responsible person marks it.
    let (st, body) = lm.post(&at("done"), json!({"note": ""})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["note"].is_string());
    let (st, _) = s.p.manager.post(&at("done"), json!({"note": "I did it"})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, body) = lm.post(&at("done"), json!({"note": "Briefed the team"})).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "done");
    let (st, _) = lm.post(&at("done"), json!({"note": "again"})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    // Only a manager verifies or reopens; reopening needs a note.
    let (st, _) = lm.post(&at("verify"), json!({})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = s.p.manager.post(&at("reopen"), json!({"note": ""})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, body) = s.p.manager.post(&at("reopen"), json!({"note": "Still not thanked"})).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "open");
    lm.post(&at("done"), json!({"note": "Briefed again"})).await;
    let (st, body) = s.p.manager.post(&at("verify"), json!({"note": "Checked in person"})).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "verified");
    let (st, _) = s.p.manager.post(&at("reopen"), json!({"note": "x"})).await;
    assert_eq!(st, StatusCode::CONFLICT);

    // Comments: anyone who sees it; an empty one is refused.
    let (st, c) = lm.post(&at("comments"), json!({"note": "Thanks"})).await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let (st, _) = lm.post(&at("comments"), json!({"note": "  "})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, full) = lm.get(&format!("/api/v1/actions/{id}")).await;
    let kinds: Vec<&str> =
        full["comments"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["done", "reopened", "done", "verified", "comment"]);

    let log: Vec<String> = audit_of(&app, id).await.into_iter().map(|r| r.0).collect();
    assert_eq!(
        log,
        [
            "action.opened",
            "action.done",
            "action.reopened",
            "action.done",
            "action.verified",
            "action.commented"
        ]
    );
    // Once verified, the question may get a new action.
    let (st, _) = open(&s, &visit, "STF-01", lm_id, &future()).await;
    assert_eq!(st, StatusCode::CREATED);
}

#[tokio::test]
async fn the_next_approved_visit_passing_the_question_verifies_the_action() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (lm, lm_id) = Api::new(&app, "location_manager").await;
    let first = approved(&s, s.p.location_id, true, false).await;
    let (_, a) = open(&s, &first, "STF-01", lm_id, &future()).await;
    let id = a["id"].as_i64().unwrap();
    lm.post(&format!("/api/v1/actions/{id}/done"), json!({"note": "Briefed"})).await;
    // Still failing: stays as it is; a visit elsewhere changes nothing.
    approved(&s, s.p.location_id, true, false).await;
    approved(&s, s.other_location, true, true).await;
    let (_, still) = s.p.manager.get(&format!("/api/v1/actions/{id}")).await;
    assert_eq!(still["status"], "done");
    // Awaiting review: not yet.
    let next = submitted(&s, s.p.location_id, true, true).await;
    let (_, still) = s.p.manager.get(&format!("/api/v1/actions/{id}")).await;
    assert_eq!(still["status"], "done");
    let (st, _) =
        s.p.manager
            .post(&format!("/api/v1/visits/{next}/review"), json!({"decision": "approve"}))
            .await;
    assert_eq!(st, StatusCode::OK);
    let (_, done) = s.p.manager.get(&format!("/api/v1/actions/{id}")).await;
    assert_eq!(done["status"], "verified", "{done}");
    assert_eq!(done["verified_visit_id"], next.as_str());
    assert_eq!(done["verified_by"], serde_json::Value::Null);
    let log = audit_of(&app, id).await;
    let last = log.last().unwrap();
    assert_eq!(last.0, "action.verified");
    assert_eq!(last.1, None, "by the system");
    assert!(last.2.contains(&next), "the visit is referenced: {}", last.2);
}

#[tokio::test]
async fn the_list_filters_by_location_status_and_due_date() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (_, lm_id) = Api::new(&app, "location_manager").await;
    let here = approved(&s, s.p.location_id, false, false).await;
    let there = approved(&s, s.other_location, true, false).await;
    let (_, late) = open(&s, &here, "STF-01", lm_id, &past()).await;
    let (_, soon) = open(&s, &there, "STF-01", lm_id, &future()).await;
    let (_, free) =
        s.p.manager
            .post(
                "/api/v1/actions",
                json!({"location_id": s.other_location, "description": "Fix the door",
                   "responsible_id": lm_id, "due_on": "2099-01-01"}),
            )
            .await;
    assert_eq!(free["criterion_code"], serde_json::Value::Null);
    let ids = |v: &serde_json::Value| -> Vec<i64> {
        v["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
    };
    let m = &s.p.manager;
    let (_, all) = m.get("/api/v1/actions").await;
    assert_eq!(
        ids(&all),
        [late["id"].as_i64().unwrap(), soon["id"].as_i64().unwrap(), free["id"].as_i64().unwrap()],
        "soonest due first"
    );
    let (_, overdue) = m.get("/api/v1/actions?status=overdue").await;
    assert_eq!(ids(&overdue), [late["id"].as_i64().unwrap()]);
    assert_eq!(overdue["items"][0]["overdue"], true);
    let (_, there_only) = m.get(&format!("/api/v1/actions?location_id={}", s.other_location)).await;
    assert_eq!(there_only["total"], 2);
    let (_, range) = m.get(&format!("/api/v1/actions?due_from={}&due_to=2098-12-31", past())).await;
    assert_eq!(range["total"], 2, "{range}");
    let (st, bad) = m.get("/api/v1/actions?status=lost&due_to=soon").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad["error"]["fields"]["status"].is_string()
            && bad["error"]["fields"]["due_to"].is_string()
    );
}

#[tokio::test]
async fn a_photo_of_the_fix_goes_through_the_evidence_pipeline_and_is_served_to_who_may_see_it() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (lm, lm_id) = Api::new(&app, "location_manager").await;
    let (admin, _) = Api::new(&app, "admin").await;
    admin
        .put(
            &format!("/api/v1/users/{lm_id}/locations"),
            json!({"location_ids": [s.p.location_id]}),
        )
        .await;
    let visit = approved(&s, s.p.location_id, true, false).await;
    let (_, a) = open(&s, &visit, "STF-01", lm_id, &future()).await;
    let id = a["id"].as_i64().unwrap();
    let path = format!("/api/v1/actions/{id}/photos");
    let upload = |bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name("fix.jpg"));
        lm.request(reqwest::Method::POST, &path).multipart(form)
    };
    let res = upload(sample::jpeg(64, 48, None, sample::detailed_pixel)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let photo: serde_json::Value = res.json().await.unwrap();
    assert_eq!(photo["width"], 64);
    let res = upload(b"not a photo at all".to_vec()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let url = photo["urls"]["thumb"].as_str().unwrap();
    let (st, _, bytes) = lm.file(url, None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
    // A shopper may not see it.
    let (st, _, _) = s.p.shopper.file(url, None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, full) = lm.get(&format!("/api/v1/actions/{id}")).await;
    assert_eq!(full["photos"].as_array().unwrap().len(), 1);
    // `photos clean` keeps the files of a fix: a photo refers to them.
    let report = yardstick::evidence::clean::run(
        &app.app.db,
        &app.app.evidence,
        chrono::Duration::days(30),
        chrono::Duration::zero(),
    )
    .await
    .unwrap();
    assert_eq!(report.files_removed, 0);
    assert_eq!(lm.file(url, None).await.0, StatusCode::OK);
}

/// The "action for you" notifications in the user's app list.
async fn told_of_actions(api: &Api) -> Vec<serde_json::Value> {
    let (_, list) = api.get("/api/v1/notifications").await;
    let items = list["items"].as_array().unwrap();
    items.iter().filter(|n| n["kind"] == "action_assigned").cloned().collect()
}
