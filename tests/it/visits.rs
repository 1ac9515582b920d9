//! Visits over the API: the whole flow from assignment to approval, scores
//! as computed by hand, who may see what, and bad input.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

/// A checklist with every kind: responsiveness (weight 1) and staff
/// (weight 3, one yes/no criterion).
fn checklist(critical_staff: bool) -> Value {
    json!({
      "name": "Test standard",
      "sections": [
        {"category": "responsiveness", "title": "Responsiveness", "weight": 1, "criteria": [
          {"code": "RSP-01", "prompt": "Greeted?", "kind": "yes_no", "weight": 2},
          {"code": "RSP-02", "prompt": "Minutes queued", "kind": "number", "target": 5, "direction": "at_most", "unit": "minutes", "weight": 3},
          {"code": "RSP-03", "prompt": "Helpfulness", "kind": "scale", "min": 1, "max": 5, "weight": 4},
          {"code": "RSP-04", "prompt": "Answered?", "kind": "choice", "weight": 2, "options": [
            {"key": "full", "label": "Fully", "value": 1.0}, {"key": "partly", "label": "Partly", "value": 0.5}]},
          {"code": "RSP-05", "prompt": "What was said", "kind": "text"},
          {"code": "RSP-06", "prompt": "Photo of the queue", "kind": "photo", "allow_na": true}
        ]},
        {"category": "staff", "title": "Staff", "weight": 3, "criteria": [
          {"code": "STF-01", "prompt": "Thanked?", "kind": "yes_no", "critical": critical_staff}
        ]}
      ]
    })
}

pub(crate) struct Programme {
    pub manager: Api,
    pub shopper: Api,
    pub shopper_id: i32,
    pub location_id: i64,
    pub checklist_id: i64,
}

pub(crate) async fn programme(app: &TestApp, critical_staff: bool) -> Programme {
    let (manager, _) = Api::new(app, "manager").await;
    let (shopper, shopper_id) = Api::new(app, "shopper").await;
    let (_, brand) = manager.post("/api/v1/brands", json!({"name": "Ours", "own": true})).await;
    let (s, loc) = manager
        .post(
            "/api/v1/locations",
            json!({"brand_id": brand["id"], "name": "Downtown", "channel": "store",
                                   "address": "1 Main St", "timezone": "Asia/Tehran"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{loc}");
    let (_, cl) = manager.post("/api/v1/checklists", checklist(critical_staff)).await;
    let checklist_id = cl["id"].as_i64().unwrap();
    let (s, body) = manager
        .post(&format!("/api/v1/checklists/{checklist_id}/versions/1/publish"), json!({}))
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    Programme {
        manager,
        shopper,
        shopper_id,
        location_id: loc["id"].as_i64().unwrap(),
        checklist_id,
    }
}

pub(crate) fn full_answers(greeted: bool, thanked: bool) -> Value {
    json!([
        {"code": "RSP-01", "value": greeted, "comment": "At the door"},
        {"code": "RSP-02", "value": 4},
        {"code": "RSP-03", "value": 4},
        {"code": "RSP-04", "value": "partly"},
        {"code": "RSP-05", "value": "Asked about sizes"},
        {"code": "RSP-06", "na": true},
        {"code": "STF-01", "value": thanked}
    ])
}

pub(crate) fn times() -> (String, String) {
    let start = chrono::Utc::now() - chrono::Duration::hours(2);
    (start.to_rfc3339(), (start + chrono::Duration::minutes(20)).to_rfc3339())
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-9
}

#[tokio::test]
async fn a_visit_goes_from_assignment_to_approval_with_hand_computed_scores() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let (s, a) = p
        .manager
        .post(
            "/api/v1/assignments",
            json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
               "shopper_id": p.shopper_id, "opens_on": "2026-01-01", "due_on": "2099-12-31",
               "brief": "Ask for a size that is out of stock"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let (_, mine) = p.shopper.get("/api/v1/assignments").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["status"], "open");

    let id = uuid::Uuid::new_v4();
    let path = format!("/api/v1/visits/{id}");
    let draft = json!({"assignment_id": a["id"], "answers": [{"code": "RSP-01", "value": true}]});
    let (s, v) = p.shopper.put(&path, draft.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["status"], "draft");
    let (s, _) = p.shopper.put(&path, draft).await;
    assert_eq!(s, StatusCode::OK, "a repeated save updates the same visit");
    let (_, mine) = p.shopper.get("/api/v1/assignments").await;
    assert_eq!(mine[0]["status"], "in_progress");

    // Incomplete: every missing item is named.
    let (s, body) = p.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = body["error"]["fields"].as_object().unwrap();
    for code in ["RSP-02", "RSP-03", "RSP-04", "RSP-06", "STF-01", "started_at", "ended_at"] {
        assert!(fields.contains_key(code), "{code} missing in {fields:?}");
    }
    assert!(!fields.contains_key("RSP-01") && !fields.contains_key("RSP-05"));

    let (start, end) = times();
    let complete = json!({"started_at": start, "ended_at": end, "narrative": "Busy Saturday.",
                          "answers": full_answers(true, false)});
    let (s, _) = p.shopper.put(&path, complete).await;
    assert_eq!(s, StatusCode::OK);
    let (s, result) = p.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{result}");
    // Responsiveness: 2 + 3 + 4*(4-1)/(5-1) + 2*0.5 = 9 of 11; staff: 0 of 1.
    let responsiveness = 100.0 * 9.0 / 11.0;
    let expected = (responsiveness * 1.0 + 0.0 * 3.0) / 4.0;
    assert_eq!(result["status"], "submitted");
    assert!(close(&result["score"], expected), "{result}");
    assert_eq!(result["critical_failed"], false);
    let sections = result["sections"].as_array().unwrap();
    assert!(
        close(&sections[0]["pct"], responsiveness) && sections[0]["category"] == "responsiveness"
    );
    assert!(close(&sections[1]["pct"], 0.0));
    // A double tap stores nothing new.
    let (s, again) = p.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again, result);

    // The shopper sees the visit but not its score until it is approved.
    let (_, seen) = p.shopper.get(&path).await;
    assert_eq!(seen["status"], "submitted");
    assert_eq!(seen["score"], Value::Null);
    // The manager sees every answer with earned, possible and failed.
    let (_, full) = p.manager.get(&path).await;
    let stf =
        full["answers"].as_array().unwrap().iter().find(|a| a["code"] == "STF-01").unwrap().clone();
    assert_eq!(
        (stf["earned"].as_f64(), stf["possible"].as_f64(), stf["failed"].as_bool()),
        (Some(0.0), Some(1.0), Some(true))
    );
    let rsp3 =
        full["answers"].as_array().unwrap().iter().find(|a| a["code"] == "RSP-03").unwrap().clone();
    assert!(close(&rsp3["earned"], 3.0) && rsp3["failed"] == false);

    // Returned with a note, changed, submitted again: scores recomputed.
    let (s, body) = p.manager.post(&format!("{path}/review"), json!({"decision": "return"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"]["note"], "Tell the shopper what to change.");
    let (s, _) = p
        .manager
        .post(&format!("{path}/review"), json!({"decision": "return", "note": "Were you thanked?"}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, seen) = p.shopper.get(&path).await;
    assert_eq!(
        (seen["status"].as_str(), seen["review_note"].as_str()),
        (Some("returned"), Some("Were you thanked?"))
    );
    let (start, end) = times();
    p.shopper
        .put(
            &path,
            json!({"started_at": start, "ended_at": end, "answers": full_answers(true, true)}),
        )
        .await;
    let (_, result) = p.shopper.post(&format!("{path}/submit"), json!({})).await;
    let expected = (responsiveness + 100.0 * 3.0) / 4.0;
    assert!(close(&result["score"], expected), "{result}");

    let (s, _) = p.manager.post(&format!("{path}/review"), json!({"decision": "approve"})).await;
    assert_eq!(s, StatusCode::OK);
    let (_, seen) = p.shopper.get(&path).await;
    assert!(close(&seen["score"], expected), "approved: the shopper sees the score");
    let (_, mine) = p.shopper.get("/api/v1/assignments?status=done").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // Reopened: back to the shopper, no longer approved.
    let (s, v) = p
        .manager
        .post(
            &format!("{path}/review"),
            json!({"decision": "reopen", "note": "Add the queue photo"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "returned");
    let (s, _) = p.manager.post(&format!("{path}/review"), json!({"decision": "approve"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "only a submitted visit can be approved");
}

#[tokio::test]
async fn a_failed_critical_item_sets_the_score_to_zero_but_keeps_section_scores() {
    let app = TestApp::spawn().await;
    let p = programme(&app, true).await;
    let id = uuid::Uuid::new_v4();
    let (start, end) = times();
    let (s, body) = p
        .shopper
        .put(
            &format!("/api/v1/visits/{id}"),
            json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
              "started_at": start, "ended_at": end, "answers": full_answers(true, false)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (_, result) = p.shopper.post(&format!("/api/v1/visits/{id}/submit"), json!({})).await;
    assert_eq!(result["score"], 0.0);
    assert_eq!(result["critical_failed"], true);
    assert!(close(&result["sections"][0]["pct"], 100.0 * 9.0 / 11.0));
}

#[tokio::test]
async fn nobody_sees_another_shoppers_visit() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let id = uuid::Uuid::new_v4();
    let path = format!("/api/v1/visits/{id}");
    p.shopper
        .put(&path, json!({"location_id": p.location_id, "checklist_id": p.checklist_id}))
        .await;
    let (other, _) = Api::new(&app, "shopper").await;
    assert_eq!(other.get(&path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(other.put(&path, json!({"narrative": "mine now"})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(other.post(&format!("{path}/submit"), json!({})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        other.post(&format!("{path}/review"), json!({"decision": "approve"})).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = other.get("/api/v1/visits").await;
    assert_eq!(list["total"], 0);
    // A shopper may not review even their own visit; a trainer reads but never edits.
    assert_eq!(
        p.shopper.post(&format!("{path}/review"), json!({"decision": "approve"})).await.0,
        StatusCode::FORBIDDEN
    );
    let (trainer, _) = Api::new(&app, "trainer").await;
    assert_eq!(trainer.get(&path).await.0, StatusCode::OK);
    assert_eq!(trainer.put(&path, json!({"narrative": "x"})).await.0, StatusCode::FORBIDDEN);
    let (_, list) = trainer.get("/api/v1/visits").await;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn bad_answers_and_times_are_named_and_change_nothing() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let id = uuid::Uuid::new_v4();
    let path = format!("/api/v1/visits/{id}");
    let future = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    let (s, body) = p
        .shopper
        .put(
            &path,
            json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
              "started_at": future, "ended_at": "2020-01-01T10:00:00Z",
              "answers": [{"code": "NOPE-1", "value": true}, {"code": "RSP-01", "value": 4},
                          {"code": "RSP-03", "value": 9}, {"code": "RSP-04", "value": "maybe"},
                          {"code": "STF-01", "na": true}]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let f = &body["error"]["fields"];
    assert_eq!(f["answers.NOPE-1"], "There is no question NOPE-1 in this checklist.");
    assert_eq!(f["answers.RSP-01"], "This answer does not fit the question.");
    assert_eq!(f["answers.RSP-03"], "This value is outside the scale.");
    assert_eq!(f["answers.RSP-04"], "Choose one of the options.");
    assert!(f["answers.STF-01"].as_str().unwrap().contains("not applicable"));
    assert_eq!(f["started_at"], "This time is in the future.");
    assert_eq!(p.shopper.get(&path).await.0, StatusCode::NOT_FOUND, "nothing was stored");

    let (start, _) = times();
    let before = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    let (s, body) = p
        .shopper
        .put(&path, json!({"location_id": p.location_id, "checklist_id": p.checklist_id, "started_at": start, "ended_at": before}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"]["ended_at"], "The end must be after the start.");
    assert_eq!(p.shopper.get("/api/v1/visits/not-a-uuid").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn visits_need_an_active_location_and_a_published_version() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let (_, draft_only) = p.manager.post("/api/v1/checklists", checklist(false)).await;
    let (_, doc) =
        p.manager.get(&format!("/api/v1/checklists/{}/versions/1", p.checklist_id)).await;
    let _ = doc;
    let id = uuid::Uuid::new_v4();
    let (s, body) = p
        .shopper
        .put(
            &format!("/api/v1/visits/{id}"),
            json!({"location_id": p.location_id, "checklist_version_id": draft_only["version_id"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["checklist_version_id"].as_str().unwrap().contains("draft"));
    p.manager
        .call(
            Method::PATCH,
            &format!("/api/v1/locations/{}", p.location_id),
            Some(json!({"archived": true})),
        )
        .await;
    let (s, body) = p
        .shopper
        .put(
            &format!("/api/v1/visits/{id}"),
            json!({"location_id": p.location_id, "checklist_id": p.checklist_id}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["fields"]["location_id"],
        "This location is archived; choose an active one."
    );
}

#[tokio::test]
async fn a_submitted_visit_cannot_be_edited() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let id = uuid::Uuid::new_v4();
    let path = format!("/api/v1/visits/{id}");
    let (start, end) = times();
    p.shopper
        .put(
            &path,
            json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
              "started_at": start, "ended_at": end, "answers": full_answers(true, true)}),
        )
        .await;
    assert_eq!(p.shopper.post(&format!("{path}/submit"), json!({})).await.0, StatusCode::OK);
    let (s, body) = p.shopper.put(&path, json!({"answers": full_answers(false, false)})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        body["error"]["message"],
        "This visit has been submitted and can no longer be changed."
    );
    let (_, v) = p.manager.get(&path).await;
    let rsp1 =
        v["answers"].as_array().unwrap().iter().find(|a| a["code"] == "RSP-01").unwrap().clone();
    assert_eq!(rsp1["value"], true);
}

#[tokio::test]
async fn assignments_check_their_input_and_filter_by_status() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let (s, body) = p
        .manager
        .post("/api/v1/assignments", json!({"location_id": 999999, "checklist_id": p.checklist_id, "shopper_id": p.shopper_id,
               "opens_on": "2026-05-10", "due_on": "2026-05-01"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"]["location_id"], "Choose one of the locations in the list.");
    assert_eq!(
        body["error"]["fields"]["due_on"],
        "The due date must not be before the opening date."
    );
    let (s, _) = p
        .manager
        .post("/api/v1/assignments", json!({"location_id": p.location_id, "checklist_id": p.checklist_id, "shopper_id": p.shopper_id,
               "opens_on": "2026-01-01", "due_on": "2026-01-31"}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, overdue) = p.manager.get("/api/v1/assignments?status=overdue").await;
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["status"], "overdue");
    let (_, open) = p.manager.get("/api/v1/assignments?status=open").await;
    assert_eq!(open.as_array().unwrap().len(), 0);
    assert_eq!(p.shopper.post("/api/v1/assignments", json!({})).await.0, StatusCode::FORBIDDEN);
}

/// Defect 5 of issue 11: "Rings before a person answered" took -5.
#[tokio::test]
async fn a_number_out_of_its_range_is_422_naming_the_code_and_is_not_stored() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let visit = |minutes: Value| {
        json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
               "answers": [{"code": "RSP-01", "value": true}, {"code": "RSP-02", "value": minutes}]})
    };
    // RSP-02 gives no range: answers start at 0 and have no upper limit.
    for bad in [json!(-5), json!("-0.5")] {
        let (s, body) = p.shopper.put(&path, visit(bad.clone())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["error"]["fields"]["answers.RSP-02"], "Enter a number of 0 or more.");
        assert_eq!(body["error"]["fields"].as_object().unwrap().len(), 1, "{body}");
    }
    assert_eq!(p.shopper.get(&path).await.0, StatusCode::NOT_FOUND, "nothing was stored");
    // In the shopper's language.
    let fa = app.create_user_with("shopper", "fa-shopper@example.com", "fa").await;
    let token = yardstick::accounts::tokens::issue(&app.app.db, fa.id).await.unwrap();
    let (s, body) = Api::with_token(&app, token).put(&path, visit(json!(-5))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"]["answers.RSP-02"], "عددی برابر ۰ یا بیشتر وارد کنید.");
    let (s, v) = p.shopper.put(&path, visit(json!(0))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = p.shopper.put(&path, visit(json!(1000.5))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn a_range_with_a_maximum_is_named_and_a_stored_answer_outside_it_still_shows_but_cannot_be_submitted()
 {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    // A new version whose RSP-02 allows 0 to 60 minutes.
    let mut doc = checklist(false);
    doc["sections"][0]["criteria"][1]["max"] = json!(60);
    let versions = format!("/api/v1/checklists/{}/versions", p.checklist_id);
    let (s, body) = p.manager.post(&versions, doc).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = p.manager.post(&format!("{versions}/2/publish"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{body}");

    let id = uuid::Uuid::new_v4();
    let path = format!("/api/v1/visits/{id}");
    let (start, end) = times();
    let mut answers = full_answers(true, true);
    answers[1]["value"] = json!(61);
    let input = json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
                       "started_at": start, "ended_at": end, "answers": answers});
    let (s, body) = p.shopper.put(&path, input.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"]["answers.RSP-02"], "Enter a number from 0 to 60.");

    // As stored before ranges were checked: the visit still reads back, and
    // submitting says what is wrong with the answer.
    let mut valid = input.clone();
    valid["answers"][1]["value"] = json!(4);
    assert_eq!(p.shopper.put(&path, valid).await.0, StatusCode::CREATED);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use yardstick::db::WriteQuery;
    use yardstick::entities::visit_answer;
    visit_answer::Entity::update_many()
        .col_expr(visit_answer::Column::Value, Expr::value("-5"))
        .filter(visit_answer::Column::VisitId.eq(id.to_string()))
        .filter(visit_answer::Column::Code.eq("RSP-02"))
        .run_on(&app.app.db)
        .await
        .unwrap();
    let (s, v) = p.shopper.get(&path).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let stored = v["answers"].as_array().unwrap().iter().find(|a| a["code"] == "RSP-02").unwrap();
    assert_eq!(stored["value"], json!(-5), "{v}");
    let (s, body) = p.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"]["RSP-02"], "Enter a number from 0 to 60.");
}
