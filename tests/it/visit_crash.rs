//! A visit is stored whole or not at all: a failure halfway through a save
//! or a submit (simulated by a trigger that aborts one of the statements)
//! leaves exactly what was there before.
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::{Value, json};

use crate::support::*;
use crate::visits::{full_answers, programme, times};

/// Makes every insert into `table` fail, as a crash at that point would.
async fn crash_on_insert(app: &TestApp, table: &str) {
    let db = &app.app.db;
    let sql = match db.get_database_backend() {
        DatabaseBackend::Postgres => format!(
            "CREATE OR REPLACE FUNCTION crash() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$; \
             CREATE TRIGGER crash BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION crash();"
        ),
        _ => format!(
            "CREATE TRIGGER crash BEFORE INSERT ON {table} \
             BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;"
        ),
    };
    yardstick::db::exec_sql(db, &sql).await.unwrap();
}

async fn recover(app: &TestApp, table: &str) {
    let db = &app.app.db;
    let sql = match db.get_database_backend() {
        DatabaseBackend::Postgres => format!("DROP TRIGGER crash ON {table}"),
        _ => "DROP TRIGGER crash".to_owned(),
    };
    yardstick::db::exec_sql(db, &sql).await.unwrap();
}

fn answer<'a>(visit: &'a Value, code: &str) -> &'a Value {
    visit["answers"].as_array().unwrap().iter().find(|a| a["code"] == code).unwrap()
}

#[tokio::test]
async fn a_save_that_fails_halfway_keeps_the_previous_draft() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let (start, end) = times();
    let first = json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
                       "started_at": start, "ended_at": end, "narrative": "First take.",
                       "answers": full_answers(true, true)});
    let (s, before) = p.shopper.put(&path, first).await;
    assert_eq!(s, StatusCode::CREATED, "{before}");

    // The new answers fail to go in after the old ones were deleted and the
    // narrative was changed: none of it may stick.
    crash_on_insert(&app, "visit_answers").await;
    let second = json!({"narrative": "Second take.", "answers": full_answers(false, false)});
    let (s, _) = p.shopper.put(&path, second).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    let (s, after) = p.shopper.get(&path).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(after["narrative"], "First take.");
    assert_eq!(after["answers"].as_array().unwrap().len(), 7);
    assert_eq!(answer(&after, "RSP-01")["value"], true);
    assert_eq!(answer(&after, "RSP-01")["comment"], "At the door");

    // A new visit whose answers fail is not stored at all.
    let other = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let body = json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
                      "answers": full_answers(true, true)});
    let (s, _) = p.shopper.put(&other, body).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(p.shopper.get(&other).await.0, StatusCode::NOT_FOUND);
    let (_, list) = p.manager.get("/api/v1/visits").await;
    assert_eq!(list["total"], 1, "{list}");
}

#[tokio::test]
async fn a_submit_that_fails_at_its_last_statement_leaves_a_draft() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let (_, a) = p
        .manager
        .post(
            "/api/v1/assignments",
            json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
                   "shopper_id": p.shopper_id, "opens_on": "2026-01-01", "due_on": "2099-12-31",
                   "brief": "Return an item"}),
        )
        .await;
    let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let (start, end) = times();
    let draft = json!({"assignment_id": a["id"], "started_at": start, "ended_at": end,
                       "answers": full_answers(true, true)});
    assert_eq!(p.shopper.put(&path, draft).await.0, StatusCode::CREATED);

    // The audit row is written last, after the section scores, the visit's
    // status and the assignment's: a failure there must undo all three.
    crash_on_insert(&app, "audit_log").await;
    let (s, _) = p.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    let (_, v) = p.manager.get(&path).await;
    assert_eq!(v["status"], "draft");
    assert_eq!(v["score"], Value::Null);
    assert_eq!(v["submitted_at"], Value::Null);
    let (_, assignments) = p.manager.get("/api/v1/assignments").await;
    assert_eq!(assignments[0]["status"], "in_progress");

    recover(&app, "audit_log").await;
    let (s, result) = p.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{result}");
    assert_eq!(result["status"], "submitted");
    assert_eq!(result["sections"].as_array().unwrap().len(), 2);
    let (_, v) = p.manager.get(&path).await;
    assert_eq!(v["sections"].as_array().unwrap().len(), 2, "sections stored once: {v}");
}
