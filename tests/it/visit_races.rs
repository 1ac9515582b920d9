//! Writes that race: one new visit saved by several requests at once, saves
//! against a submit, and the guarded write batches underneath them
//! (src/db/writer.rs), on SQLite's own write path and PostgreSQL's.
use futures::future::join_all;
use reqwest::StatusCode;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, IntoActiveModel, QueryFilter,
    Statement,
};
use serde_json::{Value, json};
use yardstick::db::Applied;
use yardstick::entities::{audit_log, visit, visit_answer};

use crate::support::*;
use crate::visits::{full_answers, programme, times};

#[tokio::test]
async fn one_new_visit_saved_by_many_requests_at_once_is_stored_once() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let id = uuid::Uuid::new_v4();
    let path = format!("/api/v1/visits/{id}");
    let (start, end) = times();
    let body = json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
                      "started_at": start, "ended_at": end, "answers": full_answers(true, true)});
    let results = join_all((0..8).map(|_| p.shopper.put(&path, body.clone()))).await;
    let statuses: Vec<StatusCode> = results.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 7, "{statuses:?}");

    let db = &app.app.db;
    let visits = visit::Entity::find().filter(visit::Column::Id.eq(id.to_string())).all(db);
    let visits = visits.await.unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].revision, 7, "each later save raised the revision once");
    let answers = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(id.to_string()))
        .all(db)
        .await
        .unwrap();
    assert_eq!(answers.len(), 7, "each save replaces the answers, none doubles them");
}

/// Sections as stored agree with the answers as stored.
fn assert_consistent(v: &Value) {
    for section in v["sections"].as_array().unwrap() {
        let cat = section["category"].as_str().unwrap();
        let prefix = if cat == "staff" { "STF" } else { "RSP" };
        let (mut earned, mut possible) = (0.0, 0.0);
        for a in v["answers"].as_array().unwrap() {
            if a["code"].as_str().unwrap().starts_with(prefix) {
                earned += a["earned"].as_f64().unwrap_or(0.0);
                possible += a["possible"].as_f64().unwrap_or(0.0);
            }
        }
        let pct = section["pct"].as_f64().unwrap();
        assert!((pct - 100.0 * earned / possible).abs() < 1e-9, "{cat}: {pct} vs {v}");
    }
}

#[tokio::test]
async fn a_submit_racing_saves_scores_the_answers_it_stores() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let (start, end) = times();
    for round in 0..6 {
        let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
        let first = json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
                           "started_at": start, "ended_at": end,
                           "answers": full_answers(true, true)});
        assert_eq!(p.shopper.put(&path, first).await.0, StatusCode::CREATED);
        // Saves that change the score, sent with the submit.
        let change = json!({"started_at": start, "ended_at": end,
                            "answers": full_answers(round % 2 == 0, false)});
        let saves = join_all((0..3).map(|_| p.shopper.put(&path, change.clone())));
        let submit_path = format!("{path}/submit");
        let (saves, (s, submitted)) = tokio::join!(saves, p.shopper.post(&submit_path, json!({})));
        assert_eq!(s, StatusCode::OK, "{submitted}");
        for (s, body) in saves {
            // Before the submit: stored; after it: refused, nothing changed.
            assert!(s == StatusCode::OK || s == StatusCode::CONFLICT, "{s} {body}");
        }
        let (_, v) = p.manager.get(&path).await;
        assert_eq!(v["status"], "submitted");
        assert_consistent(&v);
        assert_eq!(v["score"], submitted["score"], "the score returned is the score stored");
    }
}

async fn audit_entries(app: &TestApp, action: &str) -> usize {
    let rows = audit_log::Entity::find().filter(audit_log::Column::Action.eq(action));
    rows.all(&app.app.db).await.unwrap().len()
}

#[tokio::test]
async fn a_batch_whose_guard_fails_stores_nothing_of_it() {
    let app = TestApp::spawn().await;
    let db = &app.app.db;
    let entry = || yardstick::audit::entry(None, "test.batch", "visit", "x", json!({}));
    let touch_missing = visit::Entity::update_many()
        .col_expr(visit::Column::Narrative, sea_orm::sea_query::Expr::value("changed"))
        .filter(visit::Column::Id.eq("no such visit"));

    let mut batch = db.batch();
    batch.push(&entry());
    batch.guard(&touch_missing, 1);
    assert_eq!(db.apply(batch).await.unwrap(), Applied::Changed);
    assert_eq!(audit_entries(&app, "test.batch").await, 0, "the first statement was undone");

    let mut batch = db.batch();
    batch.push(&entry());
    batch.guard(&touch_missing, 0);
    assert_eq!(db.apply(batch).await.unwrap(), Applied::Stored);
    assert_eq!(audit_entries(&app, "test.batch").await, 1);
}

/// Every column of a visit row, as SQLite holds it (type and text).
async fn quoted_row(app: &TestApp, id: &str) -> Vec<String> {
    let cols = "quote(shopper_id), quote(location_id), quote(checklist_version_id), \
                quote(status), quote(started_at), quote(ended_at), quote(narrative), \
                quote(score), quote(critical_failed), quote(submitted_at), quote(created_at), \
                quote(updated_at), quote(revision)";
    let row = app
        .app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            format!("SELECT {cols} FROM visits WHERE id = ?"),
            [id.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    (0..13).map(|i| row.try_get_by_index::<String>(i).unwrap()).collect()
}

#[tokio::test]
async fn rows_written_by_sqlites_own_path_are_stored_as_sqlx_stores_them() {
    let app = TestApp::spawn().await;
    if app.app.db.get_database_backend() != DatabaseBackend::Sqlite {
        return;
    }
    let p = programme(&app, false).await;
    let (start, end) = times();
    let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let body = json!({"location_id": p.location_id, "checklist_id": p.checklist_id,
                      "started_at": start, "ended_at": end, "narrative": "Ünïcode ✓",
                      "answers": full_answers(true, false)});
    assert_eq!(p.shopper.put(&path, body).await.0, StatusCode::CREATED);
    assert_eq!(p.shopper.post(&format!("{path}/submit"), json!({})).await.0, StatusCode::OK);
    let id = path.trim_start_matches("/api/v1/visits/");
    let stored = visit::Entity::find_by_id(id).one(&app.app.db).await.unwrap().unwrap();

    // One row, written once through the batch and once through sqlx, with
    // values that a lossy encoding would change (nanoseconds, a fraction).
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T23:59:58.123456789+00:00")
        .unwrap()
        .to_utc();
    let row = |id: String| visit::Model {
        id,
        started_at: Some(at),
        ended_at: None,
        score: Some(87.125),
        critical_failed: true,
        submitted_at: Some(at),
        created_at: at,
        updated_at: at,
        revision: 3,
        ..stored.clone()
    };
    let (ours, theirs) = (uuid::Uuid::new_v4().to_string(), uuid::Uuid::new_v4().to_string());
    let mut batch = app.app.db.batch();
    let insert = |m: visit::Model| visit::Entity::insert(IntoActiveModel::into_active_model(m));
    batch.push(&insert(row(ours.clone())));
    assert_eq!(app.app.db.apply(batch).await.unwrap(), Applied::Stored);
    let sqlx = yardstick::db::connect(&app.app.config.database_url).await.unwrap();
    insert(row(theirs.clone())).exec_without_returning(&sqlx).await.unwrap();
    assert_eq!(quoted_row(&app, &ours).await, quoted_row(&app, &theirs).await);
    let back = visit::Entity::find_by_id(ours).one(&app.app.db).await.unwrap().unwrap();
    assert_eq!(back.started_at, Some(at), "read back to the nanosecond");
}

#[tokio::test]
async fn a_duplicate_row_in_a_batch_is_a_conflict_not_a_server_error() {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let body = json!({"location_id": p.location_id, "checklist_id": p.checklist_id});
    assert_eq!(p.shopper.put(&path, body).await.0, StatusCode::CREATED);
    let id = path.trim_start_matches("/api/v1/visits/");
    let stored = visit::Entity::find_by_id(id).one(&app.app.db).await.unwrap().unwrap();

    let mut batch = app.app.db.batch();
    batch.push(&visit::Entity::insert(IntoActiveModel::into_active_model(stored)));
    let err = app.app.db.apply(batch).await.unwrap_err();
    assert!(matches!(err, yardstick::error::AppError::Conflict(_)), "{err:?}");
}

/// SQLite has one writer: sea-orm's own writes, which would go through
/// sqlx's connection beside it, are refused there, and the same rows go
/// through `db::exec` and `insert_row`; a write of a `WriteTx` that is
/// dropped is undone.
#[tokio::test]
async fn on_sqlite_every_write_goes_through_the_one_writer() {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    use yardstick::db::{WriteQuery, WriteRow};
    use yardstick::entities::login_failure;
    let app = TestApp::spawn().await;
    let db = &app.app.db;
    let row = || login_failure::ActiveModel {
        key: Set("account:someone".into()),
        at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    assert_eq!(row().insert(db).await.is_err(), sqlite, "sea-orm's insert is refused on SQLite");
    let stored = row().insert_row(db).await.unwrap();
    let found = login_failure::Entity::find_by_id(stored.id).one(db).await.unwrap();
    assert_eq!(found.map(|f| f.key), Some("account:someone".to_owned()));

    let txn = db.begin_write().await.unwrap();
    let undone = row().insert_row(&txn).await.unwrap();
    drop(txn);
    assert!(login_failure::Entity::find_by_id(undone.id).one(db).await.unwrap().is_none());

    let txn = db.begin_write().await.unwrap();
    let kept = login_failure::Entity::delete_by_id(stored.id).run_on(&txn).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(kept, 1);
    assert!(login_failure::Entity::find_by_id(stored.id).one(db).await.unwrap().is_none());
}
