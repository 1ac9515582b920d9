//! The database handle as the domain sees it.
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::support::TestApp;

#[tokio::test]
async fn a_write_sent_to_the_readers_fails_and_changes_nothing() {
    let app = TestApp::spawn().await;
    if app.app.db.backend() != DatabaseBackend::Sqlite {
        return; // PostgreSQL's pool serves reads and writes alike.
    }
    let count = || async {
        let sql = "SELECT COUNT(*) AS n FROM seaql_migrations";
        let row =
            app.app.db.read().query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, sql));
        row.await.unwrap().unwrap().try_get::<i64>("", "n").unwrap()
    };
    let before = count().await;
    assert!(before > 0, "the migrations are recorded");
    let delete = Statement::from_string(DatabaseBackend::Sqlite, "DELETE FROM seaql_migrations");
    let err = app.app.db.read().execute_raw(delete).await.unwrap_err();
    assert!(err.to_string().contains("readonly"), "{err}");
    assert_eq!(count().await, before);
}

#[tokio::test]
async fn reads_cancelled_midway_give_their_connection_back() {
    let app = TestApp::spawn().await;
    let backend = app.app.db.backend();
    let read = |sql: &'static str| {
        let db = app.app.db.clone();
        async move { db.read().query_all_raw(Statement::from_string(backend, sql)).await }
    };
    // More reads at once than there are connections, each dropped
    // before it can finish.
    let slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) \
                SELECT COUNT(*) FROM n";
    for _ in 0..3 {
        let started: Vec<_> = (0..12).map(|_| tokio::spawn(read(slow))).collect();
        tokio::task::yield_now().await;
        for task in started {
            task.abort();
        }
    }
    // Then as many at once as before, all answered.
    let all = (0..12).map(|_| read("SELECT 1 AS one"));
    let answered =
        tokio::time::timeout(std::time::Duration::from_secs(20), futures::future::join_all(all))
            .await
            .expect("every connection came back");
    assert!(answered.iter().all(|rows| rows.as_ref().is_ok_and(|r| r.len() == 1)));
}
